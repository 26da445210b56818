/**
 * Issue 9 §3–4: a 12-year-old's street report (DEMO52, age band 10–13) as guided steps at 320 px
 * wide: one question a screen with an example, an error that keeps what was typed, Back, "check
 * your answers" with the photo question on it (files go with the one post that sends), changing
 * one answer from there, sending with a photo, and the teacher reading it with the photo. In
 * zh-CN and en with JavaScript, and once without (every step a server round trip that saves the
 * draft, which opens again at its first blank question). axe on every step where scripts run.
 * Then the street-report draft: "save draft" without JavaScript (photos not kept, the page says
 * so) and autosave with it (never uploading the chosen photo), both resumed from /me.
 */
import sharp from 'sharp';
import { expect, type Browser, type Page } from '@playwright/test';
import { BAND_DEMO_CLASSES } from '../../supabase/local/demo-accounts';
import { expectAccessible, fill, messages, signInWithCard, openFromQueue, signInWithEmail, type Locale, test } from './support';

test.describe.configure({ timeout: 360_000 });

const NARROW = { width: 320, height: 640 };
const STUDENT = 4;

async function newPage(browser: Browser, locale: Locale, js: boolean): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', javaScriptEnabled: js, viewport: NARROW });
	return context.newPage();
}

/** Nothing is wider than the 320 px screen (no sideways scrolling). */
async function expectFits(page: Page): Promise<void> {
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW.width);
}

