import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { CLASS_CODE, expectAccessible, messages, signInWithCard, test } from './support';

interface Case {
	id: string;
	fields: Record<string, string>;
}
const cases: Case[] = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/cases/submissions.json'), 'utf8'));
const caseById = (id: string) => cases.find((c) => c.id === id)!;

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a child signs in and gets translated errors for blank input, with the typed text kept', async ({ page }) => {
		const t = messages('zh-CN');
		await signInWithCard(page, 'zh-CN', 3, { axe: false });
		await page.goto('/zh-CN/me/proposals/new?view=all');
		const c = caseById('blank-and-invisible');
		await page.getByLabel(t.field_title!, { exact: true }).fill(c.fields.title!);
		await page.getByLabel(t.field_problem!, { exact: true }).fill(c.fields.problem!);
		await page.getByLabel(t.field_suggestions!, { exact: true }).fill(c.fields.suggestions!);
		await page.getByLabel(t.field_who_should_act!, { exact: true }).fill(c.fields.who_should_act!);
		await page.getByRole('button', { name: t.proposal_submit }).click();
		await expect(page.getByRole('alert')).toContainText(t.error_form_has_errors!.replace('{count}', '4'));
		await expect(page.getByText(t.error_required!, { exact: true })).toHaveCount(4);
		await expect(page.getByLabel(t.field_title!, { exact: true })).toHaveValue(c.fields.title!);
		await expect(page.getByLabel(t.field_problem!, { exact: true })).toHaveValue(c.fields.problem!);

		// Too long: the text stays, the error names the limit.
		const long = '树'.repeat(51);
		await page.getByLabel(t.field_title!, { exact: true }).fill(long);
		await page.getByRole('button', { name: t.proposal_submit }).click();
		await expect(page.locator('.error', { hasText: t.error_too_long!.replace('{max}', '50') })).toBeVisible();
		await expect(page.getByLabel(t.field_title!, { exact: true })).toHaveValue(long);
	});

	test('a wrong login card is refused kindly, the class code kept and the secret words not echoed', async ({ page }) => {
		const t = messages('en');
		await page.goto('/en/sign-in');
		const card = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
		await card.getByLabel(t.field_class_code!, { exact: true }).fill(CLASS_CODE);
		await card.getByLabel(t.field_student_number!, { exact: true }).fill('1');
		await card.getByLabel(t.field_secret_words!, { exact: true }).fill('wrong words here');
		await card.getByRole('button', { name: t.sign_in_card_submit }).click();
		await expect(page.getByRole('alert')).toContainText(t.sign_in_card_failed!);
		await expect(card.getByLabel(t.field_class_code!, { exact: true })).toHaveValue(CLASS_CODE);
		await expect(card.getByLabel(t.field_secret_words!, { exact: true })).toHaveValue('');
	});
});

test.describe('without JavaScript, signing in', () => {
	test.use({ javaScriptEnabled: false });

	test('keeps the page asked for across a failed attempt, and takes full-width digits', async ({ page }) => {
		const t = messages('zh-CN');
		await page.goto('/zh-CN/me/proposals/new');
		await expect(page).toHaveURL(/\/zh-CN\/sign-in\?next=/);
		const card = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
		await card.getByLabel(t.field_class_code!, { exact: true }).fill('demo52');
		await card.getByLabel(t.field_student_number!, { exact: true }).fill('２');
		await card.getByLabel(t.field_secret_words!, { exact: true }).fill('wrong words');
		await card.getByRole('button', { name: t.sign_in_card_submit }).click();
		await expect(page.getByRole('alert')).toContainText(t.sign_in_card_failed!);
		await card.getByLabel(t.field_secret_words!, { exact: true }).fill('Mango  Cloud TIGER');
		await card.getByRole('button', { name: t.sign_in_card_submit }).click();
		await expect(page).toHaveURL(/\/zh-CN\/me\/proposals\/new\?form=[0-9a-f-]{36}$/);
	});
});

// axe runs as a script in the page, so the error states are checked again with JavaScript on.
test('error states pass axe', async ({ page }) => {
	const t = messages('en');
	await page.goto('/en/sign-in');
	const card = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
	await card.getByRole('button', { name: t.sign_in_card_submit }).click();
	await expect(card.getByText(t.error_required!, { exact: true })).toHaveCount(3);
	await expectAccessible(page);
	await signInWithCard(page, 'en', 3);
	await page.goto('/en/me/proposals/new?view=all');
	await page.getByRole('button', { name: t.proposal_submit }).click();
	await expect(page.getByText(t.error_required!, { exact: true })).toHaveCount(4);
	await expectAccessible(page);
});

test('markup in a proposal is shown as text and never runs', async ({ page }) => {
	const t = messages('en');
	let dialogs = 0;
	page.on('dialog', async (d) => {
		dialogs++;
		await d.dismiss();
	});
	await signInWithCard(page, 'en', 4);
	await page.goto('/en/me/proposals/new?view=all');
	const c = caseById('xss-title');
	await page.getByLabel(t.field_title!, { exact: true }).fill(c.fields.title!);
	await page.getByLabel(t.field_problem!, { exact: true }).fill(c.fields.problem!);
	await page.getByLabel(t.field_suggestions!, { exact: true }).fill(c.fields.suggestions!);
	await page.getByLabel(t.field_who_should_act!, { exact: true }).fill(c.fields.who_should_act!);
	await page.getByRole('button', { name: t.proposal_submit }).click();
	await expect(page.getByRole('status')).toHaveText(t.proposal_submitted_flash!);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(c.fields.title!);
	await expect(page.getByText(c.fields.problem!)).toBeVisible();
	await expect(page.locator('main img')).toHaveCount(0);
	expect(dialogs).toBe(0);
});

