import { json } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { services } from '$lib/server/open311';
import type { RequestHandler } from './$types';

/** GeoReport v2 GET services.json: the street-report topics (names in zh-CN, or en with ?locale=en). */
export const GET: RequestHandler = ({ url }) =>
	json(services(url.searchParams.get('locale') === 'en' || getLocale() === 'en' ? 'en' : 'zh-CN'), {
		headers: { 'cache-control': 'public, max-age=3600', 'access-control-allow-origin': '*' }
	});
