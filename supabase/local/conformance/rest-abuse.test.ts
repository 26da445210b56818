/**
 * Conformance: hostile URLs and headers on the Data API (cases of tests/fixtures/cases/abuse.json
 * and their neighbours). Nothing from select=, order=, filters or rpc names may reach SQL except
 * as a quoted identifier or a bind parameter; nothing may be a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, resolveTarget, setupFixtures, superuser, teardownFixtures, type Target } from './target.ts';

let t: Target;
/** Role names any SQL session can read in pg_roles, never the Data API. */
const ROLE_NAMES = /supabase_auth_admin|authenticator|pg_read_all_data/;
let hasLedgerGoals = false;

beforeAll(async () => {
	t = resolveTarget();
	await setupFixtures(t);
	const sql = superuser(t);
	try {
		const [r] = await sql`select to_regclass('public.ledger_goals') is not null as present`;
		hasLedgerGoals = Boolean(r?.present);
	} finally {
		await sql.end();
	}
});

afterAll(async () => {
	if (t) await teardownFixtures(t);
});

const get = (path: string, init: Parameters<typeof raw>[2] = {}) => raw(t, path, init);

async function expectPgrst400(r: Response): Promise<{ code: string; message: string; details: string | null; hint: string | null }> {
	const text = await r.text();
	expect(r.status, text).toBe(400);
	expect(text).not.toMatch(ROLE_NAMES);
	const body = JSON.parse(text) as { code: string; message: string; details: string | null; hint: string | null };
	expect(Object.keys(body).sort()).toEqual(['code', 'details', 'hint', 'message']);
	return body;
}

describe('standin-select-cast-injection: a cast accepts only a type name', () => {
	const injection = (col: string, table: string) =>
		`${col}::text from ${table} union all select rolname from pg_roles union all select ${col}`;

	it('the case as written, on ledger_goals as anon: 400, no role names', async () => {
		if (!hasLedgerGoals) return; // a project without the app's schema: the fixture test below covers it
		await expectPgrst400(await get(`/rest/v1/ledger_goals?select=${encodeURIComponent(injection('code', 'ledger_goals'))}`));
	});

	it('the same on a fixture table, and other statement-shaped casts', async () => {
		const casts = [
			injection('name', 'conformance_items'),
			'name::text) from pg_roles --',
			'name::text;select 1',
			"name::text, 'x'",
			'name::text/**/from/**/pg_roles',
			'name::pg_catalog.text',
			'name::text collate "C"'
		];
		for (const c of casts) {
			const r = await get(`/rest/v1/conformance_items?select=${encodeURIComponent(c)}`);
			expect(r.status, c).toBe(400);
			expect(await r.text()).not.toMatch(ROLE_NAMES);
		}
	});

	it('real type names still cast (one word, multi-word, arrays)', async () => {
		const r = await get(`/rest/v1/conformance_items?select=${encodeURIComponent('id::text,price::double precision,qty::bigint')}&id=eq.1`);
		expect(r.status).toBe(200);
		expect(await r.json()).toEqual([{ id: '1', price: 1.2, qty: 5 }]);
	});
});

