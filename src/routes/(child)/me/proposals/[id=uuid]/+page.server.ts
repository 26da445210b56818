import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { proposalSchema } from '$lib/forms/proposal';
import { dbFailure, formValues, formVersion, parseForm } from '$lib/server/forms';
import { discardDraftOfForm, resubmitDraft } from '$lib/server/drafts';
import { isLanguageSwitch, switchLanguage, type LanguageForm } from '$lib/server/language-switch';
import { childScreening } from '$lib/server/screening';
import { loadChildFollow, rateAnswer, withdrawSubmission } from '$lib/server/child-follow';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const [proposal, follow, goals, praise, cosign] = await Promise.all([
		locals.supabase.from('my_submissions').select('*').eq('id', params.id).maybeSingle(),
		// The status path's dates, due date and lateness, progress after the answer, the child's rating.
		loadChildFollow(locals.supabase, params.id),
		locals.supabase
			.from('submission_answer_goals')
			.select('goal_id, code, category, title_zh, title_en')
			.eq('submission_id', params.id)
			.order('code'),
		// The teacher's word of praise given with the approval, if any (the review queue).
		locals.supabase.from('submission_praise').select('praise').eq('submission_id', params.id).maybeSingle(),
		// How many children of the school co-signed it (issue 9 §4).
		locals.supabase.from('cosign_counts').select('cosigners').eq('submission_id', params.id).maybeSingle()
	]);
	if (proposal.error) throw proposal.error;
	if (praise.error) throw praise.error;
	if (!proposal.data) error(404, m.error_not_found());
	// Text of the resubmit form held through a sign-in after the session ended (its draft, keyed by the id).
	const draft = proposal.data.state === 'returned' ? await resubmitDraft(locals.supabase, params.id, 'proposal') : null;
	return {
		draft,
		proposal: proposal.data,
		goals: goals.data ?? [],
		praise: (praise.data?.praise as string | undefined) ?? null,
		...follow,
		cosigners: Number(cosign.data?.cosigners ?? 0),
		done: url.searchParams.get('done'),
		// Back from the header's language control: the page says the words were kept.
		kept: url.searchParams.get('kept') === 'language' && proposal.data.state === 'returned',
		// A returned proposal's resubmit form: the header's language control posts it.
		languageForm: proposal.data.state === 'returned' ? ({ action: '?/resubmit' } satisfies LanguageForm) : undefined,
		// "Are you sure?" before a withdrawal, as a page state so it works without JavaScript.
		confirmWithdraw: url.searchParams.get('confirm') === 'withdraw'
	};
};

export const actions: Actions = {
	/** Did the answer help? Optional; the database keeps it where only counts are read. */
	rate: (event) => rateAnswer(event, '/me/proposals'),
	/** The child takes it back (submitted or returned only; the database checks state and version). */
	withdraw: (event) => withdrawSubmission(event, '/me/proposals'),
	resubmit: async ({ request, locals, params }) => {
		const form = await request.formData();
		// The header's language control: keep what was typed as the form's draft, then the other language.
		if (isLanguageSwitch(form)) return switchLanguage(locals.supabase, form, { route: 'resubmit_proposal', id: params.id }, getLocale());
		const parsed = parseForm(proposalSchema, form);
		if (parsed.failure) return parsed.failure;
		const p = parsed.data;
		const screening = childScreening(p, getLocale(), form.get('send_anyway') === 'yes');
		if (screening.warn) return fail(400, { values: formValues(form), errors: {}, warning: screening.warn });
		const { error: dbError } = await locals.supabase.rpc('resubmit_proposal', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_title: p.title,
			p_problem: p.problem,
			p_suggestions: p.suggestions,
			p_who_should_act: p.who_should_act,
			p_flags: screening.flags
		});
		if (dbError) return dbFailure(formValues(form), dbError);
		await discardDraftOfForm(locals.supabase, params.id);
		redirect(303, localizeHref(`/me/proposals/${params.id}?done=resubmitted`));
	}
};
