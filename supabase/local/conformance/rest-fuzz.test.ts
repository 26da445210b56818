/**
 * Conformance, property-based (fast-check): arbitrary select / order / filter / logic-tree / range
 * text and rpc names sent to the Data API as anon and as a signed-in user. Properties: never a 5xx,
 * and never a byte of data the role cannot read through the API. Canaries (a random token) sit where
 * plain SQL could reach them but PostgREST must not: a role name (pg_roles), a function body
 * (pg_proc), a table comment (pg_description), an unexposed schema, an RLS-hidden row and an
 * auth.users e-mail. Any response containing the token is a leak.
 *
 * Runs: CONFORMANCE_FUZZ_RUNS (default 300 per property). A failure prints fast-check's seed and
 * the shrunk request.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestUser, deleteTestUsers, raw, resolveTarget, setupFixtures, superuser, teardownFixtures, type Target, type TestUser } from './target.ts';

let t: Target;
let user: TestUser;
let canaryUser: TestUser;
let userToken: string;
const canary = `cvcanary${randomBytes(8).toString('hex')}`;
const runs = Number(process.env.CONFORMANCE_FUZZ_RUNS ?? '300');

beforeAll(async () => {
	t = resolveTarget();
	await setupFixtures(t);
	user = await createTestUser(t, 'fuzz');
	canaryUser = await createTestUser(t, canary);
	const sql = superuser(t);
	try {
		await sql.unsafe(`
			create role ${canary} nologin;
			create function public.conformance_canary_fn() returns integer language sql immutable as $$ select 1 /* ${canary} */ $$;
			comment on table public.conformance_items is '${canary}';
			drop schema if exists conformance_hidden cascade;
			create schema conformance_hidden;
			create table conformance_hidden.vault (secret text);
			insert into conformance_hidden.vault values ('${canary}');
			insert into public.conformance_private (id, owner_id, secret) values (99, '${canaryUser.id}', '${canary}');
		`);
	} finally {
		await sql.end();
	}
	const s = await client(t).auth.signInWithPassword({ email: user.email, password: user.password });
	if (!s.data.session) throw new Error(`sign-in failed: ${s.error?.message}`);
	userToken = s.data.session.access_token;
});

afterAll(async () => {
	if (!t) return;
	const sql = superuser(t);
	try {
		await sql.unsafe(`drop schema if exists conformance_hidden cascade; drop function if exists public.conformance_canary_fn(); drop role if exists ${canary};`);
	} finally {
		await sql.end();
	}
	await deleteTestUsers(t, [user, canaryUser]);
	await teardownFixtures(t);
});

const columns = ['id', 'name', 'category', 'qty', 'price', 'active', 'created_at', 'secret', 'owner_id', 'rolname'];
const exfiltrations = [
	'union all select rolname from pg_roles',
	'union all select prosrc from pg_proc',
	'union all select description from pg_description',
	'union all select secret from conformance_hidden.vault',
	'union all select secret from public.conformance_private',
	'union all select email from auth.users',
	'union all select setting from pg_settings'
];

/** Bits of PostgREST grammar and of SQL, glued at random. */
const sqlish = fc
	.array(
		fc.oneof(
			fc.constantFrom(...columns),
			fc.constantFrom(...exfiltrations),
			fc.constantFrom('::', ':', '.', ',', '(', ')', '"', '\\', ' ', '*', '->', '->>', '!inner', '...', ';', '--', '/*', '*/', "'", '$1', '%', '%00', '\u0000'),
			fc.constantFrom('or', 'and', 'not', 'eq', 'neq', 'in', 'is', 'like', 'ilike', 'match', 'cs', 'fts', 'null', 'true', 'asc', 'desc', 'nullsfirst'),
			fc.constantFrom('text', 'int', 'json', 'regclass', 'double precision', 'int[]', 'from', 'select', 'conformance_items', 'pg_roles'),
			fc.string({ maxLength: 6 })
		),
		{ maxLength: 12 }
	)
	.map((parts) => parts.join(''));

/**
 * `col::text from <table> <exfiltration> union all select col`: a cast that would end the statement
 * if spliced into SQL. The pieces are mostly well-formed (so a splice would run and leak), sometimes junk.
 */
const piece = (good: fc.Arbitrary<string>) => fc.oneof({ arbitrary: good, weight: 3 }, { arbitrary: sqlish, weight: 1 });
const castInjection = fc
	.tuple(
		fc.constantFrom('name', 'category'),
		piece(fc.constant(' from conformance_items ')),
		piece(fc.constantFrom(...exfiltrations)),
		piece(fc.constantFrom(' union all select name', ' union all select category'))
	)
	.map(([c, from, ex, tail]) => `${c}::text${from}${ex}${tail}`);

const text = fc.oneof(sqlish, castInjection, fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 15 }));

const paramKey = fc.oneof(
	fc.constantFrom('select', 'order', 'or', 'and', 'not.or', 'not.and', 'limit', 'offset', 'columns', 'on_conflict'),
	fc.constantFrom(...columns),
	sqlish
);

const request = fc.record({
	table: fc.constantFrom('conformance_items', 'conformance_private', 'conformance_noaccess'),
	params: fc.array(
		fc.oneof({ arbitrary: fc.tuple(paramKey, text), weight: 3 }, { arbitrary: fc.tuple(fc.constant('select'), castInjection), weight: 1 }),
		{ minLength: 1, maxLength: 4 }
	),
	signedIn: fc.boolean(),
	range: fc.option(fc.oneof(fc.constantFrom('0-1', '5-', '0-99999999999999999999', '3-1'), fc.string({ maxLength: 10 })), { nil: undefined })
});

function assertClean(status: number, body: string, what: string): void {
	expect(status, `${what} → ${status} ${body.slice(0, 300)}`).toBeLessThan(500);
	expect(body.toLowerCase().includes(canary), `${what} leaked the canary: ${body.slice(0, 300)}`).toBe(false);
}

describe('property: arbitrary URL grammar on reads', () => {
	it('never a 5xx, never data the role cannot read', async () => {
		await fc.assert(
			fc.asyncProperty(request, async (req) => {
				const qs = new URLSearchParams(req.params).toString();
				const path = `/rest/v1/${req.table}?${qs}`;
				const headers: Record<string, string> = {};
				if (req.range !== undefined) headers.Range = req.range.replace(/[^\x20-\x7e]/g, '');
				const r = await raw(t, path, { headers, bearer: req.signedIn ? userToken : undefined });
				assertClean(r.status, await r.text(), `GET ${path}`);
			}),
			{
				numRuns: runs,
				examples: [
					[
						{
							table: 'conformance_items',
							params: [['select', 'name::text from conformance_items union all select rolname from pg_roles union all select name']],
							signedIn: false,
							range: undefined
						}
					]
				]
			}
		);
	});
});

describe('property: arbitrary rpc names and argument names', () => {
	it('never a 5xx, never data the role cannot read', async () => {
		const names = fc.oneof(fc.constantFrom('conformance_add', 'conformance_items_in', 'conformance_canary_fn', 'conformance_whoami'), sqlish);
		const body = fc.dictionary(fc.oneof(fc.constantFrom('a', 'b', 'p_category'), sqlish), fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null)), {
			maxKeys: 3
		});
		await fc.assert(
			fc.asyncProperty(names, body, fc.array(fc.tuple(paramKey, text), { maxLength: 2 }), fc.boolean(), async (name, args, params, signedIn) => {
				const path = `/rest/v1/rpc/${encodeURIComponent(name)}?${new URLSearchParams(params).toString()}`;
				const r = await raw(t, path, {
					method: 'POST',
					body: JSON.stringify(args),
					headers: { 'Content-Type': 'application/json' },
					bearer: signedIn ? userToken : undefined
				});
				assertClean(r.status, await r.text(), `POST ${path} ${JSON.stringify(args)}`);
			}),
			{ numRuns: Math.ceil(runs / 2) }
		);
	});
});
