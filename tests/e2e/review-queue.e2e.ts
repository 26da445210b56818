import { randomBytes } from 'node:crypto';
import { expect, type Browser, type Page } from '@playwright/test';
import { actAs, asSuperuser, connect, createAccount, one, user, type Tx } from '../db/helpers';
import { demo, expectAccessible, fill, LOCALES, messages, type Locale, test } from './support';

// The review queue (issue 10 §2) in both languages: 40 items on a 390 px phone as cards, search
// in Chinese titles, a resubmission's word-level diff with what the teacher asked, praise the
// child reads, announced keyboard shortcuts that never fire in a text field, and bulk approve
// without JavaScript reporting each item (one changed after the teacher looked). Every item is
// made through the database functions as the children and the teacher (one transaction each).

test.describe.configure({ mode: 'serial' });

interface World {
	tag: string;
	districtId: string;
	schoolId: string;
	teacherName: string;
	classId: string;
	classCode: string;
	teacher: { email: string; password: string };
	child: { studentNumber: number; secretWords: string; nickname: string; id: string };
	other: { id: string; nickname: string };
	lampTitle: string;
	flaggedTitle: string;
	resubmitted: { id: string; asked: string };
	/** Clean waiting items per locale, for praise and bulk approve. */
	praise: Record<Locale, string>;
	bulk: Record<Locale, string[]>;
	changing: string;
}

let w: World;

const WAITING = 40;

async function createWorld(): Promise<World> {
	const sql = connect();
	try {
		const tag = randomBytes(3).toString('hex').toUpperCase();
		const classCode = `RQ${tag}`;
		const teacher = { email: `teacher-${tag.toLowerCase()}@queue.child-voice.test`, password: `teacher-${tag}-pw` };
		const child = { studentNumber: 7, secretWords: 'pear kite river', nickname: `小灯笼${tag}` };
		const setup = await sql.begin(async (tx) => {
			const d = one(await tx<{ id: string }[]>`insert into public.districts (code, name_zh, name_en)
				values (${'Q' + tag}, ${'审核区' + tag}, ${'Queue District ' + tag}) returning id`);
			const s = one(await tx<{ id: string }[]>`insert into public.schools (district_id, name_zh, name_en)
				values (${d.id}, ${'审核小学' + tag}, ${'Queue Primary ' + tag}) returning id`);
			const c = one(await tx<{ id: string }[]>`insert into public.classes (school_id, name, grade, code)
				values (${s.id}, '五年级三班', 5, ${classCode}) returning id`);
			const withPassword = async (id: string, password: string) => {
				await tx`update auth.users set encrypted_password = extensions.crypt(${password}, extensions.gen_salt('bf', 4)) where id = ${id}`;
				return id;
			};
			const childId = await withPassword(
				await createAccount(
					tx,
					{ role: 'student', display_name: child.nickname, class_id: c.id, student_number: child.studentNumber, guardian_consent: true },
					`${classCode.toLowerCase()}-${child.studentNumber}@login-card.invalid`
				),
				child.secretWords
			);
			const otherName = `小风车${tag}`;
			const otherId = await createAccount(
				tx,
				{ role: 'student', display_name: otherName, class_id: c.id, student_number: 8, guardian_consent: true },
				`${classCode.toLowerCase()}-8@login-card.invalid`
			);
			const teacherId = await withPassword(
				await createAccount(tx, { role: 'teacher', display_name: `吴老师${tag}`, class_ids: [c.id] }, teacher.email),
				teacher.password
			);
			return { districtId: d.id, schoolId: s.id, classId: c.id, childId, otherId, otherName, teacherId };
		});
		const as = (who: string, fn: (tx: Tx) => Promise<unknown>) =>
			sql.begin(async (tx) => {
				await actAs(tx, user(who));
				await fn(tx);
			});
		const version = async (tx: Tx, id: string): Promise<number> => {
			await asSuperuser(tx);
			return one(await tx<{ version: number }[]>`select version from public.submissions where id = ${id}`).version;
		};
		const submit = async (who: string, title: string, flags: object | null = null) => {
			let id = '';
			await as(who, async (tx) => {
				id = one(await tx<{ id: string }[]>`select id from public.submit_proposal(${title}, '晚上很黑，走路看不清。', '请派人来修。', '街道办',
					p_flags => ${flags === null ? null : tx.json(flags as never)})`).id;
			});
			return id;
		};

		const lampTitle = `我家门口的路灯坏了 ${tag}`;
		const flaggedTitle = `打电话给我 13812345678 ${tag}`;
		const asked = '请写清楚是哪一条路。';
		// The oldest first: the resubmitted item (sent again later, so it waits at the end).
		const resubmittedId = await submit(setup.childId, `路口的灯不亮 ${tag}`);
		await as(setup.teacherId, async (tx) => {
			const v = await version(tx, resubmittedId);
			await actAs(tx, user(setup.teacherId));
			await tx`select public.return_submission(${resubmittedId}, ${v}, ${asked})`;
		});
		const praise = {} as Record<Locale, string>;
		const bulk = { 'zh-CN': [] as string[], en: [] as string[] };
		let changing = '';
		await submit(setup.childId, lampTitle);
		await submit(setup.otherId, flaggedTitle, {
			personal_details: [{ field: 'title', type: 'phone', start: 6, end: 17, text: '13812345678' }],
			safeguarding: [],
			confirmed: true
		});
		for (let i = 1; i <= WAITING - 3; i++) {
			const title = `班级提案 ${tag} N${String(i).padStart(2, '0')}`;
			const id = await submit(i % 2 ? setup.childId : setup.otherId, title);
			// Odd numbers are child 7's (the one who signs in), even ones the classmate's.
			if (i === 1) praise['zh-CN'] = id;
			if (i === 3) praise.en = id;
			if (i === 4 || i === 6) bulk['zh-CN'].push(id);
			if (i === 5) changing = id;
			if (i === 8 || i === 10) bulk.en.push(id);
		}
		await as(setup.childId, async (tx) => {
			const v = await version(tx, resubmittedId);
			await actAs(tx, user(setup.childId));
			await tx`select public.resubmit_proposal(${resubmittedId}, ${v}, ${`人民路口的路灯不亮 ${tag}`}, '晚上很黑，走路看不清，有人摔倒了。',
				'请派人来修。', '街道办')`;
		});
		return {
			tag,
			districtId: setup.districtId,
			schoolId: setup.schoolId,
			teacherName: `吴老师${tag}`,
			classId: setup.classId,
			classCode,
			teacher,
			child: { ...child, id: setup.childId },
			other: { id: setup.otherId, nickname: setup.otherName },
			lampTitle,
			flaggedTitle,
			resubmitted: { id: resubmittedId, asked },
			praise,
			bulk,
			changing
		};
	} finally {
		await sql.end();
	}
}

