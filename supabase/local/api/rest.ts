/**
 * `/rest/v1`: the subset of PostgREST (13) the app uses, with PostgREST's semantics.
 *
 * Each request: the Bearer JWT (or the apikey when there is no Authorization header) is verified
 * with the project secret; the table or function is looked up in the schema cache (schema-cache.ts,
 * reloaded on `NOTIFY pgrst`); then ONE transaction on a connection logged in as `authenticator`
 * sets `role`, `request.jwt.claims`, `request.method`, `request.path`, `request.headers`,
 * `request.cookies`, `search_path` and the role's own settings (e.g. statement_timeout) as
 * transaction-local settings in one statement, and runs the query: BEGIN, settings, query and
 * COMMIT are pipelined, one round trip to Postgres. GET/HEAD and calls of STABLE/IMMUTABLE
 * functions run READ ONLY, as in PostgREST. Errors come back as `{ code, message, details, hint }`
 * with PostgREST's status mapping; Postgres' message/detail/hint pass through verbatim.
 *
 * Implemented: GET/HEAD on tables and views of schema `public` (select, filters, logic trees,
 * order, limit/offset, Range, `Prefer: count=exact`, singular object media type, nulls=stripped),
 * POST /rpc/<function> with named JSON arguments (scalar, set, table, composite and void results);
 * every read (tables and set-returning functions) capped at `maxRows` (PostgREST's db-max-rows).
 * Not implemented (PGRST127): writes on tables (POST/PATCH/PUT/DELETE), GET/HEAD /rpc, resource
 * embedding, JSON paths, CSV and other media types, the OpenAPI root.
 */
import type postgres from 'postgres';
import type { ApiRequest, ApiResponse } from './http.ts';
import type { Routine, SchemaCache } from './schema-cache.ts';
import { bearerToken, verifyJwt, type JwtFailure, type JwtKeys } from './jwt.ts';
import {
	PgrstError,
	Params,
	notImplemented,
	orderSql,
	parseOrder,
	parseRange,
	parseSelect,
	quoteIdent,
	rangeSql,
	restrictRange,
	selectSql,
	whereSql,
	type RowRange
} from './rest-query.ts';

export interface RestContext {
	/** Pool logged in as `authenticator` (the role switch happens per transaction). */
	sql: postgres.Sql;
	/** The HS256 secret (API keys) and the ES256 public keys (user access tokens). */
	keys: JwtKeys;
	/** Where unexpected (5xx) errors are reported. */
	log: (line: string) => void;
	/** PostgREST's `db-max-rows` (Supabase's `[api] max_rows`): most rows one read returns; undefined = no cap. */
	maxRows?: number;
	/** Relations, functions and role settings of the exposed schema (see schema-cache.ts). */
	cache: SchemaCache;
}

/** The anonymous role PostgREST falls back to (Supabase's `db-anon-role`). */
const ANON_ROLE = 'anon';
/** Schemas exposed by the Data API here (Supabase's default also has graphql_public). */
const EXPOSED_SCHEMAS = ['public'];
/** Extra search_path PostgREST sets on Supabase (`db-extra-search-path`). */
const SEARCH_PATH = '"public", "extensions"';

interface Auth {
	role: string;
	claims: Record<string, unknown>;
}

interface MediaChoice {
	singular: boolean;
	stripNulls: boolean;
	contentType: string;
}

/** Body of a PostgREST error (`{code, message, details, hint}`) with its status and headers. */
export function pgrstErrorResponse(e: PgrstError): ApiResponse {
	return {
		status: e.status,
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Proxy-Status': `PostgREST; error=${e.code}`,
			...e.headers
		},
		body: JSON.stringify({ code: e.code, details: e.details, hint: e.hint, message: e.message })
	};
}

