import { expect, type Browser, type Page } from '@playwright/test';
import { actAs, connect, user } from '../db/helpers';
import { demo, expectAccessible, fill, messages, signInWithCard, type Locale, test } from './support';

// A child follows their own street report as they follow a proposal (issue 9 §4–§5, issue 11 §3):
// the status path, taking it back before the teacher acts, the answer explained, every progress
// update after it and "did it help?" once it is done. At 320 px, in zh-CN with the children's
// script and in English without JavaScript; axe where scripts run.

const GOAL = 'e2023000-0000-4000-8000-000000000015';
const DESCRIPTION = '公园门口的长椅断了一条腿，坐上去会倒。';

/**
 * A street report of demo child 4, sent through the database's own function as that child; with
 * `answered`, then approved by the demo teacher, answered by the district's staff and followed by
 * "planned" and "done" updates, each step as the person who takes it.
 */
async function report(title: string, answered: boolean): Promise<string> {
	const sql = connect();
	try {
		return await sql.begin(async (tx) => {
			const idOf = async (who: 4 | 'teacher' | 'staff') => (await tx<{ id: string }[]>`select id from auth.users where email = ${demo(who).email}`)[0]!.id;
			const [child, teacher, staff] = [await idOf(4), await idOf('teacher'), await idOf('staff')];
			await actAs(tx, user(child));
			const [sent] = await tx<{ id: string }[]>`select id from public.submit_street_report(${title}, ${DESCRIPTION},
				'broken_facility'::public.street_report_topic, 'soon'::public.street_report_urgency, null, '公园东门', null, '[]'::jsonb, null, null)`;
			const id = sent!.id;
			if (!answered) return id;
			const version = () => tx`(select version from public.submissions where id = ${id})`;
			await actAs(tx, user(teacher));
			await tx`select public.approve_street_report(${id}, ${version()}, ${title}, ${DESCRIPTION}, '公园东门', null)`;
			await actAs(tx, user(staff));
			await tx`select public.answer_submission(${id}, ${version()}, 'adopted', '谢谢你！我们会换一张新的长椅。', ${[GOAL]}::uuid[])`;
			await tx`select public.add_progress_update(${id}, ${version()}, 'planned'::public.progress_stage, '新长椅已经订好了。')`;
			await tx`select public.add_progress_update(${id}, ${version()}, 'done'::public.progress_stage, '新长椅装好了，可以坐了。')`;
			return id;
		});
	} finally {
		await sql.end();
	}
}

async function phonePage(browser: Browser, locale: Locale, javaScriptEnabled: boolean): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', viewport: { width: 320, height: 640 }, javaScriptEnabled });
	return context.newPage();
}

async function fitsPhone(page: Page): Promise<void> {
	const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
	expect(scrollWidth, `${page.url()} scrolls sideways at 320 px`).toBeLessThanOrEqual(clientWidth);
}

