/**
 * Locale prefixes of paths, by string, for the hot request path. Paraglide's `deLocalizeUrl` and
 * `localizeHref` with our `urlPatterns` (paraglide.config.ts: `/zh-CN/:path(.*)?` and
 * `/en/:path(.*)?`) build a new URLPattern for every pattern they try on every call — about
 * 0.3 ms of CPU each on Node 20's polyfill, ~2 ms per form post (measured with `BENCH_CPU_PROF`,
 * BENCHMARKS.md). These give the same answers for the paths the server makes; `paths.test.ts`
 * checks that against Paraglide's own functions on generated paths.
 */
import { deLocalizeUrl, getLocale, localizeHref } from '$lib/paraglide/runtime';
import { LOCALES, type AppLocale } from './negotiate';

/** The locale whose prefix `pathname` starts with exactly (`/en`, `/en/…`; case as in the URL pattern). */
function prefixLocale(pathname: string): AppLocale | undefined {
	for (const l of LOCALES) {
		if (pathname.startsWith(`/${l}`) && (pathname.length === l.length + 1 || pathname[l.length + 1] === '/')) return l;
	}
	return undefined;
}

// Paths whose text the URL parser leaves as it is (no `.`/`..` or empty segments, nothing it
// re-encodes) and an optional non-empty query without a fragment: the only ones answered by
// string; anything else goes to Paraglide.
const PLAIN_PATHNAME = /^(?:\/[A-Za-z0-9_~%-][A-Za-z0-9._~%-]*)+$/;
const PLAIN_SEARCH = /^(?:\?[A-Za-z0-9._~%=&+-]+)?$/;

/**
 * A URL's pathname without its locale prefix: `/zh-CN/me/polls` → `/me/polls`, `/en` → `/`; any
 * other pathname unchanged (Paraglide's `deLocalizeUrl(url).pathname`). For `reroute`.
 */
export function delocalizePathname(url: URL): string {
	const { pathname } = url;
	if (pathname !== '/' && !PLAIN_PATHNAME.test(pathname)) return deLocalizeUrl(url).pathname;
	const l = prefixLocale(pathname);
	if (!l) return pathname;
	const rest = pathname.slice(l.length + 1);
	return rest === '' ? '/' : rest;
}

/**
 * An app path (`/me/polls/1?done=voted`) in the request's locale (`/zh-CN/me/polls/1?done=voted`),
 * as Paraglide's `localizeHref(path)` gives it. Anything but a plain unprefixed absolute path
 * with an optional query (relative, protocol-relative, already prefixed, `/` alone, a fragment,
 * characters the URL parser would change) goes to `localizeHref` itself.
 */
export function localizePath(path: string, locale: AppLocale = getLocale() as AppLocale): string {
	const q = path.indexOf('?');
	const pathname = q < 0 ? path : path.slice(0, q);
	const search = q < 0 ? '' : path.slice(q);
	if (!PLAIN_PATHNAME.test(pathname) || !PLAIN_SEARCH.test(search) || prefixLocale(pathname)) {
		return localizeHref(path, { locale });
	}
	return `/${locale}${path}`;
}
