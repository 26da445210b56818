/**
 * Conformance: the Auth admin calls of the teachers' workbench (login cards made, replaced and
 * deleted by the app server with the service role), with GoTrue's semantics, status codes and
 * error shapes. Runs against the local stand-in (npm test) or a real project (see target.ts).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestUser, deleteTestUsers, raw, resolveTarget, testEmail, type Target, type TestUser } from './target.ts';

let t: Target;
const made: TestUser[] = [];
const V2024 = { 'X-Supabase-Api-Version': '2024-01-01', 'Content-Type': 'application/json' };

beforeAll(() => {
	t = resolveTarget();
});

afterAll(async () => {
	if (t) await deleteTestUsers(t, made);
});

const admin = () => client(t, t.serviceRoleKey).auth.admin;

async function signIn(email: string, password: string) {
	const c = client(t);
	const r = await c.auth.signInWithPassword({ email, password });
	return { c, ...r };
}

describe('POST /admin/users: a login card made for an enrolment', () => {
	it('creates a confirmed user whose app_metadata keeps the given keys next to provider/providers; it signs in at once', async () => {
		const batch = randomUUID();
		const email = testEmail('card');
		const password = '苹果月亮火车';
		const { data, error } = await admin().createUser({ email, password, email_confirm: true, app_metadata: { enrolment_batch: batch } });
		expect(error).toBeNull();
		made.push({ id: data.user!.id, email, password });
		expect(data.user!.app_metadata).toEqual({ provider: 'email', providers: ['email'], enrolment_batch: batch });
		expect(data.user!.email).toBe(email);
		expect(typeof data.user!.email_confirmed_at).toBe('string');
		const signed = await signIn(email, password);
		expect(signed.error).toBeNull();
		expect(signed.data.user?.app_metadata.enrolment_batch).toBe(batch);
	});

	it('a second user with the same handle: 422 email_exists, in both error shapes', async () => {
		const u = await createTestUser(t, 'dup-card');
		made.push(u);
		const body = JSON.stringify({ email: u.email, password: 'another-pw-1', email_confirm: true });
		const res = await raw(t, '/auth/v1/admin/users', { method: 'POST', key: t.serviceRoleKey, headers: V2024, body });
		expect(res.status).toBe(422);
		expect(res.headers.get('x-supabase-api-version')).toBe('2024-01-01');
		expect(await res.json()).toMatchObject({ code: 'email_exists' });
		const legacy = await raw(t, '/auth/v1/admin/users', { method: 'POST', key: t.serviceRoleKey, headers: { 'Content-Type': 'application/json' }, body });
		expect(legacy.status).toBe(422);
		expect(await legacy.json()).toMatchObject({ code: 422, error_code: 'email_exists' });
	});

	it('without an e-mail or phone: 400 validation_failed', async () => {
		const res = await raw(t, '/auth/v1/admin/users', { method: 'POST', key: t.serviceRoleKey, headers: V2024, body: JSON.stringify({ password: 'a-password-1' }) });
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ code: 'validation_failed' });
	});
});

describe('PUT /admin/users/:id with a password: a new card', () => {
	it('the old password stops at once and every session of the user ends (refresh tokens and access tokens refused)', async () => {
		const u = await createTestUser(t, 'new-card');
		made.push(u);
		const first = await signIn(u.email, u.password);
		const second = await signIn(u.email, u.password);
		expect(first.error).toBeNull();
		expect(second.error).toBeNull();
		const { error } = await admin().updateUserById(u.id, { password: 'new-secret-words' });
		expect(error).toBeNull();
		u.password = 'new-secret-words';
		for (const s of [first, second]) {
			const refreshed = await client(t).auth.refreshSession({ refresh_token: s.data.session!.refresh_token });
			expect(refreshed.error?.status).toBe(400);
			expect(['refresh_token_not_found', 'session_not_found']).toContain(refreshed.error?.code);
			const user = await raw(t, '/auth/v1/user', { bearer: s.data.session!.access_token, headers: V2024 });
			expect(user.status).toBe(403);
			expect(((await user.json()) as { code: string }).code).toBe('session_not_found');
		}
		expect((await signIn(u.email, 'pw-old-anything')).error?.code).toBe('invalid_credentials');
		expect((await signIn(u.email, 'new-secret-words')).error).toBeNull();
	});

	it('other changes (app_metadata only) leave the sessions alone', async () => {
		const u = await createTestUser(t, 'meta-only');
		made.push(u);
		const s = await signIn(u.email, u.password);
		expect((await admin().updateUserById(u.id, { app_metadata: { note: 'x' } })).error).toBeNull();
		const refreshed = await client(t).auth.refreshSession({ refresh_token: s.data.session!.refresh_token });
		expect(refreshed.error).toBeNull();
	});

	it('a too short password: 422 weak_password, nothing changed; an unknown user: 404 user_not_found', async () => {
		const u = await createTestUser(t, 'weak-new');
		made.push(u);
		const { error } = await admin().updateUserById(u.id, { password: '123' });
		expect(error?.status).toBe(422);
		expect(error?.code).toBe('weak_password');
		expect((await signIn(u.email, u.password)).error).toBeNull();
		const missing = await admin().updateUserById(randomUUID(), { password: 'long-enough-1' });
		expect(missing.error?.status).toBe(404);
		expect(missing.error?.code).toBe('user_not_found');
	});
});

describe('PUT /admin/users/:id with an email: an admin changes a staff member\'s sign-in address', () => {
	it('the new address (kept lower case) signs in with the same password, the old one no longer; sessions and confirmation stay', async () => {
		const u = await createTestUser(t, 'new-mail');
		made.push(u);
		const s = await signIn(u.email, u.password);
		expect(s.error).toBeNull();
		const next = testEmail('moved');
		const { data, error } = await admin().updateUserById(u.id, { email: next.toUpperCase() });
		expect(error).toBeNull();
		expect(data.user!.email).toBe(next);
		expect(typeof data.user!.email_confirmed_at).toBe('string');
		// GoTrue updates the email identity's data with the user (identity.UpdateIdentityData).
		expect(data.user!.identities?.find((i) => i.provider === 'email')?.identity_data?.email).toBe(next);
		const old = u.email;
		u.email = next;
		expect((await signIn(old, u.password)).error?.code).toBe('invalid_credentials');
		expect((await signIn(next, u.password)).error).toBeNull();
		// Unlike a new password, a new address ends no session.
		const refreshed = await client(t).auth.refreshSession({ refresh_token: s.data.session!.refresh_token });
		expect(refreshed.error).toBeNull();
		const fetched = await admin().getUserById(u.id);
		expect(fetched.data.user?.email).toBe(next);
	});

	it('an address another user has (any case): 422 email_exists in both error shapes, nothing changed; a bad one: 400 validation_failed', async () => {
		const a = await createTestUser(t, 'mail-a');
		const b = await createTestUser(t, 'mail-b');
		made.push(a, b);
		const res = await raw(t, `/auth/v1/admin/users/${a.id}`, { method: 'PUT', key: t.serviceRoleKey, headers: V2024, body: JSON.stringify({ email: b.email.toUpperCase() }) });
		expect(res.status).toBe(422);
		expect(await res.json()).toMatchObject({ code: 'email_exists' });
		const legacy = await raw(t, `/auth/v1/admin/users/${a.id}`, { method: 'PUT', key: t.serviceRoleKey, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: b.email }) });
		expect(legacy.status).toBe(422);
		expect(await legacy.json()).toMatchObject({ code: 422, error_code: 'email_exists' });
		const bad = await admin().updateUserById(a.id, { email: 'not an address' });
		expect(bad.error?.status).toBe(400);
		expect(bad.error?.code).toBe('validation_failed');
		expect((await signIn(a.email, a.password)).error).toBeNull();
		// Its own address again (another case) is no duplicate.
		expect((await admin().updateUserById(a.id, { email: a.email.toUpperCase() })).error).toBeNull();
	});
});

describe('DELETE /admin/users/:id: undoing a failed enrolment', () => {
	it('deletes a user that never signed in: 200 {}, then it cannot sign in, and a second delete is 404 user_not_found', async () => {
		const u = await createTestUser(t, 'undo', { app_metadata: { enrolment_batch: randomUUID() } });
		const res = await raw(t, `/auth/v1/admin/users/${u.id}`, { method: 'DELETE', key: t.serviceRoleKey, headers: V2024 });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({});
		expect((await signIn(u.email, u.password)).error?.code).toBe('invalid_credentials');
		const again = await admin().deleteUser(u.id);
		expect(again.error?.status).toBe(404);
		expect(again.error?.code).toBe('user_not_found');
	});

	it('an id that is not a UUID: 404 validation_failed; without the service role: 403 not_admin', async () => {
		const bad = await raw(t, '/auth/v1/admin/users/not-a-uuid', { method: 'DELETE', key: t.serviceRoleKey, headers: V2024 });
		expect(bad.status).toBe(404);
		expect(await bad.json()).toMatchObject({ code: 'validation_failed' });
		const u = await createTestUser(t, 'not-admin-delete');
		made.push(u);
		const anon = await raw(t, `/auth/v1/admin/users/${u.id}`, { method: 'DELETE', headers: V2024 });
		expect(anon.status).toBe(403);
		expect(await anon.json()).toMatchObject({ code: 'not_admin' });
		expect((await signIn(u.email, u.password)).error).toBeNull();
	});
});
