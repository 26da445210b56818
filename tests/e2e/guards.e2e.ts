import { expect } from '@playwright/test';
import { demo, expectAccessible, messages, signInWithCard, test } from './support';

test('a signed-out visitor is sent to sign in and then back to the page they asked for', async ({ page }) => {
	const t = messages('en');
	await page.goto('/en/teacher');
	await expect(page).toHaveURL(/\/en\/sign-in\?next=%2Fen%2Fteacher$/);
	const adult = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_adult_heading }) });
	const teacher = demo('teacher');
	await adult.getByLabel(t.field_email!, { exact: true }).fill(teacher.email);
	await adult.getByLabel(t.field_password!, { exact: true }).fill(teacher.password);
	await adult.getByRole('button', { name: t.sign_in_adult_submit }).click();
	await expect(page).toHaveURL(/\/en\/teacher$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.teacher_queue_title!);

	// Signing out ends the session: the queue asks for sign-in again.
	await page.getByRole('button', { name: t.nav_sign_out }).click();
	await expect(page).toHaveURL(/\/en\/?$/);
	await page.goto('/en/teacher');
	await expect(page).toHaveURL(/\/en\/sign-in/);
});

test('a child cannot open the teacher or staff pages', async ({ page }) => {
	const t = messages('zh-CN');
	await signInWithCard(page, 'zh-CN', 2);
	for (const path of ['/zh-CN/teacher', '/zh-CN/staff']) {
		const response = await page.goto(path);
		expect(response?.status()).toBe(403);
		await expect(page.getByText(t.error_forbidden!)).toBeVisible();
		// The app's own error page: its header and a way back, in the page's language.
		await expect(page.getByRole('navigation', { name: t.nav_label })).toBeVisible();
		await expect(page.getByRole('link', { name: t.error_back_home })).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
		await expectAccessible(page);
	}
});

test('signed-in pages are not kept in any cache', async ({ page }) => {
	await signInWithCard(page, 'en', 1);
	const response = await page.goto('/en/me');
	expect(response?.headers()['cache-control']).toBe('private, no-store');
	const cookies = await page.context().cookies();
	const auth = cookies.filter((c) => c.name.includes('auth-token'));
	expect(auth.length).toBeGreaterThan(0);
	for (const c of auth) {
		expect(c.httpOnly).toBe(true);
		// A school day, not @supabase/ssr's default of 400 days.
		expect(c.expires - Date.now() / 1000).toBeLessThanOrEqual(12 * 60 * 60 + 60);
	}
});

test('a child handle on the adult form does not sign in', async ({ page }) => {
	const t = messages('en');
	const child = demo(1);
	await page.goto('/en/sign-in');
	const adult = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_adult_heading }) });
	await adult.getByLabel(t.field_email!, { exact: true }).fill(child.email);
	await adult.getByLabel(t.field_password!, { exact: true }).fill(child.password);
	await adult.getByRole('button', { name: t.sign_in_adult_submit }).click();
	await expect(page.getByRole('alert')).toContainText(t.sign_in_failed!);
	await page.goto('/en/me');
	await expect(page).toHaveURL(/\/en\/sign-in/);
});

test('a language prefix in other letter case goes to its canonical spelling', async ({ page }) => {
	await page.goto('/zh-cn/ledger');
	await expect(page).toHaveURL(/\/zh-CN\/ledger$/);
	await page.goto('/EN/ledger?edition=2023');
	await expect(page).toHaveURL(/\/en\/ledger\?edition=2023$/);
});

test('unknown pages and ids are a translated 404', async ({ page }) => {
	const t = messages('en');
	await signInWithCard(page, 'en', 1);
	for (const path of ['/en/no-such-page', '/en/me/proposals/not-a-uuid', '/en/me/proposals/00000000-0000-4000-8000-000000000000']) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(404);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.error_not_found_title!);
		await expect(page.getByText(t.error_not_found!)).toBeVisible();
	}
});
