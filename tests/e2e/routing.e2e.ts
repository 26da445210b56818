import { expect, type Browser, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS, expectAccessible, fill, messages, signInWithCard, openFromQueue, signInWithEmail, type Locale, test } from './support';

// Issue 11 §2–§3 end to end, once per language: a proposal is routed to a department by the goal
// the district's staff suggest, the department's staff answer it with a template (after a goal
// search and the preview), report progress up to done, and the child sees each step and rates the
// answer; an overdue item tells its child that the answer is late; axe on every page.

const journeys: { locale: Locale; student: number }[] = [
	{ locale: 'zh-CN', student: 3 },
	{ locale: 'en', student: 4 }
];

const transport = DEMO_ACCOUNTS.find((a) => a.email === 'transport@demo.child-voice.test')!;
const GOAL = 'SPC-06';

async function newPage(browser: Browser, locale: Locale): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN' });
	return context.newPage();
}

/** The city dashboard's numbers of one department (issue 11 §8: the dashboard shows the journey): adopted and done. */
async function departmentCounts(page: Page, locale: Locale, dept: string): Promise<{ adopted: number; done: number }> {
	await page.goto(`/${locale}/admin/dashboard`);
	const row = page.locator('#dash-department').getByRole('row').filter({ has: page.getByRole('rowheader', { name: dept, exact: true }) });
	const cells = row.getByRole('cell');
	// Cells follow the column headers after the group's name: find adopted and done by their header.
	const t = messages(locale);
	const headers = (await page.locator('#dash-department').getByRole('columnheader').allInnerTexts()).map((h) => h.trim());
	const col = (name: string) => headers.indexOf(name) - 1;
	expect(col(t.dash_col_adopted!)).toBeGreaterThan(0);
	expect(col(t.dash_col_done!)).toBeGreaterThan(0);
	await expect(cells).toHaveCount(headers.length - 1);
	const num = async (i: number) => Number((await cells.nth(i).innerText()).replace(/[^\d]/g, ''));
	return { adopted: await num(col(t.dash_col_adopted!)), done: await num(col(t.dash_col_done!)) };
}

async function signInTransport(page: Page, locale: Locale): Promise<void> {
	const t = messages(locale);
	await page.goto(`/${locale}/sign-in`);
	const adult = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_adult_heading }) });
	await adult.getByLabel(t.field_email!, { exact: true }).fill(transport.email);
	await adult.getByLabel(t.field_password!, { exact: true }).fill(transport.password);
	await adult.getByRole('button', { name: t.sign_in_adult_submit }).click();
	await expect(page).toHaveURL(new RegExp(`/${locale}/staff$`));
}

