/**
 * Issue 9 §3: a 12-year-old's proposal (DEMO52, age band 10–13) as guided steps at 320 px wide:
 * one question a screen with an example, an error that keeps what was typed, Back, "check your
 * answers", changing one answer from there, sending, and the teacher reading it. In zh-CN and en
 * with JavaScript, and once without (where the steps are server round trips and each step saves
 * the draft, which opens again at its first blank question). axe on every page where scripts run.
 */
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

const words = (en: boolean, tag: string) => ({
	title: `${en ? 'Shade for the playground' : '操场需要树荫'} ${tag}`,
	problem: en ? 'The playground is too hot at break.' : '课间操场太晒了。',
	problemChanged: en ? 'The playground is too hot at break; two classmates felt dizzy.' : '课间操场太晒了，有两个同学头晕。',
	suggestions: en ? 'Plant trees.\nPut up a sunshade.' : '种几棵树。\n搭一个遮阳棚。',
	who: en ? 'The school' : '学校'
});

for (const { locale, js } of [
	{ locale: 'zh-CN' as const, js: true },
	{ locale: 'en' as const, js: true },
	{ locale: 'zh-CN' as const, js: false }
]) {
	test(`a 12-year-old's guided proposal: steps, back, check answers, change, send, the teacher reads it (${locale}, JavaScript ${js ? 'on' : 'off'})`, async ({ browser }) => {
		const t = messages(locale);
		const w = words(locale === 'en', `#${Date.now() % 100000}`);
		const caption = (n: number) => page.getByText(fill(t.guided_step_caption!, { n, total: 4 }), { exact: true });
		const answer = (label: string) => page.getByLabel(label, { exact: true });
		const next = () => page.getByRole('button', { name: t.guided_continue, exact: true }).click();
		const back = () => page.getByRole('button', { name: t.guided_back, exact: true }).click();

		const page = await newPage(browser, locale, js);
		// axe runs in the page: only where scripts run (the JavaScript-off run checks the same pages' behaviour).
		const accessible = (p: Page) => (js ? expectAccessible(p) : Promise.resolve());
		const drafts = page.locator('section', { has: page.getByRole('heading', { name: t.form_drafts_heading }) });
		await signInWithCard(page, locale, STUDENT, { axe: js });
		await page.getByRole('link', { name: t.my_proposals_write }).click();

		// Question 1: the question, its hint and an example; no Back on the first question.
		await expect(caption(1)).toBeVisible();
		await expect(answer(t.guided_q_title!)).toBeVisible();
		await expect(page.getByText(t.guided_q_title_example!)).toBeVisible();
		await expect(answer(t.guided_q_title!)).toHaveAttribute('aria-describedby', /field-title-example/);
		await expect(page.getByRole('button', { name: t.guided_back, exact: true })).toHaveCount(0);
		await expect(page.getByLabel(t.guided_q_problem!, { exact: true })).toHaveCount(0);
		await accessible(page);
		await expectFits(page);

		// Continue with no answer: the error summary and the field's error, still question 1.
		await next();
		await expect(page.locator('.error-summary').getByRole('link')).toHaveCount(1);
		await expect(page.locator('.error-summary')).toContainText(t.guided_q_title!);
		await expect(caption(1)).toBeVisible();
		await expect(page).toHaveTitle(new RegExp(`^${t.error_title_prefix}`));
		await accessible(page);
		await answer(t.guided_q_title!).fill(w.title);
		await next();

		// Question 2, then 3; Back to 2 keeps what was typed.
		await expect(caption(2)).toBeVisible();
		await expect(page.getByText(t.guided_q_problem_example!)).toBeVisible();
		await answer(t.guided_q_problem!).fill(w.problem);
		await next();
		await expect(caption(3)).toBeVisible();
		await accessible(page);
		await answer(t.guided_q_suggestions!).fill(w.suggestions);
		await back();
		await expect(caption(2)).toBeVisible();
		await expect(answer(t.guided_q_problem!)).toHaveValue(w.problem);
		await next();
		// What was typed on question 3 before going back is still there.
		await expect(answer(t.guided_q_suggestions!)).toHaveValue(w.suggestions);

		if (!js) {
			// Each step saved the draft: /me lists it, and it opens again at its first blank question.
			await page.goto(`/${locale}/me`);
			await expect(drafts.locator('li', { hasText: w.title }).getByText(t.queue_kind_proposal!, { exact: true })).toBeVisible();
			await drafts.getByRole('link', { name: w.title, exact: true }).click();
			await expect(caption(4)).toBeVisible();
			await back();
			await expect(caption(3)).toBeVisible();
			await expect(answer(t.guided_q_suggestions!)).toHaveValue(w.suggestions);
		}
		await next();
		await expect(caption(4)).toBeVisible();
		await answer(t.guided_q_who!).fill(w.who);
		await next();

		// Check your answers: every answer with its change button.
		await expect(page.getByRole('heading', { name: t.guided_check_title })).toBeVisible();
		const summary = page.locator('.check-answers');
		await expect(summary.locator('dt')).toHaveText([t.guided_q_title!, t.guided_q_problem!, t.guided_q_suggestions!, t.guided_q_who!]);
		await expect(summary.locator('dd.answer')).toHaveText([w.title, w.problem, w.suggestions, w.who], { useInnerText: true });
		await expect(page.getByRole('button', { name: fill(t.guided_change_label!, { question: t.guided_q_problem! }) })).toBeVisible();
		await accessible(page);
		await expectFits(page);

		// Change one answer: its question opens with the answer; Continue goes straight back to the summary.
		await page.getByRole('button', { name: fill(t.guided_change_label!, { question: t.guided_q_problem! }) }).click();
		await expect(caption(2)).toBeVisible();
		await expect(answer(t.guided_q_problem!)).toHaveValue(w.problem);
		await answer(t.guided_q_problem!).fill(w.problemChanged);
		await next();
		await expect(page.getByRole('heading', { name: t.guided_check_title })).toBeVisible();
		await expect(summary.locator('dd.answer').nth(1)).toHaveText(w.problemChanged);
		await expect(summary.locator('dd.answer').nth(2)).toHaveText(w.suggestions, { useInnerText: true });

		// Send.
		await page.getByRole('button', { name: t.proposal_submit, exact: true }).click();
		await expect(page).toHaveURL(/\/proposals\/[0-9a-f-]{36}\?done=submitted$/);
		await expect(page.getByRole('heading', { level: 1 })).toContainText(w.title);
		await accessible(page);
		// Sent: the draft is gone from /me.
		await page.goto(`/${locale}/me`);
		await expect(page.getByRole('link', { name: w.title, exact: true }).first()).toBeVisible();
		await expect(drafts.getByRole('link', { name: w.title, exact: true })).toHaveCount(0);
		await page.context().close();

		// The teacher reads it, with the changed answer.
		const teacher = await newPage(browser, locale, js);
		await signInWithEmail(teacher, locale, 'teacher', '/teacher');
		await openFromQueue(teacher, locale, w.title);
		await expect(teacher.getByRole('paragraph').filter({ hasText: w.problemChanged }).first()).toBeVisible();
		await expect(teacher.getByRole('paragraph').filter({ hasText: new RegExp(`^${w.problem}$`) })).toHaveCount(0);
		await accessible(teacher);
		await teacher.context().close();
	});
}

