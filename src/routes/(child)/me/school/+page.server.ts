import { loadSchoolProposals } from '$lib/server/school-proposals';
import type { PageServerLoad } from './$types';

/** The forwarded proposals of the child's school, to read and co-sign; paged. */
export const load: PageServerLoad = async ({ locals, url }) => loadSchoolProposals(locals.supabase, url);
