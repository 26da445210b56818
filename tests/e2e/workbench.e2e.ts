import { readFile } from 'node:fs/promises';
import { expect, type Browser, type Page } from '@playwright/test';
import { decodeGrayQr, inspectPdf } from '../../src/lib/server/pdf/inspect';
import { DEMO_ACCOUNTS, expectAccessible, fill, LOCALES, messages, type Locale, test } from './support';

// The teachers' workbench (issue 10 §1), in both languages: a teacher with no class sets one up,
// adds 30 children, prints their cards (the PDF has 30 cards whose QR codes open the sign-in
// page with the class code and number filled in), a child signs in by opening that address, the
// teacher gives the child a new card and the old secret words fail (and the child's session
// ends). Axe on every new page, no sideways scrolling at 320 px, and the same without JavaScript.

const teacher2 = DEMO_ACCOUNTS.find((a) => a.email === 'teacher2@demo.child-voice.test')!;

async function newPage(browser: Browser, locale: Locale, options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> {
	const context = await browser.newContext({
		locale: locale === 'en' ? 'en-GB' : 'zh-CN',
		javaScriptEnabled: options.javaScriptEnabled ?? true,
		viewport: { width: options.width ?? 1280, height: 900 },
		acceptDownloads: true
	});
	return context.newPage();
}

async function signInAsTeacher2(page: Page, locale: Locale): Promise<void> {
	const t = messages(locale);
	await page.goto(`/${locale}/sign-in`);
	const adult = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_adult_heading }) });
	await adult.getByLabel(t.field_email!, { exact: true }).fill(teacher2.email);
	await adult.getByLabel(t.field_password!, { exact: true }).fill(teacher2.password);
	await adult.getByRole('button', { name: t.sign_in_adult_submit }).click();
	await expect(page).toHaveURL(new RegExp(`/${locale}/teacher$`));
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
	const { scrollWidth, clientWidth } = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		clientWidth: document.documentElement.clientWidth
	}));
	expect(scrollWidth, page.url()).toBeLessThanOrEqual(clientWidth);
}

/** Set up a class on /teacher/classes; returns its page's address and its code. */
async function createClass(page: Page, locale: Locale, name: string, grade: number): Promise<{ url: string; code: string }> {
	const t = messages(locale);
	await page.goto(`/${locale}/teacher/classes`);
	await expect(page.getByRole('heading', { level: 1, name: t.teacher_classes_title })).toBeVisible();
	await page.getByLabel(t.field_class_name!, { exact: true }).fill(name);
	await page.getByLabel(t.field_grade!, { exact: true }).selectOption(String(grade));
	await page.getByRole('button', { name: t.teacher_class_create_submit }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	const code = (await page.locator('.meta .code').first().textContent())!.trim();
	expect(code).toMatch(/^[ACEFGHJKMNPRTWXY34679]{6}$/);
	await expect(page.getByRole('status').first()).toHaveText(fill(t.teacher_class_created_flash!, { code }));
	return { url: page.url().replace(/\?.*$/, ''), code };
}

async function addChildren(page: Page, locale: Locale, count: number): Promise<void> {
	const t = messages(locale);
	await page.getByLabel(t.field_child_count!, { exact: true }).fill(String(count));
	await page.getByLabel(locale === 'en' ? t.language_name_en! : t.language_name_zh!, { exact: true }).check();
	await page.getByRole('button', { name: t.teacher_class_add_submit }).click();
	await expect(page.getByRole('heading', { name: t.cards_issued_heading })).toBeVisible({ timeout: 60_000 });
	await expect(page.getByText(fill(t.teacher_class_added_flash!, { count, first: 1, last: count }))).toBeVisible();
}

/** The PDF the issued-cards panel downloads: its QR codes, decoded. */
async function downloadPdf(page: Page, locale: Locale): Promise<{ pages: number; urls: string[] }> {
	const t = messages(locale);
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: t.cards_download_pdf }).click()]);
	expect(download.suggestedFilename()).toMatch(new RegExp(`^login-cards-[A-Z0-9]{6}-${locale}\\.pdf$`));
	const facts = await inspectPdf(new Uint8Array(await readFile((await download.path())!)));
	return { pages: facts.pages, urls: facts.grayImages.map((image) => decodeGrayQr(image) ?? '') };
}

/** Open the print page from the issued-cards panel; returns each card's secret words by number. */
async function openPrintPage(page: Page, locale: Locale): Promise<Map<number, string>> {
	const t = messages(locale);
	await page.getByRole('button', { name: t.cards_open_print }).click();
	await expect(page.getByText(t.cards_print_hint!)).toBeVisible();
	const words = new Map<number, string>();
	for (const card of await page.locator('li.login-card').all()) {
		const number = Number(await card.locator('.value').nth(1).textContent());
		words.set(number, (await card.locator('.words').textContent())!.trim());
	}
	return words;
}

