/**
 * Issue 11 §6, the admin forms the other e2e files do not open: a district, a street office, a
 * community, a school and a department are added, refused as a duplicate (what was typed stays),
 * edited at the version shown, and refused with the "it changed" notice when a second tab saves
 * an older version; a staff account's name and sign-in e-mail are changed (Auth's admin API: the
 * new address signs in), a taken e-mail is refused on its field with the typed values kept, its
 * units are saved in one change, and a stale save is refused. zh-CN and en with JavaScript (axe on
 * every page), en once without JavaScript; 320 px wide. Everything made here is removed afterwards.
 */
import { expect, type Browser, type Page } from '@playwright/test';
import { connect } from '../db/helpers';
import { demo, expectAccessible as expectAxe, fill, messages, type Locale, test } from './support';

type Kind = 'districts' | 'street-offices' | 'communities' | 'schools' | 'departments';

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

async function cleanUp(tag: string, emails: string[]): Promise<void> {
	const sql = connect();
	try {
		await sql.begin(async (tx) => {
			await tx`delete from auth.users where lower(email) = any(${emails})`;
			await tx`delete from public.schools where name_zh like ${'%' + tag}`;
			await tx`delete from public.communities where name_zh like ${'%' + tag}`;
			await tx`delete from public.street_offices where name_zh like ${'%' + tag}`;
			await tx`delete from public.districts where name_zh like ${'%' + tag}`;
			await tx`delete from public.departments where name_zh like ${'%' + tag}`;
		});
	} finally {
		await sql.end();
	}
}

/** The value of the option of a select whose text starts with `text` (choices read "name · district"). */
async function choose(page: Page, label: string, text: string): Promise<void> {
	const select = page.getByLabel(label, { exact: true });
	const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
	await select.selectOption(value!);
}

