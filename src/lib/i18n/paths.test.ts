import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deLocalizeUrl, localizeHref } from '$lib/paraglide/runtime';
import { delocalizePathname, localizePath } from './paths';

// Path segments that matter: both prefixes in every case, near-misses, encoded and odd characters.
const segment = fc.oneof(
	fc.constantFrom('zh-CN', 'en', 'EN', 'zh-cn', 'en-US', 'zh-CNx', 'enx', 'me', 'polls', 'sign-in', '', '%20', '%E4%BD%A0', 'a.b', '~', '..', '.'),
	fc.uuid(),
	fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/)
);
const pathname = fc.array(segment, { maxLength: 5 }).map((s) => '/' + s.join('/'));
const suffix = fc.constantFrom('', '?done=voted', '?next=%2Fen%2Fme&x=1', '#top', '?a=1#b', '?');
const locale = fc.constantFrom('zh-CN' as const, 'en' as const);

describe('locale prefixes by string', () => {
	it("delocalizePathname gives what Paraglide's deLocalizeUrl gives (reroute)", () => {
		fc.assert(
			fc.property(pathname, suffix, (p, s) => {
				const url = new URL(`http://127.0.0.1:4173${p}${s}`);
				expect(delocalizePathname(url)).toBe(deLocalizeUrl(url).pathname);
			}),
			{ numRuns: 1000 }
		);
	});

	it("localizePath gives what Paraglide's localizeHref gives (redirects)", () => {
		fc.assert(
			fc.property(pathname, suffix, locale, (p, s, l) => {
				// The same answer, or the same refusal (e.g. Paraglide throws on "//%20", a protocol-relative URL).
				const outcome = (f: () => string) => {
					try {
						return f();
					} catch (e) {
						return `throws ${(e as Error).name}`;
					}
				};
				expect(outcome(() => localizePath(p + s, l))).toBe(outcome(() => localizeHref(p + s, { locale: l })));
			}),
			{ numRuns: 1000 }
		);
	});

	it('examples', () => {
		const at = (p: string) => delocalizePathname(new URL(`http://127.0.0.1${p}`));
		expect(at('/zh-CN/me/polls/1')).toBe('/me/polls/1');
		expect(at('/en')).toBe('/');
		expect(at('/english/x')).toBe('/english/x');
		expect(localizePath('/me/polls/1?done=voted', 'zh-CN')).toBe('/zh-CN/me/polls/1?done=voted');
		expect(localizePath('/sign-in?next=%2Fme', 'en')).toBe('/en/sign-in?next=%2Fme');
		expect(() => localizePath('//%20', 'zh-CN')).toThrow();
	});
});
