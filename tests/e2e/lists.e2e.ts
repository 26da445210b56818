import { randomUUID } from 'node:crypto';
import { expect, type Browser, type Page } from '@playwright/test';
import { connect } from '../db/helpers';
import { countRows, createListWorld, WORLD_COUNTS, type ListWorld } from './list-world';
import { expectAccessible, fill, LOCALES, messages, type Locale, test } from './support';

// Every list pages through all its rows with counts, waiting items oldest first, filter tabs and
// page links that are plain links (so they work without JavaScript), and reads on a phone.
// The world (list-world.ts) has one class with 48 proposals: 21 waiting for the teacher, 2 returned,
// 2 forwarded (one long ago, one just now) and 23 answered.

test.describe.configure({ mode: 'serial' });

let w: ListWorld;

test.beforeAll(async ({}, info) => {
	info.setTimeout(180_000);
	w = await createListWorld();
});

type Who = 'teacher' | 'staff' | 'child' | 'emptyChild';
const LANDING: Record<Who, string> = { teacher: '/teacher', staff: '/staff', child: '/me', emptyChild: '/me' };

/** Sign in through the sign-in page's forms (they work with and without JavaScript). */
async function signIn(page: Page, locale: Locale, who: Who): Promise<void> {
	const t = messages(locale);
	await page.goto(`/${locale}/sign-in`);
	if (who === 'teacher' || who === 'staff') {
		const adult = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_adult_heading }) });
		await adult.getByLabel(t.field_email!, { exact: true }).fill(w[who].email);
		await adult.getByLabel(t.field_password!, { exact: true }).fill(w[who].password);
		await adult.getByRole('button', { name: t.sign_in_adult_submit }).click();
	} else {
		const card = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
		await card.getByLabel(t.field_class_code!, { exact: true }).fill(w.classCode);
		await card.getByLabel(t.field_student_number!, { exact: true }).fill(String(w[who].studentNumber));
		await card.getByLabel(t.field_secret_words!, { exact: true }).fill(w[who].secretWords);
		await card.getByRole('button', { name: t.sign_in_card_submit }).click();
	}
	await expect(page).toHaveURL(new RegExp(`/${locale}${LANDING[who]}$`));
}

async function newPage(browser: Browser, locale: Locale, options: { javaScriptEnabled?: boolean; width?: number } = {}) {
	const context = await browser.newContext({
		locale: locale === 'en' ? 'en-GB' : 'zh-CN',
		javaScriptEnabled: options.javaScriptEnabled ?? true,
		...(options.width ? { viewport: { width: options.width, height: 800 } } : {})
	});
	return context.newPage();
}

/** The titles of the rows on the page, top to bottom. */
const rowTitles = (page: Page) => page.locator('.list-item .list-title').allInnerTexts();

function tab(page: Page, locale: Locale, list: string, label: string, count: number) {
	const t = messages(locale);
	return page
		.getByRole('navigation', { name: fill(t.list_filter_label!, { list }) })
		.getByRole('link', { name: fill(t.list_filter_tab!, { label, count }), exact: true });
}

function pages(page: Page, locale: Locale, list: string) {
	return page.getByRole('navigation', { name: fill(messages(locale).list_pages_label!, { list }) });
}

const summary = (locale: Locale, total: number, page?: number, pageCount?: number) => {
	const t = messages(locale);
	return fill(t.list_total!, { count: total }) + (pageCount && pageCount > 1 ? ` · ${fill(t.list_page_of!, { page: page!, pages: pageCount })}` : '');
};