for (const [locale, js] of [['zh-CN', true], ['en', true], ['en', false]] as const) {
	test(`admin forms: places and departments added, duplicates and stale versions refused (${locale}${js ? '' : ', no JavaScript'})`, async ({ browser }) => {
		// Five kinds, each added, refused, edited and refused again: long on a busy machine.
		test.setTimeout(600_000);
		const t = messages(locale);
		const en = locale === 'en';
		const tag = `${js ? 'j' : 'n'}${Date.now() % 1_000_000}`;
		const code = `E2E${tag}`.toUpperCase();
		const shown = (zh: string, enName: string) => (en ? enName : zh);
		const expectAccessible = js ? expectAxe : async () => {};
		const admin = await newPage(browser, locale, js);
		// A second tab of the same admin, for the stale versions.
		const other = await admin.context().newPage();
		try {
			const { email: adminEmail, password: adminPassword } = demo('admin');
			await signIn(admin, locale, adminEmail, adminPassword, '/admin');

			const kinds: { kind: Kind; add: string; zh: string; en: string; fillRest: (p: Page) => Promise<void> }[] = [
				{ kind: 'districts', add: t.admin2_add_district!, zh: `测试区${tag}`, en: `Test District ${tag}`, fillRest: async (p) => p.getByLabel(t.admin2_field_code!, { exact: true }).fill(code.toLowerCase()) },
				{ kind: 'street-offices', add: t.admin2_add_street_office!, zh: `测试街道${tag}`, en: `Test Street ${tag}`, fillRest: (p) => choose(p, t.admin2_field_district!, shown(`测试区${tag}`, `Test District ${tag}`)) },
				{
					kind: 'communities',
					add: t.admin2_add_community!,
					zh: `测试社区${tag}`,
					en: `Test Community ${tag}`,
					fillRest: async (p) => {
						await choose(p, t.admin2_field_district!, shown(`测试区${tag}`, `Test District ${tag}`));
						await choose(p, t.admin2_field_street_office!, shown(`测试街道${tag}`, `Test Street ${tag}`));
					}
				},
				{
					kind: 'schools',
					add: t.admin2_add_school!,
					zh: `测试小学${tag}`,
					en: `Test School ${tag}`,
					fillRest: async (p) => {
						await choose(p, t.admin2_field_district!, shown(`测试区${tag}`, `Test District ${tag}`));
						await choose(p, t.admin2_field_community!, shown(`测试社区${tag}`, `Test Community ${tag}`));
					}
				},
				{ kind: 'departments', add: t.admin2_add_department!, zh: `测试局${tag}`, en: `Test Bureau ${tag}`, fillRest: async () => {} }
			];
			const nameEnLabel = (kind: Kind) => (kind === 'departments' ? t.admin2_field_name_en_optional! : t.admin2_field_name_en!);

			for (const k of kinds) {
				// Add.
				await admin.goto(`/${locale}/admin/places/${k.kind}`);
				await admin.getByRole('link', { name: k.add, exact: true }).click();
				await expect(admin.getByRole('heading', { level: 1 })).toHaveText(k.add);
				await expectAccessible(admin);
				const fillForm = async (p: Page, enName: string) => {
					await k.fillRest(p);
					await p.getByLabel(t.admin2_field_name_zh!, { exact: true }).fill(k.zh);
					await p.getByLabel(nameEnLabel(k.kind), { exact: true }).fill(enName);
				};
				await fillForm(admin, k.en);
				await admin.getByRole('button', { name: t.admin2_save, exact: true }).click();
				const flash = admin.getByRole('status');
				await expect(flash).toContainText(t.admin2_saved_flash!);
				await expect(flash.getByRole('link', { name: shown(k.zh, k.en), exact: true })).toBeVisible();
				await expectAccessible(admin);
				const editUrl = new URL((await flash.getByRole('link').getAttribute('href'))!, admin.url()).toString();

				// The same Chinese name again (a district with another code): refused, the typed values kept.
				await admin.goto(`/${locale}/admin/places/${k.kind}/new`);
				await fillForm(admin, `${k.en} again`);
				if (k.kind === 'districts') await admin.getByLabel(t.admin2_field_code!, { exact: true }).fill(`${code}X`);
				await admin.getByRole('button', { name: t.admin2_save, exact: true }).click();
				await expect(admin.getByRole('alert')).toContainText(t.admin2_name_taken!);
				await expect(admin.getByLabel(t.admin2_field_name_zh!, { exact: true })).toHaveValue(k.zh);
				await expect(admin.getByLabel(nameEnLabel(k.kind), { exact: true })).toHaveValue(`${k.en} again`);
				await expectAccessible(admin);

				// Edit at the version shown; a second tab opened before that save is refused.
				await admin.goto(editUrl);
				await other.goto(editUrl);
				await expect(admin.getByRole('heading', { level: 1 })).toHaveText(fill(t.admin2_edit_title!, { name: shown(k.zh, k.en) }));
				await expectAccessible(admin);
				await admin.getByLabel(nameEnLabel(k.kind), { exact: true }).fill(`${k.en} edited`);
				await admin.getByRole('button', { name: t.admin2_save, exact: true }).click();
				await expect(admin.getByRole('status').getByRole('link', { name: shown(k.zh, `${k.en} edited`), exact: true })).toBeVisible();
				await other.getByLabel(nameEnLabel(k.kind), { exact: true }).fill(`${k.en} older`);
				await other.getByRole('button', { name: t.admin2_save, exact: true }).click();
				await expect(other.getByTestId('changed-notice')).toContainText(t.admin2_changed!);
				await expect(other.getByLabel(nameEnLabel(k.kind), { exact: true })).toHaveValue(`${k.en} older`);
				await expectAccessible(other);
				k.en = `${k.en} edited`;
			}

		} finally {
			await admin.context().close();
			await cleanUp(tag, []);
		}
	});
}

