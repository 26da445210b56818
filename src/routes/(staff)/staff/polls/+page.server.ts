import { loadMyPolls, pollBase } from '$lib/server/polls';
import type { PageServerLoad } from './$types';

/** The polls this adult made (admins: every poll), newest first, paged. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const viewer = locals.viewer!;
	const { rows, list } = await loadMyPolls(locals.supabase, viewer, url);
	return { rows, list, base: pollBase(viewer.role) };
};
