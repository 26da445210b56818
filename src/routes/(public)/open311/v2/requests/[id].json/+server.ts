import { json } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { findRequest } from '$lib/server/open311';
import type { RequestHandler } from './$types';

/** GeoReport v2 GET requests/{id}.json: a list of one published street report, or 404 with the spec's error list. */
export const GET: RequestHandler = async ({ url, params, locals }) => {
	const headers = { 'cache-control': 'public, max-age=60', 'access-control-allow-origin': '*' };
	const notFound = () => json([{ code: 404, description: 'no published service request with this id' }], { status: 404, headers });
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(params.id)) return notFound();
	const locale = url.searchParams.get('locale') === 'en' || getLocale() === 'en' ? 'en' : 'zh-CN';
	const found = await findRequest(locals.supabase, params.id, url.origin, locale);
	return found.length > 0 ? json(found, { headers }) : notFound();
};
