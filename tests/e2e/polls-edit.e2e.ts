import { expect, type Page } from '@playwright/test';
import { cityLocal, newPage, noSideways } from './poll-support';
import { expectAccessible, fill, messages, signInWithCard, signInWithEmail, type Locale, test } from './support';

// Editing a poll from its page (issue 8), once per language: a teacher saves a draft whose window
// has already passed, cannot publish it, fixes it on the edit page (at 320 px) and publishes it; a
// child votes; the edit page then shows the options as locked, and the texts still change. A stale
// edit in two contexts (the first without JavaScript) gets the "it changed" notice with its typed
// values kept, and saves on the second try. axe on every page.

/** The teacher's new-poll form for class DEMO52, saved as a draft; returns the poll's URL. */
async function draftPoll(page: Page, locale: Locale, question: string, options: string[], window: [string, string]) {
	const t = messages(locale);
	await page.goto(`/${locale}/teacher/polls/new`);
	const select = page.getByLabel(t.poll_field_area!, { exact: true });
	await select.selectOption((await select.locator('option', { hasText: /五年级二班/ }).first().getAttribute('value'))!);
	await page.getByLabel(t.poll_field_question_zh!, { exact: true }).fill(question);
	await page.getByLabel(t.poll_field_options!, { exact: true }).fill(options.join('\n'));
	await page.getByLabel(t.poll_field_opens_at!, { exact: true }).fill(window[0]);
	await page.getByLabel(t.poll_field_closes_at!, { exact: true }).fill(window[1]);
	await page.getByRole('button', { name: t.poll_create_submit }).click();
	await expect(page.getByRole('status')).toHaveText(t.poll_flash_created!);
	return page.url().split('?')[0]!;
}

