/**
 * Following one's own submission (issue 9 §4–§5, issue 11 §2–§3), the same for a proposal
 * (/me/proposals/<id>) and a street report (/me/reports/<id>): the status path's dates, the due
 * date and lateness, the progress updates after the answer, "did it help?" and taking it back.
 * Reads run as the child (RLS: only the author's own rows); writes go through the definer
 * functions `rate_answer` and `withdraw_submission`, which check caller, state and version.
 */
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { rateSchema } from '$lib/forms/rate';
import { discardDraftOfForm } from './drafts';
import { dbFailure, formValues, formVersion, parseForm } from './forms';
import { loadProgress } from './progress-photos';
import type { RequestClient } from './supabase';

/** Where a child's own submission pages live, by kind. */
export type ChildItemBase = '/me/proposals' | '/me/reports';

/**
 * The status path's events (every move of the item, ≤ 200), the follow-up row (due date in
 * Shanghai days, late, reminded, latest stage, the child's rating) and the progress updates with
 * their photos (≤ 100, oldest first). Three reads by key.
 *
 * @throws the Data API's error when a read fails (a 500: not the child's input)
 */
export async function loadChildFollow(supabase: RequestClient, submissionId: string) {
	const [events, followup, progress] = await Promise.all([
		supabase.from('submission_events').select('from_state, to_state, created_at').eq('submission_id', submissionId).order('id').limit(200),
		supabase.from('my_submission_followup').select('due_on, late, reminded_at, progress_stage, my_rating').eq('id', submissionId).maybeSingle(),
		loadProgress(supabase, submissionId)
	]);
	if (events.error) throw events.error;
	if (followup.error) throw followup.error;
	return { events: events.data ?? [], followup: followup.data, progress };
}

/**
 * Form action "rate": did the answer help? Optional, one choice of HELPFULNESS; the database keeps
 * it where only counts are read. Refused choices come back as a failure of form `rate`.
 *
 * @returns a 400/409 failure with the form's values, or redirects 303 to `<base>/<id>?done=rated`
 */
export async function rateAnswer({ request, locals, params }: RequestEvent<{ id: string }>, base: ChildItemBase) {
	const form = await request.formData();
	const parsed = parseForm(rateSchema, form, { name: 'rate' });
	if (parsed.failure) return parsed.failure;
	const { error } = await locals.supabase.rpc('rate_answer', { p_submission_id: params.id, p_rating: parsed.data.rating });
	if (error) return dbFailure(formValues(form), error, 'rate');
	redirect(303, localizeHref(`${base}/${params.id}?done=rated`));
}

/**
 * Form action "withdraw": the child takes it back while the teacher has not acted (submitted or
 * returned; the database checks state and the version the page showed), and any text held for
 * its resubmit form is dropped.
 *
 * @returns a failure of form `withdraw` (stale_version, invalid_state …), or redirects 303 to `<base>/<id>?done=withdrawn`
 */
export async function withdrawSubmission({ request, locals, params }: RequestEvent<{ id: string }>, base: ChildItemBase) {
	const form = await request.formData();
	const { error } = await locals.supabase.rpc('withdraw_submission', { p_submission_id: params.id, p_version: formVersion(form) });
	if (error) return dbFailure({}, error, 'withdraw');
	await discardDraftOfForm(locals.supabase, params.id);
	redirect(303, localizeHref(`${base}/${params.id}?done=withdrawn`));
}
