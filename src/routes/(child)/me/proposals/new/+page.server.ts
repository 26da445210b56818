import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { proposalSchema } from '$lib/forms/proposal';
import { dbFailure, formValues, parseForm } from '$lib/server/forms';
import { proposalRequestKey } from '$lib/server/idempotency';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const parsed = parseForm(proposalSchema, form);
		if (parsed.failure) return parsed.failure;
		const p = parsed.data;
		const { data: id, error } = await locals.supabase.rpc('submit_proposal', {
			p_title: p.title,
			p_problem: p.problem,
			p_suggestions: p.suggestions,
			p_who_should_act: p.who_should_act,
			// The hook's guard admits only a signed-in child here.
			p_request_id: proposalRequestKey(locals.viewer!.id, p)
		});
		if (error) return dbFailure(formValues(form), error);
		redirect(303, localizeHref(`/me/proposals/${id}?done=submitted`));
	}
};
