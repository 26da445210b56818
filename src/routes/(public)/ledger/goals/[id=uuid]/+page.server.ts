import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { loadAnswers } from '$lib/server/answers';
import { loadPublicPolls } from '$lib/server/polls';
import type { PageServerLoad } from './$types';

/** One ledger goal, its published answers (newest first, paged) and the closed public polls linked to it. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const goal = await locals.supabase
		.from('ledger_goals')
		.select('id, edition, category, code, title_zh, title_en')
		.eq('id', params.id)
		.maybeSingle();
	if (goal.error) throw goal.error;
	if (!goal.data) error(404, m.error_not_found());
	const [answers, polls] = await Promise.all([
		loadAnswers(locals.supabase, url, { goalId: goal.data.id }),
		loadPublicPolls(locals.supabase, url, goal.data.id)
	]);
	return { goal: goal.data, answers, polls };
};
