/**
 * Conformance: Data API reads (PostgREST) as the app uses them, through supabase-js:
 * select, every filter, order, ranges, counts, single/maybeSingle, RLS per role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import {
	client,
	clientWithToken,
	createTestUser,
	deleteTestUsers,
	raw,
	resolveTarget,
	setupFixtures,
	superuser,
	teardownFixtures,
	type Target,
	type TestUser
} from './target.ts';

let t: Target;
let anon: SupabaseClient;
let service: SupabaseClient;
let owner: TestUser;
let stranger: TestUser;
let ownerClient: SupabaseClient;
let strangerClient: SupabaseClient;

beforeAll(async () => {
	t = resolveTarget();
	await setupFixtures(t);
	anon = client(t);
	service = client(t, t.serviceRoleKey);
	owner = await createTestUser(t, 'owner');
	stranger = await createTestUser(t, 'stranger');
	const sql = superuser(t);
	try {
		await sql`insert into public.conformance_private (id, owner_id, secret) values
			(1, ${owner.id}, 'owner one'), (2, ${owner.id}, 'owner two'), (3, ${stranger.id}, 'stranger three')`;
	} finally {
		await sql.end();
	}
	const signIn = async (u: TestUser) => {
		const r = await client(t).auth.signInWithPassword({ email: u.email, password: u.password });
		if (!r.data.session) throw new Error(r.error?.message);
		return clientWithToken(t, r.data.session.access_token);
	};
	ownerClient = await signIn(owner);
	strangerClient = await signIn(stranger);
});

afterAll(async () => {
	if (!t) return;
	await deleteTestUsers(t, [owner, stranger]);
	await teardownFixtures(t);
});

const ids = (rows: { id: number }[] | null) => (rows ?? []).map((r) => r.id);

describe('select', () => {
	it('returns every column with Postgres-rendered JSON values', async () => {
		const { data, error, status } = await anon.from('conformance_items').select('*').eq('id', 1);
		expect(error).toBeNull();
		expect(status).toBe(200);
		expect(data).toEqual([
			{ id: 1, name: 'Apple', category: 'fruit', qty: 5, price: 1.2, active: true, created_at: '2026-01-01T08:00:00+00:00' }
		]);
	});

	it('selects listed columns, renames with alias:column and casts with ::type', async () => {
		const { data, error } = await anon.from('conformance_items').select('ident:id, name, price::text').eq('id', 3);
		expect(error).toBeNull();
		expect(data).toEqual([{ ident: 3, name: 'Banana', price: '0.80' }]);
	});

	it('reports an unknown column with Postgres 42703 and status 400', async () => {
		const { data, error, status } = await anon.from('conformance_items').select('id, nope');
		expect(data).toBeNull();
		expect(status).toBe(400);
		expect(error?.code).toBe('42703');
		expect(error?.message).toMatch(/column .*nope does not exist/);
	});

	it('reports an unknown table with 404 PGRST205', async () => {
		const { error, status } = await anon.from('conformance_nope').select('*');
		expect(status).toBe(404);
		expect(error?.code).toBe('PGRST205');
		expect(error?.message).toBe("Could not find the table 'public.conformance_nope' in the schema cache");
	});
});

describe('filters', () => {
	const q = () => anon.from('conformance_items').select('id').order('id');

	it('eq / neq', async () => {
		expect(ids((await q().eq('category', 'vegetable')).data)).toEqual([4, 5, 7]);
		// neq never matches NULL (SQL semantics), as in PostgREST.
		expect(ids((await q().neq('category', 'fruit')).data)).toEqual([4, 5, 7, 10]);
	});

	it('gt / gte / lt / lte on integers, numerics and timestamps', async () => {
		expect(ids((await q().gt('qty', 7)).data)).toEqual([3, 7]);
		expect(ids((await q().gte('qty', 7)).data)).toEqual([3, 4, 7]);
		expect(ids((await q().lt('price', 1)).data)).toEqual([3, 4]);
		expect(ids((await q().lte('price', 1.1)).data)).toEqual([3, 4, 5]);
		expect(ids((await q().gte('created_at', '2026-01-09T00:00:00Z')).data)).toEqual([9, 10]);
	});

	it('in (with quoted values containing commas)', async () => {
		expect(ids((await q().in('id', [2, 4, 6, 99])).data)).toEqual([2, 4, 6]);
		expect(ids((await q().in('name', ['Fig, dried', 'Grape'])).data)).toEqual([8, 9]);
		expect(ids((await q().in('id', [])).data)).toEqual([]);
	});

	it('is null / true / false', async () => {
		expect(ids((await q().is('category', null)).data)).toEqual([6, 9]);
		expect(ids((await q().is('active', false)).data)).toEqual([3, 7]);
		expect(ids((await q().is('active', true)).data)).toEqual([1, 2, 4, 5, 6, 8, 9, 10]);
		expect(ids((await q().eq('active', false)).data)).toEqual([3, 7]);
	});

	it('like / ilike with * and % wildcards', async () => {
		expect(ids((await q().like('name', 'A*')).data)).toEqual([1]);
		expect(ids((await q().ilike('name', 'a%')).data)).toEqual([1, 2]);
		expect(ids((await q().ilike('name', '*AP*')).data)).toEqual([1, 2, 9]);
		expect(ids((await q().like('name', '小*')).data)).toEqual([10]);
	});

	it('not.<op>', async () => {
		expect(ids((await q().not('category', 'is', null)).data)).toEqual([1, 2, 3, 4, 5, 7, 8, 10]);
		expect(ids((await q().not('id', 'in', '(1,2,3,4,5,6,7)')).data)).toEqual([8, 9, 10]);
		expect(ids((await q().not('qty', 'gt', 3)).data)).toEqual([2, 6, 8, 10]);
	});

	it('or(...) logic trees, nested with and(...)', async () => {
		expect(ids((await q().or('qty.gt.10,category.is.null')).data)).toEqual([3, 6, 9]);
		expect(ids((await q().or('id.eq.1,and(category.eq.vegetable,active.is.false)')).data)).toEqual([1, 7]);
	});

	it('combines several filters with AND', async () => {
		expect(ids((await q().eq('category', 'fruit').eq('active', true).gte('qty', 1)).data)).toEqual([1, 8]);
	});

	it('a value that is not of the column type is a Postgres 22P02 error (400)', async () => {
		const { error, status } = await q().eq('id', 'abc');
		expect(status).toBe(400);
		expect(error?.code).toBe('22P02');
		expect(error?.message).toBe('invalid input syntax for type integer: "abc"');
	});
});

describe('order, limit, offset, ranges, counts', () => {
	it('orders by several columns, with nulls first or last', async () => {
		const r1 = await anon.from('conformance_items').select('id').order('category', { ascending: true, nullsFirst: true }).order('id', { ascending: false });
		expect(ids(r1.data)).toEqual([9, 6, 8, 3, 2, 1, 10, 7, 5, 4]);
		const r2 = await anon.from('conformance_items').select('id, qty').order('qty', { ascending: false, nullsFirst: false }).limit(3);
		expect(ids(r2.data)).toEqual([3, 7, 4]);
		const r3 = await anon.from('conformance_items').select('id').order('qty', { ascending: false }).limit(2);
		// PostgreSQL's default for DESC is NULLS FIRST.
		expect(ids(r3.data)).toEqual([5, 9]);
	});

	it('limit and range (offset)', async () => {
		expect(ids((await anon.from('conformance_items').select('id').order('id').limit(3)).data)).toEqual([1, 2, 3]);
		expect(ids((await anon.from('conformance_items').select('id').order('id').range(2, 4)).data)).toEqual([3, 4, 5]);
		expect(ids((await anon.from('conformance_items').select('id').order('id').range(8, 20)).data)).toEqual([9, 10]);
	});

	it('count=exact gives the total and 206 for a partial page', async () => {
		const r = await anon.from('conformance_items').select('id', { count: 'exact' }).order('id').range(0, 2);
		expect(r.error).toBeNull();
		expect(r.count).toBe(10);
		expect(r.status).toBe(206);
		expect(ids(r.data)).toEqual([1, 2, 3]);
		const all = await anon.from('conformance_items').select('id', { count: 'exact' }).eq('category', 'fruit');
		expect(all.count).toBe(4);
		expect(all.status).toBe(200);
	});

	it('head + count=exact returns only the count', async () => {
		const r = await anon.from('conformance_items').select('*', { count: 'exact', head: true }).eq('active', true);
		expect(r.error).toBeNull();
		expect(r.data).toBeNull();
		expect(r.count).toBe(8);
	});

	it('HEAD answers the status and Content-Range that GET would, with no body', async () => {
		const queries: [string, Record<string, string>][] = [
			['select=id&order=id&offset=2&limit=3', { Prefer: 'count=exact' }],
			['select=id&order=id&offset=2&limit=3', {}],
			['select=id,name&active=eq.true', { Prefer: 'count=exact' }],
			['select=id&category=eq.fruit&limit=2', { Prefer: 'count=exact' }],
			['select=id&id=eq.999', { Prefer: 'count=exact' }],
			['select=id&id=eq.999', {}],
			['select=id&order=id', { Range: '1-2', 'Range-Unit': 'items', Prefer: 'count=exact' }],
			['select=id&order=id&offset=20', { Prefer: 'count=exact' }], // past the end: 416 for both
			['select=no_such_column', { Prefer: 'count=exact' }], // a bad column fails for both
			['select=id&no_such_column=eq.1', {}]
		];
		for (const [query, headers] of queries) {
			const get = await raw(t, `/rest/v1/conformance_items?${query}`, { headers });
			const head = await raw(t, `/rest/v1/conformance_items?${query}`, { method: 'HEAD', headers });
			const what = `${query} ${JSON.stringify(headers)}`;
			expect(head.status, what).toBe(get.status);
			expect(head.headers.get('content-range'), what).toBe(get.headers.get('content-range'));
			expect(await head.text(), what).toBe('');
		}
	});

	it('Content-Range shows the rows returned and the total', async () => {
		const res = await raw(t, '/rest/v1/conformance_items?select=id&order=id&offset=2&limit=3', { headers: { Prefer: 'count=exact' } });
		expect(res.status).toBe(206);
		expect(res.headers.get('content-range')).toBe('2-4/10');
		const none = await raw(t, '/rest/v1/conformance_items?select=id&id=eq.999');
		expect(none.status).toBe(200);
		expect(none.headers.get('content-range')).toBe('*/*');
		expect(await none.json()).toEqual([]);
	});

	it('a Range header limits the rows like offset/limit', async () => {
		const res = await raw(t, '/rest/v1/conformance_items?select=id&order=id', { headers: { Range: '1-2', 'Range-Unit': 'items' } });
		expect(await res.json()).toEqual([{ id: 2 }, { id: 3 }]);
		expect(res.headers.get('content-range')).toBe('1-2/*');
	});
});