for (const locale of ['zh-CN', 'en'] as Locale[]) {
	test(`a draft whose window has passed is fixed on its edit page, published, voted in; then its options are locked (${locale})`, async ({ browser }) => {
		test.slow();
		const t = messages(locale);
		const tag = `#${Date.now() % 100000}`;
		const question = `${locale === 'en' ? 'Where should the new bench go?' : '新长椅放在哪里？'} ${tag}`;
		const teacher = await newPage(browser, locale, { width: 320 });
		await signInWithEmail(teacher, locale, 'teacher', '/teacher');
		const past: [string, string] = [cityLocal(-3 * 24 * 60), cityLocal(-24 * 60)];
		const pollUrl = await draftPoll(teacher, locale, `${question} (old)`, ['A', 'B'], past);

		// Its closing time has passed: it cannot be published.
		await teacher.getByRole('button', { name: t.poll_schedule_submit }).click();
		await expect(teacher.getByRole('heading', { name: t.error_summary_title })).toBeVisible();
		await expect(teacher.getByTestId('poll-state')).toHaveText(t.poll_state_draft!);
		await expect(teacher.getByTestId('window-passed')).toHaveText(t.polls2_window_passed!);

		// The edit page: the poll's values in the fields, times in the city's time.
		await teacher.getByTestId('poll-edit-link').click();
		await expect(teacher.getByRole('heading', { level: 1, name: t.polls2_edit_title })).toBeVisible();
		await expect(teacher.getByLabel(t.poll_field_question_zh!, { exact: true })).toHaveValue(`${question} (old)`);
		await expect(teacher.getByLabel(t.poll_field_closes_at!, { exact: true })).toHaveValue(past[1]);
		await expectAccessible(teacher);
		await noSideways(teacher);
		// A bad edit: errors, typed values kept.
		await teacher.getByLabel(t.poll_field_question_zh!, { exact: true }).fill(question);
		await teacher.getByLabel(t.poll_field_options!, { exact: true }).fill('only one');
		await teacher.getByRole('button', { name: t.polls2_edit_submit }).click();
		await expect(teacher.getByRole('heading', { name: t.error_summary_title })).toBeVisible();
		await expect(teacher.getByLabel(t.poll_field_question_zh!, { exact: true })).toHaveValue(question);
		await expectAccessible(teacher);
		// Fixed: new options and a window from now.
		const options = locale === 'en' ? ['By the gate', 'Under the tree'] : ['门口', '大树下'];
		await teacher.getByLabel(t.poll_field_options!, { exact: true }).fill(options.join('\n'));
		await teacher.getByLabel(t.poll_field_opens_at!, { exact: true }).fill(cityLocal(-2));
		await teacher.getByLabel(t.poll_field_closes_at!, { exact: true }).fill(cityLocal(24 * 60));
		await teacher.getByRole('button', { name: t.polls2_edit_submit }).click();
		await expect(teacher.getByRole('status')).toHaveText(t.polls2_flash_edited!);
		expect(teacher.url().split('?')[0]).toBe(pollUrl);
		await expect(teacher.getByRole('heading', { level: 1, name: question })).toBeVisible();
		await teacher.getByRole('button', { name: t.poll_schedule_submit }).click();
		await expect(teacher.getByTestId('poll-state')).toHaveText(t.poll_state_open!);

		// A child votes.
		const child = await newPage(browser, locale);
		await signInWithCard(child, locale, locale === 'en' ? 5 : 4);
		await child.getByRole('link', { name: question }).click();
		await child.getByRole('radio', { name: options[0] }).check();
		await child.getByRole('button', { name: t.poll_vote_submit, exact: true }).click();
		await expect(child.getByTestId('you-voted')).toHaveText(t.poll_thanks_voted!);
		await child.context().close();

		// Now the options and the rest of the frozen fields are shown as they are, not as fields.
		await teacher.goto(`${pollUrl}/edit`);
		const frozen = teacher.getByTestId('poll-frozen');
		await expect(frozen.getByRole('heading', { name: t.polls2_frozen_heading })).toBeVisible();
		await expect(frozen.getByTestId('frozen-options').getByRole('listitem')).toHaveText(options);
		await expect(teacher.getByLabel(t.poll_field_options!, { exact: true })).toHaveCount(0);
		await expect(teacher.getByLabel(t.poll_field_opens_at!, { exact: true })).toHaveCount(0);
		await expectAccessible(teacher);
		await noSideways(teacher);
		// The texts and the closing time still change.
		await teacher.getByLabel(t.poll_field_question_zh!, { exact: true }).fill(`${question}!`);
		await teacher.getByLabel(t.poll_field_closes_at!, { exact: true }).fill(cityLocal(2 * 24 * 60));
		await teacher.getByRole('button', { name: t.polls2_edit_submit }).click();
		await expect(teacher.getByRole('status')).toHaveText(t.polls2_flash_edited!);
		await expect(teacher.getByRole('heading', { level: 1, name: `${question}!` })).toBeVisible();
		await expect(teacher.getByTestId('poll-state')).toHaveText(t.poll_state_open!);
		await teacher.context().close();
	});

	test(`a stale edit in a second context keeps its typed values and shows the notice (${locale})`, async ({ browser }) => {
		const t = messages(locale);
		const tag = `#${Date.now() % 100000}`;
		const question = `${locale === 'en' ? 'Which game for sports day?' : '运动会玩什么游戏？'} ${tag}`;
		// The first edit is made without JavaScript; the stale one with it (axe needs scripts).
		const first = await newPage(browser, locale, { javaScriptEnabled: false });
		await signInWithEmail(first, locale, 'teacher', '/teacher');
		const pollUrl = await draftPoll(first, locale, question, ['A', 'B', 'C'], [cityLocal(60), cityLocal(24 * 60)]);
		const second = await newPage(browser, locale);
		await signInWithEmail(second, locale, 'teacher', '/teacher');

		await first.goto(`${pollUrl}/edit`);
		await second.goto(`${pollUrl}/edit`);
		await first.getByLabel(t.poll_field_question_zh!, { exact: true }).fill(`${question} (1)`);
		await first.getByRole('button', { name: t.polls2_edit_submit }).click();
		await expect(first.getByRole('status')).toHaveText(t.polls2_flash_edited!);

		await second.getByLabel(t.poll_field_question_zh!, { exact: true }).fill(`${question} (2)`);
		await second.getByLabel(t.poll_field_options!, { exact: true }).fill('A\nB');
		await second.getByRole('button', { name: t.polls2_edit_submit }).click();
		await expect(second.getByTestId('changed-notice')).toContainText(t.poll_changed!);
		await expect(second.getByLabel(t.poll_field_question_zh!, { exact: true })).toHaveValue(`${question} (2)`);
		await expect(second.getByLabel(t.poll_field_options!, { exact: true })).toHaveValue('A\nB');
		await expectAccessible(second);
		// Sent again (the page now carries the current version): saved.
		await second.getByRole('button', { name: t.polls2_edit_submit }).click();
		await expect(second.getByRole('status')).toHaveText(t.polls2_flash_edited!);
		await expect(second.getByRole('heading', { level: 1, name: `${question} (2)` })).toBeVisible();
		const optionList = second.locator('h2', { hasText: t.poll_options_heading! }).locator('xpath=following-sibling::ol[1]');
		await expect(optionList.getByRole('listitem')).toHaveText(['A', 'B']);
		await first.context().close();
		await second.context().close();
	});
}

