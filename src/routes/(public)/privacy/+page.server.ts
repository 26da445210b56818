import { retentionYears } from '$lib/server/retention';
import type { PageServerLoad } from './$types';

/** The privacy page states the retention period in force (an admin setting). */
export const load: PageServerLoad = async ({ locals }) => ({ years: await retentionYears(locals.supabase) });
