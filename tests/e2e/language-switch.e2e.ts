/**
 * Issue 9 §4: switching language on a half-written form does not lose text. On the four child
 * forms that keep a draft the header's language control sends the form (url-encoded, no photos);
 * the server keeps what was typed as the form's draft and opens the same form in the other
 * language ($lib/server/language-switch.ts). Each form is switched there and back (zh-CN → en →
 * zh-CN, or en → zh-CN → en) at 320 px, without JavaScript and with it: the 6–9, 10–13 (guided,
 * a question opened by "change" on the summary) and 14–17 proposal forms, a street report and a
 * returned proposal's resubmit form. A forged switch for another child's submission is refused
 * and saves nothing; a draft too large to keep leaves the child on the form with a translated
 * error; a switch after the session ended keeps the text through sign-in.
 */
import { expect, type Browser, type Page } from '@playwright/test';
import { BAND_DEMO_CLASSES } from '../../supabase/local/demo-accounts';
import { actAs, connect, user } from '../db/helpers';
import { CLASS_CODE, demo, expectAccessible, fill, messages, type Locale, test } from './support';

test.describe.configure({ timeout: 360_000 });

const NARROW = { width: 320, height: 640 };
const other = (locale: Locale): Locale => (locale === 'en' ? 'zh-CN' : 'en');

/** A login card: a band's demo class, or a child of DEMO52 (10–13) by number. */
type Card = { code: string; studentNumber: number; secretWords: string };
const band = (b: keyof typeof BAND_DEMO_CLASSES): Card => BAND_DEMO_CLASSES[b];
const demo52 = (n: number): Card => ({ code: CLASS_CODE, studentNumber: n, secretWords: demo(n).loginCard!.secretWords });

async function newPage(browser: Browser, locale: Locale, js: boolean): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', javaScriptEnabled: js, viewport: NARROW });
	return context.newPage();
}

async function signIn(page: Page, locale: Locale, card: Card): Promise<void> {
	const t = messages(locale);
	await page.goto(`/${locale}/sign-in`);
	const section = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
	await section.getByLabel(t.field_class_code!, { exact: true }).fill(card.code);
	await section.getByLabel(t.field_student_number!, { exact: true }).fill(String(card.studentNumber));
	await section.getByLabel(t.field_secret_words!, { exact: true }).fill(card.secretWords);
	await section.getByRole('button', { name: t.sign_in_card_submit }).click();
	await expect(page).toHaveURL(new RegExp(`/${locale}/me$`));
}

/** The header's language control on a form page: a button named by the other language. */
function languageButton(page: Page, from: Locale) {
	const t = messages(from);
	return page.locator('header').getByRole('button', { name: from === 'en' ? t.language_name_zh : t.language_name_en, exact: true });
}

/**
 * Switch from `from` by the header's control (by keyboard when asked): the post is url-encoded
 * (no photo goes with it) and the page that answers is in the other language.
 */
async function switchLanguage(page: Page, from: Locale, { keyboard = false } = {}): Promise<void> {
	const to = other(from);
	await expect(page.locator('header').locator(`a[hreflang="${to}"]`)).toHaveCount(0);
	const button = languageButton(page, from);
	const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes(`/${from}/me/`));
	if (keyboard) {
		await button.focus();
		await page.keyboard.press('Enter');
	} else {
		await button.click();
	}
	expect((await posted).headers()['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
	await expect(page).toHaveURL(new RegExp(`/${to}/me/`));
	await expect(page.locator('html')).toHaveAttribute('lang', to);
}

/** axe and the width where scripts run (axe runs in the page). */
async function check(page: Page, js: boolean): Promise<void> {
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW.width);
	if (js) await expectAccessible(page);
}

/** The drafts a test made are deleted: a demo child may keep 20 at most. */
async function dropDrafts(keys: (string | null)[]): Promise<void> {
	const sql = connect();
	try {
		await sql`delete from public.drafts where form_key = any(${keys.filter((k): k is string => !!k)}::uuid[])`;
	} finally {
		await sql.end();
	}
}

const formKey = (page: Page) => new URL(page.url()).searchParams.get('form');