test('staff inbox: the newly forwarded proposal waits on top of 23 answered ones, oldest first, with counts and pages', async ({ browser }) => {
	const locale: Locale = 'en';
	const t = messages(locale);
	const page = await newPage(browser, locale);
	await signIn(page, locale, 'staff');
	const list = t.staff_inbox_title!;

	// Waiting is the default tab: both forwarded proposals, the one forwarded first on top.
	await expect(tab(page, locale, list, t.staff_waiting_heading!, WORLD_COUNTS.approved)).toHaveAttribute('aria-current', 'page');
	await expect(tab(page, locale, list, t.staff_answered_heading!, WORLD_COUNTS.answered)).toBeVisible();
	await expect(tab(page, locale, list, t.list_filter_all!, WORLD_COUNTS.approved + WORLD_COUNTS.answered)).toBeVisible();
	await expect.poll(() => rowTitles(page)).toEqual(w.titles.approved);
	await expect(page.locator('.list-summary')).toHaveText(summary(locale, 2));
	await expect(pages(page, locale, list)).toHaveCount(0);
	await expect(page.getByText(w.child.nickname)).toHaveCount(0);
	await expectAccessible(page);

	// Answered: newest answer first, 20 a page, page links to the rest.
	await tab(page, locale, list, t.staff_answered_heading!, WORLD_COUNTS.answered).click();
	await expect(page).toHaveURL(/\/en\/staff\?state=answered$/);
	const newestFirst = [...w.titles.answered].reverse();
	await expect(page.locator('.list-summary')).toHaveText(summary(locale, 23, 1, 2));
	await expect.poll(() => rowTitles(page)).toEqual(newestFirst.slice(0, 20));
	const nav = pages(page, locale, list);
	await expect(nav.getByRole('link', { name: fill(t.list_page_link!, { page: 1 }) })).toHaveAttribute('aria-current', 'page');
	await expectAccessible(page);
	await nav.getByRole('link', { name: t.list_next }).click();
	await expect(page).toHaveURL(/\/en\/staff\?state=answered&page=2$/);
	await expect(page.locator('.list-summary')).toHaveText(summary(locale, 23, 2, 2));
	await expect.poll(() => rowTitles(page)).toEqual(newestFirst.slice(20));
	await expect(pages(page, locale, list).getByRole('link', { name: fill(t.list_page_link!, { page: 2 }) })).toHaveAttribute('aria-current', 'page');
	await pages(page, locale, list).getByRole('link', { name: t.list_previous }).click();
	await expect.poll(() => rowTitles(page)).toEqual(newestFirst.slice(0, 20));

	// A page past the end shows the last page; nonsense falls back to the first page of waiting.
	await page.goto('/en/staff?state=answered&page=99');
	await expect(page.locator('.list-summary')).toHaveText(summary(locale, 23, 2, 2));
	await expect.poll(() => rowTitles(page)).toEqual(newestFirst.slice(20));
	for (const query of ['?page=abc&state=nope', '?page=-3', '?page=0x10', '?page=1e3', '?state=ANSWERED', '?state=approved&state=x', '?page=%00&state=%ff']) {
		const response = await page.goto(`/en/staff${query}`);
		expect(response?.status(), query).toBe(200);
		await expect.poll(() => rowTitles(page), { message: query }).toEqual(w.titles.approved);
	}
});

test('staff of two districts pick the district; each shows its own proposals and counts', async ({ browser }) => {
	const demoDistrict = 'd0000000-0000-4000-8000-000000000001';
	const sql = connect();
	try {
		await sql`insert into public.staff_districts (staff_id, district_id)
			select id, ${demoDistrict} from auth.users where email = ${w.staff.email} on conflict do nothing`;
		for (const locale of LOCALES) {
			const t = messages(locale);
			const page = await newPage(browser, locale, { width: 320 });
			await signIn(page, locale, 'staff');
			const picker = page.getByRole('navigation', { name: t.staff_district_label });
			const own = picker.getByRole('link', { name: locale === 'en' ? `List District ${w.tag}` : `列表区${w.tag}` });
			const demo = picker.getByRole('link', { name: locale === 'en' ? 'Demo District' : '示范区' });
			// The first by code ("DEMO" < "L…") is shown by default.
			await expect(demo).toHaveAttribute('aria-current', 'page');
			const [demoWaiting, demoAnswered] = await Promise.all(
				(['approved', 'answered'] as const).map((state) =>
					countRows((s) => s`select count(*)::int as n from public.submissions where district_id = ${demoDistrict} and state = ${state}`)
				)
			);
			const list = t.staff_inbox_title!;
			await expect(tab(page, locale, list, t.staff_waiting_heading!, demoWaiting!)).toHaveAttribute('aria-current', 'page');
			await expect(tab(page, locale, list, t.staff_answered_heading!, demoAnswered!)).toBeVisible();
			for (const title of w.titles.approved) await expect(page.getByText(title)).toHaveCount(0);
			await expectAccessible(page);

			await own.click();
			await expect(own).toHaveAttribute('aria-current', 'page');
			await expect.poll(() => rowTitles(page)).toEqual(w.titles.approved);
			// Tabs and pages keep the district.
			await tab(page, locale, list, t.staff_answered_heading!, WORLD_COUNTS.answered).click();
			await expect(page).toHaveURL(new RegExp(`district=${w.districtId}.*state=answered`));
			await pages(page, locale, list).getByRole('link', { name: t.list_next }).click();
			await expect(page.locator('.list-summary')).toHaveText(summary(locale, 23, 2, 2));
			await expectPhoneFriendly(page, `two districts, ${locale}`);
			const pickerLinks = await picker.getByRole('link').evaluateAll((links) => links.map((a) => a.getBoundingClientRect().height));
			expect(Math.min(...pickerLinks)).toBeGreaterThanOrEqual(44);

			// A district that is not theirs (or nonsense) shows their first one, never an error.
			for (const other of [randomUUID(), 'not-a-uuid', "'; select 1 --"]) {
				const response = await page.goto(`/${locale}/staff?district=${encodeURIComponent(other)}`);
				expect(response?.status(), other).toBe(200);
				await expect(demo).toHaveAttribute('aria-current', 'page');
			}
			await page.context().close();
		}
	} finally {
		await sql`delete from public.staff_districts where district_id = ${demoDistrict}
			and staff_id = (select id from auth.users where email = ${w.staff.email})`;
		await sql.end();
	}
});

