import { expect } from '@playwright/test';
import { CLASS_CODE, demo, expectAccessible, messages, signInWithCard, test } from './support';

// A form sent after the session ended (issue 9 §4): the child is asked to sign in again, with a
// word that their text is kept; after signing in they are back on the same form with the text in
// it (kept as the form's draft), and can send it. Once for a proposal without JavaScript, signed
// out from another tab; once for a street report with the children's script, the session gone.

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a proposal sent after signing out in another tab keeps its text through sign-in (zh-CN)', async ({ page, context }) => {
		const t = messages('zh-CN');
		const tag = `${Date.now() % 100000}`;
		await signInWithCard(page, 'zh-CN', 3, { axe: false });
		// The whole form on one page (DEMO52 is 10–13: its form is otherwise one question a screen).
		await page.goto('/zh-CN/me/proposals/new?view=all');
		const formUrl = page.url();
		const title = `学校门口需要斑马线 ${tag}`;
		const problem = '放学的时候车很多，过马路很危险，低年级的同学常常不敢走。';
		await page.getByLabel(t.field_title!, { exact: true }).fill(title);
		await page.getByLabel(t.field_problem!, { exact: true }).fill(problem);
		// Another tab signs out meanwhile.
		const other = await context.newPage();
		await other.goto('/zh-CN/me');
		await other.getByRole('button', { name: t.nav_sign_out }).click();
		await expect(other.getByRole('link', { name: t.nav_sign_in, exact: true })).toBeVisible();

		await page.getByRole('button', { name: t.proposal_submit }).click();
		await expect(page).toHaveURL(/\/zh-CN\/sign-in/);
		await expect(page.getByTestId('held-notice')).toHaveText(t.child2_held_notice!);
		// Nothing of the text is shown on the sign-in page, only carried.
		await expect(page.getByText(problem)).toHaveCount(0);
		const card = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
		await card.getByLabel(t.field_class_code!, { exact: true }).fill(CLASS_CODE);
		await card.getByLabel(t.field_student_number!, { exact: true }).fill('3');
		// A wrong try first: the text still rides along.
		await card.getByLabel(t.field_secret_words!, { exact: true }).fill('wrong words here');
		await card.getByRole('button', { name: t.sign_in_card_submit }).click();
		await expect(page.getByTestId('held-notice')).toBeVisible();
		await card.getByLabel(t.field_secret_words!, { exact: true }).fill(demo(3).loginCard!.secretWords);
		await card.getByRole('button', { name: t.sign_in_card_submit }).click();

		// Back on the same form (same key), the text in it.
		await expect(page).toHaveURL(formUrl);
		await expect(page.getByText(t.form_draft_opened!)).toBeVisible();
		await expect(page.getByLabel(t.field_title!, { exact: true })).toHaveValue(title);
		await expect(page.getByLabel(t.field_problem!, { exact: true })).toHaveValue(problem);
	});
});

test('a street report sent after the session ended keeps its text through sign-in (en, with the script)', async ({ page, context }) => {
	const t = messages('en');
	const tag = `${Date.now() % 100000}`;
	await signInWithCard(page, 'en', 4, { axe: false });
	// The 10–13 form on one page (its guided steps are tested in street-steps.e2e.ts).
	await page.goto('/en/me/reports/new?view=all');
	const formUrl = page.url();
	const title = `Broken bench ${tag}`;
	const description = 'The bench by the pond has a broken plank with a sharp nail.';
	await page.getByRole('radio', { name: t.report_topic_broken_facility }).check();
	await page.getByLabel(t.report_field_title!, { exact: true }).fill(title);
	await page.getByLabel(t.report_field_description!, { exact: true }).fill(description);
	await page.getByRole('radio', { name: t.report_urgency_urgent }).check();
	await page.getByLabel(t.report_field_place_text!, { exact: true }).fill('By the pond');
	// The session ends (expired, cookies gone).
	await context.clearCookies();
	await page.getByRole('button', { name: t.report_submit }).click();
	await expect(page.getByTestId('held-notice')).toHaveText(t.child2_held_notice!);
	await expectAccessible(page);
	const card = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
	await card.getByLabel(t.field_class_code!, { exact: true }).fill(CLASS_CODE);
	await card.getByLabel(t.field_student_number!, { exact: true }).fill('4');
	await card.getByLabel(t.field_secret_words!, { exact: true }).fill(demo(4).loginCard!.secretWords);
	await card.getByRole('button', { name: t.sign_in_card_submit }).click();

	await expect(page).toHaveURL(formUrl);
	await expect(page.getByLabel(t.report_field_title!, { exact: true })).toHaveValue(title);
	await expect(page.getByLabel(t.report_field_description!, { exact: true })).toHaveValue(description);
	await expect(page.getByRole('radio', { name: t.report_topic_broken_facility })).toBeChecked();
	await expect(page.getByRole('radio', { name: t.report_urgency_urgent })).toBeChecked();
	await expectAccessible(page);
	// And it can be sent now.
	await page.getByRole('button', { name: t.report_submit }).click();
	await expect(page.getByRole('status')).toHaveText(t.report_submitted_flash!);
});