for (const j of journeys) {
	test(`routed to a department, answered with a template, updated to done; the child sees each step (${j.locale})`, async ({ browser }) => {
		test.slow();
		const t = messages(j.locale);
		const en = j.locale === 'en';
		const tag = `#${Date.now() % 100000}`;
		const title = `${en ? 'Longer green light at the north crossing' : '北门路口绿灯太短'} ${tag}`;
		const dept = en ? 'District Transport Bureau' : '区交通运输局';

		// The city dashboard before: this department's adopted and done answers.
		const admin = await newPage(browser, j.locale);
		await signInWithEmail(admin, j.locale, 'admin', '/admin');
		const before = await departmentCounts(admin, j.locale, dept);

		// The child sends a proposal; the teacher forwards it.
		const child = await newPage(browser, j.locale);
		await signInWithCard(child, j.locale, j.student);
		await child.getByRole('link', { name: t.my_proposals_write }).click();
		// The 10–13 form is guided steps; these tests fill all four questions on one page.
		await child.getByRole('button', { name: t.guided_all_on_one_page }).click();
		await child.getByLabel(t.field_title!, { exact: true }).fill(title);
		await child.getByLabel(t.field_problem!, { exact: true }).fill(en ? 'The green light is too short for the little ones.' : '绿灯太短，低年级同学走不过去。');
		await child.getByLabel(t.field_suggestions!, { exact: true }).fill(en ? 'Make it longer at school times.' : '上学放学时把绿灯调长。');
		await child.getByLabel(t.field_who_should_act!, { exact: true }).fill(en ? 'The transport bureau' : '区交通部门');
		await child.getByRole('button', { name: t.proposal_submit }).click();
		await expect(child.getByRole('status')).toHaveText(t.proposal_submitted_flash!);
		const proposalUrl = child.url();

		const teacher = await newPage(browser, j.locale);
		await signInWithEmail(teacher, j.locale, 'teacher', '/teacher');
		await openFromQueue(teacher, j.locale, title);
		await teacher.getByRole('button', { name: t.teacher_approve_submit }).click();
		await expect(teacher.getByRole('status').filter({ hasText: t.teacher_approved_flash! })).toHaveText(t.teacher_approved_flash!);

		// The child is told when the answer is due.
		await child.goto(proposalUrl);
		await expect(child.getByText(new RegExp(fill(t.routing_child_due!, { date: '.+' })))).toBeVisible();
		await expectAccessible(child);

		// The district's staff suggest SPC-06, whose department is the transport bureau.
		const staff = await newPage(browser, j.locale);
		await signInWithEmail(staff, j.locale, 'staff', '/staff');
		await staff.getByRole('link', { name: title }).click();
		const routing = staff.getByRole('region', { name: t.routing_panel_heading });
		await expect(routing.getByText(fill(t.routing_department!, { name: t.routing_none! }), { exact: true })).toBeVisible();
		await expectAccessible(staff);
		const goalSelect = staff.getByLabel(t.routing_field_goal!, { exact: true });
		const goalValue = await goalSelect.locator('option', { hasText: new RegExp(`^${GOAL} `) }).getAttribute('value');
		await goalSelect.selectOption(goalValue!);
		await staff.getByRole('button', { name: t.routing_suggest_submit }).click();
		await expect(staff.getByRole('status')).toHaveText(t.routing_suggested_flash!);
		await expect(routing.getByText(fill(t.routing_department!, { name: dept }), { exact: true })).toBeVisible();
		await expectAccessible(staff);

		// The department's staff find it among what is routed to them, and the seeded overdue item.
		const liu = await newPage(browser, j.locale);
		await signInTransport(liu, j.locale);
		await liu.getByRole('link', { name: t.routing_units_link }).click();
		await expect(liu.getByRole('heading', { level: 1 })).toHaveText(t.routing_units_title!);
		await expect(liu.getByText(fill(t.routing_unit_department!, { name: dept }))).toBeVisible();
		await expectAccessible(liu);
		await liu.getByRole('link', { name: new RegExp(`^${t.routing_tab_overdue}`) }).click();
		await expect(liu.getByRole('link', { name: '上学路上的红绿灯太短' })).toBeVisible();
		await expectAccessible(liu);
		await liu.getByRole('link', { name: new RegExp(`^${t.routing_tab_waiting}`) }).click();
		await liu.getByRole('link', { name: title }).click();
		await expectAccessible(liu);

		// Answer: decision, its template into the reply, a goal found by code, preview, send.
		await liu.getByLabel(t.decision_adopted!, { exact: true }).check();
		await liu.getByRole('button', { name: t.routing_template_submit }).click();
		const reply = liu.getByLabel(t.field_reply!, { exact: true });
		await expect(reply).toHaveValue(t.routing_template_adopted!, { timeout: 30_000 });
		const ours = en ? ` We will make the green light 30 seconds from next month. ${tag}` : ` 下个月起上学时段绿灯延长到30秒。${tag}`;
		await reply.fill(t.routing_template_adopted! + ours);
		await liu.getByLabel(t.routing_goal_search_label!, { exact: true }).fill(en ? 'spc06' : 'ＳＰＣ－０６');
		await liu.getByRole('button', { name: t.routing_goal_search_submit, exact: true }).click();
		// A loaded machine can take a while to answer; the search itself is one post.
		await expect(liu.getByText(fill(t.routing_goal_search_results!, { count: 1 }))).toBeVisible({ timeout: 30_000 });
		await expect(reply).toHaveValue(t.routing_template_adopted! + ours);
		await expectAccessible(liu);
		await liu.getByRole('checkbox', { name: new RegExp(`^${GOAL} `) }).check();
		await liu.getByRole('button', { name: t.staff_preview_submit }).click();
		const preview = liu.getByRole('region', { name: t.staff_preview_heading });
		await expect(preview.getByText(ours.trim())).toBeVisible();
		await expectAccessible(liu);
		await preview.getByRole('button', { name: t.staff_answer_submit }).click();
		await expect(liu.getByRole('status')).toHaveText(t.staff_answered_flash!);

		// Progress: planned → in progress → done, the child seeing each.
		const notes = en
			? ['The new timing is planned for next month.', 'The signal is being changed this week.', 'Done: the green light is now 30 seconds.']
			: ['新的红绿灯时间已列入下个月计划。', '这周正在调整信号灯。', '完成了：绿灯现在是30秒。'];
		const stages = ['planned', 'in_progress', 'done'] as const;
		for (const [i, stage] of stages.entries()) {
			await liu.goto(proposalUrl.replace(/\/me\/proposals\//, '/staff/submissions/'));
			const progress = liu.getByRole('region', { name: t.routing_progress_heading });
			await progress.getByLabel(t[`routing_stage_${stage}`]!, { exact: true }).check();
			await progress.getByLabel(t.routing_field_progress_note!, { exact: true }).fill(`${notes[i]} ${tag}`);
			await progress.getByRole('button', { name: t.routing_progress_submit }).click();
			await expect(liu.getByRole('status')).toHaveText(t.routing_progress_flash!);
			await expectAccessible(liu);

			await child.goto(proposalUrl);
			const seen = child.getByRole('region', { name: t.routing_child_progress_heading });
			await expect(seen.getByText(`${notes[i]} ${tag}`)).toBeVisible();
			await expect(seen.getByText(t[`routing_stage_${stage}`]!, { exact: true })).toBeVisible();
		}
		await expect(liu.getByText(t.routing_progress_final!)).toBeVisible();

		// After the final update the child may say whether it helped.
		await expectAccessible(child);
		const rate = child.getByRole('region', { name: t.routing_rate_heading });
		await rate.getByLabel(t.routing_rate_helped!, { exact: true }).check();
		await rate.getByRole('button', { name: t.routing_rate_submit }).click();
		await expect(child.getByRole('status')).toHaveText(fill(t.routing_rate_thanks!, { choice: t.routing_rate_helped! }));
		await expectAccessible(child);

		// The public goal page shows the answer with its latest progress.
		const visitor = await newPage(browser, j.locale);
		await visitor.goto(`/${j.locale}/ledger`);
		await visitor.locator(`#goal-${GOAL}`).getByRole('link', { name: `${t.ledger_goal_answers_link}: ${GOAL}` }).click();
		const item = visitor.locator('.list-item', { hasText: title });
		await expect(item.getByText(`${notes[2]} ${tag}`, { exact: false })).toBeVisible();
		await expectAccessible(visitor);

		// The city dashboard counts the answer as adopted and done for the department (kept in the
		// writing transaction, so at once); tests run one at a time (playwright.config.ts workers: 1).
		expect(await departmentCounts(admin, j.locale, dept)).toEqual({ adopted: before.adopted + 1, done: before.done + 1 });
		await expectAccessible(admin);

		// Reply templates page.
		await liu.goto(`/${j.locale}/staff/templates`);
		await expect(liu.getByRole('heading', { level: 1 })).toHaveText(t.routing_templates_title!);
		await expectAccessible(liu);
	});
}

test('the child of an overdue item reads that the answer is late and that they were reminded', async ({ browser }) => {
	for (const locale of ['zh-CN', 'en'] as Locale[]) {
		const t = messages(locale);
		const child = await newPage(browser, locale);
		await signInWithCard(child, locale, 5, { axe: false });
		await child.goto(`/${locale}/me/proposals/a0000000-0000-4000-8000-000000000008`);
		await expect(child.getByText(t.routing_child_late!, { exact: true })).toBeVisible();
		await expectAccessible(child);
	}
});
