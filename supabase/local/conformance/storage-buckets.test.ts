/**
 * Conformance: Storage buckets (`/storage/v1/bucket`) through storage-js as the app calls them,
 * and raw fetch where the HTTP status matters: create, get, list, update, empty, delete; what the
 * anon key and a signed-in user get while storage.buckets has no policies (RLS: nothing); Storage's
 * error bodies (HTTP 400 with the real status in `statusCode`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, deleteTestUsers, resolveTarget, type Target, type TestUser } from './target.ts';
import { accessToken, bucketName, dropBucket, storageAs, storageAsUser, storageFetch, withSql, type StorageErrorBody } from './storage-fixtures.ts';

let t: Target;
let user: TestUser;
let userToken: string;
const made: string[] = [];

beforeAll(async () => {
	t = resolveTarget();
	user = await createTestUser(t, 'bucket-user');
	userToken = await accessToken(t, user);
});

afterAll(async () => {
	if (!t) return;
	for (const b of made) await dropBucket(t, b);
	await deleteTestUsers(t, [user]);
});

function fresh(label: string): string {
	const b = bucketName(label);
	made.push(b);
	return b;
}

describe('as the service role', () => {
	it('creates, gets, lists, updates and deletes a bucket', async () => {
		const s = storageAs(t, t.serviceRoleKey);
		const id = fresh('crud');
		expect(await s.createBucket(id, { public: false, fileSizeLimit: '2MB', allowedMimeTypes: ['image/png', 'image/*'] })).toEqual({ data: { name: id }, error: null });
		const got = await s.getBucket(id);
		expect(got.error).toBeNull();
		expect(got.data).toMatchObject({ id, name: id, public: false, file_size_limit: 2_000_000, allowed_mime_types: ['image/png', 'image/*'], owner: '' });
		expect(Date.parse(got.data!.created_at)).not.toBeNaN();
		const list = await s.listBuckets({ search: id });
		expect(list.data?.map((b) => b.id)).toEqual([id]);
		expect(list.data?.[0]).toMatchObject({ id, type: 'STANDARD' });

		expect(await s.updateBucket(id, { public: true, fileSizeLimit: 1000, allowedMimeTypes: null as unknown as string[] })).toEqual({
			data: { message: 'Successfully updated' },
			error: null
		});
		const after = await s.getBucket(id);
		expect(after.data).toMatchObject({ public: true, file_size_limit: 1000, allowed_mime_types: null });

		expect(await s.deleteBucket(id)).toEqual({ data: { message: 'Successfully deleted' }, error: null });
		const gone = await s.getBucket(id);
		expect(gone.error?.message).toBe('Bucket not found');
		expect((gone.error as { statusCode?: string }).statusCode).toBe('404');
	});

	it('writes the row a project reads: id, name, public, limits, owner_id of the creator', async () => {
		const id = fresh('row');
		await storageAs(t, t.serviceRoleKey).createBucket(id, { public: true, fileSizeLimit: 5000 });
		const rows = await withSql(t, (sql) => sql`select id, name, public, file_size_limit::int as limit, owner, owner_id from storage.buckets where id = ${id}`);
		expect(rows).toEqual([{ id, name: id, public: true, limit: 5000, owner: null, owner_id: null }]);
	});

	it('refuses a name that already exists (409 Duplicate), an invalid name, a limit above the project limit', async () => {
		const s = storageAs(t, t.serviceRoleKey);
		const id = fresh('dup');
		await s.createBucket(id);
		const dup = await s.createBucket(id);
		expect(dup.error).toMatchObject({ status: 400, statusCode: '409', message: 'The resource already exists' });

		for (const bad of ['has/slash', ' lead', 'x'.repeat(101), '小熊猫']) {
			const r = await s.createBucket(bad);
			expect(r.error, bad).toMatchObject({ status: 400, statusCode: '400', message: 'Bucket name invalid' });
		}
		const big = await storageFetch(t, '/bucket', {
			method: 'POST',
			bearer: t.serviceRoleKey,
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ name: fresh('huge'), file_size_limit: '900GB' })
		});
		expect(big.status).toBe(400);
		expect(await big.json()).toMatchObject({ statusCode: '413', error: 'Payload too large', message: 'The object exceeded the maximum allowed size' });

		const badMime = await s.createBucket(fresh('mime'), { public: false, allowedMimeTypes: ['not a type'] });
		expect(badMime.error).toMatchObject({ statusCode: '415', message: 'mime type not a type is not supported' });
	});

	it('a bucket with objects is not deleted (409); emptied, it is', async () => {
		const s = storageAs(t, t.serviceRoleKey);
		const id = fresh('full');
		await s.createBucket(id);
		expect((await s.from(id).upload('a.txt', Buffer.from('a'), { contentType: 'text/plain' })).error).toBeNull();
		const refused = await s.deleteBucket(id);
		expect(refused.error).toMatchObject({ status: 400, statusCode: '409', message: 'The bucket you tried to delete is not empty' });
		const emptied = await s.emptyBucket(id);
		expect(emptied.data?.message).toMatch(/^Empty bucket has been queued/);
		// Storage empties in the background; the stand-in before answering.
		const deadline = Date.now() + 60_000;
		let deleted = await s.deleteBucket(id);
		while (deleted.error && Date.now() < deadline) {
			await new Promise((r) => setTimeout(r, 1000));
			deleted = await s.deleteBucket(id);
		}
		expect(deleted.error).toBeNull();
	});

	it('unknown buckets are 404 in the body on get, update, empty and delete', async () => {
		const s = storageAs(t, t.serviceRoleKey);
		const missing = bucketName('missing');
		for (const r of [await s.getBucket(missing), await s.updateBucket(missing, { public: true }), await s.emptyBucket(missing), await s.deleteBucket(missing)]) {
			expect(r.error).toMatchObject({ status: 400, statusCode: '404', message: 'Bucket not found' });
		}
	});

	it('validation errors are 400 InvalidRequest', async () => {
		const res = await storageFetch(t, '/bucket', { method: 'POST', bearer: t.serviceRoleKey, headers: { 'Content-Type': 'application/json' }, body: '{}' });
		expect(res.status).toBe(400);
		const body = (await res.json()) as StorageErrorBody;
		expect(body).toMatchObject({ statusCode: '400', code: 'InvalidRequest' });
		expect(body.message).toMatch(/name/);
		const broken = await storageFetch(t, '/bucket', { method: 'POST', bearer: t.serviceRoleKey, headers: { 'Content-Type': 'application/json' }, body: '{"name":' });
		expect(broken.status).toBe(400);
		expect(((await broken.json()) as StorageErrorBody).statusCode).toBe('400');
	});
});

describe('as anon and as a signed-in user, with no policies on storage.buckets', () => {
	let id: string;
	beforeAll(async () => {
		id = fresh('rls');
		await storageAs(t, t.serviceRoleKey).createBucket(id, { public: true });
	});

	it('list shows nothing and get does not find the bucket', async () => {
		for (const s of [storageAs(t, t.anonKey), storageAsUser(t, userToken)]) {
			expect((await s.listBuckets({ search: id })).data).toEqual([]);
			expect((await s.getBucket(id)).error).toMatchObject({ statusCode: '404', message: 'Bucket not found' });
		}
	});

	it('create is refused by RLS (403 in the body, HTTP 400)', async () => {
		for (const s of [storageAs(t, t.anonKey), storageAsUser(t, userToken)]) {
			const r = await s.createBucket(bucketName('nope'));
			expect(r.error).toMatchObject({ status: 400, statusCode: '403', message: 'new row violates row-level security policy' });
		}
	});

	it('update and delete find nothing to change', async () => {
		const s = storageAsUser(t, userToken);
		expect((await s.updateBucket(id, { public: false })).error).toMatchObject({ statusCode: '404' });
		expect((await s.deleteBucket(id)).error).toMatchObject({ statusCode: '404' });
		expect((await storageAs(t, t.serviceRoleKey).getBucket(id)).data?.public).toBe(true);
	});

	it('emptying is for the service role only: HTTP 403', async () => {
		for (const token of [t.anonKey, userToken]) {
			const res = await storageFetch(t, `/bucket/${id}/empty`, { method: 'POST', bearer: token, headers: { 'Content-Type': 'application/json' }, body: '{}' });
			expect(res.status).toBe(403);
			expect(await res.json()).toMatchObject({ statusCode: '403', error: 'Unauthorized', message: 'Access denied: Invalid role' });
		}
	});

	it('with a policy the project writes, a user may read buckets', async () => {
		await withSql(t, (sql) =>
			sql.unsafe(`create policy "conformance users see buckets" on storage.buckets for select to authenticated using (id = '${id}')`)
		);
		try {
			expect((await storageAsUser(t, userToken).getBucket(id)).data?.id).toBe(id);
			expect((await storageAs(t, t.anonKey).getBucket(id)).error).not.toBeNull();
		} finally {
			await withSql(t, (sql) => sql.unsafe(`drop policy "conformance users see buckets" on storage.buckets`));
		}
	});
});

describe('authentication', () => {
	it('a request without a valid JWT is refused with 403 in the body', async () => {
		for (const bearer of [null, 'not-a-jwt', `${t.anonKey.slice(0, -4)}AAAA`]) {
			const res = await storageFetch(t, '/bucket', { bearer });
			expect(res.status).toBe(400);
			expect(await res.json()).toMatchObject({ statusCode: '403', error: 'Unauthorized', code: 'AccessDenied' });
		}
	});

	it('an unknown route is 404', async () => {
		const res = await storageFetch(t, '/no-such-route', { bearer: t.serviceRoleKey });
		expect(res.status).toBe(404);
		expect(((await res.json()) as StorageErrorBody).statusCode).toBe('404');
	});
});
