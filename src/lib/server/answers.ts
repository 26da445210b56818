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
export function loadAnswers(supabase: RequestClient, url: URL, scope: { edition: number } | { goalId: string }) {
	return loadList({
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
}
