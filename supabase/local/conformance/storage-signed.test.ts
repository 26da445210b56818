/**
 * Conformance: signed URLs (`POST /object/sign/<bucket>/<name>`, batch `POST /object/sign/<bucket>`,
 * `GET /object/sign/<bucket>/<name>?token=`): the token is a JWT naming the object, signed with the
 * project's secret; the URL serves the object to anyone without a key while the token is valid,
 * and refuses expired, tampered, foreign and wrongly scoped tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { resolveTarget, type Target } from './target.ts';
import { bucketName, dropBucket, jwtSecret, storageAs, storageFetch, type StorageErrorBody } from './storage-fixtures.ts';

let t: Target;
let bucket: string;
const svc = () => storageAs(t, t.serviceRoleKey).from(bucket);

beforeAll(async () => {
	t = resolveTarget();
	bucket = bucketName('signed');
	expect((await storageAs(t, t.serviceRoleKey).createBucket(bucket)).error).toBeNull();
	for (const [name, body] of [
		['photos/a.txt', 'photo a'],
		['photos/b.txt', 'photo b'],
		['with space/c d.txt', 'spaced']
	]) {
		expect((await svc().upload(name!, Buffer.from(body!), { contentType: 'text/plain', cacheControl: '60' })).error).toBeNull();
	}
});

afterAll(async () => {
	if (t) await dropBucket(t, bucket);
});

/** The token of a signed URL. */
const tokenOf = (signedUrl: string) => new URL(signedUrl).searchParams.get('token')!;

/** Fetch a signed URL with no key at all, as an <img> would. */
const open = (url: string) => fetch(url);

async function errorOf(res: Response): Promise<StorageErrorBody> {
	expect(res.status).toBe(400);
	return (await res.json()) as StorageErrorBody;
}

describe('signing', () => {
	it('a signed URL serves the object to anyone, with Expires instead of Cache-Control', async () => {
		const { data, error } = await svc().createSignedUrl('photos/a.txt', 120);
		expect(error).toBeNull();
		expect(data!.signedUrl.startsWith(`${t.url}/storage/v1/object/sign/${bucket}/photos/a.txt?token=`)).toBe(true);
		const res = await open(data!.signedUrl);
		expect(res.status).toBe(200);
		expect(await res.text()).toBe('photo a');
		expect(res.headers.get('content-type')).toBe('text/plain');
		expect(res.headers.get('etag')).toBeTruthy();
		const expires = Date.parse(res.headers.get('expires') ?? '');
		expect(Math.abs(expires - (Date.now() + 120_000))).toBeLessThan(30_000);
		expect(res.headers.get('cache-control')).toBeNull();
	});

	it('the token is a JWT naming the object, scoped for download, valid for expiresIn seconds', async () => {
		const { data } = await svc().createSignedUrl('photos/a.txt', 300);
		const token = tokenOf(data!.signedUrl);
		expect(decodeProtectedHeader(token).alg).toMatch(/^HS/);
		const claims = decodeJwt(token);
		expect(claims).toMatchObject({ url: `${bucket}/photos/a.txt`, scope: 'download' });
		expect(claims.exp! - claims.iat!).toBe(300);
	});

	it('names with spaces sign and open', async () => {
		const { data, error } = await svc().createSignedUrl('with space/c d.txt', 60);
		expect(error).toBeNull();
		expect(await (await open(data!.signedUrl)).text()).toBe('spaced');
	});

	it('?download makes it an attachment', async () => {
		const { data } = await svc().createSignedUrl('photos/a.txt', 60, { download: 'photo.txt' });
		const res = await open(data!.signedUrl);
		expect(res.headers.get('content-disposition')).toBe(`attachment; filename=photo.txt; filename*=UTF-8''photo.txt`);
		await res.arrayBuffer();
	});

	it('many at once: one entry per path, an error for the missing ones', async () => {
		const { data, error } = await svc().createSignedUrls(['photos/a.txt', 'photos/missing.txt', 'photos/b.txt'], 60);
		expect(error).toBeNull();
		expect(data!.map((d) => [d.path, d.error, d.signedUrl === null])).toEqual([
			['photos/a.txt', null, false],
			['photos/missing.txt', 'Either the object does not exist or you do not have access to it', true],
			['photos/b.txt', null, false]
		]);
		expect(await (await open(data![2]!.signedUrl!)).text()).toBe('photo b');
	});

	it('a missing object cannot be signed (404); expiresIn must be a positive integer', async () => {
		expect((await svc().createSignedUrl('photos/none.txt', 60)).error).toMatchObject({ status: 400, statusCode: '404', message: 'Object not found' });
		for (const expiresIn of [0, -5, 'soon']) {
			const res = await storageFetch(t, `/object/sign/${bucket}/photos/a.txt`, {
				method: 'POST',
				bearer: t.serviceRoleKey,
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ expiresIn })
			});
			expect((await errorOf(res)).statusCode, String(expiresIn)).toBe('400');
		}
	});
});

