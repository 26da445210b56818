import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { pollPictureBytes } from '$lib/server/poll-pictures';
import type { RequestHandler } from './$types';

/**
 * A poll option's picture for whoever may read the poll (or anyone, for a closed city or district
 * poll); 404 for anyone else. Private to the browser: what a person may see depends on who they are.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const bytes = await pollPictureBytes(locals.supabase, params.id, !!locals.viewer);
	if (!bytes) error(404, m.error_not_found());
	return new Response(bytes, {
		headers: {
			'content-type': 'image/jpeg',
			'content-length': String(bytes.byteLength),
			'cache-control': 'private, max-age=300',
			'x-content-type-options': 'nosniff'
		}
	});
};
