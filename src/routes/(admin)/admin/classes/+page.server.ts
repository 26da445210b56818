import { PAGE_SIZE, pageRange, parseListQuery } from '$lib/server/list';
import type { PageServerLoad } from './$types';

export interface AdminSchool {
	id: string;
	name_zh: string;
	name_en: string;
	district_id: string;
	district_name_zh: string;
	district_name_en: string;
	classes: number;
	archived_classes: number;
	children: number;
	total: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The city's schools for admins, 20 a page (`?page=`), optionally of one district (`?district=`),
 * each with its active classes, archived classes and children (admin_schools: one bounded read).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const askedDistrict = url.searchParams.get('district');
	const districtId = askedDistrict && UUID.test(askedDistrict) ? askedDistrict : null;
	const { page } = parseListQuery(url, { filters: ['all'] as const, defaultFilter: 'all' });
	const districts = await locals.supabase.from('districts').select('id, name_zh, name_en').order('name_zh').order('id').range(0, 199);
	if (districts.error) throw districts.error;
	const read = (n: number) =>
		locals.supabase.rpc('admin_schools', { p_district_id: districtId, p_limit: PAGE_SIZE, p_offset: (n - 1) * PAGE_SIZE });
	let result = await read(page);
	if (result.error) throw result.error;
	let rows = (result.data ?? []) as AdminSchool[];
	// Beyond the last page: show the last one (the total says where it is).
	if (rows.length === 0 && page > 1) {
		const first = await read(1);
		if (first.error) throw first.error;
		const total = Number((first.data as AdminSchool[])[0]?.total ?? 0);
		const last = pageRange(page, total).page;
		result = last === 1 ? first : await read(last);
		if (result.error) throw result.error;
		rows = (result.data ?? []) as AdminSchool[];
	}
	const total = Number(rows[0]?.total ?? 0);
	const range = pageRange(page, total);
	return {
		schools: rows,
		districts: districts.data as { id: string; name_zh: string; name_en: string }[],
		districtId,
		page: range.page,
		pageCount: range.pageCount,
		total
	};
};
