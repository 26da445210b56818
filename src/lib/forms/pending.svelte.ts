import { tick } from 'svelte';
import { invalidateAll } from '$app/navigation';
import type { SubmitFunction } from '@sveltejs/kit';
import type { z } from 'zod';
import { formDataValues, remainingErrors, validateValues, type FieldError } from './validate';
import type { FormCheck } from './checks';

/** What a page knows about its form's last failed post (the action's `form`, or a part of it). */
export interface FailureSource {
	errors?: Record<string, FieldError>;
	formError?: string;
	formErrorParams?: Record<string, string>;
}

/** The element marked to take focus when a form comes back: an error summary or a next step. */
export const FOCUS_AFTER_SUBMIT = 'data-focus-after-submit';

/**
 * Move focus to the page's marked element (the error summary, or the heading of the next step)
 * and scroll it to the top of the screen. Without JavaScript the same element carries
 * `autofocus`, so the browser does this on load.
 */
export function focusMarked(): void {
	const target = document.querySelector<HTMLElement>(`[${FOCUS_AFTER_SUBMIT}]`);
	if (!target) return;
	target.scrollIntoView({ block: 'start' });
	target.focus({ preventScroll: true });
}

/** An enhanced form's state, see pendingForm(). */
export interface PendingForm {
	/** True while the request runs: the button shows aria-disabled and ignores more presses. */
	readonly pending: boolean;
	/** Field errors on show: the server's, minus the fields fixed since (JavaScript on). */
	readonly errors: Record<string, FieldError>;
	/** The server's error for the whole form (e.g. `not_allowed`), if any; not `stale_version`. */
	readonly formError: string | undefined;
	/** True while the page shows this form as failed: its title then starts with "Error:". */
	readonly failed: boolean;
	/** For `use:enhance`. */
	submit: SubmitFunction;
	/** For the form's `oninput`/`onchange`: re-check the fields that are in error. */
	recheck: (event: Event) => void;
}

/**
 * Progressive-enhancement state for one form. Without JavaScript the form posts normally (the
 * server checks everything and is idempotent where it matters); with it:
 * - `pending` is true while the request runs; a second press while pending is ignored, and the
 *   button stays focusable (aria-disabled, not disabled), so focus never drops to <body>;
 * - after the answer comes back, focus moves to the element marked FOCUS_AFTER_SUBMIT;
 * - given `failure` and `schema`, an error disappears as soon as its field becomes valid by the
 *   same schema the server uses.
 *
 * @param options.failure reads this form's last failure (e.g. `() => form`)
 * @param options.schema the zod schema of the form's action (adult pages)
 * @param options.check instead of `schema`: a zod-free check by the same limits ($lib/forms/checks),
 *   for child pages, which must not ship zod to the browser
 * @param options.arrays names of repeated fields (checkbox groups)
 */
export function pendingForm(
	options: { failure?: () => FailureSource | null | undefined; schema?: z.ZodType; check?: FormCheck; arrays?: string[] } = {}
): PendingForm {
	let pending = $state(false);
	// Re-derived from each new server answer; overwritten as the person fixes fields.
	let errors = $derived<Record<string, FieldError>>(options.failure?.()?.errors ?? {});
	const rawFormError = $derived(options.failure?.()?.formError);
	// A stale version has its own notice at the top of the page (ChangedNotice), not a summary line.
	const formError = $derived(rawFormError === 'stale_version' ? undefined : rawFormError);
	return {
		get pending() {
			return pending;
		},
		get errors() {
			return errors;
		},
		get formError() {
			return formError;
		},
		get failed() {
			return !!rawFormError || Object.keys(errors).length > 0;
		},
		recheck(event) {
			const form = (event.currentTarget as HTMLElement | null)?.closest('form');
			if ((!options.schema && !options.check) || !form || Object.keys(errors).length === 0) return;
			const values = formDataValues(new FormData(form));
			const now = options.check ? options.check(values) : validateValues(options.schema!, values, options.arrays).errors;
			const next = remainingErrors(errors, now);
			if (JSON.stringify(next) !== JSON.stringify(errors)) errors = next;
		},
		submit: ({ cancel }) => {
			if (pending) {
				cancel();
				return;
			}
			pending = true;
			return async ({ update, result }) => {
				try {
					await update();
					// The item changed since the page was rendered: show its current version, as the
					// page does without JavaScript (a failed action does not reload data by itself).
					if (result.type === 'failure' && result.data?.formError === 'stale_version') await invalidateAll();
				} finally {
					pending = false;
				}
				if (result.type === 'failure' || result.type === 'success') {
					await tick();
					focusMarked();
				}
			};
		}
	};
}
