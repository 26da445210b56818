/**
 * Conformance: Data API function calls (`rpc()`) and PostgREST's error mapping, through supabase-js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import {
	client,
	clientWithToken,
	createTestUser,
	deleteTestUsers,
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
let user: TestUser;
let authed: SupabaseClient;

beforeAll(async () => {
	t = resolveTarget();
	await setupFixtures(t);
	anon = client(t);
	service = client(t, t.serviceRoleKey);
	user = await createTestUser(t, 'rpc');
	const r = await client(t).auth.signInWithPassword({ email: user.email, password: user.password });
	if (!r.data.session) throw new Error(r.error?.message);
	authed = clientWithToken(t, r.data.session.access_token);
});

afterAll(async () => {
	if (!t) return;
	await deleteTestUsers(t, [user]);
	await teardownFixtures(t);
});

describe('rpc results', () => {
	it('scalar: the JSON value itself', async () => {
		const r = await anon.rpc('conformance_add', { a: 40, b: 2 });
		expect(r.error).toBeNull();
		expect(r.status).toBe(200);
		expect(r.data).toBe(42);
		expect((await anon.rpc('conformance_add', { a: 1 })).data).toBe(2); // b has a default
		expect((await anon.rpc('conformance_text')).data).toBe('plain text');
	});

	it('casts each named argument to its declared type (json, arrays, booleans, dates)', async () => {
		const idsIn = ['6f1c2c1e-0000-4000-8000-000000000001', '6f1c2c1e-0000-4000-8000-000000000002'];
		const r = await anon.rpc('conformance_echo', {
			p_text: '童声 "quoted"',
			p_int: '7',
			p_json: { nested: [1, { two: true }] },
			p_ids: idsIn,
			p_flag: true,
			p_day: '2026-03-01'
		});
		expect(r.error).toBeNull();
		expect(r.data).toEqual({
			text: '童声 "quoted"',
			int: 7,
			int_type: 'integer',
			json: { nested: [1, { two: true }] },
			ids: idsIn,
			ids_type: 'uuid[]',
			flag: true,
			day: '2026-03-01'
		});
	});

	it('setof a table type: an array of objects, with filters, order and ranges applied', async () => {
		const r = await anon.rpc('conformance_items_in', { p_category: 'vegetable' });
		expect(r.error).toBeNull();
		expect((r.data as { id: number }[]).map((x) => x.id)).toEqual([4, 5, 7]);
		const f = await anon.rpc('conformance_items_in', { p_category: 'fruit' }).select('id, name').gt('qty', 0).order('id', { ascending: false });
		expect(f.data).toEqual([
			{ id: 8, name: 'Fig, dried' },
			{ id: 3, name: 'Banana' },
			{ id: 1, name: 'Apple' }
		]);
	});

	it('returns table (...): an array of objects', async () => {
		const r = await anon.rpc('conformance_series', { p_n: 3 });
		expect(r.data).toEqual([
			{ n: 1, label: 'n1' },
			{ n: 2, label: 'n2' },
			{ n: 3, label: 'n3' }
		]);
	});

	it('setof a scalar: an array of values', async () => {
		expect((await anon.rpc('conformance_numbers', { p_n: 4 })).data).toEqual([10, 20, 30, 40]);
		expect((await anon.rpc('conformance_numbers', { p_n: 0 })).data).toEqual([]);
	});

	it('a single composite: one object', async () => {
		const r = await anon.rpc('conformance_first_item');
		expect(r.error).toBeNull();
		expect(r.data).toMatchObject({ id: 1, name: 'Apple' });
	});

	it('count=exact on a set-returning function', async () => {
		const r = await anon.rpc('conformance_series', { p_n: 5 }, { count: 'exact' }).range(0, 1);
		expect(r.count).toBe(5);
		expect(r.data).toEqual([
			{ n: 1, label: 'n1' },
			{ n: 2, label: 'n2' }
		]);
	});

	it('single() on a set-returning function', async () => {
		const one = await anon.rpc('conformance_series', { p_n: 1 }).single();
		expect(one.data).toEqual({ n: 1, label: 'n1' });
		const many = await anon.rpc('conformance_series', { p_n: 2 }).single();
		expect(many.status).toBe(406);
		expect(many.error?.code).toBe('PGRST116');
	});

	it('void: 204 with no body, data null; the work is committed and ran as the caller', async () => {
		const r = await authed.rpc('conformance_log_note', { p_note: 'from the conformance suite' });
		expect(r.error).toBeNull();
		expect(r.status).toBe(204);
		expect(r.data).toBeNull();
		const sql = superuser(t);
		try {
			const rows = await sql`select note, by_role, by_sub::text as by_sub from public.conformance_log`;
			expect(rows.map((x) => ({ ...x }))).toEqual([{ note: 'from the conformance suite', by_role: 'authenticated', by_sub: user.id }]);
		} finally {
			await sql.end();
		}
	});

	it('unknown function: 404 PGRST202', async () => {
		const r = await anon.rpc('conformance_missing', { x: 1 });
		expect(r.status).toBe(404);
		expect(r.error?.code).toBe('PGRST202');
		expect(r.error?.message).toBe('Could not find the function public.conformance_missing(x) in the schema cache');
	});

	it('known function, unknown argument names: 404 PGRST202', async () => {
		const r = await anon.rpc('conformance_add', { a: 1, c: 2 });
		expect(r.status).toBe(404);
		expect(r.error?.code).toBe('PGRST202');
		expect(r.error?.message).toBe('Could not find the function public.conformance_add(a, c) in the schema cache');
	});

	it('a STABLE function runs read-only: writing in it is 25006 → 405', async () => {
		const r = await anon.rpc('conformance_stable_nextval');
		expect(r.status).toBe(405);
		expect(r.error?.code).toBe('25006');
		expect(r.error?.message).toBe('cannot execute nextval() in a read-only transaction');
	});
});

describe('error codes and statuses (message, details and hint pass through)', () => {
	const raise = (c: SupabaseClient, code: string, message?: string) => c.rpc('conformance_raise', message ? { p_code: code, p_message: message } : { p_code: code });

	it.each([
		['P0001', 400],
		['P0002', 500], // PL/pgSQL class P0 other than P0001 → 500 in PostgREST (use PT404 for a 404)
		['PT404', 404],
		['PT409', 409],
		['23505', 409],
		['23503', 409],
		['23502', 400],
		['23514', 400],
		['22023', 400],
		['22P02', 400],
		['42883', 404],
		['42P01', 404],
		['XX000', 500],
		['55000', 500],
		['42P10', 400] // any other code: 400
	])('raise %s → HTTP %i', async (code, status) => {
		const r = await raise(authed, code);
		expect(r.status).toBe(status);
		expect(r.error).toEqual({ code, message: `conformance ${code}`, details: `detail of ${code}`, hint: `hint for ${code}` });
	});

	it('42501 is 401 for anon and 403 for a signed-in user', async () => {
		const a = await raise(anon, '42501', 'not_allowed');
		expect(a.status).toBe(401);
		expect(a.error).toEqual({ code: '42501', message: 'not_allowed', details: 'detail of 42501', hint: 'hint for 42501' });
		const u = await raise(authed, '42501', 'not_allowed');
		expect(u.status).toBe(403);
		expect(u.error?.message).toBe('not_allowed');
		const s = await raise(service, '42501', 'not_allowed');
		expect(s.status).toBe(403);
	});

	it('a function anon may not execute: 42501, 401; allowed for authenticated', async () => {
		const a = await anon.rpc('conformance_authenticated_only');
		expect(a.status).toBe(401);
		expect(a.error?.code).toBe('42501');
		expect(a.error?.message).toBe('permission denied for function conformance_authenticated_only');
		const u = await authed.rpc('conformance_authenticated_only');
		expect(u.error).toBeNull();
		expect(u.data).toBe('members only');
	});

	it('real constraint violations keep Postgres message and detail', async () => {
		const dup = await authed.rpc('conformance_insert', { p_id: 1, p_name: 'again' });
		expect(dup.status).toBe(409);
		expect(dup.error).toEqual({
			code: '23505',
			message: 'duplicate key value violates unique constraint "conformance_items_pkey"',
			details: 'Key (id)=(1) already exists.',
			hint: null
		});
		const nul = await authed.rpc('conformance_insert', { p_id: 50, p_name: null });
		expect(nul.status).toBe(400);
		expect(nul.error?.code).toBe('23502');
		expect(nul.error?.message).toBe('null value in column "name" of relation "conformance_items" violates not-null constraint');
		const check = await authed.rpc('conformance_set_qty', { p_id: 1, p_qty: -1 });
		expect(check.status).toBe(400);
		expect(check.error?.code).toBe('23514');
		const fk = await authed.rpc('conformance_add_child', { p_item_id: 999 });
		expect(fk.status).toBe(409);
		expect(fk.error?.code).toBe('23503');
		expect(fk.error?.details).toBe('Key (item_id)=(999) is not present in table "conformance_items".');
	});

	it('an argument that does not parse as its type: 22P02, 400', async () => {
		const r = await anon.rpc('conformance_add', { a: 'abc' });
		expect(r.status).toBe(400);
		expect(r.error?.code).toBe('22P02');
		expect(r.error?.message).toBe('invalid input syntax for type integer: "abc"');
	});

	it('a failed call leaves nothing behind (the transaction rolls back)', async () => {
		await authed.rpc('conformance_insert', { p_id: 60, p_name: null });
		const r = await anon.from('conformance_items').select('id').eq('id', 60);
		expect(r.data).toEqual([]);
	});
});
