/**
 * The local Supabase API stand-in: one HTTP server that plays the gateway (apikey check, CORS),
 * Auth (`/auth/v1`), the Data API (`/rest/v1`) and Storage (`/storage/v1`) against the local
 * Postgres (object bytes in a local directory).
 *
 * Dev/test infrastructure only: started by `supabase/local/cli.ts` in the wrapper process;
 * nothing under src/ imports it.
 */
import { createServer, type Server } from 'node:http';
import postgres from 'postgres';
import { handleAuth, tokenLimiter, type AuthContext } from './auth.ts';
import { BadRequestTargetError, BodyTooLargeError, json, readRequest, send, type ApiRequest, type ApiResponse } from './http.ts';
import { handleRest, type RestContext } from './rest.ts';
import { startSchemaCache } from './schema-cache.ts';
import { handleStorage, type StorageContext } from './storage.ts';
import { ObjectFiles } from './storage-files.ts';
import { newSigningKey, type LocalKeys } from '../keys.ts';
import { jwtKeys } from './jwt.ts';

export interface ApiServerOptions {
	/** Port on 127.0.0.1 (54321 dev, 54331 test by convention). */
	port: number;
	/** Superuser URL of the local database; the server logs in as `authenticator` and `supabase_auth_admin` on the same host. */
	dbUrl: string;
	/** Password of the `authenticator` and `supabase_auth_admin` roles (bootstrap.sql sets 'postgres'). */
	rolePassword?: string;
	keys: LocalKeys;
	/** Access-token lifetime in seconds (default 3600, Supabase's default). */
	jwtExpSeconds?: number;
	/** Refresh-token reuse interval in seconds (default 10, Supabase's default). */
	refreshTokenReuseIntervalSeconds?: number;
	/** PostgREST's db-max-rows (`[api] max_rows`); undefined = no cap. */
	maxRows?: number;
	/** Auth /token rate limit: requests per 5 minutes per address (`[auth.rate_limit] token_refresh`); undefined = none. */
	tokenRefreshPer5Min?: number;
	/** Header whose first value is the client address for Auth rate limits (GOTRUE_RATE_LIMIT_HEADER); null/undefined = none. */
	rateLimitHeader?: string | null;
	/** Directory of Storage's object bytes (created on first upload). */
	storageDir: string;
	/** Largest object one upload may store, bytes (`[storage] file_size_limit`; default 50 MiB as the CLI's). */
	storageFileSizeLimit?: number;
	/** Log every request line (default: only errors). */
	verbose?: boolean;
	/** Where log lines go (default stderr). */
	log?: (line: string) => void;
}

export interface ApiServer {
	/** Base URL clients use: `http://127.0.0.1:<port>` (what PUBLIC_SUPABASE_URL holds). */
	url: string;
	/** Close the listener and the database pools. */
	stop(): Promise<void>;
	/** How many times the Data API read its schema cache (tests). */
	schemaLoads(): number;
	/** Storage's byte store (tests: which versions have bytes). */
	files: ObjectFiles;
}

function roleUrl(superuserUrl: string, role: string, password: string): string {
	const u = new URL(superuserUrl);
	u.username = role;
	u.password = password;
	return u.toString();
}

/** Serialize strings verbatim, anything else as postgres.js would. */
const verbatim =
	(fallback: (x: unknown) => string) =>
	(x: unknown): string =>
		typeof x === 'string' ? x : fallback(x);

/**
 * postgres.js re-encodes parameters by the type the server describes: a string for a boolean
 * parameter becomes 'f' unless it is the JS value true, a string for json is JSON-quoted again,
 * a string for a timestamp goes through `new Date`. PostgREST hands filter values to Postgres
 * as untyped text for Postgres to parse, so strings must reach the server unchanged.
 */
