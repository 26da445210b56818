import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues, formVersion, parseForm } from '$lib/server/forms';
import type { RequestClient } from '$lib/server/supabase';
import { loadReportFacts, redactField, screenReport, type ReportText } from '$lib/server/street-reports';
import { actions as moderation } from '../../submissions/[id=uuid]/+page.server';
import { loadTeacherFollow } from '$lib/server/teacher-follow';
import { approveReportSchema, photoSchema } from './schema';
import type { Actions, PageServerLoad } from './$types';

/** The report as class_queue gives it to a teacher of the class, with its own fields. */
async function loadReport(supabase: RequestClient, id: string) {
	const [item, facts] = await Promise.all([
		supabase.from('class_queue').select('*').eq('id', id).maybeSingle(),
		loadReportFacts(supabase, id)
	]);
	if (item.error) throw item.error;
	if (!item.data || !facts) return null;
	return { item: item.data, facts };
}

const originalOf = (s: { title: string; problem: string | null; suggestions: string | null }, placeText: string | null): ReportText => ({
	title: s.title,
	problem: s.problem ?? '',
	suggestions: s.suggestions ?? '',
	place_text: placeText ?? ''
});

export const load: PageServerLoad = async ({ locals, params }) => {
	const found = await loadReport(locals.supabase, params.id);
	if (!found) error(404, m.error_not_found());
	const { item, facts } = found;
	// Screened again on every view, as proposals are.
	const original = originalOf(item, facts.place_text);
	const screening = screenReport(original, getLocale());
	const draft = {
		public_title: item.public_title ?? redactField(original.title, screening.personal_details, 'title'),
		public_description: item.public_problem ?? redactField(original.problem, screening.personal_details, 'problem'),
		public_place_text: facts.public_place_text ?? (facts.place_text ? redactField(original.place_text, screening.personal_details, 'place_text') : '')
	};
	// After forwarding: what happened to it (routing, due date, answer, progress), read-only.
	const follow = item.state === 'approved' || item.state === 'answered' ? await loadTeacherFollow(locals.supabase, item.id) : null;
	return { item, facts, screening, draft, confirmed: (item.flags as { confirmed?: boolean } | null)?.confirmed === true, follow };
};

export const actions: Actions = {
	approve: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(approveReportSchema, form, { name: 'approve' });
		if (parsed.failure) return parsed.failure;
		const copy = parsed.data;
		// Screened again before anything leaves the school: the original for a child at risk
		// (unless a safeguarding lead released it), the public copy for both.
		const found = await loadReport(locals.supabase, params.id);
		if (found) {
			const original = screenReport(originalOf(found.item, found.facts.place_text), getLocale());
			const inCopy = screenReport(
				{ title: copy.public_title, problem: copy.public_description, suggestions: '', place_text: copy.public_place_text ?? '' },
				getLocale()
			);
			if (!found.item.released && (original.safeguarding.length > 0 || inCopy.safeguarding.length > 0)) {
				return fail(400, { values: formValues(form), errors: {}, formError: 'safeguarding_concern', form: 'approve' });
			}
			if (inCopy.personal_details.length > 0) {
				return fail(400, { values: formValues(form), errors: {}, formError: 'public_copy_personal_details', form: 'approve' });
			}
		}
		const { error: dbError } = await locals.supabase.rpc('approve_street_report', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_public_title: copy.public_title,
			p_public_description: copy.public_description,
			p_public_place_text: copy.public_place_text
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'approve');
		redirect(303, localizeHref('/teacher?done=approved'));
	},
	photo: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(photoSchema, form, { name: 'photo' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('confirm_street_report_photo', {
			p_photo_id: parsed.data.photo_id,
			p_version: formVersion(form),
			p_confirmed: parsed.data.confirmed === 'yes'
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'photo');
		redirect(303, localizeHref(`/teacher/reports/${params.id}?done=photo`));
	},
	// Returning, rejecting and raising a concern are the same for every kind of submission: the
	// proposal review's actions (same params, same database functions).
	return: (event) => moderation.return!(event as never),
	reject: (event) => moderation.reject!(event as never),
	escalate: (event) => moderation.escalate!(event as never)
};
