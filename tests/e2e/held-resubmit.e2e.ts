import { expect, type Browser, type Page } from '@playwright/test';
import { actAs, connect, user } from '../db/helpers';
import { CLASS_CODE, demo, expectAccessible, messages, signInWithCard, type Locale, test } from './support';

// Issue 9 leftovers: a resubmit form on a returned submission's own page, sent after the session
// ended, keeps its text as the new forms do (held through sign-in, a wrong try and a language
// switch too, into the form's draft); the child lands back on the form with it and can send it.
// Once without JavaScript (a proposal, zh-CN → en by the page's own switch), once with the
// children's script (a street report, en → zh-CN by the header's language link), at 320 px.
// And /me/school opens the child's own forwarded report on its own page, never the co-sign page.

/**
 * A submission of demo child `student`, sent, then returned (or a street report approved) by the
 * demo teacher, through the database's own functions as those two.
 */
async function returnedSubmission(kind: 'proposal' | 'street_report', student: number, title: string, then: 'return' | 'approve' = 'return'): Promise<string> {
	const sql = connect();
	try {
		return await sql.begin(async (tx) => {
			const [child] = await tx<{ id: string }[]>`select id from auth.users where email = ${demo(student).email}`;
			const [teacher] = await tx<{ id: string }[]>`select id from auth.users where email = ${demo('teacher').email}`;
			await actAs(tx, user(child!.id));
			const [sent] =
				kind === 'proposal'
					? await tx<{ id: string }[]>`select id from public.submit_proposal(${title}, '校门口的路上车很多，过马路很危险。', '画一条斑马线，放学时有人指挥。', '交通管理部门')`
					: await tx<{ id: string }[]>`select id from public.submit_street_report(${title}, 'The lights in the underpass are all broken.',
						'safety_hazard'::public.street_report_topic, 'soon'::public.street_report_urgency, null, 'Under the east road', null, '[]'::jsonb, null, null)`;
			await actAs(tx, user(teacher!.id));
			const version = tx`(select version from public.submissions where id = ${sent!.id})`;
			if (then === 'approve') await tx`select public.approve_street_report(${sent!.id}, ${version}, ${title}, 'The lights in the underpass are all broken.', 'Under the east road', null)`;
			else await tx`select public.return_submission(${sent!.id}, ${version}, 'Please say more. 请再写清楚一点。')`;
			return sent!.id;
		});
	} finally {
		await sql.end();
	}
}

async function phonePage(browser: Browser, locale: Locale, javaScriptEnabled: boolean): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', viewport: { width: 320, height: 640 }, javaScriptEnabled });
	return context.newPage();
}

async function fillCard(page: Page, locale: Locale, student: number, secretWords: string): Promise<void> {
	const t = messages(locale);
	const card = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
	await card.getByLabel(t.field_class_code!, { exact: true }).fill(CLASS_CODE);
	await card.getByLabel(t.field_student_number!, { exact: true }).fill(String(student));
	await card.getByLabel(t.field_secret_words!, { exact: true }).fill(secretWords);
	await card.getByRole('button', { name: t.sign_in_card_submit }).click();
}

