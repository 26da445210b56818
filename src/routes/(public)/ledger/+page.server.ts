import { loadAnswers } from '$lib/server/answers';
import { loadCategorySummary, loadEdition, loadGoals } from '$lib/server/ledger';
import type { PageServerLoad } from './$types';

/**
 * The public ledger of one edition: the summary per category (counters kept by triggers), the
 * goals per category (`?answered=1`: only those with answers; a GET form, so no script is needed),
 * and every published answer once, newest first, paged.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { edition, editions } = await loadEdition(locals.supabase, url);
	const onlyAnswered = url.searchParams.get('answered') === '1';
	const [summary, goals, answers] = await Promise.all([
		loadCategorySummary(locals.supabase, edition.year),
		loadGoals(locals.supabase, edition.year),
		loadAnswers(locals.supabase, url, { edition: edition.year })
	]);
	return {
		edition,
		editions,
		summary,
		onlyAnswered,
		goals: onlyAnswered ? goals.filter((g) => g.answered) : goals,
		answers
	};
};
