/**
 * Conformance: Storage objects through storage-js as the app uses them — upload (multipart from a
 * Blob, raw bytes from a Buffer), upsert, update, download with its headers, info, exists, list,
 * remove — the stored row, public URLs, and (locally) that a removed or replaced object's bytes
 * leave the disk. As the service role; RLS is storage-rls.test.ts.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTarget, type Target } from './target.ts';
import { bucketName, dropBucket, storageAs, storageFetch, storedVersions, versionOf, withSql, type StorageErrorBody } from './storage-fixtures.ts';

let t: Target;
let priv: string;
let pub: string;
const svc = () => storageAs(t, t.serviceRoleKey);
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');

beforeAll(async () => {
	t = resolveTarget();
	priv = bucketName('objects');
	pub = bucketName('public');
	expect((await svc().createBucket(priv)).error).toBeNull();
	expect((await svc().createBucket(pub, { public: true })).error).toBeNull();
});

afterAll(async () => {
	if (!t) return;
	await dropBucket(t, priv);
	await dropBucket(t, pub);
});

describe('upload and download', () => {
	it('a Blob (multipart) comes back byte for byte with its type, cache-control and ETag', async () => {
		const bytes = Buffer.from('hello from a blob \u4f60\u597d');
		const up = await svc().from(priv).upload('docs/hello.txt', new Blob([bytes], { type: 'text/plain' }), { cacheControl: '120' });
		expect(up.error).toBeNull();
		expect(up.data).toMatchObject({ path: 'docs/hello.txt', fullPath: `${priv}/docs/hello.txt` });
		expect(up.data!.id).toMatch(/^[0-9a-f-]{36}$/);

		const res = await storageFetch(t, `/object/${priv}/docs/hello.txt`, { bearer: t.serviceRoleKey });
		expect(res.status).toBe(200);
		expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
		expect(res.headers.get('content-type')).toBe('text/plain');
		expect(res.headers.get('cache-control')).toBe('max-age=120');
		expect(res.headers.get('content-length')).toBe(String(bytes.length));
		expect(res.headers.get('etag')).toBe(`"${md5(bytes)}"`);
		expect(res.headers.get('last-modified')).toBeTruthy();

		const dl = await svc().from(priv).download('docs/hello.txt');
		expect(Buffer.from(await dl.data!.arrayBuffer())).toEqual(bytes);
	});

	it('raw bytes (a Buffer) keep the given content type; the default cache-control is max-age=3600', async () => {
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
		expect((await svc().from(priv).upload('img/dot.png', png, { contentType: 'image/png' })).error).toBeNull();
		const res = await storageFetch(t, `/object/authenticated/${priv}/img/dot.png`, { bearer: t.serviceRoleKey });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/png');
		expect(res.headers.get('cache-control')).toBe('max-age=3600');
		expect(Buffer.from(await res.arrayBuffer())).toEqual(png);
	});

	it('the row has Storage metadata: size, mimetype, eTag, cacheControl, lastModified, contentLength, httpStatusCode', async () => {
		const body = Buffer.from('metadata please');
		await svc().from(priv).upload('meta/m.txt', body, { contentType: 'text/plain', metadata: { kind: 'note' } });
		const rows = await withSql(t, (sql) =>
			sql<{ metadata: Record<string, unknown>; user_metadata: unknown; path_tokens: string[]; version: string }[]>`
				select metadata, user_metadata, path_tokens, version from storage.objects where bucket_id = ${priv} and name = 'meta/m.txt'`
		);
		const m = rows[0]!.metadata;
		expect(m).toMatchObject({ size: body.length, contentLength: body.length, mimetype: 'text/plain', cacheControl: 'max-age=3600', httpStatusCode: 200 });
		expect(typeof m.eTag).toBe('string');
		expect(Date.parse(String(m.lastModified))).not.toBeNaN();
		expect(rows[0]!.user_metadata).toEqual({ kind: 'note' });
		expect(rows[0]!.path_tokens).toEqual(['meta', 'm.txt']);
		expect(rows[0]!.version).toBeTruthy();
	});

	it('HTML is served as text/plain', async () => {
		await svc().from(priv).upload('page.html', Buffer.from('<script>alert(1)</script>'), { contentType: 'text/html' });
		const res = await storageFetch(t, `/object/${priv}/page.html`, { bearer: t.serviceRoleKey });
		expect(res.headers.get('content-type')).toBe('text/plain');
	});

	it('?download sets Content-Disposition; a Range gives 206; a matching If-None-Match 304', async () => {
		const bytes = Buffer.from('0123456789');
		await svc().from(priv).upload('range.bin', bytes, { contentType: 'application/octet-stream' });
		const d = await storageFetch(t, `/object/${priv}/range.bin?download=report.bin`, { bearer: t.serviceRoleKey });
		expect(d.headers.get('content-disposition')).toBe(`attachment; filename=report.bin; filename*=UTF-8''report.bin`);
		await d.arrayBuffer();
		const r = await storageFetch(t, `/object/${priv}/range.bin`, { bearer: t.serviceRoleKey, headers: { Range: 'bytes=2-5' } });
		expect(r.status).toBe(206);
		expect(r.headers.get('content-range')).toBe('bytes 2-5/10');
		expect(await r.text()).toBe('2345');
		const n = await storageFetch(t, `/object/${priv}/range.bin`, { bearer: t.serviceRoleKey, headers: { 'If-None-Match': `"${md5(bytes)}"` } });
		expect(n.status).toBe(304);
	});

	it('an existing name is refused without upsert (409) and replaced with it; PUT update replaces too', async () => {
		const s = svc().from(priv);
		await s.upload('dup/x.txt', Buffer.from('one'), { contentType: 'text/plain' });
		const v1 = await versionOf(t, priv, 'dup/x.txt');
		const again = await s.upload('dup/x.txt', Buffer.from('two'), { contentType: 'text/plain' });
		expect(again.error).toMatchObject({ status: 400, statusCode: '409', message: 'The resource already exists' });
		expect(await (await s.download('dup/x.txt')).data!.text()).toBe('one');

		expect((await s.upload('dup/x.txt', Buffer.from('three'), { contentType: 'text/plain', upsert: true })).error).toBeNull();
		expect(await (await s.download('dup/x.txt')).data!.text()).toBe('three');
		const v2 = await versionOf(t, priv, 'dup/x.txt');
		expect(v2).not.toBe(v1);

		expect((await s.update('dup/x.txt', Buffer.from('four'), { contentType: 'text/plain' })).error).toBeNull();
		expect(await (await s.download('dup/x.txt')).data!.text()).toBe('four');
		if (t.kind === 'local') {
			const stored = await storedVersions(t);
			expect(stored.has(v1!)).toBe(false);
			expect(stored.has(v2!)).toBe(false);
			expect(stored.has((await versionOf(t, priv, 'dup/x.txt'))!)).toBe(true);
		}
	});

	it('a missing object is 404 in the body (HTTP 400); a missing bucket too', async () => {
		const r = await storageFetch(t, `/object/${priv}/nope.txt`, { bearer: t.serviceRoleKey });
		expect(r.status).toBe(400);
		expect(await r.json()).toEqual({ statusCode: '404', error: 'not_found', message: 'Object not found', code: 'NoSuchKey' } satisfies StorageErrorBody);
		const b = await storageFetch(t, `/object/${bucketName('nobucket')}/x.txt`, { bearer: t.serviceRoleKey });
		expect(b.status).toBe(400);
		expect(await b.json()).toMatchObject({ statusCode: '404', error: 'Bucket not found', message: 'Bucket not found' });
	});

	it('names outside S3-safe characters are refused (400 InvalidKey)', async () => {
		for (const name of ['小熊猫.png', 'a{b}.txt', 'quote"s.txt', 'caf\u00e9.txt']) {
			const r = await svc().from(priv).upload(name, Buffer.from('x'), { contentType: 'text/plain' });
			expect(r.error, name).toMatchObject({ status: 400, statusCode: '400' });
			expect(r.error!.message, name).toMatch(/^Invalid key: /);
		}
	});
});

describe('info, exists, list, remove', () => {
	beforeAll(async () => {
		const s = svc().from(priv);
		for (const name of ['list/a.txt', 'list/B.txt', 'list/c.txt', 'list/sub/d.txt', 'list/sub/deeper/e.txt', 'list/Zoo/f.txt', 'list/cat-1.txt']) {
			expect((await s.upload(name, Buffer.from(name), { contentType: 'text/plain' })).error).toBeNull();
		}
	});

	it('info describes the object; exists says true or false', async () => {
		const s = svc().from(priv);
		const info = await s.info('list/a.txt');
		expect(info.error).toBeNull();
		expect(info.data).toMatchObject({ name: 'list/a.txt', bucketId: priv, size: 'list/a.txt'.length, contentType: 'text/plain', cacheControl: 'max-age=3600' });
		expect(info.data!.etag).toMatch(/^".+"$/);
		expect((await s.exists('list/a.txt')).data).toBe(true);
		const no = await s.exists('list/none.txt');
		expect(no.data).toBe(false);
		const head = await storageFetch(t, `/object/${priv}/list/none.txt`, { method: 'HEAD', bearer: t.serviceRoleKey });
		expect(head.status).toBe(400);
	});

	it('list gives the folders and files directly under a prefix, case-insensitively by name', async () => {
		const { data, error } = await svc().from(priv).list('list');
		expect(error).toBeNull();
		expect(data!.map((e) => [e.name, e.id === null])).toEqual([
			['a.txt', false],
			['B.txt', false],
			['c.txt', false],
			['cat-1.txt', false],
			['sub', true],
			['Zoo', true]
		]);
		const file = data!.find((e) => e.name === 'a.txt')!;
		expect(file.metadata).toMatchObject({ size: 'list/a.txt'.length, mimetype: 'text/plain' });
		expect(file.created_at).toBeTruthy();
		const folder = data!.find((e) => e.name === 'sub')!;
		expect(folder).toMatchObject({ id: null, metadata: null, created_at: null });
		expect((await svc().from(priv).list('list/sub/')).data!.map((e) => e.name)).toEqual(['d.txt', 'deeper']);
	});

	it('list pages with limit/offset, sorts descending, filters by search', async () => {
		const s = svc().from(priv);
		expect((await s.list('list', { limit: 2, offset: 2 })).data!.map((e) => e.name)).toEqual(['c.txt', 'cat-1.txt']);
		expect((await s.list('list', { sortBy: { column: 'name', order: 'desc' } })).data!.map((e) => e.name)).toEqual(['Zoo', 'sub', 'cat-1.txt', 'c.txt', 'B.txt', 'a.txt']);
		expect((await s.list('list', { search: 'c' })).data!.map((e) => e.name)).toEqual(['c.txt', 'cat-1.txt']);
		const byDate = (await s.list('list', { sortBy: { column: 'created_at', order: 'asc' } })).data!.map((e) => e.name);
		expect(byDate.slice(0, 2).sort()).toEqual(['Zoo', 'sub']);
		expect(byDate.slice(2)).toEqual(['a.txt', 'B.txt', 'c.txt', 'cat-1.txt']);
		expect((await s.list('no-such-prefix')).data).toEqual([]);
	});

	it('remove deletes many at once and returns the removed rows; unknown names are skipped', async () => {
		const s = svc().from(priv);
		await s.upload('rm/1.txt', Buffer.from('1'), { contentType: 'text/plain' });
		await s.upload('rm/2.txt', Buffer.from('2'), { contentType: 'text/plain' });
		const versions = [await versionOf(t, priv, 'rm/1.txt'), await versionOf(t, priv, 'rm/2.txt')];
		const r = await s.remove(['rm/1.txt', 'rm/2.txt', 'rm/never.txt']);
		expect(r.error).toBeNull();
		expect(r.data!.map((o) => o.name).sort()).toEqual(['rm/1.txt', 'rm/2.txt']);
		expect(r.data![0]).toMatchObject({ bucket_id: priv });
		expect((await s.list('rm')).data).toEqual([]);
		expect((await s.download('rm/1.txt')).error).not.toBeNull();
		if (t.kind === 'local') {
			const stored = await storedVersions(t);
			for (const v of versions) expect(stored.has(v!)).toBe(false);
		}
		const empty = await storageFetch(t, `/object/${priv}`, {
			method: 'DELETE',
			bearer: t.serviceRoleKey,
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ prefixes: [] })
		});
		expect(empty.status).toBe(400);
		expect(((await empty.json()) as StorageErrorBody).statusCode).toBe('400');
	});
});

describe('public buckets', () => {
	it('serve objects at the public URL to anyone, no key needed', async () => {
		await svc().from(pub).upload('hi.txt', Buffer.from('public hello'), { contentType: 'text/plain' });
		const url = svc().from(pub).getPublicUrl('hi.txt').data.publicUrl;
		const res = await fetch(url);
		expect(res.status).toBe(200);
		expect(await res.text()).toBe('public hello');
		const anonDl = await storageAs(t, t.anonKey).from(pub).download('hi.txt');
		expect(await anonDl.data!.text()).toBe('public hello');
		const noJwt = await storageFetch(t, `/object/${pub}/hi.txt`, { bearer: null });
		expect(noJwt.status).toBe(200);
		await noJwt.arrayBuffer();
	});

	it('a private bucket has no public URL, and is not readable without a JWT', async () => {
		await svc().from(priv).upload('secret.txt', Buffer.from('secret'), { contentType: 'text/plain' });
		const res = await fetch(svc().from(priv).getPublicUrl('secret.txt').data.publicUrl);
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ statusCode: '404', message: 'Bucket not found' });
		const noJwt = await storageFetch(t, `/object/${priv}/secret.txt`, { bearer: null });
		expect(noJwt.status).toBe(400);
		expect(await noJwt.json()).toMatchObject({ statusCode: '404', message: 'Bucket not found' });
	});
});
