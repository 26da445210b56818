import { loadNotifications, notificationActions } from '$lib/server/notifications';
import type { Actions, PageServerLoad } from './$types';

/** The signed-in person's notifications, paged (`?show=unread|all&page=`). */
export const load: PageServerLoad = async ({ locals, url }) => ({
	...(await loadNotifications(locals.supabase, url)),
	done: url.searchParams.get('done')
});

export const actions: Actions = notificationActions;
