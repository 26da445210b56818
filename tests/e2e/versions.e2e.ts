/**
 * Nobody acts on a version they never saw (case stale-approve-after-resubmit): two browser
 * contexts, one with an old page, the other changing the proposal meanwhile. Also: the same text
 * sent again later is a new proposal (case same-text-sent-again-later).
 */
import { expect, type Browser, type Page } from '@playwright/test';
import { expectAccessible, messages, signInWithCard, signInWithEmail, type Locale, test } from './support';

const PHONE_AND_ADDRESS = '我家住在幸福路12号，电话13800000000，放学路上很危险';

async function newPage(browser: Browser, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ javaScriptEnabled });
	return context.newPage();
}

/** As a signed-in child: write and send a proposal; returns its id. */
async function sendProposal(page: Page, locale: Locale, fields: { title: string; problem: string }): Promise<string> {
	const t = messages(locale);
	await page.goto(`/${locale}/me/proposals/new?view=all`);
	await page.getByLabel(t.field_title!, { exact: true }).fill(fields.title);
	await page.getByLabel(t.field_problem!, { exact: true }).fill(fields.problem);
	await page.getByLabel(t.field_suggestions!, { exact: true }).fill('在路口画人行横道。');
	await page.getByLabel(t.field_who_should_act!, { exact: true }).fill('区交通部门');
	await page.getByRole('button', { name: t.proposal_submit }).click();
	await expect(page).toHaveURL(/\/me\/proposals\/[0-9a-f-]{36}\?done=submitted$/);
	return /proposals\/([0-9a-f-]{36})/.exec(page.url())![1]!;
}

for (const javaScriptEnabled of [true, false]) {
	test(`a teacher approving a page that shows an older version is told it changed and sees the current text (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({ browser }) => {
		const locale: Locale = javaScriptEnabled ? 'zh-CN' : 'en';
		const t = messages(locale);
		const child = await newPage(browser);
		await signInWithCard(child, locale, 3);
		const title = `放学路上 #${Date.now() % 100000}`;
		const id = await sendProposal(child, locale, { title, problem: '路口没有红绿灯。' });

		// T2 opens the review page of v1 and leaves it open.
		const t2 = await newPage(browser, javaScriptEnabled);
		await signInWithEmail(t2, locale, 'teacher', '/teacher');
		await t2.goto(`/${locale}/teacher/submissions/${id}`);
		await expect(t2.getByRole('paragraph').filter({ hasText: '路口没有红绿灯。' })).toBeVisible();

		// T1 returns v1; the child resubmits v2 with an address and a phone number.
		const t1 = await newPage(browser);
		await signInWithEmail(t1, locale, 'teacher', '/teacher');
		await t1.goto(`/${locale}/teacher/submissions/${id}`);
		await t1.getByLabel(t.field_comment!, { exact: true }).fill('请写清楚是哪个路口。');
		await t1.getByRole('button', { name: t.teacher_return_submit }).click();
		await expect(t1).toHaveURL(new RegExp(`/${locale}/teacher\\?(?:[^#]*&)?done=returned$`));
		await child.goto(`/${locale}/me/proposals/${id}`);
		await child.getByLabel(t.field_problem!, { exact: true }).fill(PHONE_AND_ADDRESS);
		await child.getByRole('button', { name: t.proposal_resubmit }).click();
		// Warned about the personal details, the child sends it anyway (the teacher masks them).
		await child.getByRole('button', { name: t.pii_send_anyway }).click();
		await expect(child).toHaveURL(/\?done=resubmitted$/);

		// T2 presses Approve on the page that still shows v1.
		await expect(t2.getByRole('paragraph').filter({ hasText: '路口没有红绿灯。' })).toBeVisible();
		await t2.getByRole('button', { name: t.teacher_approve_submit }).click();
		const notice = t2.getByTestId('changed-notice');
		await expect(notice).toBeVisible();
		await expect(notice.getByRole('heading')).toHaveText(t.changed_heading!);
		await expect(notice).toContainText(t.changed_teacher!);
		// The current text (v2) is on the page, still waiting for review.
		// (its personal details highlighted, with their type in words)
		await expect(t2.locator('mark', { hasText: '13800000000' })).toContainText(t.pii_type_phone!);
		// v1's words appear only as removed words in the diff of what changed since the teacher asked.
		await expect(t2.getByRole('paragraph').filter({ hasText: '路口没有红绿灯。' }).filter({ hasNot: t2.locator('del') })).toHaveCount(0);
		await expect(t2.locator('del').filter({ hasText: '红绿灯' }).first()).toBeVisible();
		await expect(t2.getByRole('button', { name: t.teacher_approve_submit })).toBeVisible();
		if (javaScriptEnabled) await expectAccessible(t2);

		// Nothing was approved: the child still sees it as sent, and the teacher's queue lists it as waiting.
		await child.goto(`/${locale}/me/proposals/${id}`);
		await expect(child.locator('.status')).toHaveText(messages(locale).state_submitted!);

		// Having read v2, T2 can decide on it.
		await t2.getByRole('button', { name: t.teacher_approve_submit }).click();
		await expect(t2).toHaveURL(new RegExp(`/${locale}/teacher\\?(?:[^#]*&)?done=approved$`));
		await Promise.all([child, t1, t2].map((p) => p.context().close()));
	});
}

