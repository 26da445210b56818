import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage, localeFromCookie, localeFromPath, negotiateLocale } from './negotiate';

const req = (path: string, headers: Record<string, string> = {}) => new Request(`http://localhost${path}`, { headers });

describe('localeFromAcceptLanguage', () => {
	it.each([
		['zh', 'zh-CN'],
		['zh-CN', 'zh-CN'],
		['zh-Hans-CN', 'zh-CN'],
		['zh-hans', 'zh-CN'],
		['zh-Hans-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
		['en-US,en;q=0.9', 'en'],
		['fr-FR', 'en'],
		['de;q=0.5,zh-CN;q=0.9', 'zh-CN'],
		['zh-TW', 'en'],
		['zh-Hant-HK', 'en']
	])('%s → %s', (header, expected) => {
		expect(localeFromAcceptLanguage(header)).toBe(expected);
	});
	it('has no opinion without a header', () => {
		expect(localeFromAcceptLanguage(null)).toBeUndefined();
		expect(localeFromAcceptLanguage('')).toBeUndefined();
	});
});

describe('negotiateLocale', () => {
	it('prefers the URL prefix over cookie and header', () => {
		expect(negotiateLocale(req('/en/ledger', { cookie: 'PARAGLIDE_LOCALE=zh-CN', 'accept-language': 'zh' }))).toBe('en');
		expect(negotiateLocale(req('/zh-CN/ledger', { 'accept-language': 'en' }))).toBe('zh-CN');
	});
	it('uses the cookie before Accept-Language', () => {
		expect(negotiateLocale(req('/ledger', { cookie: 'a=1; PARAGLIDE_LOCALE=en', 'accept-language': 'zh-CN' }))).toBe('en');
	});
	it('falls back to Accept-Language, then zh-CN', () => {
		expect(negotiateLocale(req('/ledger', { 'accept-language': 'fr' }))).toBe('en');
		expect(negotiateLocale(req('/ledger'))).toBe('zh-CN');
	});
	it('ignores unknown cookie values and path segments', () => {
		expect(localeFromCookie('PARAGLIDE_LOCALE=xx')).toBeUndefined();
		expect(localeFromPath('/english/x')).toBeUndefined();
		expect(localeFromPath('/EN/x')).toBe('en');
	});
});
