import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { loadAnswers } from '$lib/server/answers';
import type { PageServerLoad } from './$types';

/**
 * An edition has a few hundred goals at most (2023 declares 137); the cap keeps the read bounded
 * and well under the Data API's max_rows.
 */
const MAX_GOALS = 500;

export const load: PageServerLoad = async ({ locals, url }) => {
	const requested = Number(url.searchParams.get('edition'));
	const editions = await locals.supabase.from('ledger_editions').select('year, title_zh, title_en').order('year', { ascending: false }).limit(100);
	if (editions.error) throw editions.error;
	const edition = Number.isInteger(requested) && requested > 0 ? editions.data.find((e) => e.year === requested) : editions.data[0];
	if (!edition) error(404, m.error_not_found());
	const [summary, goals, answers] = await Promise.all([
		locals.supabase.from('ledger_category_summary').select('category, declared_count, known_count').eq('edition', edition.year),
		locals.supabase
			.from('ledger_goals')
			.select('id, category, code, title_zh, title_en')
			.eq('edition', edition.year)
			.order('code')
			.range(0, MAX_GOALS - 1),
		loadAnswers(locals.supabase, url, { edition: edition.year })
	]);
	for (const r of [summary, goals]) if (r.error) throw r.error;
	return {
		edition,
		editions: editions.data,
		summary: summary.data ?? [],
		goals: goals.data ?? [],
		answers
	};
};
