import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, loadList, pageRange, parseListQuery, tally, type ListSpec } from './list';

const spec: ListSpec<'submitted' | 'returned' | 'all'> = { filters: ['submitted', 'returned', 'all'], defaultFilter: 'submitted' };
const parse = <F extends string = 'submitted' | 'returned' | 'all'>(query: string, s: ListSpec<F> = spec as unknown as ListSpec<F>) =>
	parseListQuery(new URL(`http://x.test/zh-CN/teacher${query}`), s);

describe('parseListQuery', () => {
	it('reads a valid page and state', () => {
		expect(parse('?page=3&state=returned')).toEqual({ page: 3, filter: 'returned' });
		expect(parse('?state=all')).toEqual({ page: 1, filter: 'all' });
		expect(parse('?page=%EF%BC%92')).toEqual({ page: 2, filter: 'submitted' }); // full-width ２
		expect(parse('?page=+7+')).toEqual({ page: 7, filter: 'submitted' });
	});
	it('falls back to page 1 for anything that is not a whole number from 1 up', () => {
		for (const bad of ['0', '-1', '2.5', 'abc', '', '1e3', '0x10', 'NaN', 'Infinity', '%00', '[1]']) {
			expect(parse(`?page=${bad}`).page, bad).toBe(1);
		}
	});
	it('caps a huge page number instead of failing (the list shows its last page)', () => {
		const { page } = parse('?page=99999999999999999999999999');
		expect(Number.isSafeInteger(page)).toBe(true);
		expect(page).toBeGreaterThan(1);
	});
	it('falls back to the default filter for an unknown or wrongly cased state', () => {
		for (const bad of ['answered', 'SUBMITTED', '', 'submitted ', "'; drop table x", 'constructor', '__proto__']) {
			expect(parse(`?state=${encodeURIComponent(bad)}`).filter, bad).toBe('submitted');
		}
	});
	it('uses the parameter the list names', () => {
		const decisions: ListSpec<'all' | 'adopted'> = { filters: ['all', 'adopted'], defaultFilter: 'all', param: 'decision' };
		expect(parse('?decision=adopted&state=returned', decisions).filter).toBe('adopted');
		expect(parse('?state=adopted', decisions).filter).toBe('all');
	});
});

describe('pageRange', () => {
	it('turns a page into inclusive row offsets', () => {
		expect(pageRange(1, 45)).toEqual({ page: 1, pageCount: 3, from: 0, to: PAGE_SIZE - 1 });
		expect(pageRange(2, 45)).toEqual({ page: 2, pageCount: 3, from: PAGE_SIZE, to: 2 * PAGE_SIZE - 1 });
		expect(pageRange(3, 45, 20)).toEqual({ page: 3, pageCount: 3, from: 40, to: 59 });
	});
	it('counts whole pages exactly at the boundary', () => {
		expect(pageRange(1, 20, 20).pageCount).toBe(1);
		expect(pageRange(1, 21, 20).pageCount).toBe(2);
		expect(pageRange(1, 40, 20).pageCount).toBe(2);
	});
	it('shows the last page for a page past the end', () => {
		expect(pageRange(99, 45, 20)).toEqual({ page: 3, pageCount: 3, from: 40, to: 59 });
		expect(pageRange(1_000_000, 21, 20).page).toBe(2);
	});
	it('has one empty page when there are no rows', () => {
		expect(pageRange(5, 0, 20)).toEqual({ page: 1, pageCount: 1, from: 0, to: 19 });
		expect(pageRange(0, 10, 20).page).toBe(1);
	});
});

describe('tally', () => {
	it('maps grouped rows to counts per key, with all as the sum of every row', () => {
		const r = tally(
			{ data: [{ state: 'submitted', n: 3 }, { state: 'answered', n: 40 }, { state: 'escalated', n: 1 }], error: null },
			'state',
			'n'
		);
		expect(r).toEqual({ submitted: 3, answered: 40, escalated: 1, all: 44 });
	});
	it('adds rows of the same key (several classes or districts) and reads counts sent as text', () => {
		const rows = [{ state: 'approved', n: 2 }, { state: 'approved', n: '5' as unknown as number }];
		expect(tally({ data: rows, error: null }, 'state', 'n')).toEqual({ approved: 7, all: 7 });
	});
	it('has only all = 0 for no rows, and throws the read’s error', () => {
		expect(tally({ data: null, error: null }, 'state', 'n')).toEqual({ all: 0 });
		const error = { code: '42501', message: 'permission denied' };
		expect(() => tally({ data: null, error }, 'state', 'n')).toThrow();
	});
});

describe('loadList', () => {
	const url = (q: string) => new URL(`http://x.test/zh-CN/teacher${q}`);
	it('reads the counts once, then only the page asked for (the last one past the end)', async () => {
		const reads: [string, number, number][] = [];
		let countReads = 0;
		const { rows, list } = await loadList({
			url: url('?state=returned&page=9'),
			spec,
			counts: async () => {
				countReads++;
				return { submitted: 2, returned: 45, all: 47 };
			},
			rows: async (filter, from, to) => {
				reads.push([filter, from, to]);
				return { data: [{ id: 'x' }], error: null };
			}
		});
		expect(countReads).toBe(1);
		expect(reads).toEqual([['returned', 40, 59]]);
		expect(rows).toEqual([{ id: 'x' }]);
		expect(list).toMatchObject({ filter: 'returned', page: 3, pageCount: 3, total: 45 });
		expect(list.counts).toEqual([
			{ value: 'submitted', count: 2 },
			{ value: 'returned', count: 45 },
			{ value: 'all', count: 47 }
		]);
	});
	it('does not read rows when the tab is empty, and shows an empty page when rows went away', async () => {
		let read = false;
		const empty = await loadList({ url: url(''), spec, counts: async () => ({}), rows: async () => ((read = true), { data: [], error: null }) });
		expect(read).toBe(false);
		expect(empty.list).toMatchObject({ total: 0, page: 1, pageCount: 1 });
		const gone = await loadList({
			url: url('?page=2'),
			spec,
			counts: async () => ({ submitted: 30 }),
			rows: async () => ({ data: null, error: { code: 'PGRST103', message: 'Requested range not satisfiable' } })
		});
		expect(gone.rows).toEqual([]);
		await expect(
			loadList({ url: url(''), spec, counts: async () => ({ submitted: 1 }), rows: async () => ({ data: null, error: { code: '57014', message: 'timeout' } }) })
		).rejects.toMatchObject({ code: '57014' });
	});
});
