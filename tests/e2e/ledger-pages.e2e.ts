/**
 * The public ledger (issue 11 §4), as a visitor on a 320 px phone, in both languages: the summary
 * per category shows what the published answers say (counted here from the rows), jump links, the
 * "only goals with answers" filter, a category page with its goals, its answers once each (a
 * street report links to its public page) with the latest progress, and the closed poll linked to
 * its goals, with results and the reply. axe on every page (with scripts); the filter and the pages
 * once without JavaScript. Reads the seed's 2023 ledger (SPC-01: an answered proposal with progress, an answered
 * street report, a closed district poll).
 */
import { expect, type Browser, type Page } from '@playwright/test';
import { connect } from '../db/helpers';
import { expectAccessible, fill, LOCALES, messages, type Locale, test } from './support';

async function newPage(browser: Browser, locale: Locale, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', javaScriptEnabled, viewport: { width: 320, height: 900 } });
	return context.newPage();
}

/** The seed's goal SPC-01 (space), its answered street report and the closed district poll linked to it. */
const SPC01 = 'e2023000-0000-4000-8000-000000000015';
const STREET_REPORT = 'a0000000-0000-4000-8000-000000000501';
const POLL = { zh: '口袋公园里，你最想要什么？', en: 'What do you most want in our pocket parks?' };

/** Per category of 2023, what the rows say (not the counters): goals with answers, answers, adopted, done. */
async function countedFromRows() {
	const sql = connect();
	try {
		const rows = await sql<{ category: string; goals: number; answers: number; adopted: number; done: number }[]>`
			select g.category::text, count(distinct g.id)::int as goals, count(distinct pa.submission_id)::int as answers,
				(count(distinct pa.submission_id) filter (where pa.decision in ('adopted', 'partly_adopted')))::int as adopted,
				(count(distinct pa.submission_id) filter (where pa.progress_stage = 'done'))::int as done
			from public.published_answers pa
			join public.published_answer_goals pg on pg.submission_id = pa.submission_id
			join public.ledger_goals g on g.id = pg.goal_id
			where g.edition = 2023
			group by g.category`;
		const goals = await sql<{ n: number }[]>`select count(distinct pg.goal_id)::int as n from public.published_answer_goals pg
			join public.ledger_goals g on g.id = pg.goal_id where g.edition = 2023`;
		return { byCategory: new Map(rows.map((r) => [r.category, r])), answeredGoals: goals[0]!.n };
	} finally {
		await sql.end();
	}
}

async function expectNoSidewaysScroll(page: Page) {
	const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
	expect(scrollWidth, `${page.url()} scrolls sideways at 320 px`).toBeLessThanOrEqual(clientWidth);
}

