import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues, formVersion, parseForm } from '$lib/server/forms';
import { loadReportFacts } from '$lib/server/street-reports';
import { answerSchema } from './schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const [submission, goals, linked] = await Promise.all([
		locals.supabase.from('district_inbox').select('*').eq('id', params.id).maybeSingle(),
		locals.supabase.from('ledger_goals').select('id, edition, category, code, title_zh, title_en').order('edition', { ascending: false }).order('code'),
		locals.supabase
			.from('submission_answer_goals')
			.select('goal_id, code, category, title_zh, title_en')
			.eq('submission_id', params.id)
			.order('code')
	]);
	if (submission.error) throw submission.error;
	if (goals.error) throw goals.error;
	if (!submission.data) error(404, m.error_not_found());
	// A street report's own fields and the photos a teacher confirmed (null for a proposal).
	const report = await loadReportFacts(locals.supabase, params.id);
	return { submission: submission.data, goals: goals.data, linked: linked.data ?? [], report };
};

export const actions: Actions = {
	/**
	 * Check the answer without sending it: valid → `{ step: 'preview', values }`, and the page shows
	 * what the child will read with a send button that posts the same values to `answer`;
	 * otherwise the usual failure with the typed values.
	 */
	preview: async ({ request }) => {
		const form = await request.formData();
		const parsed = parseForm(answerSchema, form, { arrays: ['goal_ids'] });
		if (parsed.failure) return parsed.failure;
		const { decision, reply, goal_ids } = parsed.data;
		return { step: 'preview' as const, values: formValues(form), errors: {}, preview: { decision, reply, goal_ids } };
	},
	/** Back from the preview to the form, with everything typed kept. */
	edit: async ({ request }) => {
		return { step: 'edit' as const, values: formValues(await request.formData()), errors: {} };
	},
	answer: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(answerSchema, form, { arrays: ['goal_ids'] });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('answer_submission', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_decision: parsed.data.decision,
			p_reply: parsed.data.reply,
			p_goal_ids: parsed.data.goal_ids
		});
		if (dbError) return dbFailure(formValues(form), dbError);
		redirect(303, localizeHref('/staff?done=answered'));
	}
};
