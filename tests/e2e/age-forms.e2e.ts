/**
 * Issue 9 §3, §4 (drafts), §6: the proposal form of each age band, drafts that survive signing
 * out, the home page, sign-in for small hands and the help page, in zh-CN and en.
 */
import { expect, type Browser, type Page } from '@playwright/test';
import { BAND_DEMO_CLASSES } from '../../supabase/local/demo-accounts';
import { expectAccessible, fill, LOCALES, messages, type Locale, test } from './support';

// Whole journeys with axe on several pages, on a shared machine: three times the usual time.
test.describe.configure({ timeout: 360_000 });

const PHONE = { width: 390, height: 844 };

async function newPage(browser: Browser, locale: Locale, options: { js?: boolean; phone?: boolean; voices?: string[] } = {}): Promise<Page> {
	const context = await browser.newContext({
		locale: locale === 'en' ? 'en-GB' : 'zh-CN',
		javaScriptEnabled: options.js ?? true,
		...(options.phone ? { viewport: PHONE, hasTouch: true, isMobile: true } : {})
	});
	if (options.voices) {
		// Headless Chromium has no voices: stand in for a browser that has some, and record what it says.
		await context.addInitScript((langs: string[]) => {
			const w = window as unknown as Record<string, unknown> & { spoken: { text: string; lang: string }[] };
			w.spoken = [];
			const voices = langs.map((lang) => ({ lang, name: `voice ${lang}`, default: false, localService: true, voiceURI: lang }));
			w.SpeechSynthesisUtterance = class {
				text: string;
				lang = '';
				voice: unknown = null;
				rate = 1;
				constructor(text: string) {
					this.text = text;
				}
			};
			Object.defineProperty(window, 'speechSynthesis', {
				value: {
					getVoices: () => voices,
					cancel: () => {},
					speak: (u: { text: string; lang: string }) => w.spoken.push({ text: u.text, lang: u.lang }),
					addEventListener: () => {}
				}
			});
		}, options.voices);
	}
	return context.newPage();
}

/** Sign in with the login card of the demo child of an age band's class (DEMO21 or DEMO81). */
async function signInBand(page: Page, locale: Locale, band: keyof typeof BAND_DEMO_CLASSES): Promise<void> {
	const c = BAND_DEMO_CLASSES[band];
	const t = messages(locale);
	await page.goto(`/${locale}/sign-in`);
	const card = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
	await card.getByLabel(t.field_class_code!, { exact: true }).fill(c.code);
	await card.getByLabel(t.field_student_number!, { exact: true }).fill(String(c.studentNumber));
	await card.getByLabel(t.field_secret_words!, { exact: true }).fill(c.secretWords);
	await card.getByRole('button', { name: t.sign_in_card_submit }).click();
	await expect(page).toHaveURL(new RegExp(`/${locale}/me$`));
}

async function signOut(page: Page, locale: Locale): Promise<void> {
	await page.getByRole('button', { name: messages(locale).nav_sign_out }).click();
	await expect(page.getByRole('link', { name: messages(locale).nav_sign_in, exact: true })).toBeVisible();
}

