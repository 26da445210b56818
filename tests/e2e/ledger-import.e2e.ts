/**
 * An admin imports a ledger: upload an XLSX (made here with exceljs, as the city's spreadsheet:
 * Chinese headers, numbered rows, departments), see the problems of a bad file row by row, fix
 * the mapping, import, and find the goals on the public ledger. Both languages; axe on every
 * page; the whole flow once without JavaScript. The edition is a year no other test uses, and
 * it is removed afterwards.
 */
import { randomInt } from 'node:crypto';
import ExcelJS from 'exceljs';
import { expect, type Browser, type Page } from '@playwright/test';
import { connect } from '../db/helpers';
import { demo, expectAccessible, fill, messages, type Locale, test } from './support';

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	const sheet = wb.addWorksheet('2031年台账');
	for (const r of rows) sheet.addRow(r);
	return Buffer.from(await wb.xlsx.writeBuffer());
}

const HEADER = ['序号', '类别', '目标任务', '英文', '责任单位'];

async function newPage(browser: Browser, locale: Locale, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', javaScriptEnabled, viewport: { width: 320, height: 900 } });
	return context.newPage();
}

async function signInAsAdmin(page: Page, locale: Locale): Promise<void> {
	const t = messages(locale);
	const { email, password } = demo('admin');
	await page.goto(`/${locale}/sign-in`);
	const adult = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_adult_heading }) });
	await adult.getByLabel(t.field_email!, { exact: true }).fill(email);
	await adult.getByLabel(t.field_password!, { exact: true }).fill(password);
	await adult.getByRole('button', { name: t.sign_in_adult_submit }).click();
	// Admins start on their data page, not the public ledger.
	await expect(page).toHaveURL(new RegExp(`/${locale}/admin$`));
}

async function removeEdition(year: number): Promise<void> {
	const sql = connect();
	try {
		await sql.begin(async (tx) => {
			await tx`delete from public.ledger_goal_departments where goal_id in (select id from public.ledger_goals where edition = ${year})`;
			await tx`delete from public.ledger_goals where edition = ${year}`;
			await tx`delete from public.ledger_category_targets where edition = ${year}`;
			await tx`delete from public.ledger_editions where year = ${year}`;
		});
	} finally {
		await sql.end();
	}
}

