import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { photoBytes } from '$lib/server/street-reports';
import type { RequestHandler } from './$types';

/**
 * A street report's photo for whoever may see it (the server asks Storage as that person, through
 * a signed URL valid for a minute); 404 for anyone else. Never cached by a shared cache: what a
 * person may see depends on who they are.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const bytes = await photoBytes(locals.supabase, params.id, !!locals.viewer);
	if (!bytes) error(404, m.error_not_found());
	return new Response(bytes, {
		headers: {
			'content-type': 'image/jpeg',
			'content-length': String(bytes.byteLength),
			'cache-control': 'private, max-age=60',
			'x-content-type-options': 'nosniff'
		}
	});
};