test('all questions on one page on request, and back to one at a time, keeping every answer (en)', async ({ browser }) => {
	const t = messages('en');
	const page = await newPage(browser, 'en', true);
	await signInWithCard(page, 'en', STUDENT);
	await page.goto('/en/me/proposals/new');
	const title = `One page ${Date.now() % 100000}`;
	await page.getByLabel(t.guided_q_title!, { exact: true }).fill(title);
	await page.getByRole('button', { name: t.guided_all_on_one_page }).click();
	await expect(page.getByLabel(t.field_title!, { exact: true })).toHaveValue(title);
	await expect(page.getByLabel(t.field_who_should_act!, { exact: true })).toBeVisible();
	await expectAccessible(page);
	await page.getByLabel(t.field_problem!, { exact: true }).fill('Too hot.');
	// Sending with blanks stays on the one page, with what was typed.
	await page.getByRole('button', { name: t.proposal_submit, exact: true }).click();
	await expect(page.locator('.error-summary').getByRole('link')).toHaveCount(2);
	await expect(page.getByLabel(t.field_problem!, { exact: true })).toHaveValue('Too hot.');
	await page.getByRole('button', { name: t.guided_one_at_a_time }).click();
	// One at a time again: the first blank question.
	await expect(page.getByText(fill(t.guided_step_caption!, { n: 3, total: 4 }), { exact: true })).toBeVisible();
	await page.getByRole('button', { name: t.guided_back, exact: true }).click();
	await expect(page.getByLabel(t.guided_q_problem!, { exact: true })).toHaveValue('Too hot.');
	await page.context().close();
});

