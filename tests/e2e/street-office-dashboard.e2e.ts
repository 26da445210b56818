import { expect, type Browser, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS, expectAccessible, messages, type Locale, test } from './support';

// Issue 11 §5 for street-office staff, once per language at 320 px: 王干事 (staff of 示范街道 only)
// opens her dashboard and sees her street office's row (the seeded items routed to it) and the
// school of its community, the median in working days labelled as such beside the calendar days,
// a chart beside each table; axe passes; her answered-items download holds no account id.

const street = DEMO_ACCOUNTS.find((a) => a.email === 'street@demo.child-voice.test')!;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function newPage(browser: Browser, locale: Locale): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', viewport: { width: 320, height: 900 } });
	return context.newPage();
}

for (const locale of ['zh-CN', 'en'] as const) {
	test(`a street office's staff see its dashboard: its row, its school, working days (${locale})`, async ({ browser }) => {
		const t = messages(locale);
		const page = await newPage(browser, locale);
		await page.goto(`/${locale}/sign-in`);
		const adult = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_adult_heading }) });
		await adult.getByLabel(t.field_email!, { exact: true }).fill(street.email);
		await adult.getByLabel(t.field_password!, { exact: true }).fill(street.password);
		await adult.getByRole('button', { name: t.sign_in_adult_submit }).click();
		await expect(page).toHaveURL(new RegExp(`/${locale}/staff$`));
		await page.getByRole('link', { name: t.dash_link, exact: true }).click();
		await expect(page.getByRole('heading', { level: 1, name: t.dash_title_staff })).toBeVisible();

		// The street office: its own row, named, with the items routed to it (a…03, a…08 in the seed).
		const office = page.locator('#dash-street_office');
		await expect(office.getByRole('heading', { level: 2, name: t.dash2_dim_street_office })).toBeVisible();
		const officeRow = office.getByRole('row', { name: locale === 'en' ? /Demo Street Office/ : /示范街道/ });
		await expect(officeRow).toBeVisible();
		await expect(officeRow.getByRole('cell').first()).toHaveText(/^[1-9]\d*$/);
		await expect(office.locator('svg').first()).toBeVisible();

		// The school of its community (示范小学 in 幸福社区), with the median in working days and calendar days.
		const school = page.locator('#dash-school');
		const schoolTable = school.getByRole('table');
		await expect(schoolTable.getByRole('row', { name: locale === 'en' ? /Demo Primary School/ : /示范小学/ })).toBeVisible();
		await expect(schoolTable.getByRole('columnheader', { name: t.dash2_col_median_working_days })).toBeVisible();
		await expect(schoolTable.getByRole('columnheader', { name: t.dash2_col_median_calendar_days })).toBeVisible();
		await expect(page.getByText(t.dash2_note_working_days!)).toBeVisible();
		// Nothing of the district as a whole: she is not the district's staff.
		await expect(page.locator('#dash-district').getByRole('table')).toHaveCount(0);

		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		await expectAccessible(page);

		const csv = await page.request.get(`/${locale}/staff/dashboard/export?what=answers&format=csv`);
		expect(csv.status()).toBe(200);
		expect((await csv.body()).toString('utf8')).not.toMatch(UUID);
		await page.context().close();
	});
}
