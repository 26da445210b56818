/**
 * Every migration and the seed are pushable to a project with the official tool: the real
 * Supabase CLI (`supabase db push --include-seed`, the pinned npm release, no Docker needed for it)
 * pushes them into a fresh database of the test Postgres that has only what a Supabase project has
 * before its migrations (the roles, `auth`, `extensions`: supabase/local/bootstrap.sql), and the
 * result matches the database the stand-in migrated itself.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { listMigrations } from '../../supabase/local/migrate.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'node_modules', '.bin', 'supabase');
const dbUrl = process.env.CV_DB_URL!;
const dbName = `cv_push_${process.pid}`;

let admin: postgres.Sql;
let pushed: postgres.Sql;
let main: postgres.Sql;
let result: { code: number; stdout: string; stderr: string };

function urlOf(db: string, extra: Record<string, string> = {}): string {
	const u = new URL(dbUrl);
	u.pathname = `/${db}`;
	for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
	return u.toString();
}

beforeAll(async () => {
	admin = postgres(dbUrl, { max: 1, onnotice: () => {} });
	main = admin;
	await admin.unsafe(`drop database if exists ${dbName} with (force)`);
	await admin.unsafe(`create database ${dbName}`);
	const fresh = postgres(urlOf(dbName), { max: 1, onnotice: () => {} });
	try {
		await fresh.unsafe(readFileSync(path.join(root, 'supabase', 'local', 'bootstrap.sql'), 'utf8'));
	} finally {
		await fresh.end();
	}
	result = await promisify(execFile)(cli, ['db', 'push', '--db-url', urlOf(dbName, { sslmode: 'disable' }), '--include-seed', '--yes'], {
		cwd: root,
		env: { ...process.env, DO_NOT_TRACK: '1' },
		timeout: 150_000,
		maxBuffer: 16 * 1024 * 1024
	}).then(
		(r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
		(e: { code?: number; stdout?: string; stderr?: string }) => ({ code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' })
	);
	pushed = postgres(urlOf(dbName), { max: 1, onnotice: () => {} });
}, 200_000);

afterAll(async () => {
	await pushed?.end();
	await admin?.unsafe(`drop database if exists ${dbName} with (force)`);
	await admin?.end();
});

/** Tables, views and functions of public, with their shape, as text to compare. */
async function publicShape(sql: postgres.Sql): Promise<string[]> {
	const rows = await sql<{ s: string }[]>`
		select c.relkind::text || ' ' || c.relname || '(' || string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' order by a.attnum) || ')' as s
		  from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
		 where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v', 'm')
		 group by c.relkind, c.relname
		union all
		select 'f ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' from pg_proc p where p.pronamespace = 'public'::regnamespace
		union all
		select 'p ' || tablename || '.' || policyname from pg_policies where schemaname = 'public'
		order by 1`;
	return rows.map((r) => r.s);
}

describe('supabase db push (the official CLI) into a fresh project database', () => {
	it('exits 0 and applies every migration, then the seed', () => {
		expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
		// The CLI reports progress on stderr.
		const out = `${result.stdout}\n${result.stderr}`;
		for (const m of listMigrations()) expect(out).toContain(`Applying migration ${m.version}_${m.name}.sql`);
		expect(out).toContain('Seeding data from supabase/seed.sql');
		expect(out).toContain('Finished supabase db push');
	});

	it('records every migration in the history table a project keeps', async () => {
		const rows = await pushed<{ version: string }[]>`select version from supabase_migrations.schema_migrations order by version`;
		expect(rows.map((r) => r.version)).toEqual(listMigrations().map((m) => m.version));
	});

	it('builds the same public schema (tables, views, columns, functions, policies) as the stand-in', async () => {
		const want = await publicShape(main);
		expect(want.length).toBeGreaterThan(20);
		expect(await publicShape(pushed)).toEqual(want);
	});

	it('loads the seed: the ledger and the demo class are there', async () => {
		const [goals] = await pushed<{ n: number }[]>`select count(*)::int as n from public.ledger_goals`;
		const [wantGoals] = await main<{ n: number }[]>`select count(*)::int as n from public.ledger_goals`;
		expect(goals!.n).toBe(wantGoals!.n);
		expect(goals!.n).toBeGreaterThan(0);
		const [cls] = await pushed<{ code: string }[]>`select code from public.classes where id = 'c1000000-0000-4000-8000-000000000052'`;
		expect(cls?.code).toBe('DEMO52');
	});
});
