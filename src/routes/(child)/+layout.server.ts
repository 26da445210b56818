import { GROUP_ROLES, requireRole } from '$lib/server/guard';
import type { LayoutServerLoad } from './$types';

// Children's pages are rendered on the server only: no SvelteKit client in the browser, just the
// small script of $lib/enhance/child.ts (issue 9 §6: ≤ 50 KB of JavaScript per page; measured
// by tests/e2e/light-pages.e2e.ts and `npm run bench:pages`).
export const csr = false;

export const load: LayoutServerLoad = async ({ locals, url }) => {
	requireRole(locals.viewer, GROUP_ROLES['/(child)']!, url);
	// Verified above, so the profile read answers (the name for the header).
	return { viewer: (await locals.viewerProfile())! };
};