test('teachers of several classes pick the class; each shows its own proposals, counts and tabs', async ({ browser }) => {
	const demoClass = 'c1000000-0000-4000-8000-000000000052';
	const archivedClass = 'c1000000-0000-4000-8000-000000000041';
	const sql = connect();
	try {
		const [world] = await sql<{ id: string }[]>`select id from public.classes where code = ${w.classCode}`;
		await sql`insert into public.class_teachers (class_id, teacher_id)
			select c, u.id from auth.users u, unnest(${[demoClass, archivedClass]}::uuid[]) c
			where u.email = ${w.teacher.email} on conflict do nothing`;
		for (const locale of LOCALES) {
			const t = messages(locale);
			const page = await newPage(browser, locale, { width: 320 });
			await signIn(page, locale, 'teacher');
			const picker = page.getByRole('navigation', { name: t.teacher_class_label });
			await expect(picker.getByRole('link')).toHaveCount(3);
			const own = picker.getByRole('link', { name: new RegExp(`^四年级一班\\s*${fill(t.teacher_class_waiting!, { count: WORLD_COUNTS.submitted })}$`) });
			const archived = picker.getByRole('link', { name: new RegExp(t.teacher_class_archived!) });
			await expect(own).toBeVisible();
			// Archived classes come last: read-only history.
			await expect(picker.getByRole('link').last()).toHaveText(new RegExp(t.teacher_class_archived!));
			await expectAccessible(page);

			await own.click();
			await expect(own).toHaveAttribute('aria-current', 'page');
			const list = `${t.teacher_queue_title}: 四年级一班`;
			await expect(tab(page, locale, list, t.state_teacher_submitted!, WORLD_COUNTS.submitted)).toHaveAttribute('aria-current', 'page');
			await expect(tab(page, locale, list, t.list_filter_all!, 48)).toBeVisible();
			await expect.poll(() => rowTitles(page)).toEqual(w.titles.submitted.slice(0, 20));
			// Tabs and pages keep the class.
			await tab(page, locale, list, t.state_teacher_answered!, WORLD_COUNTS.answered).click();
			await expect(page).toHaveURL(new RegExp(`class=${world!.id}.*state=answered`));
			await pages(page, locale, list).getByRole('link', { name: t.list_next }).click();
			await expect(page.locator('.list-summary')).toHaveText(summary(locale, 23, 2, 2));
			await expectPhoneFriendly(page, `two classes, ${locale}`);
			const heights = await picker.getByRole('link').evaluateAll((links) => links.map((a) => a.getBoundingClientRect().height));
			expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);

			// Another class shows only its own proposals.
			await picker.getByRole('link', { name: /五年级二班/ }).click();
			for (const title of w.titles.submitted.slice(0, 3)) await expect(page.getByText(title)).toHaveCount(0);
			await archived.click();
			await expect(archived).toHaveAttribute('aria-current', 'page');

			// A class that is not theirs (or nonsense) shows one of theirs, never an error or its rows.
			const [other] = await sql<{ id: string }[]>`select id from public.classes where id <> all(${[world!.id, demoClass, archivedClass]}::uuid[]) limit 1`;
			for (const asked of [other?.id ?? randomUUID(), randomUUID(), 'not-a-uuid', "'; select 1 --"]) {
				const response = await page.goto(`/${locale}/teacher?class=${encodeURIComponent(asked)}`);
				expect(response?.status(), asked).toBe(200);
				await expect(picker.locator('a[aria-current="page"]')).toHaveCount(1);
				await expect(picker.locator('a[aria-current="page"]')).not.toHaveText(new RegExp(t.teacher_class_archived!));
			}
			await page.context().close();
		}
	} finally {
		await sql`delete from public.class_teachers where class_id = any(${[demoClass, archivedClass]}::uuid[])
			and teacher_id = (select id from auth.users where email = ${w.teacher.email})`;
		await sql.end();
	}
});

