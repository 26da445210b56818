import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { expect, type Browser, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { demo, expectAccessible, fill, messages, signInWithCard, signInWithEmail, type Locale, test } from './support';

// Following what happened (issue 9 §4–§5), once per language: a child withdraws a proposal the
// teacher has not read (the status path shows it); another child of the school co-signs a
// forwarded proposal and sees the count; the teacher's bell counts a new arrival and goes down
// when it is marked read; the author's bell counts the approval and "mark all as read" clears it.
// axe on every new page; the English run does the children's part without JavaScript.

function api(): SupabaseClient {
	return createClient(process.env.PUBLIC_SUPABASE_URL!, process.env.PUBLIC_SUPABASE_ANON_KEY!, {
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
	});
}

/** A supabase-js client signed in as a demo account (the same Data API the app uses). */
async function as(who: number | 'teacher'): Promise<SupabaseClient> {
	const client = api();
	const { email, password } = demo(who);
	const { error } = await client.auth.signInWithPassword({ email, password });
	if (error) throw error;
	return client;
}

async function send(child: SupabaseClient, title: string): Promise<string> {
	const { data, error } = await child.rpc('submit_proposal', {
		p_title: title,
		p_problem: '放学的路上没有路灯，天黑了看不清。',
		p_suggestions: '在小路上装两盏路灯。',
		p_who_should_act: '街道办'
	});
	if (error) throw error;
	return (data as { id: string }[])[0]!.id;
}

async function approveAsTeacher(teacher: SupabaseClient, id: string, title: string) {
	const { data: row, error: readError } = await teacher.from('class_queue').select('version').eq('id', id).single();
	if (readError) throw readError;
	const { error } = await teacher.rpc('approve_submission', {
		p_submission_id: id,
		p_version: row.version,
		p_public_title: title,
		p_public_problem: '放学的路上没有路灯，天黑了看不清。',
		p_public_suggestions: '在小路上装两盏路灯。',
		p_public_who_should_act: '街道办'
	});
	if (error) throw error;
}

async function newPage(browser: Browser, locale: Locale, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', javaScriptEnabled });
	return context.newPage();
}

/** The number on the bell (0 when it shows none). */
async function bell(page: Page): Promise<number> {
	const count = page.getByTestId('bell').locator('.bell-count');
	return (await count.count()) === 0 ? 0 : Number(await count.textContent());
}

for (const locale of ['zh-CN', 'en'] as Locale[]) {
	const t = messages(locale);
	const js = locale === 'zh-CN';

	test(`${locale}: withdraw, co-sign, and the bell${js ? '' : ' (children without JavaScript)'}`, async ({ browser }) => {
		// Five people's pages with axe on most of them: longer than the default on a shared machine.
		test.setTimeout(360_000);
		// axe runs in the page: the children's pages are checked in the run with JavaScript.
		const axe = (page: Page) => (page === teacher || js ? expectAccessible(page) : Promise.resolve());
		const tag = `${locale}-${Math.random().toString(36).slice(2, 7)}`;
		const author = await as(1);
		const teacherApi = await as('teacher');

		// The teacher's bell counts a new arrival.
		const teacher = await newPage(browser, locale);
		await signInWithEmail(teacher, locale, 'teacher', '/teacher');
		const teacherBefore = await bell(teacher);
		const toWithdraw = await send(author, `收回 ${tag}`);
		const toCosign = await send(author, `路灯 ${tag}`);
		await teacher.reload();
		expect(await bell(teacher)).toBe(teacherBefore + 2);
		await expect(teacher.getByTestId('bell')).toHaveAttribute('aria-label', fill(t.follow_bell_unread!, { count: teacherBefore + 2 }));

		// The author withdraws one (status path, "are you sure?", then it is back with them).
		const child = await newPage(browser, locale, js);
		await signInWithCard(child, locale, 1, { axe: js });
		await child.goto(`/${locale}/me/proposals/${toWithdraw}`);
		const path = child.getByTestId('status-path');
		await expect(path.locator('[aria-current="step"]')).toContainText(t.follow_step_sent!);
		await expect(child.getByTestId('what-next')).toHaveText(t.follow_next_submitted!);
		await axe(child);
		await child.getByRole('link', { name: t.follow_withdraw_start, exact: true }).click();
		await expect(child.getByRole('heading', { name: t.follow_withdraw_confirm_heading })).toBeVisible();
		await axe(child);
		await child.getByRole('button', { name: t.follow_withdraw_yes }).click();
		await expect(child.getByRole('status')).toHaveText(t.follow_withdrawn_flash!);
		await expect(child.getByText(t.follow_state_withdrawn!, { exact: true }).first()).toBeVisible();
		await expect(child.getByTestId('what-next')).toHaveText(t.follow_next_withdrawn!);
		await expect(child.getByRole('link', { name: t.follow_withdraw_start, exact: true })).toHaveCount(0);
		await axe(child);

		// The withdrawn one left the teacher's bell and queue.
		await teacher.reload();
		expect(await bell(teacher)).toBe(teacherBefore + 1);
		await teacher.goto(`/${locale}/teacher/notifications`);
		await axe(teacher);
		const lines = teacher.getByTestId('notifications');
		await expect(lines.getByText(`收回 ${tag}`)).toHaveCount(0);
		const line = lines.locator('li', { hasText: `路灯 ${tag}` });
		await expect(line).toContainText(t.follow_note_submitted!);
		await line.getByRole('button', { name: new RegExp(t.follow_notifications_mark_one!) }).click();
		await expect(teacher.getByRole('status')).toHaveText(t.follow_notifications_marked!);
		expect(await bell(teacher)).toBe(teacherBefore);

		// The teacher approves; the author's bell counts it; another child co-signs.
		await child.goto(`/${locale}/me`);
		const childBefore = await bell(child);
		await approveAsTeacher(teacherApi, toCosign, `路灯 ${tag}`);
		await child.reload();
		expect(await bell(child)).toBe(childBefore + 1);

		const classmate = await newPage(browser, locale, js);
		await signInWithCard(classmate, locale, 4, { axe: false });
		await expect(classmate.getByTestId('school-teaser')).toContainText(`路灯 ${tag}`);
		await classmate.getByRole('link', { name: t.follow_school_see_all, exact: true }).click();
		await expect(classmate.getByRole('heading', { level: 1, name: t.follow_school_title })).toBeVisible();
		await axe(classmate);
		await classmate.getByRole('link', { name: `路灯 ${tag}`, exact: true }).click();
		await expect(classmate.getByTestId('cosigners')).toContainText(fill(t.follow_cosigners_count!, { count: 0 }));
		await axe(classmate);
		await classmate.getByRole('button', { name: t.follow_cosign_button }).click();
		await expect(classmate.getByRole('status')).toHaveText(t.follow_cosign_done!);
		await expect(classmate.getByTestId('cosigners')).toContainText(fill(t.follow_cosigners_count!, { count: 1 }));
		await expect(classmate.getByRole('button', { name: t.follow_cosign_button })).toHaveCount(0);
		await axe(classmate);

		// The author sees the count on their own page, and the teacher sees who co-signed.
		await child.goto(`/${locale}/me/proposals/${toCosign}`);
		await expect(child.getByTestId('cosigners')).toContainText(fill(t.follow_cosigners_count!, { count: 1 }));
		await expect(child.getByTestId('status-path').locator('[aria-current="step"]')).toContainText(t.follow_step_answered!);
		await teacher.goto(`/${locale}/teacher/submissions/${toCosign}`);
		await expect(teacher.getByTestId('cosigners')).toContainText(demo(4).nickname!);

		// The author reads their notifications and marks all read: the bell shows none.
		await child.goto(`/${locale}/me/notifications`);
		await axe(child);
		// Two lines about it: approved, and the co-sign (one line with the count, issue 9 §5).
		const mine = child.getByTestId('notifications').locator('li', { hasText: `路灯 ${tag}` });
		await expect(mine.filter({ hasText: t.follow_note_child_approved! })).toHaveCount(1);
		await expect(mine.filter({ hasText: fill(t.child2_note_cosigned!, { count: 1 }) })).toHaveCount(1);
		await child.getByRole('button', { name: t.follow_notifications_mark_all, exact: true }).click();
		await expect(child.getByRole('status')).toHaveText(t.follow_notifications_marked!);
		expect(await bell(child)).toBe(0);
		await expect(child.getByText(t.follow_notifications_none_unread!, { exact: true })).toBeVisible();
		await axe(child);
	});
}

for (const locale of ['zh-CN', 'en'] as Locale[]) {
	const t = messages(locale);

	test(`${locale}: staff see one line per forwarded item, and the admin's page is there`, async ({ browser }) => {
		test.setTimeout(240_000);
		const page = await newPage(browser, locale);
		await signInWithEmail(page, locale, 'staff', '/staff');
		await page.getByTestId('bell').click();
		await expect(page.getByRole('heading', { level: 1, name: t.follow_notifications_title })).toBeVisible();
		await page.getByRole('link', { name: new RegExp(`^${t.follow_notifications_filter_all}`) }).click();
		await expectAccessible(page);
		// The seeded answered proposal was forwarded, then answered: still one line.
		await expect(page.getByTestId('notifications').locator('li', { hasText: '口袋公园的秋千太少' })).toHaveCount(1);

		const admin = await newPage(browser, locale);
		await signInWithEmail(admin, locale, 'admin', '/admin');
		await admin.getByTestId('bell').click();
		await expect(admin.getByRole('heading', { level: 1, name: t.follow_notifications_title })).toBeVisible();
		await expectAccessible(admin);
	});
}
