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
	return { ...answers, rows: await withProgressAndPages(supabase, answers.rows) };
}

/**
 * The latest progress after each answer of a page (issue 11 §3) and whether it is a street report
 * (its public page is /reports/<id>): two reads of ≤ 20 rows by key, whatever the list's size.
 */
export async function withProgressAndPages<R extends { submission_id: string }>(supabase: RequestClient, rows: R[]) {
	const ids = rows.map((r) => r.submission_id);
	if (ids.length === 0) return [];
	const [progress, reports] = await Promise.all([
		supabase.from('published_answers').select('submission_id, progress_stage, progress_note, progress_at, progress_photo_id').in('submission_id', ids),
		supabase.from('published_street_reports').select('submission_id').in('submission_id', ids)
	]);
	if (progress.error) throw progress.error;
	if (reports.error) throw reports.error;
	const byId = new Map((progress.data ?? []).map((p) => [p.submission_id, p]));
	const isReport = new Set((reports.data ?? []).map((r) => r.submission_id));
	// The latest update's photo (issue 11 §3): its size, by key, for the page's <img>.
	const photoIds = (progress.data ?? []).map((p) => p.progress_photo_id).filter((id): id is string => !!id);
	const sizes = new Map<string, { width: number; height: number }>();
	if (photoIds.length > 0) {
		const { data, error } = await supabase.rpc('public_progress_photo_sizes', { p_photo_ids: photoIds });
		if (error) throw error;
		for (const p of (data ?? []) as { id: string; width: number; height: number }[]) sizes.set(p.id, { width: p.width, height: p.height });
	}
	return rows.map((r) => {
		const p = byId.get(r.submission_id);
		return {
			...r,
			progress_stage: p?.progress_stage ?? null,
			progress_note: p?.progress_note ?? null,
			progress_at: p?.progress_at ?? null,
			progress_photo: p?.progress_photo_id && sizes.has(p.progress_photo_id) ? { id: p.progress_photo_id as string, ...sizes.get(p.progress_photo_id)! } : null,
			street_report: isReport.has(r.submission_id)
		};
	});
}
