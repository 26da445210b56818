/**
 * Which Supabase the conformance suite drives, and the clients and fixtures it uses.
 *
 * Local (default): the stand-in started by `npm test` (PUBLIC_SUPABASE_URL, PUBLIC_SUPABASE_ANON_KEY,
 * SUPABASE_SERVICE_ROLE_KEY, CV_DB_URL). Real project: set all of CONFORMANCE_SUPABASE_URL,
 * CONFORMANCE_SUPABASE_ANON_KEY, CONFORMANCE_SUPABASE_SERVICE_ROLE_KEY and SUPABASE_DB_URL
 * (a `postgres` superuser connection string of that project).
 *
 * Fixtures live in their own objects (`public.conformance_*`), are created through the superuser
 * connection before a file's tests and dropped after them; test users are created through the
 * Auth admin API with unique addresses and deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import WebSocket from 'ws';

export interface Target {
	kind: 'local' | 'remote';
	url: string;
	anonKey: string;
	serviceRoleKey: string;
	dbUrl: string;
	/** Seconds a revoked refresh token stays swappable (GoTrue's REFRESH_TOKEN_REUSE_INTERVAL). */
	refreshReuseIntervalSeconds: number;
}

const REMOTE_VARS = ['CONFORMANCE_SUPABASE_URL', 'CONFORMANCE_SUPABASE_ANON_KEY', 'CONFORMANCE_SUPABASE_SERVICE_ROLE_KEY', 'SUPABASE_DB_URL'] as const;
const LOCAL_VARS = ['PUBLIC_SUPABASE_URL', 'PUBLIC_SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY', 'CV_DB_URL'] as const;

/**
 * Resolve the target from the environment.
 *
 * @throws when only some CONFORMANCE_* variables are set, or when neither set is complete
 */
export function resolveTarget(env: NodeJS.ProcessEnv = process.env): Target {
	const reuse = Number(env.CONFORMANCE_REFRESH_REUSE_INTERVAL ?? '10');
	if (env.CONFORMANCE_SUPABASE_URL || env.CONFORMANCE_SUPABASE_ANON_KEY || env.CONFORMANCE_SUPABASE_SERVICE_ROLE_KEY) {
		const missing = REMOTE_VARS.filter((v) => !env[v]);
		if (missing.length) throw new Error(`Conformance against a real project needs ${missing.join(', ')} as well`);
		return {
			kind: 'remote',
			url: env.CONFORMANCE_SUPABASE_URL!.replace(/\/+$/, ''),
			anonKey: env.CONFORMANCE_SUPABASE_ANON_KEY!,
			serviceRoleKey: env.CONFORMANCE_SUPABASE_SERVICE_ROLE_KEY!,
			dbUrl: env.SUPABASE_DB_URL!,
			refreshReuseIntervalSeconds: reuse
		};
	}
	const missing = LOCAL_VARS.filter((v) => !env[v]);
	if (missing.length) {
		throw new Error(`Missing ${missing.join(', ')}: run the conformance suite through \`npm test\` (which starts the local stack), or set ${REMOTE_VARS.join(', ')} for a real project`);
	}
	return {
		kind: 'local',
		url: env.PUBLIC_SUPABASE_URL!,
		anonKey: env.PUBLIC_SUPABASE_ANON_KEY!,
		serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY!,
		dbUrl: env.CV_DB_URL!,
		refreshReuseIntervalSeconds: reuse
	};
}

/** Rows in public.conformance_many. */
export const MANY_ROWS = 2500;

/** Limits of the target the tests must know: the row cap and the Auth rate limit setup. */
export interface TargetLimits {
	/** PostgREST's db-max-rows (`[api] max_rows`). */
	maxRows: number;
	/** Header whose first value is the client address for Auth rate limits; null = the tests cannot steer it (skipped). */
	rateLimitHeader: string | null;
	/** `[auth.rate_limit] token_refresh`: /token bucket refill per 5 minutes. */
	tokenRefreshPer5Min: number;
}

/**
 * The local stand-in's limits come from supabase/config.toml and the same environment overrides
 * the server read; a real project's from CONFORMANCE_MAX_ROWS (default 1000),
 * CONFORMANCE_RATE_LIMIT_HEADER (unset: rate-limit tests skipped; a hosted project's address
 * header is not the client's to set) and CONFORMANCE_TOKEN_RATE_LIMIT (default 150).
 */
