import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { CLASS_CODE, expectAccessible, fill, messages, signInWithCard, signInWithEmail, type Locale, test } from './support';

// The shared cases in tests/fixtures/cases/accessibility.json, except narrow-screens (list pages):
// focus-after-failed-submit, errors-clear-when-fixed, enter-in-checkbox-list.

const PHONE = { width: 390, height: 844 };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The error summary: the box whose heading says something needs fixing. */
function summaryOf(scope: Page | Locator, t: Record<string, string>): Locator {
	const page = 'page' in scope ? scope.page() : scope;
	return scope.locator('.error-summary', { has: page.getByRole('heading', { name: t.error_summary_title }) });
}

/** Counts POST requests the page makes, to prove that something was (or was not) sent. */
function countPosts(page: Page): { readonly count: number } {
	let count = 0;
	page.on('request', (r) => {
		if (r.method() === 'POST') count++;
	});
	return {
		get count() {
			return count;
		}
	};
}

async function newPage(browser: Browser, locale: Locale, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', viewport: PHONE, javaScriptEnabled });
	return context.newPage();
}

/** Fill only the title, then go to the submit button by keyboard. */
async function tabToSubmitWithOnlyATitle(page: Page, t: Record<string, string>) {
	await page.getByLabel(t.field_title!, { exact: true }).focus();
	await page.keyboard.type('饮水机坏了 Broken tap');
	for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: t.proposal_submit })).toBeFocused();
}

async function expectSummaryFocused(page: Page, t: Record<string, string>, links: Record<string, string>) {
	const summary = summaryOf(page, t);
	await expect(summary).toBeFocused();
	await expect(summary).toBeInViewport();
	await expect(summary.getByRole('link')).toHaveCount(Object.keys(links).length);
	for (const [id, text] of Object.entries(links)) {
		await expect(summary.getByRole('link', { name: text })).toHaveAttribute('href', `#${id}`);
	}
}

test.describe('focus after a failed submit, at phone size (focus-after-failed-submit)', () => {
	for (const { locale, js } of [
		{ locale: 'zh-CN', js: true },
		{ locale: 'en', js: false }
	] as const) {
		test(`proposal form, ${locale}, JavaScript ${js ? 'on' : 'off'}`, async ({ browser }) => {
			const t = messages(locale);
			const page = await newPage(browser, locale, js);
			await signInWithCard(page, locale, 3, { axe: false });
			await page.goto(`/${locale}/me/proposals/new?view=all`);
			await expect(page).not.toHaveTitle(new RegExp(`^${escape(t.error_title_prefix!)}`));
			await tabToSubmitWithOnlyATitle(page, t);
			await page.keyboard.press('Enter');
			const required = (field: string) => fill(t.error_summary_item!, { field, error: t.error_required! });
			await expectSummaryFocused(page, t, {
				'field-problem': required(t.field_problem!),
				'field-suggestions': required(t.field_suggestions!),
				'field-who_should_act': required(t.field_who_should_act!)
			});
			await expect(summaryOf(page, t)).toContainText(fill(t.error_form_has_errors!, { count: 3 }));
			await expect(page).toHaveTitle(new RegExp(`^${escape(t.error_title_prefix!)}${escape(t.proposal_new_title!)}`));
			await expect(page.getByLabel(t.field_title!, { exact: true })).toHaveValue('饮水机坏了 Broken tap');
			if (js) {
				await expectAccessible(page);
				// A link in the summary takes the keyboard to its field.
				await page.keyboard.press('Tab');
				await page.keyboard.press('Enter');
				await expect(page.getByLabel(t.field_problem!, { exact: true })).toBeFocused();
				await expect(page.getByText(t.field_problem!, { exact: true })).toBeInViewport();
			}
			await page.context().close();
		});

		test(`login card, ${locale === 'en' ? 'zh-CN' : 'en'}, JavaScript ${js ? 'on' : 'off'}`, async ({ browser }) => {
			const other = locale === 'en' ? 'zh-CN' : 'en';
			const t = messages(other);
			const page = await newPage(browser, other, js);
			await page.goto(`/${other}/sign-in`);
			const card = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
			await card.getByLabel(t.field_class_code!, { exact: true }).fill(CLASS_CODE);
			await card.getByLabel(t.field_student_number!, { exact: true }).fill('1');
			await card.getByLabel(t.field_secret_words!, { exact: true }).fill('wrong words here');
			// Tab: "show the secret words", then the button.
			await page.keyboard.press('Tab');
			await expect(card.getByRole('checkbox', { name: t.form_show_words })).toBeFocused();
			await page.keyboard.press('Tab');
			await expect(card.getByRole('button', { name: t.sign_in_card_submit })).toBeFocused();
			await page.keyboard.press('Enter');
			await expectSummaryFocused(page, t, { 'field-class_code': t.sign_in_card_failed! });
			await expect(page).toHaveTitle(new RegExp(`^${escape(t.error_title_prefix!)}${escape(t.sign_in_title!)}`));
			// Blank fields: each one listed, the wrong card no more.
			await card.getByLabel(t.field_class_code!, { exact: true }).fill('');
			await card.getByLabel(t.field_secret_words!, { exact: true }).fill('');
			await card.getByRole('button', { name: t.sign_in_card_submit }).press('Enter');
			const required = (field: string) => fill(t.error_summary_item!, { field, error: t.error_required! });
			await expectSummaryFocused(page, t, {
				'field-class_code': required(t.field_class_code!),
				'field-secret_words': required(t.field_secret_words!)
			});
			if (js) await expectAccessible(page);
			await page.context().close();
		});
	}

	test('the title starts with the prefix in both languages, and only while the form has failed', async ({ browser }) => {
		for (const locale of ['zh-CN', 'en'] as const) {
			const t = messages(locale);
			const page = await newPage(browser, locale);
			await page.goto(`/${locale}/sign-in`);
			await expect(page).toHaveTitle(`${t.sign_in_title} · ${t.app_name}`);
			const adult = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_adult_heading }) });
			await adult.getByRole('button', { name: t.sign_in_adult_submit }).click();
			await expect(page).toHaveTitle(`${t.error_title_prefix}${t.sign_in_title} · ${t.app_name}`);
			expect((await page.title()).startsWith(locale === 'en' ? 'Error: ' : '错误：')).toBe(true);
			await page.context().close();
		}
	});
});

