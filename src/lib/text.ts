/**
 * Text rules shared by the browser and the server, so a limit means the same thing in both.
 */

// Whitespace and characters that render as nothing (zero-width, joiners, BOM, ideographic space).
const INVISIBLE = '\\s\\u00A0\\u00AD\\u034F\\u061C\\u115F\\u1160\\u1680\\u180E\\u2000-\\u200F\\u2028-\\u202F\\u205F-\\u2064\\u2066-\\u206F\\u3000\\u3164\\uFEFF';
const ALL_INVISIBLE = new RegExp(`[${INVISIBLE}]`, 'gu');
const EDGE_INVISIBLE = new RegExp(`^[${INVISIBLE}]+|[${INVISIBLE}]+$`, 'gu');

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Length as a reader counts it: user-perceived characters (grapheme clusters), so 👨‍👩‍👧‍👦 is 1
 * and 关 is 1, where String.length would say 11 and 1.
 */
export function graphemeCount(text: string): number {
	let n = 0;
	for (const _ of segmenter.segment(text)) n++;
	return n;
}

/** True when the text has nothing visible: only whitespace and zero-width characters. */
export function isBlank(text: string): boolean {
	return text.replace(ALL_INVISIBLE, '') === '';
}

/** Remove whitespace and invisible characters from both ends; the inside stays as typed. */
export function trimInvisible(text: string): string {
	return text.replace(EDGE_INVISIBLE, '');
}
