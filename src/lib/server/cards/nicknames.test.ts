import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CARD_LANGUAGES } from './secret-words';
import { newNicknames, NICKNAME_PARTS } from './nicknames';

/** The most common Chinese surnames: a generated nickname never starts like a real name. */
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤温安常乐'];

/** English given names that are also words: none may be part of a nickname. */
const GIVEN_NAMES = [
	'Robin', 'Ruby', 'Daisy', 'Rose', 'Lily', 'Violet', 'Holly', 'Ivy', 'Poppy', 'Jasmine', 'Sunny', 'Misty', 'Max', 'Bella',
	'Coco', 'Summer', 'Autumn', 'Amber', 'Pearl', 'Jack', 'Bob', 'Bill', 'Will', 'Mark', 'Grace', 'Hope', 'Joy', 'Faith',
	'Sky', 'River', 'Rocky', 'Buddy', 'Charlie', 'Teddy', 'Maple', 'Willow', 'Hazel', 'Olive', 'Sandy', 'Honey', 'Ginger'
];

describe('nickname parts', () => {
	it('Chinese: no first word starts with a common surname; every part is Chinese characters', () => {
		const { first, second } = NICKNAME_PARTS['zh-CN'];
		for (const w of first) expect(SURNAMES, w).not.toContain(w[0]);
		for (const w of [...first, ...second]) expect(w).toMatch(/^\p{Script=Han}{2,3}$/u);
	});

	it('English: capitalised words, none of them a given name', () => {
		const { first, second } = NICKNAME_PARTS.en;
		for (const w of [...first, ...second]) {
			expect(w).toMatch(/^[A-Z][a-z]+$/);
			expect(GIVEN_NAMES).not.toContain(w);
		}
	});

	it('no duplicates within a list', () => {
		for (const language of CARD_LANGUAGES) {
			for (const list of Object.values(NICKNAME_PARTS[language])) expect(new Set(list).size).toBe(list.length);
		}
	});
});

describe('newNicknames', () => {
	for (const language of CARD_LANGUAGES) {
		it(`${language}: as many as asked, all different and different from the class's (ignoring case), for any draw`, () => {
			const all = newNicknames(language, 1008);
			fc.assert(
				fc.property(
					fc.integer({ min: 1, max: 60 }),
					fc.subarray(all, { maxLength: 200 }),
					fc.array(fc.nat(), { minLength: 1, maxLength: 50 }),
					(count, taken, draws) => {
						let i = 0;
						const names = newNicknames(language, count, taken.map((t) => (i % 2 ? t.toUpperCase() : t)), (max) => draws[i++ % draws.length]! % max);
						expect(names).toHaveLength(count);
						expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(count);
						const lower = new Set(taken.map((t) => t.toLowerCase()));
						for (const n of names) expect(lower.has(n.toLowerCase())).toBe(false);
					}
				),
				{ numRuns: 200 }
			);
		});
	}

	it('English nicknames are two words, Chinese ones run together', () => {
		expect(newNicknames('en', 5).every((n) => /^[A-Z][a-z]+ [A-Z][a-z]+$/.test(n))).toBe(true);
		expect(newNicknames('zh-CN', 5).every((n) => /^\p{Script=Han}{4,5}$/u.test(n))).toBe(true);
	});

	it('says so when the class has used every pair', () => {
		const all = newNicknames('en', 1008);
		expect(new Set(all).size).toBe(1008);
		expect(() => newNicknames('en', 1, all)).toThrow(RangeError);
	});
});
