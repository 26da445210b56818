import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeSecretWords } from '../login-card';
import { BLOCKED_FRAGMENTS, CARD_LANGUAGES, isBlocked, newSecretWords, SECRET_WORDS } from './secret-words';

/** Levenshtein distance (insert, delete, substitute: 1 each). */
function distance(a: string, b: string): number {
	const row = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let prev = row[0]!;
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const keep = row[j]!;
			row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
			prev = keep;
		}
	}
	return row[b.length]!;
}

/** Chinese characters that a child may read as each other: at most one of each group in the list. */
const LOOK_ALIKE_GROUPS = [
	'土士王玉主', '大太犬天夭', '千干于午牛', '己已巳', '未末', '日曰目', '人入八', '木本术禾', '刀力万', '石右',
	'贝见', '鸟乌', '水冰永', '子孑了', '口囗', '田由甲申', '白百自', '几凡', '贝页', '住往', '峰蜂', '今令',
	'买卖', '办为', '儿几'
];

// The demo cards' words (README); src/ does not import supabase/local, so they are listed here.
const demoWords = 'panda kite river mango cloud tiger lotus drum rocket maple star ferry bamboo lamp comet cedar harbor lantern'.split(' ');

describe('the secret word lists', () => {
	it('English: distinct lower-case words, any two differ in at least two letters, no letter pair that reads as another letter', () => {
		const list = SECRET_WORDS.en;
		expect(list.length).toBeGreaterThanOrEqual(100);
		expect(new Set(list).size).toBe(list.length);
		for (const w of list) {
			expect(w).toMatch(/^[a-z]{3,8}$/);
			expect(w, w).not.toMatch(/rn|cl|vv|ii/);
		}
		const close: string[] = [];
		for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) {
			if (distance(list[i]!, list[j]!) < 2) close.push(`${list[i]}/${list[j]}`);
		}
		expect(close).toEqual([]);
	});

	it('Chinese: two-character words, no character twice in the list, at most one of each look-alike group', () => {
		const list = SECRET_WORDS['zh-CN'];
		expect(list.length).toBeGreaterThanOrEqual(90);
		for (const w of list) expect(w).toMatch(/^\p{Script=Han}{2}$/u);
		const chars = list.flatMap((w) => [...w]);
		const twice = chars.filter((c, i) => chars.indexOf(c) !== i);
		expect(twice).toEqual([]);
		for (const group of LOOK_ALIKE_GROUPS) {
			expect([...group].filter((c) => chars.includes(c)).length, group).toBeLessThanOrEqual(1);
		}
	});

	it('no word is blocked on its own, none is a demo card word (those are public)', () => {
		for (const language of CARD_LANGUAGES) {
			for (const w of SECRET_WORDS[language]) {
				expect(isBlocked([w], language), w).toBe(false);
				expect(demoWords).not.toContain(w);
			}
		}
	});
});

describe('newSecretWords', () => {
	for (const language of CARD_LANGUAGES) {
		it(`${language}: three different words of the list, never a blocked combination, for any random draw`, () => {
			fc.assert(
				fc.property(fc.array(fc.nat(), { minLength: 64, maxLength: 64 }), (draws) => {
					let i = 0;
					const words = newSecretWords(language, (max) => draws[i++ % draws.length]! % max);
					const parts = words.split(' ');
					expect(parts).toHaveLength(3);
					expect(new Set(parts).size).toBe(3);
					for (const p of parts) expect(SECRET_WORDS[language]).toContain(p);
					expect(isBlocked(parts, language)).toBe(false);
				}),
				{ numRuns: 300 }
			);
		});
	}

	it('throws away a blocked combination and draws again', () => {
		// hat + egg runs together as "hategg": drawn first, refused, then the next draw is used.
		const en = SECRET_WORDS.en;
		const seq = [en.indexOf('hat'), en.indexOf('egg'), en.indexOf('fish'), en.indexOf('apple'), en.indexOf('boat'), en.indexOf('tent')];
		expect(isBlocked(['hat', 'egg', 'fish'], 'en')).toBe(true);
		expect(newSecretWords('en', () => seq.shift()!)).toBe('apple boat tent');
		const zh = SECRET_WORDS['zh-CN'];
		expect(zh.some((w) => BLOCKED_FRAGMENTS['zh-CN'].some((f) => w.includes(f)))).toBe(false);
	});

	it('a card typed with or without spaces, in any case, is the same password; Chinese words run together', () => {
		const zh = newSecretWords('zh-CN');
		const typedTogether = zh.replace(/ /g, '');
		expect(normalizeSecretWords(zh)).toBe(typedTogether);
		expect(normalizeSecretWords(` ${zh.replace(/ /g, '\u3000')} `)).toBe(typedTogether);
		expect(normalizeSecretWords(typedTogether)).toBe(typedTogether);
		const en = newSecretWords('en');
		expect(normalizeSecretWords(en.toUpperCase())).toBe(en);
	});
});