// Children's pages have no SvelteKit client (csr = false): their script ($lib/enhance/child.ts)
// marks the pressed button aria-disabled and ignores a second press. While the post is held the
// page is navigating, so the test's own reads would wait for the next page: the page records what
// happens in sessionStorage (it survives the navigation) and presses a second time itself.
test('a pending submit button stays focused and ignores a second press (JavaScript on)', async ({ browser }) => {
	const t = messages('en');
	const page = await newPage(browser, 'en');
	await signInWithCard(page, 'en', 2, { axe: false });
	await page.goto('/en/me/proposals/new?view=all');
	// Hold the answer back so the pending state can be seen.
	let release!: () => void;
	const held = new Promise<void>((r) => (release = r));
	await page.route('**/me/proposals/new**', async (route) => {
		if (route.request().method() === 'POST') await held;
		await route.continue();
	});
	// The form's own posts only (the draft is saved by other requests as the child types).
	let posts = 0;
	page.on('request', (r) => {
		if (r.method() === 'POST' && new URL(r.url()).pathname === '/en/me/proposals/new') posts++;
	});
	await tabToSubmitWithOnlyATitle(page, t);
	await page.evaluate((label) => {
		const b = [...document.querySelectorAll('button')].find((x) => x.textContent?.trim() === label)!;
		sessionStorage.setItem('bodyFocused', '0');
		setInterval(() => {
			if (document.activeElement === document.body) sessionStorage.setItem('bodyFocused', String(Number(sessionStorage.getItem('bodyFocused')) + 1));
		}, 5);
		new MutationObserver(() => {
			if (b.getAttribute('aria-disabled') !== 'true') return;
			sessionStorage.setItem('pendingSeen', 'true');
			sessionStorage.setItem('focusedWhenPending', String(document.activeElement === b));
		}).observe(b, { attributes: true });
		// Enter submits through a click on the default button; 100 ms later, a second press.
		b.addEventListener(
			'click',
			() =>
				setTimeout(() => {
					sessionStorage.setItem('secondPress', 'done');
					b.click();
				}, 100),
			{ once: true }
		);
	}, t.proposal_submit!);
	await page.keyboard.press('Enter');
	await page.waitForTimeout(500);
	release();
	await expect(summaryOf(page, t)).toBeFocused();
	const button = page.getByRole('button', { name: t.proposal_submit });
	await expect(button).not.toHaveAttribute('aria-disabled');
	const seen = await page.evaluate(() => ({
		pendingSeen: sessionStorage.getItem('pendingSeen'),
		focusedWhenPending: sessionStorage.getItem('focusedWhenPending'),
		secondPress: sessionStorage.getItem('secondPress'),
		bodyFocused: sessionStorage.getItem('bodyFocused')
	}));
	expect(seen).toEqual({ pendingSeen: 'true', focusedWhenPending: 'true', secondPress: 'done', bodyFocused: '0' });
	expect(posts).toBe(1);
	await page.context().close();
});