describe('refused tokens', () => {
	it('an expired token is refused', async () => {
		const { data } = await svc().createSignedUrl('photos/a.txt', 1);
		await new Promise((r) => setTimeout(r, 2100));
		const body = await errorOf(await open(data!.signedUrl));
		expect(body).toMatchObject({ statusCode: '400', code: 'InvalidJWT' });
		expect(body.message).toMatch(/"exp" claim timestamp check failed/);
	});

	it('a tampered token (another object in the payload, same signature) is refused', async () => {
		const { data } = await svc().createSignedUrl('photos/a.txt', 60);
		const [h, p, s] = tokenOf(data!.signedUrl).split('.');
		const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
		const forged = Buffer.from(JSON.stringify({ ...claims, url: `${bucket}/photos/b.txt` })).toString('base64url');
		const res = await open(`${t.url}/storage/v1/object/sign/${bucket}/photos/b.txt?token=${h}.${forged}.${s}`);
		const body = await errorOf(res);
		expect(body).toMatchObject({ statusCode: '400', code: 'InvalidJWT' });
		expect(body.message).toMatch(/signature verification failed/);
	});

	it("a token for one object does not open another (InvalidSignature)", async () => {
		const { data } = await svc().createSignedUrl('photos/a.txt', 60);
		const res = await open(`${t.url}/storage/v1/object/sign/${bucket}/photos/b.txt?token=${tokenOf(data!.signedUrl)}`);
		expect(await errorOf(res)).toMatchObject({ statusCode: '400', code: 'InvalidSignature', message: 'Invalid signature' });
	});

	it('a token signed with another secret, garbage, or none is refused', async () => {
		const other = await new SignJWT({ url: `${bucket}/photos/a.txt`, scope: 'download' })
			.setIssuedAt()
			.setExpirationTime('60s')
			.setProtectedHeader({ alg: 'HS256' })
			.sign(new TextEncoder().encode('x'.repeat(40)));
		for (const token of [other, 'garbage']) {
			const body = await errorOf(await open(`${t.url}/storage/v1/object/sign/${bucket}/photos/a.txt?token=${token}`));
			expect(body).toMatchObject({ statusCode: '400', code: 'InvalidJWT' });
		}
		const none = await open(`${t.url}/storage/v1/object/sign/${bucket}/photos/a.txt`);
		expect((await errorOf(none)).statusCode).toBe('400');
	});

	it('a removed object is gone from its signed URL', async () => {
		await svc().upload('photos/gone.txt', Buffer.from('soon gone'), { contentType: 'text/plain' });
		const { data } = await svc().createSignedUrl('photos/gone.txt', 60);
		await svc().remove(['photos/gone.txt']);
		expect(await errorOf(await open(data!.signedUrl))).toMatchObject({ statusCode: '404', message: 'Object not found' });
	});

	// Forging a token needs the project's JWT secret: local always, a real project with CONFORMANCE_SUPABASE_JWT_SECRET.
	const remoteWithoutSecret = !!process.env.CONFORMANCE_SUPABASE_URL && !process.env.CONFORMANCE_SUPABASE_JWT_SECRET;
	it.skipIf(remoteWithoutSecret)('a correctly signed token of another scope, or past its exp, is refused', async () => {
		const secret = new TextEncoder().encode(jwtSecret(t)!);
		const now = Math.floor(Date.now() / 1000);
		const upload = await new SignJWT({ url: `${bucket}/photos/a.txt`, scope: 'upload', upsert: false }).setIssuedAt().setExpirationTime('60s').setProtectedHeader({ alg: 'HS256' }).sign(secret);
		expect(await errorOf(await open(`${t.url}/storage/v1/object/sign/${bucket}/photos/a.txt?token=${upload}`))).toMatchObject({
			code: 'InvalidSignature',
			message: 'Token is not scoped for download'
		});
		const expired = await new SignJWT({ url: `${bucket}/photos/a.txt`, scope: 'download' }).setIssuedAt(now - 120).setExpirationTime(now - 60).setProtectedHeader({ alg: 'HS256' }).sign(secret);
		expect(await errorOf(await open(`${t.url}/storage/v1/object/sign/${bucket}/photos/a.txt?token=${expired}`))).toMatchObject({ code: 'InvalidJWT' });
		const good = await new SignJWT({ url: `${bucket}/photos/a.txt`, scope: 'download' }).setIssuedAt().setExpirationTime('60s').setProtectedHeader({ alg: 'HS256' }).sign(secret);
		expect(await (await open(`${t.url}/storage/v1/object/sign/${bucket}/photos/a.txt?token=${good}`)).text()).toBe('photo a');
	});
});
