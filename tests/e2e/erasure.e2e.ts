import { createClient } from '@supabase/supabase-js';
import { expect, type Browser, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { CLASS_CODE, demo, expectAccessible, fill, messages, signInWithEmail, type Locale, test } from './support';

// Erasing a child from the teacher's pages (a check-answers step first), in both languages, with
// and without JavaScript; and the admin's data page (retention, archived classes).

const DEMO_CLASS_ID = 'c1000000-0000-4000-8000-000000000052';

function supabase(key: string) {
	return createClient(process.env.PUBLIC_SUPABASE_URL!, key, {
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
	});
}
const admin = () => supabase(process.env.SUPABASE_SERVICE_ROLE_KEY!);

/** A child of the demo class (with consent) who has sent one proposal; returns its card and title. */
async function childWithProposal(low: number) {
	const number = low + Math.floor(Math.random() * 100);
	const email = `${CLASS_CODE.toLowerCase()}-${number}@login-card.invalid`;
	const words = 'robot melon kite';
	const nickname = `小雨${number}`;
	const created = await admin().auth.admin.createUser({
		email,
		password: words,
		email_confirm: true,
		app_metadata: { role: 'student', display_name: nickname, class_id: DEMO_CLASS_ID, student_number: number, guardian_consent: true }
	});
	if (created.error) throw created.error;
	const child = supabase(process.env.PUBLIC_SUPABASE_ANON_KEY!);
	const signedIn = await child.auth.signInWithPassword({ email, password: words });
	if (signedIn.error) throw signedIn.error;
	const title = `秋千坏了 ${number}`;
	const sent = await child.rpc('submit_proposal', { p_title: title, p_problem: '秋千的链子断了。', p_suggestions: '换一条新链子。', p_who_should_act: '社区' });
	if (sent.error) throw sent.error;
	return { id: created.data.user!.id, number, email, words, nickname, title };
}

async function newPage(browser: Browser, locale: Locale, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', javaScriptEnabled });
	return context.newPage();
}

for (const [locale, javaScriptEnabled] of [['zh-CN', true], ['en', false]] as const) {
	test(`a teacher erases a child after checking what goes and what stays (${locale}${javaScriptEnabled ? '' : ', without JavaScript'})`, async ({ browser }) => {
		test.slow();
		const t = messages(locale);
		const c = await childWithProposal(locale === 'en' ? 700 : 800);
		try {
			const teacher = await newPage(browser, locale, javaScriptEnabled);
			await signInWithEmail(teacher, locale, 'teacher', '/teacher');
			// Found through the queue's search: the first page holds the 20 oldest waiting items.
			await teacher.goto(`/${locale}/teacher?q=${encodeURIComponent(c.title)}`);
			await expect(teacher.getByRole('link', { name: c.title })).toBeVisible();
			await teacher.goto(`/${locale}/teacher/consent`);
			await teacher.getByRole('link', { name: fill(t.teacher_consent_open!, { number: c.number }) }).click();
			await teacher.getByRole('link', { name: fill(t.teacher_erase_link!, { number: c.number }) }).click();
			// Check first: which child, what will be deleted, what stays.
			await expect(teacher.getByRole('heading', { level: 1 })).toHaveText(fill(t.teacher_erase_title!, { number: c.number, name: c.nickname }));
			await expect(teacher.getByText(t.teacher_erase_deleted_texts!)).toBeVisible();
			await expect(teacher.getByText(t.teacher_erase_kept_published!)).toBeVisible();
			if (javaScriptEnabled) await expectAccessible(teacher);
			// Going back erases nothing.
			await teacher.getByRole('link', { name: t.teacher_erase_cancel }).click();
			await expect(teacher.getByRole('heading', { level: 1 })).toHaveText(fill(t.teacher_consent_child_title!, { number: c.number, name: c.nickname }));
			await teacher.getByRole('link', { name: fill(t.teacher_erase_link!, { number: c.number }) }).click();
			await teacher.getByRole('button', { name: fill(t.teacher_erase_submit!, { number: c.number }) }).click();
			await expect(teacher.getByRole('status')).toHaveText(fill(t.teacher_erase_done_flash!, { number: c.number }));
			await expect(teacher.getByRole('row', { name: new RegExp(c.nickname) })).toHaveCount(0);
			if (javaScriptEnabled) await expectAccessible(teacher);
			// The proposal that was never published is gone from the class queue.
			await teacher.goto(`/${locale}/teacher?state=all`);
			await expect(teacher.getByRole('link', { name: c.title })).toHaveCount(0);
			// The login card is gone: the Auth user no longer exists, and the card does not sign in.
			const gone = await admin().auth.admin.getUserById(c.id);
			expect(gone.error?.status).toBe(404);
			const again = await supabase(process.env.PUBLIC_SUPABASE_ANON_KEY!).auth.signInWithPassword({ email: c.email, password: c.words });
			expect(again.error?.code).toBe('invalid_credentials');
		} finally {
			await admin().auth.admin.deleteUser(c.id).catch(() => undefined);
		}
	});
}

test('the admin data page: the dry run, the period (checked), running retention, archived classes (en)', async ({ browser }) => {
	const locale: Locale = 'en';
	const t = messages(locale);
	const page = await newPage(browser, locale);
	const { email, password } = demo('admin');
	await page.goto(`/${locale}/sign-in`);
	const adult = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_adult_heading }) });
	await adult.getByLabel(t.field_email!, { exact: true }).fill(email);
	await adult.getByLabel(t.field_password!, { exact: true }).fill(password);
	await adult.getByRole('button', { name: t.sign_in_adult_submit }).click();
	await page.getByRole('link', { name: t.nav_admin }).click();
	await expect(page.getByRole('heading', { level: 1, name: t.admin_title })).toBeVisible();
	await expectAccessible(page);

	// A period out of bounds is refused, the value kept; the same period saves.
	const months = page.getByLabel(t.field_keep_months!, { exact: true });
	await months.fill('3');
	await page.getByRole('button', { name: t.admin_period_submit }).click();
	await expect(page.getByRole('alert')).toContainText(t.field_keep_months!);
	await expect(months).toHaveValue('3');
	await months.fill('36');
	await page.getByRole('button', { name: t.admin_period_submit }).click();
	await expect(page.getByRole('status')).toHaveText(fill(t.admin_period_saved!, { months: 36 }));

	// Nothing in the test data is 3 years old: the run deletes 0, and says so.
	await page.getByRole('button', { name: fill(t.admin_retention_run!, { count: 0 }) }).click();
	await expect(page.getByRole('status')).toHaveText(fill(t.admin_retention_ran!, { count: 0 }));

	// The seed's archived class is listed only under archived classes; restore it and archive it again.
	await expect(page.getByRole('button', { name: fill(t.admin_class_restore!, { class: 'DEMO41' }) })).toHaveCount(0);
	await page.getByRole('link', { name: t.admin_classes_show_archived }).click();
	await page.getByRole('button', { name: fill(t.admin_class_restore!, { class: 'DEMO41' }) }).click();
	await expect(page.getByRole('status')).toHaveText(t.admin_class_restored_flash!);
	await page.getByRole('link', { name: t.admin_classes_show_active }).click();
	await page.getByLabel(t.field_class_code!, { exact: true }).fill('DEMO41');
	await page.getByRole('button', { name: t.admin_classes_find }).click();
	await page.getByRole('button', { name: fill(t.admin_class_archive!, { class: 'DEMO41' }) }).click();
	await expect(page.getByRole('status')).toHaveText(t.admin_class_archived_flash!);
	// Back on the same search, not the whole list.
	await expect(page).toHaveURL(/[?&]code=DEMO41(&|$)/);
	await expect(page.getByLabel(t.field_class_code!, { exact: true })).toHaveValue('DEMO41');
	await expectAccessible(page);
});
