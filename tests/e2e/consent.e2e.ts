import { createClient } from '@supabase/supabase-js';
import { expect, type Browser, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { inspectPdf } from '../../src/lib/server/pdf/inspect';
import { CLASS_CODE, demo, expectAccessible, fill, LOCALES, messages, signInWithEmail, type Locale, test } from './support';

// Guardian consent, the consent letter and the privacy page, in both languages: a child without
// consent is told beforehand and refused kindly with the text kept; the teacher records consent
// and the same form then goes through.

const DEMO_CLASS_ID = 'c1000000-0000-4000-8000-000000000052';

function adminClient() {
	const url = process.env.PUBLIC_SUPABASE_URL;
	const key = process.env.SUPABASE_SERVICE_ROLE_KEY;
	if (!url || !key) throw new Error('run through `npm test -- e2e …` (PUBLIC_SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY)');
	return createClient(url, key, {
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
	});
}

/** A child of the demo class made for one test (no consent), so no other test's child changes. */
async function newChild(low: number) {
	const number = low + Math.floor(Math.random() * 100);
	const words = 'tent whale honey';
	const nickname = `小云${number}`;
	const { data, error } = await adminClient().auth.admin.createUser({
		email: `${CLASS_CODE.toLowerCase()}-${number}@login-card.invalid`,
		password: words,
		email_confirm: true,
		app_metadata: { role: 'student', display_name: nickname, class_id: DEMO_CLASS_ID, student_number: number }
	});
	if (error) throw error;
	return { id: data.user!.id, number, words, nickname };
}

async function signInCard(page: Page, locale: Locale, number: number, words: string) {
	const t = messages(locale);
	await page.goto(`/${locale}/sign-in`);
	const card = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
	await card.getByLabel(t.field_class_code!, { exact: true }).fill(CLASS_CODE);
	await card.getByLabel(t.field_student_number!, { exact: true }).fill(String(number));
	await card.getByLabel(t.field_secret_words!, { exact: true }).fill(words);
	await card.getByRole('button', { name: t.sign_in_card_submit }).click();
	await expect(page).toHaveURL(new RegExp(`/${locale}/me$`));
}

async function newPage(browser: Browser, locale: Locale, options: { javaScriptEnabled?: boolean; width?: number } = {}) {
	const context = await browser.newContext({
		locale: locale === 'en' ? 'en-GB' : 'zh-CN',
		javaScriptEnabled: options.javaScriptEnabled ?? true,
		viewport: { width: options.width ?? 1280, height: 900 }
	});
	return context.newPage();
}

async function expectNoSidewaysScroll(page: Page) {
	const { scrollWidth, clientWidth } = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		clientWidth: document.documentElement.clientWidth
	}));
	expect(scrollWidth, page.url()).toBeLessThanOrEqual(clientWidth);
}

const texts: Record<Locale, { title: string; problem: string; suggestions: string; who: string; guardian: string }> = {
	'zh-CN': { title: '操场需要更多树荫', problem: '夏天操场很热，大家没地方休息。', suggestions: '多种几棵树，放几张长椅。', who: '学校后勤处', guardian: '妈妈' },
	en: { title: 'More shade in the playground', problem: 'In summer the playground is too hot to play.', suggestions: 'Plant trees and add benches.', who: 'The school', guardian: 'Mum' }
};