for (const locale of ['zh-CN', 'en'] as Locale[]) {
	const t = messages(locale);
	const js = locale === 'zh-CN';
	const axe = (page: Page) => (js ? expectAccessible(page) : Promise.resolve());
	const how = js ? '' : ', without JavaScript';

	test(`a child takes back a street report the teacher has not read (${locale}${how})`, async ({ browser }) => {
		const id = await report(`长椅 ${locale} ${Date.now() % 100000}`, false);
		const child = await phonePage(browser, locale, js);
		await signInWithCard(child, locale, 4, { axe: js });
		await child.goto(`/${locale}/me/reports/${id}`);
		await expect(child.getByTestId('status-path').locator('[aria-current="step"]')).toContainText(t.follow_step_sent!);
		await expect(child.getByTestId('what-next')).toHaveText(t.follow_next_submitted!);
		await fitsPhone(child);
		await axe(child);
		await child.getByRole('link', { name: t.follow_withdraw_start, exact: true }).click();
		await expect(child.getByRole('heading', { name: t.follow_withdraw_confirm_heading })).toBeVisible();
		await axe(child);
		await child.getByRole('button', { name: t.follow_withdraw_yes }).click();
		await expect(child).toHaveURL(new RegExp(`/${locale}/me/reports/${id}\\?done=withdrawn$`));
		await expect(child.getByRole('status')).toHaveText(t.follow_withdrawn_flash!);
		await expect(child.getByTestId('what-next')).toHaveText(t.follow_next_withdrawn!);
		await expect(child.getByRole('link', { name: t.follow_withdraw_start, exact: true })).toHaveCount(0);
		await axe(child);

		// Taken back for good: a second try (the old page's form) is refused, kindly.
		const sql = connect();
		try {
			const [row] = await sql<{ state: string }[]>`select state::text from public.submissions where id = ${id}`;
			expect(row!.state).toBe('withdrawn');
		} finally {
			await sql.end();
		}
		await child.goto(`/${locale}/me/reports/${id}?confirm=withdraw`);
		await expect(child.getByRole('button', { name: t.follow_withdraw_yes })).toHaveCount(0);
	});

	test(`a child follows an answered street report to done and says whether it helped (${locale}${how})`, async ({ browser }) => {
		const id = await report(`长椅修好 ${locale} ${Date.now() % 100000}`, true);
		const child = await phonePage(browser, locale, js);
		await signInWithCard(child, locale, 4, { axe: js });
		await child.goto(`/${locale}/me/reports/${id}`);
		// Every step reached, the last one "done"; nothing is "current" any more.
		await expect(child.getByTestId('what-next')).toHaveText(t.follow_next_done!);
		await expect(child.getByTestId('status-path').locator('[aria-current="step"]')).toHaveCount(0);
		await expect(child.getByTestId('decision-explained')).toBeVisible();
		const progress = child.getByRole('region', { name: t.routing_child_progress_heading });
		await expect(progress.getByTestId('progress-timeline').locator('li')).toHaveCount(2);
		await expect(progress).toContainText('新长椅已经订好了。');
		await expect(progress).toContainText('新长椅装好了，可以坐了。');
		// Nothing to take back once the teacher has acted.
		await expect(child.getByRole('link', { name: t.follow_withdraw_start, exact: true })).toHaveCount(0);
		await fitsPhone(child);
		await axe(child);

		// Did it help? Nothing chosen is refused with a message; then the choice is kept.
		const rate = child.getByRole('region', { name: t.routing_rate_heading });
		await rate.getByRole('button', { name: t.routing_rate_submit }).click();
		await expect(child.getByRole('alert')).toBeVisible();
		await rate.getByLabel(t.routing_rate_partly!, { exact: true }).check();
		await rate.getByRole('button', { name: t.routing_rate_submit }).click();
		await expect(child).toHaveURL(new RegExp(`/${locale}/me/reports/${id}\\?done=rated$`));
		await expect(child.getByRole('status')).toHaveText(fill(t.routing_rate_thanks!, { choice: t.routing_rate_partly! }));
		await expect(rate.getByLabel(t.routing_rate_partly!, { exact: true })).toBeChecked();
		await axe(child);
	});
}

test('another child of the class cannot read, take back or rate a street report that is not theirs', async ({ browser }) => {
	const id = await report(`长椅 别人 ${Date.now() % 100000}`, false);
	const other = await phonePage(browser, 'en', true);
	await signInWithCard(other, 'en', 5);
	expect((await other.goto(`/en/me/reports/${id}`))?.status()).toBe(404);
	// A forged post straight to the action: refused by the database, nothing changes.
	const posted = await other.request.post(`/en/me/reports/${id}?/withdraw`, {
		form: { version: '1' },
		headers: { origin: new URL(other.url()).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(posted.status()).not.toBe(303);
	expect(posted.status()).toBeLessThan(500);
	const sql = connect();
	try {
		const [row] = await sql<{ state: string }[]>`select state::text from public.submissions where id = ${id}`;
		expect(row!.state).toBe('submitted');
	} finally {
		await sql.end();
	}
});