const VERBATIM_TYPES = {
	cvBoolean: { to: 16, from: [16], serialize: verbatim((x) => (x === true ? 't' : 'f')), parse: (x: string) => x === 't' },
	cvJson: { to: 114, from: [114, 3802], serialize: verbatim((x) => JSON.stringify(x)), parse: (x: string): unknown => JSON.parse(x) },
	cvDate: {
		to: 1184,
		from: [1082, 1114, 1184],
		serialize: verbatim((x) => (x instanceof Date ? x : new Date(String(x))).toISOString()),
		parse: (x: string) => new Date(x)
	},
	cvBytea: {
		to: 17,
		from: [17],
		serialize: verbatim((x) => '\\x' + Buffer.from(x as Uint8Array).toString('hex')),
		parse: (x: string) => Buffer.from(x.slice(2), 'hex')
	}
};

/** Request line + headers accepted (Node's `maxHeaderSize`); longer requests get Node's 431. */
export const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Storage does its own authorisation (Supabase's gateway routes /storage/v1 without key-auth):
 * public and signed URLs work in an <img> without any key, everything else checks the Bearer JWT.
 */
const STORAGE_PATH = /^\/storage\/v1(\/|$)/;

/** Paths of the Auth API the gateway lets through without an apikey (Kong's "auth-v1-open"). */
const OPEN_AUTH_PATHS = new Set(['/verify', '/callback', '/authorize']);

function gatewayKeyCheck(req: ApiRequest, keys: LocalKeys): ApiResponse | null {
	const key = req.headers['apikey'] ?? req.url.searchParams.get('apikey');
	if (!key) return json(401, { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' });
	if (key !== keys.anonKey && key !== keys.serviceRoleKey) {
		return json(401, { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' });
	}
	return null;
}

/**
 * Start the API stand-in.
 *
 * @returns the base URL and a stop function
 * @throws when the port is taken or the database refuses the role logins
 */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
	const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
	const password = opts.rolePassword ?? 'postgres';
	const secret = new TextEncoder().encode(opts.keys.jwtSecret);
	// Without a signing key (a test's own keys) a throwaway one: tokens it signs die with the server.
	const keys = await jwtKeys(secret, opts.keys.signingKey ?? (await newSigningKey()));
	const url = `http://127.0.0.1:${opts.port}`;
	const common = { onnotice: () => {}, idle_timeout: 30, connect_timeout: 10, types: VERBATIM_TYPES } as const;
	const restSql = postgres(roleUrl(opts.dbUrl, 'authenticator', password), {
		...common,
		max: 10,
		// Prepared statements, as PostgREST uses by default: a known statement is Bind + Execute, so a
		// request's statements pipeline into one round trip (rest.ts bounds how many are prepared).
		prepare: true,
		connection: { application_name: 'cv-local-postgrest' }
	});
	const authSql = postgres(roleUrl(opts.dbUrl, 'supabase_auth_admin', password), {
		...common,
		max: 5,
		connection: { application_name: 'cv-local-gotrue' }
	});
	// Storage's pool: supabase_storage_admin, search_path as Storage sets it; the role switches per transaction.
	const storageSql = postgres(roleUrl(opts.dbUrl, 'supabase_storage_admin', password), {
		onnotice: () => {},
		idle_timeout: 30,
		connect_timeout: 10,
		max: 5,
		connection: { application_name: 'cv-local-storage', search_path: 'storage, public, extensions' }
	});
	// Fail at start, not at the first request, when a role cannot log in.
	await restSql`select 1`;
	await authSql`select 1`;
	await storageSql`select 1`;

	const cache = await startSchemaCache(restSql, 'public', log);
	const restCtx: RestContext = { sql: restSql, keys, log, maxRows: opts.maxRows, cache };
	const authCtx: AuthContext = {
		sql: authSql,
		keys,
		issuer: `${url}/auth/v1`,
		jwtExpSeconds: opts.jwtExpSeconds ?? 3600,
		refreshTokenReuseIntervalSeconds: opts.refreshTokenReuseIntervalSeconds ?? 10,
		tokenLimiter: opts.tokenRefreshPer5Min === undefined ? undefined : tokenLimiter(opts.tokenRefreshPer5Min),
		rateLimitHeader: opts.rateLimitHeader ?? null,
		log
	};
	const files = new ObjectFiles(opts.storageDir);
	const storageCtx: StorageContext = {
		sql: storageSql,
		secret,
		keys,
		serviceRoleKey: opts.keys.serviceRoleKey,
		files,
		fileSizeLimit: opts.storageFileSizeLimit ?? 50 * 1024 * 1024,
		log
	};

	async function route(req: ApiRequest): Promise<ApiResponse> {
		const path = req.url.pathname;
		if (req.method === 'OPTIONS') return { status: 200, body: '' };
		const service = /^\/(auth|rest|realtime|functions|graphql)\/v1(\/.*)?$/.exec(path);
		if (!service) return json(404, { message: 'no Route matched with those values' });
		const [, name, sub = '/'] = service;
		if (!(name === 'auth' && OPEN_AUTH_PATHS.has(sub))) {
			const refused = gatewayKeyCheck(req, opts.keys);
			if (refused) return refused;
		}
		if (name === 'auth') return handleAuth(authCtx, req, sub);
		if (name === 'rest') return handleRest(restCtx, req, sub);
		return json(501, {
			statusCode: '501',
			error: 'not_implemented',
			message: `/${name}/v1 is not implemented by the local Supabase stand-in (only /auth/v1, /rest/v1 and /storage/v1 are)`
		});
	}

	// Node's default 16 KiB header cap answers 431 to long query strings before any handler sees them;
	// 64 KiB lets the Data API parse (and refuse with a PostgREST error) what a client can build, and
	// still bounds the work one URL can cause.
	const server: Server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (rawReq, res) => {
		const started = Date.now();
		let target: URL | null = null;
		try {
			target = new URL(rawReq.url ?? '/', url);
		} catch {
			target = null;
		}
		if (target && STORAGE_PATH.test(target.pathname)) {
			// Storage reads the raw request itself: uploads stream to disk instead of being buffered.
			const storageUrl = target;
			handleStorage(storageCtx, rawReq, res, storageUrl)
				.then(() => {
					if (opts.verbose) log(`[api] ${rawReq.method} ${storageUrl.pathname}${storageUrl.search} → ${res.statusCode} (${Date.now() - started} ms)`);
				})
				.catch((e: unknown) => {
					log(`[api] ${rawReq.method} ${rawReq.url}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
					if (!res.headersSent) send(res, null, json(500, { message: 'An invalid response was received from the upstream server' }));
					else res.destroy();
				});
			return;
		}
		readRequest(rawReq, url)
			.then(async (req) => {
				const r = await route(req);
				send(res, req, r);
				if (opts.verbose) log(`[api] ${req.method} ${req.url.pathname}${req.url.search} → ${r.status} (${Date.now() - started} ms)`);
			})
			.catch((e: unknown) => {
				if (e instanceof BodyTooLargeError) {
					send(res, null, json(413, { message: 'Request body is too large' }));
					return;
				}
				if (e instanceof BadRequestTargetError) {
					send(res, null, json(400, { message: 'Bad request target' }));
					return;
				}
				log(`[api] ${rawReq.method} ${rawReq.url}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
				if (!res.headersSent) send(res, null, json(500, { message: 'An invalid response was received from the upstream server' }));
				else res.destroy();
			});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	}).catch(async (e: unknown) => {
		await cache.stop().catch(() => {});
		await Promise.all([restSql.end({ timeout: 1 }), authSql.end({ timeout: 1 }), storageSql.end({ timeout: 1 })]);
		throw new Error(`API stand-in could not listen on 127.0.0.1:${opts.port}: ${e instanceof Error ? e.message : String(e)}`);
	});

	return {
		url,
		async stop() {
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
			await cache.stop().catch(() => {});
			await Promise.all([restSql.end({ timeout: 2 }), authSql.end({ timeout: 2 }), storageSql.end({ timeout: 2 })]);
		},
		schemaLoads: () => cache.schemaLoads,
		files
	};
}
