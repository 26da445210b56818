/**
 * Conformance: the Data API answers from a schema cache, as PostgREST does. A table or function
 * created without telling PostgREST is unknown (404 PGRST205 / PGRST202) until
 * `NOTIFY pgrst, 'reload schema'`; a Supabase project's event triggers (pgrst_ddl_watch,
 * pgrst_drop_watch) send that notification after ordinary DDL, so there it shows up by itself.
 * Objects are created with `session_replication_role = replica`, under which event triggers do
 * not fire: the only way the API can learn of them is the NOTIFY the test sends.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, resolveTarget, superuser, type Target } from './target.ts';

let t: Target;
const suffix = randomBytes(4).toString('hex');
const quiet = `conformance_quiet_${suffix}`;
const loud = `conformance_loud_${suffix}`;
const fn = `conformance_quiet_fn_${suffix}`;

async function db(text: string): Promise<void> {
	const sql = superuser(t);
	try {
		await sql.unsafe(text);
	} finally {
		await sql.end();
	}
}

/** Without event triggers: the API is not told. */
async function quietDdl(text: string): Promise<void> {
	const sql = superuser(t);
	try {
		await sql.begin(async (tx) => {
			await tx.unsafe('set local session_replication_role = replica');
			await tx.unsafe(text);
		});
	} finally {
		await sql.end();
	}
}

async function status(path: string, init: RequestInit = {}): Promise<{ status: number; code: string | undefined }> {
	const r = await raw(t, path, { key: t.serviceRoleKey, ...init });
	const body = (await r.json().catch(() => ({}))) as { code?: string };
	return { status: r.status, code: body.code };
}

const callFn = () => status(`/rest/v1/rpc/${fn}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"p_n": 2}' });

/** Poll until `probe` gives `want` (the reload is asynchronous), for at most 10 s. */
async function eventually(probe: () => Promise<{ status: number }>, want: number): Promise<number> {
	const deadline = Date.now() + 10_000;
	let last = -1;
	while (Date.now() < deadline) {
		last = (await probe()).status;
		if (last === want) return last;
		await new Promise((r) => setTimeout(r, 50));
	}
	return last;
}

beforeAll(async () => {
	t = resolveTarget();
});

afterAll(async () => {
	if (!t) return;
	await db(`drop table if exists public.${quiet}, public.${loud}; drop function if exists public.${fn}(integer);`);
});

describe('schema cache', () => {
	it('a table created without a notification is 404 PGRST205 until NOTIFY pgrst, then it is read', async () => {
		await quietDdl(`create table public.${quiet} (id integer primary key); insert into public.${quiet} values (1), (2);
			grant select on public.${quiet} to service_role`);
		// Give a (wrong) reload every chance to happen before asserting it did not.
		await new Promise((r) => setTimeout(r, 300));
		expect(await status(`/rest/v1/${quiet}?select=id`)).toEqual({ status: 404, code: 'PGRST205' });
		await db(`notify pgrst, 'reload schema'`);
		expect(await eventually(() => status(`/rest/v1/${quiet}?select=id`), 200)).toBe(200);
	});

	it('a function created without a notification is 404 PGRST202 until NOTIFY pgrst (empty payload works too)', async () => {
		await quietDdl(`create function public.${fn}(p_n integer) returns integer language sql immutable as $$ select p_n * 2 $$`);
		await new Promise((r) => setTimeout(r, 300));
		expect(await callFn()).toEqual({ status: 404, code: 'PGRST202' });
		await db(`notify pgrst`);
		expect(await eventually(callFn, 200)).toBe(200);
	});

	it('other payloads do not reload the schema', async () => {
		await quietDdl(`drop function public.${fn}(integer); create function public.${fn}(p_m integer) returns integer language sql immutable as $$ select p_m $$`);
		await db(`notify pgrst, 'something else'; notify pgrst, 'reload config'`);
		await new Promise((r) => setTimeout(r, 300));
		// The cache still has p_n: the call reaches Postgres, which has no such function any more.
		const stale = await callFn();
		expect(stale.status).toBe(404);
		expect(stale.code).toBe('42883');
		await db(`notify pgrst, 'reload schema'`);
		expect(await eventually(async () => ({ status: (await callFn()).code === 'PGRST202' ? 1 : 0 }), 1)).toBe(1);
	});

	it("ordinary DDL is picked up by itself (Supabase's pgrst_ddl_watch event trigger), and a drop too", async () => {
		await db(`create table public.${loud} (id integer primary key); grant select on public.${loud} to service_role`);
		expect(await eventually(() => status(`/rest/v1/${loud}?select=id`), 200)).toBe(200);
		await db(`drop table public.${loud}`);
		expect(await eventually(() => status(`/rest/v1/${loud}?select=id`), 404)).toBe(404);
		expect((await status(`/rest/v1/${loud}?select=id`)).code).toBe('PGRST205');
	});

	it('a table dropped without a notification is a Postgres 42P01 (404) until the reload, then PGRST205', async () => {
		await quietDdl(`drop table public.${quiet}`);
		expect(await status(`/rest/v1/${quiet}?select=id`)).toEqual({ status: 404, code: '42P01' });
		await db(`notify pgrst, 'reload schema'`);
		expect(await eventually(async () => ({ status: (await status(`/rest/v1/${quiet}?select=id`)).code === 'PGRST205' ? 1 : 0 }), 1)).toBe(1);
	});
});
