/**
 * Conformance: asymmetric JWT signing keys, as on a project that uses them. Auth signs user access
 * tokens with an ES256 key (header `kid`) and lists its public half at
 * `/auth/v1/.well-known/jwks.json`; supabase-js `auth.getClaims()` verifies a token with it without
 * asking Auth; the Data API accepts those tokens beside the legacy HS256 API keys; and the Data
 * API refuses the token of an ended session (the project's db-pre-request
 * `request_guard.check_session`, migration 20261130170000).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, createLocalJWKSet, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, type JWK } from 'jose';
import WebSocket from 'ws';
import { client, clientWithToken, createTestUser, deleteTestUsers, raw, resolveTarget, type Target, type TestUser } from './target.ts';

let t: Target;
let user: TestUser;

beforeAll(async () => {
	t = resolveTarget();
	user = await createTestUser(t, 'signing');
});

afterAll(async () => {
	if (t) await deleteTestUsers(t, [user]);
});

async function signIn() {
	const c = client(t);
	const r = await c.auth.signInWithPassword({ email: user.email, password: user.password });
	if (r.error || !r.data.session) throw new Error(`sign-in failed: ${r.error?.message}`);
	return { c, session: r.data.session };
}

/** `rpc/retention_period` (anon, authenticated and service_role may call it) with these credentials. */
function rpcRetention(key: string = t.anonKey, bearer: string = key): Promise<Response> {
	return raw(t, '/rest/v1/rpc/retention_period', { method: 'POST', key, bearer, headers: { 'content-type': 'application/json' }, body: '{}' });
}

async function jwks(): Promise<{ keys: JWK[] }> {
	const res = await raw(t, '/auth/v1/.well-known/jwks.json');
	expect(res.status).toBe(200);
	return (await res.json()) as { keys: JWK[] };
}

describe('GET /auth/v1/.well-known/jwks.json', () => {
	it('lists the public ES256 signing key with its kid, never a private part or the HS256 secret', async () => {
		const { keys } = await jwks();
		const ec = keys.filter((k) => k.kty === 'EC');
		expect(ec.length).toBeGreaterThan(0);
		for (const k of keys) {
			expect(k.d).toBeUndefined();
			expect(k.k).toBeUndefined();
			expect(typeof k.kid).toBe('string');
		}
		expect(ec[0]).toMatchObject({ crv: 'P-256', alg: 'ES256', use: 'sig' });
		expect(ec[0]!.key_ops).toEqual(['verify']);
	});
});