describe('single() and maybeSingle()', () => {
	it('single() returns the one row as an object', async () => {
		const { data, error } = await anon.from('conformance_items').select('id, name').eq('id', 4).single();
		expect(error).toBeNull();
		expect(data).toEqual({ id: 4, name: 'Carrot' });
	});

	it('single() with no row is 406 PGRST116', async () => {
		const { data, error, status } = await anon.from('conformance_items').select('id').eq('id', 999).single();
		expect(data).toBeNull();
		expect(status).toBe(406);
		expect(error?.code).toBe('PGRST116');
		expect(error?.details).toMatch(/0 rows/);
	});

	it('single() with several rows is 406 PGRST116', async () => {
		const { error, status } = await anon.from('conformance_items').select('id').eq('category', 'fruit').single();
		expect(status).toBe(406);
		expect(error?.code).toBe('PGRST116');
		expect(error?.details).toMatch(/4 rows/);
	});

	it('maybeSingle() gives null for no row, the object for one, an error for several', async () => {
		const none = await anon.from('conformance_items').select('id').eq('id', 999).maybeSingle();
		expect(none.error).toBeNull();
		expect(none.data).toBeNull();
		const one = await anon.from('conformance_items').select('id').eq('id', 5).maybeSingle();
		expect(one.data).toEqual({ id: 5 });
		const many = await anon.from('conformance_items').select('id').eq('category', 'vegetable').maybeSingle();
		expect(many.data).toBeNull();
		expect(many.error?.code).toBe('PGRST116');
	});
});

