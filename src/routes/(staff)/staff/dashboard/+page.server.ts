import { EXPORT_CAP, loadDashboard } from '$lib/server/dashboard';
import type { PageServerLoad } from './$types';

/** The staff dashboard: the rollups of the staff member's districts and departments (RLS decides). */
export const load: PageServerLoad = async ({ locals }) => {
	return { dashboard: await loadDashboard(locals.supabase), exportCap: EXPORT_CAP };
};
