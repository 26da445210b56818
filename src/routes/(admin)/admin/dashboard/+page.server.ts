import { EXPORT_CAP, loadDashboard } from '$lib/server/dashboard';
import type { PageServerLoad } from './$types';

/** The city dashboard: every district's rollups (admins read all rows). */
export const load: PageServerLoad = async ({ locals }) => {
	return { dashboard: await loadDashboard(locals.supabase), exportCap: EXPORT_CAP };
};
