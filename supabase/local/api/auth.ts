/**
 * `/auth/v1`: the subset of Supabase Auth (GoTrue) the app uses, with its semantics and JSON.
 *
 * Implemented: POST /token?grant_type=password|refresh_token, GET /user, POST /logout
 * (scope global|local|others), GET /settings, GET /health, GET /.well-known/jwks.json (the ES256 signing key's public half),
 * and with
 * the service-role key: POST/GET /admin/users, GET/PUT/DELETE /admin/users/:id.
 *
 * Works on the `auth` tables directly, connected as `supabase_auth_admin` like GoTrue, so a
 * trigger on auth.users runs with that role's rights (a trigger that writes to `public` must be
 * `security definer`, as on a real project). Users are looked up as GoTrue does
 * (`instance_id = 00000000-…`, `aud`, lower-cased e-mail), and rows with NULL in the token columns
 * GoTrue scans as strings fail with GoTrue's 500 "Database error querying schema", because that is
 * what a real project does with such a seed.
 *
 * Errors: with the request header `X-Supabase-Api-Version: 2024-01-01` (auth-js sends it) the body
 * is `{ code, message }` and the header is echoed; without it the legacy `{ code: <status>,
 * error_code, msg }`. OAuth-style failures (`refresh_token required`) are `{ error, error_description }`.
 */