const photo = () =>
	sharp({ create: { width: 900, height: 600, channels: 3, background: '#557744', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg().toBuffer();

const words = (en: boolean, tag: string) => ({
	title: `${en ? 'Crossing light broken' : '路口红绿灯坏了'} ${tag}`,
	description: en ? 'The light at the crossing stays red for walkers.' : '路口的行人灯一直是红的。',
	descriptionChanged: en ? 'The light at the crossing stays red for walkers, so children cross on red.' : '路口的行人灯一直是红的，小朋友只好闯红灯。',
	place: en ? 'Happy Community playground' : '幸福社区儿童游乐场'
});

for (const { locale, js } of [
	{ locale: 'zh-CN' as const, js: true },
	{ locale: 'en' as const, js: true },
	{ locale: 'zh-CN' as const, js: false }
]) {
	test(`a 12-year-old's guided street report: steps, back, check answers with a photo, change, send, the teacher reads it (${locale}, JavaScript ${js ? 'on' : 'off'})`, async ({ browser }) => {
		const t = messages(locale);
		const w = words(locale === 'en', `#${Date.now() % 100000}`);
		const caption = (n: number) => page.getByText(fill(t.guided_step_caption!, { n, total: 6 }), { exact: true });
		const next = () => page.getByRole('button', { name: t.guided_continue, exact: true }).click();
		const back = () => page.getByRole('button', { name: t.guided_back, exact: true }).click();
		const accessible = (p: Page) => (js ? expectAccessible(p) : Promise.resolve());

		const page = await newPage(browser, locale, js);
		const drafts = page.locator('section', { has: page.getByRole('heading', { name: t.form_drafts_heading }) });
		await signInWithCard(page, locale, STUDENT, { axe: js });
		await page.getByRole('link', { name: t.report_write }).click();

		// Question 1: the picture cards alone, no Back, no photo question yet.
		await expect(caption(1)).toBeVisible();
		await expect(page.getByText(t.street3_intro!)).toBeVisible();
		await expect(page.getByText(t.street3_q_topic_hint!)).toBeVisible();
		await expect(page.getByRole('button', { name: t.guided_back, exact: true })).toHaveCount(0);
		await expect(page.getByLabel(t.report_field_title!, { exact: true })).toHaveCount(0);
		await expect(page.getByLabel(t.report_field_photos!, { exact: true })).toHaveCount(0);
		await accessible(page);
		await expectFits(page);
		// Continue without a card: the error, still question 1.
		await next();
		await expect(page.locator('.error-summary').getByRole('link')).toHaveCount(1);
		await expect(page.locator('.error-summary')).toContainText(t.report_field_topic!);
		await expect(caption(1)).toBeVisible();
		await expect(page).toHaveTitle(new RegExp(`^${t.error_title_prefix}`));
		await accessible(page);
		await page.getByRole('radio', { name: t.report_topic_traffic }).check();
		await next();

		// 2: the short name, with its example.
		await expect(caption(2)).toBeVisible();
		await expect(page.getByText(t.guided_report_example_title!)).toBeVisible();
		await accessible(page);
		await page.getByLabel(t.report_field_title!, { exact: true }).fill(w.title);
		await next();
		// 3: what is wrong.
		await expect(caption(3)).toBeVisible();
		await expect(page.getByText(t.guided_report_example_description!)).toBeVisible();
		await accessible(page);
		await page.getByLabel(t.report_field_description!, { exact: true }).fill(w.description);
		await next();
		// 4: how urgent; Back keeps both answers.
		await expect(caption(4)).toBeVisible();
		await accessible(page);
		await page.getByRole('radio', { name: t.report_urgency_soon }).check();
		await back();
		await expect(caption(3)).toBeVisible();
		await expect(page.getByLabel(t.report_field_description!, { exact: true })).toHaveValue(w.description);
		await next();
		await expect(page.getByRole('radio', { name: t.report_urgency_soon })).toBeChecked();
		await next();
		await expect(caption(5)).toBeVisible();

		if (!js) {
			// Each step saved the draft: /me lists it, and it opens again at its first blank question.
			await page.goto(`/${locale}/me`);
			await drafts.getByRole('link', { name: w.title, exact: true }).click();
			await expect(caption(5)).toBeVisible();
			await expect(page.getByText(t.report_photos_again!)).toBeVisible();
			await back();
			await expect(caption(4)).toBeVisible();
			await expect(page.getByRole('radio', { name: t.report_urgency_soon })).toBeChecked();
			await next();
		}
		// 5: where, nothing given: the error; then a place from the list.
		await expect(caption(5)).toBeVisible();
		await accessible(page);
		await next();
		await expect(page.locator('.error-summary')).toContainText(t.report_field_place!);
		await expect(caption(5)).toBeVisible();
		await page.getByLabel(t.report_field_place!, { exact: true }).selectOption({ label: `${w.place} (${t.report_place_kind_playground})` });
		await next();
		// 6: what would make it better (may stay empty).
		await expect(caption(6)).toBeVisible();
		await expect(page.getByText(t.street3_q_suggestions_example!)).toBeVisible();
		await accessible(page);
		await next();

		// Check your answers, with the photo question last and why it is here.
		await expect(page.getByRole('heading', { name: t.street3_check_title })).toBeVisible();
		const summary = page.locator('.check-answers');
		await expect(summary.locator('dt')).toHaveText([
			t.report_field_topic!, t.report_field_title!, t.report_field_description!, t.report_field_urgency!, t.report_where_heading!, t.report_field_suggestions!
		]);
		await expect(summary.locator('dd.answer')).toHaveText([
			t.report_topic_traffic!, w.title, w.description, t.report_urgency_soon!, `${w.place} (${t.report_place_kind_playground})`, t.guided_not_answered!
		]);
		await expect(page.getByText(t.street3_photos_last!)).toBeVisible();
		await accessible(page);
		await expectFits(page);

		// Change one answer: its question opens with it; Continue goes straight back to the summary.
		await page.getByRole('button', { name: fill(t.guided_change_label!, { question: t.report_field_description! }) }).click();
		await expect(caption(3)).toBeVisible();
		await expect(page.getByLabel(t.report_field_description!, { exact: true })).toHaveValue(w.description);
		await page.getByLabel(t.report_field_description!, { exact: true }).fill(w.descriptionChanged);
		await next();
		await expect(page.getByRole('heading', { name: t.street3_check_title })).toBeVisible();
		await expect(summary.locator('dd.answer').nth(2)).toHaveText(w.descriptionChanged);

		// Send with a photo (it goes with this one post).
		await page.getByLabel(t.report_field_photos!, { exact: true }).setInputFiles([{ name: 'crossing.jpg', mimeType: 'image/jpeg', buffer: await photo() }]);
		await page.getByRole('button', { name: t.report_submit, exact: true }).click();
		await expect(page).toHaveURL(/\/me\/reports\/[0-9a-f-]{36}\?done=submitted$/);
		await expect(page.getByRole('heading', { level: 1 })).toContainText(w.title);
		await expect(page.locator('img[src*="/photos/"]')).toHaveCount(1);
		await accessible(page);
		const id = page.url().match(/\/me\/reports\/([0-9a-f-]{36})/)![1]!;
		// Sent: the draft is gone from /me.
		await page.goto(`/${locale}/me`);
		await expect(drafts.getByRole('link', { name: w.title, exact: true })).toHaveCount(0);
		await page.context().close();

		// The teacher reads it, with the changed answer and the photo.
		const teacher = await newPage(browser, locale, js);
		await signInWithEmail(teacher, locale, 'teacher', '/teacher');
		await openFromQueue(teacher, locale, w.title);
		await expect(teacher).toHaveURL(new RegExp(`/${locale}/teacher/reports/${id}$`));
		await expect(teacher.getByText(w.descriptionChanged).first()).toBeVisible();
		const img = teacher.locator('img[src*="/photos/"]');
		await expect(img).toHaveCount(1);
		if (js) await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
		expect((await teacher.request.get((await img.getAttribute('src'))!)).status()).toBe(200);
		await accessible(teacher);
		await teacher.context().close();
	});
}

test('"save draft" on the street report without JavaScript: text kept, photos not (the page says so), resumed from /me at the first blank question (zh-CN)', async ({ browser }) => {
	const locale = 'zh-CN';
	const t = messages(locale);
	const title = `长椅坏了 #${Date.now() % 100000}`;
	const page = await newPage(browser, locale, false);
	await signInWithCard(page, locale, STUDENT, { axe: false });
	await page.goto(`/${locale}/me/reports/new?view=all`);
	await expect(page.getByText(t.street3_photos_not_in_draft!)).toBeVisible();
	await page.getByRole('radio', { name: t.report_topic_broken_facility }).check();
	await page.getByLabel(t.report_field_title!, { exact: true }).fill(title);
	await page.getByLabel(t.report_field_photos!, { exact: true }).setInputFiles([{ name: 'bench.jpg', mimeType: 'image/jpeg', buffer: await photo() }]);
	await page.getByRole('button', { name: t.form_save_draft, exact: true }).click();
	await expect(page.getByRole('status')).toHaveText(t.street3_draft_saved!);
	await expect(page.getByLabel(t.report_field_title!, { exact: true })).toHaveValue(title);
	await expect(page.getByRole('radio', { name: t.report_topic_broken_facility })).toBeChecked();
	await expect(page.locator('.error-summary')).toHaveCount(0);
	// Opened again from /me: the steps, at the first blank question ("what is wrong").
	await page.goto(`/${locale}/me`);
	const drafts = page.locator('section', { has: page.getByRole('heading', { name: t.form_drafts_heading }) });
	// The card says what it is the draft of, and the intro names both kinds.
	await expect(drafts.getByText(t.form_drafts_intro!, { exact: true })).toBeVisible();
	await expect(drafts.locator('li', { hasText: title }).getByText(t.queue_kind_street_report!, { exact: true })).toBeVisible();
	await drafts.getByRole('link', { name: title, exact: true }).click();
	await expect(page.getByRole('status')).toHaveText(t.form_draft_opened!);
	await expect(page.getByText(t.report_photos_again!)).toBeVisible();
	await expect(page.getByText(fill(t.guided_step_caption!, { n: 3, total: 6 }), { exact: true })).toBeVisible();
	await page.getByRole('button', { name: t.guided_back, exact: true }).click();
	await expect(page.getByLabel(t.report_field_title!, { exact: true })).toHaveValue(title);
	await page.context().close();
});

test('the street report autosaves for a 6–9 child as they write, never uploading the chosen photo, and opens again from /me (en)', async ({ browser }) => {
	const locale = 'en';
	const t = messages(locale);
	const c = BAND_DEMO_CLASSES['6-9'];
	const page = await newPage(browser, locale, true);
	await page.goto(`/${locale}/sign-in`);
	const card = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
	await card.getByLabel(t.field_class_code!, { exact: true }).fill(c.code);
	await card.getByLabel(t.field_student_number!, { exact: true }).fill(String(c.studentNumber));
	await card.getByLabel(t.field_secret_words!, { exact: true }).fill(c.secretWords);
	await card.getByRole('button', { name: t.sign_in_card_submit }).click();
	await expect(page).toHaveURL(new RegExp(`/${locale}/me$`));
	await page.goto(`/${locale}/me/reports/new`);
	await expect(page.getByRole('button', { name: t.form_save_draft, exact: true })).toBeVisible();
	await expectAccessible(page);
	const description = `The bin is full ${Date.now() % 100000}`;
	await page.getByLabel(t.report_field_photos!, { exact: true }).setInputFiles([{ name: 'bin.jpg', mimeType: 'image/jpeg', buffer: await photo() }]);
	await page.getByRole('radio', { name: t.report_topic_rubbish }).check();
	const saved = page.waitForRequest((r) => r.url().includes('/me/drafts/save') && r.method() === 'POST');
	await page.getByLabel(t.report_field_description!, { exact: true }).fill(description);
	const request = await saved;
	// The autosave carries the words, not the photo.
	const body = request.postDataBuffer()!.toString('latin1');
	expect(body).toContain('name="description"');
	expect(body).not.toContain('filename=');
	await expect(page.locator('[data-draft-status]')).toHaveText(t.form_draft_status_saved!);
	await page.goto(`/${locale}/me`);
	const drafts = page.locator('section', { has: page.getByRole('heading', { name: t.form_drafts_heading }) });
	await drafts.getByRole('link', { name: description, exact: true }).click();
	await expect(page.getByLabel(t.report_field_description!, { exact: true })).toHaveValue(description);
	await expect(page.getByRole('radio', { name: t.report_topic_rubbish })).toBeChecked();
	await expect(page.getByText(t.report_photos_again!)).toBeVisible();
	await page.context().close();
});
