/**
 * Issue 11 §6 and the import part of §8, once per language (English without JavaScript): an
 * admin lands on the admin page, imports a ledger workbook (made here with exceljs) whose bad row
 * the preview names, fixes it and imports it all at once; creates a department (an empty name is
 * refused, what was typed stays) and a staff account of that department and of 区交通运输局 (a
 * short password and a bad e-mail are refused first); the new account signs in and finds the
 * items routed to its departments, the seeded overdue one among them. Axe on every page, 320 px.
 * Everything made here is removed afterwards.
 */
import { randomInt } from 'node:crypto';
import ExcelJS from 'exceljs';
import { expect, type Browser, type Page } from '@playwright/test';
import { connect } from '../db/helpers';
import { demo, expectAccessible as expectAxe, fill, messages, type Locale, test } from './support';

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	const sheet = wb.addWorksheet('台账');
	for (const r of rows) sheet.addRow(r);
	return Buffer.from(await wb.xlsx.writeBuffer());
}

const HEADER = ['序号', '类别', '目标任务', '英文', '责任单位'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function newPage(browser: Browser, locale: Locale, javaScriptEnabled: boolean): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', javaScriptEnabled, viewport: { width: 320, height: 900 } });
	return context.newPage();
}

async function signIn(page: Page, locale: Locale, email: string, password: string, landing: string): Promise<void> {
	const t = messages(locale);
	await page.goto(`/${locale}/sign-in`);
	const adult = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_adult_heading }) });
	await adult.getByLabel(t.field_email!, { exact: true }).fill(email);
	await adult.getByLabel(t.field_password!, { exact: true }).fill(password);
	await adult.getByRole('button', { name: t.sign_in_adult_submit }).click();
	await expect(page).toHaveURL(new RegExp(`/${locale}${landing}$`));
}

async function cleanUp(year: number, email: string, departmentZh: string): Promise<void> {
	const sql = connect();
	try {
		await sql.begin(async (tx) => {
			await tx`delete from auth.users where email = ${email}`;
			await tx`delete from public.ledger_goal_departments where goal_id in (select id from public.ledger_goals where edition = ${year})`;
			await tx`delete from public.ledger_goals where edition = ${year}`;
			await tx`delete from public.ledger_category_targets where edition = ${year}`;
			await tx`delete from public.ledger_editions where year = ${year}`;
			await tx`delete from public.departments d where d.name_zh = ${departmentZh}
				and not exists (select 1 from public.ledger_goal_departments gd where gd.department_id = d.id)`;
		});
	} finally {
		await sql.end();
	}
}

