/**
 * Helpers of the poll e2e tests: a browser page per language and width, times as the poll form
 * takes them (Asia/Shanghai), creating and publishing a poll from the pages, a child's vote.
 */
import { expect, type Browser, type Page } from '@playwright/test';
import { expectAccessible, messages, signInWithCard, type Locale } from './support';

/** A new browser context's page in `locale` (1280 px wide unless `width`). */
export async function newPage(browser: Browser, locale: Locale, options: { javaScriptEnabled?: boolean; width?: number } = {}) {
	const context = await browser.newContext({
		locale: locale === 'en' ? 'en-GB' : 'zh-CN',
		javaScriptEnabled: options.javaScriptEnabled ?? true,
		viewport: { width: options.width ?? 1280, height: 900 }
	});
	return context.newPage();
}

/** Now in Asia/Shanghai as a datetime-local value, plus `offsetMinutes`. */
export function cityLocal(offsetMinutes: number): string {
	const d = new Date(Date.now() + offsetMinutes * 60_000);
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
			.formatToParts(d)
			.map((p) => [p.type, p.value])
	);
	return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** Fails when the page scrolls sideways (e.g. at 320 px). */
export async function noSideways(page: Page) {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow, `sideways scrolling on ${page.url()}`).toBeLessThanOrEqual(0);
}

/** Fill and send the new-poll form, then publish the poll; returns its page URL. axe on each page unless `axe: false` (JavaScript off). */
export async function createPoll(page: Page, locale: Locale, opts: { base: string; area?: RegExp; question: string; options: string[]; goalCode?: string; axe?: boolean }) {
	const axe = opts.axe ?? true;
	const t = messages(locale);
	await page.goto(`/${locale}${opts.base}`);
	if (axe) await expectAccessible(page);
	await page.getByRole('link', { name: t.poll_new_title, exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: t.poll_new_title })).toBeVisible();
	if (axe) await expectAccessible(page);
	if (opts.area) {
		const select = page.getByLabel(t.poll_field_area!, { exact: true });
		const value = await select.locator('option', { hasText: opts.area }).first().getAttribute('value');
		await select.selectOption(value!);
	}
	await page.getByLabel(t.poll_field_question_zh!, { exact: true }).fill(opts.question);
	await page.getByLabel(t.poll_field_options!, { exact: true }).fill(opts.options.join('\n'));
	await page.getByLabel(t.poll_field_opens_at!, { exact: true }).fill(cityLocal(-2));
	await page.getByLabel(t.poll_field_closes_at!, { exact: true }).fill(cityLocal(60 * 24));
	if (opts.goalCode) {
		await page.getByText(t.poll_field_goals!, { exact: true }).click();
		await page.getByRole('checkbox', { name: new RegExp(opts.goalCode) }).check();
	}
	await page.getByRole('button', { name: t.poll_create_submit }).click();
	await expect(page.getByRole('status')).toHaveText(t.poll_flash_created!);
	await expect(page.getByTestId('poll-state')).toHaveText(t.poll_state_draft!);
	if (axe) await expectAccessible(page);
	await page.getByRole('button', { name: t.poll_schedule_submit }).click();
	await expect(page.getByRole('status')).toHaveText(t.poll_flash_scheduled!);
	await expect(page.getByTestId('poll-state')).toHaveText(t.poll_state_open!);
	return page.url();
}

/** A child opens the poll from /me and votes for `choice`. */
export async function voteAsChild(page: Page, locale: Locale, student: number, question: string, choice: string, { axe = true } = {}) {
	const t = messages(locale);
	await signInWithCard(page, locale, student, { axe });
	if (axe) await expectAccessible(page);
	const card = page.locator('li', { has: page.getByRole('link', { name: question }) });
	await expect(card.getByText(t.poll_vote_now_badge!, { exact: true })).toBeVisible();
	await card.getByRole('link', { name: question }).click();
	await expect(page.getByRole('heading', { level: 1, name: question })).toBeVisible();
	if (axe) await expectAccessible(page);
	await page.getByRole('radio', { name: choice }).check();
	await page.getByRole('button', { name: t.poll_vote_submit, exact: true }).click();
	await expect(page.getByTestId('you-voted')).toHaveText(t.poll_thanks_voted!);
	// No second ballot form.
	await expect(page.getByRole('button', { name: t.poll_vote_submit, exact: true })).toHaveCount(0);
	if (axe) await expectAccessible(page);
	return page.url().split('?')[0]!;
}
