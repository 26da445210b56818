import { invalidateAll } from '$app/navigation';
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
			return async ({ update, result }) => {
				try {
					await update();
					// The item changed since the page was rendered: show its current version, as the
					// page does without JavaScript (a failed action does not reload data by itself).
					if (result.type === 'failure' && result.data?.formError === 'stale_version') await invalidateAll();
				} finally {
					pending = false;
				}
			};
		}
	};
}
