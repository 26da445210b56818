import type { SubmitFunction } from '@sveltejs/kit';

/**
 * Progressive-enhancement state for one form: `submit` goes to `use:enhance`, and `pending` is
 * true while the request runs, so the submit button can be disabled against double clicks.
 * Without JavaScript the form posts normally (the server is idempotent where it matters).
 */
export function pendingForm(): { readonly pending: boolean; submit: SubmitFunction } {
	let pending = $state(false);
	return {
		get pending() {
			return pending;
		},
		submit: () => {
			pending = true;
			return async ({ update }) => {
				try {
					await update();
				} finally {
					pending = false;
				}
			};
		}
	};
}
