import { createServerClient } from '@supabase/ssr';
import type { Cookies } from '@sveltejs/kit';
import WebSocket from 'ws';
import { supabaseConfig } from './env';

/** Seconds an auth cookie lives without use (refreshing the session renews it). */
export const SESSION_COOKIE_MAX_AGE = 12 * 60 * 60;

/**
 * A Supabase client for one request, acting as the signed-in user (their JWT from the auth
 * cookies) or as anon. Node 20 has no global WebSocket, so realtime gets `ws` as transport.
 */
export function createRequestClient(cookies: Cookies, fetch: typeof globalThis.fetch) {
	const { url, anonKey } = supabaseConfig();
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
		global: { fetch },
		realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
	});
}

export type RequestClient = ReturnType<typeof createRequestClient>;
