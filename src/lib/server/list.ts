import { z } from 'zod';

/**
 * Paged, filtered lists (teacher queue, staff inbox, a child's own proposals, the public answers):
 * one way to read `?page=&state=`, count, and fetch one page with `.range()`, so no list is ever
 * cut off silently at the Data API's row cap (hosted Supabase: max_rows 1000 per request).
 */

/** Rows per page: well under max_rows, short enough to read on a phone. */
export const PAGE_SIZE = 20;

/** Highest page number accepted from a URL; anything larger is treated as "the last page". */
const MAX_PAGE = 1_000_000;

export interface ListSpec<F extends string> {
	/** Filter values in the order the tabs show them (e.g. `['submitted', 'returned', 'all']`). */
	filters: readonly [F, ...F[]];
	/** The filter a list opens with, and the one a bad `?state=` falls back to. */
	defaultFilter: F;
	/** Query parameter of the filter; `state` unless told. */
	param?: string;
}

export interface ListQuery<F extends string> {
	/** 1-based page asked for (not yet clamped to the last page). */
	page: number;
	filter: F;
}

/** Decimal digits only (full-width ones after NFKC): no `0x10`, `1e3` or `2.5`; too large is the last page. */
const pageParam = z
	.string()
	.trim()
	.regex(/^[0-9]+$/)
	.transform((digits) => Math.min(Number(digits), MAX_PAGE))
	.pipe(z.number().int().min(1))
	.catch(1);

/**
 * Read `?page=` and the filter parameter from `url`. Anything invalid falls back (page 1, the
 * default filter) instead of failing: a link or a hand-typed URL never makes an error page.
 */
export function parseListQuery<F extends string>(url: URL, spec: ListSpec<F>): ListQuery<F> {
	const page = pageParam.parse(url.searchParams.get('page')?.normalize('NFKC') ?? undefined);
	const filter = z
		.enum(spec.filters as unknown as [F, ...F[]])
		.catch(spec.defaultFilter)
		.parse(url.searchParams.get(spec.param ?? 'state'));
	return { page, filter };
}

export interface PageRange {
	/** The page shown: the one asked for, or the last one when it asked beyond the end. */
	page: number;
	/** Pages in all; at least 1 (an empty list has one, empty, page). */
	pageCount: number;
	/** Inclusive row offsets for supabase-js `.range(from, to)`. */
	from: number;
	to: number;
}

/** The rows of page `page` of `total` rows, `size` a page; a page past the end is the last page. */
export function pageRange(page: number, total: number, size = PAGE_SIZE): PageRange {
	const pageCount = Math.max(1, Math.ceil(Math.max(0, total) / size));
	const shown = Math.min(Math.max(1, Math.floor(page)), pageCount);
	const from = (shown - 1) * size;
	return { page: shown, pageCount, from, to: from + size - 1 };
}

/** What a list page gets besides its rows: enough for the list component to draw tabs and pages. */
export interface ListInfo<F extends string = string> {
	filter: F;
	/** Query parameter of the filter (for links). */
	param: string;
	page: number;
	pageCount: number;
	pageSize: number;
	/** Rows under the current filter. */
	total: number;
	/** Rows under each filter, in tab order. */
	counts: { value: F; count: number }[];
}

/** What a supabase-js read resolves to (only what the lists use). */
type ReadResult<R> = { data: R[] | null; error: { code?: string; message: string } | null };

/** Rows per filter value; a value that is missing has none. */
export type FilterCounts<F extends string> = Partial<Record<F, number>>;

/**
 * Tab totals from one grouped read (a `*_counts` view or table: a row per key with its count):
 * `{ [key]: n }`, plus `all`, the sum of every row (also of keys that have no tab). Throws the
 * read's error.
 *
 * @param result what supabase-js resolved to, e.g. `from('class_queue_counts').select('state, submissions')`
 * @param key the column holding the filter value (`state`, `decision`)
 * @param value the column holding the count
 */
export function tally<F extends string, K extends string, V extends string>(
	result: ReadResult<Record<K, string> & Record<V, number>>,
	key: K,
	value: V
): FilterCounts<F | 'all'> {
	if (result.error) throw result.error;
	const counts: Record<string, number> = { all: 0 };
	for (const row of result.data ?? []) {
		const n = Number(row[value]) || 0;
		counts[row[key]] = (counts[row[key]] ?? 0) + n;
		counts.all! += n;
	}
	return counts as FilterCounts<F | 'all'>;
}

export interface LoadListOptions<F extends string, R> {
	url: URL;
	spec: ListSpec<F>;
	/**
	 * Rows under every filter, read once (a counter table or a grouped view; never a count that
	 * rebuilds the list's view: at a city's size that is O(rows) on every page view).
	 */
	counts: () => PromiseLike<FilterCounts<F>>;
	/** The rows under `filter` in the list's order, `.range(from, to)`, without a count. */
	rows: (filter: F, from: number, to: number) => PromiseLike<ReadResult<R>>;
	pageSize?: number;
}

/**
 * Count every filter, then read the one page asked for (the last one if it asked beyond the end).
 * Database errors are thrown (the app's error page, logged); bad input never is.
 */
export async function loadList<F extends string, R>(opts: LoadListOptions<F, R>): Promise<{ rows: R[]; list: ListInfo<F> }> {
	const { spec } = opts;
	const size = opts.pageSize ?? PAGE_SIZE;
	const query = parseListQuery(opts.url, spec);
	const counted = await opts.counts();
	const counts = spec.filters.map((value) => ({ value, count: counted[value] ?? 0 }));
	const total = counted[query.filter] ?? 0;
	const range = pageRange(query.page, total, size);
	let rows: R[] = [];
	if (total > 0) {
		const r = await opts.rows(query.filter, range.from, range.to);
		if (r.error && r.error.code !== 'PGRST103') throw r.error;
		// PGRST103 (range not satisfiable): rows went away between counting and reading. Show an
		// empty page with its links (the list's empty state links back) rather than an error.
		rows = r.error ? [] : (r.data ?? []);
	}
	return {
		rows,
		list: {
			filter: query.filter,
			param: spec.param ?? 'state',
			page: range.page,
			pageCount: range.pageCount,
			pageSize: size,
			total,
			counts
		}
	};
}