test('teacher queue: proposals to review come oldest first with the nickname, over two pages', async ({ browser }) => {
	const locale: Locale = 'zh-CN';
	const t = messages(locale);
	const page = await newPage(browser, locale);
	await signIn(page, locale, 'teacher');
	const list = t.teacher_queue_title!;

	await expect(tab(page, locale, list, t.state_teacher_submitted!, WORLD_COUNTS.submitted)).toHaveAttribute('aria-current', 'page');
	await expect(tab(page, locale, list, t.state_teacher_returned!, WORLD_COUNTS.returned)).toBeVisible();
	await expect(tab(page, locale, list, t.state_teacher_approved!, WORLD_COUNTS.approved)).toBeVisible();
	await expect(tab(page, locale, list, t.state_teacher_answered!, WORLD_COUNTS.answered)).toBeVisible();
	await expect(tab(page, locale, list, t.list_filter_all!, 48)).toBeVisible();
	await expect(page.locator('.list-summary')).toHaveText(summary(locale, 21, 1, 2));
	await expect.poll(() => rowTitles(page)).toEqual(w.titles.submitted.slice(0, 20));
	// The review queue's cards name the child with their number (issue 10 §2).
	await expect(page.locator('.list-item').first().getByText(fill(t.queue_student!, { name: w.child.nickname, number: w.child.studentNumber }), { exact: true })).toBeVisible();
	await expectAccessible(page);

	await pages(page, locale, list).getByRole('link', { name: fill(t.list_page_link!, { page: 2 }) }).click();
	await expect.poll(() => rowTitles(page)).toEqual(w.titles.submitted.slice(20));

	await tab(page, locale, list, t.state_teacher_returned!, WORLD_COUNTS.returned).click();
	await expect(page).toHaveURL(/\/zh-CN\/teacher\?state=returned$/);
	await expect.poll(() => rowTitles(page)).toEqual([...w.titles.returned].reverse());
	await expect(pages(page, locale, list)).toHaveCount(0);

	await tab(page, locale, list, t.list_filter_all!, 48).click();
	await expect(page.locator('.list-summary')).toHaveText(summary(locale, 48, 1, 3));
	await page.goto('/zh-CN/teacher?state=all&page=3');
	await expect(page.locator('.list-item')).toHaveCount(8);
	await expectAccessible(page);
});

test("a child's own proposals: newest first, every state a tab, three pages", async ({ browser }) => {
	const locale: Locale = 'en';
	const t = messages(locale);
	const page = await newPage(browser, locale);
	await signIn(page, locale, 'child');
	const list = t.my_proposals_title!;

	await expect(tab(page, locale, list, t.list_filter_all!, 48)).toHaveAttribute('aria-current', 'page');
	await expect(tab(page, locale, list, t.state_submitted!, WORLD_COUNTS.submitted)).toBeVisible();
	await expect(tab(page, locale, list, t.state_answered!, WORLD_COUNTS.answered)).toBeVisible();
	await expect(page.locator('.list-summary')).toHaveText(summary(locale, 48, 1, 3));
	// The newest change is the last forwarding.
	await expect.poll(async () => (await rowTitles(page))[0]).toBe(w.titles.approved[1]);
	await expectAccessible(page);
	await pages(page, locale, list).getByRole('link', { name: fill(t.list_page_link!, { page: 3 }) }).click();
	await expect(page.locator('.list-item')).toHaveCount(8);

	await tab(page, locale, list, t.state_returned!, WORLD_COUNTS.returned).click();
	await expect.poll(async () => (await rowTitles(page)).sort()).toEqual([...w.titles.returned].sort());

	const empty = await newPage(browser, locale);
	await signIn(empty, locale, 'emptyChild');
	await expect(empty.getByText(t.my_proposals_empty!)).toBeVisible();
	await expect(empty.locator('.list-summary')).toHaveText(summary(locale, 0));
	await expectAccessible(empty);
});

