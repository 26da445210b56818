import { GROUP_ROLES, requireRole } from '$lib/server/guard';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => ({ viewer: requireRole(locals.viewer, GROUP_ROLES['/(admin)']!, url) });
