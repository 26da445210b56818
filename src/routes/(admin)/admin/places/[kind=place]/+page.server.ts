import { PAGE_SIZE, pageRange, parseListQuery } from '$lib/server/list';
import { KIND_FIELDS, RPC_KIND, type PlaceKind } from '../kinds';
import type { PageServerLoad } from './$types';

export interface PlaceListRow {
	id: string;
	version: number;
	code: string | null;
	name_zh: string;
	name_en: string | null;
	district_id: string | null;
	district_name_zh: string | null;
	district_name_en: string | null;
	parent_id: string | null;
	parent_name_zh: string | null;
	parent_name_en: string | null;
	total: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One page (20) of a kind of place for admins (admin_places), found by words in either name
 * (`?q=`, at most 100 characters) and, below the district, by district (`?district=`).
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const kind = params.kind as PlaceKind;
	const q = (url.searchParams.get('q') ?? '').normalize('NFKC').trim().slice(0, 100);
	const asked = url.searchParams.get('district');
	const byDistrict = KIND_FIELDS[kind].includes('district_id');
	const districtId = byDistrict && asked && UUID.test(asked) ? asked : null;
	const { page } = parseListQuery(url, { filters: ['all'] as const, defaultFilter: 'all' });
	const districts = byDistrict
		? await locals.supabase.from('districts').select('id, name_zh, name_en').order('code').range(0, 199)
		: { data: [], error: null };
	if (districts.error) throw districts.error;
	const read = async (n: number) => {
		const { data, error } = await locals.supabase.rpc('admin_places', {
			p_kind: RPC_KIND[kind],
			p_query: q || null,
			p_district_id: districtId,
			p_limit: PAGE_SIZE,
			p_offset: (n - 1) * PAGE_SIZE
		});
		if (error) throw error;
		return (data ?? []) as PlaceListRow[];
	};
	let rows = await read(page);
	// Beyond the last page: the last one (the first page's total says where it is).
	if (rows.length === 0 && page > 1) {
		const first = await read(1);
		const last = pageRange(page, Number(first[0]?.total ?? 0)).page;
		rows = last === 1 ? first : await read(last);
	}
	const total = Number(rows[0]?.total ?? 0);
	const range = pageRange(page, total);
	// After a save: the saved row by name (it may be on another page of the list).
	const savedId = url.searchParams.get('saved');
	type Saved = { id: string; name_zh: string; name_en: string | null };
	let saved = null as Saved | null;
	if (savedId && UUID.test(savedId)) {
		const { data, error } = await locals.supabase.from(RPC_KIND[kind]).select('id, name_zh, name_en').eq('id', savedId).maybeSingle();
		if (error) throw error;
		saved = data as Saved | null;
	}
	return {
		kind,
		rows,
		q,
		districtId,
		districts: (districts.data ?? []) as { id: string; name_zh: string; name_en: string }[],
		page: range.page,
		pageCount: range.pageCount,
		total,
		saved
	};
};
