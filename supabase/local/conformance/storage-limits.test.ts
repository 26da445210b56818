/**
 * Conformance: what Storage refuses before storing anything — a bucket's file_size_limit and the
 * project's limit (413 in the body), allowed_mime_types (415), huge and unsized bodies — and object
 * names that try to leave their bucket (`../`, encoded, NUL, backslash): a name is only ever a key,
 * never a path; locally nothing lands outside the byte store.
 */
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { resolveTarget, type Target } from './target.ts';
import { allNames, bucketName, dropBucket, filesUnder, localStorageDir, storageAs, storageFetch, type StorageErrorBody } from './storage-fixtures.ts';

let t: Target;
let limited: string;
let exact: string;
let open: string;
const svc = () => storageAs(t, t.serviceRoleKey);
const remote = !!process.env.CONFORMANCE_SUPABASE_URL;

beforeAll(async () => {
	t = resolveTarget();
	limited = bucketName('limited');
	exact = bucketName('exact');
	open = bucketName('open');
	expect((await svc().createBucket(limited, { public: false, fileSizeLimit: 1000, allowedMimeTypes: ['image/png', 'text/*'] })).error).toBeNull();
	expect((await svc().createBucket(exact, { public: false, allowedMimeTypes: ['text/plain'] })).error).toBeNull();
	expect((await svc().createBucket(open)).error).toBeNull();
});

afterAll(async () => {
	if (!t) return;
	for (const b of [limited, exact, open]) await dropBucket(t, b);
});

async function refusal(res: Response): Promise<StorageErrorBody> {
	expect(res.status).toBe(400);
	return (await res.json()) as StorageErrorBody;
}

const upload = (bucket: string, name: string, body: BodyInit, headers: Record<string, string> = {}, extra: RequestInit = {}) =>
	storageFetch(t, `/object/${bucket}/${name}`, { method: 'POST', bearer: t.serviceRoleKey, headers, body, ...extra });

describe("a bucket's file_size_limit", () => {
	it('takes an object of exactly the limit, refuses one byte more (413 in the body) and stores nothing', async () => {
		expect((await svc().from(limited).upload('ok.txt', Buffer.alloc(1000, 97), { contentType: 'text/plain' })).error).toBeNull();
		const r = await svc().from(limited).upload('big.txt', Buffer.alloc(1001, 97), { contentType: 'text/plain' });
		expect(r.error).toMatchObject({ status: 400, statusCode: '413', message: 'The object exceeded the maximum allowed size' });
		expect((await svc().from(limited).exists('big.txt')).data).toBe(false);
	});

	it('a multipart upload (a Blob) over the limit too', async () => {
		const r = await svc().from(limited).upload('big-blob.txt', new Blob([Buffer.alloc(1001, 98)], { type: 'text/plain' }));
		expect(r.error).toMatchObject({ status: 400, statusCode: '413' });
		expect((await svc().from(limited).exists('big-blob.txt')).data).toBe(false);
	});

	it('a huge body is refused by its Content-Length, before it is read', async () => {
		const res = await upload(limited, 'huge.txt', new Uint8Array(20 * 1024 * 1024), { 'Content-Type': 'text/plain' });
		expect(await refusal(res)).toMatchObject({ statusCode: '413', error: 'Payload too large' });
		expect((await svc().from(limited).exists('huge.txt')).data).toBe(false);
	});

	// A body without Content-Length: the stand-in counts the bytes as they stream and stops at the
	// limit. (The real server's REST upload limits by Content-Length; a hosted gateway may not
	// forward a chunked body at all, so this is checked locally only.)
	it.skipIf(remote)('an unsized (chunked) body is cut off at the limit and nothing is kept', async () => {
		let sent = 0;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent >= 5 * 1024 * 1024) return controller.close();
				sent += 64 * 1024;
				controller.enqueue(new Uint8Array(64 * 1024));
			}
		});
		const res = await upload(limited, 'chunked.txt', stream, { 'Content-Type': 'text/plain' }, { duplex: 'half' } as RequestInit);
		expect(await refusal(res)).toMatchObject({ statusCode: '413' });
		expect((await svc().from(limited).exists('chunked.txt')).data).toBe(false);
		const dir = localStorageDir(t)!;
		expect((await filesUnder(dir)).filter((f) => f.startsWith('tmp'))).toEqual([]);
	});

	it('the project limit applies to buckets without their own', async () => {
		const limit = remote ? Number(process.env.CONFORMANCE_STORAGE_FILE_SIZE_LIMIT ?? 50 * 1024 * 1024) : (await loadConfig()).storageFileSizeLimit;
		const res = await upload(open, 'too-big.bin', new Uint8Array(limit + 1), { 'Content-Type': 'application/octet-stream' });
		expect(await refusal(res)).toMatchObject({ statusCode: '413' });
		expect((await svc().from(open).exists('too-big.bin')).data).toBe(false);
	});
});

