/**
 * Text normalisation for the detectors, with a map back to the original text.
 *
 * The detectors match on a normalised copy (NFKC per character: full-width digits, letters and
 * punctuation become ASCII; digits written as Chinese numerals inside number-like runs become
 * ASCII digits) and report spans as UTF-16 offsets into the ORIGINAL text through `toOriginal`.
 * All work here is linear in the length of the text.
 */

/** A normalised copy of a text and the way back to the original's UTF-16 offsets. */
export interface Normalized {
	/** The original text. */
	original: string;
	/** The normalised text the rules match on. */
	text: string;
	/** For each UTF-16 unit of `text`, the start offset in `original` of the character it came from. */
	from: Int32Array;
	/** For each UTF-16 unit of `text`, the end offset in `original` of the character it came from. */
	to: Int32Array;
}

/** Chinese numerals as they are used to spell digits one by one (phone numbers, room numbers). */
export const CHINESE_DIGITS: Readonly<Record<string, string>> = {
	'零': '0',
	'〇': '0',
	'○': '0',
	'洞': '0',
	'一': '1',
	'幺': '1',
	'壹': '1',
	'二': '2',
	'两': '2',
	'贰': '2',
	'三': '3',
	'叁': '3',
	'四': '4',
	'肆': '4',
	'五': '5',
	'伍': '5',
	'六': '6',
	'陆': '6',
	'七': '7',
	'柒': '7',
	'八': '8',
	'捌': '8',
	'九': '9',
	'玖': '9',
	'拐': '7'
};

// Characters that may sit between the digits of a number someone writes down (spaces, dashes, dots,
// brackets): they keep a run of spelled digits together.
const RUN_SEPARATOR = /[\s\-–—.·()（）/_,，、]/;
// A run of digits spelled in Chinese numerals is converted only when it holds this many numerals
// and digits: "一三九一二三四五六七八" is a phone number, "一个" or "三年级" is not a number to read digit by digit.
const MIN_SPELLED_RUN = 5;
// "洞" and "拐" spell 0 and 7 only among other spelled digits (radio style); alone they are words.
const WEAK_DIGITS = new Set(['洞', '拐', '两']);

function isDigitLike(ch: string): boolean {
	return (ch >= '0' && ch <= '9') || ch in CHINESE_DIGITS;
}

/**
 * Normalises `original` for matching.
 *
 * - every code point goes through NFKC on its own (so offsets stay per character): "１３９" → "139",
 *   "＠" → "@", "ＱＱ" → "QQ";
 * - inside a run of at least 5 digits and Chinese numerals (separators allowed), each numeral becomes
 *   its digit: "一三九 一二三四 五六七八" → "139 1234 5678", "幺三九…" → "139…";
 * - nothing else changes (case is kept; rules are case-insensitive where they need to be).
 *
 * @returns the normalised text with per-unit maps back to the original (see `toOriginal`)
 */
export function normalize(original: string): Normalized {
	const units: string[] = [];
	const from: number[] = [];
	const to: number[] = [];
	for (let i = 0; i < original.length; ) {
		const cp = original.codePointAt(i)!;
		const ch = String.fromCodePoint(cp);
		const end = i + ch.length;
		let out = ch;
		// ASCII and CJK ideographs are NFKC-stable: skip the call for speed.
		if (cp > 0x7f && !(cp >= 0x4e00 && cp <= 0x9fff)) {
			out = ch.normalize('NFKC');
			if (out.length === 0) out = ch;
		}
		for (let k = 0; k < out.length; k++) {
			units.push(out[k]!);
			from.push(i);
			to.push(end);
		}
		i = end;
	}
	// Second pass: spelled digits in number-like runs.
	let runStart = -1;
	let count = 0;
	let spelled = 0;
	const flush = (runEnd: number) => {
		if (runStart >= 0 && count >= MIN_SPELLED_RUN && spelled > 0) {
			for (let k = runStart; k < runEnd; k++) {
				const u = units[k]!;
				if (u in CHINESE_DIGITS) {
					// A weak digit at either end of the run stays a word ("两个", "拐弯").
					if (WEAK_DIGITS.has(u) && (k === runStart || k === runEnd - 1)) continue;
					units[k] = CHINESE_DIGITS[u]!;
				}
			}
		}
		runStart = -1;
		count = 0;
		spelled = 0;
	};
	let lastDigit = -1;
	for (let k = 0; k < units.length; k++) {
		const u = units[k]!;
		if (isDigitLike(u)) {
			if (runStart < 0) runStart = k;
			count++;
			if (u in CHINESE_DIGITS) spelled++;
			lastDigit = k;
		} else if (runStart >= 0 && RUN_SEPARATOR.test(u) && k - lastDigit <= 2) {
			// a separator inside a run: keep going
		} else {
			flush(lastDigit + 1);
		}
	}
	flush(lastDigit + 1);
	return { original, text: units.join(''), from: Int32Array.from(from), to: Int32Array.from(to) };
}

/**
 * Maps a span of the normalised text back to UTF-16 offsets in the original.
 * @param start inclusive offset in `n.text`
 * @param end exclusive offset in `n.text` (must be > start)
 */
export function toOriginal(n: Normalized, start: number, end: number): { start: number; end: number } {
	if (end <= start) return { start: n.from[start] ?? n.original.length, end: n.from[start] ?? n.original.length };
	return { start: n.from[start]!, end: n.to[end - 1]! };
}