test.describe('errors clear as fields are fixed (errors-clear-when-fixed)', () => {
	test('proposal form: each field, the count, the title; the server checks again', async ({ browser }) => {
		const t = messages('zh-CN');
		const page = await newPage(browser, 'zh-CN');
		await signInWithCard(page, 'zh-CN', 4, { axe: false });
		await page.goto('/zh-CN/me/proposals/new?view=all');
		await page.getByRole('button', { name: t.proposal_submit }).click();
		const summary = summaryOf(page, t);
		await expect(summary).toBeFocused();
		await expect(summary.getByRole('link')).toHaveCount(4);
		const fields = [t.field_title!, t.field_problem!, t.field_suggestions!, t.field_who_should_act!];
		const errorOf = (label: string) => page.locator('.field', { has: page.getByLabel(label, { exact: true }) }).locator('.error');

		// Still blank (only spaces and a zero-width space): the error stays.
		await page.getByLabel(fields[0]!, { exact: true }).fill(' \u200B ');
		await expect(errorOf(fields[0]!)).toHaveText(t.error_required!);
		// Too long: the error changes to say so.
		await page.getByLabel(fields[0]!, { exact: true }).fill('树'.repeat(51));
		await expect(errorOf(fields[0]!)).toHaveText(fill(t.error_too_long!, { max: 50 }));
		await expect(summary.getByRole('link')).toHaveCount(4);

		const texts = ['饮水机坏了', '不出水。', '请修好。', '学校后勤'];
		for (const [i, label] of fields.entries()) {
			await page.getByLabel(label, { exact: true }).fill(texts[i]!);
			await expect(errorOf(label)).toHaveCount(0);
			await expect(page.getByLabel(label, { exact: true })).not.toHaveAttribute('aria-invalid');
			if (i < 3) {
				await expect(summary.getByRole('link')).toHaveCount(3 - i);
				await expect(summary).toContainText(fill(t.error_form_has_errors!, { count: 3 - i }));
				await expect(page).toHaveTitle(new RegExp(`^${escape(t.error_title_prefix!)}`));
			}
		}
		await expect(summary).toHaveCount(0);
		await expect(page).toHaveTitle(`${t.proposal_new_title} · ${t.app_name}`);

		// A field emptied again shows no new error while typing, but the server checks everything.
		await page.getByLabel(fields[2]!, { exact: true }).fill('');
		await expect(errorOf(fields[2]!)).toHaveCount(0);
		await page.getByRole('button', { name: t.proposal_submit }).click();
		await expect(summary).toBeFocused();
		await expect(summary.getByRole('link')).toHaveCount(1);
		await expect(errorOf(fields[2]!)).toHaveText(t.error_required!);
		await expectAccessible(page);
		await page.context().close();
	});

	test('login card: a fixed field loses its error, the others keep theirs', async ({ browser }) => {
		const t = messages('en');
		const page = await newPage(browser, 'en');
		await page.goto('/en/sign-in');
		const card = page.locator('section', { has: page.getByRole('heading', { name: t.sign_in_card_heading }) });
		await card.getByLabel(t.field_student_number!, { exact: true }).fill('x');
		await card.getByRole('button', { name: t.sign_in_card_submit }).click();
		const summary = summaryOf(card, t);
		await expect(summary.getByRole('link')).toHaveCount(3);
		await card.getByLabel(t.field_student_number!, { exact: true }).fill('12345');
		await expect(summary.getByRole('link')).toHaveCount(3);
		await card.getByLabel(t.field_student_number!, { exact: true }).fill('１２');
		await expect(summary.getByRole('link')).toHaveCount(2);
		await card.getByLabel(t.field_class_code!, { exact: true }).fill(CLASS_CODE);
		await expect(summary.getByRole('link')).toHaveCount(1);
		await expect(summary.getByRole('link')).toHaveText(fill(t.error_summary_item!, { field: t.field_secret_words!, error: t.error_required! }));
		await page.context().close();
	});
});

test('the character counter speaks only when over the limit', async ({ browser }) => {
	const t = messages('en');
	const page = await newPage(browser, 'en');
	await signInWithCard(page, 'en', 5, { axe: false });
	await page.goto('/en/me/proposals/new?view=all');
	const field = page.locator('.field', { has: page.getByLabel(t.field_title!, { exact: true }) });
	const live = field.locator('[aria-live]');
	await expect(live).toHaveCount(1);
	await expect(field.locator('.count')).not.toHaveAttribute('aria-live');
	await page.getByLabel(t.field_title!, { exact: true }).fill('a'.repeat(50));
	await expect(field.locator('.count')).toHaveText(fill(t.char_count!, { count: 50, max: 50 }));
	await expect(live).toHaveText('');
	await page.getByLabel(t.field_title!, { exact: true }).fill('a'.repeat(51));
	await expect(live).toHaveText(fill(t.error_too_long!, { max: 50 }));
	await page.getByLabel(t.field_title!, { exact: true }).fill('a'.repeat(52));
	await expect(live).toHaveText(fill(t.error_too_long!, { max: 50 }));
	await page.context().close();
});

