import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { progressPhotoBytes } from '$lib/server/progress-photos';
import type { RequestHandler } from './$types';

/**
 * A progress update's photo for whoever may read the update (or anyone, while it is the latest
 * update's photo on a published answer); 404 for anyone else. Private to the browser: what a
 * person may see depends on who they are.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const bytes = await progressPhotoBytes(locals.supabase, params.id, !!locals.viewer);
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
