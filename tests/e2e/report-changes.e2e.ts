import sharp from 'sharp';
import { expect, type Browser, type Page } from '@playwright/test';
import { expectAccessible, fill, messages, signInWithCard, signInWithEmail, type Locale, test } from './support';

// A street report after it is sent (issue 9 §1 leftovers), in both languages and without
// SvelteKit's client (children's pages have none): the child adds a photo while the teacher has
// not looked yet; the teacher returns it; the child sees the report's words in a form, changes
// them, takes the first photo away and sends it again; the teacher reads the new words and sees
// only the photos still there; a photo taken away is gone for everyone.

async function photo(colour: string): Promise<Buffer> {
	return sharp({ create: { width: 1200, height: 900, channels: 3, background: colour } })
		.withExif({ IFD0: { Make: 'PhoneMaker' } })
		.jpeg()
		.toBuffer();
}

async function newPage(browser: Browser, locale: Locale): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', viewport: { width: 320, height: 640 } });
	return context.newPage();
}

for (const [locale, student] of [['zh-CN', 3], ['en', 4]] as const) {
	test(`a child changes a returned street report and its photos (${locale})`, async ({ browser }) => {
		test.slow();
		const t = messages(locale);
		const tag = `#${Date.now() % 100000}`;
		const title = `${locale === 'en' ? 'Dark underpass' : '地下通道很黑'} ${tag}`;

		const child = await newPage(browser, locale);
		await signInWithCard(child, locale, student, { axe: false });
		// The 10–13 form on one page (its guided steps are tested in street-steps.e2e.ts).
		await child.goto(`/${locale}/me/reports/new?view=all`);
		await child.getByRole('radio', { name: t.report_topic_safety_hazard }).check();
		await child.getByLabel(t.report_field_title!, { exact: true }).fill(title);
		await child.getByLabel(t.report_field_description!, { exact: true }).fill(locale === 'en' ? 'The lights are broken.' : '灯坏了。');
		await child.getByRole('radio', { name: t.report_urgency_soon }).check();
		await child.getByLabel(t.report_field_place_text!, { exact: true }).fill(locale === 'en' ? 'Under the east road' : '东边马路下面');
		await child.getByLabel(t.report_field_photos!, { exact: true }).setInputFiles([{ name: 'a.jpg', mimeType: 'image/jpeg', buffer: await photo('#333333') }]);
		await child.getByRole('button', { name: t.report_submit }).click();
		await expect(child.getByRole('status')).toHaveText(t.report_submitted_flash!);
		const reportUrl = child.url().split('?')[0]!;

		// Still waiting for the teacher: one more photo; a file that is no photo is refused by content.
		await expect(child.getByRole('heading', { name: t.child2_photos_heading })).toBeVisible();
		await expectAccessible(child);
		await child.getByLabel(t.child2_photo_add_field!, { exact: true }).setInputFiles([{ name: 'b.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo at all') }]);
		await child.getByRole('button', { name: t.child2_photo_add }).click();
		await expect(child.getByRole('alert').getByText(t.report_photo_not_a_photo!).first()).toBeVisible();
		await child.getByLabel(t.child2_photo_add_field!, { exact: true }).setInputFiles([{ name: 'b.png', mimeType: 'image/png', buffer: await sharp(await photo('#aa3333')).png().toBuffer() }]);
		await child.getByRole('button', { name: t.child2_photo_add }).click();
		await expect(child.getByRole('status')).toHaveText(t.child2_photo_added_flash!);
		await expect(child.locator('img[src*="/photos/"]')).toHaveCount(2);
		const firstPhoto = (await child.locator('img[src*="/photos/"]').first().getAttribute('src'))!;

		// The teacher returns it.
		const teacher = await newPage(browser, locale);
		await signInWithEmail(teacher, locale, 'teacher', '/teacher');
		await teacher.goto(reportUrl.replace('/me/reports/', '/teacher/reports/'));
		await expect(teacher.locator('img[src*="/photos/"]')).toHaveCount(2);
		await teacher.getByLabel(t.field_comment!, { exact: true }).fill(locale === 'en' ? 'Which underpass? Please say.' : '是哪个地下通道？请写清楚。');
		await teacher.getByRole('button', { name: t.teacher_return_submit }).click();

		// The child changes the words, takes the first photo away and sends it again.
		await child.goto(reportUrl);
		await expect(child.getByRole('heading', { name: t.child2_report_change_heading })).toBeVisible();
		await expect(child.getByLabel(t.report_field_title!, { exact: true })).toHaveValue(title);
		await expectAccessible(child);
		expect(await child.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
		await child.getByRole('button', { name: fill(t.child2_photo_remove!, { n: 1 }) }).click();
		await expect(child.getByRole('status')).toHaveText(t.child2_photo_removed_flash!);
		await expect(child.locator('img[src*="/photos/"]')).toHaveCount(1);
		expect((await child.request.get(firstPhoto)).status()).toBe(404);
		const better = locale === 'en' ? 'The underpass under the east road by the school gate has no light.' : '校门东边马路下面的地下通道没有灯。';
		await child.getByLabel(t.report_field_description!, { exact: true }).fill(better);
		// A field made empty is refused with the rest kept.
		await child.getByLabel(t.report_field_title!, { exact: true }).fill('');
		await child.getByRole('button', { name: t.child2_report_resubmit }).click();
		await expect(child.getByLabel(t.report_field_description!, { exact: true })).toHaveValue(better);
		await child.getByLabel(t.report_field_title!, { exact: true }).fill(title);
		await child.getByRole('button', { name: t.child2_report_resubmit }).click();
		await expect(child.getByRole('status')).toHaveText(t.child2_report_resubmitted_flash!);
		await expect(child.getByText(t.state_submitted!, { exact: true })).toBeVisible();
		await expectAccessible(child);

		// The teacher reads the new words; the photo taken away is gone.
		await teacher.goto(reportUrl.replace('/me/reports/', '/teacher/reports/'));
		await expect(teacher.getByText(better).first()).toBeVisible();
		await expect(teacher.locator('img[src*="/photos/"]')).toHaveCount(1);
		expect((await teacher.request.get(firstPhoto)).status()).toBe(404);
	});
}