test('the public ledger and a goal page page through all published answers with counts', async ({ browser }) => {
	const locale: Locale = 'en';
	const t = messages(locale);
	const page = await newPage(browser, locale);
	const total = await countRows((sql) => sql<{ n: number }[]>`select count(*)::int as n from public.published_answers where edition = 2023`);
	const adopted = await countRows(
		(sql) => sql<{ n: number }[]>`select count(*)::int as n from public.published_answers where edition = 2023 and decision = 'adopted'`
	);
	expect(total).toBeGreaterThan(20);
	const list = t.ledger_all_answers_heading!;

	await page.goto('/en/ledger');
	await expect(tab(page, locale, list, t.list_filter_all!, total)).toHaveAttribute('aria-current', 'page');
	await expect(tab(page, locale, list, t.decision_adopted!, adopted)).toBeVisible();
	const pageCount = Math.ceil(total / 20);
	await expect(page.locator('.list-summary')).toHaveText(summary(locale, total, 1, pageCount));
	await expect(page.locator('.list-item')).toHaveCount(20);
	await expect(page.getByText(w.child.nickname)).toHaveCount(0);
	await expectAccessible(page);
	await pages(page, locale, list).getByRole('link', { name: fill(t.list_page_link!, { page: pageCount }) }).click();
	await expect(page).toHaveURL(new RegExp(`/en/ledger\\?page=${pageCount}$`));
	await expect(page.locator('.list-item')).toHaveCount(total - 20 * (pageCount - 1));

	// The goal's own page: only its answers, newest first.
	const goalTotal = await countRows((sql) => sql<{ n: number }[]>`select count(*)::int as n from public.public_goal_answers where goal_id = ${w.goalId}`);
	expect(goalTotal).toBeGreaterThanOrEqual(WORLD_COUNTS.answered);
	await page.goto('/en/ledger');
	await page.getByRole('link', { name: `${t.ledger_goal_answers_link}: ${w.goalCode}` }).click();
	await expect(page).toHaveURL(new RegExp(`/en/ledger/goals/${w.goalId}$`));
	await expect(page.getByRole('heading', { level: 1 })).toContainText(w.goalCode);
	const goalList = t.ledger_answers_heading!;
	await expect(tab(page, locale, goalList, t.list_filter_all!, goalTotal)).toHaveAttribute('aria-current', 'page');
	await expect(page.locator('.list-summary')).toHaveText(summary(locale, goalTotal, 1, Math.ceil(goalTotal / 20)));
	await expect.poll(async () => (await rowTitles(page))[0]).toBe(w.titles.answered[22]);
	await expectAccessible(page);
	await pages(page, locale, goalList).getByRole('link', { name: t.list_next }).click();
	await expect(page).toHaveURL(new RegExp(`/en/ledger/goals/${w.goalId}\\?page=2$`));

	for (const query of ['?decision=nope&page=x', '?page=999999999999']) {
		expect((await page.goto(`/en/ledger/goals/${w.goalId}${query}`))?.status(), query).toBe(200);
		expect((await page.goto(`/en/ledger${query}`))?.status(), query).toBe(200);
	}
	expect((await page.goto(`/en/ledger/goals/${randomUUID()}`))?.status()).toBe(404);
	expect((await page.goto('/en/ledger/goals/not-a-goal'))?.status()).toBe(404);
});

