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
// One UTF-16 unit at a time: every EDGE character is in the BMP. (`[…]+$` would backtrack over
// each run of spaces inside the text: quadratic time on long input.)
const EDGE_CHAR = new RegExp(`^[${EDGE}]$`, 'u');

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Characters that always stand alone as a grapheme cluster when next to each other: ASCII, Latin,
// CJK ideographs and punctuation, kana, full-width forms (no combining marks, joiners, CR,
// Hangul jamo or regional indicators). Between two of them there is always a boundary (UAX #29).
const SIMPLE = '\\t\\n\\x20-\\x7E\\u00A0-\\u00AC\\u00AE-\\u02FF\\u2010-\\u2027\\u2030-\\u205E\\u3000-\\u3029\\u3030-\\u303F' +
	'\\u3041-\\u3096\\u30A0-\\u30FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFF01-\\uFF9D';
const COMPLEX_RUN = new RegExp(`[^${SIMPLE}]+`, 'gu');
// Inside a run of emoji, a cluster always starts at a pictograph that follows another pictograph,
// a mark, a skin tone or a tag (GB11 joins only after ZWJ): safe places to cut the run.
const EMOJI_CUT = /(?<=[\p{Extended_Pictographic}\p{M}\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}])(?=\p{Extended_Pictographic})/gu;
// Intl.Segmenter costs more per cluster the longer its input (superlinear in V8/ICU): keep each
// call short.
const CHUNK = 64;

function segmentCount(text: string): number {
	let n = 0;
	for (const _ of segmenter.segment(text)) n++;
	return n;
}

function countComplex(run: string, stopAfter: number): number {
	if (run.length <= CHUNK) return segmentCount(run);
	let n = 0;
	let chunk = '';
	for (const piece of run.split(EMOJI_CUT)) {
		if (chunk.length + piece.length > CHUNK && chunk) {
			n += segmentCount(chunk);
			chunk = '';
			if (n > stopAfter) return n;
		}
		chunk += piece;
	}
	return n + (chunk ? segmentCount(chunk) : 0);
}

/**
 * Length as a reader counts it: user-perceived characters (grapheme clusters), so 👨‍👩‍👧‍👦 is 1
 * and 关 is 1, where String.length would say 11 and 1. Linear time: runs of plain letters,
 * Chinese and punctuation are counted by length, only the rest goes through Intl.Segmenter, in
 * short pieces.
 *
 * @param stopAfter stop counting once the count is past this (the result is then some number
 *   greater than it): enough to check a limit without counting the rest
 */
export function graphemeCount(text: string, stopAfter = Infinity): number {
	let n = 0;
	let done = 0; // text before this index is counted
	let start = -1; // the region being gathered: complex runs with one simple character each side
	let end = -1;
	for (const match of text.matchAll(COMPLEX_RUN)) {
		// The simple character before a run may be extended by it (a + combining accent), and the
		// one after may be joined to it (CR LF, prepended marks): they belong to its region.
		const from = Math.max(match.index - 1, done);
		const to = Math.min(match.index + match[0].length + 1, text.length);
		if (start >= 0 && from < end) {
			end = to; // overlaps the region before: one region
			continue;
		}
		if (start >= 0) {
			n += countComplex(text.slice(start, end), stopAfter - n);
			done = end;
		}
		n += from - done;
		if (n > stopAfter) return n;
		start = from;
		end = to;
	}
	if (start >= 0) {
		n += countComplex(text.slice(start, end), stopAfter - n);
		done = end;
	}
	return n + (text.length - done);
}

/** True when the text has nothing visible: only whitespace and zero-width characters. */
export function isBlank(text: string): boolean {
	return text.replace(ALL_INVISIBLE, '') === '';
}

/** Remove whitespace and invisible characters from both ends; the inside stays as typed. */
export function trimInvisible(text: string): string {
	let start = 0;
	let end = text.length;
	while (start < end && EDGE_CHAR.test(text[start]!)) start++;
	while (end > start && EDGE_CHAR.test(text[end - 1]!)) end--;
	return text.slice(start, end);
}

/**
 * UTF-16 code units allowed per grapheme cluster before any per-character work. A grapheme is
 * 1–2 units for Chinese, Latin and most emoji, 4 for an emoji with a skin tone, 13–19 for a
 * family (👨‍👩‍👧‍👦🏽) and 14 for a tag flag, so a field made only of those still fits.
 */
export const RAW_UNITS_PER_GRAPHEME = 20;

/**
 * The raw length cap of a field limited to `max` grapheme clusters, in UTF-16 code units
 * (String.length): text longer than this is too long without counting its graphemes, so
 * trimming, segmenting and regexes only ever see bounded input.
 */
export function rawCap(max: number): number {
	return max * RAW_UNITS_PER_GRAPHEME;
}

/** True when `text` is certainly longer than `max` graphemes: checked in O(1) by its raw length. */
export function exceedsRawCap(text: string, max: number): boolean {
	return text.length > rawCap(max);
}
