import { FULL_SUGGESTIONS, type PictureCard } from '$lib/forms/limits';
import type { FullInput, YoungInput } from './schema';

/** The four stored fields of a proposal (submit_proposal's arguments). */
export interface StoredProposal {
	title: string;
	problem: string;
	suggestions: string;
	who_should_act: string;
}

/** Words the composition needs, in the page's language (messages of the `form_` family). */
export interface ComposeWords {
	picture: (card: PictureCard) => string;
	who: (card: PictureCard) => string;
	analysisHeading: string;
}

/** The first `max` grapheme clusters of `text`, with "…" when it was cut. */
export function firstGraphemes(text: string, max: number): string {
	const parts = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);
	return parts.length <= max ? text : `${parts.slice(0, max - 1).join('')}…`;
}

/**
 * A 6–9 proposal as stored: the title is the picture's word and the start of "what is wrong",
 * the problem and suggestions are the two answers, who should act follows from the picture
 * (the teacher may correct it when approving). Fits PROPOSAL_LIMITS (title ≤ 50).
 */
export function composeYoung(input: YoungInput, words: ComposeWords): StoredProposal {
	const label = words.picture(input.picture);
	const separator = /[\u3400-\u9FFF]/.test(label) ? '：' : ': ';
	return {
		title: firstGraphemes(`${label}${separator}${input.wrong.replace(/\s+/g, ' ')}`, 50),
		problem: input.wrong,
		suggestions: input.better,
		who_should_act: words.who(input.picture)
	};
}

/**
 * A 14–17 proposal as stored: background and analysis in `problem` (the analysis after its
 * heading), the suggestions numbered one a line in `suggestions`. Fits PROPOSAL_LIMITS:
 * 550 + 400 + heading < 1000; 5 × (180 + 3) < 1000.
 */
export function composeFull(input: FullInput, words: ComposeWords): StoredProposal {
	const list: string[] = [];
	for (let i = 1; i <= FULL_SUGGESTIONS; i++) {
		const s = input[`suggestion_${i}` as keyof FullInput];
		if (typeof s === 'string' && s !== '') list.push(s);
	}
	return {
		title: input.title,
		problem: `${input.background}\n\n${words.analysisHeading}\n${input.analysis}`,
		suggestions: list.map((s, i) => `${i + 1}. ${s}`).join('\n'),
		who_should_act: input.who_should_act
	};
}
