import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/** The JWKS of Auth (`/auth/v1/.well-known/jwks.json`): only the public keys matter here. */
export type JwksLoader = () => Promise<{ keys: (JsonWebKey & { kid?: string; alg?: string })[] }>;

/** What verification found: the claims, a token to refuse, or one to leave to Auth (not ES256). */
export type Verified = { kind: 'claims'; claims: Record<string, unknown> } | { kind: 'refused' } | { kind: 'ask_auth' };

/** auth-js keeps a fetched JWKS this long (JWKS_TTL); so do we. */
const JWKS_TTL_MS = 10 * 60 * 1000;
/** An unknown kid refetches the set at most this often (forged kids cost no stream of fetches). */
const REFETCH_MS = 30 * 1000;

/**
 * Verifies Supabase Auth access tokens signed with its asymmetric key (ES256), with the public
 * keys imported once per key, not per request: `auth.getClaims()` does the same checks but
 * imports the JWK into a new CryptoKey on every call (~1 ms of CPU per request, BENCHMARKS.md,
 * polls). Checks: header `alg` ES256 with the `kid` of a listed key, the ECDSA P-256 signature
 * over `header.payload`, and `exp` in the future (as auth-js' validateExp, no clock skew).
 * Tokens that are not ES256 (a legacy HS256 secret) are `ask_auth`: the caller then verifies
 * them with Auth (getClaims falls back to getUser for them).
 */
export class AccessTokenVerifier {
	private keys = new Map<string, KeyObject>();
	private fetchedAt = 0;
	private loading: Promise<void> | null = null;

	constructor(
		private readonly load: JwksLoader,
		private readonly now: () => number = Date.now
	) {}

	/**
	 * @param token a compact JWS (the session's access token)
	 * @returns the verified claims, `refused` (malformed, unknown key, bad signature, expired or
	 *   no `exp`), or `ask_auth` for a token that is not ES256 with a `kid`
	 * @throws when the JWKS cannot be fetched (Auth down): the caller treats it as signed out
	 */
	async verify(token: string): Promise<Verified> {
		const parts = token.split('.');
		if (parts.length !== 3) return { kind: 'refused' };
		const [rawHeader, rawPayload, rawSignature] = parts as [string, string, string];
		let header: { alg?: unknown; kid?: unknown };
		let claims: Record<string, unknown>;
		try {
			header = JSON.parse(Buffer.from(rawHeader, 'base64url').toString('utf8'));
			claims = JSON.parse(Buffer.from(rawPayload, 'base64url').toString('utf8'));
		} catch {
			return { kind: 'refused' };
		}
		if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object' || Array.isArray(claims)) return { kind: 'refused' };
		if (header.alg !== 'ES256' || typeof header.kid !== 'string' || !header.kid) {
			return typeof header.alg === 'string' && header.alg.startsWith('HS') ? { kind: 'ask_auth' } : { kind: 'refused' };
		}
		const exp = claims.exp;
		if (typeof exp !== 'number' || exp <= Math.floor(this.now() / 1000)) return { kind: 'refused' };
		const key = await this.key(header.kid);
		if (!key) return { kind: 'refused' };
		const signature = Buffer.from(rawSignature, 'base64url');
		// ES256 signatures are r‖s, 64 bytes (JWS), not DER.
		if (signature.length !== 64) return { kind: 'refused' };
		const ok = verify('sha256', Buffer.from(`${rawHeader}.${rawPayload}`), { key, dsaEncoding: 'ieee-p1363' }, signature);
		return ok ? { kind: 'claims', claims } : { kind: 'refused' };
	}

	private async key(kid: string): Promise<KeyObject | null> {
		const age = this.now() - this.fetchedAt;
		if (age >= JWKS_TTL_MS || (!this.keys.has(kid) && age >= REFETCH_MS)) await this.refresh();
		return this.keys.get(kid) ?? null;
	}

	private refresh(): Promise<void> {
		// Concurrent requests share one fetch.
		this.loading ??= (async () => {
			try {
				const { keys } = await this.load();
				const next = new Map<string, KeyObject>();
				for (const jwk of keys ?? []) {
					if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.kid !== 'string' || (jwk.alg && jwk.alg !== 'ES256')) continue;
					// Only the public part, whatever else the set might carry.
					next.set(jwk.kid, createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' }));
				}
				this.keys = next;
				this.fetchedAt = this.now();
			} finally {
				this.loading = null;
			}
		})();
		return this.loading;
	}
}
