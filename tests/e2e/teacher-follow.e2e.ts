import { expect, type Browser, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS, expectAccessible, fill, messages, type Locale, test } from './support';

// Issue 11 §2–§3, the teachers' side, once per language: 林老师 follows what happened to items her
// class forwarded — the overdue routed proposal a…08 (late, the staff reminded), the answered
// proposal a…04 (answer, goals linked to their public pages, progress updates) and the answered
// street report a…501 — on a 320 px phone, and once without JavaScript; the answered card
// in her queue shows its latest stage; another class's teacher gets 404. axe on every page.

const OVERDUE = 'a0000000-0000-4000-8000-000000000008';
const ANSWERED = 'a0000000-0000-4000-8000-000000000004';
const REPORT = 'a0000000-0000-4000-8000-000000000501';

const lin = DEMO_ACCOUNTS.find((a) => a.email === 'teacher@demo.child-voice.test')!;
const huang = DEMO_ACCOUNTS.find((a) => a.email === 'teacher3@demo.child-voice.test')!;

async function phone(browser: Browser, locale: Locale, javaScriptEnabled: boolean): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', javaScriptEnabled, viewport: { width: 320, height: 800 } });
	return context.newPage();
}

async function signIn(page: Page, locale: Locale, who: { email: string; password: string }): Promise<void> {
	const t = messages(locale);
	await page.goto(`/${locale}/sign-in`);
	const adult = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_adult_heading }) });
	await adult.getByLabel(t.field_email!, { exact: true }).fill(who.email);
	await adult.getByLabel(t.field_password!, { exact: true }).fill(who.password);
	await adult.getByRole('button', { name: t.sign_in_adult_submit }).click();
	await expect(page).toHaveURL(new RegExp(`/${locale}/teacher$`));
}

/** A message with a `{date}` placeholder as a pattern: the date as formatDate writes it (long style). */
function withDate(message: string, locale: Locale): RegExp {
	const date = locale === 'en' ? '[A-Z][a-z]+ \\d{1,2}, \\d{4}' : '\\d{4}年\\d{1,2}月\\d{1,2}日';
	return new RegExp(message.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace('{date}', date));
}

async function noSidewaysScroll(page: Page): Promise<void> {
	const { scrollWidth, clientWidth } = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		clientWidth: document.documentElement.clientWidth
	}));
	expect(scrollWidth, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
}

for (const locale of ['zh-CN', 'en'] as Locale[]) {
	test(`a class teacher follows forwarded items: late and reminded, answer, goals, progress; latest stage in the queue (${locale}, 320 px)`, async ({ browser }) => {
		const t = messages(locale);
		const en = locale === 'en';
		const page = await phone(browser, locale, true);
		await signIn(page, locale, lin);

		// The overdue routed proposal: the path up to "routed", late, and when the staff were reminded.
		await page.goto(`/${locale}/teacher/submissions/${OVERDUE}`);
		const follow = page.getByTestId('teacher-follow');
		await expect(follow.getByRole('heading', { level: 2, name: t.tprog_heading })).toBeVisible();
		const steps = follow.getByRole('listitem');
		await expect(steps.first()).toContainText(t.tprog_step_sent!);
		const units = en ? ['Demo District', 'District Transport Bureau', 'Demo Street Office'] : ['示范区', '区交通运输局', '示范街道'];
		await expect(follow).toContainText(fill(t.tprog_step_routed!, { units: units.join(t.list_separator!) }));
		await expect(follow.locator('[aria-current="step"]')).toContainText(t.tprog_step_answered!);
		const timing = follow.getByTestId('tprog-timing');
		await expect(timing).toContainText(t.tprog_late_badge!);
		await expect(timing).toContainText(withDate(t.tprog_late!, locale));
		await expect(follow.getByTestId('tprog-reminded')).toContainText(withDate(t.tprog_reminded!, locale));
		await noSidewaysScroll(page);
		await expectAccessible(page);

		// The answered proposal: decision, reply, goals as links to the public goal pages, every update.
		await page.goto(`/${locale}/teacher/submissions/${ANSWERED}`);
		await expect(follow.getByRole('heading', { name: t.tprog_answer_heading, exact: true })).toBeVisible();
		await expect(follow).toContainText(t.decision_adopted!);
		await expect(follow).toContainText('再装两个秋千');
		const goal = follow.getByRole('link', { name: /SPC-01/ });
		await expect(goal).toHaveAttribute('href', /\/ledger\/goals\/e2023000-0000-4000-8000-000000000015$/);
		await expect(follow.getByRole('link', { name: /SPC-04/ })).toBeVisible();
		const timeline = follow.getByTestId('progress-timeline').getByRole('listitem');
		await expect(timeline).toHaveCount(2);
		await expect(timeline.nth(0)).toContainText(t.routing_stage_planned!);
		await expect(timeline.nth(1)).toContainText(t.routing_stage_in_progress!);
		await expect(timeline.nth(1)).toContainText('工人已经开始铺软垫了');
		await expect(follow.locator('[aria-current="step"]')).toContainText(fill(t.tprog_step_progress_at!, { stage: t.routing_stage_in_progress! }));
		await noSidewaysScroll(page);
		await expectAccessible(page);

		// Its card in the queue's answered tab shows the latest stage.
		await page.goto(`/${locale}/teacher?state=answered&q=${encodeURIComponent('口袋公园的秋千')}`);
		const card = page.locator('li.list-item', { has: page.getByRole('link', { name: '口袋公园的秋千太少' }) });
		await expect(card).toContainText(fill(t.tprog_queue_stage!, { state: t.state_teacher_answered!, stage: t.routing_stage_in_progress! }));
		await noSidewaysScroll(page);
		await expectAccessible(page);

		// The answered street report: its own review page follows it the same way.
		await page.goto(`/${locale}/teacher/reports/${REPORT}`);
		await expect(follow.getByRole('heading', { name: t.tprog_answer_heading, exact: true })).toBeVisible();
		await expect(follow.getByText(t.tprog_step_answered!)).toBeVisible();
		await noSidewaysScroll(page);
		await expectAccessible(page);
	});
}

test('without JavaScript the follow-up is all there: late, reminded, the answer and its progress (en, 320 px)', async ({ browser }) => {
	const t = messages('en');
	const page = await phone(browser, 'en', false);
	await signIn(page, 'en', lin);
	await page.goto(`/en/teacher/submissions/${OVERDUE}`);
	const follow = page.getByTestId('teacher-follow');
	await expect(follow.getByTestId('tprog-timing')).toContainText(withDate(t.tprog_late!, 'en'));
	await expect(follow.getByTestId('tprog-reminded')).toContainText(withDate(t.tprog_reminded!, 'en'));
	await noSidewaysScroll(page);
	await page.goto(`/en/teacher/submissions/${ANSWERED}`);
	await expect(follow.getByRole('link', { name: /SPC-01/ })).toBeVisible();
	await expect(follow.getByTestId('progress-timeline').getByRole('listitem')).toHaveCount(2);
	await expect(follow.getByTestId('progress-timeline')).toContainText(t.routing_stage_in_progress!);
	await noSidewaysScroll(page);
});

test('another class’s teacher gets 404 for the item, and sees no follow-up', async ({ browser }) => {
	const page = await phone(browser, 'en', true);
	await signIn(page, 'en', huang);
	for (const path of [`/en/teacher/submissions/${OVERDUE}`, `/en/teacher/reports/${REPORT}`]) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(404);
		await expect(page.getByTestId('teacher-follow')).toHaveCount(0);
		await expectAccessible(page);
	}
});