/**
 * A fresh proposal forwarded to the district: a child sends it, the teacher first tries to return
 * it without a comment (the teacher form's error state), then approves it. Returns its id.
 */
async function forwardedProposal(browser: Browser, locale: Locale, student: number): Promise<{ id: string; title: string }> {
	const t = messages(locale);
	const child = await newPage(browser, locale);
	await signInWithCard(child, locale, student, { axe: false });
	const title = `${locale === 'en' ? 'More benches' : '多放几张长椅'} #${Date.now() % 100000}`;
	await child.goto(`/${locale}/me/proposals/new?view=all`);
	await child.getByLabel(t.field_title!, { exact: true }).fill(title);
	await child.getByLabel(t.field_problem!, { exact: true }).fill(locale === 'en' ? 'Grandparents have nowhere to sit.' : '爷爷奶奶没有地方坐。');
	await child.getByLabel(t.field_suggestions!, { exact: true }).fill(locale === 'en' ? 'Put benches by the gate.' : '在门口放长椅。');
	await child.getByLabel(t.field_who_should_act!, { exact: true }).fill(locale === 'en' ? 'Park office' : '公园管理处');
	await child.getByRole('button', { name: t.proposal_submit }).click();
	await expect(child).toHaveURL(/\/proposals\/[0-9a-f-]{36}\?done=submitted$/);
	const id = new URL(child.url()).pathname.split('/').pop()!;
	await child.context().close();

	const teacher = await newPage(browser, locale);
	await signInWithEmail(teacher, locale, 'teacher', '/teacher');
	await teacher.goto(`/${locale}/teacher/submissions/${id}`);
	await teacher.getByRole('button', { name: t.teacher_return_submit }).click();
	await expectSummaryFocused(teacher, t, { 'field-comment': fill(t.error_summary_item!, { field: t.field_comment!, error: t.error_required! }) });
	await expect(teacher).toHaveTitle(new RegExp(`^${escape(t.error_title_prefix!)}`));
	await expectAccessible(teacher);
	await teacher.getByLabel(t.field_comment!, { exact: true }).fill(locale === 'en' ? 'Good.' : '很好。');
	await expect(summaryOf(teacher, t)).toHaveCount(0);
	await teacher.getByRole('button', { name: t.teacher_approve_submit }).click();
	await expect(teacher.getByRole('status')).toHaveText(t.teacher_approved_flash!);
	await teacher.context().close();
	return { id, title };
}

