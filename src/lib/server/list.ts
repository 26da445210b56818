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

/** What a supabase-js count request (`select(…, { count: 'exact', head: true })`) resolves to. */
type CountResult = { count: number | null; error: { code?: string; message: string } | null };
/** What a supabase-js read with `{ count: 'exact' }` and `.range()` resolves to. */
type RowsResult<R> = { data: R[] | null; count?: number | null; error: { code?: string; message: string } | null };

export interface LoadListOptions<F extends string, R> {
	url: URL;
	spec: ListSpec<F>;
	/** A head request counting the rows under `filter`. */
	count: (filter: F) => PromiseLike<CountResult>;
	/** The rows under `filter` in the list's order, `.range(from, to)`, with `{ count: 'exact' }`. */
	rows: (filter: F, from: number, to: number) => PromiseLike<RowsResult<R>>;
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
	const counted = await Promise.all(spec.filters.map((f) => opts.count(f)));
	const counts = spec.filters.map((value, i) => {
		const r = counted[i]!;
		if (r.error) throw r.error;
		return { value, count: r.count ?? 0 };
	});
	let total = counts.find((c) => c.value === query.filter)!.count;
	let range = pageRange(query.page, total, size);
	let rows: R[] = [];
	if (total > 0) {
		const r = await opts.rows(query.filter, range.from, range.to);
		if (r.error && r.error.code !== 'PGRST103') throw r.error;
		// PGRST103 (range not satisfiable): rows went away between counting and reading. Show an
		// empty page with its links rather than an error.
		rows = r.error ? [] : (r.data ?? []);
		if (!r.error && typeof r.count === 'number' && r.count !== total) {
			// The read's own count is the newer one. The page number stays; if it is now past the
			// end, the list shows its empty state with a link back.
			total = r.count;
			range = { ...range, pageCount: pageRange(1, total, size).pageCount };
		}
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
			counts: counts.map((c) => (c.value === query.filter ? { ...c, count: total } : c))
		}
	};
}
