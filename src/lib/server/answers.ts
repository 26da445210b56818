import { DECISIONS, type Decision } from '$lib/i18n/labels';
import type { RequestClient } from './supabase';
import { loadList, tally } from './list';

/** Filters of the public answer lists: every decision, and all of them (the default). */
export const ANSWER_FILTERS = ['all', ...DECISIONS] as const;
export type AnswerFilter = 'all' | Decision;

const COLUMNS = 'submission_id, title, decision, reply, district_name_zh, district_name_en, answered_at, cosigners';

/**
 * One page of published answers, newest first, `?decision=` picks the tab: of a ledger edition
 * (`published_answers`) or of one goal (`public_goal_answers`). No child identity is in either.
 * Tab totals come from the counters the database keeps per edition / goal and decision, so a
 * page view costs the same with 10^3 or 10^6 answers.
 */
export async function loadAnswers(supabase: RequestClient, url: URL, scope: { edition: number } | { goalId: string }) {
	const answers = await loadList({
		url,
		spec: { filters: ANSWER_FILTERS, defaultFilter: 'all', param: 'decision' },
		counts: async () =>
			tally(
				await ('edition' in scope
					? supabase.from('published_answer_counts').select('decision, answers').eq('edition', scope.edition)
					: supabase.from('published_goal_answer_counts').select('decision, answers').eq('goal_id', scope.goalId)),
				'decision',
				'answers'
			),
		rows: (filter, from, to) => {
			const q =
				'edition' in scope
					? supabase.from('published_answers').select(COLUMNS).eq('edition', scope.edition)
					: supabase.from('public_goal_answers').select(COLUMNS).eq('goal_id', scope.goalId);
			return (filter === 'all' ? q : q.eq('decision', filter))
				.order('answered_at', { ascending: false })
				.order('submission_id')
				.range(from, to);
		}
	});
	// The latest progress after each answer of the page (issue 11 §3): one read of ≤ 20 rows by key.
	const ids = answers.rows.map((r) => r.submission_id);
	// Which of them are street reports (they have a public page of their own, /reports/<id>): one
	// read of ≤ 20 rows by key, alongside the progress.
	const [progress, reports] = ids.length
		? await Promise.all([
				supabase.from('published_answers').select('submission_id, progress_stage, progress_note, progress_at').in('submission_id', ids),
				supabase.from('published_street_reports').select('submission_id').in('submission_id', ids)
			])
		: [{ data: [], error: null }, { data: [], error: null }];
	if (progress.error) throw progress.error;
	if (reports.error) throw reports.error;
	const byId = new Map((progress.data ?? []).map((p) => [p.submission_id, p]));
	const streetReports = new Set((reports.data ?? []).map((r) => r.submission_id as string));
	return {
		...answers,
		rows: answers.rows.map((r) => {
			const p = byId.get(r.submission_id);
			return {
				...r,
				kind: streetReports.has(r.submission_id) ? ('street_report' as const) : ('proposal' as const),
				progress_stage: p?.progress_stage ?? null,
				progress_note: p?.progress_note ?? null,
				progress_at: p?.progress_at ?? null
			};
		})
	};
}