import { randomInt, randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type postgres from 'postgres';
import { isObject, json, parseJsonBody, type ApiRequest, type ApiResponse } from './http.ts';
import { bearerToken, signJwt, verifyJwt, type JwtFailure, type JwtKeys } from './jwt.ts';
import { rateLimitKey, TokenBucketLimiter } from './rate-limit.ts';

export interface AuthContext {
	/** Pool logged in as `supabase_auth_admin`. */
	sql: postgres.Sql;
	/** The HS256 secret (API keys) and the ES256 signing key (access tokens). */
	keys: JwtKeys;
	/** `iss` of access tokens: `http://127.0.0.1:<port>/auth/v1`. */
	issuer: string;
	/** Access-token lifetime in seconds (GoTrue's JWT_EXP; Supabase's default 3600). */
	jwtExpSeconds: number;
	/** Seconds a revoked refresh token may still be swapped (GoTrue's default 10). */
	refreshTokenReuseIntervalSeconds: number;
	/** GoTrue's /token limiter (GOTRUE_RATE_LIMIT_TOKEN_REFRESH per 5 minutes, burst 30); undefined = none. */
	tokenLimiter?: TokenBucketLimiter;
	/** GOTRUE_RATE_LIMIT_HEADER: whose first value keys the limits; null = no rate limiting. */
	rateLimitHeader: string | null;
	log: (line: string) => void;
}

/** tollbooth's burst for GoTrue's /token limiter: fixed at 30 whatever rate is configured. */
export const TOKEN_BURST = 30;

/** GoTrue's Token limiter for a `token_refresh` setting (requests per 5 minutes per address). */
export function tokenLimiter(perFiveMinutes: number): TokenBucketLimiter {
	return new TokenBucketLimiter(perFiveMinutes / 300, TOKEN_BURST);
}

/**
 * GoTrue's `performRateLimiting`: keyed by the first value of the configured header; a request
 * without it is not limited. 429 `over_request_rate_limit` when the key's bucket is empty.
 */
function limitTokenRequest(ctx: AuthContext, req: ApiRequest): void {
	const key = rateLimitKey(req.headers, ctx.rateLimitHeader);
	if (key === null || !ctx.tokenLimiter) return;
	if (!ctx.tokenLimiter.allow(key)) throw new AuthError(429, 'over_request_rate_limit', 'Request rate limit reached');
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const API_VERSION_HEADER = 'x-supabase-api-version';
const API_VERSION_2024 = '2024-01-01';
const ADMIN_ROLES = ['service_role', 'supabase_admin'];
const PASSWORD_MIN_LENGTH = 6;
const INVALID_LOGIN = 'Invalid login credentials';
const DUPLICATE_EMAIL = 'A user with this email address has already been registered';
/** GoTrue scans these auth.users columns into Go strings; NULL makes every lookup fail. */
const STRING_COLUMNS = [
	'aud',
	'role',
	'confirmation_token',
	'recovery_token',
	'email_change_token_new',
	'email_change',
	'email_change_token_current',
	'phone_change',
	'phone_change_token',
	'reauthentication_token'
];

/** A GoTrue HTTPError: status, machine code and human message. */
export class AuthError extends Error {
	constructor(
		readonly status: number,
		readonly errorCode: string,
		message: string,
		readonly weakPasswordReasons?: string[]
	) {
		super(message);
	}
}

/** A GoTrue OAuthError: always 400, `{ error, error_description }`. */
class OAuthError extends Error {
	constructor(
		readonly error: string,
		readonly description: string
	) {
		super(description);
	}
}

function authErrorResponse(req: ApiRequest, e: AuthError): ApiResponse {
	const v2024 = (req.headers[API_VERSION_HEADER] ?? '') >= API_VERSION_2024;
	const headers: Record<string, string> = { 'x-sb-error-code': e.errorCode };
	if (v2024) {
		headers['X-Supabase-Api-Version'] = API_VERSION_2024;
		const body: Record<string, unknown> = { code: e.errorCode, message: e.message };
		if (e.weakPasswordReasons) body.weak_password = { reasons: e.weakPasswordReasons };
		return json(e.status, body, headers);
	}
	const body: Record<string, unknown> = { code: e.status, error_code: e.errorCode, msg: e.message };
	if (e.weakPasswordReasons) body.weak_password = { reasons: e.weakPasswordReasons };
	return json(e.status, body, headers);
}

const ts = (col: string, alias: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as ${alias}`;

/** `2026-01-02T03:04:05.120000Z` → `2026-01-02T03:04:05.12Z` (Go's RFC3339Nano). */
function goTime(s: string | null): string | null {
	if (s === null) return null;
	return s.replace(/\.(\d*?)0+Z$/, '.$1Z').replace(/\.Z$/, 'Z');
}

interface UserRow {
	id: string;
	instance_id: string | null;
	aud: string | null;
	role: string | null;
	email: string | null;
	phone: string | null;
	encrypted_password: string | null;
	email_confirmed_at: string | null;
	invited_at: string | null;
	phone_confirmed_at: string | null;
	confirmation_sent_at: string | null;
	confirmed_at: string | null;
	recovery_sent_at: string | null;
	email_change: string | null;
	email_change_sent_at: string | null;
	phone_change: string | null;
	phone_change_sent_at: string | null;
	reauthentication_sent_at: string | null;
	last_sign_in_at: string | null;
	raw_app_meta_data: Record<string, unknown> | null;
	raw_user_meta_data: Record<string, unknown> | null;
	created_at: string | null;
	updated_at: string | null;
	banned_until: string | null;
	deleted_at: string | null;
	is_anonymous: boolean;
	is_sso_user: boolean;
	banned: boolean;
	null_string_columns: string[] | null;
}

const USER_COLUMNS = `u.id::text as id, u.instance_id::text as instance_id, u.aud, u.role, u.email, u.phone, u.encrypted_password,
	${ts('u.email_confirmed_at', 'email_confirmed_at')}, ${ts('u.invited_at', 'invited_at')},
	${ts('u.phone_confirmed_at', 'phone_confirmed_at')}, ${ts('u.confirmation_sent_at', 'confirmation_sent_at')},
	${ts('u.confirmed_at', 'confirmed_at')}, ${ts('u.recovery_sent_at', 'recovery_sent_at')},
	u.email_change, ${ts('u.email_change_sent_at', 'email_change_sent_at')},
	u.phone_change, ${ts('u.phone_change_sent_at', 'phone_change_sent_at')},
	${ts('u.reauthentication_sent_at', 'reauthentication_sent_at')}, ${ts('u.last_sign_in_at', 'last_sign_in_at')},
	u.raw_app_meta_data, u.raw_user_meta_data, ${ts('u.created_at', 'created_at')}, ${ts('u.updated_at', 'updated_at')},
	${ts('u.banned_until', 'banned_until')}, ${ts('u.deleted_at', 'deleted_at')}, u.is_anonymous, u.is_sso_user,
	coalesce(u.banned_until > now(), false) as banned,
	array_remove(array[${STRING_COLUMNS.map((c) => `case when u.${c} is null then '${c}' end`).join(', ')}], null) as null_string_columns`;

/**
 * GoTrue's FindUserByEmailAndAudience (`$1` instance_id, `$2` e-mail, `$3` aud): served by
 * users_instance_id_email_idx (instance_id, lower(email)), so a sign-in never scans auth.users.
 */
export const PASSWORD_SIGN_IN_LOOKUP = `select ${USER_COLUMNS} from auth.users u
		  where u.instance_id = $1 and lower(u.email) = lower($2) and u.aud = $3 and u.is_sso_user = false`;

/**
 * Rows a failed sign-in's diagnostics look at (`$1` e-mail, `$2` the nil instance_id): only the nil
 * and NULL instance_id (a hand-made seed's usual slip), so the same index serves it and a mistyped
 * address does not scan every user either.
 */
export const MISSING_USER_LOOKUP = `select id::text as id, instance_id::text as instance_id, aud, is_sso_user from auth.users
		  where (instance_id = $2 or instance_id is null) and lower(email) = lower($1)`;

interface IdentityRow {
	identity_id: string;
	id: string;
	user_id: string;
	identity_data: Record<string, unknown>;
	provider: string;
	last_sign_in_at: string | null;
	created_at: string | null;
	updated_at: string | null;
	email: string | null;
}

type Sql = postgres.Sql | postgres.TransactionSql;

async function loadUserById(sql: Sql, id: string): Promise<UserRow | null> {
	const [u] = await sql.unsafe<UserRow[]>(`select ${USER_COLUMNS} from auth.users u where u.id = $1`, [id]);
	return u ?? null;
}

/** GoTrue's user JSON (models.User), identities included. */
async function userJson(sql: Sql, u: UserRow): Promise<Record<string, unknown>> {
	const identities = await sql.unsafe<IdentityRow[]>(
		`select i.id::text as identity_id, i.provider_id as id, i.user_id::text as user_id, i.identity_data, i.provider,
		        ${ts('i.last_sign_in_at', 'last_sign_in_at')}, ${ts('i.created_at', 'created_at')}, ${ts('i.updated_at', 'updated_at')}, i.email
		   from auth.identities i where i.user_id = $1 order by i.created_at, i.id`,
		[u.id]
	);
	const out: Record<string, unknown> = { id: u.id, aud: u.aud ?? '', role: u.role ?? '', email: u.email ?? '' };
	const opt = (k: string, v: string | null) => {
		if (v !== null && v !== '') out[k] = v;
	};
	opt('email_confirmed_at', goTime(u.email_confirmed_at));
	opt('invited_at', goTime(u.invited_at));
	out.phone = u.phone ?? '';
	opt('phone_confirmed_at', goTime(u.phone_confirmed_at));
	opt('confirmation_sent_at', goTime(u.confirmation_sent_at));
	opt('confirmed_at', goTime(u.confirmed_at));
	opt('recovery_sent_at', goTime(u.recovery_sent_at));
	opt('new_email', u.email_change);
	opt('email_change_sent_at', goTime(u.email_change_sent_at));
	opt('new_phone', u.phone_change);
	opt('phone_change_sent_at', goTime(u.phone_change_sent_at));
	opt('reauthentication_sent_at', goTime(u.reauthentication_sent_at));
	opt('last_sign_in_at', goTime(u.last_sign_in_at));
	out.app_metadata = u.raw_app_meta_data ?? {};
	out.user_metadata = u.raw_user_meta_data ?? {};
	out.identities = identities.map((i) => ({
		identity_id: i.identity_id,
		id: i.id,
		user_id: i.user_id,
		identity_data: i.identity_data,
		provider: i.provider,
		last_sign_in_at: goTime(i.last_sign_in_at),
		created_at: goTime(i.created_at),
		updated_at: goTime(i.updated_at),
		email: i.email ?? ''
	}));
	out.created_at = goTime(u.created_at);
	out.updated_at = goTime(u.updated_at);
	opt('banned_until', goTime(u.banned_until));
	opt('deleted_at', goTime(u.deleted_at));
	out.is_anonymous = u.is_anonymous;
	return out;
}

/** Refuse rows GoTrue itself could not load, and say why in the server log. */
function assertScannable(ctx: AuthContext, u: UserRow, what: string): void {
	if (u.null_string_columns && u.null_string_columns.length > 0) {
		ctx.log(
			`[auth] ${what}: auth.users ${u.id} has NULL in ${u.null_string_columns.join(', ')}; real Supabase Auth fails on such rows ` +
				`("converting NULL to string is unsupported"). Insert '' for these columns (e.g. in supabase/seed.sql).`
		);
		throw new AuthError(500, 'unexpected_failure', 'Database error querying schema');
	}
}

function requestAud(req: ApiRequest): string {
	return req.headers['x-jwt-aud'] || 'authenticated';
}

function randomRefreshToken(): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	let s = '';
	for (let i = 0; i < 12; i++) s += alphabet[randomInt(alphabet.length)];
	return s;
}

interface SessionRow {
	id: string;
	user_id: string;
	created_epoch: number;
}

async function accessToken(ctx: AuthContext, u: UserRow, session: SessionRow): Promise<{ token: string; expiresAt: number }> {
	const iat = Math.floor(Date.now() / 1000);
	const exp = iat + ctx.jwtExpSeconds;
	const claims = {
		iss: ctx.issuer,
		sub: u.id,
		aud: u.aud ?? '',
		exp,
		iat,
		email: u.email ?? '',
		phone: u.phone ?? '',
		app_metadata: u.raw_app_meta_data ?? {},
		user_metadata: u.raw_user_meta_data ?? {},
		role: u.role ?? '',
		aal: 'aal1',
		amr: [{ method: 'password', timestamp: session.created_epoch }],
		session_id: session.id,
		is_anonymous: u.is_anonymous
	};
	return { token: await signJwt(claims, ctx.keys), expiresAt: exp };
}

async function sessionResponse(ctx: AuthContext, sql: Sql, u: UserRow, session: SessionRow, refreshToken: string): Promise<Record<string, unknown>> {
	const { token, expiresAt } = await accessToken(ctx, u, session);
	return {
		access_token: token,
		token_type: 'bearer',
		expires_in: ctx.jwtExpSeconds,
		expires_at: expiresAt,
		refresh_token: refreshToken,
		user: await userJson(sql, u)
	};
}

function readParams(req: ApiRequest): Record<string, unknown> {
	let body: unknown;
	try {
		body = parseJsonBody(req);
	} catch (e) {
		throw new AuthError(400, 'bad_json', `Could not parse request body as JSON: ${e instanceof Error ? e.message : String(e)}`);
	}
	if (body === undefined) return {};
	if (!isObject(body)) throw new AuthError(400, 'bad_json', 'Could not parse request body as JSON: expected an object');
	return body;
}

function str(v: unknown): string {
	return typeof v === 'string' ? v : '';
}

async function passwordGrant(ctx: AuthContext, req: ApiRequest): Promise<ApiResponse> {
	const params = readParams(req);
	const email = str(params.email).trim();
	const phone = str(params.phone).trim();
	const password = str(params.password);
	if (email && phone) throw new AuthError(400, 'validation_failed', 'Only an email address or phone number should be provided on login.');
	if (!email && !phone) throw new AuthError(400, 'validation_failed', 'missing email or phone');
	if (phone) throw new AuthError(422, 'phone_provider_disabled', 'Phone logins are disabled');
	const aud = requestAud(req);
	const [u] = await ctx.sql.unsafe<UserRow[]>(PASSWORD_SIGN_IN_LOOKUP, [NIL_UUID, email, aud]);
	if (!u) {
		await explainMissingUser(ctx, email, aud);
		throw new AuthError(400, 'invalid_credentials', INVALID_LOGIN);
	}
	assertScannable(ctx, u, 'password sign-in');
	if (!u.encrypted_password) throw new AuthError(400, 'invalid_credentials', INVALID_LOGIN);
	if (u.banned) throw new AuthError(400, 'user_banned', 'User is banned');
	const valid = /^\$2[abxy]\$/.test(u.encrypted_password) && (await bcrypt.compare(password, u.encrypted_password));
	if (!valid) throw new AuthError(400, 'invalid_credentials', INVALID_LOGIN);
	if (u.email_confirmed_at === null) throw new AuthError(400, 'email_not_confirmed', 'Email not confirmed');

	return ctx.sql.begin(async (tx) => {
		await tx.unsafe(`update auth.users set last_sign_in_at = now() where id = $1`, [u.id]);
		const [session] = await tx.unsafe<SessionRow[]>(
			`insert into auth.sessions (id, user_id, created_at, updated_at, user_agent, ip)
			 values ($1, $2, now(), now(), $3, $4)
			 returning id::text as id, user_id::text as user_id, extract(epoch from created_at)::bigint::int as created_epoch`,
			[randomUUID(), u.id, req.headers['user-agent'] ?? null, req.ip]
		);
		const refresh = randomRefreshToken();
		await tx.unsafe(
			`insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
			 values ($1, $2, $3, false, now(), now(), null, $4)`,
			[NIL_UUID, refresh, u.id, session!.id]
		);
		const fresh = (await loadUserById(tx, u.id))!;
		return json(200, await sessionResponse(ctx, tx, fresh, session!, refresh));
	}) as Promise<ApiResponse>;
}

/** When a sign-in finds no user, say in the log if a row exists that GoTrue would not match. */
async function explainMissingUser(ctx: AuthContext, email: string, aud: string): Promise<void> {
	const rows = await ctx.sql.unsafe<{ id: string; instance_id: string | null; aud: string | null; is_sso_user: boolean }[]>(
MISSING_USER_LOOKUP,
		[email, NIL_UUID]
	);
	for (const r of rows) {
		const why: string[] = [];
		if (r.instance_id !== NIL_UUID) why.push(`instance_id is ${r.instance_id ?? 'NULL'} (must be ${NIL_UUID})`);
		if (r.aud !== aud) why.push(`aud is ${r.aud ?? 'NULL'} (must be '${aud}')`);
		if (r.is_sso_user) why.push('is_sso_user is true');
		if (why.length) ctx.log(`[auth] auth.users ${r.id} (${email}) is invisible to Supabase Auth: ${why.join('; ')}`);
	}
}

async function refreshGrant(ctx: AuthContext, req: ApiRequest): Promise<ApiResponse> {
	const params = readParams(req);
	const token = str(params.refresh_token);
	if (!token) throw new OAuthError('invalid_request', 'refresh_token required');
	let reuseRefused = false;
	const response = await ctx.sql.begin(async (tx) => {
		const [t] = await tx.unsafe<
			{ id: string; token: string; user_id: string; revoked: boolean; parent: string | null; session_id: string | null; reusable: boolean }[]
		>(
			`select id::text as id, token, user_id, revoked, parent, session_id::text as session_id,
			        (updated_at + make_interval(secs => $2)) >= now() as reusable
			   from auth.refresh_tokens where token = $1 for update`,
			[token, ctx.refreshTokenReuseIntervalSeconds]
		);
		if (!t) throw new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
		const u = await loadUserById(tx, t.user_id);
		if (!u) throw new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
		assertScannable(ctx, u, 'refresh');
		if (u.banned) throw new AuthError(400, 'user_banned', 'Invalid Refresh Token: User Banned');
		const [session] = t.session_id
			? await tx.unsafe<SessionRow[]>(
					`select id::text as id, user_id::text as user_id, extract(epoch from created_at)::bigint::int as created_epoch
					   from auth.sessions where id = $1 for update`,
					[t.session_id]
				)
			: [];
		if (!session) throw new AuthError(400, 'session_not_found', 'Invalid Refresh Token: No Valid Session Found');

		let issued: string | null = null;
		if (t.revoked) {
			const [active] = await tx.unsafe<{ token: string; parent: string | null }[]>(
				`select token, parent from auth.refresh_tokens where session_id = $1 and revoked = false order by id desc limit 1`,
				[session.id]
			);
			if (active && active.parent === t.token) {
				// The client lost the answer to its last refresh: hand back the current token, as GoTrue does.
				issued = active.token;
			} else if (!t.reusable) {
				// Reuse of an old token: revoke the whole family and keep that revocation (commit), then refuse.
				await tx.unsafe(`update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and revoked = false`, [session.id]);
				reuseRefused = true;
				return null;
			}
		}
		if (issued === null) {
			issued = randomRefreshToken();
			await tx.unsafe(`update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1`, [t.id]);
			await tx.unsafe(
				`insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
				 values ($1, $2, $3, false, now(), now(), $4, $5)`,
				[NIL_UUID, issued, u.id, t.token, session.id]
			);
		}
		await tx.unsafe(`update auth.sessions set refreshed_at = now() at time zone 'UTC', updated_at = now(), user_agent = $2, ip = $3 where id = $1`, [
			session.id,
			req.headers['user-agent'] ?? null,
			req.ip
		]);
		return json(200, await sessionResponse(ctx, tx, u, session, issued));
	});
	if (reuseRefused || response === null) throw new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
	return response as ApiResponse;
}

interface Authenticated {
	claims: Record<string, unknown>;
	user: UserRow;
	sessionId: string | null;
}

function goJwtError(f: JwtFailure): string {
	switch (f.kind) {
		case 'expired':
			return 'token has invalid claims: token is expired';
		case 'not_yet_valid':
			return 'token has invalid claims: token is not valid yet';
		case 'issued_in_future':
			return 'token has invalid claims: token used before issued';
		case 'signature':
			return 'token signature is invalid: signature is invalid';
		case 'algorithm':
			return `token is unverifiable: signing method ${f.alg} is invalid`;
		case 'parts':
			return 'token is malformed: token contains an invalid number of segments';
		default:
			return 'token is malformed: could not JSON decode header';
	}
}

async function parseClaims(ctx: AuthContext, req: ApiRequest): Promise<Record<string, unknown>> {
	const token = bearerToken(req.headers['authorization']);
	if (!token) throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
	const r = await verifyJwt(token, ctx.keys);
	if (!r.ok) throw new AuthError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${goJwtError(r.failure)}`);
	return r.claims;
}

/** GoTrue's requireAuthentication: a valid user token whose user and session still exist. */
async function requireUser(ctx: AuthContext, req: ApiRequest): Promise<Authenticated> {
	const claims = await parseClaims(ctx, req);
	const sub = typeof claims.sub === 'string' ? claims.sub : '';
	if (!sub) throw new AuthError(403, 'bad_jwt', 'invalid claim: missing sub claim');
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sub)) {
		throw new AuthError(400, 'bad_jwt', 'invalid claim: sub claim must be a UUID');
	}
	const user = await loadUserById(ctx.sql, sub);
	if (!user) throw new AuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
	assertScannable(ctx, user, 'token check');
	if (user.banned) throw new AuthError(403, 'user_banned', 'User is banned');
	const sid = typeof claims.session_id === 'string' ? claims.session_id : '';
	let sessionId: string | null = null;
	if (sid && sid !== NIL_UUID) {
		const rows = await ctx.sql.unsafe(`select 1 from auth.sessions where id = $1`, [sid]);
		if (rows.length === 0) throw new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
		sessionId = sid;
	}
	return { claims, user, sessionId };
}

