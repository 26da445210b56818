import { loadPublicPolls } from '$lib/server/polls';
import type { PageServerLoad } from './$types';

/** Results of closed city and district polls, newest first, for anyone (no identity). */
export const load: PageServerLoad = async ({ locals, url }) => loadPublicPolls(locals.supabase, url);
