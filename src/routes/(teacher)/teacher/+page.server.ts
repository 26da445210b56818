import { loadList, tally } from '$lib/server/list';
import type { PageServerLoad } from './$types';

const STATES = ['submitted', 'returned', 'approved', 'answered', 'rejected', 'all'] as const;
type Filter = (typeof STATES)[number];

/**
 * The class queue: proposals to review first (oldest sent first, so nothing waits forever), then
 * the other states, most recently changed first. Paged; `?state=` picks the tab. Tab totals come
 * grouped from class_queue_counts (a class has hundreds of rows at most).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { rows, list } = await loadList({
		url,
		spec: { filters: STATES, defaultFilter: 'submitted' },
		counts: async () => tally(await locals.supabase.from('class_queue_counts').select('state, submissions'), 'state', 'submissions'),
		rows: (filter, from, to) => {
			const q = locals.supabase.from('class_queue').select('id, class_name, author_display_name, title, state, submitted_at, updated_at');
			const filtered = filter === 'all' ? q : q.eq('state', filter);
			return (filter === 'submitted' ? filtered.order('submitted_at', { ascending: true }) : filtered.order('updated_at', { ascending: false }))
				.order('id')
				.range(from, to);
		}
	});
	return { rows, list, done: url.searchParams.get('done') };
};