async function signInFromQr(browser: Browser, locale: Locale, url: string, code: string, number: number, words: string) {
	const t = messages(locale);
	const page = await newPage(browser, locale, { width: 390 });
	await page.goto(url);
	const card = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
	await expect(card.getByText(t.sign_in_card_prefilled!)).toBeVisible();
	await expect(card.getByLabel(t.field_class_code!, { exact: true })).toHaveValue(code);
	await expect(card.getByLabel(t.field_student_number!, { exact: true })).toHaveValue(String(number));
	await card.getByLabel(t.field_secret_words!, { exact: true }).fill(words);
	await card.getByRole('button', { name: t.sign_in_card_submit }).click();
	return page;
}

for (const locale of LOCALES) {
	test(`a teacher sets up a class of 30, prints the cards, a child signs in from a QR code, a new card stops the old words (${locale})`, async ({ browser, baseURL }) => {
		test.setTimeout(300_000);
		const t = messages(locale);
		const page = await newPage(browser, locale);
		await signInAsTeacher2(page, locale);
		await page.getByRole('link', { name: t.nav_classes }).click();
		await expect(page.getByRole('heading', { level: 1, name: t.teacher_classes_title })).toBeVisible();
		await expectAccessible(page);

		const name = `${locale === 'en' ? 'Class 3-' : '三年级'}${Date.now() % 100000}`;
		const cls = await createClass(page, locale, name, 3);
		await expectAccessible(page);
		await addChildren(page, locale, 30);
		await expectAccessible(page);

		// The PDF: 30 cards, 8 to a page; each QR code opens the sign-in page with code and number.
		const pdf = await downloadPdf(page, locale);
		expect(pdf.pages).toBe(4);
		expect(pdf.urls).toHaveLength(30);
		const expected = Array.from({ length: 30 }, (_, i) => `${baseURL}/${locale}/sign-in?class=${cls.code}&number=${i + 1}`);
		expect([...pdf.urls].sort()).toEqual([...expected].sort());

		// The print page shows the same cards with their secret words (only now).
		const words = await openPrintPage(page, locale);
		expect(words.size).toBe(30);
		expect(new Set(words.values()).size).toBe(30);
		await expectAccessible(page);

		// The class: 30 children, nobody signed in yet.
		await page.goto(cls.url);
		await expect(page.getByRole('link', { name: new RegExp(`^${fill(t.teacher_child_title!, { number: 30, name: '' }).trim()}`) })).toBeVisible();

		// A child opens the address of card 1's QR code and types the secret words.
		const qr1 = pdf.urls.find((u) => u.endsWith('&number=1'))!;
		const child = await signInFromQr(browser, locale, qr1, cls.code, 1, words.get(1)!);
		await expect(child).toHaveURL(new RegExp(`/${locale}/me$`));
		await page.reload();
		await expect(page.locator('.overview div', { hasText: t.overview_signed_in }).locator('dd')).toHaveText('1 / 30');

		// The card is lost: the teacher gives number 1 a new card.
		await page.getByRole('link', { name: new RegExp(`^${fill(t.teacher_child_title!, { number: 1, name: '' }).trim()}`) }).click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText(fill(t.teacher_child_title!, { number: 1, name: '' }).trim());
		await expectAccessible(page);
		await page.getByRole('button', { name: t.teacher_child_new_card_submit }).click();
		await expect(page.getByText(fill(t.teacher_child_new_card_flash!, { number: 1 }))).toBeVisible();
		const single = await downloadPdf(page, locale);
		expect(single.urls).toEqual([qr1]);
		const newWords = (await openPrintPage(page, locale)).get(1)!;
		expect(newWords).not.toBe(words.get(1));

		// The child's session has ended, and the old words fail as a wrong card; the new ones work.
		await child.goto(`/${locale}/me`);
		await expect(child).toHaveURL(/\/sign-in/);
		const old = await signInFromQr(browser, locale, qr1, cls.code, 1, words.get(1)!);
		await expect(old.getByRole('alert')).toContainText(t.sign_in_card_failed!);
		const again = await signInFromQr(browser, locale, qr1, cls.code, 1, newWords);
		await expect(again).toHaveURL(new RegExp(`/${locale}/me$`));
	});
}

