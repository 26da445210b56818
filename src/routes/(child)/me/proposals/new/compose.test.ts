import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proposalSchema } from '$lib/forms/proposal';
import { FULL_LIMITS, FULL_SUGGESTIONS, PICTURE_CARDS, YOUNG_LIMITS } from '$lib/forms/limits';
import { composeFull, composeYoung, firstGraphemes, type ComposeWords } from './compose';
import { fullSchema, youngSchema } from './schema';

const words = (lang: 'zh' | 'en'): ComposeWords => ({
	picture: (card) => (lang === 'zh' ? { playground: '操场' }[card as 'playground'] ?? '别的' : card),
	who: () => (lang === 'zh' ? '学校' : 'The school'),
	analysisHeading: lang === 'zh' ? '【分析】' : 'Analysis:'
});

/** Text of exactly `n` graphemes, mixing Chinese, Latin and emoji. */
const textOf = (max: number) =>
	fc.array(fc.constantFrom('树', 'a', '👨‍👩‍👧', '。', ' b'), { minLength: 1, maxLength: max }).map((a) => `x${a.join('').trim()}`.slice(0, max * 2));

describe('compose', () => {
	it('6–9: the picture word and the start of the answer as the title; always a valid stored proposal', () => {
		expect(composeYoung({ picture: 'playground', wrong: '秋千坏了。', better: '修好。' }, words('zh'))).toEqual({
			title: '操场：秋千坏了。',
			problem: '秋千坏了。',
			suggestions: '修好。',
			who_should_act: '学校'
		});
		fc.assert(
			fc.property(fc.constantFrom(...PICTURE_CARDS), textOf(YOUNG_LIMITS.wrong), textOf(YOUNG_LIMITS.better), fc.constantFrom('zh', 'en'), (picture, wrong, better, lang) => {
				const input = youngSchema.safeParse({ picture, wrong, better });
				if (!input.success) return;
				expect(proposalSchema.safeParse(composeYoung(input.data, words(lang as 'zh' | 'en'))).success).toBe(true);
			}),
			{ numRuns: 300 }
		);
	});

	it('14–17: background and analysis in the problem, numbered suggestions; within the stored limits at their longest', () => {
		const full = {
			title: '题'.repeat(FULL_LIMITS.title),
			background: '背'.repeat(FULL_LIMITS.background),
			analysis: '析'.repeat(FULL_LIMITS.analysis),
			who_should_act: '谁'.repeat(FULL_LIMITS.who_should_act),
			...Object.fromEntries(Array.from({ length: FULL_SUGGESTIONS }, (_, i) => [`suggestion_${i + 1}`, '建'.repeat(FULL_LIMITS.suggestion)]))
		};
		const parsed = fullSchema.parse(full);
		const stored = composeFull(parsed, words('en'));
		expect(proposalSchema.safeParse(stored).success).toBe(true);
		expect(stored.suggestions.split('\n').map((l) => l.slice(0, 3))).toEqual(['1. ', '2. ', '3. ', '4. ', '5. ']);
		const some = composeFull(fullSchema.parse({ ...full, suggestion_2: '', suggestion_3: ' ', suggestion_4: '', suggestion_5: 'last' }), words('zh'));
		expect(some.suggestions).toBe(`1. ${'建'.repeat(FULL_LIMITS.suggestion)}\n2. last`);
		expect(some.problem).toBe(`${full.background}\n\n【分析】\n${full.analysis}`);
	});

	it('firstGraphemes never cuts an emoji', () => {
		expect(firstGraphemes('👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧', 2)).toBe('👨‍👩‍👧…');
		expect(firstGraphemes('abc', 3)).toBe('abc');
	});
});
