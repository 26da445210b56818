import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { anyString } from './arbitraries.test-helpers';
import { normalize, toOriginal } from './normalize';

describe('normalize', () => {
	it('turns full-width forms into ASCII, one unit per character', () => {
		const n = normalize('电话：１３９＠ＱＱ');
		expect(n.text).toBe('电话:139@QQ');
		expect(toOriginal(n, 3, 6)).toEqual({ start: 3, end: 6 });
	});
	it('reads Chinese numerals as digits inside a number-like run only', () => {
		expect(normalize('一三九 一二三四 五六七八').text).toBe('139 1234 5678');
		expect(normalize('幺三八幺二三四五六七八').text).toBe('13812345678');
		expect(normalize('139一二三四5678').text).toBe('13912345678');
		expect(normalize('三年级一班有两个人').text).toBe('三年级一班有两个人');
		expect(normalize('一个人').text).toBe('一个人');
	});
	it('maps spans after an emoji (surrogate pair) back to the original', () => {
		const original = '😀👨‍👩‍👧 电话１３９';
		const n = normalize(original);
		const i = n.text.indexOf('139');
		const { start, end } = toOriginal(n, i, i + 3);
		expect(original.slice(start, end)).toBe('１３９');
	});
	it('maps a character that NFKC expands (㈠ → (一)) to the whole original character', () => {
		const n = normalize('a㈠b');
		expect(n.text.length).toBeGreaterThan(3);
		const b = n.text.indexOf('b');
		expect(toOriginal(n, 1, b)).toEqual({ start: 1, end: 2 });
	});
	it('offsets always lie inside the original and never split a surrogate pair', () => {
		fc.assert(
			fc.property(anyString(200), (s) => {
				const n = normalize(s);
				if (n.from.length !== n.text.length || n.to.length !== n.text.length) return false;
				for (let i = 0; i < n.text.length; i++) {
					const a = n.from[i]!;
					const b = n.to[i]!;
					if (!(0 <= a && a < b && b <= s.length)) return false;
					const c = s.charCodeAt(a);
					const prev = a > 0 ? s.charCodeAt(a - 1) : 0;
					if (c >= 0xdc00 && c <= 0xdfff && prev >= 0xd800 && prev <= 0xdbff) return false;
				}
				return true;
			})
		);
	});
});
