import { loadList, tally } from '$lib/server/list';
import type { PageServerLoad } from './$types';

const STATES = ['approved', 'answered', 'all'] as const;

/** A staff member serves a handful of districts at most; the cap keeps the read bounded. */
const MAX_DISTRICTS = 100;

/**
 * The district inbox: forwarded proposals waiting for an answer, oldest forwarded first (the
 * default tab), answered ones newest answer first. Paged; `?state=` picks the tab and, for staff
 * of several districts, `?district=` the district (their first one by default).
 *
 * One district at a time on purpose: `district_id = <one id>` lets Postgres read each tab's page
 * straight from its index in the tab's order (20 rows, whatever the district's size); tab totals
 * come from the counters the database keeps (district_inbox_counts).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const mine = await locals.supabase.from('staff_districts').select('district_id').range(0, MAX_DISTRICTS - 1);
	if (mine.error) throw mine.error;
	const ids = (mine.data ?? []).map((r) => r.district_id as string);
	const names = ids.length
		? await locals.supabase.from('districts').select('id, name_zh, name_en').in('id', ids).order('code')
		: { data: [], error: null };
	if (names.error) throw names.error;
	const districts = names.data ?? [];
	const asked = url.searchParams.get('district');
	const district = districts.find((d) => d.id === asked) ?? districts[0] ?? null;
	const { rows, list } = district
		? await loadList({
				url,
				spec: { filters: STATES, defaultFilter: 'approved' },
				counts: async () =>
					tally(
						await locals.supabase.from('district_inbox_counts').select('state, submissions').eq('district_id', district.id),
						'state',
						'submissions'
					),
				rows: (filter, from, to) => {
					const q = locals.supabase
						.from('district_inbox')
						.select('id, school_name_zh, school_name_en, class_name, age_band, title, state, approved_at, answered_at')
						.eq('district_id', district.id);
					const ordered =
						filter === 'approved'
							? q.eq('state', filter).order('approved_at', { ascending: true })
							: filter === 'answered'
								? q.eq('state', filter).order('answered_at', { ascending: false })
								: q.order('approved_at', { ascending: false });
					return ordered.order('id').range(from, to);
				}
			})
		: await loadList({ url, spec: { filters: STATES, defaultFilter: 'approved' }, counts: async () => ({}), rows: async () => ({ data: [], error: null }) });
	return { rows, list, districts, district: district?.id ?? null, done: url.searchParams.get('done') };
};
