import { isoToCityLocal } from '$lib/polls/time';
import { areaChoices, createPollAction, goalChoices } from '$lib/server/polls';
import type { Actions, PageServerLoad } from './$types';

/** The new-poll form: the areas this adult may choose and the ledger goals to link. */
export const load: PageServerLoad = async ({ locals }) => {
	const [areas, goals] = await Promise.all([areaChoices(locals.supabase, locals.viewer!), goalChoices(locals.supabase)]);
	// Suggested window: from the next full hour for a week, in the city's time.
	const start = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
	const defaults = { opens_at: isoToCityLocal(start), closes_at: isoToCityLocal(new Date(start.getTime() + 7 * 86_400_000)) };
	return { areas, goals, defaults };
};

export const actions: Actions = {
	create: (event) => createPollAction(event, event.locals.viewer!)
};