async function requireAdmin(ctx: AuthContext, req: ApiRequest): Promise<void> {
	const claims = await parseClaims(ctx, req);
	if (!ADMIN_ROLES.includes(String(claims.role ?? ''))) throw new AuthError(403, 'not_admin', 'User not allowed');
}

async function getUser(ctx: AuthContext, req: ApiRequest): Promise<ApiResponse> {
	const a = await requireUser(ctx, req);
	const aud = Array.isArray(a.claims.aud) ? a.claims.aud[0] : a.claims.aud;
	if (aud !== requestAud(req)) throw new AuthError(400, 'unexpected_audience', "Token audience doesn't match request audience");
	return json(200, await userJson(ctx.sql, a.user));
}

async function logout(ctx: AuthContext, req: ApiRequest): Promise<ApiResponse> {
	const scope = req.url.searchParams.get('scope') ?? '';
	if (!['', 'global', 'local', 'others'].includes(scope)) throw new AuthError(400, 'validation_failed', `Unsupported logout scope "${scope}"`);
	const a = await requireUser(ctx, req);
	await ctx.sql.begin(async (tx) => {
		if (a.sessionId && scope === 'local') {
			await tx.unsafe(`delete from auth.sessions where id = $1`, [a.sessionId]);
		} else if (a.sessionId && scope === 'others') {
			await tx.unsafe(`delete from auth.sessions where user_id = $1 and id <> $2`, [a.user.id, a.sessionId]);
		} else {
			await tx.unsafe(`delete from auth.sessions where user_id = $1`, [a.user.id]);
			await tx.unsafe(`delete from auth.refresh_tokens where (instance_id = $2 or instance_id is null) and user_id = $1`, [a.user.id, NIL_UUID]);
		}
	});
	return { status: 204 };
}

