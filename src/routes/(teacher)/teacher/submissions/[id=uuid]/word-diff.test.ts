import { describe, expect, it } from 'vitest';
import { MAX_EDITS, changed, wordDiff, words } from './word-diff';

describe('words', () => {
	it('cuts Chinese by words, not characters, and keeps every character', () => {
		const text = '我家门口的路灯坏了';
		const w = words(text, 'zh-CN');
		expect(w).toContain('路灯');
		expect(w.length).toBeLessThan([...text].length);
		expect(w.join('')).toBe(text);
	});

	it('cuts English at spaces and punctuation, which stay as tokens', () => {
		expect(words('The lamp, broken.', 'en')).toEqual(['The', ' ', 'lamp', ',', ' ', 'broken', '.']);
	});
});

describe('wordDiff', () => {
	it('marks a changed Chinese word as a whole word', () => {
		const parts = wordDiff('我家门口的路灯坏了', '我家门口的红绿灯坏了', 'zh-CN');
		expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text)).toEqual(['路灯']);
		expect(parts.filter((p) => p.kind === 'added').map((p) => p.text).join('')).toBe('红绿灯');
		expect(parts.filter((p) => p.kind !== 'added').map((p) => p.text).join('')).toBe('我家门口的路灯坏了');
		expect(parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')).toBe('我家门口的红绿灯坏了');
	});

	it('finds an added Chinese phrase and keeps the rest the same', () => {
		const parts = wordDiff('路灯坏了', '人民路的路灯坏了', 'zh-CN');
		expect(parts).toEqual([
			{ kind: 'added', text: '人民路的' },
			{ kind: 'same', text: '路灯坏了' }
		]);
	});

	it('diffs English word by word', () => {
		const parts = wordDiff('The street lamp is broken', 'The street lamp on Park Road is broken', 'en');
		expect(parts).toEqual([
			{ kind: 'same', text: 'The street lamp ' },
			{ kind: 'added', text: 'on Park Road ' },
			{ kind: 'same', text: 'is broken' }
		]);
		expect(changed(parts)).toBe(true);
	});

	it('handles empty texts', () => {
		expect(wordDiff('', '', 'zh-CN')).toEqual([]);
		expect(wordDiff('', '新的', 'zh-CN')).toEqual([{ kind: 'added', text: '新的' }]);
		expect(wordDiff('旧的', '', 'zh-CN')).toEqual([{ kind: 'removed', text: '旧的' }]);
		expect(changed(wordDiff('same', 'same', 'en'))).toBe(false);
	});

	it('gives up on a rewrite beyond MAX_EDITS: the whole old text out, the whole new one in', () => {
		const before = Array.from({ length: MAX_EDITS + 10 }, (_, i) => `a${i}`).join(' ');
		const after = Array.from({ length: MAX_EDITS + 10 }, (_, i) => `b${i}`).join(' ');
		expect(wordDiff(before, after, 'en')).toEqual([
			{ kind: 'removed', text: before },
			{ kind: 'added', text: after }
		]);
	});
});