test('a double click sends one proposal', async ({ page }) => {
	const t = messages('en');
	await signInWithCard(page, 'en', 5);
	const title = `One swing is broken #${Date.now() % 100000}`;
	await page.goto('/en/me/proposals/new?view=all');
	await page.getByLabel(t.field_title!, { exact: true }).fill(title);
	await page.getByLabel(t.field_problem!, { exact: true }).fill('The left swing has a loose chain.');
	await page.getByLabel(t.field_suggestions!, { exact: true }).fill('Fix the chain.');
	await page.getByLabel(t.field_who_should_act!, { exact: true }).fill('Park office');
	await page.getByRole('button', { name: t.proposal_submit }).dblclick();
	await expect(page.getByRole('status')).toHaveText(t.proposal_submitted_flash!);
	await page.goto('/en/me');
	await expect(page.getByRole('link', { name: title })).toHaveCount(1);
});

test.describe('without JavaScript, going back', () => {
	test.use({ javaScriptEnabled: false });

	test('and sending the same form again returns the first proposal, saying it was sent before', async ({ page }) => {
		const t = messages('zh-CN');
		await signInWithCard(page, 'zh-CN', 4, { axe: false });
		const title = `图书馆周末开放 #${Date.now() % 100000}`;
		await page.goto('/zh-CN/me/proposals/new?view=all');
		await page.getByLabel(t.field_title!, { exact: true }).fill(title);
		await page.getByLabel(t.field_problem!, { exact: true }).fill('周末下午五点就关门了。');
		await page.getByLabel(t.field_suggestions!, { exact: true }).fill('开到晚上八点。');
		await page.getByLabel(t.field_who_should_act!, { exact: true }).fill('区图书馆');
		await page.getByRole('button', { name: t.proposal_submit }).click();
		await expect(page).toHaveURL(/\/zh-CN\/me\/proposals\/[0-9a-f-]{36}\?done=submitted$/);
		const first = page.url();
		await page.goBack();
		await page.getByRole('button', { name: t.proposal_submit }).click();
		// The first proposal, with a note that this form was sent before — never a second "sent".
		await expect(page).toHaveURL(first.replace('done=submitted', 'done=already_sent'));
		await expect(page.getByRole('status')).toContainText(t.proposal_already_sent_flash!.split('{date}')[0]!);
		await page.goto('/zh-CN/me');
		await expect(page.getByRole('link', { name: title })).toHaveCount(1);
	});
});

test('the proposal form works by keyboard alone', async ({ page }) => {
	const t = messages('zh-CN');
	await signInWithCard(page, 'zh-CN', 5);
	await page.goto('/zh-CN/me/proposals/new?view=all');
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: t.skip_to_main })).toBeFocused();
	await page.keyboard.press('Enter');
	await page.getByLabel(t.field_title!, { exact: true }).focus();
	await page.keyboard.type('操场的饮水机坏了');
	await page.keyboard.press('Tab');
	await page.keyboard.type('操场边的饮水机不出水，体育课后大家没有水喝。');
	await page.keyboard.press('Tab');
	await page.keyboard.type('请尽快修好饮水机。');
	await page.keyboard.press('Tab');
	await page.keyboard.type('学校后勤');
	await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: t.proposal_submit })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status')).toHaveText(t.proposal_submitted_flash!);
});

test.describe('language', () => {
	test('an unprefixed address follows Accept-Language: Chinese to zh-CN, others to en', async ({ playwright, baseURL }) => {
		for (const [accept, expected] of [
			['zh-Hans-CN,zh;q=0.9', 'zh-CN'],
			['zh', 'zh-CN'],
			['zh-CN', 'zh-CN'],
			['fr-FR,fr;q=0.9', 'en'],
			['en-GB', 'en']
		] as const) {
			// A fresh client each time: a visited prefix sets the locale cookie, which outranks the header.
			const request = await playwright.request.newContext({ baseURL });
			const response = await request.get('/ledger', {
				headers: { 'accept-language': accept, 'sec-fetch-dest': 'document' },
				maxRedirects: 0
			});
			expect(response.status(), accept).toBe(307);
			expect(new URL(response.headers().location!).pathname, accept).toBe(`/${expected}/ledger`);
			const plain = await request.get('/ledger', { headers: { 'accept-language': accept }, maxRedirects: 0 });
			expect(plain.headers().vary, accept).toContain('Accept-Language');
			const page = await request.get(`/${expected}/ledger`);
			expect(await page.text()).toContain(`<html lang="${expected}">`);
			await request.dispose();
		}
	});

	test('a browser set to Chinese lands on the Chinese pages', async ({ browser }) => {
		const context = await browser.newContext({ locale: 'zh-CN' });
		const page = await context.newPage();
		await page.goto('/');
		await expect(page).toHaveURL(/\/zh-CN\/?$/);
		await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
		await context.close();
	});

	test('the language switch keeps the page and is remembered', async ({ page }) => {
		const en = messages('en');
		await page.goto('/zh-CN/ledger');
		await page.getByRole('link', { name: 'English' }).click();
		await expect(page).toHaveURL(/\/en\/ledger$/);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('2023');
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await page.goto('/sign-in');
		await expect(page).toHaveURL(/\/en\/sign-in$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.sign_in_title!);
	});
});
