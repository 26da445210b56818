/**
 * Conformance: Auth's per-address rate limit on POST /token (GoTrue `performRateLimiting` with
 * GOTRUE_RATE_LIMIT_HEADER). One token bucket per address: 30 requests at once, refilled at
 * `[auth.rate_limit] token_refresh` per 5 minutes; password and refresh_token grants share it;
 * over the limit: 429 `over_request_rate_limit` "Request rate limit reached"; a request without
 * the header is not limited.
 *
 * Local: the header and rate come from supabase/config.toml and CV_AUTH_* (see config.ts).
 * A real project: only with CONFORMANCE_RATE_LIMIT_HEADER set (self-hosted, where the test can
 * choose the address); otherwise skipped.
 */
import { randomInt } from 'node:crypto';
import { createClient, isAuthApiError } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestUser, deleteTestUsers, resolveTarget, targetLimits, type Target, type TestUser } from './target.ts';

const BURST = 30;
const target = resolveTarget();
const limits = await targetLimits(target);
const header = limits.rateLimitHeader;
/** Tokens added per second. */
const refill = limits.tokenRefreshPer5Min / 300;

let t: Target;
let user: TestUser;

beforeAll(async () => {
	t = target;
	user = await createTestUser(t, 'ratelimit');
});

afterAll(async () => {
	if (t) await deleteTestUsers(t, [user]);
});

/** A fresh documentation-range address per call, so runs and tests never share a bucket. */
const freshIp = () => `198.51.${randomInt(0, 256)}.${randomInt(1, 255)}`;

function clientFrom(ip: string | null) {
	return createClient(t.url, t.anonKey, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		global: { headers: ip === null || header === null ? {} : { [header]: ip } },
		realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
	});
}

/** A sign-in that fails fast (no such user), as a raw request from `ip`. */
function wrongSignIn(ip: string, apiVersion = true): Promise<Response> {
	const headers: Record<string, string> = { apikey: t.anonKey, 'Content-Type': 'application/json' };
	if (apiVersion) headers['X-Supabase-Api-Version'] = '2024-01-01';
	if (header) headers[header] = ip;
	return fetch(`${t.url}/auth/v1/token?grant_type=password`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ email: `nobody-${randomInt(1e9)}@example.com`, password: 'wrong-password' })
	});
}

/** Spend `n` tokens (default: a whole fresh bucket) of `ip` at once; every one is answered normally. */
async function drain(ip: string, n = BURST): Promise<void> {
	const rs = await Promise.all(Array.from({ length: n }, () => wrongSignIn(ip)));
	const statuses = rs.map((r) => r.status);
	expect(statuses.filter((s) => s === 429)).toEqual([]);
	expect(new Set(statuses)).toEqual(new Set([400]));
}

/**
 * Sign in as `user` from `ip` until refused (at most 10 tries).
 *
 * @returns the error and how many sign-ins got through first
 */
async function signInUntilRefused(ip: string) {
	const c = clientFrom(ip);
	let passed = 0;
	for (let i = 0; i < 10; i++) {
		const r = await c.auth.signInWithPassword({ email: user.email, password: user.password });
		if (r.error) return { error: r.error, passed };
		passed++;
	}
	return { error: null, passed };
}

describe.skipIf(header === null)('POST /token rate limit per address', () => {
	it('the 31st sign-in from one address is 429 over_request_rate_limit through supabase-js', async () => {
		const ip = freshIp();
		const started = Date.now();
		await drain(ip);
		const { error, passed } = await signInUntilRefused(ip);
		expect(error).not.toBeNull();
		expect(isAuthApiError(error)).toBe(true);
		expect(error?.status).toBe(429);
		expect(error?.code).toBe('over_request_rate_limit');
		expect(error?.message).toBe('Request rate limit reached');
		// Only tokens refilled while the test ran may have let extra sign-ins through.
		const elapsedSeconds = (Date.now() - started) / 1000;
		expect(passed).toBeLessThanOrEqual(Math.floor(elapsedSeconds * refill));
	});

	it('the refusal has GoTrue legacy shape without the API version header', async () => {
		const ip = freshIp();
		await drain(ip);
		let r = await wrongSignIn(ip, false);
		for (let i = 0; i < 10 && r.status !== 429; i++) r = await wrongSignIn(ip, false);
		expect(r.status).toBe(429);
		expect(await r.json()).toEqual({ code: 429, error_code: 'over_request_rate_limit', msg: 'Request rate limit reached' });
	});

	it('addresses are independent: another address signs in while the first is refused', async () => {
		const a = freshIp();
		await drain(a);
		expect((await signInUntilRefused(a)).error?.status).toBe(429);
		const other = await clientFrom(freshIp()).auth.signInWithPassword({ email: user.email, password: user.password });
		expect(other.error).toBeNull();
		expect(other.data.session).not.toBeNull();
		// Only the first value of a list counts, as GoTrue splits the header at the first comma.
		const listed = await clientFrom(`${freshIp()}, ${a}`).auth.signInWithPassword({ email: user.email, password: user.password });
		expect(listed.error).toBeNull();
	});

	it('refresh_token grants draw on the same bucket', async () => {
		const ip = freshIp();
		const c = clientFrom(ip);
		const s = await c.auth.signInWithPassword({ email: user.email, password: user.password });
		expect(s.error).toBeNull();
		await drain(ip, BURST - 1);
		let refused = null;
		for (let i = 0; i < 10 && refused === null; i++) {
			const r = await c.auth.refreshSession({ refresh_token: s.data.session!.refresh_token });
			if (r.error) refused = r.error;
			else s.data.session = r.data.session;
		}
		expect(refused?.status).toBe(429);
		expect(refused?.code).toBe('over_request_rate_limit');
	});

	it('the bucket refills at token_refresh per 5 minutes', async () => {
		const ip = freshIp();
		await drain(ip);
		expect((await signInUntilRefused(ip)).error?.status).toBe(429);
		await new Promise((r) => setTimeout(r, Math.ceil(1000 / refill) + 300));
		const again = await clientFrom(ip).auth.signInWithPassword({ email: user.email, password: user.password });
		expect(again.error).toBeNull();
		expect((await signInUntilRefused(ip)).error?.status).toBe(429);
	});

	it.skipIf(target.kind !== 'local')('a request without the header is not limited (GoTrue applies no limit without a key)', async () => {
		const c = clientFrom(null);
		const rs = await Promise.all(
			Array.from({ length: BURST + 5 }, () =>
				fetch(`${t.url}/auth/v1/token?grant_type=password`, {
					method: 'POST',
					headers: { apikey: t.anonKey, 'Content-Type': 'application/json' },
					body: JSON.stringify({ email: 'nobody@example.com', password: 'x' })
				})
			)
		);
		expect(rs.map((r) => r.status).filter((s) => s === 429)).toEqual([]);
		const s = await c.auth.signInWithPassword({ email: user.email, password: user.password });
		expect(s.error).toBeNull();
	});
});