function jwtError(f: JwtFailure): PgrstError {
	const invalid = (message: string, code = 'PGRST301', details: string | null = null) =>
		new PgrstError(401, code, message, details, null, {
			'WWW-Authenticate': `Bearer error="invalid_token", error_description=${JSON.stringify(message)}`
		});
	switch (f.kind) {
		case 'empty':
			return invalid('Empty JWT is sent in Authorization header');
		case 'parts':
			return invalid(`Expected 3 parts in JWT; got ${f.parts}`);
		case 'algorithm':
			return invalid('Wrong or unsupported encoding algorithm', 'PGRST301', `JWT algorithm ${f.alg} is not HS256 or ES256`);
		case 'signature':
			return invalid('No suitable key or wrong key type', 'PGRST301', 'None of the keys was able to decode the JWT');
		case 'expired':
			return invalid('JWT expired', 'PGRST303');
		case 'not_yet_valid':
			return invalid('JWT not yet valid', 'PGRST303');
		case 'issued_in_future':
			return invalid('JWT issued at future', 'PGRST303');
		case 'malformed':
			return invalid('JWT cryptographic operation failed');
	}
}

async function authenticate(req: ApiRequest, secret: JwtKeys): Promise<Auth> {
	const authz = req.headers['authorization'];
	// supabase-js always sends Authorization; without it, the apikey header carries the role.
	const token = authz !== undefined ? bearerToken(authz) : (req.headers['apikey'] ?? null);
	if (token === null) return { role: ANON_ROLE, claims: { role: ANON_ROLE } };
	const r = await verifyJwt(token, secret);
	if (!r.ok) throw jwtError(r.failure);
	const raw = r.claims.role;
	const role = raw === undefined ? ANON_ROLE : typeof raw === 'string' ? raw : JSON.stringify(raw);
	return { role, claims: { ...r.claims, role } };
}

function negotiate(accept: string | undefined): MediaChoice {
	const array: MediaChoice = { singular: false, stripNulls: false, contentType: 'application/json; charset=utf-8' };
	if (!accept || accept.trim() === '') return array;
	const offered = accept.split(',').map((s) => s.trim()).filter(Boolean);
	for (const m of offered) {
		const [type = '', ...paramParts] = m.split(';').map((x) => x.trim().toLowerCase());
		const params = new Set(paramParts);
		if (params.has('q=0')) continue;
		const stripNulls = params.has('nulls=stripped');
		if (type === 'application/vnd.pgrst.object+json' || type === 'application/vnd.pgrst.object') {
			return {
				singular: true,
				stripNulls,
				contentType: `application/vnd.pgrst.object+json${stripNulls ? '; nulls=stripped' : ''}; charset=utf-8`
			};
		}
		if (type === 'application/vnd.pgrst.array+json' || type === 'application/vnd.pgrst.array') {
			return { singular: false, stripNulls, contentType: `application/vnd.pgrst.array+json${stripNulls ? '; nulls=stripped' : ''}; charset=utf-8` };
		}
		if (type === 'application/json' || type === '*/*' || type === 'application/*') return array;
	}
	throw new PgrstError(406, 'PGRST107', `None of these media types are available: ${offered.map((m) => m.split(';')[0]!.trim()).join(', ')}`);
}

function checkProfile(req: ApiRequest): void {
	const profile = req.method === 'GET' || req.method === 'HEAD' ? req.headers['accept-profile'] : req.headers['content-profile'];
	if (profile !== undefined && !EXPOSED_SCHEMAS.includes(profile)) {
		throw new PgrstError(406, 'PGRST106', `Invalid schema: ${profile}`, null, `Only the following schemas are exposed: ${EXPOSED_SCHEMAS.join(', ')}`);
	}
}

function wantsCount(req: ApiRequest): boolean {
	return /(^|[,\s])count=(exact|planned|estimated)\b/.test(req.headers['prefer'] ?? '');
}