test.beforeAll(async ({}, info) => {
	info.setTimeout(240_000);
	w = await createWorld();
});

async function newPage(browser: Browser, locale: Locale, options: { javaScriptEnabled?: boolean; width?: number } = {}) {
	const context = await browser.newContext({
		locale: locale === 'en' ? 'en-GB' : 'zh-CN',
		javaScriptEnabled: options.javaScriptEnabled ?? true,
		viewport: { width: options.width ?? 1280, height: 900 }
	});
	return context.newPage();
}

async function signInTeacher(page: Page, locale: Locale) {
	const t = messages(locale);
	await page.goto(`/${locale}/sign-in`);
	const adult = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_adult_heading }) });
	await adult.getByLabel(t.field_email!, { exact: true }).fill(w.teacher.email);
	await adult.getByLabel(t.field_password!, { exact: true }).fill(w.teacher.password);
	await adult.getByRole('button', { name: t.sign_in_adult_submit }).click();
	await expect(page).toHaveURL(new RegExp(`/${locale}/teacher`));
}

async function signInChild(page: Page, locale: Locale) {
	const t = messages(locale);
	await page.goto(`/${locale}/sign-in`);
	const card = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
	await card.getByLabel(t.field_class_code!, { exact: true }).fill(w.classCode);
	await card.getByLabel(t.field_student_number!, { exact: true }).fill(String(w.child.studentNumber));
	await card.getByLabel(t.field_secret_words!, { exact: true }).fill(w.child.secretWords);
	await card.getByRole('button', { name: t.sign_in_card_submit }).click();
	await expect(page).toHaveURL(new RegExp(`/${locale}/me$`));
}

const rowTitles = (page: Page) => page.locator('.list-item .list-title').allInnerTexts();

