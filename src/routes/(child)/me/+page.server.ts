import { loadList } from '$lib/server/list';
import type { PageServerLoad } from './$types';

const STATES = ['all', 'submitted', 'returned', 'approved', 'answered', 'rejected'] as const;
type Filter = (typeof STATES)[number];

/** A child's own proposals, most recently changed first; paged, `?state=` picks the tab. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const base = (filter: Filter, options?: { count: 'exact'; head?: boolean }) => {
		const q = locals.supabase.from('my_submissions').select('id, title, state, submitted_at, updated_at', options);
		return filter === 'all' ? q : q.eq('state', filter);
	};
	return loadList({
		url,
		spec: { filters: STATES, defaultFilter: 'all' },
		count: (filter) => base(filter, { count: 'exact', head: true }),
		rows: (filter, from, to) =>
			base(filter, { count: 'exact' }).order('updated_at', { ascending: false }).order('id').range(from, to)
	});
};
