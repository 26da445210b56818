/**
 * Per-install API keys of the local stand-in, shaped like the Supabase CLI's demo keys.
 *
 * A random JWT secret is generated on first use and kept in the git-ignored `.local/keys.json`,
 * so every clone has its own secret and nothing secret is committed. The anon and service-role
 * keys are HS256 JWTs signed with it: `{ iss: 'supabase-demo', role, exp }`, like `supabase start`
 * (legacy API keys on a real project). User access tokens are signed with an asymmetric ES256 key
 * (`.local/signing-keys.json`, created the same way), as on a project with JWT signing keys.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';

export interface LocalKeys {
	/** HS256 secret (64 hex characters) that signs every JWT of the local stack. */
	jwtSecret: string;
	/** JWT with role `anon`: the public key a browser holds. */
	anonKey: string;
	/** JWT with role `service_role`: bypasses RLS; server-side account administration only. */
	serviceRoleKey: string;
	/**
	 * The asymmetric key that signs user access tokens: a private ES256 JWK with `kid`, as
	 * `supabase gen signing-key --algorithm ES256` writes it (kept in `.local/signing-keys.json`,
	 * an array like the CLI's `signing_keys_path` file). Its public half is served at
	 * `/auth/v1/.well-known/jwks.json`. Optional for callers that build keys themselves (a
	 * server started without one makes a throwaway key).
	 */
	signingKey?: JWK;
}


/** A new private ES256 JWK with a random `kid` (the CLI's `gen signing-key` shape). */
export async function newSigningKey(): Promise<JWK> {
	const { privateKey } = await generateKeyPair('ES256', { extractable: true });
	const jwk = await exportJWK(privateKey);
	return { ...jwk, kid: randomUUID(), alg: 'ES256', use: 'sig', key_ops: ['sign', 'verify'], ext: true };
}

const root = path.resolve(import.meta.dirname, '..', '..');

/** Where the keys live: `<repo>/.local/keys.json` (git-ignored). */
export const KEYS_FILE = path.join(root, '.local', 'keys.json');

/** Where the signing key lives: `<repo>/.local/signing-keys.json` (git-ignored). */
export const SIGNING_KEYS_FILE = path.join(root, '.local', 'signing-keys.json');

/** The `exp` of the Supabase CLI's demo keys (2032-11-11): effectively never expires. */
const FAR_FUTURE_EXP = 1983812996;

/** Sign an API key the way the Supabase CLI's demo keys are built. */
export async function signApiKey(secret: string, role: 'anon' | 'service_role'): Promise<string> {
	return new SignJWT({ iss: 'supabase-demo', role, exp: FAR_FUTURE_EXP })
		.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
		.sign(new TextEncoder().encode(secret));
}

function isLocalKeys(x: unknown): x is LocalKeys {
	if (typeof x !== 'object' || x === null) return false;
	const o = x as Record<string, unknown>;
	return typeof o.jwtSecret === 'string' && typeof o.anonKey === 'string' && typeof o.serviceRoleKey === 'string';
}

/**
 * Read the install's keys, creating them on first use.
 *
 * Safe when several processes start at once (`npm run dev` and `npm test`): the file is written
 * under a temporary name and hard-linked into place, which fails if another process won the race,
 * in which case that process's keys are used.
 *
 * @param file where to keep them (default {@link KEYS_FILE})
 * @throws when the file exists but is not valid JSON of the expected shape
 */
export async function loadOrCreateKeys(file: string = KEYS_FILE, signingFile: string = SIGNING_KEYS_FILE): Promise<LocalKeys> {
	const hs = await loadOrCreateHsKeys(file);
	const [signingKey] = await createOnce(signingFile, async () => [await newSigningKey()], isJwkArray);
	return { ...hs, signingKey };
}

function isJwkArray(x: unknown): x is JWK[] {
	return Array.isArray(x) && x.length > 0 && x.every((k) => typeof k === 'object' && k !== null && typeof (k as JWK).kid === 'string' && typeof (k as JWK).d === 'string');
}

/** Read a JSON file, or create it with `make()` under the same race-safe hard-link scheme. */
async function createOnce<T>(file: string, make: () => Promise<T>, valid: (x: unknown) => x is T): Promise<T> {
	const read = (): T => {
		const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
		if (!valid(parsed)) throw new Error(`${file} is not of the expected shape; delete it to generate a new one`);
		return parsed;
	};
	if (existsSync(file)) return read();
	mkdirSync(path.dirname(file), { recursive: true });
	const value = await make();
	const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
	writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
	try {
		linkSync(tmp, file);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
		return read();
	} finally {
		unlinkSync(tmp);
	}
	return value;
}

async function loadOrCreateHsKeys(file: string): Promise<LocalKeys> {
	if (existsSync(file)) return readKeys(file);
	mkdirSync(path.dirname(file), { recursive: true });
	const jwtSecret = randomBytes(32).toString('hex');
	const keys: LocalKeys = {
		jwtSecret,
		anonKey: await signApiKey(jwtSecret, 'anon'),
		serviceRoleKey: await signApiKey(jwtSecret, 'service_role')
	};
	const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
	writeFileSync(tmp, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
	try {
		linkSync(tmp, file);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
		return readKeys(file);
	} finally {
		unlinkSync(tmp);
	}
	return keys;
}

function readKeys(file: string): LocalKeys {
	const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
	if (!isLocalKeys(parsed)) throw new Error(`${file} is not a keys file; delete it to generate new keys`);
	return parsed;
}
