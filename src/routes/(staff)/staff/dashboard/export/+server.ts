import { GROUP_ROLES, requireRole } from '$lib/server/guard';
import { exportDownload } from '$lib/server/dashboard';
import { exportTexts } from '$lib/server/dashboard-route';
import type { RequestHandler } from './$types';

/**
 * GET ?what=dashboard|answers&format=csv|xlsx: the staff member's dashboard, or the answered
 * items (public copy) they may read — their districts', and those routed to their departments or
 * street offices (view my_answered_items) — as a download. Endpoints skip the group's layout, so
 * the role is checked here.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireRole(locals.viewer, GROUP_ROLES['/(staff)']!, url);
	return exportDownload(locals.supabase, {
		what: url.searchParams.get('what'),
		format: url.searchParams.get('format'),
		onlyMine: true,
		texts: exportTexts(),
		baseName: 'child-voice-staff'
	});
};
