import { fail, redirect } from '@sveltejs/kit';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { proposalSchema } from '$lib/forms/proposal';
import { childStanding } from '$lib/server/consent';
import { dbFailure, formValues, parseForm } from '$lib/server/forms';
import { newRequestKey, requestKeyOf } from '$lib/server/request-key';
import { childScreening } from '$lib/server/screening';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, request, locals }) => {
	// Each new form gets its own request key, kept in its address: Back (which fetches the page
	// again) and a re-post then carry the same key, and a new form always has a new one. A failed
	// post is shown where it was sent, with what was typed (never redirected away from it).
	const requestKey = requestKeyOf(url.searchParams.get('form'));
	if (!requestKey && request.method === 'GET') redirect(303, `${url.pathname}?form=${newRequestKey()}`);
	// Said before writing: a child without consent may still draft here, but sending is refused.
	const standing = await childStanding(locals.supabase);
	return { requestKey: requestKey ?? newRequestKey(), standing };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const parsed = parseForm(proposalSchema, form);
		if (parsed.failure) return parsed.failure;
		const p = parsed.data;
		// Screened on the server, on the trimmed text the database stores (also without JavaScript).
		const screening = childScreening(p, getLocale(), form.get('send_anyway') === 'yes');
		if (screening.warn) return fail(400, { values: formValues(form), errors: {}, warning: screening.warn });
		const { data, error } = await locals.supabase
			.rpc('submit_proposal', {
				p_title: p.title,
				p_problem: p.problem,
				p_suggestions: p.suggestions,
				p_who_should_act: p.who_should_act,
				p_request_id: requestKeyOf(form.get('request_id')),
				p_flags: screening.flags
			})
			.single<{ id: string; created: boolean }>();
		if (error) return dbFailure(formValues(form), error);
		// A repeated form (double click, Back + re-post) made nothing new: say so, never "sent".
		redirect(303, localizeHref(`/me/proposals/${data.id}?done=${data.created ? 'submitted' : 'already_sent'}`));
	}
};