for (const locale of LOCALES) {
	test(`the public ledger and a category page at 320 px, ${locale}`, async ({ browser }) => {
		test.setTimeout(180_000);
		const t = messages(locale);
		const en = locale === 'en';
		const page = await newPage(browser, locale);
		try {
			await page.goto(`/${locale}/ledger`);
			await expectNoSidewaysScroll(page);
			await expectAccessible(page);

			// The summary: the five numbers of each category, equal to what the rows say (other tests
			// may answer meanwhile: read again until page and rows agree).
			const summary = page.getByRole('region', { name: t.ledger2_summary_heading });
			await expect(summary.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) })).toHaveCount(5);
			await expect(async () => {
				await page.reload();
				const counted = await countedFromRows();
				for (const category of ['policy', 'service', 'rights', 'space', 'environment']) {
					const card = page.locator(`.summary-item[data-category="${category}"]`);
					const value = (label: string) => card.locator('div', { has: page.getByText(label, { exact: true }) }).locator('dd').innerText();
					const c = counted.byCategory.get(category);
					expect(await value(t.ledger2_goals_with_input!), category).toBe(String(c?.goals ?? 0));
					expect(await value(t.ledger2_answers!), category).toBe(String(c?.answers ?? 0));
					expect(await value(t.ledger2_adopted!), category).toBe(String(c?.adopted ?? 0));
					expect(await value(t.ledger2_done!), category).toBe(String(c?.done ?? 0));
				}
				expect(counted.byCategory.get('space')?.answers ?? 0).toBeGreaterThanOrEqual(2);
			}).toPass({ timeout: 30_000 });

			// Jump links lead to each category's goals.
			await page.getByRole('navigation', { name: t.ledger2_jump_label }).getByRole('link', { name: t.category_space, exact: true }).click();
			await expect(page).toHaveURL(/#cat-space$/);

			// The filter: only goals with answers (a GET form; the link shows all again).
			const allGoals = await page.locator('li.goal').count();
			await page.getByRole('checkbox', { name: t.ledger2_filter_only_answered }).check();
			await page.getByRole('button', { name: t.ledger2_filter_submit, exact: true }).click();
			await expect(page).toHaveURL(/[?&]answered=1/);
			const { answeredGoals } = await countedFromRows();
			await expect(page.locator('li.goal')).toHaveCount(answeredGoals);
			expect(answeredGoals).toBeLessThan(allGoals);
			await expect(page.locator('li.goal', { hasText: 'SPC-01' }).getByText(t.ledger2_goal_has_answers!)).toBeVisible();
			await expectAccessible(page);
			await page.getByRole('link', { name: t.ledger2_filter_all_link }).click();
			await expect(page.locator('li.goal')).toHaveCount(allGoals);

			// The category page.
			await page.locator('.summary-item[data-category="space"]').getByRole('link', { name: t.category_space }).click();
			await expect(page).toHaveURL(new RegExp(`/${locale}/ledger/categories/space\\?edition=2023$`));
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(fill(t.ledger2_category_title!, { category: t.category_space!, year: 2023 }));
			await expectNoSidewaysScroll(page);
			await expectAccessible(page);
			// Its goals, each linking to its page.
			await expect(page.getByRole('region', { name: t.ledger2_category_goals_heading }).getByRole('link', { name: /SPC-01/ })).toHaveAttribute('href', `/${locale}/ledger/goals/${SPC01}`);
			// Its answers, each once, newest first, with the latest progress; the street report links to its page.
			const answers = page.getByRole('region', { name: t.ledger2_category_answers_heading });
			// By id: answers of different children can share a title.
			const ids = await answers.locator('.list-item').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.id));
			expect(ids.length).toBeGreaterThan(1);
			expect(ids.every((id) => id !== undefined && /^[0-9a-f-]{36}$/.test(id))).toBe(true);
			expect(new Set(ids).size, 'each answer once').toBe(ids.length);
			await expect(answers.getByText('工人已经开始铺软垫了，秋千下个月装。', { exact: false })).toBeVisible();
			const reportLink = answers.locator(`a[href="/${locale}/reports/${STREET_REPORT}"]`);
			await expect(reportLink).toHaveCount(1);
			// The closed poll linked to SPC-01: results and the reply.
			const polls = page.getByRole('region', { name: t.ledger2_category_polls_heading });
			await expect(polls.getByRole('heading', { name: en ? POLL.en : POLL.zh })).toBeVisible();
			await expect(polls.getByTestId('poll-reply')).toBeVisible();
			await reportLink.click();
			await expect(page).toHaveURL(new RegExp(`/${locale}/reports/${STREET_REPORT}$`));
			// The report's page shows the latest step after the answer (the seed's slide: in progress).
			const progress = page.getByRole('region', { name: t.report_public_progress_heading });
			await expect(progress.getByText(t.routing_stage_in_progress!, { exact: true })).toBeVisible();
			await expect(progress.getByText('滑梯已经围起来了，新的板子下周装好。')).toBeVisible();
			await expectNoSidewaysScroll(page);
			await expectAccessible(page);

			// A goal page links its category.
			await page.goto(`/${locale}/ledger/goals/${SPC01}`);
			await page.getByRole('link', { name: fill(t.ledger2_goal_more_in_category!, { category: t.category_space! }) }).click();
			await expect(page).toHaveURL(new RegExp(`/${locale}/ledger/categories/space\\?edition=2023$`));

			// An unknown category is a 404, not an error.
			const missing = await page.goto(`/${locale}/ledger/categories/nonsense`);
			expect(missing?.status()).toBe(404);
		} finally {
			await page.context().close();
		}
	});
}

test('without JavaScript: the filter and the category page work', async ({ browser }) => {
	const locale: Locale = 'en';
	const t = messages(locale);
	const page = await newPage(browser, locale, false);
	try {
		await page.goto(`/${locale}/ledger?edition=2023`);
		await page.getByRole('checkbox', { name: t.ledger2_filter_only_answered }).check();
		await page.getByRole('button', { name: t.ledger2_filter_submit, exact: true }).click();
		await expect(page).toHaveURL(/\/en\/ledger\?edition=2023&answered=1$/);
		await expect(page.getByRole('checkbox', { name: t.ledger2_filter_only_answered })).toBeChecked();
		await expect(page.locator('li.goal', { hasText: 'SPC-01' })).toBeVisible();
		await page.locator('.summary-item[data-category="space"]').getByRole('link').click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(fill(t.ledger2_category_title!, { category: t.category_space!, year: 2023 }));
		await expect(page.getByRole('region', { name: t.ledger2_category_polls_heading }).getByRole('heading', { name: POLL.en })).toBeVisible();
		// (axe needs scripts: it runs on these pages in the tests above.)
	} finally {
		await page.context().close();
	}
});
