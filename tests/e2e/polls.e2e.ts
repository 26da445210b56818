import { expect } from '@playwright/test';
import { createPoll, newPage, noSideways, voteAsChild } from './poll-support';
import { expectAccessible, fill, messages, signInWithEmail, type Locale, test } from './support';

// Polls (issue 8), once per language: a teacher creates a class poll and publishes it; children
// vote (one on a 320 px phone, one on a 390 px phone, one without JavaScript); the projector view
// shows the turnout; the poll closes; results (withheld: fewer than 5 a cell) and "what we will do"
// appear for the children. Then a staff district poll linked to a goal closes with a reply and
// shows on the public page of that goal. axe on every page.

for (const locale of ['zh-CN', 'en'] as Locale[]) {
	test(`a class poll: create, vote (phone, no JavaScript), projector, close, results and reply (${locale})`, async ({ browser }) => {
		test.slow();
		const t = messages(locale);
		const tag = `#${Date.now() % 100000}`;
		const question = `${locale === 'en' ? 'What should the square have?' : '小广场放什么？'} ${tag}`;
		const options = locale === 'en' ? ['Swings', 'Sand pit'] : ['秋千', '沙坑'];

		const teacher = await newPage(browser, locale);
		await signInWithEmail(teacher, locale, 'teacher', '/teacher');
		const pollUrl = await createPoll(teacher, locale, { base: '/teacher/polls', area: /DEMO|五年级二班|Class 5-2/, question, options });

		// Projector: question, QR code, turnout 0.
		await teacher.getByRole('link', { name: t.poll_projector_link }).click();
		await expect(teacher.getByRole('heading', { level: 1, name: question })).toBeVisible();
		await expect(teacher.getByRole('img', { name: t.poll_qr_label })).toBeVisible();
		await expect(teacher.getByTestId('turnout')).toHaveText(fill(t.poll_turnout!, { count: 0 }));
		await expectAccessible(teacher);

		// Three children vote: a 320 px phone, a 390 px phone, and one without JavaScript.
		const phone = await newPage(browser, locale, { width: 320 });
		const childPollUrl = await voteAsChild(phone, locale, 1, question, options[0]!);
		await noSideways(phone);
		const phone390 = await newPage(browser, locale, { width: 390 });
		await voteAsChild(phone390, locale, 3, question, options[1]!);
		await noSideways(phone390);
		const noJs = await newPage(browser, locale, { javaScriptEnabled: false });
		await voteAsChild(noJs, locale, 2, question, options[0]!, { axe: false });
		// Back on the page later: "you voted", never what they chose, and no way to vote again.
		await phone.goto(childPollUrl);
		await expect(phone.getByTestId('you-voted')).toHaveText(t.poll_you_voted!);
		await expect(phone.getByRole('radio')).toHaveCount(0);

		// The projector (refreshed by polling) shows the turnout; results are not shown while open.
		await expect(teacher.getByTestId('turnout')).toHaveText(fill(t.poll_turnout!, { count: 3 }), { timeout: 30_000 });
		await expect(teacher.getByText(t.poll_results_after_close!)).toBeVisible();

		// Close early, write "what we will do".
		await teacher.goto(pollUrl);
		await teacher.getByRole('button', { name: t.poll_close_submit }).click();
		await expect(teacher.getByRole('status')).toHaveText(t.poll_flash_closed!);
		await expect(teacher.getByTestId('poll-state')).toHaveText(t.poll_state_closed!);
		await expect(teacher.getByTestId('withheld')).toHaveText(fill(t.poll_results_withheld!, { min: 5 }));
		await expectAccessible(teacher);
		// An empty reply is refused with the GOV.UK error summary.
		await teacher.getByRole('button', { name: t.poll_reply_submit, exact: true }).click();
		await expect(teacher.getByRole('heading', { name: t.error_summary_title })).toBeVisible();
		const reply = locale === 'en' ? 'We will put swings in the square next spring.' : '明年春天，我们会在小广场装秋千。';
		await teacher.getByRole('textbox', { name: t.poll_field_reply, exact: true }).fill(reply);
		await teacher.getByRole('button', { name: t.poll_reply_submit, exact: true }).click();
		await expect(teacher.getByRole('status')).toHaveText(t.poll_flash_replied!);

		// The child sees that it closed, why there are no counts (too few a cell), and the reply.
		await phone.goto(childPollUrl);
		await expect(phone.getByTestId('withheld')).toHaveText(fill(t.poll_results_withheld!, { min: 5 }));
		await expect(phone.getByTestId('poll-reply')).toHaveText(reply);
		await expectAccessible(phone);
		await noSideways(phone);
		await noJs.goto(childPollUrl);
		await expect(noJs.getByTestId('poll-reply')).toHaveText(reply);
	});
}

