import { loadList } from '$lib/server/list';
import type { PageServerLoad } from './$types';

const STATES = ['submitted', 'returned', 'approved', 'answered', 'rejected', 'all'] as const;
type Filter = (typeof STATES)[number];

/**
 * The class queue: proposals to review first (oldest sent first, so nothing waits forever), then
 * the other states, most recently changed first. Paged; `?state=` picks the tab.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const base = (filter: Filter, options?: { count: 'exact'; head?: boolean }) => {
		const q = locals.supabase
			.from('class_queue')
			.select('id, class_name, author_display_name, title, state, submitted_at, updated_at', options);
		return filter === 'all' ? q : q.eq('state', filter);
	};
	const { rows, list } = await loadList({
		url,
		spec: { filters: STATES, defaultFilter: 'submitted' },
		count: (filter) => base(filter, { count: 'exact', head: true }),
		rows: (filter, from, to) =>
			(filter === 'submitted'
				? base(filter, { count: 'exact' }).order('submitted_at', { ascending: true })
				: base(filter, { count: 'exact' }).order('updated_at', { ascending: false })
			)
				.order('id')
				.range(from, to)
	});
	return { rows, list, done: url.searchParams.get('done') };
};