export async function targetLimits(t: Target, env: NodeJS.ProcessEnv = process.env): Promise<TargetLimits> {
	if (t.kind === 'local') {
		const { loadConfig } = await import('../config.ts');
		const c = await loadConfig(undefined, env);
		return { maxRows: c.maxRows ?? Number.POSITIVE_INFINITY, rateLimitHeader: c.rateLimitHeader, tokenRefreshPer5Min: c.tokenRefreshPer5Min };
	}
	return {
		maxRows: Number(env.CONFORMANCE_MAX_ROWS ?? '1000'),
		rateLimitHeader: env.CONFORMANCE_RATE_LIMIT_HEADER || null,
		tokenRefreshPer5Min: Number(env.CONFORMANCE_TOKEN_RATE_LIMIT ?? '150')
	};
}

/** A supabase-js client as the app builds one on the server: no persisted session, ws for realtime. */
export function client(t: Target, key: string = t.anonKey): SupabaseClient {
	return createClient(t.url, key, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
	});
}

/** A client acting with a user's access token (as @supabase/ssr does after sign-in). */
export function clientWithToken(t: Target, accessToken: string): SupabaseClient {
	return createClient(t.url, t.anonKey, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		global: { headers: { Authorization: `Bearer ${accessToken}` } },
		realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
	});
}

/** Superuser SQL connection for fixtures. */
export function superuser(t: Target): postgres.Sql {
	return postgres(t.dbUrl, { max: 2, onnotice: () => {}, ssl: t.kind === 'remote' ? 'require' : false });
}

/** A unique, syntactically valid e-mail for a test user. */
export function testEmail(label: string): string {
	const domain = process.env.CONFORMANCE_EMAIL_DOMAIN ?? 'example.com';
	return `conformance-${label}-${randomBytes(5).toString('hex')}@${domain}`;
}

