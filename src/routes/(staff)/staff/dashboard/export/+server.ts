import { GROUP_ROLES, requireRole } from '$lib/server/guard';
import { exportDownload } from '$lib/server/dashboard';
import { exportTexts } from '$lib/server/dashboard-route';
import type { RequestHandler } from './$types';

/** Most districts one staff member serves (the read stays bounded). */
const MAX_DISTRICTS = 100;

/**
 * GET ?what=dashboard|answers&format=csv|xlsx: the staff member's dashboard, or the answered
 * items (public copy) of their districts, as a download. Endpoints skip the group's layout, so
 * the role is checked here.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireRole(locals.viewer, GROUP_ROLES['/(staff)']!, url);
	const mine = await locals.supabase.from('staff_districts').select('district_id').range(0, MAX_DISTRICTS - 1);
	if (mine.error) throw mine.error;
	const ids = (mine.data ?? []).map((r) => r.district_id as string);
	const named = ids.length ? await locals.supabase.from('districts').select('name_zh').in('id', ids) : { data: [], error: null };
	if (named.error) throw named.error;
	const names = (named.data ?? []).map((d) => d.name_zh as string);
	return exportDownload(locals.supabase, {
		what: url.searchParams.get('what'),
		format: url.searchParams.get('format'),
		districtNames: names,
		texts: exportTexts(),
		baseName: 'child-voice-staff'
	});
};
