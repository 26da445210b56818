/**
 * HS256 JWT signing and verification for the local stand-in (jose), with the failure kinds the
 * real services distinguish, so each service can word its error the way it does.
 */
import { SignJWT, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';

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
 * Verify an HS256 token against the secret.
 *
 * @returns the claims, or the reason it is refused (never throws for a bad token)
 */
export async function verifyJwt(token: string, secret: Uint8Array): Promise<JwtResult> {
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
const verifiedTokens = new WeakMap<Uint8Array, Map<string, JWTPayload & Record<string, unknown>>>();
const MAX_CACHED_TOKENS = 1000;

function remember(secret: Uint8Array, token: string, claims: JWTPayload & Record<string, unknown>): void {
	let cache = verifiedTokens.get(secret);
	if (!cache) verifiedTokens.set(secret, (cache = new Map()));
	if (cache.size >= MAX_CACHED_TOKENS) cache.delete(cache.keys().next().value!);
	cache.set(token, claims);
}

async function verifyUncached(token: string, secret: Uint8Array): Promise<JwtResult> {
	const parts = token.split('.').length;
	if (parts !== 3) return { ok: false, failure: { kind: 'parts', parts } };
	let alg: string;
	try {
		alg = String(decodeProtectedHeader(token).alg ?? '');
	} catch {
		return { ok: false, failure: { kind: 'malformed' } };
	}
	if (alg !== 'HS256') return { ok: false, failure: { kind: 'algorithm', alg } };
	try {
		const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], clockTolerance: CLOCK_SKEW_SECONDS });
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

/** Sign claims as HS256 with header `{ alg: 'HS256', typ: 'JWT' }` (what Supabase Auth emits). */
export async function signJwt(claims: Record<string, unknown>, secret: Uint8Array): Promise<string> {
	return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret);
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), else null. */
export function bearerToken(authorization: string | undefined): string | null {
	if (authorization === undefined) return null;
	const m = /^bearer(?:\s+(.*))?$/is.exec(authorization.trim());
	if (!m) return null;
	return (m[1] ?? '').trim();
}
