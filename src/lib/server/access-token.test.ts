import { describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { AccessTokenVerifier, type JwksLoader } from './access-token';

const now = () => Math.floor(Date.now() / 1000);

async function setup() {
	const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
	const kid = crypto.randomUUID();
	const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
	let fetches = 0;
	const load: JwksLoader = async () => {
		fetches++;
		return { keys: [jwk] };
	};
	const sign = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'ES256', kid, typ: 'JWT' }, key = privateKey) =>
		new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);
	return { kid, load, sign, fetches: () => fetches };
}

const claims = () => ({ sub: crypto.randomUUID(), role: 'authenticated', session_id: crypto.randomUUID(), exp: now() + 3600, app_metadata: { role: 'student' } });

describe('AccessTokenVerifier', () => {
	it('accepts a token signed with the listed key and fetches the JWKS once for many tokens', async () => {
		const s = await setup();
		const v = new AccessTokenVerifier(s.load);
		for (let i = 0; i < 5; i++) {
			const c = claims();
			expect(await v.verify(await s.sign(c))).toEqual({ kind: 'claims', claims: c });
		}
		expect(s.fetches()).toBe(1);
	});

	it('refuses an expired token, one without exp, a changed payload, another key under the same kid, an unknown kid', async () => {
		const s = await setup();
		const v = new AccessTokenVerifier(s.load);
		expect(await v.verify(await s.sign({ ...claims(), exp: now() - 1 }))).toEqual({ kind: 'refused' });
		expect(await v.verify(await s.sign({ ...claims(), exp: now() }))).toEqual({ kind: 'refused' });
		const { exp: _exp, ...noExp } = claims();
		expect(await v.verify(await s.sign(noExp))).toEqual({ kind: 'refused' });
		const good = await s.sign(claims());
		const [h, , sig] = good.split('.');
		const forgedPayload = Buffer.from(JSON.stringify({ ...claims(), app_metadata: { role: 'admin' } })).toString('base64url');
		expect(await v.verify(`${h}.${forgedPayload}.${sig}`)).toEqual({ kind: 'refused' });
		const other = (await generateKeyPair('ES256')).privateKey;
		expect(await v.verify(await s.sign(claims(), { alg: 'ES256', kid: s.kid, typ: 'JWT' }, other))).toEqual({ kind: 'refused' });
		expect(await v.verify(await s.sign(claims(), { alg: 'ES256', kid: crypto.randomUUID(), typ: 'JWT' }))).toEqual({ kind: 'refused' });
	});

	it('refuses malformed tokens and alg none; leaves HS256 tokens to Auth', async () => {
		const s = await setup();
		const v = new AccessTokenVerifier(s.load);
		for (const t of ['', 'a.b', 'a.b.c.d', '!!!.###.$$$', `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.bm90IGpzb24.AA`]) {
			expect(await v.verify(t), t).toEqual({ kind: 'refused' });
		}
		const payload = Buffer.from(JSON.stringify(claims())).toString('base64url');
		const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
		expect(await v.verify(none)).toEqual({ kind: 'refused' });
		const hs = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${payload}.c2ln`;
		expect(await v.verify(hs)).toEqual({ kind: 'ask_auth' });
	});

	it('picks up a new key (rotation) when an unknown kid shows up after the refetch pause, and when the set is stale', async () => {
		let t = Date.now();
		const a = await setup();
		const b = await setup();
		let current: JwksLoader = a.load;
		let loads = 0;
		const v = new AccessTokenVerifier(
			() => {
				loads++;
				return current();
			},
			() => t
		);
		expect((await v.verify(await a.sign(claims()))).kind).toBe('claims');
		current = b.load;
		// Within 30 s of the last fetch an unknown kid does not refetch.
		expect((await v.verify(await b.sign(claims()))).kind).toBe('refused');
		expect(loads).toBe(1);
		t += 31_000;
		expect((await v.verify(await b.sign({ ...claims(), exp: Math.floor(t / 1000) + 3600 }))).kind).toBe('claims');
		expect(loads).toBe(2);
		// The old key is gone from the set after the refetch.
		expect((await v.verify(await a.sign({ ...claims(), exp: Math.floor(t / 1000) + 3600 }))).kind).toBe('refused');
	});
});