test('street reports fit the band: 6–9 without a name to type (made from the card), 10–13 numbered questions with examples on one page (zh-CN, 320 px)', async ({ browser }) => {
	const locale = 'zh-CN';
	const t = messages(locale);
	// 6–9 (DEMO21's child).
	const young = await newPage(browser, locale, true);
	const c = BAND_DEMO_CLASSES['6-9'];
	await young.goto(`/${locale}/sign-in`);
	const card = young.locator('section', { has: young.getByRole('heading', { name: t.sign_in_card_heading }) });
	await card.getByLabel(t.field_class_code!, { exact: true }).fill(c.code);
	await card.getByLabel(t.field_student_number!, { exact: true }).fill(String(c.studentNumber));
	await card.getByLabel(t.field_secret_words!, { exact: true }).fill(c.secretWords);
	await card.getByRole('button', { name: t.sign_in_card_submit }).click();
	await expect(young).toHaveURL(new RegExp(`/${locale}/me$`));
	await young.goto(`/${locale}/me/reports/new`);
	await expect(young.getByText(t.guided_report_young_intro!)).toBeVisible();
	await expect(young.getByLabel(t.report_field_title!, { exact: true })).toHaveCount(0);
	for (const target of await young.locator('.topic-card').all()) expect((await target.boundingBox())!.height).toBeGreaterThanOrEqual(44);
	await expectAccessible(young);
	await expectFits(young);
	// Nothing chosen: the summary names what is missing, never the name the child was not asked for.
	await young.getByRole('button', { name: t.report_submit }).click();
	await expect(young.locator('.error-summary')).not.toContainText(t.report_field_title!);
	await expect(young.locator('.error-summary').getByRole('link').first()).toBeVisible();
	await expectAccessible(young);
	const description = `垃圾桶满了 ${Date.now() % 100000}`;
	await young.getByRole('radio', { name: t.report_topic_rubbish }).check();
	await young.getByLabel(t.report_field_description!, { exact: true }).fill(description);
	await young.getByRole('radio', { name: t.report_urgency_normal }).check();
	await young.getByLabel(t.report_field_place_text!, { exact: true }).fill('学校东门');
	await young.getByRole('button', { name: t.report_submit }).click();
	await expect(young.getByRole('status')).toHaveText(t.report_submitted_flash!);
	await expect(young.getByRole('heading', { level: 1 })).toContainText(`${t.report_topic_rubbish}：${description}`);
	await young.context().close();

	// 10–13 (DEMO52): on request, the six numbered questions with examples on one page (the guided steps: street-steps.e2e.ts).
	const page = await newPage(browser, locale, true);
	await signInWithCard(page, locale, STUDENT, { axe: false });
	await page.goto(`/${locale}/me/reports/new?view=all`);
	for (let n = 1; n <= 6; n++) await expect(page.getByText(fill(t.guided_step_caption!, { n, total: 6 }), { exact: true })).toBeVisible();
	await expect(page.getByText(t.guided_report_example_description!)).toBeVisible();
	await expect(page.getByLabel(t.report_field_title!, { exact: true })).toBeVisible();
	await expectAccessible(page);
	await expectFits(page);
	await page.context().close();
});
