import { loadCategoryAnswers, loadCategorySummary, loadEdition, loadGoals } from '$lib/server/ledger';
import { loadPublicPolls } from '$lib/server/polls';
import type { PageServerLoad } from './$types';

/**
 * One category of a ledger edition (`?edition=`, the newest by default): its numbers (counters
 * kept by triggers), its goals, its published answers once each, newest first, paged (each with
 * its latest progress), and the closed public polls linked to its goals (results only as
 * poll_results allows them).
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { edition } = await loadEdition(locals.supabase, url);
	const summary = await loadCategorySummary(locals.supabase, edition.year);
	const counts = summary.find((s) => s.category === params.code)!;
	const [goals, answers, polls] = await Promise.all([
		loadGoals(locals.supabase, edition.year, params.code),
		loadCategoryAnswers(locals.supabase, url, edition.year, params.code, counts.answers),
		loadPublicPolls(locals.supabase, url, { edition: edition.year, category: params.code })
	]);
	return { edition, category: params.code, counts, goals, answers, polls };
};
