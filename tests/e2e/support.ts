import { readFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS, DEMO_CLASS, type DemoAccount } from '../../supabase/local/demo-accounts';

/**
 * Playwright's test with one addition: after each test, every browser context the test opened with
 * `browser.newContext()` is closed. Playwright closes only the contexts of its own `page` and
 * `context` fixtures; the others stayed open for the rest of the worker's run (a whole suite left
 * hundreds of pages open, projector pages still polling), and the suite's last tests slowed to
 * their time limits.
 */
export const test = base.extend<{ closeOpenedContexts: void }>({
	closeOpenedContexts: [
		async ({ browser }, use) => {
			const before = new Set(browser.contexts());
			await use();
			for (const context of browser.contexts()) if (!before.has(context)) await context.close();
		},
		{ auto: true }
	]
});

export type Locale = 'zh-CN' | 'en';
export const LOCALES: Locale[] = ['zh-CN', 'en'];

const messagesDir = path.resolve(import.meta.dirname, '../../src/lib/i18n/messages');

/** The app's own messages for a locale, so tests find elements by what a person reads. */
export function messages(locale: Locale): Record<string, string> {
	return JSON.parse(readFileSync(path.join(messagesDir, `${locale}.json`), 'utf8'));
}

/** Fill `{name}` placeholders the way Paraglide does. */
export function fill(text: string, params: Record<string, string | number>): string {
	return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

/** axe-core, WCAG 2.1 A and AA rules: the page must have no violations. */
export async function expectAccessible(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
	expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export { DEMO_ACCOUNTS };
export const CLASS_CODE = DEMO_CLASS.code;

/** A seeded demo account: the child with this student number, or the adult with this role. */
export function demo(who: number | 'teacher' | 'staff' | 'admin'): DemoAccount {
	const account = DEMO_ACCOUNTS.find((a) => (typeof who === 'number' ? a.loginCard?.studentNumber === who : a.role === who));
	if (!account) throw new Error(`no demo account ${who}`);
	return account;
}

/** Sign in on the sign-in page with a demo child's card; `axe: false` where scripts are off. */
export async function signInWithCard(page: Page, locale: Locale, studentNumber: number, { axe = true } = {}): Promise<void> {
	const secretWords = demo(studentNumber).loginCard!.secretWords;
	const t = messages(locale);
	await page.goto(`/${locale}/sign-in`);
	if (axe) await expectAccessible(page);
	const card = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
	await card.getByLabel(t.field_class_code!, { exact: true }).fill(CLASS_CODE);
	await card.getByLabel(t.field_student_number!, { exact: true }).fill(String(studentNumber));
	await card.getByLabel(t.field_secret_words!, { exact: true }).fill(secretWords);
	await card.getByRole('button', { name: t.sign_in_card_submit }).click();
	await expect(page).toHaveURL(new RegExp(`/${locale}/me$`));
}

export async function signInWithEmail(page: Page, locale: Locale, role: 'teacher' | 'staff' | 'admin', landing: string): Promise<void> {
	const { email, password } = demo(role);
	const t = messages(locale);
	await page.goto(`/${locale}/sign-in`);
	const adult = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_adult_heading }) });
	await adult.getByLabel(t.field_email!, { exact: true }).fill(email);
	await adult.getByLabel(t.field_password!, { exact: true }).fill(password);
	await adult.getByRole('button', { name: t.sign_in_adult_submit }).click();
	await expect(page).toHaveURL(new RegExp(`/${locale}${landing}$`));
}

/**
 * Open an item from the teacher's queue by its title, through the queue's search (`?q=`), as a
 * teacher with a full queue would: waiting items are listed oldest first, 20 to a page, so after
 * the rest of the suite has filled the demo class a new item is not on the first page.
 * The title must be 1–50 characters (the search's limit).
 */
export async function openFromQueue(teacher: Page, locale: Locale, title: string): Promise<void> {
	await teacher.goto(`/${locale}/teacher?q=${encodeURIComponent(title)}`);
	await teacher.getByRole('link', { name: title }).first().click();
}
