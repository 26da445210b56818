import { env as publicEnv } from '$env/dynamic/public';
import { env as privateEnv } from '$env/dynamic/private';

/**
 * The Supabase project the app talks to, read at run time so one build serves any project.
 *
 * @throws Error naming the missing variable; the app cannot serve without them.
 */
export function supabaseConfig(): { url: string; anonKey: string } {
	const url = publicEnv.PUBLIC_SUPABASE_URL;
	const anonKey = publicEnv.PUBLIC_SUPABASE_ANON_KEY;
	if (!url) throw new Error('PUBLIC_SUPABASE_URL is not set (npm run dev sets it for the local stack)');
	if (!anonKey) throw new Error('PUBLIC_SUPABASE_ANON_KEY is not set (npm run dev sets it for the local stack)');
	return { url, anonKey };
}

/**
 * The request header in which the app tells Auth the visitor's IP address, so that Auth's per-IP
 * rate limits apply per visitor rather than to this server (README "Auth rate limits"):
 * `AUTH_CLIENT_ADDRESS_HEADER`, else the local stand-in's `CV_AUTH_RATE_LIMIT_HEADER`; unset: none
 * is sent. Self-hosted Auth reads the header named by GOTRUE_RATE_LIMIT_HEADER.
 */
export function authClientAddressHeader(): string | null {
	const name = (privateEnv.AUTH_CLIENT_ADDRESS_HEADER || privateEnv.CV_AUTH_RATE_LIMIT_HEADER || '').trim();
	return /^[A-Za-z0-9-]{1,64}$/.test(name) ? name : null;
}

/**
 * The service-role key, for account administration only (giving a child new secret words).
 *
 * @throws Error when SUPABASE_SERVICE_ROLE_KEY is not set
 */
export function serviceRoleKey(): string {
	const key = privateEnv.SUPABASE_SERVICE_ROLE_KEY;
	if (!key) throw new Error('SUPABASE_SERVICE_ROLE_KEY is not set (npm run dev sets it for the local stack)');
	return key;
}