const narrow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test('a returned proposal sent after signing out keeps its text through a wrong try and a language switch (no JavaScript, zh-CN → en)', async ({ browser }) => {
	test.slow();
	const zh = messages('zh-CN');
	const en = messages('en');
	const tag = `${Date.now() % 100000}`;
	const id = await returnedSubmission('proposal', 3, `斑马线 ${tag}`);
	const page = await phonePage(browser, 'zh-CN', false);
	await signInWithCard(page, 'zh-CN', 3, { axe: false });
	await page.goto(`/zh-CN/me/proposals/${id}`);
	const title = `学校门口需要斑马线和红绿灯 ${tag}`;
	const problem = '放学的时候车很多，低年级的同学常常不敢过马路，老师说要写清楚是哪个门：是东门。';
	await page.getByLabel(zh.field_title!, { exact: true }).fill(title);
	await page.getByLabel(zh.field_problem!, { exact: true }).fill(problem);
	// Signed out in another tab meanwhile: the header's sign-out form, posted with this browser's
	// cookies (the context's request client shares them). Not a second page: with scripts off, a
	// second page in the context now and then left this one unreachable to Playwright (its button
	// in the DOM, never found).
	const signedOut = await page.context().request.post('/zh-CN/sign-out', {
		form: {},
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(signedOut.status()).toBe(303);

	await page.getByRole('button', { name: zh.proposal_resubmit }).click();
	await expect(page).toHaveURL(/\/zh-CN\/sign-in/);
	await expect(page.getByTestId('held-notice')).toHaveText(zh.child2_held_notice!);
	await expect(page.getByText(problem)).toHaveCount(0);
	// A wrong try: the text still rides along.
	await fillCard(page, 'zh-CN', 3, 'wrong words here');
	await expect(page.getByTestId('held-notice')).toBeVisible();
	// The page's own language switch (a post) carries it to the English page.
	await page.getByRole('button', { name: en.language_name_en, exact: true }).click();
	await expect(page).toHaveURL(/\/en\/sign-in/);
	await expect(page.getByTestId('held-notice')).toHaveText(en.child2_held_notice!);
	await fillCard(page, 'en', 3, demo(3).loginCard!.secretWords);

	// Back on the proposal's own page (in English now), the text in its form.
	await expect(page).toHaveURL(new RegExp(`/en/me/proposals/${id}$`));
	await expect(page.getByTestId('resubmit-kept')).toHaveText(en.child3_resubmit_kept!);
	await expect(page.getByLabel(en.field_title!, { exact: true })).toHaveValue(title);
	await expect(page.getByLabel(en.field_problem!, { exact: true })).toHaveValue(problem);
	// axe and the width need a script in the test's browser: the same session in a page that has one.
	const checker = await phonePage(browser, 'en', true);
	await checker.context().addCookies(await page.context().cookies());
	await checker.goto(`/en/me/proposals/${id}`);
	await expect(checker.getByTestId('resubmit-kept')).toBeVisible();
	await expectAccessible(checker);
	expect(await narrow(checker)).toBeLessThanOrEqual(320);
	await checker.context().close();
	// The kept text is listed on /me as a draft that opens this page.
	await page.goto('/en/me');
	await expect(page.locator(`a[href="/en/me/proposals/${id}"]`).first()).toBeVisible();
	await page.goto(`/en/me/proposals/${id}`);
	await page.getByRole('button', { name: en.proposal_resubmit }).click();
	await expect(page.getByRole('status')).toHaveText(en.proposal_resubmitted_flash!);
	// Sent: the draft is gone, so the page opens without the notice.
	await expect(page.getByTestId('resubmit-kept')).toHaveCount(0);
	await page.goto('/en/me');
	await expect(page.locator(`a[href="/en/me/proposals/${id}"]`)).toHaveCount(1);
});

test('a returned street report sent after the session ended keeps its text through the header language link (script, en → zh-CN)', async ({ browser }) => {
	test.slow();
	const en = messages('en');
	const zh = messages('zh-CN');
	const tag = `${Date.now() % 100000}`;
	const id = await returnedSubmission('street_report', 4, `Dark underpass ${tag}`);
	const page = await phonePage(browser, 'en', true);
	await signInWithCard(page, 'en', 4, { axe: false });
	await page.goto(`/en/me/reports/${id}`);
	const description = `The underpass under the east road by the school gate has no light at all (${tag}).`;
	await page.getByLabel(en.report_field_description!, { exact: true }).fill(description);
	await page.getByRole('radio', { name: en.report_urgency_urgent }).check();
	// The session ends (expired, cookies gone).
	await page.context().clearCookies();
	await page.getByRole('button', { name: en.child2_report_resubmit }).click();
	await expect(page.getByTestId('held-notice')).toHaveText(en.child2_held_notice!);
	// The header's language link goes through the held form (the children's script).
	await page.locator('header a[hreflang="zh-CN"]').click();
	await expect(page).toHaveURL(/\/zh-CN\/sign-in/);
	await expect(page.getByTestId('held-notice')).toHaveText(zh.child2_held_notice!);
	await expectAccessible(page);
	await fillCard(page, 'zh-CN', 4, demo(4).loginCard!.secretWords);

	await expect(page).toHaveURL(new RegExp(`/zh-CN/me/reports/${id}$`));
	await expect(page.getByTestId('resubmit-kept')).toHaveText(zh.child3_resubmit_kept!);
	await expect(page.getByLabel(zh.report_field_description!, { exact: true })).toHaveValue(description);
	await expect(page.getByRole('radio', { name: zh.report_urgency_urgent })).toBeChecked();
	await expect(page.getByLabel(zh.report_field_title!, { exact: true })).toHaveValue(`Dark underpass ${tag}`);
	await expectAccessible(page);
	expect(await narrow(page)).toBeLessThanOrEqual(320);
	await page.getByRole('button', { name: zh.child2_report_resubmit }).click();
	await expect(page.getByRole('status')).toHaveText(zh.child2_report_resubmitted_flash!);
});

for (const locale of ['zh-CN', 'en'] as const) {
	test(`/me/school opens the child's own forwarded report on its own page, not to co-sign (${locale})`, async ({ browser }) => {
		const t = messages(locale);
		// Child 3's street report, approved just now: the newest on the school's list.
		const own = await returnedSubmission('street_report', 3, `Broken swing ${Date.now() % 100000}`, 'approve');
		const page = await phonePage(browser, locale, true);
		await signInWithCard(page, locale, 3, { axe: false });
		await page.goto(`/${locale}/me/school`);
		await expect(page.locator(`a[href="/${locale}/me/school/${own}"]`)).toHaveCount(0);
		await page.locator(`a[href="/${locale}/me/reports/${own}"]`).click();
		await expect(page).toHaveURL(new RegExp(`/${locale}/me/reports/${own}$`));
		await expectAccessible(page);
		// The co-sign address of their own report leads there too; no co-sign button anywhere.
		await page.goto(`/${locale}/me/school/${own}`);
		await expect(page).toHaveURL(new RegExp(`/${locale}/me/reports/${own}$`));
		await expect(page.getByRole('button', { name: t.follow_cosign_button })).toHaveCount(0);
	});
}
