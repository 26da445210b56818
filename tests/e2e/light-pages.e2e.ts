/**
 * The byte budget of issue 9 §6: every page a child uses loads ≤ 50 KB of JavaScript (gzip), on
 * the production build. Bytes, not timings (timings are `npm run bench:pages`, BENCHMARKS.md).
 */
import { expect } from '@playwright/test';
import { BAND_DEMO_CLASSES } from '../../supabase/local/demo-accounts';
import { CHILD_PAGE_JS_BUDGET, scriptBytes } from './js-weight';
import { messages, signInWithCard, test } from './support';

test('every child page loads at most 50 KB of JavaScript, gzip', async ({ page }) => {
	test.setTimeout(360_000);
	const t = messages('zh-CN');
	const measured: Record<string, number> = {};
	for (const path of ['/zh-CN', '/zh-CN/sign-in', '/zh-CN/help', '/zh-CN/privacy']) measured[path] = (await scriptBytes(page, path)).bytes;
	await signInWithCard(page, 'zh-CN', 1, { axe: false });
	const proposal = (await page.locator('a[href*="/me/proposals/"]:not([href*="/new"])').first().getAttribute('href'))!;
	const poll = await page.locator('a[href*="/me/polls/"]').first().getAttribute('href');
	for (const path of ['/zh-CN/me', '/zh-CN/me/proposals/new', proposal, ...(poll ? [poll] : [])]) measured[path] = (await scriptBytes(page, path)).bytes;
	// The 6–9 form has the most to enhance (read-aloud, autosave).
	await page.getByRole('button', { name: t.nav_sign_out }).click();
	await page.goto('/zh-CN/sign-in');
	const c = BAND_DEMO_CLASSES['6-9'];
	await page.getByLabel(t.field_class_code!, { exact: true }).fill(c.code);
	await page.getByLabel(t.field_student_number!, { exact: true }).fill(String(c.studentNumber));
	await page.getByLabel(t.field_secret_words!, { exact: true }).fill(c.secretWords);
	await page.getByRole('button', { name: t.sign_in_card_submit }).click();
	await expect(page).toHaveURL(/\/me$/);
	measured['/zh-CN/me/proposals/new (6–9)'] = (await scriptBytes(page, '/zh-CN/me/proposals/new')).bytes;

	console.log('JavaScript per child page (gzip bytes):', measured);
	for (const [path, bytes] of Object.entries(measured)) expect(bytes, path).toBeLessThanOrEqual(CHILD_PAGE_JS_BUDGET);
	// The measurement sees scripts at all: the form page loads the children's script.
	expect(measured['/zh-CN/me/proposals/new']).toBeGreaterThan(1000);
});
