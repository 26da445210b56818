/**
 * Supabase's database advisor against the migrated, seeded database: the lints of supabase/splinter
 * that the dashboard shows as its Security and Performance Advisors, run by the official tool
 * (`supabase db advisors` of the pinned Supabase CLI, which embeds them), plus the two lints splinter
 * added after that CLI release (0028/0029: SECURITY DEFINER functions in an exposed schema
 * executable by anon / authenticated), restated here from splinter's definition.
 *
 * Fails on any ERROR or WARN that supabase/README.md ("Database advisor") does not accept with a
 * reason, and on an accepted finding that no longer occurs (the README must not excuse what is gone).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'node_modules', '.bin', 'supabase');
const dbUrl = process.env.CV_DB_URL!;

interface Finding {
	name: string;
	level: 'ERROR' | 'WARN' | 'INFO';
	detail: string;
	metadata?: { schema?: string; name?: string } | null;
	cache_key: string;
}

/** How the README names a finding: lint name and the object it is about. */
const key = (f: Finding) => `${f.name} ${f.metadata?.schema ?? '?'}.${f.metadata?.name ?? '?'}`;

/** The accepted findings table of supabase/README.md: key → reason. */
function acceptedInReadme(): Map<string, string> {
	const text = readFileSync(path.join(root, 'supabase', 'README.md'), 'utf8');
	const section = /^## Database advisor\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(text)?.[1];
	if (!section) throw new Error('supabase/README.md has no "## Database advisor" section');
	const out = new Map<string, string>();
	for (const line of section.split('\n')) {
		const m = /^\|\s*`([a-z0-9_]+)`\s+`([^`]+)`\s*\|\s*(.*?)\s*\|$/.exec(line);
		if (m) out.set(`${m[1]} ${m[2]}`, m[3]!);
	}
	return out;
}

/** Splinter 0028 / 0029, which supabase CLI 2.117.0 does not have yet. */
const DEFINER_EXECUTABLE = `
	select r.lint as name, 'WARN' as level,
	       format('Function %s.%s(%s) can be executed by the %s role as a SECURITY DEFINER function', n.nspname, p.proname,
	              pg_catalog.pg_get_function_identity_arguments(p.oid), r.role) as detail,
	       jsonb_build_object('schema', n.nspname, 'name', p.proname) as metadata,
	       format('%s_%s_%s_%s', r.lint, n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)) as cache_key
	  from pg_catalog.pg_proc p
	  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
	 cross join (values ('anon', 'anon_security_definer_function_executable'),
	                    ('authenticated', 'authenticated_security_definer_function_executable')) r(role, lint)
	 where p.prosecdef
	   and pg_catalog.has_function_privilege(r.role, p.oid, 'EXECUTE')
	   and n.nspname = any(array(select trim(unnest(string_to_array(current_setting('pgrst.db_schemas', 't'), ',')))))
	 order by 1, 4`;

/** `supabase db advisors` on the test database: every finding, INFO included. */
async function runCli(): Promise<Finding[]> {
	const url = new URL(dbUrl);
	url.searchParams.set('sslmode', 'disable');
	const { stdout } = await promisify(execFile)(
		cli,
		['db', 'advisors', '--db-url', url.toString(), '--type', 'all', '--level', 'info', '--fail-on', 'none', '-o', 'json'],
		{ cwd: root, env: { ...process.env, DO_NOT_TRACK: '1' }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }
	);
	return JSON.parse(stdout.slice(stdout.indexOf('['))) as Finding[];
}

let sql: postgres.Sql;
let findings: Finding[] = [];

beforeAll(async () => {
	sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
	const fromCli = await runCli();
	const fromSql = (await sql.unsafe(DEFINER_EXECUTABLE)) as unknown as Finding[];
	findings = [...fromCli, ...fromSql];
}, 150_000);

afterAll(async () => {
	await sql?.end();
});

describe("Supabase's database advisor", () => {
	it('sees the exposed schemas as a project sets them (pgrst.db_schemas)', async () => {
		const [r] = await sql<{ s: string | null }[]>`select current_setting('pgrst.db_schemas', true) as s`;
		expect(r?.s).toBe('public');
	});

	it('ran its lints (the catalog-based ones always report something on this schema)', () => {
		// unused_index (INFO) fires on a freshly seeded database: proof the CLI ran the lint query here.
		expect(findings.some((f) => f.name === 'unused_index')).toBe(true);
	});

	it('finds no ERROR or WARN that supabase/README.md does not accept with a reason', () => {
		const accepted = acceptedInReadme();
		const serious = findings.filter((f) => f.level === 'ERROR' || f.level === 'WARN');
		const unexplained = serious.filter((f) => !(accepted.get(key(f)) ?? '').trim()).map((f) => `${f.level} ${key(f)}: ${f.detail}`);
		expect(unexplained).toEqual([]);
	});

	it('accepts nothing in supabase/README.md that no longer occurs', () => {
		const seen = new Set(findings.filter((f) => f.level !== 'INFO').map(key));
		expect([...acceptedInReadme().keys()].filter((k) => !seen.has(k))).toEqual([]);
	});

	it('would catch a new finding: a public table without RLS is an ERROR it reports', async () => {
		const probe = `advisor_probe_${process.pid}`;
		await sql.unsafe(`create table public.${probe} (id integer primary key)`);
		try {
			const caught = (await runCli()).filter((f) => f.level === 'ERROR' && f.name === 'rls_disabled_in_public').map(key);
			expect(caught).toContain(`rls_disabled_in_public public.${probe}`);
			expect(acceptedInReadme().has(`rls_disabled_in_public public.${probe}`)).toBe(false);
		} finally {
			await sql.unsafe(`drop table public.${probe}`);
		}
	}, 150_000);
});