for (const locale of LOCALES) {
	test(`a child without consent is told first and refused kindly with the text kept; after the teacher records consent it is sent (${locale})`, async ({ browser }) => {
		test.slow();
		const t = messages(locale);
		const x = texts[locale];
		const child = await newChild(locale === 'en' ? 300 : 400);
		try {
			const page = await newPage(browser, locale);
			await signInCard(page, locale, child.number, child.words);
			// Said kindly before anything is written, on the home page and the form.
			await expect(page.getByRole('heading', { name: t.child_consent_heading })).toBeVisible();
			await expectAccessible(page);
			await page.getByRole('link', { name: t.my_proposals_write }).click();
			// The 10–13 form is guided steps; these tests fill all four questions on one page.
			await page.getByRole('button', { name: t.guided_all_on_one_page }).click();
			await expect(page.getByText(t.child_consent_text!)).toBeVisible();
			await page.getByLabel(t.field_title!, { exact: true }).fill(x.title);
			await page.getByLabel(t.field_problem!, { exact: true }).fill(x.problem);
			await page.getByLabel(t.field_suggestions!, { exact: true }).fill(x.suggestions);
			await page.getByLabel(t.field_who_should_act!, { exact: true }).fill(x.who);
			await page.getByRole('button', { name: t.proposal_submit }).click();
			// The database refused it: the kind message in the error summary, everything typed kept.
			await expect(page.getByRole('alert')).toContainText(t.error_consent_required!);
			await expect(page.getByLabel(t.field_title!, { exact: true })).toHaveValue(x.title);
			await expect(page.getByLabel(t.field_problem!, { exact: true })).toHaveValue(x.problem);
			await expect(page.getByLabel(t.field_suggestions!, { exact: true })).toHaveValue(x.suggestions);
			await expect(page.getByLabel(t.field_who_should_act!, { exact: true })).toHaveValue(x.who);
			await expect(page).toHaveTitle(new RegExp(`^${t.error_title_prefix}`));
			await expectAccessible(page);

			// The teacher records the consent (first a form with nothing filled in: errors, then right).
			const teacher = await newPage(browser, locale);
			await signInWithEmail(teacher, locale, 'teacher', '/teacher');
			await teacher.getByRole('link', { name: t.nav_consent }).click();
			await expectAccessible(teacher);
			const row = teacher.getByRole('row', { name: new RegExp(child.nickname) });
			await expect(row).toContainText(t.teacher_consent_missing!);
			await row.getByRole('link', { name: fill(t.teacher_consent_record_link!, { number: child.number }) }).click();
			await expectAccessible(teacher);
			await teacher.getByRole('button', { name: t.teacher_consent_record_submit }).click();
			const summary = teacher.getByRole('alert');
			await expect(summary).toContainText(t.error_form_has_errors!.replace('{count}', '2'));
			await expect(summary.getByRole('link', { name: new RegExp(t.field_guardian!) })).toBeVisible();
			await expect(summary.getByRole('link', { name: new RegExp(t.field_consent_method!) })).toBeVisible();
			await expectAccessible(teacher);
			await teacher.getByLabel(t.field_guardian!, { exact: true }).fill(x.guardian);
			await teacher.getByLabel(t.consent_method_paper_form!, { exact: true }).check();
			await teacher.getByRole('button', { name: t.teacher_consent_record_submit }).click();
			await expect(teacher.getByRole('status')).toHaveText(fill(t.teacher_consent_recorded_flash!, { number: child.number }));
			await expect(teacher.getByRole('row', { name: new RegExp(child.nickname) })).toContainText(x.guardian);

			// The same form, sent again, now goes through.
			await page.getByRole('button', { name: t.proposal_submit }).click();
			await expect(page.getByRole('status')).toHaveText(t.proposal_submitted_flash!);
			await page.goto(`/${locale}/me`);
			await expect(page.getByRole('heading', { name: t.child_consent_heading })).toHaveCount(0);
			await teacher.context().close();
			await page.context().close();
		} finally {
			await adminClient().auth.admin.deleteUser(child.id);
		}
	});
}

test.describe('without JavaScript', () => {
	test('the demo child without consent (no. 6) reads the notice and is refused with the text kept (zh-CN)', async ({ browser }) => {
		const locale: Locale = 'zh-CN';
		const t = messages(locale);
		const page = await newPage(browser, locale, { javaScriptEnabled: false });
		await signInCard(page, locale, 6, demo(6).loginCard!.secretWords);
		await expect(page.getByRole('heading', { name: t.child_consent_heading })).toBeVisible();
		await page.goto(`/${locale}/me/proposals/new?view=all`);
		await page.getByLabel(t.field_title!, { exact: true }).fill('图书角周末开门');
		await page.getByLabel(t.field_problem!, { exact: true }).fill('周末想看书。');
		await page.getByLabel(t.field_suggestions!, { exact: true }).fill('周六上午开门。');
		await page.getByLabel(t.field_who_should_act!, { exact: true }).fill('社区');
		await page.getByRole('button', { name: t.proposal_submit }).click();
		await expect(page.getByRole('alert')).toContainText(t.error_consent_required!);
		await expect(page.getByLabel(t.field_title!, { exact: true })).toHaveValue('图书角周末开门');
		await expect(page.getByLabel(t.field_who_should_act!, { exact: true })).toHaveValue('社区');
	});

	test('the teacher records and withdraws consent with plain forms (en)', async ({ browser }) => {
		const locale: Locale = 'en';
		const t = messages(locale);
		const child = await newChild(500);
		try {
			const teacher = await newPage(browser, locale, { javaScriptEnabled: false });
			await signInWithEmail(teacher, locale, 'teacher', '/teacher');
			await teacher.goto(`/${locale}/teacher/consent/${DEMO_CLASS_ID}/${child.number}`);
			await teacher.getByLabel(t.field_guardian!, { exact: true }).fill('Grandad');
			await teacher.getByLabel(t.field_given_on!, { exact: true }).fill('2999-01-01');
			await teacher.getByLabel(t.consent_method_in_person!, { exact: true }).check();
			await teacher.getByRole('button', { name: t.teacher_consent_record_submit }).click();
			// A day in the future is refused; what was typed stays.
			await expect(teacher.getByRole('alert')).toContainText(t.field_given_on!);
			await expect(teacher.getByLabel(t.field_guardian!, { exact: true })).toHaveValue('Grandad');
			await teacher.getByLabel(t.field_given_on!, { exact: true }).fill('2026-09-01');
			await teacher.getByRole('button', { name: t.teacher_consent_record_submit }).click();
			await expect(teacher.getByRole('status')).toHaveText(fill(t.teacher_consent_recorded_flash!, { number: child.number }));
			await teacher.goto(`/${locale}/teacher/consent/${DEMO_CLASS_ID}/${child.number}`);
			await expect(teacher.getByText('Grandad')).toBeVisible();
			await teacher.getByRole('button', { name: t.teacher_consent_withdraw_submit }).click();
			await expect(teacher.getByRole('status')).toHaveText(fill(t.teacher_consent_withdrawn_flash!, { number: child.number }));
		} finally {
			await adminClient().auth.admin.deleteUser(child.id);
		}
	});
});