for (const locale of ['zh-CN', 'en'] as const) {
	test(`an admin imports a ledger workbook: problems shown per row, mapping fixed, goals public (${locale})`, async ({ browser }) => {
		const t = messages(locale);
		const year = 2030 + randomInt(0, 60);
		const page = await newPage(browser, locale);
		try {
			await signInAsAdmin(page, locale);
			await page.getByRole('link', { name: t.nav_ledger_admin, exact: true }).click();
			await expect(page.getByRole('heading', { level: 1, name: t.admin_ledger_title })).toBeVisible();
			await expectAccessible(page);
			await page.getByRole('link', { name: t.ledger_import_title }).click();
			await expectAccessible(page);

			// A file that is no spreadsheet: a clear message, the year kept.
			await page.getByLabel(t.field_edition!, { exact: true }).fill(String(year));
			await page.getByLabel(t.field_ledger_file!, { exact: true }).setInputFiles({ name: 'ledger.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('<svg><script>alert(1)</script></svg>') });
			await page.getByRole('button', { name: t.ledger_import_upload }).click();
			await expect(page.getByRole('alert')).toContainText(t.error_file_unreadable!);
			await expect(page.getByLabel(t.field_edition!, { exact: true })).toHaveValue(String(year));

			// A workbook with a bad row: the preview lists its problems and offers no import.
			await page.getByLabel(t.field_ledger_file!, { exact: true }).setInputFiles({
				name: '台账.xlsx',
				mimeType: 'application/octet-stream',
				buffer: await workbook([
					HEADER,
					[6, '成长空间友好', '建设一批口袋公园', 'Build pocket parks', '市园林绿化局、市规划自然资源委'],
					[7, '游乐', '儿童友好街区', 'Child-friendly blocks', '区政府'],
					[12, '公共服务 友好', '新增中小学学位', 'New school places', '市教委']
				])
			});
			await page.getByRole('button', { name: t.ledger_import_upload }).click();
			await expect(page.getByRole('heading', { level: 1, name: t.ledger_preview_title })).toBeVisible();
			await expect(page.getByText(fill(t.ledger_rows_summary!, { rows: 3, problems: 1 }))).toBeVisible();
			await expect(page.locator('.row.has-problem')).toContainText(t.ledger_problem_category_unknown!);
			await expect(page.getByText(t.ledger_import_blocked!)).toBeVisible();
			await expectAccessible(page);

			// The corrected file; then a wrong mapping (no English column) blocks, the right one imports.
			await page.getByRole('link', { name: t.ledger_preview_other_file }).click();
			await page.getByLabel(t.field_edition!, { exact: true }).fill(String(year));
			await page.getByLabel(t.field_ledger_file!, { exact: true }).setInputFiles({
				name: '台账.xlsx',
				mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				buffer: await workbook([
					HEADER,
					[6, '成长空间友好', '建设一批口袋公园', 'Build pocket parks', '市园林绿化局、市规划自然资源委'],
					[7, 'space', '儿童友好街区', 'Child-friendly blocks', '区政府'],
					[12, '公共服务 友好', '新增中小学学位', 'New school places', '市教委']
				])
			});
			await page.getByRole('button', { name: t.ledger_import_upload }).click();
			const summary = page.getByText(fill(t.ledger_rows_summary!, { rows: 3, problems: 0 }));
			await expect(summary).toContainText(fill(t.ledger_rows_effects!, { new: 3, changed: 0, same: 0 }));
			await page.getByLabel(t.ledger_field_title_en!, { exact: true }).selectOption('-');
			await page.getByRole('button', { name: t.ledger_mapping_apply }).click();
			await expect(page.getByText(t.ledger_import_blocked!)).toBeVisible();
			await page.getByLabel(t.ledger_field_title_en!, { exact: true }).selectOption({ index: 4 });
			await page.getByRole('button', { name: t.ledger_mapping_apply }).click();
			await page.getByLabel(t.category_space!, { exact: true }).fill('26');
			await expectAccessible(page);
			await page.getByRole('button', { name: fill(t.ledger_import_submit!, { count: 3, edition: year }) }).click();

			await expect(page).toHaveURL(new RegExp(`/${locale}/admin/ledger\\?done=imported`));
			await expect(page.getByRole('status')).toHaveText(fill(t.ledger_imported_flash!, { edition: year, created: 3, updated: 0, unchanged: 0, kept: 0 }));
			const section = page.locator('section', { has: page.getByRole('heading', { name: new RegExp(String(year)) }) });
			await expect(section.getByRole('row', { name: new RegExp(t.category_space!) })).toContainText('26');
			await expectAccessible(page);

			// The goals are public, with their codes made from category and number.
			await page.goto(`/${locale}/ledger?edition=${year}`);
			await expect(page.getByText('SPC-06')).toBeVisible();
			await expect(page.getByText(locale === 'en' ? 'Build pocket parks' : '建设一批口袋公园')).toBeVisible();
			await expect(page.getByText('SRV-12')).toBeVisible();
		} finally {
			await page.context().close();
			await removeEdition(year);
		}
	});
}

test('without JavaScript: upload, preview and import are plain forms', async ({ browser }) => {
	const locale: Locale = 'en';
	const t = messages(locale);
	const year = 2091 + randomInt(0, 9);
	const page = await newPage(browser, locale, false);
	try {
		await signInAsAdmin(page, locale);
		await page.goto(`/${locale}/admin/ledger/import`);
		await page.getByLabel(t.field_edition!, { exact: true }).fill(String(year));
		await page.getByLabel(t.field_ledger_file!, { exact: true }).setInputFiles({
			name: 'ledger.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from('\ufeffcode,category,title_zh,title_en\r\nENV-01,发展环境友好,儿童友好医院,Child-friendly hospitals\r\n')
		});
		await page.getByRole('button', { name: t.ledger_import_upload }).click();
		await expect(page.getByText(fill(t.ledger_rows_summary!, { rows: 1, problems: 0 }), { exact: false })).toBeVisible();
		const preview = new URL(page.url());
		await page.getByRole('button', { name: fill(t.ledger_import_submit!, { count: 1, edition: year }) }).click();
		await expect(page.getByRole('status')).toContainText(fill(t.ledger_imported_flash!, { edition: year, created: 1, updated: 0, unchanged: 0, kept: 0 }));
		// The same import sent again (a double click, a resent form): no error page, the ledger says so.
		const again = await page.request.post(`${preview.pathname}?/import`, {
			headers: { origin: preview.origin, accept: 'text/html' },
			form: { map_code: '0', map_category: '1', map_title_zh: '2', map_title_en: '3', map_departments: '-' }
		});
		expect(again.status()).toBe(200);
		expect(again.url()).toMatch(/\/en\/admin\/ledger\?done=gone$/);
		expect(await again.text()).toContain(t.ledger_import_gone!);
	} finally {
		await page.context().close();
		await removeEdition(year);
	}
});
