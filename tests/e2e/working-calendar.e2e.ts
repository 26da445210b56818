import { expect, type Browser, type Page } from '@playwright/test';
import { expectAccessible, fill, messages, signInWithEmail, type Locale, test } from './support';

// Issue 11 §2: an admin enters a year's public holidays and adjusted working days (调休) on
// /admin/calendar: a bad line is named with its problem and the text kept, then the year is saved
// whole and shown. Far-off years, so the suite's due dates are not touched. Both languages at 320 px
// with axe; once without JavaScript.

const runs: { locale: Locale; year: number; javaScriptEnabled: boolean }[] = [
	{ locale: 'zh-CN', year: 2095, javaScriptEnabled: true },
	{ locale: 'en', year: 2096, javaScriptEnabled: true },
	{ locale: 'en', year: 2097, javaScriptEnabled: false }
];

async function newPage(browser: Browser, locale: Locale, javaScriptEnabled: boolean): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', javaScriptEnabled, viewport: { width: 320, height: 900 } });
	return context.newPage();
}

for (const r of runs) {
	test(`an admin enters the working calendar of a year (${r.locale}${r.javaScriptEnabled ? '' : ', no JavaScript'})`, async ({ browser }) => {
		test.slow();
		const t = messages(r.locale);
		const en = r.locale === 'en';
		const page = await newPage(browser, r.locale, r.javaScriptEnabled);
		await signInWithEmail(page, r.locale, 'admin', '/admin');
		await page.getByRole('link', { name: t.progress2_admin_calendar_link, exact: true }).click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText(/\d{4}/);
		await page.goto(`/${r.locale}/admin/calendar?year=${r.year}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(fill(t.progress2_calendar_title!, { year: r.year }));
		await expect(page.getByText(fill(t.progress2_calendar_missing!, { year: r.year }))).toBeVisible();
		if (r.javaScriptEnabled) await expectAccessible(page);

		// 30 February does not exist: that line is named, the text kept, nothing saved.
		const box = page.getByLabel(t.progress2_calendar_field_days!, { exact: true });
		const holiday = en ? 'holiday' : '休';
		const working = en ? 'working' : '班';
		const bad = [`${r.year}-01-01 ${holiday} 元旦`, `${r.year}-02-30 ${holiday} 春节`].join('\n');
		await box.fill(bad);
		await page.getByRole('button', { name: fill(t.progress2_calendar_submit!, { year: r.year }) }).click();
		await expect(page.getByText(fill(t.progress2_calendar_problem_line!, { line: 2, problem: t.progress2_calendar_problem_date! }))).toBeVisible();
		await expect(box).toHaveValue(bad);
		if (r.javaScriptEnabled) await expectAccessible(page);

		// A Saturday in October of each year: 2095-10-08, 2096-10-13, 2097-10-12.
		const saturday = { 2095: '10-08', 2096: '10-13', 2097: '10-12' }[r.year as 2095 | 2096 | 2097];
		await box.fill([`${r.year}-01-01 ${holiday} 元旦`, `${r.year}-10-01 ${holiday} 国庆节`, `${r.year}-${saturday} ${working} 国庆节（调休上班）`].join('\n'));
		await page.getByRole('button', { name: fill(t.progress2_calendar_submit!, { year: r.year }) }).click();
		await expect(page.getByRole('status')).toHaveText(fill(t.progress2_calendar_saved!, { year: r.year }));
		const table = page.getByRole('table', { name: fill(t.progress2_calendar_table_caption!, { year: r.year }) });
		await expect(table.getByRole('row')).toHaveCount(4);
		await expect(table.getByRole('cell', { name: '国庆节（调休上班）' })).toBeVisible();
		await expect(table.getByRole('cell', { name: t.progress2_calendar_kind_working!, exact: true })).toHaveCount(1);
		if (r.javaScriptEnabled) await expectAccessible(page);
	});
}
