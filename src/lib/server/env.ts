import { env as publicEnv } from '$env/dynamic/public';

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