for (const locale of LOCALES) {
	test(`the queue on a 390 px phone with ${WAITING} items, ${locale}: cards with kind, age band, nickname and number, waiting time and flags`, async ({ browser }) => {
		const t = messages(locale);
		const page = await newPage(browser, locale, { width: 390 });
		await signInTeacher(page, locale);
		await expect(page.getByRole('link', { name: fill(t.list_filter_tab!, { label: t.state_teacher_submitted!, count: WAITING }), exact: true })).toBeVisible();
		const titles = await rowTitles(page);
		expect(titles).toHaveLength(20);
		// Oldest waiting first: the lamp item was sent before the others; the resubmission waits last.
		expect(titles[0]).toBe(w.lampTitle);
		const lamp = page.locator('.list-item', { hasText: w.lampTitle });
		await expect(lamp).toContainText(t.queue_kind_proposal!);
		await expect(lamp).toContainText(fill(t.age_band_label!, { band: '10-13' }));
		await expect(lamp).toContainText(fill(t.queue_student!, { name: w.child.nickname, number: 7 }));
		await expect(lamp).toContainText(t.queue_column_waiting!);
		const flagged = page.locator('.list-item', { hasText: w.flaggedTitle });
		await expect(flagged).toContainText(t.queue_flag_personal_details!);
		// Flagged items cannot be chosen for bulk approval; clean ones can.
		await expect(flagged.getByRole('checkbox')).toHaveCount(0);
		await expect(lamp.getByRole('checkbox')).toHaveCount(1);
		// One card per item, nothing wider than the phone.
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(width).toBeLessThanOrEqual(390);
		await expectAccessible(page);
		// Page 2 holds the rest, the resubmission last.
		await page.getByRole('link', { name: fill(t.list_page_link!, { page: 2 }) }).click();
		await expect(page).toHaveURL(/page=2/);
		const second = await rowTitles(page);
		expect(second).toHaveLength(WAITING - 20);
		expect(second.at(-1)).toContain(`人民路口的路灯不亮 ${w.tag}`);
		await page.context().close();
	});

	test(`search "路灯" finds the Chinese titles that contain it, ${locale}; a too long search is refused with a message`, async ({ browser }) => {
		const t = messages(locale);
		const page = await newPage(browser, locale, { width: 390 });
		await signInTeacher(page, locale);
		await page.getByLabel(t.queue_search_label!, { exact: true }).fill('路灯');
		await page.getByRole('button', { name: t.queue_search_button, exact: true }).click();
		await expect(page).toHaveURL(/q=%E8%B7%AF%E7%81%AF/);
		const titles = await rowTitles(page);
		expect(titles.sort()).toEqual([w.lampTitle, `人民路口的路灯不亮 ${w.tag}`].sort());
		await expectAccessible(page);
		await page.getByLabel(t.queue_search_label!, { exact: true }).fill('灯'.repeat(51));
		await page.getByRole('button', { name: t.queue_search_button, exact: true }).click();
		await expect(page.getByText(fill(t.queue_search_too_long!, { max: 50 }))).toBeVisible();
		await expect(page.getByLabel(t.queue_search_label!, { exact: true })).toHaveValue('灯'.repeat(51));
		await expectAccessible(page);
		await page.context().close();
	});

	test(`a resubmission shows what the teacher asked and its word-level diff; shortcuts are announced and never fire in a field, ${locale}`, async ({ browser }) => {
		const t = messages(locale);
		const page = await newPage(browser, locale);
		await signInTeacher(page, locale);
		await page.goto(`/${locale}/teacher/submissions/${w.resubmitted.id}?class=${w.classId}&state=submitted`);
		const changes = page.getByRole('region', { name: t.queue_changes_heading });
		await expect(changes).toContainText(w.resubmitted.asked);
		// 人民 and 口 are new in the title; the problem got a new clause; the rest is the same.
		await expect(changes.locator('ins').first()).toContainText('人民');
		await expect(changes.locator('ins', { hasText: '有人摔倒了' })).toHaveCount(1);
		await expect(changes.getByText(t.queue_changes_same!).first()).toBeVisible();
		await expectAccessible(page);
		// Announced: a visible hint and aria-keyshortcuts.
		await page.getByText(t.queue_shortcuts_title!).click();
		await expect(page.getByText(t.queue_shortcuts_text!)).toBeVisible();
		await expect(page.locator('#approve-submit')).toHaveAttribute('aria-keyshortcuts', 'A');
		const prev = page.getByRole('link', { name: t.queue_prev, exact: true });
		await expect(prev).toHaveAttribute('aria-keyshortcuts', 'K');
		// The resubmission waits last: no next, a previous.
		await expect(page.getByRole('link', { name: t.queue_next, exact: true })).toHaveCount(0);
		// Typing k in a text field types it.
		await page.locator('#field-comment').fill('');
		await page.locator('#field-comment').pressSequentially('jk');
		await expect(page.locator('#field-comment')).toHaveValue('jk');
		await expect(page).toHaveURL(new RegExp(w.resubmitted.id));
		// With a modifier nothing happens.
		await page.locator('#field-comment').blur();
		await page.keyboard.press('Shift+K');
		await page.keyboard.press('Control+k');
		await expect(page).toHaveURL(new RegExp(w.resubmitted.id));
		// a goes to the approve button.
		await page.keyboard.press('a');
		await expect(page.locator('#approve-submit')).toBeFocused();
		await page.locator('#approve-submit').blur();
		// k goes to the previous item in the queue's order, and j back.
		await page.keyboard.press('k');
		await expect(page).not.toHaveURL(new RegExp(w.resubmitted.id));
		await expect(page.getByRole('link', { name: t.queue_next, exact: true })).toBeVisible();
		await page.keyboard.press('j');
		await expect(page).toHaveURL(new RegExp(w.resubmitted.id));
		await page.context().close();
	});

}

