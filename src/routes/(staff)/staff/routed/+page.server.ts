import { cityToday } from '$lib/i18n/labels';
import { loadList } from '$lib/server/list';
import type { PageServerLoad } from './$types';

const TABS = ['waiting', 'overdue', 'answered'] as const;
type Tab = (typeof TABS)[number];

/** A staff member serves a handful of units at most; the cap keeps the reads bounded. */
const MAX_UNITS = 100;

/** Which column of submissions / staff_items a unit filters on. */
const COLUMN = { d: 'district_id', p: 'department_id', s: 'street_office_id' } as const;
type UnitKind = keyof typeof COLUMN;
/** The unit kind as public.staff_unit_totals names it. */
const KIND = { d: 'district', p: 'department', s: 'street_office' } as const satisfies Record<UnitKind, string>;

export interface Unit {
	key: string;
	kind: UnitKind;
	id: string;
	name_zh: string;
	name_en: string | null;
}

/**
 * Items of one of the caller's units — a district, a department or a street office — by tab:
 * waiting (oldest forwarded first), overdue (unanswered after the due date in Asia/Shanghai, the
 * most overdue first: the partial index submissions_*_overdue_idx serves it in that order) and
 * answered (newest first). `?unit=d:<id>|p:<id>|s:<id>` picks the unit, their first by default.
 *
 * Totals: the view staff_unit_totals (migration 20261201010000) reads the dashboards' rollups, never
 * the items: waiting and answered are counters kept by triggers; overdue depends on today (in
 * Asia/Shanghai, as `today` here), so it is the sum of open items per due day before today (one row
 * per due day, not per item).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const [districts, departments, streets] = await Promise.all([
		locals.supabase.from('staff_districts').select('district_id').range(0, MAX_UNITS - 1),
		locals.supabase.from('department_staff').select('department_id').range(0, MAX_UNITS - 1),
		locals.supabase.from('street_office_staff').select('street_office_id').range(0, MAX_UNITS - 1)
	]);
	for (const r of [districts, departments, streets]) if (r.error) throw r.error;
	const named = async (table: 'districts' | 'departments' | 'street_offices', kind: UnitKind, ids: string[]): Promise<Unit[]> => {
		if (ids.length === 0) return [];
		const r = await locals.supabase.from(table).select('id, name_zh, name_en').in('id', ids).order('name_zh');
		if (r.error) throw r.error;
		return (r.data ?? []).map((n) => ({ key: `${kind}:${n.id}`, kind, id: n.id, name_zh: n.name_zh, name_en: n.name_en }));
	};
	const units = [
		...(await named('districts', 'd', (districts.data ?? []).map((r) => r.district_id as string))),
		...(await named('departments', 'p', (departments.data ?? []).map((r) => r.department_id as string))),
		...(await named('street_offices', 's', (streets.data ?? []).map((r) => r.street_office_id as string)))
	];
	const unit = units.find((u) => u.key === url.searchParams.get('unit')) ?? units[0] ?? null;
	const today = cityToday();
	const spec = { filters: TABS, defaultFilter: 'waiting' as Tab };
	if (!unit) {
		const empty = await loadList({ url, spec, counts: async () => ({}), rows: async () => ({ data: [], error: null }) });
		return { ...empty, units, unit: null, today, done: url.searchParams.get('done') };
	}
	const column = COLUMN[unit.kind];
	const { rows, list } = await loadList({
		url,
		spec,
		counts: async () => {
			const r = await locals.supabase
				.from('staff_unit_totals')
				.select('waiting, overdue, answered')
				.eq('kind', KIND[unit.kind])
				.eq('unit_id', unit.id)
				.maybeSingle<{ waiting: number; overdue: number; answered: number }>();
			if (r.error) throw r.error;
			// No row: nothing was ever routed to the unit.
			return { waiting: r.data?.waiting ?? 0, overdue: r.data?.overdue ?? 0, answered: r.data?.answered ?? 0 };
		},
		rows: (tab, from, to) => {
			const q = locals.supabase
				.from('staff_items')
				.select('id, title, state, age_band, district_name_zh, district_name_en, approved_at, answered_at, due_on')
				.eq(column, unit.id);
			const ordered =
				tab === 'answered'
					? q.eq('state', 'answered').order('answered_at', { ascending: false })
					: tab === 'overdue'
						? q.eq('state', 'approved').lt('due_on', today).order('due_on', { ascending: true })
						: q.eq('state', 'approved').order('approved_at', { ascending: true });
			return ordered.order('id').range(from, to);
		}
	});
	return { rows, list, units, unit: unit.key, today, done: url.searchParams.get('done') };
};