test.describe('staff answer: Enter in the goal list, preview, then send', () => {
	for (const { locale, js, student } of [
		{ locale: 'en', js: true, student: 1 },
		{ locale: 'zh-CN', js: false, student: 2 }
	] as const) {
		test(`${locale}, JavaScript ${js ? 'on' : 'off'}`, async ({ browser }) => {
			const t = messages(locale);
			const { id } = await forwardedProposal(browser, locale, student);
			const page = await newPage(browser, locale, js);
			await signInWithEmail(page, locale, 'staff', '/staff');
			await page.goto(`/${locale}/staff/submissions/${id}`);
			const url = page.url();
			const posts = countPosts(page);

			// enter-in-checkbox-list: from the reply to the first goal, tick it, press Enter.
			// With JavaScript nothing is sent; without it Chrome submits with the form's only
			// button, the preview, which sends no answer either.
			const reply = `${locale === 'en' ? 'Two benches will go by the gate in May.' : '五月会在门口放两张长椅。'}\n${Date.now() % 100000}`;
			await page.getByLabel(t.field_reply!, { exact: true }).fill(reply);
			// The goal search sits between the reply and the list now: go to the first goal.
			const goal = page.getByRole('checkbox').first();
			await goal.focus();
			await expect(goal).toBeFocused();
			await page.keyboard.press('Space');
			await expect(goal).toBeChecked();
			await page.keyboard.press('Enter');
			if (js) {
				await page.waitForTimeout(500);
				expect(posts.count).toBe(0);
				expect(page.url()).toBe(url);
				await expect(summaryOf(page, t)).toHaveCount(0);
			} else {
				// The preview step refused it (no decision yet), keeping what was typed.
				await expect(summaryOf(page, t)).toBeFocused();
				await expect(summaryOf(page, t).getByRole('link')).toHaveCount(1);
			}
			// And on a decision.
			await page.getByLabel(t.decision_adopted!, { exact: true }).check();
			await page.keyboard.press('Enter');
			if (js) {
				await page.waitForTimeout(500);
				expect(posts.count).toBe(0);
				expect(page.url()).toBe(url);
				await expect(page.getByRole('heading', { name: t.staff_preview_heading })).toHaveCount(0);
			} else {
				await expect(page.getByRole('heading', { name: t.staff_preview_heading })).toBeFocused();
				await page.getByRole('button', { name: t.staff_preview_edit }).click();
				await expect(page.getByRole('heading', { name: t.staff_answer_form_heading })).toBeFocused();
			}
			// Not answered: the form is still there, as it was.
			await expect(goal).toBeChecked();
			await expect(page.getByLabel(t.field_reply!, { exact: true })).toHaveValue(reply);
			const before = posts.count;

			// Preview: what the child will read, with focus on it.
			const goalCode = (await goal.locator('xpath=..').locator('.goal-code').textContent())!;
			await page.getByRole('button', { name: t.staff_preview_submit }).click();
			const preview = page.getByRole('region', { name: t.staff_preview_heading });
			await expect(page.getByRole('heading', { name: t.staff_preview_heading })).toBeFocused();
			await expect(preview.getByText(t.decision_adopted!, { exact: true })).toBeVisible();
			await expect(preview.locator('.prose-text')).toHaveText(reply);
			await expect(preview.getByText(goalCode, { exact: true })).toBeVisible();
			await expect(page.getByLabel(t.field_reply!, { exact: true })).toHaveCount(0);
			if (js) await expectAccessible(page);
			expect(posts.count).toBe(before + 1);

			// Back to change it: everything typed is still there.
			await preview.getByRole('button', { name: t.staff_preview_edit }).click();
			await expect(page.getByRole('heading', { name: t.staff_answer_form_heading })).toBeFocused();
			await expect(page.getByLabel(t.field_reply!, { exact: true })).toHaveValue(reply);
			await expect(page.getByLabel(t.decision_adopted!, { exact: true })).toBeChecked();
			await expect(page.getByRole('checkbox').first()).toBeChecked();
			await expect(page.getByRole('checkbox', { checked: true })).toHaveCount(1);
			await page.getByLabel(t.decision_under_study!, { exact: true }).check();
			await page.getByRole('button', { name: t.staff_preview_submit }).click();
			await expect(preview.getByText(t.decision_under_study!, { exact: true })).toBeVisible();

			// Only the send button sends.
			await preview.getByRole('button', { name: t.staff_answer_submit }).click();
			await expect(page.getByRole('status')).toHaveText(t.staff_answered_flash!);
			await page.goto(`/${locale}/staff/submissions/${id}`);
			await expect(page.getByText(t.staff_not_answerable!)).toBeVisible();
			await expect(page.getByText(t.decision_under_study!, { exact: true })).toBeVisible();
			await page.context().close();
		});
	}

	test('preview with nothing filled in: error summary, and errors clear as fixed', async ({ browser }) => {
		const t = messages('en');
		const { id } = await forwardedProposal(browser, 'en', 3);
		const page = await newPage(browser, 'en');
		await signInWithEmail(page, 'en', 'staff', '/staff');
		await page.goto(`/en/staff/submissions/${id}`);
		await page.getByRole('button', { name: t.staff_preview_submit }).click();
		const item = (field: string, error: string) => fill(t.error_summary_item!, { field, error });
		await expectSummaryFocused(page, t, {
			'field-decision': item(t.field_decision!, t.error_choose_one!),
			'field-reply': item(t.field_reply!, t.error_required!),
			'field-goal_ids': item(t.field_goals!, t.error_choose_goal!)
		});
		await expect(page).toHaveTitle(new RegExp(`^${escape(t.error_title_prefix!)}`));
		await expectAccessible(page);
		const summary = summaryOf(page, t);
		await summary.getByRole('link', { name: item(t.field_goals!, t.error_choose_goal!) }).click();
		await expect(page.getByRole('checkbox').first()).toBeFocused();
		await page.keyboard.press('Space');
		await expect(summary.getByRole('link')).toHaveCount(2);
		await page.getByLabel(t.decision_referred!, { exact: true }).check();
		await expect(summary.getByRole('link')).toHaveCount(1);
		await expect(page.getByText(t.error_choose_one!, { exact: true })).toHaveCount(0);
		await page.context().close();
	});
});
