import { PAGE_SIZE, pageRange, parseListQuery } from '$lib/server/list';
import type { PageServerLoad } from './$types';

export interface AccountRow {
	id: string;
	role: 'staff' | 'teacher';
	display_name: string;
	email: string | null;
	districts: string[];
	departments: string[];
	street_offices: string[];
	classes: string[];
	total: number;
}

/**
 * One page (20) of staff or teacher accounts (`?role=`), found by words in the name or e-mail
 * (`?q=`), each with its units (admin_accounts).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { page, filter: role } = parseListQuery(url, { filters: ['staff', 'teacher'] as const, defaultFilter: 'staff', param: 'role' });
	const q = (url.searchParams.get('q') ?? '').normalize('NFKC').trim().slice(0, 100);
	const read = async (n: number) => {
		const { data, error } = await locals.supabase.rpc('admin_accounts', {
			p_role: role,
			p_query: q || null,
			p_limit: PAGE_SIZE,
			p_offset: (n - 1) * PAGE_SIZE
		});
		if (error) throw error;
		return (data ?? []) as AccountRow[];
	};
	let rows = await read(page);
	if (rows.length === 0 && page > 1) {
		const first = await read(1);
		const last = pageRange(page, Number(first[0]?.total ?? 0)).page;
		rows = last === 1 ? first : await read(last);
	}
	const total = Number(rows[0]?.total ?? 0);
	const range = pageRange(page, total);
	return { role, q, rows, total, page: range.page, pageCount: range.pageCount, made: url.searchParams.get('made') === '1' };
};
