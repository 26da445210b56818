import { expect, type APIRequestContext, type APIResponse, type BrowserContext } from '@playwright/test';
import { CLASS_CODE, demo, expectAccessible, fill, LOCALES, messages, signInWithCard, test } from './support';

// Server hardening (issue 5, sections 5 and 6): security headers, caching of auth responses,
// bounded work for huge or malformed posts. Cases: abuse.json huge-field-anonymous,
// action-wrong-content-type; auth.json auth-cookie-response-not-cached, security-headers,
// vary-on-negotiated-redirect.

const origin = () => test.info().project.use.baseURL!;

/** A form post as a browser without JavaScript sends it (same origin, HTML wanted). */
function post(request: APIRequestContext, path: string, body: string, contentType = 'application/x-www-form-urlencoded'): Promise<APIResponse> {
	return request.post(path, {
		headers: { origin: origin(), 'content-type': contentType, accept: 'text/html' },
		data: body,
		maxRedirects: 0
	});
}

const cardForm = (secretWords: string, studentNumber = 1) =>
	new URLSearchParams({ class_code: CLASS_CODE, student_number: String(studentNumber), secret_words: secretWords }).toString();

function expectNoStore(response: APIResponse, what: string) {
	expect(response.headers()['cache-control'], what).toBe('private, no-store');
}

const authCookieNames = (response: APIResponse) =>
	response
		.headersArray()
		.filter((h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith('sb-'))
		.map((h) => h.value.split('=')[0]);

/** Pages rendered without SvelteKit's client (csr = false): only the children's small script. */
const CHILD_PAGES = ['/zh-CN', '/zh-CN/sign-in'];

test.describe('security headers (security-headers)', () => {
	const pages = ['/zh-CN', '/en/ledger', '/zh-CN/sign-in', '/en/no-such-page'];
	for (const path of pages) {
		test(`${path} carries CSP with nonces, frame-ancestors none, referrer policy, nosniff`, async ({ request }) => {
			const response = await request.get(path, { headers: { accept: 'text/html' } });
			const h = response.headers();
			const csp = h['content-security-policy'] ?? '';
			const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? '';
			// A page without SvelteKit's client has no inline script, so SvelteKit sends no nonce:
			// scripts come from the site itself only.
			if (!CHILD_PAGES.includes(path)) expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
			expect(scriptSrc).not.toContain('unsafe-inline');
			expect(csp).not.toMatch(/default-src[^;]*unsafe-inline/);
			expect(csp).toContain("frame-ancestors 'none'");
			expect(csp).toContain("object-src 'none'");
			expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
			expect(h['x-content-type-options']).toBe('nosniff');
			expect(h['x-frame-options']).toBe('DENY');
			// Every inline script in the page carries the response's nonce.
			const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1] ?? '(none)';
			const html = await response.text();
			const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)];
			// Children's pages (home, sign-in) are server-rendered without SvelteKit's client (issue 9
			// §6): no inline script at all; the other pages have SvelteKit's boot script.
			if (!CHILD_PAGES.includes(path)) expect(inline.length).toBeGreaterThan(0);
			for (const [, attrs] of inline) expect(attrs).toContain(`nonce="${nonce}"`);
			expect(html).toMatch(/<meta name="description" content="[^"]{20,}"/);
		});
	}

	test('static files are nosniff too', async ({ request }) => {
		const response = await request.get('/favicon.svg');
		expect(response.status()).toBe(200);
		expect(response.headers()['x-content-type-options']).toBe('nosniff');
	});

	for (const encoding of ['gzip', 'br']) {
		test(`HTML is served compressed when the browser accepts ${encoding}`, async ({ playwright }) => {
			// A context of our own: its Accept-Encoding is exactly what we ask for.
			const request = await playwright.request.newContext({ baseURL: origin(), extraHTTPHeaders: { 'accept-encoding': encoding } });
			for (const path of ['/zh-CN/ledger', '/en']) {
				const response = await request.get(path);
				expect(response.status()).toBe(200);
				expect(response.headers()['content-encoding'], path).toBe(encoding);
				expect(response.headers()['vary']).toMatch(/accept-encoding/i);
				expect(await response.text()).toContain('<html');
			}
			const plain = await request.get('/zh-CN/ledger', { headers: { 'accept-encoding': 'identity' } });
			expect(plain.headers()['content-encoding']).toBeUndefined();
			await request.dispose();
		});
	}

	test('scripts run under the CSP: no violations, the page hydrates, axe passes', async ({ page }) => {
		const violations: string[] = [];
		page.on('console', (msg) => {
			if (/Content.Security.Policy/i.test(msg.text())) violations.push(msg.text());
		});
		for (const path of ['/en/ledger']) {
			await page.goto(path);
			// SvelteKit's inline boot script (with the nonce) defines its global and starts the app.
			await page.waitForFunction(() => Object.keys(window).some((k) => k.startsWith('__sveltekit_')));
			await expect(page.locator('body')).toBeVisible();
			await expectAccessible(page);
		}
		// The sign-in page has no SvelteKit client (csr = false), only the children's script, which
		// runs under the same CSP (its read-aloud / counters code is loaded from 'self').
		await page.goto('/zh-CN/sign-in');
		await expect(page.locator('script[src*="/workers/child-"]')).toHaveCount(1);
		await expectAccessible(page);
		await page.goto('/en/ledger');
		// Client-side navigation works, so the app's modules loaded.
		const t = messages('en');
		await page.getByRole('link', { name: t.nav_sign_in }).click();
		await expect(page).toHaveURL(/\/en\/sign-in$/);
		await signInWithCard(page, 'en', 3);
		await expectAccessible(page);
		expect(violations).toEqual([]);
	});
});

