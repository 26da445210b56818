import { createServerClient } from '@supabase/ssr';
import { createClient } from '@supabase/supabase-js';
import type { Cookies } from '@sveltejs/kit';
import WebSocket from 'ws';
import { authClientAddressHeader, serviceRoleKey, supabaseConfig } from './env';

/** Seconds an auth cookie lives without use (refreshing the session renews it). */
export const SESSION_COOKIE_MAX_AGE = 12 * 60 * 60;

/**
 * A Supabase client for one request, acting as the signed-in user (their JWT from the auth
 * cookies) or as anon. Node 20 has no global WebSocket, so realtime gets `ws` as transport.
 *
 * @param clientAddress the visitor's IP address: sent to Auth in the header that
 *   authClientAddressHeader() names (when set), so Auth rate-limits per visitor, not per server
 */
export function createRequestClient(cookies: Cookies, fetch: typeof globalThis.fetch, clientAddress: string | null = null) {
	const { url, anonKey } = supabaseConfig();
	const header = authClientAddressHeader();
	const headers: Record<string, string> = header && clientAddress ? { [header]: clientAddress } : {};
	return createServerClient(url, anonKey, {
		cookies: {
			getAll: () => cookies.getAll(),
			setAll: (toSet) => {
				for (const { name, value, options } of toSet) {
					// Sessions last a school day, not @supabase/ssr's fixed 400 days (its cookieOptions
					// cannot change that): children share classroom computers. maxAge 0 still deletes.
					const maxAge = options.maxAge ? Math.min(options.maxAge, SESSION_COOKIE_MAX_AGE) : options.maxAge;
					cookies.set(name, value, { ...options, maxAge, path: '/' });
				}
			}
		},
		cookieOptions: { sameSite: 'lax', httpOnly: true },
		global: { fetch, headers },
		realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
	});
}

export type RequestClient = ReturnType<typeof createRequestClient>;

/**
 * A client with the service-role key, for account administration only (Auth admin API): it
 * bypasses RLS, so every use is preceded by a database function that checks the person asking.
 * No session is kept or persisted.
 */
export function createAdminClient(fetch: typeof globalThis.fetch) {
	const { url } = supabaseConfig();
	return createClient(url, serviceRoleKey(), {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		global: { fetch },
		realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
	});
}
