import { diffArrays } from 'diff';

/** One run of a word-level diff: text that stayed, was added, or was removed. */
export interface DiffPart {
	kind: 'same' | 'added' | 'removed';
	text: string;
}

/**
 * Most edits a diff looks for. Beyond it (a text rewritten from scratch) the result is the whole
 * old text removed and the whole new text added: Myers' diff costs O(length × edits), and a
 * field may hold 20,000 characters (also when it takes longer than TIMEOUT_MS).
 */
export const MAX_EDITS = 1000;

/** And at most this long (milliseconds) for one field, whatever the machine. */
const TIMEOUT_MS = 250;

/**
 * A text cut into words, as the language reads them: Intl.Segmenter with word granularity, which
 * splits Chinese by its dictionary ("我家门口的路灯坏了" → 我家 门口 的 路灯 坏了) and English at
 * spaces and punctuation. Spaces and punctuation are tokens too, so the parts join back to the text.
 */
export function words(text: string, locale: string): string[] {
	const segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
	return Array.from(segmenter.segment(text), (s) => s.segment);
}

/**
 * What changed from `before` to `after`, word by word (CJK-aware), as runs of same, removed and
 * added text; runs of one kind are merged. Equal texts give one `same` run (none when both are
 * empty); a rewrite beyond MAX_EDITS gives the old text removed and the new one added.
 *
 * @param locale the language to cut words by (e.g. `zh-CN`, `en`); Chinese text is cut by its
 *   dictionary in either, as Intl.Segmenter recognises the script.
 */
export function wordDiff(before: string, after: string, locale: string): DiffPart[] {
	if (before === after) return before ? [{ kind: 'same', text: before }] : [];
	const a = words(before, locale);
	const b = words(after, locale);
	const changes = diffArrays(a, b, { maxEditLength: MAX_EDITS, timeout: TIMEOUT_MS });
	const parts: DiffPart[] = [];
	const push = (kind: DiffPart['kind'], text: string) => {
		if (!text) return;
		const last = parts[parts.length - 1];
		if (last && last.kind === kind) last.text += text;
		else parts.push({ kind, text });
	};
	if (!changes) {
		push('removed', before);
		push('added', after);
		return parts;
	}
	for (const c of changes) push(c.added ? 'added' : c.removed ? 'removed' : 'same', c.value.join(''));
	return parts;
}

/** Whether a diff has any change in it. */
export function changed(parts: DiffPart[]): boolean {
	return parts.some((p) => p.kind !== 'same');
}