test('a staff district poll closes with a reply and shows on the public page of its goal (zh-CN and en)', async ({ browser }) => {
	test.slow();
	const t = messages('zh-CN');
	const tag = `#${Date.now() % 100000}`;
	const question = `上学路上哪里最需要过街设施？ ${tag}`;
	const staff = await newPage(browser, 'zh-CN');
	await signInWithEmail(staff, 'zh-CN', 'staff', '/staff');
	const pollUrl = await createPoll(staff, 'zh-CN', {
		base: '/staff/polls',
		area: /示范区/,
		question,
		options: ['东门', '南门', '菜市场路口'],
		goalCode: 'SPC-06'
	});
	await staff.getByRole('button', { name: t.poll_close_submit }).click();
	await expect(staff.getByRole('status')).toHaveText(t.poll_flash_closed!);
	const reply = '我们会先在东门设置人行横道。';
	await staff.getByRole('textbox', { name: t.poll_field_reply, exact: true }).fill(reply);
	await staff.getByRole('button', { name: t.poll_reply_submit, exact: true }).click();
	await expect(staff.getByRole('status')).toHaveText(t.poll_flash_replied!);
	expect(pollUrl).toContain('/staff/polls/');

	// Anyone, signed out, in both languages: the goal's page and the public poll list.
	for (const locale of ['zh-CN', 'en'] as Locale[]) {
		const tl = messages(locale);
		const visitor = await newPage(browser, locale);
		await visitor.goto(`/${locale}/ledger`);
		await visitor.getByRole('link', { name: /SPC-06/ }).first().click();
		const section = visitor.locator('section', { has: visitor.getByRole('heading', { name: tl.ledger_goal_polls_heading }) });
		const article = section.locator('article', { has: visitor.getByRole('heading', { name: question }) });
		await expect(article.getByTestId('poll-reply')).toHaveText(reply);
		await expect(article.getByTestId('turnout')).toHaveText(fill(tl.poll_turnout!, { count: 0 }));
		await expectAccessible(visitor);
		// The seeded district poll on SPC-01 shows its counts (60 voters, every cell at least 5).
		await visitor.goto(`/${locale}/polls`);
		await expect(visitor.getByRole('heading', { level: 1, name: tl.public_polls_title })).toBeVisible();
		const seeded = visitor.locator('article', { has: visitor.getByRole('heading', { name: locale === 'en' ? 'What do you most want in our pocket parks?' : '口袋公园里，你最想要什么？' }) });
		await expect(seeded.getByTestId('turnout')).toHaveText(fill(tl.poll_turnout!, { count: 60 }));
		await expect(seeded.getByRole('row', { name: new RegExp(locale === 'en' ? 'Swings' : '秋千') })).toContainText('28');
		await expectAccessible(visitor);
	}
});

test("staff reading a class's poll of their district see it without the creator's actions", async ({ browser }) => {
	for (const locale of ['zh-CN', 'en'] as const) {
		const t = messages(locale);
		const staff = await newPage(browser, locale);
		await signInWithEmail(staff, locale, 'staff', '/staff');
		// The seed's open poll of class DEMO52, made by its teacher.
		const response = await staff.goto(`/${locale}/staff/polls/f0110000-0000-4000-8000-000000000001`);
		expect(response?.status()).toBe(200);
		await expect(staff.getByText(t.poll_not_yours!)).toBeVisible();
		await expect(staff.getByRole('button', { name: t.poll_close_submit })).toHaveCount(0);
		await expect(staff.getByRole('heading', { name: t.poll_close_heading })).toHaveCount(0);
		await expectAccessible(staff);
		await staff.context().close();
	}
});