const EMAIL_RE = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

function validateEmail(email: string): string {
	const e = email.trim().toLowerCase();
	if (e.length > 255 || !EMAIL_RE.test(e)) throw new AuthError(400, 'validation_failed', 'Unable to validate email address: invalid format');
	return e;
}

function checkPassword(password: string): void {
	if (password.length < PASSWORD_MIN_LENGTH) {
		throw new AuthError(422, 'weak_password', `Password should be at least ${PASSWORD_MIN_LENGTH} characters.`, ['length']);
	}
}

/** Go's time.ParseDuration for the units GoTrue's ban_duration accepts (e.g. "24h", "1h30m", "90s"). */
export function parseGoDuration(s: string): number {
	const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
	const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
	let total = 0;
	let consumed = 0;
	let m: RegExpExecArray | null;
	while ((m = re.exec(s)) !== null) {
		total += Number(m[1]) * units[m[2]!]!;
		consumed = re.lastIndex;
	}
	if (s === '' || consumed !== s.length) throw new AuthError(400, 'validation_failed', `invalid format for ban duration: time: invalid duration "${s}"`);
	return total;
}

/** Merge metadata as GoTrue does: keys with a null value are removed. */
function mergeMeta(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
	const out = { ...base };
	for (const [k, v] of Object.entries(patch)) {
		if (v === null) delete out[k];
		else out[k] = v;
	}
	return out;
}