test.describe('auth cookies are never cached (auth-cookie-response-not-cached)', () => {
	test('sign-in 303 (card and password) and sign-out 303 are private, no-store', async ({ playwright }) => {
		const request = await playwright.request.newContext({ baseURL: origin() });
		const child = demo(4).loginCard!;
		const signIn = await post(request, '/zh-CN/sign-in?/card', cardForm(child.secretWords, 4));
		expect(signIn.status()).toBe(303);
		expect(authCookieNames(signIn).length).toBeGreaterThan(0);
		expectNoStore(signIn, 'card sign-in');

		const signOut = await post(request, '/zh-CN/sign-out', '');
		expect(signOut.status()).toBe(303);
		expect(authCookieNames(signOut).length).toBeGreaterThan(0);
		expectNoStore(signOut, 'sign-out');

		const teacher = demo('teacher');
		const adult = await post(request, '/en/sign-in?/password', new URLSearchParams({ email: teacher.email, password: teacher.password }).toString());
		expect(adult.status()).toBe(303);
		expect(authCookieNames(adult).length).toBeGreaterThan(0);
		expectNoStore(adult, 'password sign-in');
		await request.dispose();
	});

	/** Rewrite the session cookie so its access token looks expired (forces a refresh on the next request). */
	async function expireSession(context: BrowserContext, refreshToken?: string) {
		const cookies = (await context.cookies()).filter((c) => /^sb-.*-auth-token(\.\d+)?$/.test(c.name));
		expect(cookies.length).toBeGreaterThan(0);
		const base = cookies[0]!.name.replace(/\.\d+$/, '');
		const ordered = cookies.sort((a, b) => Number(a.name.split('.').at(-1)) - Number(b.name.split('.').at(-1)));
		const raw = ordered.map((c) => c.value).join('');
		const session = JSON.parse(Buffer.from(raw.replace(/^base64-/, ''), 'base64url').toString('utf8'));
		session.expires_at = Math.floor(Date.now() / 1000) - 60;
		if (refreshToken) session.refresh_token = refreshToken;
		await context.clearCookies({ name: /^sb-/ });
		const value = 'base64-' + Buffer.from(JSON.stringify(session)).toString('base64url');
		await context.addCookies([{ ...cookies[0]!, name: base, value }]);
	}

	test('a page load that refreshes the session is private, no-store', async ({ page }) => {
		await signInWithCard(page, 'en', 5, { axe: false });
		await expireSession(page.context());
		const response = await page.goto('/en/ledger');
		expect(response?.status()).toBe(200);
		expect((await response!.headerValues('set-cookie')).join('\n')).toMatch(/sb-[^=]*-auth-token/);
		expect(response?.headers()['cache-control']).toBe('private, no-store');
	});

	test('a public page that clears a dead session is private, no-store', async ({ page }) => {
		await signInWithCard(page, 'en', 5, { axe: false });
		await expireSession(page.context(), 'not-a-real-refresh-token');
		const response = await page.goto('/en/ledger');
		expect(response?.status()).toBe(200);
		expect((await response!.headerValues('set-cookie')).join('\n')).toMatch(/sb-[^=]*-auth-token/);
		expect(response?.headers()['cache-control']).toBe('private, no-store');
		// …and a guarded post with a dead session is sent to sign in, uncached: a child's new form is
		// re-posted there with its text (307 keeps the body: held forms), any other post is a 303.
		for (const [path, status] of [
			['/en/me/proposals/new', 307],
			['/en/me/drafts/save', 303]
		] as const) {
			await signInWithCard(page, 'en', 5, { axe: false });
			await expireSession(page.context(), 'not-a-real-refresh-token');
			const guarded = await page.request.post(path, {
				headers: { origin: origin(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
				data: 'title=x',
				maxRedirects: 0
			});
			expect(guarded.status(), path).toBe(status);
			expect(guarded.headers()['location'], path).toContain('/sign-in');
			expectNoStore(guarded, `guarded post to ${path} with a dead session`);
		}
	});
});

test.describe('negotiated redirect (vary-on-negotiated-redirect)', () => {
	const languages: [string, string][] = [
		['zh-CN', 'zh-CN'],
		['en-GB,en;q=0.9', 'en']
	];
	for (const [language, prefix] of languages) {
		test(`GET / from a browser with Accept-Language ${language} is a 307 that varies on language and cookie`, async ({ playwright }) => {
			const request = await playwright.request.newContext({ baseURL: origin() });
			const response = await request.get('/', {
				headers: { accept: 'text/html', 'accept-language': language, 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate' },
				maxRedirects: 0
			});
			expect(response.status()).toBe(307);
			expect(response.headers()['location']).toMatch(new RegExp(`/${prefix}/?$`));
			const vary = response.headers()['vary']!.toLowerCase().split(/\s*,\s*/);
			expect(vary).toEqual(expect.arrayContaining(['accept-language', 'cookie']));
			await request.dispose();
		});
	}

	test('a real browser navigation to an unprefixed page gets the same 307', async ({ page }) => {
		const response = await page.goto('/ledger');
		const first = response!.request().redirectedFrom();
		expect(first).not.toBeNull();
		const redirect = await first!.response();
		expect(redirect!.status()).toBe(307);
		expect(redirect!.headers()['vary']).toMatch(/Accept-Language/i);
		expect(redirect!.headers()['vary']).toMatch(/Cookie/i);
	});
});

test.describe('form actions posted with a wrong content type (action-wrong-content-type)', () => {
	const bodies: [string, string][] = [
		['text/plain', 'class_code=DEMO52'],
		['text/plain;charset=UTF-8', 'secret_words=a b c'],
		['application/json', '{"class_code":"DEMO52"}'],
		['application/xml', '<a/>'],
		['multipart/form-data', 'no boundary'],
		['multipart/form-data; boundary=x', 'not a multipart body']
	];
	test('sign-in and sign-out answer 400 or 415, never 500, with a translated page', async ({ request }) => {
		// (sign-out has no form page: it gets a small page of its own, checked by axe below)
		for (const locale of LOCALES) {
			const t = messages(locale);
			for (const path of [`/${locale}/sign-in?/card`, `/${locale}/sign-in?/password`, `/${locale}/sign-out`]) {
				for (const [type, body] of bodies) {
					const response = await post(request, path, body, type);
					expect([400, 415], `${path} ${type}`).toContain(response.status());
					expect(await response.text(), `${path} ${type}`).toContain(t.error_wrong_form!);
				}
			}
		}
	});

	test('the small refusal page is accessible and strict', async ({ page }) => {
		await page.goto('/en/ledger');
		await page.evaluate(() => {
			const form = document.createElement('form');
			form.method = 'POST';
			form.action = '/en/sign-out';
			form.enctype = 'text/plain';
			document.body.append(form);
			form.submit();
		});
		await expect(page.getByRole('alert')).toHaveText(messages('en').error_wrong_form!);
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expectAccessible(page);
	});

	test("a signed-in child's proposal form answers 400 or 415 and nothing is saved", async ({ page }) => {
		await signInWithCard(page, 'zh-CN', 2, { axe: false });
		for (const [type, body] of bodies) {
			const response = await post(page.request, '/zh-CN/me/proposals/new', body, type);
			expect([400, 415], type).toContain(response.status());
		}
		// An enhanced form (JavaScript on) reads a JSON action error instead of a page.
		const enhanced = await page.request.post('/zh-CN/me/proposals/new', {
			headers: { origin: origin(), 'content-type': 'text/plain', accept: 'application/json', 'x-sveltekit-action': 'true' },
			data: 'title=x'
		});
		expect(enhanced.status()).toBe(415);
		expect(await enhanced.json()).toEqual({ type: 'error', error: { message: messages('zh-CN').error_wrong_form } });
	});
});

test.describe('huge fields (huge-field-anonymous)', () => {
	test('an anonymous 150,000-character secret is refused (413) with the translated message', async ({ request }) => {
		for (const locale of LOCALES) {
			const t = messages(locale);
			const response = await post(request, `/${locale}/sign-in?/card`, cardForm('a'.repeat(150_000)));
			expect(response.status()).toBe(413);
			const html = await response.text();
			expect(html).toContain(t.error_too_large!);
			expect(html).toContain(`lang="${locale}"`);
			// A way back to the form (the browser keeps what was typed there).
			expect(html).toContain(`<a href="/${locale}/sign-in">${t.error_back_to_form}</a>`);
		}
		// The connection is still good afterwards: the server read and dropped the rest.
		const after = await request.get('/en/ledger');
		expect(after.status()).toBe(200);
	});

	test('the refusal is shown in the browser, accessible, with a way back to the form', async ({ page }) => {
		const t = messages('en');
		await page.goto('/en/sign-in');
		const response = await page.evaluate(async (secret) => {
			const form = document.querySelector<HTMLFormElement>('form[action="?/card"]')!;
			(form.querySelector('[name="secret_words"]') as HTMLInputElement).value = secret;
			form.removeAttribute('novalidate');
			HTMLFormElement.prototype.submit.call(form); // a plain post, as without JavaScript
			return true;
		}, 'a'.repeat(150_000));
		expect(response).toBe(true);
		await expect(page.getByRole('alert').filter({ hasText: t.error_too_large })).toBeVisible();
		await expectAccessible(page);
		await page.getByRole('link', { name: t.error_back_to_form }).click();
		await expect(page).toHaveURL(/\/en\/sign-in$/);
	});

	test("a signed-in child's 5 MB title is refused (413); a 60,000-character title gets the title's too-long message (400)", async ({ page }) => {
		const t = messages('en');
		await signInWithCard(page, 'en', 1, { axe: false });
		const fields = { problem: 'The swings are broken.', suggestions: 'Fix them.', who_should_act: 'The park office' };
		const huge = await post(page.request, '/en/me/proposals/new', new URLSearchParams({ ...fields, title: 'a'.repeat(5_000_000) }).toString());
		expect(huge.status()).toBe(413);
		expect(await huge.text()).toContain(t.error_too_large!);

		for (const title of ['a'.repeat(60_000), '树'.repeat(5_000), ' '.repeat(30_000) + 'x']) {
			const long = await post(page.request, '/en/me/proposals/new', new URLSearchParams({ ...fields, title }).toString());
			expect(long.status()).toBe(400);
			expect(await long.text()).toContain(fill(t.error_too_long!, { max: 50 }));
		}
		// Nothing was saved: the child's list has no such proposal.
		await page.goto('/en/me');
		await expect(page.getByText('a'.repeat(60))).toHaveCount(0);
	});
});
