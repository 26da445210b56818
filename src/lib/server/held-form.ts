/**
 * A child's form sent after their session ended (signed out in another tab, the session expired
 * while they wrote): the text is not lost. The group guard (hooks.server.ts) answers such a post
 * with a 307 to the sign-in page's `held` action, so the browser posts the same body there (no
 * JavaScript needed); the sign-in page carries the text's fields as hidden inputs; once the
 * child signs in, the text is saved as the draft of that form (its request key) and the child is
 * sent back to the form, which opens its draft. Photos are not kept (the form says to choose them
 * again). The new-proposal and new-report forms are held, and the resubmit form on a returned
 * submission's own page (`?/resubmit`), whose draft is keyed by the submission's id; the page's
 * other forms (withdraw, rate, photos) are sent to plain sign-in.
 */
import { DRAFT_FIELDS, draftFields, saveDraftOver, type DraftKind } from './drafts';
import { requestKeyOf } from './request-key';
import type { RequestClient } from './supabase';

/**
 * The routes whose posts after a dead session go to the held sign-in (the guard in
 * hooks.server.ts), by route id. A post there that holds no text (another action, nothing typed)
 * is then sent on to plain sign-in by the `held` action.
 */
export const HELD_ROUTES: Record<string, DraftKind> = {
	'/(child)/me/proposals/new': 'proposal',
	'/(child)/me/reports/new': 'street_report',
	'/(child)/me/proposals/[id=uuid]': 'proposal',
	'/(child)/me/reports/[id=uuid]': 'street_report'
};
const HELD_PATHS: Record<string, DraftKind> = {
	'/me/proposals/new': 'proposal',
	'/me/reports/new': 'street_report'
};
/** A resubmit post: `/me/<proposals|reports>/<id>?/resubmit` (the draft's key is the id). */
const RESUBMIT_PATH = /^\/me\/(proposals|reports)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\?\/resubmit$/i;

/**
 * The form a post was sent to (path without the language prefix, with its query), or null.
 * A resubmit form's key is its submission's id; a new form's key is its `request_id`.
 */
function heldTarget(form: FormData, path: string | undefined): { kind: DraftKind; formKey: string } | null {
	if (!path) return null;
	const resubmit = RESUBMIT_PATH.exec(path);
	if (resubmit) return { kind: resubmit[1] === 'reports' ? 'street_report' : 'proposal', formKey: resubmit[2]!.toLowerCase() };
	const kind = HELD_PATHS[path.split('?', 1)[0]!];
	const formKey = requestKeyOf(form.get('request_id'));
	return kind && formKey ? { kind, formKey } : null;
}

/**
 * Where a child lands after signing in with held text: the form's page without a form action's
 * query (a resubmit post's `?/resubmit`), so the page opens the form with its draft.
 */
export function heldLanding(path: string): string {
	return RESUBMIT_PATH.test(path) ? path.split('?', 1)[0]! : path;
}

/** Held text: which form (kind and request key) and its fields as typed. */
export interface HeldForm {
	kind: DraftKind;
	formKey: string;
	fields: Record<string, string>;
}

/**
 * The text of a post to a held form, or null (no such form, no request key, nothing typed).
 *
 * @param path the form's path without the language prefix (`next` of the sign-in page)
 */
export function heldFromPost(form: FormData, path: string | undefined): HeldForm | null {
	const target = heldTarget(form, path);
	if (!target) return null;
	const fields = draftFields(target.kind, form);
	return fields ? { ...target, fields } : null;
}

/** The hidden inputs that carry held text through the sign-in form (`held_kind`, `held_form`, `held.<field>`). */
export function heldInputs(held: HeldForm): { name: string; value: string }[] {
	return [
		{ name: 'held_kind', value: held.kind },
		{ name: 'held_form', value: held.formKey },
		...Object.entries(held.fields).map(([name, value]) => ({ name: `held.${name}`, value }))
	];
}

/** The held text a sign-in post carries (only known kinds and fields; each cut as drafts cut it), or null. */
export function heldFromSignIn(form: FormData): HeldForm | null {
	const kind = form.get('held_kind');
	const formKey = requestKeyOf(form.get('held_form'));
	if ((kind !== 'proposal' && kind !== 'street_report') || !formKey) return null;
	const fields = new FormData();
	for (const name of DRAFT_FIELDS[kind]) {
		const value = form.get(`held.${name}`);
		if (typeof value === 'string') fields.set(name, value);
	}
	const kept = draftFields(kind, fields);
	return kept ? { kind, formKey, fields: kept } : null;
}

/**
 * Save held text as the signed-in child's draft of its form (over a draft saved earlier from
 * the same form: the held text is the newest).
 *
 * @returns true when saved
 */
export async function keepHeld(supabase: RequestClient, held: HeldForm): Promise<boolean> {
	const saved = await saveDraftOver(supabase, { formKey: held.formKey, kind: held.kind, fields: held.fields, version: null });
	if (saved.error) console.error('Held text could not be saved as a draft:', saved.error);
	return !saved.error;
}
