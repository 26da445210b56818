import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues, formVersion, parseForm } from '$lib/server/forms';
import type { RequestClient } from '$lib/server/supabase';
import { redactedCopy, screenProposal, type Flags, type ProposalText } from '$lib/server/screening';
import { approveSchema, escalateSchema, rejectSchema, returnSchema } from './schema';
import type { Actions, PageServerLoad } from './$types';

/** The item as class_queue gives it to a teacher of the class (null: not theirs, or escalated). */
async function loadItem(supabase: RequestClient, id: string) {
	const { data, error: dbError } = await supabase.from('class_queue').select('*').eq('id', id).maybeSingle();
	if (dbError) throw dbError;
	return data;
}

const originalOf = (s: { title: string; problem: string; suggestions: string; who_should_act: string }): ProposalText => ({
	title: s.title,
	problem: s.problem,
	suggestions: s.suggestions,
	who_should_act: s.who_should_act
});

export const load: PageServerLoad = async ({ locals, params }) => {
	// Street reports have a review page of their own (fields, photos to confirm).
	const { data: kind } = await locals.supabase.from('submissions').select('kind').eq('id', params.id).maybeSingle();
	if (kind?.kind === 'street_report') redirect(303, localizeHref(`/teacher/reports/${params.id}`));
	const s = await loadItem(locals.supabase, params.id);
	if (!s) error(404, m.error_not_found());
	// Screened again on every view: the flags stored on submit may be missing (a text sent past
	// the form) or made by older rules; what the teacher sees is what the rules find now.
	const found = screenProposal(originalOf(s), getLocale());
	const stored = s.flags as Flags | null;
	const draft: ProposalText = s.public_title
		? { title: s.public_title, problem: s.public_problem, suggestions: s.public_suggestions, who_should_act: s.public_who_should_act }
		: redactedCopy(originalOf(s), found.personal_details);
	return {
		submission: s,
		found,
		/** The child saw the personal-details warning and chose to send anyway. */
		confirmed: stored?.confirmed === true,
		draft
	};
};

export const actions: Actions = {
	approve: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(approveSchema, form, { name: 'approve' });
		if (parsed.failure) return parsed.failure;
		const copy: ProposalText = {
			title: parsed.data.public_title,
			problem: parsed.data.public_problem,
			suggestions: parsed.data.public_suggestions,
			who_should_act: parsed.data.public_who_should_act
		};
		// The server screens again before anything leaves the school: the original for a child at
		// risk (unless a safeguarding lead released it), the public copy for both.
		const s = await loadItem(locals.supabase, params.id);
		if (s) {
			const original = screenProposal(originalOf(s), getLocale());
			const inCopy = screenProposal(copy, getLocale());
			if (!s.released && (original.safeguarding.length > 0 || inCopy.safeguarding.length > 0)) {
				return fail(400, { values: formValues(form), errors: {}, formError: 'safeguarding_concern', form: 'approve' });
			}
			if (inCopy.personal_details.length > 0) {
				return fail(400, {
					values: formValues(form),
					errors: {},
					formError: 'public_copy_personal_details',
					form: 'approve',
					remaining: { text: copy, details: inCopy.personal_details }
				});
			}
		}
		const { error: dbError } = await locals.supabase.rpc('approve_submission', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_public_title: copy.title,
			p_public_problem: copy.problem,
			p_public_suggestions: copy.suggestions,
			p_public_who_should_act: copy.who_should_act
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'approve');
		redirect(303, localizeHref('/teacher?done=approved'));
	},
	return: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(returnSchema, form, { name: 'return' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('return_submission', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_comment: parsed.data.comment
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'return');
		redirect(303, localizeHref('/teacher?done=returned'));
	},
	reject: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(rejectSchema, form, { name: 'reject' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('reject_submission', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_reason: parsed.data.reason,
			p_comment: parsed.data.reject_comment
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'reject');
		redirect(303, localizeHref('/teacher?done=rejected'));
	},
	escalate: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(escalateSchema, form, { name: 'escalate' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('escalate_submission', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_reason: parsed.data.concern
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'escalate');
		redirect(303, localizeHref('/teacher?done=escalated'));
	}
};