for (const [locale, js] of [['zh-CN', true], ['en', true], ['en', false]] as const) {
	test(`admin forms: a staff account's name, sign-in e-mail and units, a taken e-mail and a stale version refused (${locale}${js ? '' : ', no JavaScript'})`, async ({ browser }) => {
		test.setTimeout(600_000);
		const t = messages(locale);
		const en = locale === 'en';
		const tag = `${js ? 'j' : 'n'}${Date.now() % 1_000_000}`;
		const expectAccessible = js ? expectAxe : async () => {};
		const emails = [`edit-${tag}-a@demo.child-voice.test`, `edit-${tag}-b@demo.child-voice.test`];
		const admin = await newPage(browser, locale, js);
		const other = await admin.context().newPage();
		try {
			const { email: adminEmail, password: adminPassword } = demo('admin');
			await signIn(admin, locale, adminEmail, adminPassword, '/admin');
			// A staff account: made, then its name and e-mail changed.
			await admin.goto(`/${locale}/admin/accounts/new?role=staff`);
			const name = en ? `Officer ${tag}` : `钱科员${tag}`;
			const password = `first-pass-${tag}-ok`;
			await admin.getByLabel(t.admin2_field_display_name!, { exact: true }).fill(name);
			await admin.getByLabel(t.admin2_field_email!, { exact: true }).fill(emails[0]!);
			await admin.getByLabel(t.admin2_field_password!, { exact: true }).fill(password);
			await admin.getByRole('button', { name: t.admin2_create_account, exact: true }).click();
			await expect(admin.getByRole('status')).toHaveText(t.admin2_account_made!);
			const accountUrl = admin.url().replace(/\?.*$/, '');
			await expectAccessible(admin);

			const nameField = (p: Page) => p.getByLabel(t.admin2_field_display_name!, { exact: true });
			const emailField = (p: Page) => p.getByLabel(t.admin2_field_email!, { exact: true });
			const renamed = `${name} 二`;
			await nameField(admin).fill(renamed);
			await emailField(admin).fill(emails[1]!.toUpperCase());
			await admin.getByRole('button', { name: t.admin3_save_details, exact: true }).click();
			await expect(admin.getByRole('status')).toHaveText(t.admin2_saved_flash!);
			await expect(admin.getByRole('heading', { level: 1 })).toHaveText(renamed);
			await expect(emailField(admin)).toHaveValue(emails[1]!);
			await expectAccessible(admin);

			// An e-mail another account signs in with: refused on its field, the typed values kept.
			await nameField(admin).fill(`${name} 三`);
			await emailField(admin).fill(demo('staff').email);
			await admin.getByRole('button', { name: t.admin3_save_details, exact: true }).click();
			await expect(admin.getByRole('alert').getByRole('link', { name: t.admin2_error_email_taken })).toHaveAttribute('href', '#field-email');
			await expect(nameField(admin)).toHaveValue(`${name} 三`);
			await expect(emailField(admin)).toHaveValue(demo('staff').email);
			await expect(admin.getByRole('heading', { level: 1 })).toHaveText(renamed);
			await expectAccessible(admin);

			// Units in one change; a tab opened before it is refused.
			await admin.goto(accountUrl);
			await other.goto(accountUrl);
			const deptBox = (p: Page) => p.getByRole('checkbox', { name: en ? 'District Transport Bureau' : '区交通运输局', exact: true });
			await deptBox(admin).check();
			await admin.getByRole('button', { name: t.admin3_save_units, exact: true }).click();
			await expect(admin.getByRole('status')).toHaveText(t.admin2_saved_flash!);
			await expect(deptBox(admin)).toBeChecked();
			await nameField(other).fill(`${name} 四`);
			await other.getByRole('button', { name: t.admin3_save_details, exact: true }).click();
			await expect(other.getByTestId('changed-notice')).toContainText(t.admin2_changed!);
			await expect(nameField(other)).toHaveValue(`${name} 四`);
			await expect(deptBox(other)).toBeChecked();
			await expectAccessible(other);
			await admin.reload();
			await expect(admin.getByRole('heading', { level: 1 })).toHaveText(renamed);

			// Auth changed the address: the new one signs in with the same password, the old one no longer.
			const staff = await newPage(browser, locale, js);
			try {
				await signIn(staff, locale, emails[1]!, password, '/staff');
			} finally {
				await staff.context().close();
			}
		} finally {
			await admin.context().close();
			await cleanUp(tag, emails);
		}
	});
}
