import { DECISIONS, type Decision } from '$lib/i18n/labels';
import type { RequestClient } from './supabase';
import { loadList } from './list';

/** Filters of the public answer lists: every decision, and all of them (the default). */
export const ANSWER_FILTERS = ['all', ...DECISIONS] as const;
export type AnswerFilter = 'all' | Decision;

const COLUMNS = 'submission_id, title, decision, reply, district_name_zh, district_name_en, answered_at';

/**
 * One page of published answers, newest first, `?decision=` picks the tab: of a ledger edition
 * (`published_answers`) or of one goal (`public_goal_answers`). No child identity is in either view.
 */
export function loadAnswers(supabase: RequestClient, url: URL, scope: { edition: number } | { goalId: string }) {
	const base = (filter: AnswerFilter, options?: { count: 'exact'; head?: boolean }) => {
		const q =
			'edition' in scope
				? supabase.from('published_answers').select(COLUMNS, options).eq('edition', scope.edition)
				: supabase.from('public_goal_answers').select(COLUMNS, options).eq('goal_id', scope.goalId);
		return filter === 'all' ? q : q.eq('decision', filter);
	};
	return loadList({
		url,
		spec: { filters: ANSWER_FILTERS, defaultFilter: 'all', param: 'decision' },
		count: (filter) => base(filter, { count: 'exact', head: true }),
		rows: (filter, from, to) =>
			base(filter, { count: 'exact' }).order('answered_at', { ascending: false }).order('submission_id').range(from, to)
	});
}
