/** The review page's keys: a = go to Approve, r = go to Return, j = next item, k = previous item. */
export type ShortcutKey = 'a' | 'r' | 'j' | 'k';

const KEYS: readonly string[] = ['a', 'r', 'j', 'k'];

/** The parts of a key event the decision needs (a KeyboardEvent has them all). */
export interface KeyLike {
	key: string;
	ctrlKey: boolean;
	metaKey: boolean;
	altKey: boolean;
	shiftKey: boolean;
	isComposing?: boolean;
	defaultPrevented?: boolean;
	target: EventTarget | null;
}

/** Whether the key press happened where typing goes: a text field, a list box or editable text. */
function inTextField(target: EventTarget | null): boolean {
	const el = target as (Element & { isContentEditable?: boolean }) | null;
	if (!el || typeof el.closest !== 'function') return false;
	return el.isContentEditable === true || el.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])') !== null;
}

/**
 * Which shortcut a key press is, or null: never with a modifier (Ctrl, ⌘, Alt, Shift: the
 * browser's and the screen reader's own keys), never while an input method composes, never in a
 * text field, list box or editable text, never when something else handled it already.
 */
export function isShortcut(event: KeyLike): ShortcutKey | null {
	if (event.defaultPrevented || event.isComposing) return null;
	if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return null;
	if (inTextField(event.target)) return null;
	const key = event.key.length === 1 ? event.key.toLowerCase() : '';
	return KEYS.includes(key) ? (key as ShortcutKey) : null;
}