/** A proposal of DEMO52 child `student`, sent and returned by the demo teacher (as those two, through the database's functions). */
async function returnedProposal(student: number, title: string): Promise<string> {
	const sql = connect();
	try {
		return await sql.begin(async (tx) => {
			const [child] = await tx<{ id: string }[]>`select id from auth.users where email = ${demo(student).email}`;
			const [teacher] = await tx<{ id: string }[]>`select id from auth.users where email = ${demo('teacher').email}`;
			await actAs(tx, user(child!.id));
			const [sent] = await tx<{ id: string }[]>`select id from public.submit_proposal(${title}, '校门口的路上车很多，过马路很危险。', '画一条斑马线，放学时有人指挥。', '交通管理部门')`;
			await actAs(tx, user(teacher!.id));
			await tx`select public.return_submission(${sent!.id}, (select version from public.submissions where id = ${sent!.id}), 'Please say more. 请再写清楚一点。')`;
			return sent!.id;
		});
	} finally {
		await sql.end();
	}
}

for (const js of [false, true]) {
	// Without JavaScript from zh-CN, with it from en: every test goes there and back, so each form
	// is switched both ways in both modes.
	const start: Locale = js ? 'en' : 'zh-CN';
	const mode = `JavaScript ${js ? 'on' : 'off'}`;

	test(`6–9 proposal: the picture card and both answers come back in the other language and back again (${mode})`, async ({ browser }) => {
		const page = await newPage(browser, start, js);
		await signIn(page, start, band('6-9'));
		await page.goto(`/${start}/me/proposals/new`);
		const a = messages(start);
		const b = messages(other(start));
		const wrong = `${start === 'en' ? 'The tap drips' : '水龙头一直滴水'} ${Date.now() % 100000}`;
		await page.getByRole('radio', { name: a.form_picture_toilet }).check();
		await page.getByLabel(a.form_wrong_label!, { exact: true }).fill(wrong);
		await page.getByLabel(a.form_better_label!, { exact: true }).fill('换一个新的。');
		const key = formKey(page);
		await check(page, js);
		await switchLanguage(page, start, { keyboard: true });
		expect(formKey(page)).toBe(key);
		await expect(page.getByRole('radio', { name: b.form_picture_toilet })).toBeChecked();
		await expect(page.getByLabel(b.form_wrong_label!, { exact: true })).toHaveValue(wrong);
		await expect(page.getByLabel(b.form_better_label!, { exact: true })).toHaveValue('换一个新的。');
		await check(page, js);
		// Changed in the other language, then back: the change too.
		await page.getByRole('radio', { name: b.form_picture_park }).check();
		await page.getByLabel(b.form_better_label!, { exact: true }).fill('Fix it. 修好它。');
		await switchLanguage(page, other(start));
		await expect(page.getByRole('radio', { name: a.form_picture_park })).toBeChecked();
		await expect(page.getByLabel(a.form_wrong_label!, { exact: true })).toHaveValue(wrong);
		await expect(page.getByLabel(a.form_better_label!, { exact: true })).toHaveValue('Fix it. 修好它。');
		await dropDrafts([key]);
	});

	test(`14–17 proposal: subject, background, analysis, numbered suggestions and who should act come back (${mode})`, async ({ browser }) => {
		const page = await newPage(browser, start, js);
		await signIn(page, start, band('14-17'));
		await page.goto(`/${start}/me/proposals/new`);
		const a = messages(start);
		const b = messages(other(start));
		const typed = {
			title: `Crossing at the east gate ${Date.now() % 100000}`,
			background: '放学时东门外车很多。\nCars queue at the gate.',
			analysis: '我们十分钟数了 120 辆车。',
			s1: 'Paint a zebra crossing.',
			s2: '设两条减速带。',
			who: '区交通局'
		};
		const fields = (t: Record<string, string>) => ({
			title: page.getByLabel(t.form_full_title!, { exact: true }),
			background: page.getByLabel(t.form_full_background!, { exact: true }),
			analysis: page.getByLabel(t.form_full_analysis!, { exact: true }),
			s1: page.getByLabel(fill(t.form_full_suggestion!, { n: 1 }), { exact: true }),
			s2: page.getByLabel(fill(t.form_full_suggestion!, { n: 2 }), { exact: true }),
			who: page.getByLabel(t.form_full_who!, { exact: true })
		});
		for (const [name, field] of Object.entries(fields(a))) await field.fill(typed[name as keyof typeof typed]);
		const key = formKey(page);
		await switchLanguage(page, start);
		expect(formKey(page)).toBe(key);
		for (const [name, field] of Object.entries(fields(b))) await expect(field).toHaveValue(typed[name as keyof typeof typed]);
		await check(page, js);
		await fields(b).s2.fill('');
		await switchLanguage(page, other(start));
		for (const [name, field] of Object.entries(fields(a))) await expect(field).toHaveValue(name === 's2' ? '' : typed[name as keyof typeof typed]);
		await dropDrafts([key]);
	});

	test(`10–13 guided proposal: a half-typed question, and a question opened by "change", come back where they were (${mode})`, async ({ browser }) => {
		const page = await newPage(browser, start, js);
		await signIn(page, start, demo52(2));
		await page.goto(`/${start}/me/proposals/new`);
		const a = messages(start);
		const b = messages(other(start));
		const caption = (t: Record<string, string>, n: number) => page.getByText(fill(t.guided_step_caption!, { n, total: 4 }), { exact: true });
		const next = (t: Record<string, string>) => page.getByRole('button', { name: t.guided_continue, exact: true }).click();
		const w = {
			title: `Shade for the playground ${Date.now() % 100000}`,
			problem: '课间操场太晒了。',
			problemChanged: 'The playground is too hot at break; two classmates felt dizzy.',
			suggestions: '种几棵树。\nPut up a sunshade.',
			who: 'The school'
		};
		await page.getByLabel(a.guided_q_title!, { exact: true }).fill(w.title);
		await next(a);
		await expect(caption(a, 2)).toBeVisible();
		// Question 2 typed, not yet "Continue": switched, it is question 2 in the other language with the answer.
		await page.getByLabel(a.guided_q_problem!, { exact: true }).fill(w.problem);
		const key = formKey(page);
		await switchLanguage(page, start);
		await expect(caption(b, 2)).toBeVisible();
		await expect(page.getByLabel(b.guided_q_problem!, { exact: true })).toHaveValue(w.problem);
		await check(page, js);
		await next(b);
		await page.getByLabel(b.guided_q_suggestions!, { exact: true }).fill(w.suggestions);
		await next(b);
		await page.getByLabel(b.guided_q_who!, { exact: true }).fill(w.who);
		await next(b);
		await expect(page.getByRole('heading', { name: b.guided_check_title })).toBeVisible();
		// "Change" from the summary, type, switch: Continue still leads back to the summary.
		await page.getByRole('button', { name: fill(b.guided_change_label!, { question: b.guided_q_problem! }) }).click();
		await expect(caption(b, 2)).toBeVisible();
		await page.getByLabel(b.guided_q_problem!, { exact: true }).fill(w.problemChanged);
		await switchLanguage(page, other(start));
		expect(formKey(page)).toBe(key);
		await expect(caption(a, 2)).toBeVisible();
		await expect(page.getByLabel(a.guided_q_problem!, { exact: true })).toHaveValue(w.problemChanged);
		await check(page, js);
		await next(a);
		await expect(page.getByRole('heading', { name: a.guided_check_title })).toBeVisible();
		await expect(page.locator('.check-answers dd.answer')).toHaveText([w.title, w.problemChanged, w.suggestions, w.who], { useInnerText: true });
		// And from the summary itself: the summary again.
		await switchLanguage(page, start);
		await expect(page.getByRole('heading', { name: b.guided_check_title })).toBeVisible();
		await expect(page.locator('.check-answers dd.answer')).toHaveText([w.title, w.problemChanged, w.suggestions, w.who], { useInnerText: true });
		await check(page, js);
		await dropDrafts([key]);
	});

	test(`street report: topic, name, description, urgency, place, words and ideas come back; the photo is not uploaded (${mode})`, async ({ browser }) => {
		const page = await newPage(browser, start, js);
		await signIn(page, start, band('14-17'));
		await page.goto(`/${start}/me/reports/new`);
		const a = messages(start);
		const b = messages(other(start));
		const w = {
			title: `Broken bench ${Date.now() % 100000}`,
			description: '公园门口的长椅断了一条腿。',
			placeText: 'By the north gate',
			suggestions: '换一条新的长椅。'
		};
		await page.getByRole('radio', { name: a.report_topic_broken_facility }).check();
		await page.getByLabel(a.report_field_title!, { exact: true }).fill(w.title);
		await page.getByLabel(a.report_field_description!, { exact: true }).fill(w.description);
		await page.getByRole('radio', { name: a.report_urgency_soon }).check();
		const place = page.getByLabel(a.report_field_place!, { exact: true });
		await place.selectOption({ index: 1 });
		const placeId = await place.inputValue();
		expect(placeId).toMatch(/^[0-9a-f-]{36}$/);
		await page.getByLabel(a.report_field_place_text!, { exact: true }).fill(w.placeText);
		await page.getByLabel(a.report_field_suggestions!, { exact: true }).fill(w.suggestions);
		await page.getByLabel(a.report_field_photos!, { exact: true }).setInputFiles({ name: 'bench.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(2048, 7) });
		const key = formKey(page);
		await switchLanguage(page, start);
		const kept = async (t: Record<string, string>) => {
			await expect(page.getByRole('radio', { name: t.report_topic_broken_facility })).toBeChecked();
			await expect(page.getByLabel(t.report_field_title!, { exact: true })).toHaveValue(w.title);
			await expect(page.getByLabel(t.report_field_description!, { exact: true })).toHaveValue(w.description);
			await expect(page.getByRole('radio', { name: t.report_urgency_soon })).toBeChecked();
			await expect(page.getByLabel(t.report_field_place!, { exact: true })).toHaveValue(placeId);
			await expect(page.getByLabel(t.report_field_place_text!, { exact: true })).toHaveValue(w.placeText);
			await expect(page.getByLabel(t.report_field_suggestions!, { exact: true })).toHaveValue(w.suggestions);
		};
		expect(formKey(page)).toBe(key);
		await kept(b);
		// The form says photos are chosen again (they are never part of a draft).
		await expect(page.getByText(b.report_photos_again!)).toBeVisible();
		await check(page, js);
		await switchLanguage(page, other(start));
		await kept(a);
		await dropDrafts([key]);
	});

	test(`a returned proposal's resubmit form: the changes come back with "your words were kept" (${mode})`, async ({ browser }) => {
		const tag = `${Date.now() % 100000}`;
		const id = await returnedProposal(5, `斑马线 ${tag}`);
		const page = await newPage(browser, start, js);
		await signIn(page, start, demo52(5));
		await page.goto(`/${start}/me/proposals/${id}`);
		const a = messages(start);
		const b = messages(other(start));
		await expect(page.getByTestId('language-kept')).toHaveCount(0);
		const title = `学校东门需要斑马线 ${tag}`;
		const problem = 'At home time the cars do not stop. 放学时车不停。';
		await page.getByLabel(a.field_title!, { exact: true }).fill(title);
		await page.getByLabel(a.field_problem!, { exact: true }).fill(problem);
		await switchLanguage(page, start);
		await expect(page).toHaveURL(new RegExp(`/${other(start)}/me/proposals/${id}\\?kept=language$`));
		await expect(page.getByTestId('language-kept')).toHaveText(b.language_kept!);
		await expect(page.getByLabel(b.field_title!, { exact: true })).toHaveValue(title);
		await expect(page.getByLabel(b.field_problem!, { exact: true })).toHaveValue(problem);
		await expect(page.getByLabel(b.field_suggestions!, { exact: true })).toHaveValue('画一条斑马线，放学时有人指挥。');
		await check(page, js);
		await page.getByLabel(b.field_who_should_act!, { exact: true }).fill('区交通局');
		await switchLanguage(page, other(start));
		await expect(page.getByTestId('language-kept')).toHaveText(a.language_kept!);
		await expect(page.getByLabel(a.field_title!, { exact: true })).toHaveValue(title);
		await expect(page.getByLabel(a.field_who_should_act!, { exact: true })).toHaveValue('区交通局');
		// Sent from there: the kept text is what goes.
		await page.getByRole('button', { name: a.proposal_resubmit }).click();
		await expect(page.getByRole('status')).toHaveText(a.proposal_resubmitted_flash!);
		await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
		// On a page without such a form the control is the plain link again.
		await expect(page.locator('header').locator(`a[hreflang="${other(start)}"]`)).toHaveCount(1);
		await expect(page.locator('header [data-language-switch]')).toHaveCount(0);
		await dropDrafts([id]);
	});
}

test('a forged switch for another child\'s returned proposal is refused and saves nothing', async ({ browser }) => {
	const id = await returnedProposal(5, `别人的提案 ${Date.now() % 100000}`);
	const page = await newPage(browser, 'en', true);
	await signIn(page, 'en', demo52(2));
	const forged = await page.context().request.post(`/en/me/proposals/${id}?/resubmit`, {
		form: { intent: 'language', title: 'Forged words', problem: 'Not mine', version: '2' },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(forged.status()).toBe(404);
	// Nothing kept under that submission's id, for anyone.
	const sql = connect();
	try {
		const [row] = await sql<{ count: number }[]>`select count(*)::int as count from public.drafts where form_key = ${id}::uuid`;
		expect(row?.count).toBe(0);
	} finally {
		await sql.end();
	}
	// The owner's page is untouched: no kept words there either.
	const owner = await newPage(browser, 'en', true);
	await signIn(owner, 'en', demo52(5));
	await owner.goto(`/en/me/proposals/${id}`);
	await expect(owner.getByLabel(messages('en').field_title!, { exact: true })).not.toHaveValue('Forged words');
});

test('a draft too large to keep: the child stays on the form in the same language, every word there, with a translated error (zh-CN, 320 px)', async ({ browser }) => {
	const page = await newPage(browser, 'zh-CN', true);
	await signIn(page, 'zh-CN', band('14-17'));
	await page.goto('/zh-CN/me/proposals/new');
	const t = messages('zh-CN');
	// 3 × 11,000 characters: more than a draft holds (32,000 bytes), less than a child's post may
	// carry (100 KiB url-encoded; Chinese would be 9 bytes a character there, so Latin words).
	const long = 'words '.repeat(1833) + 'ab';
	await page.getByLabel(t.form_full_background!, { exact: true }).fill(long);
	await page.getByLabel(t.form_full_analysis!, { exact: true }).fill(long);
	await page.getByLabel(t.form_full_who!, { exact: true }).fill(long);
	await page.getByLabel(t.form_full_title!, { exact: true }).fill('太长的提案');
	const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/zh-CN/me/proposals/new'));
	await languageButton(page, 'zh-CN').click();
	expect((await answered).status()).toBe(400);
	await expect(page).toHaveURL(/\/zh-CN\/me\/proposals\/new/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
	await expect(page.locator('.error-summary')).toContainText(t.language_error_too_long!);
	await expect(page.getByLabel(t.form_full_title!, { exact: true })).toHaveValue('太长的提案');
	await expect(page.getByLabel(t.form_full_background!, { exact: true })).toHaveValue(long);
	await expect(page.getByLabel(t.form_full_who!, { exact: true })).toHaveValue(long);
	await expectAccessible(page);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW.width);
	await dropDrafts([formKey(page)]);
});

test('a switch after the session ended keeps the text through sign-in, in the same language (no JavaScript, en)', async ({ browser }) => {
	const page = await newPage(browser, 'en', false);
	await signIn(page, 'en', band('6-9'));
	await page.goto('/en/me/proposals/new');
	const t = messages('en');
	const wrong = `The swing is broken ${Date.now() % 100000}`;
	await page.getByLabel(t.form_wrong_label!, { exact: true }).fill(wrong);
	const key = formKey(page);
	await page.context().clearCookies();
	await languageButton(page, 'en').click();
	await expect(page).toHaveURL(/\/en\/sign-in/);
	await expect(page.getByTestId('held-notice')).toHaveText(t.child2_held_notice!);
	const card = band('6-9');
	const section = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
	await section.getByLabel(t.field_class_code!, { exact: true }).fill(card.code);
	await section.getByLabel(t.field_student_number!, { exact: true }).fill(String(card.studentNumber));
	await section.getByLabel(t.field_secret_words!, { exact: true }).fill(card.secretWords);
	await section.getByRole('button', { name: t.sign_in_card_submit }).click();
	await expect(page).toHaveURL(new RegExp(`/en/me/proposals/new\\?form=${key}$`));
	await expect(page.getByLabel(t.form_wrong_label!, { exact: true })).toHaveValue(wrong);
	await dropDrafts([key]);
});
