import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { loadAnswers } from '$lib/server/answers';
import type { PageServerLoad } from './$types';

/** One ledger goal and its published answers, newest first, paged. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const goal = await locals.supabase
		.from('ledger_goals')
		.select('id, edition, category, code, title_zh, title_en')
		.eq('id', params.id)
		.maybeSingle();
	if (goal.error) throw goal.error;
	if (!goal.data) error(404, m.error_not_found());
	const answers = await loadAnswers(locals.supabase, url, { goalId: goal.data.id });
	return { goal: goal.data, answers };
};