test('every new page at 320 px: no sideways scrolling, axe clean (zh-CN)', async ({ browser, baseURL }) => {
	test.setTimeout(180_000);
	const locale: Locale = 'zh-CN';
	const t = messages(locale);
	const page = await newPage(browser, locale, { width: 320 });
	await signInAsTeacher2(page, locale);
	const cls = await createClass(page, locale, `窄屏班${Date.now() % 100000}`, 8);
	await expectNoSidewaysScroll(page);
	await addChildren(page, locale, 3);
	await expectNoSidewaysScroll(page);
	await expectAccessible(page);
	await openPrintPage(page, locale);
	await expectNoSidewaysScroll(page);
	await page.goto(`/${locale}/teacher/classes`);
	await expectNoSidewaysScroll(page);
	await page.goto(`${cls.url}/children/2`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(fill(t.teacher_child_title!, { number: 2, name: '' }).trim());
	await expectNoSidewaysScroll(page);
	await expectAccessible(page);
	// The print page opened by address has nothing to show, and says why.
	await page.goto(`${cls.url}/cards`);
	await expect(page.getByText(t.cards_expired!)).toBeVisible();
	await expectAccessible(page);
	// A made-up or changed token gets no cards: 410, for the PDF as for the print page.
	for (const path of ['cards.pdf', 'cards']) {
		const res = await page.request.post(`${cls.url}/${path}`, { form: { token: 'A'.repeat(200) }, headers: { origin: baseURL!, accept: 'text/html' } });
		expect(res.status(), path).toBe(410);
	}
});

test('without JavaScript: set up a class, add children (errors kept), print, rename, move and remove a child (en)', async ({ browser, baseURL }) => {
	test.setTimeout(180_000);
	const locale: Locale = 'en';
	const t = messages(locale);
	const page = await newPage(browser, locale, { javaScriptEnabled: false });
	await signInAsTeacher2(page, locale);

	// A class name left empty: the error summary, the grade kept.
	await page.goto(`/${locale}/teacher/classes`);
	await page.getByLabel(t.field_grade!, { exact: true }).selectOption('5');
	await page.getByRole('button', { name: t.teacher_class_create_submit }).click();
	await expect(page).toHaveTitle(new RegExp(`^${t.error_title_prefix}`));
	await expect(page.getByRole('alert')).toContainText(t.field_class_name!);
	await expect(page.getByLabel(t.field_grade!, { exact: true })).toHaveValue('5');

	const a = await createClass(page, locale, `No-JS A ${Date.now() % 100000}`, 5);
	const bName = `No-JS B ${Date.now() % 100000}`;
	const b = await createClass(page, locale, bName, 5);
	await page.goto(a.url);
	// Too many children: refused with the number kept.
	await page.getByLabel(t.field_child_count!, { exact: true }).fill('61');
	await page.getByRole('button', { name: t.teacher_class_add_submit }).click();
	await expect(page.getByRole('alert')).toContainText(t.field_child_count!);
	await expect(page.getByLabel(t.field_child_count!, { exact: true })).toHaveValue('61');
	await addChildren(page, locale, 2);
	const pdf = await downloadPdf(page, locale);
	expect(pdf.urls.sort()).toEqual([1, 2].map((n) => `${baseURL}/${locale}/sign-in?class=${a.code}&number=${n}`));
	const words = await openPrintPage(page, locale);
	expect(words.size).toBe(2);

	// Rename number 1: a classmate's nickname is refused, a new one saved.
	await page.goto(`${a.url}/children/2`);
	const second = (await page.getByLabel(t.field_nickname!, { exact: true }).inputValue()).trim();
	await page.goto(`${a.url}/children/1`);
	await page.getByLabel(t.field_nickname!, { exact: true }).fill(second.toUpperCase());
	await page.getByRole('button', { name: t.teacher_child_rename_submit }).click();
	await expect(page.getByRole('alert')).toContainText(t.error_nickname_taken!);
	await page.getByLabel(t.field_nickname!, { exact: true }).fill('Tidy Comet');
	await page.getByRole('button', { name: t.teacher_child_rename_submit }).click();
	await expect(page.getByRole('status')).toHaveText(fill(t.teacher_child_renamed_flash!, { name: 'Tidy Comet' }));

	// Move number 1 to class B: a new number there and a new card to print.
	await page.getByLabel(t.field_to_class!, { exact: true }).selectOption(b.url.split('/').pop()!);
	await page.getByRole('button', { name: t.teacher_child_move_submit, exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(fill(t.teacher_child_moved_flash!, { class: bName, number: 1 }));
	await expect(page.getByRole('heading', { name: t.cards_issued_heading })).toBeVisible();
	const moved = await downloadPdf(page, locale);
	expect(moved.urls).toEqual([`${baseURL}/${locale}/sign-in?class=${b.code}&number=1`]);

	// Remove number 2 from class A: the box must be ticked first.
	await page.goto(`${a.url}/children/2`);
	await page.getByRole('button', { name: t.teacher_child_remove_submit, exact: true }).click();
	await expect(page.getByRole('alert')).toContainText(fill(t.field_remove_confirm!, { number: 2, name: second }));
	await page.getByLabel(fill(t.field_remove_confirm!, { number: 2, name: second }), { exact: true }).check();
	await page.getByRole('button', { name: t.teacher_child_remove_submit, exact: true }).click();
	await expect(page.getByRole('status')).toHaveText(fill(t.teacher_class_removed_flash!, { number: 2 }));
	await expect(page.locator('.overview div', { hasText: t.overview_children }).first().locator('dd')).toHaveText('0');
	// The removed child's card no longer works.
	const child = await signInFromQr(browser, locale, pdf.urls.find((u) => u.endsWith('number=2'))!, a.code, 2, words.get(2)!);
	await expect(child.getByRole('alert')).toContainText(t.sign_in_card_failed!);
});