test.describe('without JavaScript', () => {
	test('tabs and page links are plain links that work', async ({ browser }) => {
		const locale: Locale = 'zh-CN';
		const t = messages(locale);
		const page = await newPage(browser, locale, { javaScriptEnabled: false });
		await signIn(page, locale, 'staff');
		const list = t.staff_inbox_title!;
		await tab(page, locale, list, t.staff_answered_heading!, WORLD_COUNTS.answered).click();
		await expect(page).toHaveURL(/\/zh-CN\/staff\?state=answered$/);
		await pages(page, locale, list).getByRole('link', { name: fill(t.list_page_link!, { page: 2 }) }).click();
		await expect(page).toHaveURL(/\/zh-CN\/staff\?state=answered&page=2$/);
		await expect.poll(() => rowTitles(page)).toEqual([...w.titles.answered].reverse().slice(20));

		const visitor = await newPage(browser, locale, { javaScriptEnabled: false });
		await visitor.goto('/zh-CN/ledger');
		await pages(visitor, locale, t.ledger_all_answers_heading!).getByRole('link', { name: t.list_next }).click();
		await expect(visitor).toHaveURL(/\/zh-CN\/ledger\?page=2$/);
		await expect(visitor.locator('.list-item').first()).toBeVisible();
	});
});

/** No sideways scrolling, cards (not a squeezed table), and touch targets of at least 44 × 44 px. */
async function expectPhoneFriendly(page: Page, what: string): Promise<void> {
	const { scrollWidth, clientWidth } = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		clientWidth: document.documentElement.clientWidth
	}));
	expect(scrollWidth, `${what}: scrolls sideways`).toBeLessThanOrEqual(clientWidth);
	await expect(page.locator('main table'), what).toHaveCount(0);
	await expect(page.locator('.list-head'), what).toBeHidden();
	const items = page.locator('.list-item');
	expect(await items.count(), what).toBeGreaterThan(0);
	// A card shows each field with its label.
	await expect(items.first().locator('dt').first(), what).toBeVisible();
	const small = await page.locator('.paged-list a').evaluateAll((links) =>
		links
			.map((a) => ({ text: a.textContent?.trim() ?? '', box: a.getBoundingClientRect(), title: !!a.closest('.list-title') }))
			.filter(({ box, title }) => box.height < 44 || (!title && box.width < 44))
			.map(({ text, box }) => `${text} ${Math.round(box.width)}×${Math.round(box.height)}`)
	);
	expect(small, `${what}: touch targets under 44 px`).toEqual([]);
}

const PHONE_PAGES: { who: Who | null; paths: () => string[] }[] = [
	{ who: 'child', paths: () => ['/me'] },
	{ who: 'teacher', paths: () => ['/teacher', '/teacher?state=all&page=2'] },
	{ who: 'staff', paths: () => ['/staff', '/staff?state=answered&page=2'] },
	{ who: null, paths: () => ['/ledger', `/ledger/goals/${w.goalId}`] }
];

for (const locale of LOCALES) {
	for (const { who, paths } of PHONE_PAGES) {
		test(`${who ?? 'public'} lists on phones 320 and 390 px wide, ${locale}: cards, no sideways scrolling, big touch targets`, async ({ browser }) => {
			test.setTimeout(240_000);
			const page = await newPage(browser, locale, { width: 320 });
			if (who) await signIn(page, locale, who);
			for (const path of paths()) {
				for (const width of [320, 390]) {
					await page.setViewportSize({ width, height: 800 });
					await page.goto(`/${locale}${path}`);
					await expectPhoneFriendly(page, `${path} at ${width} px`);
				}
				await expectAccessible(page);
			}
		});
	}
}

test('on a wide screen the same list is a table-like grid with column headings', async ({ browser }) => {
	const page = await newPage(browser, 'en', { width: 1280 });
	await page.goto('/en/ledger');
	await expect(page.locator('.list-head')).toBeVisible();
	// The labels stay for screen readers but take no room: the column headings show them.
	const label = await page.locator('.list-item').first().locator('dt').first().boundingBox();
	expect(label?.width ?? 0).toBeLessThanOrEqual(1);
	const top = (await page.locator('.paged-list').last().boundingBox())!.y;
	await page.screenshot({ path: test.info().outputPath('wide-ledger.png'), fullPage: true, clip: { x: 0, y: top, width: 1280, height: 800 } });
	const { scrollWidth, clientWidth } = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		clientWidth: document.documentElement.clientWidth
	}));
	expect(scrollWidth).toBeLessThanOrEqual(clientWidth);

	await signIn(page, 'en', 'staff');
	await page.goto('/en/staff?state=all');
	await expect(page.locator('.list-head')).toBeVisible();
	await page.screenshot({ path: test.info().outputPath('wide-staff.png') });
	await expectAccessible(page);
});