for (const locale of LOCALES) {
	test(`a 7-year-old's proposal at phone size: picture cards, two questions, read aloud (${locale})`, async ({ browser }) => {
		const t = messages(locale);
		const page = await newPage(browser, locale, { phone: true, voices: [locale === 'en' ? 'en-GB' : 'zh-CN'] });
		await signInBand(page, locale, '6-9');
		await page.goto(`/${locale}/me/proposals/new`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.nav_new_proposal!);
		// A read-aloud button for the picture question, each question and each hint.
		const readButtons = page.getByRole('button', { name: fill(t.form_read_aloud!, { text: '' }).trim(), exact: false });
		await expect(readButtons).toHaveCount(5);
		await page.getByRole('button', { name: fill(t.form_read_aloud!, { text: t.form_wrong_label! }) }).click();
		expect(await page.evaluate(() => (window as unknown as { spoken: unknown[] }).spoken)).toEqual([
			{ text: t.form_wrong_label, lang: locale }
		]);
		// Big targets: every picture card and read-aloud button is at least 44 × 44 px.
		for (const target of [...(await page.locator('.picture-card').all()), ...(await readButtons.all())]) {
			const box = (await target.boundingBox())!;
			expect(box.width).toBeGreaterThanOrEqual(44);
			expect(box.height).toBeGreaterThanOrEqual(44);
		}
		await expectAccessible(page);

		// Sending with nothing chosen: the error summary names the picture and both questions.
		await page.getByRole('button', { name: t.proposal_submit }).click();
		await expect(page.locator('.error-summary').getByRole('link')).toHaveCount(3);
		await expectAccessible(page);

		await page.getByText(t.form_picture_playground!, { exact: true }).click();
		await page.getByLabel(t.form_wrong_label!, { exact: true }).fill(locale === 'en' ? 'The swing is broken.' : '秋千坏了。');
		await page.getByLabel(t.form_better_label!, { exact: true }).fill(locale === 'en' ? 'Fix the swing.' : '把秋千修好。');
		await page.getByRole('button', { name: t.proposal_submit }).click();
		await expect(page).toHaveURL(/\/proposals\/[0-9a-f-]{36}\?done=submitted$/);
		// Stored as a proposal: the picture's word and the start of "what is wrong" make the title.
		const title = `${t.form_picture_playground}${locale === 'en' ? ': The swing is broken.' : '：秋千坏了。'}`;
		await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
		await expect(page.getByText(t.form_who_school!, { exact: true })).toBeVisible();
		await page.context().close();
	});

	test(`without JavaScript there is no read-aloud button, and the 6–9 form still sends (${locale})`, async ({ browser }) => {
		const t = messages(locale);
		const page = await newPage(browser, locale, { js: false, phone: true, voices: ['zh-CN', 'en-GB'] });
		await signInBand(page, locale, '6-9');
		await page.goto(`/${locale}/me/proposals/new`);
		await expect(page.locator('.read-aloud')).toHaveCount(0);
		await page.getByText(t.form_picture_park!, { exact: true }).click();
		await page.getByLabel(t.form_wrong_label!, { exact: true }).fill(locale === 'en' ? 'No shade in the park.' : '公园里没有树荫。');
		await page.getByLabel(t.form_better_label!, { exact: true }).fill(locale === 'en' ? 'Plant trees.' : '多种树。');
		await page.getByRole('button', { name: t.proposal_submit }).click();
		await expect(page).toHaveURL(/\/proposals\/[0-9a-f-]{36}\?done=submitted$/);
		await page.context().close();
	});

	test(`a browser without a voice shows no read-aloud button (${locale})`, async ({ browser }) => {
		const page = await newPage(browser, locale, { phone: true });
		await signInBand(page, locale, '6-9');
		await page.goto(`/${locale}/me/proposals/new`);
		await expect(page.getByLabel(messages(locale).form_wrong_label!, { exact: true })).toBeVisible();
		await expect(page.locator('.read-aloud')).toHaveCount(0);
		await page.context().close();
	});

	test(`a 16-year-old's full proposal: subject, background, analysis, numbered suggestions, who should act (${locale})`, async ({ browser }) => {
		const t = messages(locale);
		const page = await newPage(browser, locale);
		await signInBand(page, locale, '14-17');
		await page.goto(`/${locale}/me/proposals/new`);
		await expect(page.getByText(t.form_full_intro!)).toBeVisible();
		await expect(page.locator('.read-aloud')).toHaveCount(0);
		await expectAccessible(page);
		const en = locale === 'en';
		const subject = `${en ? 'Safer crossing at the east gate' : '东门增设人行横道'} #${Date.now() % 100000}`;
		await page.getByLabel(t.form_full_title!, { exact: true }).fill(subject);
		await page.getByLabel(t.form_full_background!, { exact: true }).fill(en ? 'Cars drive fast at the east gate.' : '放学时东门外车开得很快。');
		// The analysis left out: the summary says so, everything typed stays.
		await page.getByLabel(fill(t.form_full_suggestion!, { n: 1 }), { exact: true }).fill(en ? 'Paint a zebra crossing.' : '画一条人行横道。');
		await page.getByLabel(fill(t.form_full_suggestion!, { n: 2 }), { exact: true }).fill(en ? 'Add speed bumps.' : '设两条减速带。');
		await page.getByLabel(t.form_full_who!, { exact: true }).fill(en ? 'District transport bureau' : '区交通局');
		await page.getByRole('button', { name: t.proposal_submit }).click();
		await expect(page.locator('.error-summary').getByRole('link')).toHaveCount(1);
		await expect(page.getByLabel(t.form_full_title!, { exact: true })).toHaveValue(subject);
		await expectAccessible(page);
		await page.getByLabel(t.form_full_analysis!, { exact: true }).fill(en ? 'We counted 120 cars in ten minutes.' : '我们十分钟数了 120 辆车。');
		await page.getByRole('button', { name: t.proposal_submit }).click();
		await expect(page).toHaveURL(/\/proposals\/[0-9a-f-]{36}\?done=submitted$/);
		await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
		await expect(page.getByText(t.form_analysis_heading!)).toBeVisible();
		await expect(page.getByText(`2. ${en ? 'Add speed bumps.' : '设两条减速带。'}`)).toBeVisible();
		await page.context().close();
	});
}