describe('RLS seen through the API', () => {
	it('anon sees no rows of a table whose policy is for authenticated only', async () => {
		const { data, error, status } = await anon.from('conformance_private').select('id').order('id');
		expect(error).toBeNull();
		expect(status).toBe(200);
		expect(data).toEqual([]);
	});

	it('an authenticated user sees only their own rows', async () => {
		expect(ids((await ownerClient.from('conformance_private').select('id').order('id')).data)).toEqual([1, 2]);
		expect(ids((await strangerClient.from('conformance_private').select('id').order('id')).data)).toEqual([3]);
		const other = await strangerClient.from('conformance_private').select('id').eq('id', 1).maybeSingle();
		expect(other.error).toBeNull();
		expect(other.data).toBeNull();
	});

	it('service_role bypasses RLS', async () => {
		expect(ids((await service.from('conformance_private').select('id').order('id')).data)).toEqual([1, 2, 3]);
	});

	it('a table without the grant is 42501: 401 for anon, 403 for a signed-in user', async () => {
		const a = await anon.from('conformance_noaccess').select('id');
		expect(a.status).toBe(401);
		expect(a.error?.code).toBe('42501');
		expect(a.error?.message).toBe('permission denied for table conformance_noaccess');
		const u = await ownerClient.from('conformance_noaccess').select('id');
		expect(u.status).toBe(403);
		expect(u.error?.code).toBe('42501');
		const s = await service.from('conformance_noaccess').select('id').order('id');
		expect(ids(s.data)).toEqual([1, 2]);
	});

	it('each request runs as the JWT role with the claims, method and path PostgREST sets', async () => {
		const a = await anon.rpc('conformance_whoami');
		expect(a.error).toBeNull();
		expect(a.data).toMatchObject({ current_user: 'anon', uid: null, role_claim: 'anon', method: 'POST', path: '/rpc/conformance_whoami', has_apikey_header: true });
		const o = await ownerClient.rpc('conformance_whoami');
		expect(o.data).toMatchObject({ current_user: 'authenticated', uid: owner.id, role_claim: 'authenticated', email_claim: owner.email });
		const s = await service.rpc('conformance_whoami');
		expect(s.data).toMatchObject({ current_user: 'service_role', role_claim: 'service_role' });
	});

	it("a signed-out session's access token is refused by the project's db-pre-request (PostgREST itself never looks at sessions)", async () => {
		const c = client(t);
		const { data } = await c.auth.signInWithPassword({ email: owner.email, password: owner.password });
		const before = await clientWithToken(t, data.session!.access_token).rpc('conformance_whoami');
		expect((before.data as { uid: string }).uid).toBe(owner.id);
		await c.auth.signOut();
		// request_guard.check_session (pgrst.db_pre_request of authenticator; signing-keys.test.ts).
		const r = await clientWithToken(t, data.session!.access_token).rpc('conformance_whoami');
		expect(r.status).toBe(401);
		expect(r.error).toMatchObject({ code: 'PT401', message: 'session_ended' });
	});
});
