import type { PageServerLoad } from './$types';

const COUNTS = ['created', 'updated', 'unchanged', 'kept'] as const;

/**
 * The ledger's editions as data: per category the goals declared and known, and the import.
 * `?done=imported&edition=&created=&updated=&unchanged=&kept=` says what an import just did.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const [editions, summary, departments] = await Promise.all([
		locals.supabase.from('ledger_editions').select('year, title_zh, title_en, source').order('year', { ascending: false }).limit(100),
		locals.supabase.from('ledger_category_summary').select('edition, category, declared_count, known_count').order('edition', { ascending: false }).limit(500),
		locals.supabase.from('departments').select('id', { count: 'exact', head: true })
	]);
	for (const r of [editions, summary, departments]) if (r.error) throw r.error;
	const done =
		url.searchParams.get('done') === 'imported'
			? {
					edition: Number(url.searchParams.get('edition')) || null,
					...Object.fromEntries(COUNTS.map((k) => [k, Math.max(0, Math.floor(Number(url.searchParams.get(k)) || 0))]))
				}
			: null;
	return {
		gone: url.searchParams.get('done') === 'gone',
		editions: (editions.data ?? []).map((e) => ({
			...e,
			categories: (summary.data ?? []).filter((s) => s.edition === e.year)
		})),
		departmentCount: departments.count ?? 0,
		done: done as null | { edition: number | null; created: number; updated: number; unchanged: number; kept: number }
	};
};
