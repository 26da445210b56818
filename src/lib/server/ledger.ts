import { error } from '@sveltejs/kit';
import { CATEGORIES } from '$lib/i18n/labels';
import { m } from '$lib/paraglide/messages';
import { withProgressAndPages } from './answers';
import { loadList } from './list';
import type { RequestClient } from './supabase';

/** One category of a ledger edition in the public summary ("You said, we did"). */
export interface CategorySummary {
	category: string;
	/** Goals the edition declares for the category (null: not declared). */
	declared: number | null;
	/** Goals of the category that are public (in ledger_goals). */
	known: number;
	/** Goals with at least one published answer: children's input. */
	goalsWithAnswers: number;
	/** Published answers to goals of the category, each once. */
	answers: number;
	/** Of them, adopted fully or partly. */
	adopted: number;
	/** Of them, whose latest progress is done. */
	done: number;
}

/**
 * The editions (newest first) and the one `?edition=` asks for (the newest when missing or bad).
 * Throws a 404 when there is no edition at all or the asked one does not exist.
 */
export async function loadEdition(supabase: RequestClient, url: URL) {
	const requested = Number(url.searchParams.get('edition'));
	const editions = await supabase.from('ledger_editions').select('year, title_zh, title_en').order('year', { ascending: false }).limit(100);
	if (editions.error) throw editions.error;
	const edition = Number.isInteger(requested) && requested > 0 ? editions.data.find((e) => e.year === requested) : editions.data[0];
	if (!edition) error(404, m.error_not_found());
	return { edition, editions: editions.data };
}

/**
 * Per category of `edition`, in the ledger's order: declared and known goals (ledger_category_summary)
 * and the counters kept by triggers in ledger_category_counts (migration 20261130130000). Two reads of
 * five rows each: the cost does not grow with the answers.
 */
export async function loadCategorySummary(supabase: RequestClient, edition: number): Promise<CategorySummary[]> {
	const [goals, counts] = await Promise.all([
		supabase.from('ledger_category_summary').select('category, declared_count, known_count').eq('edition', edition),
		supabase.from('ledger_category_counts').select('category, goals_with_answers, answers, adopted, done').eq('edition', edition)
	]);
	if (goals.error) throw goals.error;
	if (counts.error) throw counts.error;
	return CATEGORIES.map((category) => {
		const g = goals.data?.find((r) => r.category === category);
		const c = counts.data?.find((r) => r.category === category);
		return {
			category,
			declared: g?.declared_count ?? null,
			known: g?.known_count ?? 0,
			goalsWithAnswers: c?.goals_with_answers ?? 0,
			answers: c?.answers ?? 0,
			adopted: c?.adopted ?? 0,
			done: c?.done ?? 0
		};
	});
}

/**
 * An edition has a few hundred goals at most (2023 declares 137); the cap keeps the read bounded
 * and well under the Data API's max_rows.
 */
export const MAX_GOALS = 500;

/** The goals of an edition (or of one of its categories) in code order, each with whether it has answers. */
export async function loadGoals(supabase: RequestClient, edition: number, category?: string) {
	let goals = supabase.from('ledger_goals').select('id, category, code, title_zh, title_en').eq('edition', edition);
	let answered = supabase.from('ledger_answered_goals').select('goal_id').eq('edition', edition);
	if (category) {
		goals = goals.eq('category', category);
		answered = answered.eq('category', category);
	}
	const [g, a] = await Promise.all([goals.order('code').range(0, MAX_GOALS - 1), answered.range(0, MAX_GOALS - 1)]);
	if (g.error) throw g.error;
	if (a.error) throw a.error;
	const withAnswers = new Set((a.data ?? []).map((r) => r.goal_id));
	return (g.data ?? []).map((goal) => ({ ...goal, answered: withAnswers.has(goal.id) }));
}

const COLUMNS = 'submission_id, title, decision, reply, district_name_zh, district_name_en, answered_at, cosigners';

/**
 * One page of a category's published answers, each once however many of its goals it answers,
 * newest first (public_category_answers, in its index's order); the total from the category's
 * counter, never a count of the rows.
 */
export async function loadCategoryAnswers(supabase: RequestClient, url: URL, edition: number, category: string, total: number) {
	const answers = await loadList({
		url,
		spec: { filters: ['all'] as const, defaultFilter: 'all' },
		counts: async () => ({ all: total }),
		rows: (_filter, from, to) =>
			supabase
				.from('public_category_answers')
				.select(COLUMNS)
				.eq('edition', edition)
				.eq('category', category)
				.order('answered_at', { ascending: false })
				.order('submission_id')
				.range(from, to)
	});
	return { ...answers, rows: await withProgressAndPages(supabase, answers.rows) };
}