test('results by school on the public page of a closed district poll (zh-CN and en)', async ({ browser }) => {
	for (const locale of ['zh-CN', 'en'] as Locale[]) {
		const t = messages(locale);
		const visitor = await newPage(browser, locale, { width: 320 });
		await visitor.goto(`/${locale}/polls`);
		const seeded = visitor.locator('article', { has: visitor.getByRole('heading', { name: locale === 'en' ? 'What do you most want in our pocket parks?' : '口袋公园里，你最想要什么？' }) });
		const bySchool = seeded.getByTestId('schools-breakdown');
		await bySchool.locator('summary').click();
		const table = bySchool.getByRole('table', { name: t.polls2_schools_caption });
		await expect(table.getByRole('row', { name: new RegExp(locale === 'en' ? 'Demo Primary School' : '示范小学') })).toContainText('39');
		await expect(table.getByRole('row', { name: new RegExp(locale === 'en' ? 'Demo Middle School' : '示范中学') })).toContainText('21');
		await expect(seeded.getByTestId('schools-withheld')).toHaveCount(0);
		await expectAccessible(visitor);
		await noSideways(visitor);
		await expect(bySchool).toContainText(fill(t.polls2_schools_note!, { min: 5 }));
		await visitor.context().close();
	}
});

test("results by school on the creator's page of the district poll, and no edit link once closed (zh-CN and en)", async ({ browser }) => {
	for (const locale of ['zh-CN', 'en'] as Locale[]) {
		const t = messages(locale);
		const staff = await newPage(browser, locale);
		await signInWithEmail(staff, locale, 'staff', '/staff');
		await staff.goto(`/${locale}/staff/polls/f0110000-0000-4000-8000-000000000002`);
		await expect(staff.getByTestId('poll-state')).toHaveText(t.poll_state_closed!);
		await expect(staff.getByTestId('poll-edit-link')).toHaveCount(0);
		const bySchool = staff.getByTestId('schools-breakdown');
		await bySchool.locator('summary').click();
		await expect(bySchool.getByRole('table', { name: t.polls2_schools_caption }).getByRole('row')).toHaveCount(3);
		await expectAccessible(staff);
		// A closed poll's edit page leads back to the poll.
		await staff.goto(`/${locale}/staff/polls/f0110000-0000-4000-8000-000000000002/edit`);
		await expect(staff).toHaveURL(new RegExp(`/${locale}/staff/polls/f0110000-0000-4000-8000-000000000002$`));
		await staff.context().close();
	}
});
