import { expect, type Page } from '@playwright/test';
import sharp from 'sharp';
import { createPoll, newPage, noSideways, voteAsChild } from './poll-support';
import { expectAccessible, fill, messages, signInWithCard, signInWithEmail, type Locale, test } from './support';

// Option pictures (issue 8): the teacher gives a class poll's options pictures on the poll's page
// (a file that is no photo is refused, with what was typed kept); the child sees them on the
// ballot at 320 px and votes; after the first ballot the pictures are locked; signed out, the
// picture is not there. Once in Chinese with JavaScript, once in English without.

/** A camera-sized JPEG with GPS and a camera model written in (the server must drop both). */
async function cameraPhoto(colour: string): Promise<Buffer> {
	return sharp({ create: { width: 2400, height: 1800, channels: 3, background: colour } })
		.withExif({ IFD0: { Make: 'TestCam', Model: 'Phone 1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 0/1' } })
		.jpeg()
		.toBuffer();
}

/** What an image's address answers, fetched with the page's own session. */
async function pictureResponse(page: Page, src: string) {
	const response = await page.request.get(new URL(src, page.url()).toString());
	return { status: response.status(), type: response.headers()['content-type'], body: await response.body() };
}

/** One option's picture form on the poll's page: choose the file, type what it shows, send. */
async function addPicture(page: Page, locale: Locale, n: number, label: string, file: { name: string; mimeType: string; buffer: Buffer }, alt: string) {
	const t = messages(locale);
	const section = pictureSection(page, locale, n, label);
	await section.getByLabel(fill(t.pollpic_field_picture!, { n }), { exact: true }).setInputFiles(file);
	await section.getByLabel(t.pollpic_field_alt_zh!, { exact: true }).fill(alt);
	await section.getByRole('button', { name: new RegExp(`^(${fill(t.pollpic_add!, { n })}|${fill(t.pollpic_replace!, { n })})$`) }).click();
}

function pictureSection(page: Page, locale: Locale, n: number, label: string) {
	return page.getByRole('region', { name: fill(messages(locale).pollpic_option!, { n, label }), exact: true });
}

for (const [locale, javaScriptEnabled] of [
	['zh-CN', true],
	['en', false]
] as [Locale, boolean][]) {
	test(`option pictures: added, refused when not a photo, seen by the child at 320 px, locked after a vote (${locale}, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({ browser }) => {
		test.slow();
		const t = messages(locale);
		const tag = `#${Date.now() % 100000}`;
		const question = `${locale === 'en' ? 'Which slide for the park?' : '公园里放哪种滑梯？'} ${tag}`;
		const options = locale === 'en' ? ['Tube slide', 'Wave slide'] : ['管子滑梯', '波浪滑梯'];

		const teacher = await newPage(browser, locale, { javaScriptEnabled });
		await signInWithEmail(teacher, locale, 'teacher', '/teacher');
		const pollUrl = await createPoll(teacher, locale, { base: '/teacher/polls', area: /五年级二班|Class 5-2|DEMO52/, question, options, axe: javaScriptEnabled });
		await expect(teacher.getByRole('heading', { name: t.pollpic_heading })).toBeVisible();

		// A text file named like a photo: refused by its content, the alt text kept, the error summary first.
		await addPicture(teacher, locale, 2, options[1]!, { name: 'slide.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a picture at all') }, '一个弯弯的滑梯');
		await expect(teacher.getByRole('heading', { name: t.error_summary_title })).toBeVisible();
		await expect(teacher.locator('.error-summary')).toContainText(t.report_photo_not_a_photo!);
		await expect(pictureSection(teacher, locale, 2, options[1]!).getByLabel(t.pollpic_field_alt_zh!, { exact: true })).toHaveValue('一个弯弯的滑梯');
		if (javaScriptEnabled) await expectAccessible(teacher);

		// A real photo for option 1.
		await addPicture(teacher, locale, 1, options[0]!, { name: 'tube.jpg', mimeType: 'image/jpeg', buffer: await cameraPhoto('#d4351c') }, '一个红色的管子滑梯');
		await expect(teacher.getByRole('status')).toHaveText(t.pollpic_flash_added!);
		const shown = teacher.getByTestId('option-picture').first();
		await expect(shown).toBeVisible();
		const src = (await shown.getAttribute('src'))!;
		const picture = await pictureResponse(teacher, src);
		expect(picture.status).toBe(200);
		expect(picture.type).toBe('image/jpeg');
		const meta = await sharp(picture.body).metadata();
		expect(Math.max(meta.width!, meta.height!)).toBe(1600);
		expect(meta.exif).toBeUndefined();
		if (javaScriptEnabled) await expectAccessible(teacher);

		// Signed out: no picture (a class poll stays inside its class).
		const outsider = await newPage(browser, locale);
		const anon = await outsider.request.get(new URL(src, teacher.url()).toString());
		expect(anon.status()).toBe(404);

		// The child sees the picture on the ballot, with what it shows as its text, at 320 px.
		const phone = await newPage(browser, locale, { width: 320 });
		await signInWithCard(phone, locale, 1, { axe: false });
		await phone.goto(pollUrl.replace('/teacher/polls/', '/me/polls/').split('?')[0]!);
		const ballotPicture = phone.getByRole('img', { name: '一个红色的管子滑梯' });
		await expect(ballotPicture).toBeVisible();
		expect((await pictureResponse(phone, (await ballotPicture.getAttribute('src'))!)).status).toBe(200);
		await noSideways(phone);
		await expectAccessible(phone);
		await phone.context().close();
		await voteAsChild(await newPage(browser, locale, { width: 320 }), locale, 3, question, options[0]!, { axe: false });

		// After the first ballot the pictures are locked.
		await teacher.goto(pollUrl);
		await addPicture(teacher, locale, 2, options[1]!, { name: 'wave.png', mimeType: 'image/png', buffer: await sharp({ create: { width: 300, height: 200, channels: 3, background: '#1d70b8' } }).png().toBuffer() }, '蓝色的波浪滑梯');
		await expect(teacher.locator('.error-summary')).toContainText(t.error_options_frozen!);
		await expect(teacher.locator('ol.options').getByTestId('option-picture')).toHaveCount(1);
		await expect(pictureSection(teacher, locale, 2, options[1]!).getByText(t.pollpic_none!)).toBeVisible();
		await Promise.all([teacher, outsider].map((p) => p.context().close()));
	});
}
