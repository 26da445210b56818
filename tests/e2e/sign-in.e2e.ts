/**
 * Sign-in that a class can use and an attacker cannot (cases card-brute-force, card-number-timing
 * (identical message), no-real-secret-in-hints; the shared classroom computer; new secret words).
 */
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { SECRET_WORD_LIST } from '../../src/lib/server/login-card';
import { CLASS_CODE, demo, DEMO_ACCOUNTS, expectAccessible, messages, signInWithCard, signInWithEmail, type Locale, test } from './support';

/** The demo class's fixed id (supabase/seed.sql). */
const DEMO_CLASS_ID = 'c1000000-0000-4000-8000-000000000052';

/** A message as a pattern: placeholders in `fills` take those values, the others anything. */
function pattern(text: string, fills: Record<string, string> = {}, anchored = true): RegExp {
	const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const parts = text.split(/\{(\w+)\}/);
	// split with a group: even indexes are text, odd ones placeholder names.
	const body = parts.map((p, i) => (i % 2 === 0 ? escape(p) : p in fills ? escape(fills[p]!) : '.+?')).join('');
	return new RegExp(anchored ? `^${body}$` : body);
}

function cardSection(page: Page, locale: Locale) {
	const t = messages(locale);
	return page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
}

/**
 * Submit the card form in the page (JavaScript on) and return the action's status: the enhanced
 * form gets it in the JSON body (`{ type: 'failure', status }`; a redirect: 303).
 */
async function tryCard(page: Page, locale: Locale, studentNumber: number | string, words: string): Promise<number> {
	const t = messages(locale);
	const card = cardSection(page, locale);
	await card.getByLabel(t.field_class_code!, { exact: true }).fill(CLASS_CODE);
	await card.getByLabel(t.field_student_number!, { exact: true }).fill(String(studentNumber));
	await card.getByLabel(t.field_secret_words!, { exact: true }).fill(words);
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.url().includes('/card') && r.request().method() === 'POST'),
		card.getByRole('button', { name: t.sign_in_card_submit }).click()
	]);
	const body = (await response.json().catch(() => ({}))) as { type?: string; status?: number };
	return body.type === 'redirect' ? 303 : (body.status ?? response.status());
}

