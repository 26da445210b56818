import { loadManagedPoll, managePollActions, pollBase } from '$lib/server/polls';
import type { Actions, PageServerLoad } from './$types';

/** One poll for its creator (or an admin): results as the database allows, and what to do next. */
export const load: PageServerLoad = async ({ locals, params, url }) => ({
	...(await loadManagedPoll(locals.supabase, params.id)),
	base: pollBase(locals.viewer!.role),
	done: url.searchParams.get('done')
});

export const actions: Actions = managePollActions;