// These change the queue: after the read-only ones in both languages.
for (const locale of LOCALES) {
	test(`approving with a word of praise: the child reads it on their proposal's page, ${locale}`, async ({ browser }) => {
		const t = messages(locale);
		const praise = locale === 'en' ? 'Well noticed, thank you!' : '你观察得真仔细，谢谢你！';
		const page = await newPage(browser, locale);
		await signInTeacher(page, locale);
		await page.goto(`/${locale}/teacher/submissions/${w.praise[locale]}?class=${w.classId}&state=submitted`);
		await page.getByLabel(t.field_praise!, { exact: true }).fill(praise);
		await page.locator('#approve-submit').click();
		await expect(page).toHaveURL(/done=approved/);
		await expect(page).toHaveURL(new RegExp(`class=${w.classId}`));
		await expectAccessible(page);
		await page.context().close();

		const child = await newPage(browser, locale);
		await signInChild(child, locale);
		await child.goto(`/${locale}/me/proposals/${w.praise[locale]}`);
		const region = child.getByRole('region', { name: t.queue_praise_heading });
		await expect(region).toContainText(praise);
		await expectAccessible(child);
		await child.context().close();
	});

	// zh-CN without JavaScript (a plain form post either way: the form is not enhanced); axe needs
	// scripts in the page, so the en run, with JavaScript, checks the result page.
	const scripts = locale === 'en';
	test(`bulk approve ${scripts ? 'with' : 'without'} JavaScript: each chosen item is approved or reported as changed, ${locale}`, async ({ browser }) => {
		const t = messages(locale);
		const page = await newPage(browser, locale, { javaScriptEnabled: scripts, width: 390 });
		await signInTeacher(page, locale);
		const chosen = w.bulk[locale];
		const sql = connect();
		let titles: string[] = [];
		try {
			titles = (await sql<{ title: string }[]>`select title from public.submissions where id in ${sql(chosen)} order by title`).map((r) => r.title);
		} finally {
			await sql.end();
		}
		for (const title of titles) await page.getByRole('checkbox', { name: fill(t.queue_select_item!, { title }) }).check();
		let changedTitle: string | null = null;
		if (locale === 'zh-CN') {
			// One more, which the child changes after the teacher looked.
			const s2 = connect();
			try {
				changedTitle = one(await s2<{ title: string }[]>`select title from public.submissions where id = ${w.changing}`).title;
				await page.getByRole('checkbox', { name: fill(t.queue_select_item!, { title: changedTitle }) }).check();
				// Returned and sent again (a new version) after the teacher's page showed it.
				const teacherId = one(await s2<{ teacher_id: string }[]>`select teacher_id from public.class_teachers where class_id = ${w.classId}`).teacher_id;
				const authorId = w.child.id;
				await s2.begin(async (tx) => {
					await actAs(tx, user(teacherId));
					await tx`select public.return_submission(${w.changing}, (select version from public.class_queue where id = ${w.changing}), '再想想')`;
				});
				await s2.begin(async (tx) => {
					await actAs(tx, user(authorId));
					await tx`select public.resubmit_proposal(${w.changing}, (select version from public.my_submissions where id = ${w.changing}),
						${changedTitle + ' v2'}, '晚上很黑。', '请派人来修。', '街道办')`;
				});
			} finally {
				await s2.end();
			}
		}
		await page.getByRole('button', { name: t.queue_bulk_submit, exact: true }).click();
		const result = page.getByRole('region', { name: t.queue_bulk_result_title });
		await expect(result).toBeVisible();
		for (const title of titles) await expect(result.getByRole('listitem').filter({ hasText: title })).toContainText(t.queue_bulk_approved!);
		if (changedTitle) await expect(result.getByRole('listitem').filter({ hasText: changedTitle })).toContainText(t.queue_bulk_changed!);
		await expect(result).toContainText(fill(t.queue_bulk_summary!, { approved: titles.length, total: titles.length + (changedTitle ? 1 : 0) }));
		if (scripts) await expectAccessible(page);
		// Nothing chosen: a clear error.
		await page.goto(`/${locale}/teacher?class=${w.classId}`);
		await page.getByRole('button', { name: t.queue_bulk_submit, exact: true }).click();
		await expect(page.getByText(t.queue_bulk_none!)).toBeVisible();
		await page.context().close();
	});
}

