import { createServerClient } from '@supabase/ssr';
import type { Cookies } from '@sveltejs/kit';
import WebSocket from 'ws';
import { supabaseConfig } from './env';

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
					cookies.set(name, value, { ...options, path: '/' });
				}
			}
		},
		global: { fetch },
		realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
	});
}

export type RequestClient = ReturnType<typeof createRequestClient>;
