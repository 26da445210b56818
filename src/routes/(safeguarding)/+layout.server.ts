import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { GROUP_ROLES, requireRole } from '$lib/server/guard';
import type { LayoutServerLoad } from './$types';

/** Safeguarding leads only: teachers or counsellors an admin designated for a school. */
export const load: LayoutServerLoad = async ({ locals, url }) => {
	requireRole(locals.viewer, GROUP_ROLES['/(safeguarding)']!, url);
	const viewer = await locals.viewerProfile();
	if (!viewer?.safeguardingLead) error(403, m.error_forbidden());
	return { viewer };
};
