import type { Action } from 'svelte/action';

/** True for Enter pressed on a checkbox or radio button. */
function isEnterOnChoice(event: KeyboardEvent): boolean {
	const target = event.target;
	return event.key === 'Enter' && target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio');
}

/**
 * `use:enterNeverSends` on a form: Enter on one of its checkboxes or radio buttons does nothing.
 * Browsers treat it as "send the form" (implicit submission), which in a list of choices is an
 * accident: choosing is Space, sending is the form's button. Without JavaScript Chrome still
 * submits with the form's first submit button, so a form with choices makes that button a
 * harmless step (the staff answer's preview).
 */
export const enterNeverSends: Action<HTMLFormElement> = (form) => {
	const onKeydown = (event: KeyboardEvent) => {
		if (isEnterOnChoice(event)) event.preventDefault();
	};
	form.addEventListener('keydown', onKeydown);
	return { destroy: () => form.removeEventListener('keydown', onKeydown) };
};
