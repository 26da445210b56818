import { fail, redirect } from '@sveltejs/kit';
import { localizePath } from '$lib/i18n/paths';
import { ballotSchema } from '$lib/polls/schema';
import { dbFailure, formValues, formVersion, parseForm } from '$lib/server/forms';
import { loadPollPictures } from '$lib/server/poll-pictures';
import { loadOptions, loadPoll, loadPollGoals, loadResults } from '$lib/server/polls';
import type { Actions, PageServerLoad } from './$types';

/**
 * One poll for a child of its area: vote (once), then "you voted" — never what they chose. The
 * results show as the database allows them (after closing, or live if the poll says so).
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const poll = await loadPoll(locals.supabase, params.id);
	const [options, results, goals, klass, pictures] = await Promise.all([
		loadOptions(locals.supabase, params.id),
		loadResults(locals.supabase, params.id),
		loadPollGoals(locals.supabase, params.id),
		locals.supabase.from('class_consents').select('age_band').maybeSingle(),
		loadPollPictures(locals.supabase, params.id, true)
	]);
	if (klass.error) throw klass.error;
	return { poll, options, pictures, results, goals, ageBand: (klass.data?.age_band as string | undefined) ?? null, done: url.searchParams.get('done') };
};

export const actions: Actions = {
	vote: async ({ request, locals, params }) => {
		const form = await request.formData();
		const max = Math.min(12, Math.max(1, Number(form.get('max_choices')) || 1));
		const parsed = parseForm(ballotSchema(max), form, { arrays: ['option_ids'] });
		if (parsed.failure) return parsed.failure;
		const { error } = await locals.supabase.rpc('cast_ballot', {
			p_poll_id: params.id,
			p_version: formVersion(form),
			p_option_ids: parsed.data.option_ids
		});
		if (error) {
			// The database's own limit (a crafted max_choices field does not get past it).
			if (error.message === 'too_many_choices') {
				const poll = await loadPoll(locals.supabase, params.id);
				return fail(400, { values: formValues(form), errors: { option_ids: { code: 'too_many_choices', max: poll.max_choices } } });
			}
			return dbFailure(formValues(form), error);
		}
		redirect(303, localizePath(`/me/polls/${params.id}?done=voted`));
	}
};
