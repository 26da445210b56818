/**
 * Conformance: the Data API's row cap (PostgREST `db-max-rows`, Supabase `[api] max_rows`, 1000 on
 * a project by default). A read returns at most max_rows rows from its offset, whatever limit or
 * range was asked; Content-Range says which rows came; with count=exact a capped page is 206.
 * Reads of functions returning sets are capped the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { client, MANY_ROWS, raw, resolveTarget, setupFixtures, targetLimits, teardownFixtures, type Target } from './target.ts';

let t: Target;
let anon: SupabaseClient;
let max: number;

beforeAll(async () => {
	t = resolveTarget();
	max = (await targetLimits(t)).maxRows;
	// The table must be larger than the cap, or every test here would pass without one.
	if (!(max < MANY_ROWS / 2)) throw new Error(`max_rows ${max} is too large for these tests (fixture has ${MANY_ROWS} rows)`);
	await setupFixtures(t);
	anon = client(t);
});

afterAll(async () => {
	if (t) await teardownFixtures(t);
});

const ids = (rows: { id: number }[] | null) => (rows ?? []).map((r) => r.id);
const seq = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('max_rows on table reads', () => {
	it('a read without a limit returns max_rows rows, 200, Content-Range 0-(max-1)/*', async () => {
		const r = await raw(t, '/rest/v1/conformance_many?select=id&order=id');
		expect(r.status).toBe(200);
		expect(r.headers.get('content-range')).toBe(`0-${max - 1}/*`);
		expect(ids((await r.json()) as { id: number }[])).toEqual(seq(1, max));
	});

	it('through supabase-js: data has max_rows rows and nothing says more were left', async () => {
		const { data, error, status } = await anon.from('conformance_many').select('id').order('id');
		expect(error).toBeNull();
		expect(status).toBe(200);
		expect(data).toHaveLength(max);
	});

	it('with count=exact the total is right and the capped page is 206', async () => {
		const { data, count, status } = await anon.from('conformance_many').select('id', { count: 'exact' }).order('id');
		expect(status).toBe(206);
		expect(count).toBe(MANY_ROWS);
		expect(data).toHaveLength(max);
		const r = await raw(t, '/rest/v1/conformance_many?select=id&order=id', { headers: { Prefer: 'count=exact' } });
		expect(r.status).toBe(206);
		expect(r.headers.get('content-range')).toBe(`0-${max - 1}/${MANY_ROWS}`);
	});

	it('a larger limit or Range is truncated to max_rows', async () => {
		const byLimit = await anon.from('conformance_many').select('id').order('id').limit(max * 2);
		expect(ids(byLimit.data)).toEqual(seq(1, max));
		const byRange = await anon.from('conformance_many').select('id').order('id').range(0, max * 2 - 1);
		expect(ids(byRange.data)).toEqual(seq(1, max));
		const r = await raw(t, '/rest/v1/conformance_many?select=id&order=id', { headers: { Range: `10-${10 + max * 2}` } });
		expect(r.headers.get('content-range')).toBe(`10-${10 + max - 1}/*`);
		expect(ids((await r.json()) as { id: number }[])).toEqual(seq(11, max));
	});

	it('the cap counts from the offset; the last page is short', async () => {
		const r = await raw(t, `/rest/v1/conformance_many?select=id&order=id&offset=${MANY_ROWS - 300}`, { headers: { Prefer: 'count=exact' } });
		expect(r.status).toBe(206);
		expect(r.headers.get('content-range')).toBe(`${MANY_ROWS - 300}-${MANY_ROWS - 1}/${MANY_ROWS}`);
		expect((await r.json()) as unknown[]).toHaveLength(300);
	});

	it('smaller pages are untouched, and paging by max_rows reaches every row', async () => {
		expect(ids((await anon.from('conformance_many').select('id').order('id').range(5, 9)).data)).toEqual([6, 7, 8, 9, 10]);
		const seen: number[] = [];
		for (let from = 0; ; from += max) {
			const { data, error } = await anon.from('conformance_many').select('id').order('id').range(from, from + max - 1);
			expect(error).toBeNull();
			seen.push(...ids(data));
			if ((data ?? []).length < max) break;
		}
		expect(seen).toEqual(seq(1, MANY_ROWS));
	});

	it('head with count=exact still counts every row', async () => {
		const { count, status } = await anon.from('conformance_many').select('*', { count: 'exact', head: true });
		expect(status).toBe(206);
		expect(count).toBe(MANY_ROWS);
	});

	it('limit=0 stays an empty read', async () => {
		const { data, error } = await anon.from('conformance_many').select('id').limit(0);
		expect(error).toBeNull();
		expect(data).toEqual([]);
	});
});

describe('max_rows on rpc', () => {
	it('a function returning setof rows is capped', async () => {
		const { data, error } = await anon.rpc('conformance_many_rows');
		expect(error).toBeNull();
		expect(ids(data as { id: number }[])).toEqual(seq(1, max));
		const r = await raw(t, '/rest/v1/rpc/conformance_many_rows', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json', Prefer: 'count=exact' } });
		expect(r.status).toBe(206);
		expect(r.headers.get('content-range')).toBe(`0-${max - 1}/${MANY_ROWS}`);
	});

	it('a function returning setof scalars is capped', async () => {
		const { data, error } = await anon.rpc('conformance_many_ids');
		expect(error).toBeNull();
		expect(data).toEqual(seq(1, max));
	});

	it('offset and limit on an rpc read are capped the same way', async () => {
		const { data } = await anon.rpc('conformance_many_rows').select('id').range(100, 100 + max * 2);
		expect(ids(data as { id: number }[])).toEqual(seq(101, max));
	});
});
