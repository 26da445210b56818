import { GROUP_ROLES, requireRole } from '$lib/server/guard';
import { exportDownload } from '$lib/server/dashboard';
import { exportTexts } from '$lib/server/dashboard-route';
import type { RequestHandler } from './$types';

/**
 * GET ?what=dashboard|answers&format=csv|xlsx: the city dashboard, or every answered item
 * (public copy), as a download. Endpoints skip the group's layout, so the role is checked here.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireRole(locals.viewer, GROUP_ROLES['/(admin)']!, url);
	return exportDownload(locals.supabase, {
		what: url.searchParams.get('what'),
		format: url.searchParams.get('format'),
		onlyMine: false,
		texts: exportTexts(),
		baseName: 'child-voice-city'
	});
};
