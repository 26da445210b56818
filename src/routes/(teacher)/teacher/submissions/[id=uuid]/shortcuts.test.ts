import { describe, expect, it } from 'vitest';
import { isShortcut, type KeyLike } from './shortcuts';

/** A stand-in element: what `closest` finds for the selectors the check asks. */
function element(tag: string, editable = false) {
	return {
		isContentEditable: editable,
		closest: (selector: string) => (selector.split(',').some((s) => s.trim().startsWith(tag)) ? {} : null)
	} as unknown as EventTarget;
}

const press = (key: string, over: Partial<KeyLike> = {}): KeyLike => ({
	key,
	ctrlKey: false,
	metaKey: false,
	altKey: false,
	shiftKey: false,
	target: element('body'),
	...over
});

describe('isShortcut', () => {
	it('knows a, r, j and k (either case)', () => {
		expect(['a', 'r', 'j', 'k', 'A'].map((k) => isShortcut(press(k)))).toEqual(['a', 'r', 'j', 'k', 'a']);
		expect(isShortcut(press('x'))).toBeNull();
		expect(isShortcut(press('Enter'))).toBeNull();
	});

	it('never fires with a modifier key', () => {
		for (const mod of ['ctrlKey', 'metaKey', 'altKey', 'shiftKey'] as const) expect(isShortcut(press('a', { [mod]: true }))).toBeNull();
	});

	it('never fires inside a text field, a list box or editable text, nor while an IME composes', () => {
		for (const tag of ['input', 'textarea', 'select']) expect(isShortcut(press('a', { target: element(tag) }))).toBeNull();
		expect(isShortcut(press('a', { target: element('div', true) }))).toBeNull();
		expect(isShortcut(press('a', { isComposing: true }))).toBeNull();
		expect(isShortcut(press('a', { defaultPrevented: true }))).toBeNull();
	});
});
