/**
 * Conformance: Storage and ended sessions. Supabase Storage verifies the JWT itself and runs every
 * object query as the caller's role with the caller's claims, but it runs **no db-pre-request**
 * (supabase/storage: the per-transaction scope is set_config of role, request.jwt.*, headers,
 * method, path and storage.operation, nothing else). So an ended session's token is still a valid
 * JWT to Storage: it reads a public bucket, and what it may do in a private one is decided by the
 * project's RLS — here the restrictive "Only live sessions …" policies of migration
 * 20261201020000, which refuse it (read → 404 Object not found, upload → 403 RLS), while the Data
 * API refuses the same token with 401 PT401 from its pre-request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StorageClient } from '@supabase/storage-js';
import { client, createTestUser, deleteTestUsers, raw, resolveTarget, type Target, type TestUser } from './target.ts';
import { bucketName, dropBucket, storageAs, storageAsUser, storageFetch, withSql } from './storage-fixtures.ts';

let t: Target;
let privateBucket: string;
let publicBucket: string;
let user: TestUser;
let svcS: StorageClient;

const own = (b: string) => `bucket_id = '${b}' and (storage.foldername(name))[1] = (select auth.uid()::text)`;
const policies = (b: string) => `
create policy "conformance sessions users upload into their own folder" on storage.objects for insert to authenticated with check (${own(b)});
create policy "conformance sessions users read their own folder" on storage.objects for select to authenticated using (${own(b)});
create policy "conformance sessions users remove files from their own folder" on storage.objects for delete to authenticated using (${own(b)});`;
const DROP = `
drop policy if exists "conformance sessions users upload into their own folder" on storage.objects;
drop policy if exists "conformance sessions users read their own folder" on storage.objects;
drop policy if exists "conformance sessions users remove files from their own folder" on storage.objects;`;

const txt = (s: string) => [Buffer.from(s), { contentType: 'text/plain' }] as const;

async function signIn(): Promise<string> {
	const r = await client(t).auth.signInWithPassword({ email: user.email, password: user.password });
	if (!r.data.session) throw new Error(`sign-in failed: ${r.error?.message}`);
	return r.data.session.access_token;
}

/** Ends only the session of `token` (what the app's sign-out does). */
async function signOut(token: string): Promise<void> {
	expect((await raw(t, '/auth/v1/logout?scope=local', { method: 'POST', bearer: token })).status).toBe(204);
}

beforeAll(async () => {
	t = resolveTarget();
	privateBucket = bucketName('sessions');
	publicBucket = bucketName('sessions-public');
	svcS = storageAs(t, t.serviceRoleKey);
	expect((await svcS.createBucket(privateBucket)).error).toBeNull();
	expect((await svcS.createBucket(publicBucket, { public: true })).error).toBeNull();
	await withSql(t, (sql) => sql.begin((tx) => tx.unsafe(DROP + policies(privateBucket))));
	user = await createTestUser(t, 'sessions');
});

afterAll(async () => {
	if (!t) return;
	await withSql(t, (sql) => sql.unsafe(DROP));
	await dropBucket(t, privateBucket);
	await dropBucket(t, publicBucket);
	await deleteTestUsers(t, [user]);
});

describe("a signed-out session's access token at Storage", () => {
	it('reads and uploads nothing private any more (RLS), while the same user in another session still does', async () => {
		const ended = await signIn();
		const live = await signIn();
		const endedS = storageAsUser(t, ended);
		const liveS = storageAsUser(t, live);
		const name = `${user.id}/note.txt`;
		// While the session lives, its token uploads, reads, lists and signs in its own folder.
		expect((await endedS.from(privateBucket).upload(name, ...txt('private note'))).error).toBeNull();
		expect(await (await endedS.from(privateBucket).download(name)).data!.text()).toBe('private note');

		await signOut(ended);

		const read = await endedS.from(privateBucket).download(name);
		expect(read.error).toMatchObject({ status: 400, statusCode: '404', message: 'Object not found' });
		const raw404 = await storageFetch(t, `/object/authenticated/${privateBucket}/${name}`, { bearer: ended });
		expect(await raw404.json()).toMatchObject({ statusCode: '404', code: 'NoSuchKey' });
		expect((await endedS.from(privateBucket).info(name)).error).toMatchObject({ statusCode: '404' });
		expect((await endedS.from(privateBucket).list(user.id)).data).toEqual([]);
		expect((await endedS.from(privateBucket).createSignedUrl(name, 60)).error).toMatchObject({ statusCode: '404' });
		const upload = await endedS.from(privateBucket).upload(`${user.id}/later.txt`, ...txt('after sign-out'));
		expect(upload.error).toMatchObject({ status: 400, statusCode: '403', message: 'new row violates row-level security policy' });
		// A remove is skipped like any object the caller may not delete: nothing goes.
		expect((await endedS.from(privateBucket).remove([name])).data).toEqual([]);

		expect(await (await liveS.from(privateBucket).download(name)).data!.text()).toBe('private note');
		expect((await liveS.from(privateBucket).upload(`${user.id}/later.txt`, ...txt('still signed in'))).error).toBeNull();
		expect((await svcS.from(privateBucket).exists(`${user.id}/later.txt`)).data).toBe(true);
	});

	it('is still a valid JWT to Storage, which runs no db-pre-request: a public bucket serves it, the Data API refuses it', async () => {
		const ended = await signIn();
		expect((await svcS.from(publicBucket).upload('open.txt', ...txt('for everyone'))).error).toBeNull();
		await signOut(ended);
		const rest = await raw(t, '/rest/v1/profiles?select=id&limit=1', { bearer: ended });
		expect(rest.status).toBe(401);
		expect(await rest.json()).toMatchObject({ code: 'PT401', message: 'session_ended' });
		// /object/authenticated requires a valid JWT (a bad one is 403 AccessDenied): this one passes.
		const res = await storageFetch(t, `/object/authenticated/${publicBucket}/open.txt`, { bearer: ended });
		expect(res.status).toBe(200);
		expect(await res.text()).toBe('for everyone');
		const forged = await storageFetch(t, `/object/authenticated/${publicBucket}/open.txt`, { bearer: ended.slice(0, -4) + 'AAAA' });
		expect(forged.status).toBe(400);
	});
});

describe("the project's restrictive policies", () => {
	it('are RESTRICTIVE, one per command, for anon and authenticated, and call the session check once per statement', async () => {
		const rows = await withSql(t, (sql) =>
			sql<{ policyname: string; permissive: string; cmd: string; roles: string[]; qual: string | null; with_check: string | null }[]>`
				select policyname, permissive, cmd, roles::text[] as roles, qual, with_check from pg_policies
				 where schemaname = 'storage' and tablename = 'objects' and policyname like 'Only live sessions%' order by cmd`
		);
		expect(rows.map((r) => [r.cmd, r.permissive, [...r.roles].sort()])).toEqual([
			['DELETE', 'RESTRICTIVE', ['anon', 'authenticated']],
			['INSERT', 'RESTRICTIVE', ['anon', 'authenticated']],
			['SELECT', 'RESTRICTIVE', ['anon', 'authenticated']],
			['UPDATE', 'RESTRICTIVE', ['anon', 'authenticated']]
		]);
		for (const r of rows) for (const e of [r.qual, r.with_check]) if (e) expect(e).toMatch(/^\(\s*SELECT request_guard\.session_is_live\(\)/);
	});
});
