import { GROUP_ROLES, requireRole } from '$lib/server/guard';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url }) => {
	requireRole(locals.viewer, GROUP_ROLES['/(teacher)']!, url);
	// Verified above, so the profile read answers (the name for the header).
	return { viewer: (await locals.viewerProfile())! };
};