for (const locale of LOCALES) {
	test(`admins: schools and classes with counts, a class's overview read-only, ${locale}; set up a class and give it a teacher`, async ({ browser }) => {
		const t = messages(locale);
		const page = await newPage(browser, locale, { width: 390 });
		const admin = demo('admin');
		await page.goto(`/${locale}/sign-in`);
		const adult = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_adult_heading }) });
		await adult.getByLabel(t.field_email!, { exact: true }).fill(admin.email);
		await adult.getByLabel(t.field_password!, { exact: true }).fill(admin.password);
		await adult.getByRole('button', { name: t.sign_in_adult_submit }).click();
		await expect(page).toHaveURL(new RegExp(`/${locale}/admin`));
		// /admin links it twice (the task list and the classes section): the first.
		await page.getByRole('link', { name: t.queue_admin_link, exact: true }).first().click();
		await expect(page.getByRole('heading', { level: 1, name: t.queue_admin_schools_title })).toBeVisible();
		await expectAccessible(page);
		await page.getByLabel(t.queue_admin_district!, { exact: true }).selectOption(w.districtId);
		await page.getByRole('button', { name: t.queue_filter_apply, exact: true }).click();
		const school = page.locator('.school');
		await expect(school).toHaveCount(1);
		const className = locale === 'zh-CN' ? `六年级一班${w.tag}` : `Class 6-1 ${w.tag}`;
		await expect(school).toContainText(fill(t.queue_admin_school_counts!, { classes: locale === 'zh-CN' ? 1 : 2, children: 2, archived: 0 }));
		await school.getByRole('link').click();
		await expect(page.getByRole('link', { name: '五年级三班', exact: true })).toBeVisible();
		await expect(page.locator('.class-row', { hasText: '五年级三班' })).toContainText(fill(t.queue_admin_class_counts!, { children: 2, teachers: 1 }));
		await expectAccessible(page);
		// Set up a class (zh-CN first, so the en run sees two).
		await page.getByLabel(t.field_class_name!, { exact: true }).fill(className);
		await page.getByLabel(t.field_grade!, { exact: true }).selectOption('6');
		await page.getByRole('button', { name: t.teacher_class_create_submit, exact: true }).click();
		await expect(page.getByRole('heading', { level: 1, name: className })).toBeVisible();
		await expect(page.getByText(t.queue_admin_no_teacher!)).toBeVisible();
		await expectAccessible(page);
		await page.getByLabel(t.field_teacher!, { exact: true }).selectOption({ label: w.teacherName });
		await page.getByRole('button', { name: t.teacher_class_add_teacher_submit, exact: true }).click();
		await expect(page.getByRole('status')).toContainText(w.teacherName);
		await expect(page.getByText(t.queue_admin_no_teacher!)).toHaveCount(0);
		// The class with children: its overview in numbers, read-only (no add-children form).
		await page.getByRole('link', { name: t.queue_admin_back_to_school, exact: true }).click();
		await page.getByRole('link', { name: '五年级三班', exact: true }).click();
		await expect(page.getByRole('region', { name: t.teacher_class_overview_heading })).toContainText('2');
		await expect(page.getByText(fill(t.teacher_child_title!, { number: 7, name: w.child.nickname }))).toBeVisible();
		await expect(page.getByRole('button', { name: t.teacher_class_add_submit, exact: true })).toHaveCount(0);
		await expectAccessible(page);
		await page.context().close();
	});
}
