/**
 * Locale negotiation for a request: URL prefix, then the locale cookie, then Accept-Language.
 *
 * Chinese in any mainland form (zh, zh-CN, zh-Hans, zh-Hans-CN, zh-SG) maps to zh-CN; any other
 * language the browser lists maps to en. Without an Accept-Language header the city's base
 * locale, zh-CN, applies.
 */
export type AppLocale = 'zh-CN' | 'en';

export const LOCALES: readonly AppLocale[] = ['zh-CN', 'en'];
export const LOCALE_COOKIE = 'PARAGLIDE_LOCALE';

/** The locale named by the first path segment (`/en/...`, `/zh-CN/...`), if any. */
export function localeFromPath(pathname: string): AppLocale | undefined {
	const first = pathname.split('/')[1] ?? '';
	return LOCALES.find((l) => l.toLowerCase() === first.toLowerCase());
}

/** Parse a `cookie` header value for the locale cookie. */
export function localeFromCookie(cookieHeader: string | null): AppLocale | undefined {
	if (!cookieHeader) return undefined;
	for (const part of cookieHeader.split(';')) {
		const [name, ...rest] = part.trim().split('=');
		if (name === LOCALE_COOKIE) {
			const value = decodeURIComponent(rest.join('='));
			return LOCALES.find((l) => l === value);
		}
	}
	return undefined;
}

/**
 * Map an Accept-Language header to a locale, honouring q-values.
 *
 * @param header e.g. `zh-Hans-CN,zh;q=0.9,en;q=0.8`
 * @returns zh-CN for simplified/mainland Chinese, en for any other listed language,
 *   undefined for a missing or empty header
 */
export function localeFromAcceptLanguage(header: string | null): AppLocale | undefined {
	if (!header) return undefined;
	const ranked = header
		.split(',')
		.map((part, index) => {
			const [tag = '', ...params] = part.trim().split(';');
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
			const weight = q ? Number(q.slice(2)) : 1;
			return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
		})
		.filter((r) => r.tag && r.tag !== '*' && r.weight > 0)
		.sort((a, b) => b.weight - a.weight || a.index - b.index);
	const top = ranked[0];
	if (!top) return undefined;
	return isMainlandChinese(top.tag) ? 'zh-CN' : 'en';
}

function isMainlandChinese(tag: string): boolean {
	const parts = tag.split('-');
	if (parts[0] !== 'zh') return false;
	// Traditional script or a Traditional-using region is not what zh-CN serves.
	if (parts.includes('hant')) return false;
	return !parts.some((p) => p === 'tw' || p === 'hk' || p === 'mo');
}

/** Full negotiation for one request; always returns a locale. */
export function negotiateLocale(request: Request): AppLocale {
	return (
		localeFromPath(new URL(request.url).pathname) ??
		localeFromCookie(request.headers.get('cookie')) ??
		localeFromAcceptLanguage(request.headers.get('accept-language')) ??
		'zh-CN'
	);
}
