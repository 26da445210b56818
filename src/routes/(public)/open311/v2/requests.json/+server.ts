import { json } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { Open311Error, findRequests, readRequestQuery } from '$lib/server/open311';
import type { RequestHandler } from './$types';

/**
 * GeoReport v2 GET requests.json over the published, redacted street reports: filters
 * service_request_id, service_code, status, start_date, end_date as the spec; page / page_size.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const headers = { 'cache-control': 'public, max-age=60', 'access-control-allow-origin': '*' };
	try {
		const q = readRequestQuery(url.searchParams);
		const locale = url.searchParams.get('locale') === 'en' || getLocale() === 'en' ? 'en' : 'zh-CN';
		return json(await findRequests(locals.supabase, q, url.origin, locale), { headers });
	} catch (e) {
		if (e instanceof Open311Error) return json(e.body(), { status: e.status, headers });
		throw e;
	}
};