/**
 * bcrypt hash in GoTrue's format (`$2a$10$…`, what Go's x/crypto/bcrypt writes). bcryptjs labels its
 * output `$2b$`, which pgcrypto's crypt() does not read; the algorithm is the same (`$2b$` only marks
 * OpenBSD's fix for passwords over 255 bytes, a bug bcryptjs never had), so relabelling keeps hashes
 * readable by GoTrue, bcryptjs and pgcrypto alike.
 */
export async function hashPassword(password: string): Promise<string> {
	return (await bcrypt.hash(password, 10)).replace(/^\$2b\$/, '$2a$');
}

function dbFailure(ctx: AuthContext, message: string, e: unknown): AuthError {
	const pg = e as { code?: string; message?: string; detail?: string };
	ctx.log(`[auth] ${message}: ${pg.code ?? ''} ${pg.message ?? String(e)}${pg.detail ? ` (${pg.detail})` : ''}`);
	return new AuthError(500, 'unexpected_failure', message);
}

async function adminCreateUser(ctx: AuthContext, req: ApiRequest): Promise<ApiResponse> {
	const p = readParams(req);
	const aud = str(p.aud) || requestAud(req);
	const emailIn = str(p.email);
	const phoneIn = str(p.phone);
	if (!emailIn && !phoneIn) throw new AuthError(400, 'validation_failed', 'Cannot create a user without either an email or phone');
	const email = emailIn ? validateEmail(emailIn) : null;
	const phone = phoneIn ? phoneIn.replace(/[^\d]/g, '') : null;
	if (phone !== null && !/^\d{8,15}$/.test(phone)) throw new AuthError(400, 'validation_failed', 'Invalid phone number format (E.164 required)');
	if (email) {
		const dup = await ctx.sql.unsafe(`select 1 from auth.users where instance_id = $1 and lower(email) = $2 and aud = $3 and is_sso_user = false`, [NIL_UUID, email, aud]);
		if (dup.length) throw new AuthError(422, 'email_exists', DUPLICATE_EMAIL);
	}
	if (phone) {
		const dup = await ctx.sql.unsafe(`select 1 from auth.users where phone = $1 and aud = $2`, [phone, aud]);
		if (dup.length) throw new AuthError(422, 'phone_exists', 'Phone number already registered by another user');
	}
	const password = p.password === undefined || p.password === null || p.password === '' ? null : str(p.password);
	if (password !== null) checkPassword(password);
	const id = typeof p.id === 'string' && p.id ? p.id : randomUUID();
	if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AuthError(400, 'validation_failed', 'user id must be a UUID');
	const providers = [...(email ? ['email'] : []), ...(phone ? ['phone'] : [])];
	let appMeta: Record<string, unknown> = { provider: providers[0], providers };
	if (isObject(p.app_metadata)) appMeta = mergeMeta(appMeta, p.app_metadata);
	const userMeta: Record<string, unknown> = isObject(p.user_metadata) ? { ...p.user_metadata } : {};
	const emailConfirm = p.email_confirm === true;
	const phoneConfirm = p.phone_confirm === true;
	const banMs = typeof p.ban_duration === 'string' && p.ban_duration !== '' && p.ban_duration !== 'none' ? parseGoDuration(p.ban_duration) : null;
	// GoTrue generates an unknowable password when none is given.
	const encrypted = await hashPassword(password ?? randomUUID() + randomUUID());
	const role = str(p.role) || 'authenticated';

	try {
		// Same statement order as GoTrue's adminUserCreate: insert (role '', app_metadata = providers),
		// identities, then role, app_metadata merge, confirmation and ban as separate updates in the
		// same transaction. Triggers on auth.users see exactly this sequence on a real project.
		const user = await ctx.sql.begin(async (tx) => {
			await tx.unsafe(
				`insert into auth.users (instance_id, id, aud, role, email, phone, encrypted_password,
				   raw_app_meta_data, raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token,
				   email_change_token_new, email_change, email_change_token_current, phone_change, phone_change_token,
				   reauthentication_token, is_sso_user, is_anonymous)
				 values ($1, $2, $3, '', $4, $5, $6, $7::text::jsonb, $8::text::jsonb, now(), now(), '', '', '', '', '', '', '', '', false, false)`,
				[NIL_UUID, id, aud, email, phone, encrypted, JSON.stringify({ provider: providers[0], providers }), JSON.stringify(userMeta)]
			);
			for (const provider of providers) {
				const data =
					provider === 'email'
						? { sub: id, email, email_verified: false, phone_verified: false }
						: { sub: id, phone, email_verified: false, phone_verified: false };
				await tx.unsafe(
					`insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
					 values ($1, $2, $3::text::jsonb, $4, now(), now(), now())`,
					[id, id, JSON.stringify(data), provider]
				);
			}
			await tx.unsafe(`update auth.users set role = $2 where id = $1`, [id, role]);
			if (isObject(p.app_metadata)) {
				await tx.unsafe(`update auth.users set raw_app_meta_data = $2::text::jsonb where id = $1`, [id, JSON.stringify(appMeta)]);
			}
			if (emailConfirm && email) {
				await tx.unsafe(`update auth.users set confirmation_token = '', email_confirmed_at = now() where id = $1`, [id]);
				await tx.unsafe(`update auth.users set raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || '{"email_verified": true}'::jsonb where id = $1`, [id]);
				await tx.unsafe(`update auth.identities set identity_data = identity_data || '{"email_verified": true}'::jsonb where user_id = $1 and provider = 'email'`, [id]);
			}
			if (phoneConfirm && phone) {
				await tx.unsafe(`update auth.users set phone_confirmed_at = now() where id = $1`, [id]);
				await tx.unsafe(`update auth.users set raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || '{"phone_verified": true}'::jsonb where id = $1`, [id]);
			}
			if (banMs !== null) {
				await tx.unsafe(`update auth.users set banned_until = now() + make_interval(secs => $2::float8 / 1000) where id = $1`, [id, String(banMs)]);
			}
			const u = (await loadUserById(tx, id))!;
			return userJson(tx, u);
		});
		return json(200, user);
	} catch (e) {
		if (e instanceof AuthError) throw e;
		throw dbFailure(ctx, 'Database error creating new user', e);
	}
}

