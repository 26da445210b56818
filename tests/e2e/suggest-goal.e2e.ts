import { expect, type Browser, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS, expectAccessible, fill, messages, signInWithCard, openFromQueue, signInWithEmail, type Locale, test } from './support';

// Issue 11 §2: the teacher suggests a ledger goal on the review of a proposal (found by code or
// words), approves it, and it reaches the goal's department (SPC-06 → the transport bureau).
// Both languages at 320 px with axe; once with the teacher's scripts off.

const runs: { locale: Locale; student: number; javaScriptEnabled: boolean; query: string }[] = [
	{ locale: 'zh-CN', student: 1, javaScriptEnabled: true, query: 'ＳＰＣ－０６' },
	{ locale: 'en', student: 2, javaScriptEnabled: true, query: 'spc06' },
	{ locale: 'zh-CN', student: 5, javaScriptEnabled: false, query: 'SPC-06' }
];

const transport = DEMO_ACCOUNTS.find((a) => a.email === 'transport@demo.child-voice.test')!;
const GOAL = 'SPC-06';

async function newPage(browser: Browser, locale: Locale, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', javaScriptEnabled, viewport: { width: 320, height: 900 } });
	return context.newPage();
}

for (const r of runs) {
	test(`a teacher suggests a goal and the approved proposal goes to its department (${r.locale}${r.javaScriptEnabled ? '' : ', no JavaScript'})`, async ({ browser }) => {
		test.slow();
		const t = messages(r.locale);
		const en = r.locale === 'en';
		const tag = `#${Date.now() % 100000}${r.student}`;
		const title = `${en ? 'A safer crossing by the school' : '学校旁边的路口更安全'} ${tag}`;

		const child = await newPage(browser, r.locale);
		await signInWithCard(child, r.locale, r.student, { axe: false });
		await child.getByRole('link', { name: t.my_proposals_write }).click();
		await child.getByRole('button', { name: t.guided_all_on_one_page }).click();
		await child.getByLabel(t.field_title!, { exact: true }).fill(title);
		await child.getByLabel(t.field_problem!, { exact: true }).fill(en ? 'Cars drive fast past the school gate.' : '校门口的车开得很快。');
		await child.getByLabel(t.field_suggestions!, { exact: true }).fill(en ? 'Add a zebra crossing and a sign.' : '加一条斑马线和提示牌。');
		await child.getByLabel(t.field_who_should_act!, { exact: true }).fill(en ? 'The transport bureau' : '区交通部门');
		await child.getByRole('button', { name: t.proposal_submit }).click();
		await expect(child.getByRole('status')).toHaveText(t.proposal_submitted_flash!);

		const teacher = await newPage(browser, r.locale, r.javaScriptEnabled);
		await signInWithEmail(teacher, r.locale, 'teacher', '/teacher');
		await openFromQueue(teacher, r.locale, title);
		const suggest = teacher.getByRole('region', { name: t.routing_suggest_heading });
		await expect(suggest.getByText(t.progress2_teacher_suggest_hint!)).toBeVisible();
		if (r.javaScriptEnabled) await expectAccessible(teacher);

		// Suggesting without choosing: a translated error, nothing lost.
		await suggest.getByLabel(t.routing_goal_search_label!, { exact: true }).fill('zzzz-no-such-goal');
		await suggest.getByRole('button', { name: t.routing_goal_search_submit, exact: true }).click();
		await expect(suggest.getByText(t.routing_goal_search_none!)).toBeVisible({ timeout: 30_000 });
		await expect(suggest.getByLabel(t.routing_goal_search_label!, { exact: true })).toHaveValue('zzzz-no-such-goal');

		// Found by code (full-width, lower case or as written), chosen, suggested.
		await suggest.getByLabel(t.routing_goal_search_label!, { exact: true }).fill(r.query);
		await suggest.getByRole('button', { name: t.routing_goal_search_submit, exact: true }).click();
		await expect(suggest.getByText(fill(t.routing_goal_search_results!, { count: 1 }))).toBeVisible({ timeout: 30_000 });
		if (r.javaScriptEnabled) await expectAccessible(teacher);
		await suggest.getByRole('radio', { name: new RegExp(`^${GOAL} `) }).check();
		await suggest.getByRole('button', { name: t.routing_suggest_submit }).click();
		await expect(teacher.getByRole('status')).toHaveText(t.progress2_teacher_suggest_done!);
		await expect(suggest.getByText(fill(t.routing_suggested_goal!, { code: GOAL }))).toBeVisible();
		// With no search the suggestion's category is listed, the suggested goal chosen.
		await expect(suggest.getByRole('radio', { name: new RegExp(`^${GOAL} `) })).toBeChecked();
		if (r.javaScriptEnabled) await expectAccessible(teacher);

		// Approved (the version moved with the suggestion; the page shows the new one).
		await teacher.getByRole('button', { name: t.teacher_approve_submit }).click();
		await expect(teacher.getByRole('status').filter({ hasText: t.teacher_approved_flash! })).toHaveText(t.teacher_approved_flash!);

		// The transport bureau's staff have it among what is routed to them.
		const liu = await newPage(browser, r.locale);
		await liu.goto(`/${r.locale}/sign-in`);
		const adult = liu.locator('section', { has: liu.getByRole('heading', { name: t.sign_in_adult_heading }) });
		await adult.getByLabel(t.field_email!, { exact: true }).fill(transport.email);
		await adult.getByLabel(t.field_password!, { exact: true }).fill(transport.password);
		await adult.getByRole('button', { name: t.sign_in_adult_submit }).click();
		await expect(liu).toHaveURL(new RegExp(`/${r.locale}/staff$`));
		await liu.getByRole('link', { name: t.routing_units_link }).click();
		await expect(liu.getByRole('heading', { level: 1 })).toHaveText(t.routing_units_title!);
		await liu.getByRole('link', { name: new RegExp(`^${t.routing_tab_waiting}`) }).click();
		await expect(liu.getByRole('link', { name: title })).toBeVisible();
	});
}
