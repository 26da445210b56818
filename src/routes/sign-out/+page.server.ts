import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, localizeHref('/'));

export const actions: Actions = {
	default: async ({ locals }) => {
		// Revokes this session's refresh token at Auth and clears the auth cookies.
		await locals.supabase.auth.signOut({ scope: 'local' });
		redirect(303, localizeHref('/'));
	}
};