async function loadAdminTarget(ctx: AuthContext, id: string): Promise<UserRow> {
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new AuthError(404, 'validation_failed', 'user_id must be an UUID');
	const u = await loadUserById(ctx.sql, id);
	if (!u) throw new AuthError(404, 'user_not_found', 'User not found');
	return u;
}

async function adminUpdateUser(ctx: AuthContext, req: ApiRequest, id: string): Promise<ApiResponse> {
	const u = await loadAdminTarget(ctx, id);
	const p = readParams(req);
	const email = str(p.email) ? validateEmail(str(p.email)) : null;
	if (typeof p.password === 'string') checkPassword(p.password);
	let banSql: string | null = null;
	if (typeof p.ban_duration === 'string' && p.ban_duration !== '') {
		banSql = p.ban_duration === 'none' ? 'none' : String(parseGoDuration(p.ban_duration));
	}
	if (email && email !== (u.email ?? '').toLowerCase()) {
		const dup = await ctx.sql.unsafe(`select 1 from auth.users where instance_id = $1 and lower(email) = $2 and aud = $3 and id <> $4`, [NIL_UUID, email, u.aud, id]);
		if (dup.length) throw new AuthError(422, 'email_exists', DUPLICATE_EMAIL);
	}
	try {
		const out = await ctx.sql.begin(async (tx) => {
			if (banSql === 'none') await tx.unsafe(`update auth.users set banned_until = null, updated_at = now() where id = $1`, [id]);
			else if (banSql !== null) await tx.unsafe(`update auth.users set banned_until = now() + make_interval(secs => $2::float8 / 1000), updated_at = now() where id = $1`, [id, banSql]);
			if (str(p.role)) await tx.unsafe(`update auth.users set role = $2, updated_at = now() where id = $1`, [id, str(p.role)]);
			if (p.email_confirm === true) {
				await tx.unsafe(
					`update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()),
					        raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || '{"email_verified": true}'::jsonb, updated_at = now() where id = $1`,
					[id]
				);
				await tx.unsafe(`update auth.identities set identity_data = identity_data || '{"email_verified": true}'::jsonb, updated_at = now() where user_id = $1 and provider = 'email'`, [id]);
			}
			if (typeof p.password === 'string') {
				// GoTrue's User.UpdatePassword(tx, nil): the new hash, every one-time token cleared, and
				// Logout(tx, id) — all of the user's sessions deleted (their refresh tokens go with them).
				await tx.unsafe(
					`update auth.users set encrypted_password = $2, confirmation_token = '', confirmation_sent_at = null, recovery_token = '',
					        recovery_sent_at = null, email_change_token_current = '', email_change_token_new = '', email_change_sent_at = null,
					        phone_change_token = '', phone_change_sent_at = null, reauthentication_token = '', reauthentication_sent_at = null,
					        updated_at = now() where id = $1`,
					[id, await hashPassword(p.password)]
				);
				await tx.unsafe(`delete from auth.sessions where user_id = $1`, [id]);
			}
			if (email) {
				const upd = await tx.unsafe(`update auth.identities set identity_data = identity_data || jsonb_build_object('email', $2::text), updated_at = now() where user_id = $1 and provider = 'email' returning id`, [id, email]);
				if (upd.length === 0) {
					await tx.unsafe(
						`insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
						 values ($1, $1, jsonb_build_object('sub', $1::text, 'email', $2::text, 'email_verified', false, 'phone_verified', false), 'email', now(), now(), now())`,
						[id, email]
					);
				}
				await tx.unsafe(`update auth.users set email = $2, updated_at = now() where id = $1`, [id, email]);
			}
			if (isObject(p.app_metadata)) {
				await tx.unsafe(`update auth.users set raw_app_meta_data = $2::text::jsonb, updated_at = now() where id = $1`, [id, JSON.stringify(mergeMeta(u.raw_app_meta_data ?? {}, p.app_metadata))]);
			}
			if (isObject(p.user_metadata)) {
				const [cur] = await tx.unsafe<{ m: Record<string, unknown> | null }[]>(`select raw_user_meta_data as m from auth.users where id = $1`, [id]);
				await tx.unsafe(`update auth.users set raw_user_meta_data = $2::text::jsonb, updated_at = now() where id = $1`, [id, JSON.stringify(mergeMeta(cur?.m ?? {}, p.user_metadata))]);
			}
			return userJson(tx, (await loadUserById(tx, id))!);
		});
		return json(200, out);
	} catch (e) {
		if (e instanceof AuthError) throw e;
		throw dbFailure(ctx, 'Error updating user', e);
	}
}