describe('user access tokens', () => {
	it('are ES256 with the kid of a listed key and verify with the JWKS; the anon key stays HS256', async () => {
		const { session } = await signIn();
		const header = decodeProtectedHeader(session.access_token);
		expect(header.alg).toBe('ES256');
		const { keys } = await jwks();
		expect(keys.map((k) => k.kid)).toContain(header.kid);
		const { payload } = await jwtVerify(session.access_token, createLocalJWKSet({ keys }));
		expect(payload.sub).toBe(user.id);
		expect(payload.session_id).toMatch(/^[0-9a-f-]{36}$/);
		if (t.kind === 'local') expect(decodeProtectedHeader(t.anonKey).alg).toBe('HS256');
	});

	it('are verified by getClaims() without a request to /auth/v1/user (the JWKS is fetched once and cached)', async () => {
		const { session } = await signIn();
		const seen: string[] = [];
		const counting: typeof fetch = (input, init) => {
			seen.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
			return fetch(input, init);
		};
		const c = (await import('@supabase/supabase-js')).createClient(t.url, t.anonKey, {
			auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false, storageKey: `jwks-conformance-${Date.now()}` },
			global: { fetch: counting },
			realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
		});
		for (let i = 0; i < 3; i++) {
			const { data, error } = await c.auth.getClaims(session.access_token);
			expect(error).toBeNull();
			expect(data?.claims.sub).toBe(user.id);
		}
		expect(seen.filter((u) => u.includes('/auth/v1/user'))).toEqual([]);
		expect(seen.filter((u) => u.includes('/.well-known/jwks.json')).length).toBe(1);
	});

	it('are accepted by the Data API beside the HS256 API keys', async () => {
		const { session } = await signIn();
		const asUser = await raw(t, '/rest/v1/profiles?select=id&limit=1', { bearer: session.access_token });
		expect(asUser.status).toBe(200);
		const asAnon = await rpcRetention();
		expect(asAnon.status).toBe(200);
	});

	it('signed with another key under the same kid, or with an unknown kid, are refused by the Data API and Auth', async () => {
		const { session } = await signIn();
		const claims = decodeJwt(session.access_token);
		const { kid } = decodeProtectedHeader(session.access_token);
		const { privateKey } = await generateKeyPair('ES256');
		for (const header of [{ alg: 'ES256', kid, typ: 'JWT' }, { alg: 'ES256', kid: crypto.randomUUID(), typ: 'JWT' }]) {
			const forged = await new SignJWT(claims).setProtectedHeader(header).sign(privateKey);
			const rest = await raw(t, '/rest/v1/profiles?select=id&limit=1', { bearer: forged });
			expect(rest.status).toBe(401);
			expect(((await rest.json()) as { code: string }).code).toBe('PGRST301');
			const auth = await raw(t, '/auth/v1/user', { bearer: forged, headers: { 'X-Supabase-Api-Version': '2024-01-01' } });
			expect(auth.status).toBe(403);
			expect(((await auth.json()) as { code: string }).code).toBe('bad_jwt');
		}
		// A JWK that is not the listed one does not verify what Auth signed either.
		const other = await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey);
		await expect(jwtVerify(session.access_token, createLocalJWKSet({ keys: [{ ...other, kid }] }))).rejects.toThrow();
	});
});

describe('an ended session (db-pre-request)', () => {
	it("refuses the old access token after sign-out: 401 PT401 session_ended, while the user's other session still works", async () => {
		const first = await signIn();
		const second = await signIn();
		expect((await clientWithToken(t, first.session.access_token).from('profiles').select('id').limit(1)).error).toBeNull();
		// scope local ends only this session (what the app's sign-out does).
		expect((await raw(t, '/auth/v1/logout?scope=local', { method: 'POST', bearer: first.session.access_token })).status).toBe(204);
		// getClaims still says yes (local verification cannot know)…
		const claims = await client(t).auth.getClaims(first.session.access_token);
		expect(claims.data?.claims.sub).toBe(user.id);
		// …the Data API does not, on reads and on rpc calls alike.
		const read = await raw(t, '/rest/v1/profiles?select=id&limit=1', { bearer: first.session.access_token });
		expect(read.status).toBe(401);
		expect(await read.json()).toMatchObject({ code: 'PT401', message: 'session_ended' });
		const rpc = await rpcRetention(t.anonKey, first.session.access_token);
		expect(rpc.status).toBe(401);
		const still = await raw(t, '/rest/v1/profiles?select=id&limit=1', { bearer: second.session.access_token });
		expect(still.status).toBe(200);
	});

	it('refuses every token of a user whose sessions were all deleted (a card reset, an erasure)', async () => {
		const { session } = await signIn();
		expect((await raw(t, '/auth/v1/logout?scope=global', { method: 'POST', bearer: session.access_token })).status).toBe(204);
		const read = await raw(t, '/rest/v1/profiles?select=id&limit=1', { bearer: session.access_token });
		expect(read.status).toBe(401);
		expect(((await read.json()) as { code: string }).code).toBe('PT401');
	});

	it('lets the anon and service-role keys through (they carry no session)', async () => {
		expect((await rpcRetention()).status).toBe(200);
		expect((await raw(t, '/rest/v1/profiles?select=id&limit=1', { key: t.serviceRoleKey })).status).toBe(200);
	});
});
