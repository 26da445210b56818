import { retentionYears } from '$lib/server/retention';
import type { PageServerLoad } from './$types';

// Linked from every page's footer, read by children too: no SvelteKit client (issue 9 §6).
export const csr = false;

/** The privacy page states the retention period in force (an admin setting). */
export const load: PageServerLoad = async ({ locals }) => ({ years: await retentionYears(locals.supabase) });
