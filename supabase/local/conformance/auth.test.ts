/**
 * Conformance: Auth (GoTrue) as the app uses it, through supabase-js.
 * Runs against the local stand-in (npm test) or a real project (see target.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { client, createTestUser, deleteTestUsers, raw, resolveTarget, testEmail, type Target, type TestUser } from './target.ts';

let t: Target;
let alice: TestUser;
let bob: TestUser;
const extraUsers: TestUser[] = [];

beforeAll(async () => {
	t = resolveTarget();
	alice = await createTestUser(t, 'alice');
	bob = await createTestUser(t, 'bob');
});

afterAll(async () => {
	if (t) await deleteTestUsers(t, [alice, bob, ...extraUsers]);
});

async function signIn(u: TestUser) {
	const c = client(t);
	const r = await c.auth.signInWithPassword({ email: u.email, password: u.password });
	if (r.error || !r.data.session) throw new Error(`sign-in of ${u.email} failed: ${r.error?.message}`);
	return { c, session: r.data.session };
}

describe('password sign-in', () => {
	it('returns a session whose access token carries Supabase claims', async () => {
		const c = client(t);
		const { data, error } = await c.auth.signInWithPassword({ email: alice.email, password: alice.password });
		expect(error).toBeNull();
		const s = data.session!;
		expect(s.token_type).toBe('bearer');
		expect(s.expires_in).toBe(3600);
		expect(s.refresh_token).toMatch(/^[A-Za-z0-9_-]{12,}$/);
		expect(s.user.id).toBe(alice.id);
		expect(s.user.email).toBe(alice.email);
		expect(s.user.aud).toBe('authenticated');
		expect(s.user.role).toBe('authenticated');
		expect(s.user.app_metadata.provider).toBe('email');
		expect(s.user.identities?.[0]?.provider).toBe('email');
		expect(typeof s.user.last_sign_in_at).toBe('string');
		const claims = decodeJwt(s.access_token);
		expect(claims.sub).toBe(alice.id);
		expect(claims.aud).toBe('authenticated');
		expect(claims.role).toBe('authenticated');
		expect(claims.email).toBe(alice.email);
		expect(claims.aal).toBe('aal1');
		expect(claims.is_anonymous).toBe(false);
		expect(String(claims.iss)).toMatch(/\/auth\/v1$/);
		expect(claims.session_id).toMatch(/^[0-9a-f-]{36}$/);
		expect((claims.amr as { method: string }[])[0]?.method).toBe('password');
		expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
		expect(s.expires_at).toBe(claims.exp);
	});

	it('refuses a wrong password with 400 invalid_credentials', async () => {
		const { data, error } = await client(t).auth.signInWithPassword({ email: alice.email, password: 'not-the-password' });
		expect(data.session).toBeNull();
		expect(error?.name).toBe('AuthApiError');
		expect(error?.status).toBe(400);
		expect(error?.code).toBe('invalid_credentials');
		expect(error?.message).toBe('Invalid login credentials');
	});

	it('refuses an unknown user exactly like a wrong password', async () => {
		const { error } = await client(t).auth.signInWithPassword({ email: testEmail('nobody'), password: 'whatever-1' });
		expect(error?.status).toBe(400);
		expect(error?.code).toBe('invalid_credentials');
		expect(error?.message).toBe('Invalid login credentials');
	});

	it('e-mail matching ignores case', async () => {
		const { error, data } = await client(t).auth.signInWithPassword({ email: alice.email.toUpperCase(), password: alice.password });
		expect(error).toBeNull();
		expect(data.user?.id).toBe(alice.id);
	});

	it('refuses an unconfirmed e-mail with email_not_confirmed', async () => {
		const email = testEmail('unconfirmed');
		const admin = client(t, t.serviceRoleKey).auth.admin;
		const created = await admin.createUser({ email, password: 'unconfirmed-pw-1', email_confirm: false });
		expect(created.error).toBeNull();
		extraUsers.push({ id: created.data.user!.id, email, password: 'unconfirmed-pw-1' });
		expect(created.data.user!.email_confirmed_at).toBeUndefined();
		const { error } = await client(t).auth.signInWithPassword({ email, password: 'unconfirmed-pw-1' });
		expect(error?.status).toBe(400);
		expect(error?.code).toBe('email_not_confirmed');
	});

	it('refuses a banned user until the ban is lifted', async () => {
		const u = await createTestUser(t, 'banned');
		extraUsers.push(u);
		const admin = client(t, t.serviceRoleKey).auth.admin;
		const banned = await admin.updateUserById(u.id, { ban_duration: '24h' });
		expect(banned.error).toBeNull();
		expect(Date.parse(banned.data.user!.banned_until!)).toBeGreaterThan(Date.now() + 23 * 3600_000);
		const refused = await client(t).auth.signInWithPassword({ email: u.email, password: u.password });
		expect(refused.error?.status).toBe(400);
		expect(refused.error?.code).toBe('user_banned');
		const lifted = await admin.updateUserById(u.id, { ban_duration: 'none' });
		expect(lifted.error).toBeNull();
		const ok = await client(t).auth.signInWithPassword({ email: u.email, password: u.password });
		expect(ok.error).toBeNull();
	});
});

describe('getUser', () => {
	it('verifies the access token and loads the user fresh from the database', async () => {
		const { c, session } = await signIn(bob);
		await client(t, t.serviceRoleKey).auth.admin.updateUserById(bob.id, { user_metadata: { nickname: 'fresh' } });
		const { data, error } = await c.auth.getUser(session.access_token);
		expect(error).toBeNull();
		expect(data.user?.id).toBe(bob.id);
		expect(data.user?.email).toBe(bob.email);
		expect(data.user?.user_metadata.nickname).toBe('fresh');
	});

	it('refuses a token signed with another secret (403 bad_jwt)', async () => {
		const { session } = await signIn(bob);
		const [h, p] = session.access_token.split('.');
		const forged = `${h}.${p}.${'A'.repeat(43)}`;
		const { data, error } = await client(t).auth.getUser(forged);
		expect(data.user).toBeNull();
		expect(error?.status).toBe(403);
		expect(error?.code).toBe('bad_jwt');
	});

	it('answers 401 no_authorization without a bearer token', async () => {
		const res = await raw(t, '/auth/v1/user', { bearer: null, headers: { 'X-Supabase-Api-Version': '2024-01-01' } });
		expect(res.status).toBe(401);
		expect(await res.json()).toEqual({ code: 'no_authorization', message: expect.stringMatching(/Bearer token/) });
	});
});

describe('refresh tokens', () => {
	it('rotate on every refresh; the parent of the active token gets the active token back', async () => {
		const { session } = await signIn(alice);
		const c = client(t);
		const r1 = await c.auth.refreshSession({ refresh_token: session.refresh_token });
		expect(r1.error).toBeNull();
		const t1 = r1.data.session!.refresh_token;
		expect(t1).not.toBe(session.refresh_token);
		expect(decodeJwt(r1.data.session!.access_token).session_id).toBe(decodeJwt(session.access_token).session_id);
		const r2 = await client(t).auth.refreshSession({ refresh_token: t1 });
		const t2 = r2.data.session!.refresh_token;
		expect(t2).not.toBe(t1);
		// A client that lost the answer to its last refresh may retry with the previous token.
		const again = await client(t).auth.refreshSession({ refresh_token: t1 });
		expect(again.error).toBeNull();
		expect(again.data.session!.refresh_token).toBe(t2);
	});

	it('refuse an older revoked token once the reuse interval has passed (refresh_token_already_used)', async () => {
		const { session } = await signIn(alice);
		const t0 = session.refresh_token;
		const r1 = await client(t).auth.refreshSession({ refresh_token: t0 });
		const r2 = await client(t).auth.refreshSession({ refresh_token: r1.data.session!.refresh_token });
		expect(r2.error).toBeNull();
		await new Promise((r) => setTimeout(r, (t.refreshReuseIntervalSeconds + 1.5) * 1000));
		const reused = await client(t).auth.refreshSession({ refresh_token: t0 });
		expect(reused.data.session).toBeNull();
		expect(reused.error?.status).toBe(400);
		expect(reused.error?.code).toBe('refresh_token_already_used');
		expect(reused.error?.message).toBe('Invalid Refresh Token: Already Used');
	}, 60_000);

	it('refuse an unknown token with refresh_token_not_found', async () => {
		const { error } = await client(t).auth.refreshSession({ refresh_token: 'zzzzzzzzzzzz' });
		expect(error?.status).toBe(400);
		expect(error?.code).toBe('refresh_token_not_found');
	});
});

describe('logout', () => {
	it('global: every session of the user ends and its refresh tokens stop working', async () => {
		const a = await signIn(bob);
		const b = await signIn(bob);
		const { error } = await a.c.auth.signOut();
		expect(error).toBeNull();
		for (const s of [a.session, b.session]) {
			const r = await client(t).auth.refreshSession({ refresh_token: s.refresh_token });
			expect(r.error?.status).toBe(400);
			expect(r.error?.code).toBe('refresh_token_not_found');
		}
		const u = await client(t).auth.getUser(a.session.access_token);
		expect(u.data.user).toBeNull();
		expect(u.error?.name).toBe('AuthSessionMissingError');
	});

	it('local: only this session ends', async () => {
		const a = await signIn(bob);
		const b = await signIn(bob);
		expect((await a.c.auth.signOut({ scope: 'local' })).error).toBeNull();
		expect((await client(t).auth.refreshSession({ refresh_token: a.session.refresh_token })).error?.code).toBe('refresh_token_not_found');
		const other = await client(t).auth.refreshSession({ refresh_token: b.session.refresh_token });
		expect(other.error).toBeNull();
		expect(other.data.user?.id).toBe(bob.id);
	});

	it('others: every other session ends, this one stays', async () => {
		const a = await signIn(bob);
		const b = await signIn(bob);
		expect((await a.c.auth.signOut({ scope: 'others' })).error).toBeNull();
		expect((await client(t).auth.refreshSession({ refresh_token: b.session.refresh_token })).error?.code).toBe('refresh_token_not_found');
		expect((await client(t).auth.refreshSession({ refresh_token: a.session.refresh_token })).error).toBeNull();
	});
});

describe('admin API (service role only)', () => {
	it('creates, reads, updates and deletes a user', async () => {
		const admin = client(t, t.serviceRoleKey).auth.admin;
		const email = testEmail('admin-crud');
		const created = await admin.createUser({
			email,
			password: 'first-password-1',
			email_confirm: true,
			app_metadata: { plan: 'demo', keep: 1 },
			user_metadata: { nickname: '小海豚' }
		});
		expect(created.error).toBeNull();
		const u = created.data.user!;
		extraUsers.push({ id: u.id, email, password: 'first-password-1' });
		expect(u.email).toBe(email);
		expect(u.app_metadata).toMatchObject({ provider: 'email', providers: ['email'], plan: 'demo', keep: 1 });
		expect(u.user_metadata.nickname).toBe('小海豚');
		expect(typeof u.email_confirmed_at).toBe('string');
		expect(u.identities?.map((i) => i.provider)).toEqual(['email']);

		const got = await admin.getUserById(u.id);
		expect(got.data.user?.email).toBe(email);
		expect(got.data.user?.app_metadata.plan).toBe('demo');

		const updated = await admin.updateUserById(u.id, {
			password: 'second-password-2',
			app_metadata: { plan: 'full', keep: null },
			user_metadata: { colour: 'blue' }
		});
		expect(updated.error).toBeNull();
		expect(updated.data.user?.app_metadata.plan).toBe('full');
		expect('keep' in (updated.data.user?.app_metadata ?? {})).toBe(false);
		expect(updated.data.user?.user_metadata).toMatchObject({ nickname: '小海豚', colour: 'blue' });
		expect((await client(t).auth.signInWithPassword({ email, password: 'first-password-1' })).error?.code).toBe('invalid_credentials');
		expect((await client(t).auth.signInWithPassword({ email, password: 'second-password-2' })).error).toBeNull();

		const del = await admin.deleteUser(u.id);
		expect(del.error).toBeNull();
		const gone = await admin.getUserById(u.id);
		expect(gone.data.user).toBeNull();
		expect(gone.error?.status).toBe(404);
		expect(gone.error?.code).toBe('user_not_found');
		expect((await client(t).auth.signInWithPassword({ email, password: 'second-password-2' })).error?.code).toBe('invalid_credentials');
	});

	it('deletes a banned user with its sessions (the erasure of a child): the refresh token dies, a second delete is 404 user_not_found', async () => {
		const u = await createTestUser(t, 'erased');
		extraUsers.push(u);
		const { session } = await signIn(u);
		const admin = client(t, t.serviceRoleKey).auth.admin;
		expect((await admin.updateUserById(u.id, { ban_duration: '876000h' })).error).toBeNull();
		const del = await admin.deleteUser(u.id);
		expect(del.error).toBeNull();
		const refreshed = await client(t).auth.refreshSession({ refresh_token: session.refresh_token });
		expect(refreshed.error?.status).toBe(400);
		expect(['refresh_token_not_found', 'session_not_found']).toContain(refreshed.error?.code);
		const user = await raw(t, '/auth/v1/user', { bearer: session.access_token, headers: { 'X-Supabase-Api-Version': '2024-01-01' } });
		expect(user.status).toBe(403);
		const again = await admin.deleteUser(u.id);
		expect(again.error?.status).toBe(404);
		expect(again.error?.code).toBe('user_not_found');
	});

	it('refuses a duplicate e-mail with 422 email_exists', async () => {
		const { data, error } = await client(t, t.serviceRoleKey).auth.admin.createUser({ email: alice.email, password: 'another-pw-1', email_confirm: true });
		expect(data.user).toBeNull();
		expect(error?.status).toBe(422);
		expect(error?.code).toBe('email_exists');
	});

	it('refuses a too short password with 422 weak_password', async () => {
		const { error } = await client(t, t.serviceRoleKey).auth.admin.createUser({ email: testEmail('weak'), password: '123', email_confirm: true });
		expect(error?.status).toBe(422);
		expect(error?.code).toBe('weak_password');
		expect(error?.name).toBe('AuthWeakPasswordError');
	});

	it('refuses the anon key (403 not_admin)', async () => {
		const { data, error } = await client(t).auth.admin.createUser({ email: testEmail('by-anon'), password: 'anon-pw-12', email_confirm: true });
		expect(data.user).toBeNull();
		expect(error?.status).toBe(403);
		expect(error?.code).toBe('not_admin');
		const read = await client(t).auth.admin.getUserById(alice.id);
		expect(read.error?.status).toBe(403);
	});

	it("refuses a signed-in user's token (403 not_admin)", async () => {
		const { session } = await signIn(alice);
		const res = await raw(t, `/auth/v1/admin/users/${alice.id}`, { bearer: session.access_token, headers: { 'X-Supabase-Api-Version': '2024-01-01' } });
		expect(res.status).toBe(403);
		expect(((await res.json()) as { code: string }).code).toBe('not_admin');
	});
});
