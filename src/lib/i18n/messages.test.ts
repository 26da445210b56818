import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { m } from '$lib/paraglide/messages';
import { locales, baseLocale } from '$lib/paraglide/runtime';

const load = (locale: string): Record<string, string> =>
	JSON.parse(readFileSync(new URL(`./messages/${locale}.json`, import.meta.url), 'utf8'));

describe('messages', () => {
	it('compiles and renders in each locale (a wrong plugin path compiles zero messages)', () => {
		expect(baseLocale).toBe('zh-CN');
		expect(locales).toEqual(['zh-CN', 'en']);
		expect(m.app_name({}, { locale: 'zh-CN' })).toBe('童声');
		expect(m.app_name({}, { locale: 'en' })).toBe('Child Voice');
		expect(m.error_too_long({ max: 50 }, { locale: 'en' })).toBe('At most 50 characters; please shorten it.');
		expect(m.error_too_long({ max: 50 }, { locale: 'zh-CN' })).toBe('最多 50 个字，请删减一些。');
	});

	it('has every key in both languages, none empty', () => {
		const zh = load('zh-CN');
		const en = load('en');
		expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
		for (const [key, text] of [...Object.entries(zh), ...Object.entries(en)]) {
			expect(text.trim(), key).not.toBe('');
		}
	});

	it('uses the same placeholders in both languages', () => {
		const zh = load('zh-CN');
		const en = load('en');
		const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
		for (const key of Object.keys(zh)) expect(vars(en[key]!), key).toEqual(vars(zh[key]!));
	});
});

describe('the message catalogue', () => {
	it('has no message that no page uses (dead text drifts out of date)', () => {
		const srcDir = path.resolve(import.meta.dirname, '../..');
		const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter(
			(f) => /\.(svelte|ts)$/.test(f) && !f.includes('.test.') && !f.startsWith(`lib${path.sep}paraglide`)
		);
		const code = files.map((f) => readFileSync(path.join(srcDir, f), 'utf8')).join('\n');
		const unused = Object.keys(load('en')).filter((key) => !new RegExp(`\\bm\\.${key}\\b`).test(code));
		expect(unused).toEqual([]);
	});
});