async function adminDeleteUser(ctx: AuthContext, req: ApiRequest, id: string): Promise<ApiResponse> {
	await loadAdminTarget(ctx, id);
	const p = readParams(req);
	try {
		await ctx.sql.begin(async (tx) => {
			if (p.should_soft_delete === true) {
				await tx.unsafe(`delete from auth.sessions where user_id = $1`, [id]);
				await tx.unsafe(`delete from auth.refresh_tokens where (instance_id = $2 or instance_id is null) and user_id = $1`, [id, NIL_UUID]);
				await tx.unsafe(`delete from auth.identities where user_id = $1`, [id]);
				await tx.unsafe(
					`update auth.users set email = null, phone = null, encrypted_password = '', raw_user_meta_data = '{}'::jsonb,
					        deleted_at = coalesce(deleted_at, now()), updated_at = now() where id = $1`,
					[id]
				);
			} else {
				await tx.unsafe(`delete from auth.refresh_tokens where (instance_id = $2 or instance_id is null) and user_id = $1`, [id, NIL_UUID]);
				await tx.unsafe(`delete from auth.users where id = $1`, [id]);
			}
		});
	} catch (e) {
		throw dbFailure(ctx, 'Database error deleting user', e);
	}
	return json(200, {});
}

async function adminListUsers(ctx: AuthContext, req: ApiRequest): Promise<ApiResponse> {
	const page = Math.max(1, Number(req.url.searchParams.get('page') ?? '1') || 1);
	const perPage = Math.min(1000, Math.max(1, Number(req.url.searchParams.get('per_page') ?? '50') || 50));
	const aud = requestAud(req);
	const [{ n } = { n: '0' }] = await ctx.sql.unsafe<{ n: string }[]>(`select count(*)::text as n from auth.users where instance_id = $1 and aud = $2`, [NIL_UUID, aud]);
	const rows = await ctx.sql.unsafe<UserRow[]>(
		`select ${USER_COLUMNS} from auth.users u where u.instance_id = $1 and u.aud = $2 order by u.created_at desc, u.id limit $3 offset $4`,
		[NIL_UUID, aud, perPage, (page - 1) * perPage]
	);
	const users = [];
	for (const r of rows) users.push(await userJson(ctx.sql, r));
	return json(200, { users, aud }, { 'X-Total-Count': n });
}