test('a draft saved as the child writes survives signing out, opens again, and can be deleted (zh-CN, JavaScript on)', async ({ browser }) => {
	const locale = 'zh-CN';
	const t = messages(locale);
	const page = await newPage(browser, locale);
	await signInBand(page, locale, '14-17');
	await page.goto(`/${locale}/me/proposals/new`);
	const subject = `草稿 ${Date.now() % 100000}`;
	await page.getByLabel(t.form_full_title!, { exact: true }).fill(subject);
	await page.getByLabel(t.form_full_background!, { exact: true }).fill('操场的灯晚上不亮。');
	await expect(page.locator('[data-draft-status]')).toHaveText(t.form_draft_status_saved!);
	const formUrl = page.url();
	await signOut(page, locale);
	await signInBand(page, locale, '14-17');
	const drafts = page.locator('section', { has: page.getByRole('heading', { name: t.form_drafts_heading }) });
	await expectAccessible(page);
	await drafts.getByRole('link', { name: subject }).click();
	await expect(page).toHaveURL(formUrl);
	await expect(page.getByLabel(t.form_full_background!, { exact: true })).toHaveValue('操场的灯晚上不亮。');
	// Switching language keeps the text (the header's control posts the form; the same form key
	// opens the same draft).
	await page.locator('header').getByRole('button', { name: t.language_name_en }).click();
	await expect(page.getByLabel(messages('en').form_full_title!, { exact: true })).toHaveValue(subject);
	await page.goto(`/${locale}/me`);
	await drafts.getByRole('button', { name: fill(t.form_draft_delete_label!, { title: subject }) }).click();
	await expect(page.getByText(t.form_draft_deleted!)).toBeVisible();
	await expect(page.getByRole('link', { name: subject, exact: true })).toHaveCount(0);
	await page.context().close();
});