for (const locale of LOCALES) {
	test(`the consent letter: a print page for A4 and a PDF with the CJK font embedded (${locale})`, async ({ browser }) => {
		const t = messages(locale);
		const teacher = await newPage(browser, locale);
		await signInWithEmail(teacher, locale, 'teacher', '/teacher');
		await teacher.goto(`/${locale}/teacher/consent`);
		await teacher.getByRole('link', { name: t.teacher_consent_letter_link }).first().click();
		await expect(teacher.getByRole('heading', { level: 1, name: t.letter_title })).toBeVisible();
		const slip = fill(t.letter_slip_label!, { code: CLASS_CODE, number: 1, nickname: demo(1).nickname! });
		await expect(teacher.getByText(slip, { exact: true })).toBeVisible();
		await expectAccessible(teacher);
		// Printed: no site header or footer, no instructions; slips start on a new page.
		await teacher.emulateMedia({ media: 'print' });
		await expect(teacher.locator('.site-header')).toBeHidden();
		await expect(teacher.locator('.site-footer')).toBeHidden();
		await expect(teacher.getByText(t.teacher_letter_print_hint!)).toBeHidden();
		await expect(teacher.getByText(slip, { exact: true })).toBeVisible();
		await teacher.emulateMedia({ media: 'screen' });
		await teacher.setViewportSize({ width: 320, height: 800 });
		await expectNoSidewaysScroll(teacher);
		// The teacher's other consent pages fit a phone too (the erase page only looked at, not sent).
		for (const path of ['/teacher/consent', `/teacher/consent/${DEMO_CLASS_ID}/1`, `/teacher/erase/${DEMO_CLASS_ID}/1`]) {
			await teacher.goto(`/${locale}${path}`);
			await expectNoSidewaysScroll(teacher);
		}
		await teacher.goto(`/${locale}/teacher/consent/${DEMO_CLASS_ID}/letter`);

		const href = await teacher.getByRole('link', { name: t.teacher_consent_letter_pdf_link }).getAttribute('href');
		const response = await teacher.request.get(href!);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('application/pdf');
		const bytes = new Uint8Array(await response.body());
		const facts = await inspectPdf(bytes);
		expect(facts.title).toBe(t.letter_title);
		expect(facts.fonts.every((f) => /NotoSansHans/.test(f))).toBe(true);
		expect(facts.embeddedFontBytes.length).toBe(2);
		for (const ch of `${t.letter_title}${demo(1).nickname}${demo(6).nickname}`.replace(/\s/g, '')) {
			expect(facts.characters.has(ch), ch).toBe(true);
		}
		// Nobody else gets it: signed out, the PDF address sends to sign-in.
		const anon = await browser.newContext();
		const refused = await anon.request.get(href!, { maxRedirects: 0 });
		expect(refused.status()).toBe(303);
		await anon.close();
	});

	test(`the privacy page, reachable from every footer and the sign-in page, plain for children and fuller for guardians (${locale})`, async ({ browser }) => {
		const t = messages(locale);
		const page = await newPage(browser, locale, { javaScriptEnabled: false, width: 320 });
		await page.goto(`/${locale}/ledger`);
		await page.getByRole('contentinfo').getByRole('link', { name: t.footer_privacy }).click();
		await expect(page).toHaveURL(new RegExp(`/${locale}/privacy$`));
		await expect(page.getByRole('heading', { level: 1, name: t.privacy_title })).toBeVisible();
		await expect(page.getByRole('heading', { name: t.privacy_children_heading })).toBeVisible();
		await expect(page.getByRole('heading', { name: t.privacy_guardians_heading })).toBeVisible();
		await expect(page.getByText(fill(t.privacy_children_how_long!, { years: 3 }))).toBeVisible();
		await expectNoSidewaysScroll(page);
		await page.goto(`/${locale}/sign-in`);
		await page.getByRole('link', { name: t.sign_in_privacy_link }).click();
		await expect(page).toHaveURL(new RegExp(`/${locale}/privacy$`));
		const js = await newPage(browser, locale);
		await js.goto(`/${locale}/privacy`);
		await expectAccessible(js);
		// By keyboard: the skip link, then the page's own contents links.
		await js.keyboard.press('Tab');
		await expect(js.getByRole('link', { name: t.skip_to_main })).toBeFocused();
	});
}
