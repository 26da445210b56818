/**
 * Text rules shared by the browser and the server, so a limit means the same thing in both.
 */

// Characters that render as nothing: whitespace, controls, zero-width characters and joiners,
// bidi marks, fillers, variation selectors, tag characters. Text made only of these is blank.
// The database's private.invisible_class() lists the same set.
const INVISIBLE =
	'\\s\\u0001-\\u001F\\u007F-\\u00A0\\u00AD\\u034F\\u061C\\u115F\\u1160\\u1680\\u17B4\\u17B5\\u180B-\\u180F' +
	'\\u2000-\\u200F\\u2028-\\u202F\\u205F-\\u206F\\u2800\\u3000\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0\\u{E0000}-\\u{E007F}';
// Only space-like characters are trimmed from the ends: a variation selector or tag at the end
// belongs to the emoji before it (❤️, 🏴󠁧󠁢󠁥󠁮󠁧󠁿). The database trims the same set.
const EDGE = '\\s\\u180E\\u200B-\\u200D\\u2060\\uFEFF\\u3000';
const ALL_INVISIBLE = new RegExp(`[${INVISIBLE}]`, 'gu');
const EDGE_INVISIBLE = new RegExp(`^[${EDGE}]+|[${EDGE}]+$`, 'gu');

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