/** The fixture schema: tables, RLS policies and functions every conformance file may use. */
export const FIXTURES_SQL = `
drop table if exists public.conformance_children, public.conformance_items, public.conformance_private,
  public.conformance_noaccess, public.conformance_log, public.conformance_many cascade;
drop sequence if exists public.conformance_seq;
drop function if exists public.conformance_add(integer, integer), public.conformance_echo(text, integer, jsonb, uuid[], boolean, date),
  public.conformance_items_in(text), public.conformance_series(integer), public.conformance_numbers(integer),
  public.conformance_text(), public.conformance_whoami(), public.conformance_raise(text, text),
  public.conformance_insert(integer, text), public.conformance_set_qty(integer, integer), public.conformance_add_child(integer),
  public.conformance_authenticated_only(), public.conformance_stable_nextval(), public.conformance_log_note(text),
  public.conformance_first_item(), public.conformance_many_rows(), public.conformance_many_ids() cascade;

create table public.conformance_items (
  id integer primary key,
  name text not null,
  category text,
  qty integer check (qty is null or qty >= 0),
  price numeric(10,2),
  active boolean not null default true,
  created_at timestamptz not null default '2026-01-01T00:00:00Z'
);
insert into public.conformance_items (id, name, category, qty, price, active, created_at) values
  (1, 'Apple',      'fruit',     5,    1.20, true,  '2026-01-01T08:00:00Z'),
  (2, 'apricot',    'fruit',     0,    2.50, true,  '2026-01-02T08:00:00Z'),
  (3, 'Banana',     'fruit',     12,   0.80, false, '2026-01-03T08:00:00Z'),
  (4, 'Carrot',     'vegetable', 7,    0.50, true,  '2026-01-04T08:00:00Z'),
  (5, 'cabbage',    'vegetable', null, 1.10, true,  '2026-01-05T08:00:00Z'),
  (6, 'Dates 50%',  null,        3,    4.00, true,  '2026-01-06T08:00:00Z'),
  (7, 'Eggplant',   'vegetable', 9,    null, false, '2026-01-07T08:00:00Z'),
  (8, 'Fig, dried', 'fruit',     1,    3.30, true,  '2026-01-08T08:00:00Z'),
  (9, 'Grape',      null,        null, 2.00, true,  '2026-01-09T08:00:00Z'),
  (10, '小熊猫',     'toy',       2,    9.90, true,  '2026-01-10T08:00:00Z');
alter table public.conformance_items enable row level security;
create policy conformance_items_read on public.conformance_items for select to anon, authenticated using (true);
grant select on public.conformance_items to anon, authenticated, service_role;

create table public.conformance_children (
  id integer generated always as identity primary key,
  item_id integer not null references public.conformance_items (id)
);
alter table public.conformance_children enable row level security;

create table public.conformance_private (
  id integer primary key,
  owner_id uuid not null,
  secret text not null
);
alter table public.conformance_private enable row level security;
create policy conformance_private_own on public.conformance_private for select to authenticated using (owner_id = auth.uid());
grant select on public.conformance_private to anon, authenticated, service_role;

create table public.conformance_noaccess (id integer primary key);
insert into public.conformance_noaccess values (1), (2);
alter table public.conformance_noaccess enable row level security;
revoke all on public.conformance_noaccess from anon, authenticated;
grant select on public.conformance_noaccess to service_role;

create table public.conformance_log (
  id bigint generated always as identity primary key,
  note text not null,
  by_role text,
  by_sub uuid
);
alter table public.conformance_log enable row level security;

-- More rows than max_rows (1000 on a project by default) for the row-cap tests.
create table public.conformance_many (id integer primary key, label text not null);
insert into public.conformance_many select g, 'row ' || g from generate_series(1, 2500) g;
alter table public.conformance_many enable row level security;
create policy conformance_many_read on public.conformance_many for select to anon, authenticated using (true);
grant select on public.conformance_many to anon, authenticated, service_role;

create function public.conformance_many_rows() returns setof public.conformance_many
language sql stable as $$ select * from public.conformance_many order by id $$;

create function public.conformance_many_ids() returns setof integer
language sql stable as $$ select id from public.conformance_many order by id $$;

create sequence public.conformance_seq;
grant usage on sequence public.conformance_seq to anon, authenticated, service_role;

create function public.conformance_add(a integer, b integer default 1) returns integer
language sql immutable as $$ select a + b $$;

create function public.conformance_echo(p_text text, p_int integer, p_json jsonb, p_ids uuid[], p_flag boolean default false, p_day date default null)
returns jsonb language sql stable as $$
  select jsonb_build_object('text', p_text, 'int', p_int, 'int_type', pg_typeof(p_int)::text, 'json', p_json,
    'ids', to_jsonb(p_ids), 'ids_type', pg_typeof(p_ids)::text, 'flag', p_flag, 'day', p_day)
$$;

create function public.conformance_items_in(p_category text) returns setof public.conformance_items
language sql stable as $$ select * from public.conformance_items where category = p_category order by id $$;

create function public.conformance_series(p_n integer) returns table (n integer, label text)
language sql immutable as $$ select g, 'n' || g from generate_series(1, p_n) g $$;

create function public.conformance_numbers(p_n integer) returns setof integer
language sql immutable as $$ select g * 10 from generate_series(1, p_n) g $$;

create function public.conformance_text() returns text language sql immutable as $$ select 'plain text' $$;

create function public.conformance_first_item() returns public.conformance_items
language sql stable as $$ select * from public.conformance_items order by id limit 1 $$;

create function public.conformance_whoami() returns jsonb language sql stable as $$
  select jsonb_build_object(
    'current_user', current_user,
    'uid', auth.uid(),
    'role_claim', auth.jwt() ->> 'role',
    'email_claim', auth.jwt() ->> 'email',
    'method', current_setting('request.method', true),
    'path', current_setting('request.path', true),
    'has_apikey_header', coalesce((current_setting('request.headers', true)::jsonb) ? 'apikey', false),
    'search_path', current_setting('search_path'),
    'read_only', current_setting('transaction_read_only')
  )
$$;

create function public.conformance_raise(p_code text, p_message text default null) returns void
language plpgsql as $$
begin
  raise exception using errcode = p_code, message = coalesce(p_message, 'conformance ' || p_code),
    detail = 'detail of ' || p_code, hint = 'hint for ' || p_code;
end
$$;

create function public.conformance_insert(p_id integer, p_name text) returns integer
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.conformance_items (id, name) values (p_id, p_name);
  return p_id;
end
$$;

create function public.conformance_set_qty(p_id integer, p_qty integer) returns void
language sql security definer set search_path = '' as $$
  update public.conformance_items set qty = p_qty where id = p_id
$$;

create function public.conformance_add_child(p_item_id integer) returns void
language sql security definer set search_path = '' as $$
  insert into public.conformance_children (item_id) values (p_item_id)
$$;

create function public.conformance_authenticated_only() returns text language sql stable as $$ select 'members only' $$;
revoke execute on function public.conformance_authenticated_only() from public, anon;
grant execute on function public.conformance_authenticated_only() to authenticated, service_role;

-- STABLE yet calls nextval(): PostgREST runs it READ ONLY, so it fails (25006 → 405).
create function public.conformance_stable_nextval() returns bigint language sql stable as $$ select nextval('public.conformance_seq') $$;

create function public.conformance_log_note(p_note text) returns void
language sql security definer set search_path = '' as $$
  insert into public.conformance_log (note, by_role, by_sub) values (p_note, auth.role(), auth.uid())
$$;
`;

