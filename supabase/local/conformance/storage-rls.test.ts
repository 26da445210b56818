/**
 * Conformance: RLS decides Storage access, with policies written as on a real project —
 * each signed-in user owns the folder named after their id:
 *   bucket_id = '<bucket>' and (storage.foldername(name))[1] = (select auth.uid()::text)
 * for insert (upload), select (download, info, sign, list), update (upsert) and delete (remove),
 * and a second bucket with an insert policy only. Anon, two users and the service role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StorageClient } from '@supabase/storage-js';
import { createTestUser, deleteTestUsers, resolveTarget, type Target, type TestUser } from './target.ts';
import { accessToken, bucketName, dropBucket, storageAs, storageAsUser, storageFetch, withSql } from './storage-fixtures.ts';

let t: Target;
let bucket: string;
let dropbox: string;
let alice: TestUser;
let bob: TestUser;
let aliceS: StorageClient;
let bobS: StorageClient;
let anonS: StorageClient;
let svcS: StorageClient;
let aliceToken: string;

const own = (b: string) => `bucket_id = '${b}' and (storage.foldername(name))[1] = (select auth.uid()::text)`;
const policies = (b: string, d: string) => `
create policy "conformance users upload into their own folder" on storage.objects for insert to authenticated with check (${own(b)});
create policy "conformance users read their own folder" on storage.objects for select to authenticated using (${own(b)});
create policy "conformance users replace files in their own folder" on storage.objects for update to authenticated using (${own(b)}) with check (${own(b)});
create policy "conformance users remove files from their own folder" on storage.objects for delete to authenticated using (${own(b)});
create policy "conformance users drop files into the dropbox" on storage.objects for insert to authenticated with check (${own(d)});`;
const DROP = `
drop policy if exists "conformance users upload into their own folder" on storage.objects;
drop policy if exists "conformance users read their own folder" on storage.objects;
drop policy if exists "conformance users replace files in their own folder" on storage.objects;
drop policy if exists "conformance users remove files from their own folder" on storage.objects;
drop policy if exists "conformance users drop files into the dropbox" on storage.objects;`;

const txt = (s: string, extra: { upsert?: boolean } = {}) => [Buffer.from(s), { contentType: 'text/plain', ...extra }] as const;

beforeAll(async () => {
	t = resolveTarget();
	bucket = bucketName('rls');
	dropbox = bucketName('dropbox');
	svcS = storageAs(t, t.serviceRoleKey);
	anonS = storageAs(t, t.anonKey);
	expect((await svcS.createBucket(bucket)).error).toBeNull();
	expect((await svcS.createBucket(dropbox)).error).toBeNull();
	await withSql(t, (sql) => sql.begin((tx) => tx.unsafe(DROP + policies(bucket, dropbox))));
	alice = await createTestUser(t, 'alice');
	bob = await createTestUser(t, 'bob');
	aliceToken = await accessToken(t, alice);
	aliceS = storageAsUser(t, aliceToken);
	bobS = storageAsUser(t, await accessToken(t, bob));
});

afterAll(async () => {
	if (!t) return;
	await withSql(t, (sql) => sql.unsafe(DROP));
	await dropBucket(t, bucket);
	await dropBucket(t, dropbox);
	await deleteTestUsers(t, [alice, bob]);
});

describe('upload (insert policy)', () => {
	it('a user uploads into their own folder; the row names them as owner', async () => {
		const r = await aliceS.from(bucket).upload(`${alice.id}/note.txt`, ...txt('alice note'));
		expect(r.error).toBeNull();
		const rows = await withSql(t, (sql) => sql`select owner::text, owner_id from storage.objects where bucket_id = ${bucket} and name = ${`${alice.id}/note.txt`}`);
		expect(rows).toEqual([{ owner: alice.id, owner_id: alice.id }]);
	});

	it("not into another user's folder, nor the bucket root: 403 in the body, HTTP 400", async () => {
		for (const name of [`${bob.id}/forged.txt`, 'root.txt']) {
			const r = await aliceS.from(bucket).upload(name, ...txt('nope'));
			expect(r.error, name).toMatchObject({ status: 400, statusCode: '403', message: 'new row violates row-level security policy' });
		}
		expect((await svcS.from(bucket).exists(`${bob.id}/forged.txt`)).data).toBe(false);
	});

	it('anon can upload nowhere', async () => {
		const r = await anonS.from(bucket).upload(`${alice.id}/anon.txt`, ...txt('anon'));
		expect(r.error).toMatchObject({ statusCode: '403', message: 'new row violates row-level security policy' });
	});

	it('the policy is checked before the body is read: a refused multipart upload stores nothing', async () => {
		const big = new Blob([Buffer.alloc(256 * 1024, 7)], { type: 'text/plain' });
		const r = await bobS.from(bucket).upload(`${alice.id}/big.txt`, big);
		expect(r.error).toMatchObject({ statusCode: '403' });
		expect((await svcS.from(bucket).list(alice.id)).data!.map((e) => e.name)).toEqual(['note.txt']);
	});
});

describe('read (select policy)', () => {
	it('the owner downloads, gets info and lists; the other user and anon see nothing', async () => {
		const name = `${alice.id}/note.txt`;
		expect(await (await aliceS.from(bucket).download(name)).data!.text()).toBe('alice note');
		expect((await aliceS.from(bucket).info(name)).data?.name).toBe(name);
		expect((await aliceS.from(bucket).list(alice.id)).data!.map((e) => e.name)).toEqual(['note.txt']);
		for (const s of [bobS, anonS]) {
			expect((await s.from(bucket).download(name)).error).toMatchObject({ status: 400, statusCode: '404', message: 'Object not found' });
			expect((await s.from(bucket).info(name)).error).toMatchObject({ statusCode: '404' });
			expect((await s.from(bucket).list(alice.id)).data).toEqual([]);
		}
	});

	it('/object/authenticated needs a valid JWT; the plain /object path without one only serves public buckets', async () => {
		const name = `${alice.id}/note.txt`;
		const noJwt = await storageFetch(t, `/object/authenticated/${bucket}/${name}`, { bearer: null });
		expect(noJwt.status).toBe(400);
		expect(await noJwt.json()).toMatchObject({ statusCode: '403', code: 'AccessDenied', error: 'Unauthorized' });
		const ok = await storageFetch(t, `/object/authenticated/${bucket}/${name}`, { bearer: aliceToken });
		expect(await ok.text()).toBe('alice note');
		const plain = await storageFetch(t, `/object/${bucket}/${name}`, { bearer: null });
		expect(await plain.json()).toMatchObject({ statusCode: '404', message: 'Bucket not found' });
	});

	it('signing needs read access too', async () => {
		const name = `${alice.id}/note.txt`;
		expect((await aliceS.from(bucket).createSignedUrl(name, 60)).data?.signedUrl).toBeTruthy();
		expect((await bobS.from(bucket).createSignedUrl(name, 60)).error).toMatchObject({ statusCode: '404', message: 'Object not found' });
		const many = await bobS.from(bucket).createSignedUrls([name], 60);
		expect(many.data).toEqual([
			expect.objectContaining({ path: name, signedURL: null, error: 'Either the object does not exist or you do not have access to it' })
		]);
	});

	it('the service role bypasses RLS', async () => {
		expect(await (await svcS.from(bucket).download(`${alice.id}/note.txt`)).data!.text()).toBe('alice note');
		expect((await svcS.from(bucket).upload('root-by-service.txt', ...txt('svc'))).error).toBeNull();
	});
});

describe('upsert (update policy) and remove (delete policy)', () => {
	it('the owner replaces a file; the other user cannot, not even by upsert', async () => {
		const name = `${alice.id}/replace.txt`;
		await aliceS.from(bucket).upload(name, ...txt('v1'));
		expect((await aliceS.from(bucket).upload(name, ...txt('v2', { upsert: true }))).error).toBeNull();
		expect(await (await aliceS.from(bucket).download(name)).data!.text()).toBe('v2');
		const bobTry = await bobS.from(bucket).upload(name, ...txt('bob', { upsert: true }));
		expect(bobTry.error).toMatchObject({ statusCode: '403' });
		expect((await bobS.from(bucket).update(name, ...txt('bob'))).error).toMatchObject({ statusCode: '403' });
		expect(await (await aliceS.from(bucket).download(name)).data!.text()).toBe('v2');
	});

	it('without select and update policies an insert-only bucket takes uploads but no upserts or downloads', async () => {
		const name = `${alice.id}/drop.txt`;
		expect((await aliceS.from(dropbox).upload(name, ...txt('dropped'))).error).toBeNull();
		expect((await aliceS.from(dropbox).upload(name, ...txt('again', { upsert: true }))).error).toMatchObject({ statusCode: '403' });
		expect((await aliceS.from(dropbox).download(name)).error).toMatchObject({ statusCode: '404' });
		expect(await (await svcS.from(dropbox).download(name)).data!.text()).toBe('dropped');
	});

	it("removing another user's file removes nothing; the owner's remove does", async () => {
		const name = `${alice.id}/remove-me.txt`;
		await aliceS.from(bucket).upload(name, ...txt('bye'));
		expect((await bobS.from(bucket).remove([name])).data).toEqual([]);
		expect((await anonS.from(bucket).remove([name])).data).toEqual([]);
		expect((await svcS.from(bucket).exists(name)).data).toBe(true);
		expect((await aliceS.from(bucket).remove([name])).data!.map((o) => o.name)).toEqual([name]);
		expect((await svcS.from(bucket).exists(name)).data).toBe(false);
	});
});

describe('what policies see', () => {
	it('auth.uid(), auth.role() and storage.operation() are the caller and the API operation', async () => {
		await withSql(t, (sql) =>
			sql.unsafe(`create policy "conformance only uploads named after the operation" on storage.objects for insert to authenticated
				with check (bucket_id = '${dropbox}' and name = auth.role() || '/' || storage.operation() and owner_id = (select auth.uid()::text))`)
		);
		try {
			const r = await aliceS.from(dropbox).upload('authenticated/storage.object.upload', ...txt('op'));
			expect(r.error).toBeNull();
			const wrong = await aliceS.from(dropbox).upload('authenticated/storage.object.other', ...txt('op'));
			expect(wrong.error).toMatchObject({ statusCode: '403' });
		} finally {
			await withSql(t, (sql) => sql.unsafe(`drop policy "conformance only uploads named after the operation" on storage.objects`));
		}
	});
});
