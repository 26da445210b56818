import { unreadCount } from '$lib/server/notifications';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url }) => {
	// Read again on every navigation (the path is a dependency), so the bell follows what was read.
	void url.pathname;
	// Anonymous visitors cost nothing: no query without a signed-in person.
	const unread = locals.viewer?.role ? await unreadCount(locals.supabase) : null;
	return { viewer: await locals.viewerProfile(), refusal: locals.refusal, unread };
};
