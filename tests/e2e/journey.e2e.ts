import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Browser } from '@playwright/test';
import { demo, expectAccessible, fill, messages, signInWithCard, openFromQueue, signInWithEmail, type Locale, test } from './support';

// The main job, end to end, once per language: a child's proposal goes from class to answer and
// shows on the public ledger page, with axe on every page visited.

interface Case {
	id: string;
	fields: Record<string, string>;
	expect: { goal_hint?: string };
}
const cases: Case[] = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/cases/submissions.json'), 'utf8'));
const caseById = (id: string) => cases.find((c) => c.id === id)!;

const journeys: { locale: Locale; caseId: string; student: number }[] = [
	{ locale: 'zh-CN', caseId: 'zh-proposal-crossing', student: 1 },
	{ locale: 'en', caseId: 'en-proposal-shade', student: 2 }
];

async function newPage(browser: Browser, locale: Locale) {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN' });
	return context.newPage();
}

for (const j of journeys) {
	test(`a proposal goes from class to answer and onto the ledger (${j.locale})`, async ({ browser }) => {
		// Four people, a preview step and axe on every page: more than the default time on a busy machine.
		test.slow();
		const t = messages(j.locale);
		const c = caseById(j.caseId);
		const goalCode = c.expect.goal_hint!;
		// A short run tag keeps titles unique across runs and within the 50-character limit.
		const tag = `#${Date.now() % 100000}`;
		const title = `${c.fields.title} ${tag}`;
		const nickname = demo(j.student).nickname!;

		// Child writes and submits.
		const child = await newPage(browser, j.locale);
		await signInWithCard(child, j.locale, j.student);
		await expect(child.locator('html')).toHaveAttribute('lang', j.locale);
		await expectAccessible(child);
		await child.getByRole('link', { name: t.my_proposals_write }).click();
		// The 10–13 form is guided steps; these tests fill all four questions on one page.
		await child.getByRole('button', { name: t.guided_all_on_one_page }).click();
		await expectAccessible(child);
		await child.getByLabel(t.field_title!, { exact: true }).fill(title);
		await child.getByLabel(t.field_problem!, { exact: true }).fill(c.fields.problem!);
		await child.getByLabel(t.field_suggestions!, { exact: true }).fill(c.fields.suggestions!);
		await child.getByLabel(t.field_who_should_act!, { exact: true }).fill(c.fields.who_should_act!);
		await child.getByRole('button', { name: t.proposal_submit }).click();
		await expect(child.getByRole('status')).toHaveText(t.proposal_submitted_flash!);
		await expect(child.getByText(t.state_submitted!, { exact: true })).toBeVisible();
		await expectAccessible(child);
		const proposalUrl = child.url();

		// Teacher returns it with a comment.
		const teacher = await newPage(browser, j.locale);
		await signInWithEmail(teacher, j.locale, 'teacher', '/teacher');
		await expectAccessible(teacher);
		await openFromQueue(teacher, j.locale, title);
		await expectAccessible(teacher);
		await expect(teacher.getByText(fill(t.teacher_author!, { name: nickname }), { exact: false })).toBeVisible();
		const comment = j.locale === 'en' ? 'Please say which path in the park you mean.' : '请写清楚是哪个路口，什么时间最危险。';
		await teacher.getByLabel(t.field_comment!, { exact: true }).fill(comment);
		await teacher.getByRole('button', { name: t.teacher_return_submit }).click();
		await expect(teacher.getByRole('status').filter({ hasText: t.teacher_returned_flash! })).toHaveText(t.teacher_returned_flash!);
		await expectAccessible(teacher);

		// Child sees the comment, changes the proposal and resubmits.
		await child.goto(proposalUrl);
		await expect(child.getByText(comment)).toBeVisible();
		await expectAccessible(child);
		const revised = `${title} (2)`;
		await child.getByLabel(t.field_title!, { exact: true }).fill(revised);
		await child.getByRole('button', { name: t.proposal_resubmit }).click();
		await expect(child.getByRole('status')).toHaveText(t.proposal_resubmitted_flash!);
		await expectAccessible(child);

		// Teacher approves and forwards.
		await teacher.goto(`/${j.locale}/teacher`);
		await teacher.getByRole('link', { name: revised }).click();
		await teacher.getByRole('button', { name: t.teacher_approve_submit }).click();
		await expect(teacher.getByRole('status').filter({ hasText: t.teacher_approved_flash! })).toHaveText(t.teacher_approved_flash!);

		// Staff of the district answers, linked to a ledger goal.
		const staff = await newPage(browser, j.locale);
		await signInWithEmail(staff, j.locale, 'staff', '/staff');
		await expectAccessible(staff);
		await staff.getByRole('link', { name: revised }).click();
		await expectAccessible(staff);
		await expect(staff.getByText(nickname)).toHaveCount(0);
		await staff.getByLabel(t.decision_adopted!, { exact: true }).check();
		const reply = `${j.locale === 'en' ? 'We will plant six trees beside the slide this spring.' : '区交通部门将在下个月在东门外施划人行横道并设置减速带。'} ${tag}`;
		await staff.getByLabel(t.field_reply!, { exact: true }).fill(reply);
		await staff.getByRole('checkbox', { name: new RegExp(`^${goalCode} `) }).check();
		// Preview first: what the child will read, then the send button.
		await staff.getByRole('button', { name: t.staff_preview_submit }).click();
		const preview = staff.getByRole('region', { name: t.staff_preview_heading });
		await expect(preview.getByText(reply)).toBeVisible();
		await preview.getByRole('button', { name: t.staff_answer_submit }).click();
		await expect(staff.getByRole('status')).toHaveText(t.staff_answered_flash!);
		await expectAccessible(staff);

		// Child sees the answer and its goal.
		await child.goto(proposalUrl);
		await expect(child.getByRole('heading', { name: t.answer_heading, exact: true })).toBeVisible();
		await expect(child.getByText(reply)).toBeVisible();
		await expect(child.getByText(goalCode, { exact: true })).toBeVisible();
		await expectAccessible(child);

		// The public ledger page shows it under the goal, without the child's identity.
		const visitor = await newPage(browser, j.locale);
		await visitor.goto(`/${j.locale}/ledger`);
		await expectAccessible(visitor);
		// Newest answer first in the list of all answers, and on its goal's own page.
		const newest = visitor.locator('.list-item').first();
		await expect(newest.getByText(revised, { exact: true })).toBeVisible();
		await expect(newest.getByText(reply)).toBeVisible();
		await expect(visitor.getByText(nickname)).toHaveCount(0);
		await expect(visitor.getByText(t.category_space!, { exact: true }).first()).toBeVisible();
		await visitor.locator(`#goal-${goalCode}`).getByRole('link', { name: `${t.ledger_goal_answers_link}: ${goalCode}` }).click();
		await expect(visitor.getByRole('heading', { level: 1 })).toContainText(goalCode);
		await expect(visitor.locator('.list-item').first().getByText(revised, { exact: true })).toBeVisible();
		await expect(visitor.getByText(reply)).toBeVisible();
		await expect(visitor.getByText(nickname)).toHaveCount(0);
		await expectAccessible(visitor);
	});
}