describe('no other part of the URL reaches SQL', () => {
	const paths = [
		`/rest/v1/conformance_items?order=${encodeURIComponent('id;select rolname from pg_roles')}`,
		`/rest/v1/conformance_items?order=${encodeURIComponent('(select 1)')}`,
		`/rest/v1/conformance_items?order=${encodeURIComponent('id.desc,rolname')}`,
		`/rest/v1/conformance_items?${encodeURIComponent('id) or (1=1')}=eq.1`,
		`/rest/v1/conformance_items?id=${encodeURIComponent("eq.1' or '1'='1")}`,
		`/rest/v1/conformance_items?id=${encodeURIComponent('in.(1) or true')}`,
		`/rest/v1/conformance_items?id=${encodeURIComponent('is.null or true')}`,
		`/rest/v1/conformance_items?or=${encodeURIComponent('(id.eq.1) or (true)')}`,
		`/rest/v1/conformance_items?or=${encodeURIComponent('("id".eq.1,"rolname) from pg_roles --".eq.1)')}`,
		`/rest/v1/conformance_items?select=${encodeURIComponent('"id"" from pg_roles --"')}`,
		`/rest/v1/conformance_items?limit=${encodeURIComponent('1; select 1')}`,
		`/rest/v1/conformance_items?offset=${encodeURIComponent('0 union select 1')}`,
		`/rest/v1/${encodeURIComponent('conformance_items" union select rolname from pg_roles --')}`,
		`/rest/v1/${encodeURIComponent('pg_roles')}`
	];
	it.each(paths)('%s → 4xx, no role names', async (path) => {
		const r = await get(path);
		const text = await r.text();
		expect(r.status, text).toBeGreaterThanOrEqual(400);
		expect(r.status, text).toBeLessThan(500);
		expect(text).not.toMatch(ROLE_NAMES);
	});

	it('rpc names are looked up, never spliced: 404 PGRST202', async () => {
		for (const name of ['conformance_text();select 1', 'conformance_text"()--', 'pg_sleep']) {
			const r = await get(`/rest/v1/rpc/${encodeURIComponent(name)}`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
			expect(r.status, name).toBe(404);
			expect(((await r.json()) as { code: string }).code).toBe('PGRST202');
		}
	});

	it('rpc argument names are matched against the catalog, never spliced', async () => {
		const r = await get('/rest/v1/rpc/conformance_add', {
			method: 'POST',
			body: JSON.stringify({ a: 1, 'b := 2) from pg_roles --': 1 }),
			headers: { 'Content-Type': 'application/json' }
		});
		expect(r.status).toBe(404);
	});
});

describe('standin-malformed-cookie: a malformed cookie is ignored', () => {
	it('GET, rpc and Auth answer normally with Cookie: a=%', async () => {
		const h = { Cookie: 'a=%' };
		const read = await get('/rest/v1/conformance_items?select=id&id=eq.1', { headers: h });
		expect(read.status).toBe(200);
		expect(await read.json()).toEqual([{ id: 1 }]);
		const rpc = await get('/rest/v1/rpc/conformance_add', { method: 'POST', body: '{"a":1,"b":2}', headers: { ...h, 'Content-Type': 'application/json' } });
		expect(rpc.status).toBe(200);
		expect(await rpc.json()).toBe(3);
		const mixed = await get('/rest/v1/conformance_items?select=id&id=eq.2', { headers: { Cookie: 'ok=1; bad=%E0%A4%A; x=%zz' } });
		expect(mixed.status).toBe(200);
		const auth = await get('/auth/v1/settings', { headers: h });
		expect(auth.status).toBe(200);
	});
});

describe('standin-deep-logic-tree: deep or huge URLs are refused cleanly', () => {
	it('or=(or=(or=(… 3000 levels …))) is 400 "too deeply nested" (PostgREST-style body), not 500', async () => {
		const literal = 'or=('.repeat(3000) + 'id.eq.1' + ')'.repeat(3000);
		const r1 = await get(`/rest/v1/conformance_items?or=${literal.slice(3)}`);
		const nested = '(' + 'or('.repeat(2999) + 'id.eq.1' + ')'.repeat(3000);
		const r2 = await get(`/rest/v1/conformance_items?or=${nested}`);
		for (const r of [r1, r2]) {
			if (t.kind === 'local') {
				const body = await expectPgrst400(r);
				expect(body.code).toBe('PGRST100');
				expect(body.message).toMatch(/too deeply nested/);
			} else {
				// A gateway may refuse the long URL first (414); never a 5xx.
				expect(r.status).toBeGreaterThanOrEqual(400);
				expect(r.status).toBeLessThan(500);
			}
		}
	});

	it('the same as ledger_goals in the case', async () => {
		if (!hasLedgerGoals) return;
		const r = await get(`/rest/v1/ledger_goals?or=${'('.repeat(1) + 'or('.repeat(2999) + 'id.eq.1' + ')'.repeat(3000)}`);
		expect(r.status).toBeGreaterThanOrEqual(400);
		expect(r.status).toBeLessThan(500);
	});

	it('a tree at the app depth still works', async () => {
		const r = await get(`/rest/v1/conformance_items?select=id&order=id&or=${encodeURIComponent('(id.eq.1,and(id.gt.8,or(name.eq.Grape,id.eq.10)))')}`);
		expect(r.status).toBe(200);
		expect(await r.json()).toEqual([{ id: 1 }, { id: 9 }, { id: 10 }]);
	});

	it('a huge in() list is answered, an oversized request line is refused without a 5xx', async () => {
		const list = Array.from({ length: 6000 }, (_, i) => i + 1).join(',');
		const big = await get(`/rest/v1/conformance_items?select=id&order=id&id=in.(${list})`);
		if (t.kind === 'local') {
			expect(big.status).toBe(200);
			expect(((await big.json()) as unknown[]).length).toBe(10);
		} else expect(big.status).toBeLessThan(500); // a gateway may cap URLs shorter (414)
		const tooBig = await get(`/rest/v1/conformance_items?select=id&name=eq.${'x'.repeat(200_000)}`);
		expect(tooBig.status).toBeGreaterThanOrEqual(400);
		expect(tooBig.status).toBeLessThan(500);
	});

	it('a path with broken percent-encoding is a 4xx', async () => {
		const r = await get('/rest/v1/%E0%A4%A');
		expect(r.status).toBeGreaterThanOrEqual(400);
		expect(r.status).toBeLessThan(500);
	});
});

describe('Auth paths with hostile text', () => {
	it('an undecodable admin user id is a 4xx, never a 5xx', async () => {
		const r = await raw(t, '/auth/v1/admin/users/%zz', { key: t.serviceRoleKey, headers: { Cookie: 'a=%' } });
		expect(r.status).toBeGreaterThanOrEqual(400);
		expect(r.status).toBeLessThan(500);
	});
});
