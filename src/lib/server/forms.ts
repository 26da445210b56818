import { fail, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';
import { formDataValues, validateValues } from '$lib/forms/validate';
import { rawCap } from '$lib/text';

// No field allows more than 1,000 characters: a longer value comes back cut to its largest raw
// cap, so re-rendering (and counting) a refused absurd value stays cheap.
const ECHO_MAX = rawCap(1000);

function echo(value: string): string {
	if (value.length <= ECHO_MAX) return value;
	const cut = value.slice(0, ECHO_MAX);
	return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** What a failed form action returns: the typed text, and an error code per field. */
export interface FormFailure {
	values: Record<string, string | string[]>;
	errors: Record<string, { code: string; max?: number }>;
	/** A message key for an error that belongs to no single field (e.g. `not_allowed`). */
	formError?: string;
	/** Values for the form error's placeholders (e.g. when a locked sign-in may try again). */
	formErrorParams?: Record<string, string>;
	/** Which form of the page failed, when a page has several. */
	form?: string;
}

/** What pages read from `form`: the last failure, if any. */
export type FormState = Partial<FormFailure> | null | undefined;

/** A failed action with the app's one failure shape. */
export function failForm(status: number, failure: FormFailure): ActionFailure<FormFailure> {
	return fail(status, failure);
}

/**
 * Every field of the form as typed (repeated names become arrays), for re-filling the form;
 * a value longer than any field allows is cut to ECHO_MAX UTF-16 units.
 */
export function formValues(data: FormData): Record<string, string | string[]> {
	const values = formDataValues(data);
	for (const [k, v] of Object.entries(values)) values[k] = Array.isArray(v) ? v.map(echo) : echo(v);
	return values;
}

/**
 * Validate a form with a zod schema on the server.
 *
 * @param options.arrays names of fields that may repeat (checkbox groups), passed as arrays
 * @param options.name which form of the page this is, echoed in the failure
 * @returns `{ data }` when valid, else `{ failure }`: an ActionFailure (400) carrying the typed
 *   values and the first error code per field
 */
export function parseForm<S extends z.ZodType>(
	schema: S,
	form: FormData,
	options: { arrays?: string[]; name?: string } = {}
): { data: z.output<S>; failure?: undefined } | { data?: undefined; failure: ActionFailure<FormFailure> } {
	// The schema sees every value whole (its raw caps refuse absurd ones); only the echo is cut.
	// The browser runs the same check as fields are fixed ($lib/forms/validate.ts).
	const checked = validateValues(schema, formDataValues(form), options.arrays);
	if (!checked.errors) return { data: checked.data };
	return { failure: fail(400, { values: formValues(form), errors: checked.errors, ...(options.name ? { form: options.name } : {}) }) };
}

/**
 * Turn a Data API error from one of our database functions into a form failure: keys like
 * `field_required:title` land on their field (400); our other keys (`not_allowed`,
 * `invalid_state`, …) become the form's error (400); anything else is logged and is a 500.
 *
 * @param name which form of the page failed, when a page has several
 */
export function dbFailure(
	values: Record<string, string | string[]>,
	err: { message: string },
	name?: string
): ActionFailure<FormFailure> {
	const [key = 'unexpected', field] = err.message.split(':');
	const form = name ? { form: name } : {};
	if (field && (key === 'field_required' || key === 'field_too_long' || key === 'field_invalid')) {
		const code = key === 'field_required' ? 'required' : key === 'field_too_long' ? 'too_long' : 'invalid';
		return fail(400, { values, errors: { [field]: { code } }, ...form });
	}
	if (key === 'already_voted') {
		// One ballot per child (the database's rule): a second post, a double click, a second tab.
		return fail(409, { values, errors: {}, formError: key, ...form });
	}
	if (key === 'stale_version') {
		// Someone changed the item after this page was rendered: 409, the typed text kept; the page
		// shows the current version (load runs again) with the "it changed" notice.
		return fail(409, { values, errors: {}, formError: key, ...form });
	}
	if (!KNOWN_DB_KEYS.has(key)) {
		// Not one of our rules: a fault, logged, with the typed text still given back.
		console.error('Unexpected database error in a form action:', err);
		return fail(500, { values, errors: {}, formError: 'unexpected', ...form });
	}
	// The database refuses the person, not the input (PT403): no consent yet, an archived class.
	const status = key === 'consent_required' || key === 'class_archived' ? 403 : 400;
	return fail(status, { values, errors: {}, formError: key, ...form });
}

/**
 * The version of the item the page showed (hidden field `version`), for the database to compare
 * with the current one. Anything but a small positive integer is null, which the database refuses
 * as stale_version like any other version it did not issue.
 */
export function formVersion(form: FormData): number | null {
	const raw = form.get('version');
	return typeof raw === 'string' && /^[1-9][0-9]{0,8}$/.test(raw) ? Number(raw) : null;
}

/** The message keys our database functions raise on purpose (supabase/README.md). */
const KNOWN_DB_KEYS = new Set([
	'not_allowed', 'not_found', 'invalid_state', 'goal_required', 'goal_unknown', 'comment_required', 'consent_required',
	'class_archived', 'lead_not_teacher', 'nickname_taken', 'class_exists', 'enrolment_failed', 'already_voted', 'poll_not_open',
	'poll_closed', 'options_frozen', 'too_many_choices',
	// Drafts (save_draft, delete_draft)
	'draft_too_large', 'too_many_drafts', 'invalid_draft', 'draft_changed',
	// The ledger import's backstop (import_ledger, save_ledger_import_draft).
	'invalid_goal', 'duplicate_code', 'import_empty', 'import_too_large', 'invalid_edition', 'invalid_declared',
	// Neighbourhood places (street reports).
	'place_exists', 'name_taken', 'code_taken',
	// Routing and progress (reassign_submission, add_progress_update).
	'unchanged', 'stage_backwards', 'progress_final', 'not_followed_up'
]);