/** Drops every fixture object. */
export const TEARDOWN_SQL = `
drop table if exists public.conformance_children, public.conformance_items, public.conformance_private,
  public.conformance_noaccess, public.conformance_log, public.conformance_many cascade;
drop sequence if exists public.conformance_seq;
drop function if exists public.conformance_add(integer, integer), public.conformance_echo(text, integer, jsonb, uuid[], boolean, date),
  public.conformance_items_in(text), public.conformance_series(integer), public.conformance_numbers(integer),
  public.conformance_text(), public.conformance_whoami(), public.conformance_raise(text, text),
  public.conformance_insert(integer, text), public.conformance_set_qty(integer, integer), public.conformance_add_child(integer),
  public.conformance_authenticated_only(), public.conformance_stable_nextval(), public.conformance_log_note(text),
  public.conformance_first_item(), public.conformance_many_rows(), public.conformance_many_ids() cascade;
`;

/** After DDL on a real project, PostgREST must reload its schema cache before it sees the objects. */
async function waitForSchema(t: Target, present: boolean): Promise<void> {
	if (t.kind === 'local') return; // the stand-in reads the catalog on every request
	const sql = superuser(t);
	try {
		await sql`notify pgrst, 'reload schema'`;
	} finally {
		await sql.end();
	}
	const c = client(t, t.serviceRoleKey);
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		const table = await c.from('conformance_items').select('id').limit(1);
		const fn = await c.rpc('conformance_text');
		if (present ? table.status === 200 && fn.status === 200 : table.status === 404) return;
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`PostgREST did not ${present ? 'pick up' : 'drop'} the conformance fixtures within 30 s`);
}

/** Create the fixtures (dropping leftovers of an interrupted run first). */
export async function setupFixtures(t: Target): Promise<void> {
	const sql = superuser(t);
	try {
		await sql.begin((tx) => tx.unsafe(FIXTURES_SQL));
	} finally {
		await sql.end();
	}
	await waitForSchema(t, true);
}

/** Drop the fixtures. */
export async function teardownFixtures(t: Target): Promise<void> {
	const sql = superuser(t);
	try {
		await sql.begin((tx) => tx.unsafe(TEARDOWN_SQL));
	} finally {
		await sql.end();
	}
	await waitForSchema(t, false);
}

export interface TestUser {
	id: string;
	email: string;
	password: string;
}

/** Create a confirmed e-mail/password user through the admin API. */
export async function createTestUser(t: Target, label: string, extra: { app_metadata?: Record<string, unknown> } = {}): Promise<TestUser> {
	const email = testEmail(label);
	const password = `pw-${randomBytes(8).toString('hex')}`;
	const admin = client(t, t.serviceRoleKey).auth.admin;
	const { data, error } = await admin.createUser({ email, password, email_confirm: true, ...extra });
	if (error || !data.user) throw new Error(`admin.createUser failed: ${error?.message ?? 'no user'}`);
	return { id: data.user.id, email, password };
}

/** Delete test users (ignores ones already gone). */
export async function deleteTestUsers(t: Target, users: (TestUser | undefined)[]): Promise<void> {
	const admin = client(t, t.serviceRoleKey).auth.admin;
	for (const u of users) if (u) await admin.deleteUser(u.id);
}

/** Raw fetch against the target with the gateway headers supabase-js would send. */
export async function raw(t: Target, path: string, init: RequestInit & { key?: string | null; bearer?: string | null } = {}): Promise<Response> {
	const headers = new Headers(init.headers);
	const key = init.key === undefined ? t.anonKey : init.key;
	if (key !== null) headers.set('apikey', key);
	const bearer = init.bearer === undefined ? key : init.bearer;
	if (bearer !== null && bearer !== undefined) headers.set('Authorization', `Bearer ${bearer}`);
	return fetch(`${t.url}${path}`, { ...init, headers });
}
