/**
 * JWT signing and verification for the local stand-in (jose), with the failure kinds the real
 * services distinguish, so each service can word its error the way it does.
 *
 * Two kinds of key, as on a Supabase project with asymmetric signing keys: the legacy HS256
 * secret (the anon and service-role API keys, and anything else signed with it) and the ES256
 * signing key Auth signs user access tokens with (header `kid`), whose public half verifies them.
 */
import { SignJWT, decodeProtectedHeader, importJWK, jwtVerify, type JWK, type JWTPayload, type KeyObject } from 'jose';

/** The keys one stack verifies and signs with. */
export interface JwtKeys {
	/** The legacy HS256 secret. */
	secret: Uint8Array;
	/** `kid` of the current ES256 signing key (Auth's access tokens). */
	kid: string;
	/** Its private key (signs). */
	privateKey: CryptoKey | KeyObject;
	/** Public keys by `kid` (verify ES256 tokens). */
	publicKeys: Map<string, CryptoKey | KeyObject>;
	/** The public JWKs as `/auth/v1/.well-known/jwks.json` lists them. */
	jwks: JWK[];
}

/**
 * Build the stack's keys from the HS256 secret and a private ES256 JWK.
 *
 * @param signingJwk a private EC P-256 JWK with `kid` (see supabase/local/keys.ts)
 */
export async function jwtKeys(secret: Uint8Array, signingJwk: JWK): Promise<JwtKeys> {
	const kid = signingJwk.kid!;
	const privateKey = (await importJWK({ ...signingJwk, key_ops: ['sign'] }, 'ES256')) as CryptoKey | KeyObject;
	const { kty, crv, x, y } = signingJwk;
	// What GoTrue lists per key: the public parameters, kid, alg, use and key_ops ["verify"].
	const publicJwk: JWK = { kty, crv, x, y, kid, alg: 'ES256', use: 'sig', key_ops: ['verify'], ext: true };
	const publicKey = (await importJWK({ ...publicJwk }, 'ES256')) as CryptoKey | KeyObject;
	return { secret, kid, privateKey, publicKeys: new Map([[kid, publicKey]]), jwks: [publicJwk] };
}

/**
 * The key a token's header asks for (jose key resolver): the HS256 secret, or the ES256 public
 * key of its `kid`. An ES256 token with an unknown `kid` fails as a bad signature.
 */
export function keyFor(keys: JwtKeys): (header: { alg?: string; kid?: string }) => Uint8Array | CryptoKey | KeyObject {
	return (header) => {
		if (header.alg === 'ES256') {
			const key = header.kid ? keys.publicKeys.get(header.kid) : undefined;
			if (!key) throw Object.assign(new Error('no key for kid'), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
			return key;
		}
		return keys.secret;
	};
}

/** Algorithms the stack accepts. */
export const ALGORITHMS = ['HS256', 'ES256'];

/** Why a token was refused. */
export type JwtFailure =
	| { kind: 'empty' }
	| { kind: 'parts'; parts: number }
	| { kind: 'malformed' }
	| { kind: 'algorithm'; alg: string }
	| { kind: 'signature' }
	| { kind: 'expired' }
	| { kind: 'not_yet_valid' }
	| { kind: 'issued_in_future' };

export type JwtResult = { ok: true; claims: JWTPayload & Record<string, unknown> } | { ok: false; failure: JwtFailure };

/** Clock skew both PostgREST (30 s) and this stand-in allow on exp/nbf/iat. */
export const CLOCK_SKEW_SECONDS = 30;

/**
 * Verify an HS256 token against the secret, or an ES256 token against the public key of its `kid`.
 *
 * @returns the claims, or the reason it is refused (never throws for a bad token)
 */
export async function verifyJwt(token: string, secret: JwtKeys): Promise<JwtResult> {
	if (token === '') return { ok: false, failure: { kind: 'empty' } };
	// A token verified before has the same claims; only its expiry can have come since (nbf and
	// iat only get more valid with time). PostgREST caches verified tokens the same way
	// (jwt-cache-max-lifetime); it saves the HMAC and key import on every request of a session.
	const known = verifiedTokens.get(secret)?.get(token);
	if (known) {
		if (typeof known.exp === 'number' && known.exp <= Math.floor(Date.now() / 1000) - CLOCK_SKEW_SECONDS) {
			verifiedTokens.get(secret)!.delete(token);
			return { ok: false, failure: { kind: 'expired' } };
		}
		return { ok: true, claims: known };
	}
	const result = await verifyUncached(token, secret);
	if (result.ok) remember(secret, token, result.claims);
	return result;
}

/** Verified tokens per secret, at most MAX_CACHED_TOKENS each (the oldest go first). */
const verifiedTokens = new WeakMap<JwtKeys, Map<string, JWTPayload & Record<string, unknown>>>();
const MAX_CACHED_TOKENS = 1000;

function remember(secret: JwtKeys, token: string, claims: JWTPayload & Record<string, unknown>): void {
	let cache = verifiedTokens.get(secret);
	if (!cache) verifiedTokens.set(secret, (cache = new Map()));
	if (cache.size >= MAX_CACHED_TOKENS) cache.delete(cache.keys().next().value!);
	cache.set(token, claims);
}

async function verifyUncached(token: string, keys: JwtKeys): Promise<JwtResult> {
	const parts = token.split('.').length;
	if (parts !== 3) return { ok: false, failure: { kind: 'parts', parts } };
	let alg: string;
	try {
		alg = String(decodeProtectedHeader(token).alg ?? '');
	} catch {
		return { ok: false, failure: { kind: 'malformed' } };
	}
	if (!ALGORITHMS.includes(alg)) return { ok: false, failure: { kind: 'algorithm', alg } };
	try {
		const { payload } = await jwtVerify(token, keyFor(keys), { algorithms: ALGORITHMS, clockTolerance: CLOCK_SKEW_SECONDS });
		const now = Math.floor(Date.now() / 1000);
		if (typeof payload.iat === 'number' && payload.iat > now + CLOCK_SKEW_SECONDS) {
			return { ok: false, failure: { kind: 'issued_in_future' } };
		}
		return { ok: true, claims: payload as JWTPayload & Record<string, unknown> };
	} catch (e) {
		const code = (e as { code?: string }).code;
		if (code === 'ERR_JWT_EXPIRED') return { ok: false, failure: { kind: 'expired' } };
		if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return { ok: false, failure: { kind: 'signature' } };
		if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (e as { claim?: string }).claim === 'nbf') {
			return { ok: false, failure: { kind: 'not_yet_valid' } };
		}
		return { ok: false, failure: { kind: 'malformed' } };
	}
}

/**
 * Sign an access token as Supabase Auth does with an asymmetric signing key: ES256, header
 * `{ alg: 'ES256', kid, typ: 'JWT' }`.
 */
export async function signJwt(claims: Record<string, unknown>, keys: JwtKeys): Promise<string> {
	return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: keys.kid, typ: 'JWT' }).sign(keys.privateKey);
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), else null. */
export function bearerToken(authorization: string | undefined): string | null {
	if (authorization === undefined) return null;
	const m = /^bearer(?:\s+(.*))?$/is.exec(authorization.trim());
	if (!m) return null;
	return (m[1] ?? '').trim();
}