/** What GET /settings reports: e-mail/password sign-in on, everything else off. */
function settings(): Record<string, unknown> {
	return {
		external: { anonymous_users: false, email: true, phone: false },
		disable_signup: true,
		mailer_autoconfirm: false,
		phone_autoconfirm: false,
		sms_provider: '',
		saml_enabled: false
	};
}

function decodeOrRaw(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

/**
 * Handle one `/auth/v1/...` request.
 *
 * @param subpath the path after `/auth/v1`, e.g. `/token`
 * @returns the response; never throws (failures become GoTrue error bodies)
 */
export async function handleAuth(ctx: AuthContext, req: ApiRequest, subpath: string): Promise<ApiResponse> {
	try {
		const path = subpath.replace(/\/+$/, '') || '/';
		const m = req.method;
		if (path === '/token' && m === 'POST') {
			const grant = req.url.searchParams.get('grant_type');
			// GoTrue checks the grant type, then the limiter (one bucket for all grants), then the grant.
			if (grant === 'password' || grant === 'refresh_token' || grant === 'id_token' || grant === 'pkce') limitTokenRequest(ctx, req);
			if (grant === 'password') return await passwordGrant(ctx, req);
			if (grant === 'refresh_token') return await refreshGrant(ctx, req);
			throw new AuthError(400, 'invalid_credentials', 'unsupported_grant_type');
		}
		if (path === '/user' && m === 'GET') return await getUser(ctx, req);
		if (path === '/logout' && m === 'POST') return await logout(ctx, req);
		if (path === '/settings' && m === 'GET') return json(200, settings());
		if (path === '/health' && m === 'GET') return json(200, { version: 'local-stand-in', name: 'GoTrue', description: 'Child Voice local Supabase Auth stand-in' });
		// The public signing keys, which verify access tokens without asking Auth (auth-js getClaims
		// caches them); the legacy HS256 secret is never listed. Cacheable like GoTrue's answer.
		if (path === '/.well-known/jwks.json' && m === 'GET') return json(200, { keys: ctx.keys.jwks }, { 'Cache-Control': 'public, max-age=600' });
		const admin = /^\/admin\/users(?:\/([^/]+))?$/.exec(path);
		if (admin) {
			await requireAdmin(ctx, req);
			// An undecodable id (`%zz`) is just not a UUID: loadAdminTarget refuses it (never a 500).
			const id = admin[1] ? decodeOrRaw(admin[1]) : null;
			if (id === null && m === 'POST') return await adminCreateUser(ctx, req);
			if (id === null && m === 'GET') return await adminListUsers(ctx, req);
			if (id !== null && m === 'GET') {
				const u = await loadAdminTarget(ctx, id);
				return json(200, await userJson(ctx.sql, u));
			}
			if (id !== null && m === 'PUT') return await adminUpdateUser(ctx, req, id);
			if (id !== null && m === 'DELETE') return await adminDeleteUser(ctx, req, id);
			throw new AuthError(405, 'method_not_allowed', `${m} is not allowed here`);
		}
		throw new AuthError(404, 'not_found', `Not implemented by the local Supabase Auth stand-in: ${m} ${path}`);
	} catch (e) {
		if (e instanceof AuthError) {
			if (e.status >= 500) ctx.log(`[auth] ${req.method} ${req.url.pathname}: ${e.status} ${e.message}`);
			return authErrorResponse(req, e);
		}
		if (e instanceof OAuthError) return json(400, { error: e.error, error_description: e.description });
		ctx.log(`[auth] ${req.method} ${req.url.pathname}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
		return authErrorResponse(req, new AuthError(500, 'unexpected_failure', 'Unexpected failure, please check server logs for more information'));
	}
}