/** The card form posted without JavaScript (as a plain HTML form): status and page. */
async function postCard(request: APIRequestContext, baseURL: string, studentNumber: number, words: string) {
	const response = await request.post(`${baseURL}/en/sign-in?/card`, {
		form: { class_code: CLASS_CODE, student_number: String(studentNumber), secret_words: words, next: '' },
		headers: { origin: baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
	return { status: response.status(), body: await response.text() };
}

/** The access token in the Supabase auth cookie (possibly in chunks `.0`, `.1`, …). */
function accessTokenOf(cookies: { name: string; value: string }[]): string {
	const parts = cookies.filter((c) => /^sb-.*-auth-token(\.\d+)?$/.test(c.name));
	parts.sort((a, b) => Number(a.name.split('.').at(-1)) - Number(b.name.split('.').at(-1)));
	const raw = parts.map((c) => c.value).join('');
	return (JSON.parse(Buffer.from(raw.replace(/^base64-/, ''), 'base64url').toString('utf8')) as { access_token: string }).access_token;
}

/** A read of the Data API with that token, as the app's server client makes one. */
function dataApiAs(token: string): Promise<Response> {
	return fetch(`${process.env.PUBLIC_SUPABASE_URL}/rest/v1/profiles?select=id`, {
		headers: { apikey: process.env.PUBLIC_SUPABASE_ANON_KEY!, authorization: `Bearer ${token}` }
	});
}

async function teacherPage(browser: Browser, locale: Locale): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await signInWithEmail(page, locale, 'teacher', '/teacher');
	return page;
}

test('card brute force: 20 wrong tries lock the card, the right words too, until the teacher unlocks it', async ({ page, browser, request, baseURL }) => {
	const locale: Locale = 'en';
	const t = messages(locale);
	const child = demo(4);
	await page.goto(`/${locale}/sign-in`);
	// The first four are a wrong card; the fifth locks it and says when to try again.
	for (let i = 1; i <= 4; i++) {
		expect(await tryCard(page, locale, 4, `wrong words ${i}`)).toBe(400);
		await expect(page.getByRole('alert')).toContainText(t.sign_in_card_failed!);
	}
	expect(await tryCard(page, locale, 4, 'wrong words 5')).toBe(429);
	await expect(page.getByRole('alert')).toContainText(pattern(t.sign_in_locked_card!, {}, false));
	// 15 more, without JavaScript: all refused as locked (429), never "wrong card".
	for (let i = 6; i <= 20; i++) {
		const r = await postCard(request, baseURL!, 4, `wrong words ${i}`);
		expect(r.status).toBe(429);
		expect(r.body).not.toContain('the class code, student number and secret words');
	}
	// The right words are refused too, with when to try again.
	expect(await tryCard(page, locale, 4, child.loginCard!.secretWords)).toBe(429);
	await expect(page.getByRole('alert')).toContainText(pattern(t.sign_in_locked_card!, {}, false));
	await expect(page).toHaveURL(/\/en\/sign-in/);

	// The teacher sees the locked card and unlocks it.
	const teacher = await teacherPage(browser, locale);
	await teacher.getByRole('link', { name: t.nav_login_cards }).click();
	await expect(teacher.getByRole('heading', { level: 1 })).toHaveText(t.teacher_cards_title!);
	const row = teacher.getByRole('row').filter({ has: teacher.getByRole('cell', { name: child.nickname!, exact: true }) });
	await expect(row.getByText(pattern(t.teacher_cards_locked_until!))).toBeVisible();
	await expectAccessible(teacher);
	await row.getByRole('button', { name: t.teacher_cards_unlock!.replace('{number}', '4') }).click();
	await expect(teacher.getByRole('status')).toHaveText(pattern(t.teacher_cards_unlocked!, { number: '4' }));
	await expect(row.getByText(t.teacher_cards_open!, { exact: true })).toBeVisible();
	await teacher.context().close();

	// The child signs in.
	await page.goto(`/${locale}/sign-in`);
	await tryCard(page, locale, 4, child.loginCard!.secretWords);
	await expect(page).toHaveURL(/\/en\/me$/);
});

test('an unknown student number gets exactly the message a wrong card gets', async ({ page }) => {
	for (const locale of ['zh-CN', 'en'] as Locale[]) {
		const t = messages(locale);
		await page.goto(`/${locale}/sign-in`);
		expect(await tryCard(page, locale, 3, 'not these words')).toBe(400);
		const real = await page.getByRole('alert').textContent();
		expect(await tryCard(page, locale, 777, 'not these words')).toBe(400);
		const unknown = await page.getByRole('alert').textContent();
		expect(real).toContain(t.sign_in_card_failed);
		expect(unknown).toBe(real);
	}
});

test('no hint or placeholder shows a real card’s secret words', async ({ page }) => {
	const secretWords = DEMO_ACCOUNTS.flatMap((a) => a.loginCard?.secretWords.split(' ') ?? []);
	const cards = DEMO_ACCOUNTS.filter((a) => a.loginCard).length;
	expect(cards).toBeGreaterThanOrEqual(6);
	expect(secretWords.length).toBe(cards * 3); // three words a card
	// New secret words never repeat a demo card's (those are printed in the README).
	expect(SECRET_WORD_LIST.filter((w) => secretWords.includes(w))).toEqual([]);
	for (const locale of ['zh-CN', 'en'] as Locale[]) {
		await page.goto(`/${locale}/sign-in`);
		const text = (await page.locator('body').innerText()).toLowerCase();
		const attributes = await page.locator('input, textarea').evaluateAll((els) =>
			els.flatMap((el) => [el.getAttribute('placeholder') ?? '', el.getAttribute('title') ?? '', el.getAttribute('aria-description') ?? ''])
		);
		const shown = [text, ...attributes.map((a) => a.toLowerCase())].join('\n');
		for (const word of secretWords) expect(shown, `"${word}" on /${locale}/sign-in`).not.toMatch(new RegExp(`\\b${word}\\b`));
	}
});

test('a shared computer: the sign-in page says who is signed in and lets the next child sign in', async ({ page }) => {
	const locale: Locale = 'en';
	const t = messages(locale);
	await signInWithCard(page, locale, 1, { axe: false });
	const first = demo(1);
	// Never a silent redirect into the previous child's account.
	const response = await page.goto(`/${locale}/sign-in?next=%2Fen%2Fme%2Fproposals%2Fnew`);
	expect(response?.status()).toBe(200);
	await expect(page).toHaveURL(/\/en\/sign-in\?next=/);
	await expect(page.getByText(t.sign_in_signed_in_as!.replace('{name}', first.nickname!))).toBeVisible();
	await expect(cardSection(page, locale)).toHaveCount(0);
	await expectAccessible(page);
	await page.getByRole('button', { name: t.sign_in_switch }).click();
	// Signed out (server-side), the form is there, the next page is kept.
	await expect(page).toHaveURL(/\/en\/sign-in\?next=%2Fen%2Fme%2Fproposals%2Fnew$/);
	await expect(cardSection(page, locale)).toBeVisible();
	await expect(page.getByRole('button', { name: t.nav_sign_out })).toHaveCount(0);
	const second = demo(2);
	await tryCard(page, locale, 2, second.loginCard!.secretWords);
	await expect(page).toHaveURL(/\/en\/me\/proposals\/new\?form=[0-9a-f-]{36}$/);
	await expect(page.getByText(t.signed_in_as!.replace('{name}', second.nickname!))).toBeVisible();
});

test('new secret words: the old ones stop working at once, the new ones work, the child’s session ends', async ({ browser, page }) => {
	const locale: Locale = 'en';
	const t = messages(locale);
	const url = process.env.PUBLIC_SUPABASE_URL;
	const key = process.env.SUPABASE_SERVICE_ROLE_KEY;
	if (!url || !key) throw new Error('run through `npm test -- e2e …` (PUBLIC_SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY)');
	const admin = createClient(url, key, {
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
	});
	// A child of the demo class made for this test, so no other test's card changes.
	const number = 600 + Math.floor(Math.random() * 300);
	const nickname = `小新${number}`;
	const oldWords = 'apple zebra tent';
	const created = await admin.auth.admin.createUser({
		email: `${CLASS_CODE.toLowerCase()}-${number}@login-card.invalid`,
		password: oldWords,
		email_confirm: true,
		app_metadata: { role: 'student', display_name: nickname, class_id: DEMO_CLASS_ID, student_number: number }
	});
	if (created.error) throw created.error;
	try {
		await page.goto(`/${locale}/sign-in`);
		await tryCard(page, locale, number, oldWords);
		await expect(page).toHaveURL(/\/en\/me$/);
		const childToken = accessTokenOf(await page.context().cookies());
		expect((await dataApiAs(childToken)).status).toBe(200);

		const teacher = await teacherPage(browser, locale);
		await teacher.goto(`/${locale}/teacher/cards`);
		await teacher.getByRole('button', { name: t.teacher_cards_new_words!.replace('{number}', String(number)) }).click();
		const status = teacher.getByRole('status');
		await expect(status).toContainText(t.teacher_cards_new_words_once!);
		const done = t.teacher_cards_new_words_done!.replace('{number}', String(number));
		const shown = (await status.locator('p').first().textContent()) ?? '';
		const words = shown.slice(shown.lastIndexOf(':') + 1).trim();
		expect(done.endsWith(': {words}')).toBe(true);
		expect(words).toMatch(/^[a-z]+ [a-z]+ [a-z]+$/);
		expect(words).not.toBe(oldWords);
		await expectAccessible(teacher);
		// Shown once: a reload does not show them again.
		await teacher.reload();
		await expect(teacher.getByText(words)).toHaveCount(0);
		await teacher.context().close();

		// The child's open session has ended: the Data API refuses its access token (still within its
		// hour; the app verifies tokens locally, the database knows the session is gone)…
		const refused = await dataApiAs(childToken);
		expect(refused.status).toBe(401);
		expect(((await refused.json()) as { code: string }).code).toBe('PT401');
		// …and the app's pages treat the child as signed out.
		await page.goto(`/${locale}/me`);
		await expect(page).toHaveURL(/\/en\/sign-in\?next=/);
		// Old words fail as a wrong card; the new ones work.
		expect(await tryCard(page, locale, number, oldWords)).toBe(400);
		await expect(page.getByRole('alert')).toContainText(t.sign_in_card_failed!);
		await tryCard(page, locale, number, words);
		await expect(page).toHaveURL(/\/en\/me$/);
	} finally {
		await admin.auth.admin.deleteUser(created.data.user!.id);
	}
});

// Case auth-rate-limited. The stand-in rate-limits /token like GoTrue, per address read from a header
// (CV_AUTH_RATE_LIMIT_HEADER, X-Forwarded-For by default); playwright.config.ts has the app take the
// visitor's address from X-Forwarded-For (ADDRESS_HEADER) and send it to Auth in that header
// (AUTH_CLIENT_ADDRESS_HEADER). This test alone sends one, an address of its own, so emptying
// Auth's bucket for it leaves every other test's sign-ins alone.
test.describe('from an address of its own', () => {
	test.use({ extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${1 + Math.floor(Math.random() * 250)}` } });

	test('Auth answering 429 is "too many sign-ins right now" (429), never a wrong card or password', async ({ request, baseURL }) => {
		const t = messages('en');
		const postAdult = async (who: 'teacher' | 'staff' | 'admin') => {
			const { email, password } = demo(who);
			const response = await request.post(`${baseURL}/en/sign-in?/password`, {
				form: { email, password, next: '' },
				headers: { origin: baseURL!, accept: 'text/html' },
				maxRedirects: 0
			});
			return { status: response.status(), body: await response.text() };
		};
		// Empty Auth's bucket for this address (burst 30) with wrong tries on numbers nobody has (one
		// each, so no card locks), then the right words and passwords of every demo account at once.
		const wrong = Array.from({ length: 40 }, (_, i) => postCard(request, baseURL!, 800 + i, 'not the words'));
		const right = [
			...[1, 2, 3, 4, 5].map((n) => postCard(request, baseURL!, n, demo(n).loginCard!.secretWords)),
			...(['teacher', 'staff', 'admin'] as const).map((who) => postAdult(who))
		];
		const [wrongResults, rightResults] = await Promise.all([Promise.all(wrong), Promise.all(right)]);
		expect(wrongResults.every((r) => r.status === 400 || r.status === 429)).toBe(true);
		const limited = rightResults.filter((r) => r.status === 429);
		expect(limited.length).toBeGreaterThan(0);
		for (const r of rightResults) {
			expect([303, 429]).toContain(r.status);
			if (r.status !== 429) continue;
			expect(r.body).toContain(t.sign_in_rate_limited);
			expect(r.body).not.toContain(t.sign_in_failed);
			expect(r.body).not.toContain('student number and secret words, or ask');
			expect(r.body).not.toContain('formError:"locked_');
		}
		// 429s do not count against a card: once the bucket refills, the child signs in.
		await expect
			.poll(async () => (await postCard(request, baseURL!, 5, demo(5).loginCard!.secretWords)).status, { timeout: 60_000, intervals: [2_000] })
			.toBe(303);
	});
});
