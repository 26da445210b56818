import { loadList } from '$lib/server/list';
import type { PageServerLoad } from './$types';

const STATES = ['approved', 'answered', 'all'] as const;
type Filter = (typeof STATES)[number];

/**
 * The district inbox: forwarded proposals waiting for an answer, oldest forwarded first (the
 * default tab), answered ones newest answer first. Paged; `?state=` picks the tab.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const base = (filter: Filter, options?: { count: 'exact'; head?: boolean }) => {
		const q = locals.supabase
			.from('district_inbox')
			.select('id, school_name_zh, school_name_en, class_name, age_band, title, state, approved_at, answered_at', options);
		return filter === 'all' ? q : q.eq('state', filter);
	};
	const { rows, list } = await loadList({
		url,
		spec: { filters: STATES, defaultFilter: 'approved' },
		count: (filter) => base(filter, { count: 'exact', head: true }),
		rows: (filter, from, to) => {
			const q = base(filter, { count: 'exact' });
			const ordered =
				filter === 'approved'
					? q.order('approved_at', { ascending: true })
					: filter === 'answered'
						? q.order('answered_at', { ascending: false })
						: q.order('approved_at', { ascending: false });
			return ordered.order('id').range(from, to);
		}
	});
	return { rows, list, done: url.searchParams.get('done') };
};
