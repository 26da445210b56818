import { json } from '@sveltejs/kit';
import { requestKeyOf } from '$lib/server/request-key';
import { draftFields, draftVersion, saveDraft, type DraftKind } from '$lib/server/drafts';
import type { RequestHandler } from './$types';

const KINDS: DraftKind[] = ['proposal', 'street_report'];

/**
 * Autosave of a child's form (the small script of $lib/enhance/child.ts posts the whole form
 * here while the child writes, and when the page is left). The form's own "save draft" button
 * does the same without JavaScript through the form's action.
 *
 * Body: the form's fields, `request_id` (the form's key), `draft_kind`, `draft_version` (the
 * version this page saved last; empty before the first save).
 * Answers JSON: 200 `{ version }` | 204 nothing typed yet | 400/409 `{ error }` with the
 * database's key (stale_version: the draft was saved from another page since). Signed out: the
 * group's guard answers with a redirect to sign-in (hooks.server.ts).
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	const form = await request.formData();
	const formKey = requestKeyOf(form.get('request_id'));
	const kind = form.get('draft_kind') as DraftKind;
	if (!formKey || !KINDS.includes(kind)) return json({ error: 'invalid_draft' }, { status: 400 });
	const fields = draftFields(kind, form);
	if (!fields) return new Response(null, { status: 204 });
	const saved = await saveDraft(locals.supabase, { formKey, kind, fields, version: draftVersion(form) });
	if (saved.error) return json({ error: saved.error }, { status: saved.error === 'stale_version' ? 409 : 400 });
	return json({ version: saved.version! }, { headers: { 'cache-control': 'no-store' } });
};
