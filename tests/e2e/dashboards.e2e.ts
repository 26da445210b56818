import { expect, type Browser, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { expectAccessible, messages, signInWithEmail, type Locale, test } from './support';

// Issue 11 §5 in the browser, once per language: the staff dashboard (their districts) and the city
// dashboard (admin) show each dimension as an SVG chart drawn on the server beside a table with
// the numbers, without JavaScript and at 320 px; axe on both; the downloads are CSV with a BOM and
// an XLSX that reads back, holding no account id and no cell that starts a formula.

const LOCALES: Locale[] = ['zh-CN', 'en'];
const FORMULA = /^[=+\-@\t\r＝＋－＠]/u;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function newPage(browser: Browser, locale: Locale, options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> {
	const context = await browser.newContext({
		locale: locale === 'en' ? 'en-GB' : 'zh-CN',
		javaScriptEnabled: options.javaScriptEnabled ?? true,
		viewport: { width: options.width ?? 1280, height: 900 }
	});
	return context.newPage();
}

for (const locale of LOCALES) {
	test(`staff and city dashboards: charts, tables, downloads, no JavaScript, 320 px (${locale})`, async ({ browser }) => {
		test.slow();
		const t = messages(locale);

		// Staff, without JavaScript and 320 px wide: the link from the inbox, every section, a chart and its table.
		const staff = await newPage(browser, locale, { javaScriptEnabled: false, width: 320 });
		await signInWithEmail(staff, locale, 'staff', '/staff');
		await staff.getByRole('link', { name: t.dash_link, exact: true }).click();
		await expect(staff.getByRole('heading', { level: 1, name: t.dash_title_staff })).toBeVisible();
		for (const h of [t.dash_dim_category, t.dash_dim_district, t.dash_dim_school, t.dash_dim_department]) {
			await expect(staff.getByRole('heading', { level: 2, name: h })).toBeVisible();
		}
		const district = staff.locator('#dash-district');
		await expect(district.locator('svg').first()).toBeVisible();
		const table = district.getByRole('table');
		await expect(table.getByRole('columnheader', { name: t.dash_col_approval_rate })).toBeVisible();
		const firstRow = table.getByRole('row').nth(1);
		await expect(firstRow.getByRole('cell').first()).toHaveText(/^\d[\d,]*$/);
		// Nothing wider than the screen but the tables' own scrolling regions.
		const overflow = await staff.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		// axe runs in the page, so on the same page with JavaScript (still 320 px).
		const staffJs = await newPage(browser, locale, { width: 320 });
		await signInWithEmail(staffJs, locale, 'staff', '/staff');
		await staffJs.goto(`/${locale}/staff/dashboard`);
		await expect(staffJs.locator('#dash-district svg').first()).toBeVisible();
		await expectAccessible(staffJs);
		await staffJs.context().close();

		// The downloads (read through the page's session).
		const get = (path: string) => staff.request.get(`/${locale}/staff/dashboard/export?${path}`);
		const csv = await get('what=answers&format=csv');
		expect(csv.status()).toBe(200);
		expect(csv.headers()['content-type']).toContain('text/csv');
		const bytes = await csv.body();
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = bytes.toString('utf8');
		expect(text).toContain(t.dash_col_reply);
		expect(text).not.toMatch(UUID);
		const xlsx = await get('what=dashboard&format=xlsx');
		expect(xlsx.status()).toBe(200);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
		const ws = wb.worksheets[0]!;
		expect(ws.getRow(1).getCell(3).value).toBe(t.dash_col_submissions);
		expect(ws.rowCount).toBeGreaterThan(4);
		ws.eachRow((row) =>
			row.eachCell((cell) => {
				expect(cell.formula).toBeFalsy();
				if (typeof cell.value === 'string') {
					expect(cell.value).not.toMatch(FORMULA);
					expect(cell.value).not.toMatch(UUID);
				}
			})
		);
		expect((await get('what=everything&format=csv')).status()).toBe(404);

		// The city dashboard: admins only.
		expect((await staff.request.get(`/${locale}/admin/dashboard`, { maxRedirects: 0 })).status()).toBe(403);
		const admin = await newPage(browser, locale);
		await signInWithEmail(admin, locale, 'admin', '/admin');
		await admin.goto(`/${locale}/admin/dashboard`);
		await expect(admin.getByRole('heading', { level: 1, name: t.dash_title_admin })).toBeVisible();
		const cityRows = admin.locator('#dash-district').getByRole('table').getByRole('row');
		expect(await cityRows.count()).toBeGreaterThanOrEqual(await table.getByRole('row').count());
		await expectAccessible(admin);
		const cityCsv = await admin.request.get(`/${locale}/admin/dashboard/export?what=answers&format=csv`);
		expect(cityCsv.status()).toBe(200);
		expect((await cityCsv.body()).subarray(0, 3).toString('hex')).toBe('efbbbf');
		await staff.context().close();
		await admin.context().close();
	});
}