test('two staff answering the same proposal at once: one wins, the other is told and keeps what they typed', async ({ browser }) => {
	const locale: Locale = 'en';
	const t = messages(locale);
	const child = await newPage(browser);
	await signInWithCard(child, locale, 3);
	const title = `Crossing at the east gate #${Date.now() % 100000}`;
	const id = await sendProposal(child, locale, { title, problem: 'Cars drive fast at the east gate.' });
	const teacher = await newPage(browser);
	await signInWithEmail(teacher, locale, 'teacher', '/teacher');
	await teacher.goto(`/${locale}/teacher/submissions/${id}`);
	await teacher.getByRole('button', { name: t.teacher_approve_submit }).click();
	await expect(teacher).toHaveURL(/done=approved$/);

	const [a, b] = [await newPage(browser), await newPage(browser)];
	for (const p of [a, b]) {
		await signInWithEmail(p, locale, 'staff', '/staff');
		await p.goto(`/${locale}/staff/submissions/${id}`);
	}
	// Both write and preview their answer; then each presses send.
	const preview = async (p: Page, reply: string) => {
		await p.getByLabel(t.decision_adopted!, { exact: true }).check();
		await p.getByLabel(t.field_reply!, { exact: true }).fill(reply);
		await p.locator('input[name="goal_ids"]').first().check();
		await p.getByRole('button', { name: t.staff_preview_submit }).click();
		await expect(p.getByRole('heading', { name: t.staff_preview_heading })).toBeVisible();
	};
	const send = (p: Page) => p.getByRole('button', { name: t.staff_answer_submit }).click();
	await preview(a, 'We will paint a crossing this spring.');
	await preview(b, 'We are studying a crossing.');
	await send(a);
	await expect(a).toHaveURL(/\/staff\?done=answered$/);
	await send(b);
	const notice = b.getByTestId('changed-notice');
	await expect(notice).toContainText(t.changed_staff!);
	// The answer that won is shown; the losing reply is kept on the page, not sent.
	await expect(b.getByText('We will paint a crossing this spring.')).toBeVisible();
	await expect(b.getByRole('heading', { name: t.staff_unsent_reply_heading })).toBeVisible();
	await expect(b.getByText('We are studying a crossing.')).toBeVisible();
	await expectAccessible(b);
	await child.goto(`/${locale}/me/proposals/${id}`);
	await expect(child.getByText('We will paint a crossing this spring.')).toBeVisible();
	await expect(child.getByText('We are studying a crossing.')).toHaveCount(0);
	await Promise.all([child, teacher, a, b].map((p) => p.context().close()));
});

test('the same text sent again later is a new proposal, never a success message for an old one', async ({ page }) => {
	const locale: Locale = 'en';
	await signInWithCard(page, locale, 2);
	const fields = { title: `Open the library corner every week #${Date.now() % 100000}`, problem: 'It is only open once a month.' };
	const first = await sendProposal(page, locale, fields);
	const second = await sendProposal(page, locale, fields);
	expect(second).not.toBe(first);
	await page.goto(`/${locale}/me/proposals/${second}`);
	await expect(page.locator('.status')).toHaveText(messages(locale).state_submitted!);
});
