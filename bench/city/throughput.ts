/**
 * Throughput of the Data API path (supabase-js → stand-in → Postgres) against the same SQL sent
 * directly: a pool of the same size logged in as `authenticator`, `prepare: false` as the
 * stand-in's, and per transaction the same set-up (the same set_config of search_path, role,
 * request.jwt.claims, request.method/path/headers/cookies, then the role's own settings:
 * statement_timeout, plan_cache_mode),
 * then the statement text the stand-in sent (captured from auto_explain) with the same parameters.
 */
import http from 'node:http';
import postgres from 'postgres';

/** Pool size of the stand-in's Data API (supabase/local/api/server.ts `max: 10`). */
export const POOL_SIZE = 10;

export interface DirectCall {
	/** The stand-in's statement text (parameters `$1…`). */
	text: string;
	params: (string | number)[];
	readOnly: boolean;
	claims: Record<string, unknown>;
	/** request.path, e.g. `/class_queue`. */
	path: string;
	/** The role's own settings the stand-in applies per request (`ALTER ROLE authenticated SET …`). */
	roleSettings: { name: string; value: string }[];
	method: 'GET' | 'HEAD' | 'POST';
}

/**
 * The settings of `role` the stand-in applies in each request (`ALTER ROLE … SET`, the ones an
 * ordinary user may change; supabase/local/api/schema-cache.ts).
 */
export async function roleSettings(sql: postgres.Sql, role: string): Promise<{ name: string; value: string }[]> {
	return sql<{ name: string; value: string }[]>`
		select ps.name, lower(substr(c, strpos(c, '=') + 1)) as value
		  from pg_catalog.pg_db_role_setting s
		  cross join unnest(s.setconfig) c
		  join pg_catalog.pg_settings ps on ps.name = substr(c, 1, strpos(c, '=') - 1) and ps.context = 'user'
		 where s.setrole = ${role}::regrole and s.setdatabase = 0`;
}

/** The authenticator's pool, as the stand-in opens it. */
export function directPool(dbUrl: string): postgres.Sql {
	const u = new URL(dbUrl);
	u.username = 'authenticator';
	u.password = 'postgres';
	return postgres(u.toString(), { max: POOL_SIZE, prepare: false, onnotice: () => {}, idle_timeout: 30, connect_timeout: 10 });
}

/** One request's transaction, the way the stand-in runs it, without HTTP. */
export async function runDirect(sql: postgres.Sql, call: DirectCall): Promise<void> {
	const body = async (tx: postgres.TransactionSql) => {
		await tx.unsafe(
			`select set_config('search_path', $1, true), set_config('role', $2, true),
			        set_config('request.jwt.claims', $3, true), set_config('request.method', $4, true),
			        set_config('request.path', $5, true), set_config('request.headers', $6, true),
			        set_config('request.cookies', $7, true)`,
			['"public", "extensions"', 'authenticated', JSON.stringify(call.claims), call.method, call.path, '{}', '{}']
		);
		for (const s of call.roleSettings) await tx.unsafe('select set_config($1, $2, true)', [s.name, s.value]);
		await tx.unsafe(call.text, call.params);
	};
	await (call.readOnly ? sql.begin('read only', body) : sql.begin(body));
}

/**
 * Operations per second of `op` with `clients` concurrent callers for `seconds` (after a short
 * warm-up). Each client waits for its answer before sending the next request.
 *
 * @throws the first error an operation raised
 */
export async function opsPerSecond(clients: number, seconds: number, op: (client: number) => Promise<void>): Promise<number> {
	const warm = Date.now() + 500;
	await Promise.all(Array.from({ length: clients }, async (_, c) => {
		while (Date.now() < warm) await op(c);
	}));
	let done = 0;
	const t0 = performance.now();
	const end = t0 + seconds * 1000;
	await Promise.all(
		Array.from({ length: clients }, async (_, c) => {
			while (performance.now() < end) {
				await op(c);
				done++;
			}
		})
	);
	return done / ((performance.now() - t0) / 1000);
}

/** One Data API request as supabase-js sends it (method, URL with the query, headers, body). */
export interface HttpCall {
	method: 'GET' | 'POST';
	url: string;
	headers: Record<string, string>;
	body?: string;
}

/** The request a supabase-js builder would send, read from it before it is sent. */
export function httpCallOf(builder: unknown, apiKey: string, body?: string): HttpCall {
	const b = builder as { url: URL; headers: HeadersInit; method: 'GET' | 'POST' };
	const headers = Object.fromEntries(new Headers(b.headers).entries());
	// supabase-js adds these two in its fetch wrapper, at send time.
	headers['apikey'] ??= apiKey;
	if (body !== undefined) headers['content-type'] ??= 'application/json';
	return { method: b.method, url: b.url.toString(), headers, body };
}

/** Keep-alive connections, one per concurrent client at most (as a pooled HTTP client keeps). */
export function httpAgent(clients: number): http.Agent {
	return new http.Agent({ keepAlive: true, maxSockets: clients });
}

/**
 * Send one Data API request with Node's own HTTP client and read the whole answer.
 *
 * @throws an Error with the status and body when the answer is not 2xx
 */
export function runHttp(agent: http.Agent, call: HttpCall): Promise<void> {
	return new Promise((resolve, reject) => {
		const req = http.request(call.url, { method: call.method, headers: call.headers, agent }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				if ((res.statusCode ?? 0) >= 300) reject(new Error(`${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`));
				else resolve();
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(call.body);
	});
}