test('without JavaScript: "save draft" keeps the text across signing out, and sending removes the draft (en)', async ({ browser }) => {
	const locale = 'en';
	const t = messages(locale);
	const page = await newPage(browser, locale, { js: false });
	await signInBand(page, locale, '6-9');
	await page.goto(`/${locale}/me/proposals/new`);
	await page.getByText(t.form_picture_toilet!, { exact: true }).click();
	const wrong = `The tap drips ${Date.now() % 100000}`;
	await page.getByLabel(t.form_wrong_label!, { exact: true }).fill(wrong);
	await page.getByRole('button', { name: t.form_save_draft }).click();
	await expect(page.getByText(t.form_draft_saved!)).toBeVisible();
	await expect(page.getByLabel(t.form_wrong_label!, { exact: true })).toHaveValue(wrong);
	await signOut(page, locale);
	await signInBand(page, locale, '6-9');
	await page.getByRole('link', { name: wrong, exact: true }).click();
	await expect(page.getByLabel(t.form_wrong_label!, { exact: true })).toHaveValue(wrong);
	await expect(page.getByRole('radio', { name: t.form_picture_toilet })).toBeChecked();
	await page.getByLabel(t.form_better_label!, { exact: true }).fill('Fix the tap.');
	await page.getByRole('button', { name: t.proposal_submit }).click();
	await expect(page).toHaveURL(/\/proposals\/[0-9a-f-]{36}\?done=submitted$/);
	await page.goto(`/${locale}/me`);
	// The proposal's own title starts with the picture's word; the draft's link was exactly the text.
	await expect(page.getByRole('link', { name: wrong, exact: true })).toHaveCount(0);
	await page.context().close();
});

for (const locale of LOCALES) {
	test(`the home page in three pictures, the child's own things once signed in, the footer's help page (${locale})`, async ({ browser }) => {
		const t = messages(locale);
		const page = await newPage(browser, locale, { phone: true });
		await page.goto(`/${locale}`);
		const how = page.locator('section', { has: page.getByRole('heading', { name: t.form_how_title }) });
		await expect(how.getByRole('listitem')).toHaveCount(3);
		await expect(how).toContainText(t.form_how_2_title!);
		await expect(page.getByRole('link', { name: t.home_cta_student })).toBeVisible();
		await expectAccessible(page);
		await page.getByRole('link', { name: t.form_footer_help }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.form_help_title!);
		await expect(page.getByRole('heading', { name: t.form_help_who_heading })).toBeVisible();
		await expect(page.getByRole('contentinfo').getByRole('link', { name: t.footer_privacy })).toBeVisible();
		await expectAccessible(page);
		await page.context().close();
	});

	test(`sign-in for small hands: number keypad, secret words shown on request, lost card (${locale})`, async ({ browser }) => {
		const t = messages(locale);
		const page = await newPage(browser, locale, { phone: true });
		await page.goto(`/${locale}/sign-in`);
		await expect(page.getByLabel(t.field_student_number!, { exact: true })).toHaveAttribute('inputmode', 'numeric');
		await expect(page.getByText(t.form_lost_card!)).toBeVisible();
		const words = page.getByLabel(t.field_secret_words!, { exact: true });
		await words.fill('panda kite river');
		const security = () => words.evaluate((el) => getComputedStyle(el).getPropertyValue('-webkit-text-security'));
		expect(await security()).toBe('disc');
		await page.getByLabel(t.form_show_words!).check();
		expect(await security()).toBe('none');
		await expectAccessible(page);
		await page.context().close();
	});

	test(`signed in, the home page shows the child's own things instead of the sign-in button (${locale})`, async ({ browser }) => {
		const t = messages(locale);
		const page = await newPage(browser, locale, { phone: true });
		await signInBand(page, locale, '6-9');
		await page.goto(`/${locale}`);
		await expect(page.getByRole('heading', { name: fill(t.form_home_signed_in_title!, { name: BAND_DEMO_CLASSES['6-9'].nickname }) })).toBeVisible();
		await expect(page.getByRole('link', { name: t.home_cta_student })).toHaveCount(0);
		await expect(page.getByRole('link', { name: t.form_home_write })).toBeVisible();
		await expectAccessible(page);
		await page.context().close();
	});
}