describe("a bucket's allowed_mime_types", () => {
	it('refuses other types with 415 in the body; type/* matches any subtype', async () => {
		const pdf = await svc().from(limited).upload('doc.pdf', Buffer.from('%PDF'), { contentType: 'application/pdf' });
		expect(pdf.error).toMatchObject({ status: 400, statusCode: '415', message: 'mime type application/pdf is not supported' });
		const jpeg = await svc().from(limited).upload('x.jpg', Buffer.from('x'), { contentType: 'image/jpeg' });
		expect(jpeg.error).toMatchObject({ statusCode: '415' });
		expect((await svc().from(limited).upload('x.png', Buffer.from('x'), { contentType: 'image/png' })).error).toBeNull();
		expect((await svc().from(limited).upload('x.csv', Buffer.from('x'), { contentType: 'text/csv' })).error).toBeNull();
		const blob = await svc().from(limited).upload('y.pdf', new Blob(['%PDF'], { type: 'application/pdf' }));
		expect(blob.error).toMatchObject({ statusCode: '415' });
	});

	it("compares the type as sent: storage-js's default text/plain;charset=UTF-8 is not text/plain", async () => {
		const r = await svc().from(exact).upload('note.txt', Buffer.from('hi'));
		expect(r.error).toMatchObject({ statusCode: '415', message: 'mime type text/plain;charset=UTF-8 is not supported' });
		expect((await svc().from(exact).upload('note.txt', Buffer.from('hi'), { contentType: 'text/plain' })).error).toBeNull();
	});
});

describe('names that try to leave the bucket', () => {
	it('../ in a name is resolved by the URL before it leaves the client: no object is written', async () => {
		for (const name of ['../escape.txt', 'a/../../escape.txt', 'a/%2e%2e/%2e%2e/escape.txt']) {
			const r = await svc().from(open).upload(name, Buffer.from('escape'), { contentType: 'text/plain' });
			expect(r.error, name).not.toBeNull();
		}
		expect(await allNames(t, open)).toEqual([]);
	});

	it('a path that leaves /storage/v1 before routing reaches no Storage route', async () => {
		const status = await new Promise<number>((resolve, reject) => {
			const u = new URL(t.url);
			const req = request(
				{ host: u.hostname, port: u.port || (u.protocol === 'https:' ? 443 : 80), method: 'POST', path: `/storage/v1/object/${open}/../../../escape.txt`, headers: { Authorization: `Bearer ${t.serviceRoleKey}`, apikey: t.anonKey, 'Content-Type': 'text/plain' } },
				(res) => {
					res.resume();
					resolve(res.statusCode ?? 0);
				}
			);
			req.on('error', reject);
			req.end('escape');
		});
		expect(status).toBeGreaterThanOrEqual(400);
		expect(await allNames(t, open)).toEqual([]);
	});

	it('an encoded ../ stays inside the name: stored under that key (or refused), never as a file outside', async () => {
		const names = ['..%2Fescape.txt', '%2e%2e%2f%2e%2e%2fescape2.txt', 'x%2F..%2F..%2Fescape3.txt'];
		for (const encoded of names) {
			const res = await upload(open, encoded, 'escape', { 'Content-Type': 'text/plain' });
			const key = decodeURIComponent(encoded);
			if (res.status === 200) {
				expect(await res.json()).toMatchObject({ Key: `${open}/${key}` });
				const back = await storageFetch(t, `/object/${open}/${encoded}`, { bearer: t.serviceRoleKey });
				expect(await back.text()).toBe('escape');
				expect((await svc().from(open).remove([key])).data?.map((o) => o.name)).toEqual([key]);
			} else {
				expect(await refusal(res)).toMatchObject({ statusCode: '400' });
			}
		}
		const dir = localStorageDir(t);
		if (dir) {
			for (const f of ['escape.txt', 'escape2.txt', 'escape3.txt']) {
				for (const where of [dir, path.dirname(dir), path.dirname(path.dirname(dir)), process.cwd()]) expect(existsSync(path.join(where, f)), path.join(where, f)).toBe(false);
			}
			expect((await filesUnder(dir)).some((f) => f.includes('escape'))).toBe(false);
		}
	});

	it('NUL and backslashes are not valid in a name (400 InvalidKey)', async () => {
		for (const encoded of ['a%00b.txt', '..%5C..%5Cescape.txt']) {
			const body = await refusal(await upload(open, encoded, 'x', { 'Content-Type': 'text/plain' }));
			expect(body, encoded).toMatchObject({ statusCode: '400', code: 'InvalidKey' });
		}
	});
});
