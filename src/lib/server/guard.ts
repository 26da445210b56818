import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import type { AppRole, SessionViewer } from './viewer';

/**
 * Admit only a signed-in viewer with one of `roles`: anyone else is sent to sign in (and back
 * here afterwards) or gets 403. Postgres checks again on every read and write; this keeps
 * people out of pages that would only show them errors.
 */
export function requireRole<V extends SessionViewer>(viewer: V | null, roles: AppRole[], url: URL): V {
	if (!viewer) {
		redirect(303, localizeHref(`/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`));
	}
	if (!viewer.role || !roles.includes(viewer.role)) error(403, m.error_forbidden());
	return viewer;
}

/** Route groups by audience and the roles each admits. */
export const GROUP_ROLES: Record<string, AppRole[]> = {
	'/(child)': ['student'],
	'/(teacher)': ['teacher'],
	// Safeguarding leads are teachers or counsellors (role teacher); the layout and the database
	// admit only the designated ones.
	'/(safeguarding)': ['teacher'],
	'/(staff)': ['staff'],
	'/(admin)': ['admin']
};
