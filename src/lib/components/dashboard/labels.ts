import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { categoryText } from '$lib/i18n/labels';
import type { DashboardGroup, Dim } from '$lib/server/dashboard';

/** A dimension's heading ("By district"). */
export function dimText(dim: Dim): string {
	switch (dim) {
		case 'category':
			return m.dash_dim_category();
		case 'district':
			return m.dash_dim_district();
		case 'school':
			return m.dash_dim_school();
		case 'department':
			return m.dash_dim_department();
		case 'street_office':
			return m.dash2_dim_street_office();
	}
}

/** A group's name in the page's language ('' keys: no category / no department). */
export function groupText(g: Pick<DashboardGroup, 'dim' | 'key' | 'name_zh' | 'name_en'>): string {
	if (g.dim === 'category') return g.key ? categoryText(g.key) : m.dash_no_category();
	if (g.dim === 'department' && !g.key) return m.dash_no_department();
	if (g.dim === 'street_office' && !g.key) return m.dash2_no_street_office();
	const name = getLocale() === 'en' ? (g.name_en ?? g.name_zh) : g.name_zh;
	return name ?? m.dash_unknown_name();
}

/** Median days to answer as read ("3 days"; 61 = "over 60 days"; none = a dash). */
export function daysText(days: number | null, int: Intl.NumberFormat): string {
	if (days === null) return '–';
	if (days > 60) return m.dash_days_over();
	return m.dash_days({ days: int.format(days) });
}

/** Median working days to answer as read ("3 working days"; 61 = "over 60 working days"; none = a dash). */
export function workingDaysText(days: number | null, int: Intl.NumberFormat): string {
	if (days === null) return '–';
	if (days > 60) return m.dash2_working_days_over();
	return m.dash2_working_days({ days: int.format(days) });
}