/** PostgREST's SQLSTATE → HTTP status mapping (PostgREST 13, `mapSQLtoHTTP`). */
export function statusForSqlState(code: string, message: string, authed: boolean): number {
	if (code.startsWith('08')) return 503;
	if (code.startsWith('09')) return 500;
	if (code.startsWith('0L') || code.startsWith('0P')) return 403;
	if (code === '23503' || code === '23505') return 409;
	if (code === '25006') return 405;
	if (code === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500;
	if (code === '22023') return message.startsWith('role') && message.endsWith('does not exist') ? 401 : 400;
	if (/^(25|2D|38|39|3B|40)/.test(code)) return 500;
	if (code === '53400') return 500;
	if (code.startsWith('53')) return 503;
	if (/^(54|55)/.test(code)) return 500;
	if (code === '57P01') return 503;
	if (/^(57|58|F0|HV)/.test(code)) return 500;
	if (code === 'P0001') return 400;
	if (code.startsWith('P0')) return 500;
	if (code.startsWith('XX')) return 500;
	if (code === '42883') return message.startsWith('function xmlagg(') ? 406 : 404;
	if (code === '42P01') return 404;
	if (code === '42P17') return 500;
	if (code === '42501') return authed ? 403 : 401;
	if (code.startsWith('PT')) {
		const n = Number(code.slice(2));
		return Number.isInteger(n) && n >= 100 && n <= 599 ? n : 500;
	}
	return 400;
}

interface PgErrorLike {
	code: string;
	message: string;
	detail?: string;
	hint?: string;
	severity?: string;
}

function isPgError(e: unknown): e is PgErrorLike {
	return typeof e === 'object' && e !== null && typeof (e as PgErrorLike).code === 'string' && 'severity' in e;
}

function fromPgError(e: PgErrorLike, role: string): PgrstError {
	const status = statusForSqlState(e.code, e.message, role !== ANON_ROLE);
	return new PgrstError(status, e.code, e.message, e.detail ?? null, e.hint ?? null, status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {});
}

/** `decodeURIComponent`, or the text as it is when it is not valid percent-encoding (`a=%`). */
function decodeLenient(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

/**
 * The `request.cookies` GUC: cookie names to values. A malformed value (bad percent-encoding)
 * is kept undecoded rather than failing the request, as PostgREST's cookie parser does not fail.
 */
export function cookiesJson(header: string | undefined): string {
	const out: Record<string, string> = {};
	for (const part of (header ?? '').split(';')) {
		const i = part.indexOf('=');
		if (i > 0) out[part.slice(0, i).trim()] = decodeLenient(part.slice(i + 1).trim());
	}
	return JSON.stringify(out);
}

/** One SQL statement with its bind parameters. */
interface Statement {
	text: string;
	params: string[];
}

/**
 * Statement texts run as prepared statements (as PostgREST does by default): a prepared statement
 * is Bind + Execute only, so it pipelines; an unprepared one with parameters costs postgres.js a
 * Describe round trip first. Bounded, because Postgres keeps each per connection: past the bound,
 * new shapes run unprepared.
 */
const preparedTexts = new Set<string>();
const MAX_PREPARED_TEXTS = 500;

function shouldPrepare(text: string): boolean {
	if (preparedTexts.has(text)) return true;
	if (preparedTexts.size >= MAX_PREPARED_TEXTS) return false;
	preparedTexts.add(text);
	return true;
}

/** PostgREST's per-request settings statement, with the role's own settings appended. */
function settingsStatement(ctx: RestContext, req: ApiRequest, auth: Auth, path: string): Statement {
	const params = [SEARCH_PATH, auth.role, JSON.stringify(auth.claims), req.method, path, JSON.stringify(req.headers), cookiesJson(req.headers['cookie'])];
	let text = `select set_config('search_path', $1, true), set_config('role', $2, true),
	        set_config('request.jwt.claims', $3, true), set_config('request.method', $4, true),
	        set_config('request.path', $5, true), set_config('request.headers', $6, true),
	        set_config('request.cookies', $7, true)`;
	for (const s of ctx.cache.roleSettings(auth.role)) {
		params.push(s.name, s.value);
		text += `, set_config($${params.length - 1}, $${params.length}, true)`;
	}
	return { text, params };
}

/**
 * Run one statement in one transaction with PostgREST's per-request settings, pipelined on one
 * connection: `BEGIN [READ ONLY]`, the settings statement (role, claims, request.*, the role's
 * statement_timeout, …), the statement and `COMMIT` are written together, so a request costs one
 * round trip once its statement is prepared. An error in the settings or the statement aborts
 * the transaction, and the COMMIT behind it then rolls back (Postgres answers ROLLBACK).
 *
 * With `check`, COMMIT waits for the result: `check` may throw to roll back instead (a singular
 * response of a function that wrote), which costs a second round trip.
 *
 * @returns the statement's rows
 * @throws the first Postgres error (settings, statement, then COMMIT), or what `check` threw
 */
async function inRequestTx(
	ctx: RestContext,
	req: ApiRequest,
	auth: Auth,
	path: string,
	readOnly: boolean,
	stmt: Statement,
	check?: (rows: postgres.Row[]) => void
): Promise<postgres.Row[]> {
	const settings = settingsStatement(ctx, req, auth, path);
	const conn = await ctx.sql.reserve();
	try {
		// Queries start in the order execute() is called; postgres.js writes them in one batch.
		const steps = [
			conn.unsafe(readOnly ? 'begin read only' : 'begin', [], { prepare: false }).execute(),
			conn.unsafe(settings.text, settings.params, { prepare: true }).execute()
		];
		// PostgREST's db-pre-request: called after the settings, before the request's statement, in
		// the same transaction; an error it raises is the request's answer.
		const pre = ctx.cache.preRequest();
		if (pre) steps.push(conn.unsafe(`select ${pre}()`, [], { prepare: true }).execute());
		const main = steps.length;
		steps.push(conn.unsafe(stmt.text, stmt.params, { prepare: shouldPrepare(stmt.text) }).execute());
		if (!check) steps.push(conn.unsafe('commit', [], { prepare: false }).execute());
		const settled = await Promise.allSettled(steps);
		const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
		if (check) {
			try {
				if (failed) throw failed.reason;
				check((settled[main] as PromiseFulfilledResult<postgres.Row[]>).value);
			} catch (e) {
				await conn.unsafe('rollback', [], { prepare: false });
				throw e;
			}
			await conn.unsafe('commit', [], { prepare: false });
		} else if (failed) throw failed.reason;
		return (settled[main] as PromiseFulfilledResult<postgres.Row[]>).value;
	} finally {
		conn.release();
	}
}

interface ReadResult {
	total: number | null;
	pageTotal: number;
	body: string;
	first: string | null;
}

/**
 * The read of a relation (a table/view, or the rows of a set-returning function) with select,
 * filters, order and range applied, as one statement.
 */
function readStatement(opts: {
	source: string;
	qualifier: string;
	search: URLSearchParams;
	range: RowRange;
	count: boolean;
	stripNulls: boolean;
	prefixParams?: string[];
	/** A HEAD request: only the counts (Content-Range) are answered. */
	head?: boolean;
}): Statement {
	const params = new Params();
	for (const p of opts.prefixParams ?? []) params.add(p);
	const select = selectSql(parseSelect(opts.search.get('select')), opts.qualifier);
	const conds = whereSql(opts.search, opts.qualifier, params);
	const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
	const order = orderSql(parseOrder(opts.search.get('order')), opts.qualifier);
	const row = opts.stripNulls ? 'json_strip_nulls(to_json(_postgrest_t))' : '_postgrest_t';
	if (opts.head) {
		// HEAD has no body: count without ordering or turning rows into JSON. The select list stays
		// (a bad column fails as in GET); Postgres flattens the subquery and drops the unused columns.
		const rows = `(SELECT ${select} FROM ${opts.source} ${where})`;
		const { offset, last } = opts.range;
		const limit = last === undefined ? null : Math.max(0, last - offset + 1);
		const text = opts.count
			? `SELECT _c.n AS total_result_set,
			          ${limit === null ? `greatest(_c.n - ${offset}, 0)` : `least(greatest(_c.n - ${offset}, 0), ${limit})`} AS page_total,
			          '' AS body, null::text AS first
			     FROM (SELECT pg_catalog.count(*) AS n FROM ${rows} _postgrest_t) _c`
			: `SELECT null::bigint AS total_result_set,
			          (SELECT pg_catalog.count(*) FROM (SELECT 1 FROM ${rows} _postgrest_r ${rangeSql(opts.range)}) _postgrest_t) AS page_total,
			          '' AS body, null::text AS first`;
		return { text, params: params.values };
	}
	const text = `
		SELECT ${opts.count ? `(SELECT pg_catalog.count(*) FROM ${opts.source} ${where})` : 'null::bigint'} AS total_result_set,
		       pg_catalog.count(*) AS page_total,
		       coalesce(json_agg(${row}), '[]')::text AS body,
		       (json_agg(${row})->0)::text AS first
		  FROM (SELECT ${select} FROM ${opts.source} ${where} ${order ? `ORDER BY ${order}` : ''} ${rangeSql(opts.range)}) _postgrest_t`;
	return { text, params: params.values };
}

/** The one row of a read statement as numbers and JSON text. */
function readResult(rows: postgres.Row[]): ReadResult {
	const r = rows[0] as { total_result_set: string | null; page_total: string; body: string; first: string | null } | undefined;
	return {
		total: r?.total_result_set == null ? null : Number(r.total_result_set),
		pageTotal: Number(r?.page_total ?? 0),
		body: r?.body ?? '[]',
		first: r?.first ?? null
	};
}

/** Status and Content-Range of a read, as PostgREST computes them (`rangeStatusHeader`). */
function rangeStatus(range: RowRange, pageTotal: number, total: number | null): { status: number; contentRange: string } {
	const lower = range.offset;
	const upper = lower + pageTotal - 1;
	const totalStr = total === null ? '*' : String(total);
	const rangeStr = total !== 0 && lower <= upper ? `${lower}-${upper}` : '*';
	let status = 200;
	if (total !== null) {
		if (lower > total) status = 416;
		else if (1 + upper - lower < total) status = 206;
	}
	return { status, contentRange: `${rangeStr}/${totalStr}` };
}

function readResponse(req: ApiRequest, media: MediaChoice, range: RowRange, result: ReadResult, count: boolean): ApiResponse {
	const { status, contentRange } = rangeStatus(range, result.pageTotal, result.total);
	const headers: Record<string, string> = { 'Content-Range': contentRange };
	if (count) headers['Preference-Applied'] = 'count=exact';
	if (status === 416) {
		const e = new PgrstError(416, 'PGRST103', 'Requested range not satisfiable', `An offset of ${range.offset} was requested, but there are only ${result.total ?? 0} rows.`);
		const r = pgrstErrorResponse(e);
		return { ...r, headers: { ...r.headers, ...headers } };
	}
	if (media.singular) {
		if (result.pageTotal !== 1) throw singularityError(result.pageTotal);
		return { status, headers: { ...headers, 'Content-Type': media.contentType }, body: result.first ?? 'null' };
	}
	return { status, headers: { ...headers, 'Content-Type': media.contentType }, body: req.method === 'HEAD' ? '' : result.body };
}

function singularityError(n: number): PgrstError {
	return new PgrstError(406, 'PGRST116', 'Cannot coerce the result to a single JSON object', `The result contains ${n} rows`);
}

async function readTable(ctx: RestContext, req: ApiRequest, auth: Auth, name: string, path: string): Promise<ApiResponse> {
	const media = negotiate(req.headers['accept']);
	const range = restrictRange(parseRange(req.url.searchParams, req.headers['range']), ctx.maxRows);
	// Parse before touching the database, so syntax errors never open a transaction.
	parseSelect(req.url.searchParams.get('select'));
	parseOrder(req.url.searchParams.get('order'));
	whereSql(req.url.searchParams, '"x"', new Params());
	if (ctx.cache.relation(name) === undefined) {
		throw new PgrstError(404, 'PGRST205', `Could not find the table 'public.${name}' in the schema cache`);
	}
	const count = wantsCount(req);
	const qi = `"public".${quoteIdent(name)}`;
	const stmt = readStatement({ source: qi, qualifier: qi, search: req.url.searchParams, range, count, stripNulls: media.stripNulls, head: req.method === 'HEAD' && !media.singular });
	const result = readResult(await inRequestTx(ctx, req, auth, path, true, stmt));
	return readResponse(req, media, range, result, count);
}

/** Pick the overload whose named IN arguments accept exactly these keys (PostgREST's rule). */
function chooseRoutine(candidates: Routine[], keys: string[]): Routine[] {
	return candidates.filter((r) => {
		const names = r.inArgs.map((a) => a.name);
		if (names.some((n) => n === '')) return false;
		const required = names.slice(0, names.length - r.nargdefaults);
		return keys.every((k) => names.includes(k)) && required.every((n) => keys.includes(n));
	});
}

async function callRpc(ctx: RestContext, req: ApiRequest, auth: Auth, fn: string, path: string): Promise<ApiResponse> {
	const media = negotiate(req.headers['accept']);
	let args: Record<string, unknown> = {};
	const text = req.body.toString('utf8');
	if (text.trim() !== '') {
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			throw new PgrstError(400, 'PGRST102', 'Empty or invalid json');
		}
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
			throw notImplemented('RPC bodies other than a JSON object of named arguments');
		}
		args = parsed as Record<string, unknown>;
	}
	const keys = Object.keys(args).sort();
	const all = ctx.cache.routines(fn);
	const matches = chooseRoutine(all, keys);
	if (matches.length === 0) {
		const prms = keys.join(', ');
		const withPrms = keys.length === 0 ? ' without parameters' : ` with parameter${keys.length > 1 ? 's' : ''} ${prms}`;
		throw new PgrstError(
			404,
			'PGRST202',
			`Could not find the function public.${fn}${keys.length === 0 ? ' without parameters' : `(${prms})`} in the schema cache`,
			`Searched for the function public.${fn}${withPrms} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
			null
		);
	}
	if (matches.length > 1) {
		throw new PgrstError(
			300,
			'PGRST203',
			`Could not choose the best candidate function between: ${matches.map((m) => `public.${fn}(${m.inArgs.map((a) => `${a.name} => ${a.type}`).join(', ')})`).join(', ')}`,
			null,
			'Try renaming the parameters or the function itself in the database so function overloading can be resolved'
		);
	}
	const routine = matches[0]!;
	const passed = routine.inArgs.filter((a) => keys.includes(a.name));
	const qfn = `"public".${quoteIdent(fn)}`;
	const call = `${qfn}(${passed.map((a) => `${quoteIdent(a.name)} := ${a.mode === 'v' ? 'VARIADIC ' : ''}pgrst_args.${quoteIdent(a.name)}`).join(', ')})`;
	const from = passed.length
		? `(SELECT * FROM json_to_record($1::text::json) AS _(${passed.map((a) => `${quoteIdent(a.name)} ${a.type}`).join(', ')})) pgrst_args`
		: '';
	const prefix = passed.length ? [JSON.stringify(args)] : [];
	// db-max-rows caps functions returning sets too (PostgREST restricts every read plan but mutations).
	const range = restrictRange(parseRange(req.url.searchParams, undefined), ctx.maxRows);
	const count = wantsCount(req);
	// PostgREST runs STABLE/IMMUTABLE functions in a READ ONLY transaction, so writes in them fail (25006 → 405).
	const readOnly = !routine.volatile;

	if (routine.returnsVoid) {
		await inRequestTx(ctx, req, auth, path, readOnly, { text: `SELECT ${call} ${from ? `FROM ${from}` : ''}`, params: prefix });
		return { status: 204, headers: { 'Content-Range': '0-0/*' } };
	}

	if (!routine.setof && !routine.composite) {
		const rows = await inRequestTx(ctx, req, auth, path, readOnly, {
			text: `SELECT coalesce((json_agg(_postgrest_t.pgrst_scalar)->0)::text, 'null') AS body
			         FROM (SELECT ${call} AS pgrst_scalar ${from ? `FROM ${from}` : ''}) _postgrest_t`,
			params: prefix
		});
		const r = (rows[0] as { body: string } | undefined)?.body ?? 'null';
		return { status: 200, headers: { 'Content-Range': '0-0/*', 'Content-Type': media.contentType }, body: r };
	}

	const source = routine.composite
		? `(SELECT pgrst_call.* FROM ${from ? `${from}, LATERAL ` : ''}${call} pgrst_call) pgrst_call`
		: `(SELECT pgrst_call.pgrst_scalar FROM ${from ? `${from}, LATERAL ` : ''}${call} pgrst_call(pgrst_scalar)) pgrst_call`;
	if (!routine.composite && (req.url.searchParams.has('select') || [...req.url.searchParams.keys()].some((k) => !['limit', 'offset'].includes(k)))) {
		throw notImplemented('select, filters or order on a function returning a set of scalars');
	}
	const stmt: Statement = routine.composite
		? readStatement({ source, qualifier: 'pgrst_call', search: req.url.searchParams, range, count, stripNulls: media.stripNulls, prefixParams: prefix })
		: {
				text: `SELECT ${count ? `(SELECT pg_catalog.count(*) FROM ${source})` : 'null::bigint'} AS total_result_set,
				              pg_catalog.count(*) AS page_total,
				              coalesce(json_agg(_postgrest_t.pgrst_scalar), '[]')::text AS body,
				              (json_agg(_postgrest_t.pgrst_scalar)->0)::text AS first
				         FROM (SELECT * FROM ${source} ${rangeSql(range)}) _postgrest_t`,
				params: prefix
			};
	// A singular request that does not get exactly one row rolls the call back, as in PostgREST
	// (only a function that may write needs the COMMIT held back for that).
	const check =
		media.singular && routine.setof && routine.volatile
			? (rows: postgres.Row[]) => {
					const n = readResult(rows).pageTotal;
					if (n !== 1) throw singularityError(n);
				}
			: undefined;
	const result = readResult(await inRequestTx(ctx, req, auth, path, readOnly, stmt, check));
	if (media.singular && routine.setof && result.pageTotal !== 1) throw singularityError(result.pageTotal);
	if (!routine.setof) {
		return { status: 200, headers: { 'Content-Range': '0-0/*', 'Content-Type': media.contentType }, body: result.first ?? 'null' };
	}
	return readResponse(req, media, range, result, count);
}

/**
 * Handle one `/rest/v1/...` request.
 *
 * @param subpath the path after `/rest/v1`, e.g. `/submissions` or `/rpc/submit_proposal`
 * @returns the response; never throws (every failure becomes a PostgREST error response)
 */
export async function handleRest(ctx: RestContext, req: ApiRequest, subpath: string): Promise<ApiResponse> {
	let role = ANON_ROLE;
	try {
		checkProfile(req);
		const auth = await authenticate(req, ctx.keys);
		role = auth.role;
		let segments: string[];
		try {
			segments = subpath.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
		} catch {
			throw new PgrstError(404, 'PGRST125', 'Invalid path specified in request URL');
		}
		if (segments.length === 0) throw notImplemented('the OpenAPI root endpoint');
		if (segments[0] === 'rpc' && segments.length === 2) {
			if (req.method === 'POST') return await callRpc(ctx, req, auth, segments[1]!, subpath);
			if (req.method === 'GET' || req.method === 'HEAD') throw notImplemented(`${req.method} on /rpc (use POST)`);
			throw new PgrstError(405, 'PGRST101', `Cannot use the ${req.method} method on RPC`);
		}
		if (segments.length !== 1) throw new PgrstError(404, 'PGRST125', 'Invalid path specified in request URL');
		if (req.method === 'GET' || req.method === 'HEAD') return await readTable(ctx, req, auth, segments[0]!, subpath);
		if (['POST', 'PATCH', 'PUT', 'DELETE'].includes(req.method)) {
			throw notImplemented(`${req.method} on a table (writes go through rpc())`);
		}
		throw new PgrstError(405, 'PGRST117', `Unsupported HTTP method: ${req.method}`);
	} catch (e) {
		if (e instanceof PgrstError) return pgrstErrorResponse(e);
		if (isPgError(e)) {
			const err = fromPgError(e, role);
			if (err.status >= 500) ctx.log(`[rest] ${req.method} ${req.url.pathname}${req.url.search}: ${e.code} ${e.message}`);
			return pgrstErrorResponse(err);
		}
		ctx.log(`[rest] ${req.method} ${req.url.pathname}${req.url.search}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
		return pgrstErrorResponse(new PgrstError(500, 'PGRSTX00', e instanceof Error ? e.message : String(e)));
	}
}