for (const [locale, js] of [['zh-CN', true], ['en', false]] as const) {
	test(`an admin imports a ledger, adds a department and a staff account who reads its routed items (${locale}${js ? '' : ', no JavaScript'})`, async ({ browser }) => {
		test.slow();
		const t = messages(locale);
		const en = locale === 'en';
		const tag = String(Date.now() % 1_000_000);
		// Editions are 2000–2100; the ledger import e2e uses 2030–2099, the seed 2023.
		const year = 2001 + randomInt(0, 20);
		const deptZh = `儿童事务局${tag}`;
		const deptEn = `Children's Affairs Office ${tag}`;
		const email = `staff-${tag}-${locale}@demo.child-voice.test`.toLowerCase();
		const password = `first-pass-${tag}-ok`;
		// axe runs in the page: only with JavaScript (the no-JavaScript run checks the forms work).
		const expectAccessible = js ? expectAxe : async () => {};
		const admin = await newPage(browser, locale, js);
		let staff: Page | null = null;
		try {
			// Admins land on the admin page, which says what they can do.
			const { email: adminEmail, password: adminPassword } = demo('admin');
			await signIn(admin, locale, adminEmail, adminPassword, '/admin');
			const tasks = admin.getByRole('navigation', { name: t.admin2_landing_heading });
			await expect(tasks.getByRole('link', { name: t.admin2_link_dashboard, exact: true })).toHaveAttribute('href', `/${locale}/admin/dashboard`);
			await expectAccessible(admin);

			// The ledger import: a bad row is named, the fixed file imports all at once.
			await tasks.getByRole('link', { name: t.admin2_link_ledger_import, exact: true }).click();
			await expect(admin.getByRole('heading', { level: 1, name: t.ledger_import_title })).toBeVisible();
			await admin.getByLabel(t.field_edition!, { exact: true }).fill(String(year));
			await admin.getByLabel(t.field_ledger_file!, { exact: true }).setInputFiles({
				name: '台账.xlsx',
				mimeType: XLSX,
				buffer: await workbook([
					HEADER,
					[6, '成长空间友好', '建设一批口袋公园', 'Build pocket parks', deptZh],
					[7, '游乐', '儿童友好街区', 'Child-friendly blocks', '区政府']
				])
			});
			await admin.getByRole('button', { name: t.ledger_import_upload }).click();
			await expect(admin.getByText(fill(t.ledger_rows_summary!, { rows: 2, problems: 1 }))).toBeVisible();
			await expect(admin.locator('.row.has-problem')).toContainText(t.ledger_problem_category_unknown!);
			await expect(admin.getByText(t.ledger_import_blocked!)).toBeVisible();
			await expectAccessible(admin);
			await admin.getByRole('link', { name: t.ledger_preview_other_file }).click();
			await admin.getByLabel(t.field_edition!, { exact: true }).fill(String(year));
			await admin.getByLabel(t.field_ledger_file!, { exact: true }).setInputFiles({
				name: '台账.xlsx',
				mimeType: XLSX,
				buffer: await workbook([
					HEADER,
					[6, '成长空间友好', '建设一批口袋公园', 'Build pocket parks', deptZh],
					[7, '成长空间友好', '儿童友好街区', 'Child-friendly blocks', '区交通运输局']
				])
			});
			await admin.getByRole('button', { name: t.ledger_import_upload }).click();
			await expect(admin.getByText(fill(t.ledger_rows_summary!, { rows: 2, problems: 0 }))).toBeVisible();
			await admin.getByRole('button', { name: fill(t.ledger_import_submit!, { count: 2, edition: year }) }).click();
			await expect(admin.getByRole('status')).toHaveText(fill(t.ledger_imported_flash!, { edition: year, created: 2, updated: 0, unchanged: 0, kept: 0 }));

			// The import made the department by its Chinese name; the admin gives it an English one.
			await admin.goto(`/${locale}/admin`);
			await admin.getByRole('navigation', { name: t.admin2_landing_heading }).getByRole('link', { name: t.admin2_kind_departments, exact: true }).click();
			await expect(admin.getByRole('heading', { level: 1, name: t.admin2_kind_departments })).toBeVisible();
			await admin.getByLabel(t.admin2_search_label!, { exact: true }).fill(tag);
			await admin.getByRole('button', { name: t.admin2_search_submit, exact: true }).click();
			await expect(admin.getByText(fill(t.list_total!, { count: 1 }))).toBeVisible();
			await expectAccessible(admin);
			await admin.getByRole('link', { name: new RegExp(deptZh) }).click();
			await expect(admin.getByRole('heading', { level: 1 })).toHaveText(fill(t.admin2_edit_title!, { name: deptZh }));
			// An empty Chinese name: the error summary, the English name kept.
			await admin.getByLabel(t.admin2_field_name_zh!, { exact: true }).fill('  ');
			await admin.getByLabel(t.admin2_field_name_en_optional!, { exact: true }).fill(deptEn);
			await admin.getByRole('button', { name: t.admin2_save, exact: true }).click();
			const summary = admin.getByRole('alert');
			await expect(summary.getByRole('link', { name: t.error_required })).toHaveAttribute('href', '#field-name_zh');
			await expect(admin.getByLabel(t.admin2_field_name_en_optional!, { exact: true })).toHaveValue(deptEn);
			await expectAccessible(admin);
			await admin.getByLabel(t.admin2_field_name_zh!, { exact: true }).fill(deptZh);
			await admin.getByRole('button', { name: t.admin2_save, exact: true }).click();
			await expect(admin.getByRole('status')).toContainText(t.admin2_saved_flash!);
			await expect(admin.getByRole('status').getByRole('link', { name: en ? deptEn : deptZh, exact: true })).toBeVisible();

			// A staff account of that department and of 区交通运输局.
			await admin.goto(`/${locale}/admin/accounts?role=staff`);
			await expectAccessible(admin);
			await admin.getByRole('link', { name: t.admin2_add_staff, exact: true }).click();
			await expectAccessible(admin);
			const name = en ? `Officer ${tag}` : `赵科员${tag}`;
			await admin.getByLabel(t.admin2_field_display_name!, { exact: true }).fill(name);
			await admin.getByLabel(t.admin2_field_email!, { exact: true }).fill('not an e-mail');
			await admin.getByLabel(t.admin2_field_password!, { exact: true }).fill('short');
			await admin.getByRole('checkbox', { name: en ? deptEn : deptZh }).check();
			await admin.getByRole('button', { name: t.admin2_create_account, exact: true }).click();
			await expect(admin.getByRole('alert').getByRole('link', { name: t.admin2_error_password_length })).toBeVisible();
			await expect(admin.getByRole('alert').getByRole('link', { name: t.error_invalid })).toHaveAttribute('href', '#field-email');
			await expect(admin.getByLabel(t.admin2_field_display_name!, { exact: true })).toHaveValue(name);
			await expect(admin.getByRole('checkbox', { name: en ? deptEn : deptZh })).toBeChecked();
			// The server never sends a password back (with JavaScript the browser keeps what was typed).
			if (!js) await expect(admin.getByLabel(t.admin2_field_password!, { exact: true })).toHaveValue('');
			await expectAccessible(admin);
			await admin.getByLabel(t.admin2_field_email!, { exact: true }).fill(email);
			await admin.getByLabel(t.admin2_field_password!, { exact: true }).fill(password);
			await admin.getByRole('checkbox', { name: en ? 'District Transport Bureau' : '区交通运输局' }).check();
			await admin.getByRole('button', { name: t.admin2_create_account, exact: true }).click();
			await expect(admin.getByRole('status')).toHaveText(t.admin2_account_made!);
			await expect(admin.getByRole('heading', { level: 1 })).toHaveText(name);
			await expect(admin.getByRole('checkbox', { name: en ? deptEn : deptZh })).toBeChecked();
			await expectAccessible(admin);

			// The same e-mail again is refused on its field.
			await admin.goto(`/${locale}/admin/accounts/new?role=staff`);
			await admin.getByLabel(t.admin2_field_display_name!, { exact: true }).fill(name);
			await admin.getByLabel(t.admin2_field_email!, { exact: true }).fill(email.toUpperCase());
			await admin.getByLabel(t.admin2_field_password!, { exact: true }).fill(password);
			await admin.getByRole('button', { name: t.admin2_create_account, exact: true }).click();
			await expect(admin.getByRole('alert').getByRole('link', { name: t.admin2_error_email_taken })).toHaveAttribute('href', '#field-email');

			// The new account signs in and reads what is routed to its departments.
			staff = await newPage(browser, locale, js);
			await signIn(staff, locale, email, password, '/staff');
			await staff.getByRole('link', { name: t.routing_units_link }).click();
			await expect(staff.getByRole('heading', { level: 1 })).toHaveText(t.routing_units_title!);
			// Both departments are listed; one is shown at a time.
			await expect(staff.getByRole('link', { name: fill(t.routing_unit_department!, { name: en ? deptEn : deptZh }) })).toBeVisible();
			const transport = staff.getByRole('link', { name: fill(t.routing_unit_department!, { name: en ? 'District Transport Bureau' : '区交通运输局' }) });
			await transport.click();
			// Wait for its page: the tabs of the page before it do not carry the unit.
			await expect(transport).toHaveAttribute('aria-current', 'page');
			await staff.getByRole('link', { name: new RegExp(`^${t.routing_tab_overdue}`) }).click();
			await expect(staff).toHaveURL(/[?&]unit=p(:|%3A)de000000-0000-4000-8000-000000000001/);
			await expect(staff.getByRole('link', { name: '上学路上的红绿灯太短' })).toBeVisible();
			await expectAccessible(staff);
		} finally {
			await staff?.context().close();
			await admin.context().close();
			await cleanUp(year, email, deptZh);
		}
	});
}
