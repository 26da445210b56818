import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { expect, type Browser, type Page } from '@playwright/test';
import { demo, expectAccessible, fill, messages, signInWithCard, openFromQueue, signInWithEmail, type Locale, test } from './support';
import { jpegHeader } from '../fixtures/jpeg-header';

// A street report (issue 9 §1) from a child at phone size to the public page, once per language:
// the child reports with two photos (phone JPEGs with GPS in their EXIF) → the teacher confirms one
// photo and approves → staff of the district answer → the public page shows the redacted report
// with the confirmed photo only; the served photos carry no metadata. axe on every page.

interface Case {
	id: string;
	fields: Record<string, string>;
}
const cases: Case[] = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/cases/submissions.json'), 'utf8'));
const slide = cases.find((c) => c.id === 'zh-report-slide')!;

const journeys: { locale: Locale; student: number; place: string }[] = [
	{ locale: 'zh-CN', student: 3, place: '幸福社区儿童游乐场' },
	{ locale: 'en', student: 4, place: 'Happy Community playground' }
];

/** A phone photo: 2000 × 1500 JPEG with camera, time and GPS (39.9087 N, 116.3975 E) in its EXIF. */
async function phonePhoto(colour: string): Promise<Buffer> {
	return sharp({ create: { width: 2000, height: 1500, channels: 3, background: colour, noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
		.withExif({
			IFD0: { Make: 'PhoneMaker', Model: 'Phone 15' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 3132/100', GPSLongitudeRef: 'E', GPSLongitude: '116/1 23/1 5100/100' }
		})
		.jpeg()
		.toBuffer();
}

async function newPage(browser: Browser, locale: Locale, phone = false): Promise<Page> {
	const context = await browser.newContext({
		locale: locale === 'en' ? 'en-GB' : 'zh-CN',
		...(phone ? { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true } : {})
	});
	return context.newPage();
}

/** The photos a page shows, loaded, and the bytes of each as this person gets them. */
async function shownPhotos(page: Page): Promise<Buffer[]> {
	const images = page.locator('img[src*="/photos/"]');
	const count = await images.count();
	const out: Buffer[] = [];
	for (let i = 0; i < count; i++) {
		const img = images.nth(i);
		// The photos load lazily: bring each near the screen, as a child scrolling down would.
		await img.scrollIntoViewIfNeeded();
		await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
		const src = (await img.getAttribute('src'))!;
		const response = await page.request.get(src);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('image/jpeg');
		out.push(await response.body());
	}
	return out;
}

async function expectNoMetadata(photo: Buffer) {
	const meta = await sharp(photo).metadata();
	expect(meta.exif).toBeUndefined();
	expect(meta.xmp).toBeUndefined();
	expect(meta.icc).toBeUndefined();
	expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(1600);
	// Where metadata lives (the noisy picture data holds "GPS" by chance now and then).
	const header = jpegHeader(photo);
	expect(header.includes(Buffer.from('GPS'))).toBe(false);
	expect(header.includes(Buffer.from('Exif'))).toBe(false);
	expect(photo.includes(Buffer.from('PhoneMaker'))).toBe(false);
}

for (const j of journeys) {
	test(`a street report with a photo goes from a child at phone size to the public page (${j.locale})`, async ({ browser }) => {
		// Four people, photos and axe on every page: more than the default time on a busy machine
		// (on 2 shared cores the whole run came to 6 minutes).
		test.setTimeout(600_000);
		const t = messages(j.locale);
		const tag = `#${Date.now() % 100000}`;
		const title = `${j.locale === 'en' ? 'Slide cracked' : slide.fields.title} ${tag}`;
		const description = j.locale === 'en' ? 'One board of the slide is cracked and cuts your hand.' : slide.fields.description!;
		const nickname = demo(j.student).nickname!;

		// The child reports at 320 px with two photos.
		const child = await newPage(browser, j.locale, true);
		await signInWithCard(child, j.locale, j.student);
		await child.getByRole('link', { name: t.report_write }).click();
		await expect(child.getByRole('heading', { level: 1 })).toHaveText(t.report_new_title!);
		// The 10–13 form on one page on request (its guided steps are tested in street-steps.e2e.ts).
		await child.getByRole('button', { name: t.guided_all_on_one_page }).click();
		await expect(child.getByLabel(t.report_field_title!, { exact: true })).toBeVisible();
		await expectAccessible(child);
		// Nothing wider than the phone.
		expect(await child.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
		await child.getByRole('radio', { name: t.report_topic_broken_facility }).check();
		await child.getByLabel(t.report_field_title!, { exact: true }).fill(title);
		await child.getByLabel(t.report_field_description!, { exact: true }).fill(description);
		await child.getByRole('radio', { name: t.report_urgency_soon }).check();
		await child.getByLabel(t.report_field_place!, { exact: true }).selectOption({ label: `${j.place} (${t.report_place_kind_playground})` });
		await child.getByLabel(t.report_field_photos!, { exact: true }).setInputFiles([
			{ name: 'slide.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto('#7a5230') },
			{ name: 'me-at-the-slide.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto('#2f6f9f') }
		]);
		await child.getByRole('button', { name: t.report_submit }).click();
		await expect(child.getByRole('status')).toHaveText(t.report_submitted_flash!);
		await expect(child.getByText(t.state_submitted!, { exact: true })).toBeVisible();
		await expectAccessible(child);
		const id = child.url().match(/\/me\/reports\/([0-9a-f-]{36})/)![1]!;
		// The child sees both photos as sent, without their metadata.
		const own = await shownPhotos(child);
		expect(own).toHaveLength(2);
		for (const photo of own) await expectNoMetadata(photo);

		// The teacher confirms the first photo (the second shows the child) and approves.
		const teacher = await newPage(browser, j.locale);
		await signInWithEmail(teacher, j.locale, 'teacher', '/teacher');
		await openFromQueue(teacher, j.locale, title);
		await expect(teacher).toHaveURL(new RegExp(`/${j.locale}/teacher/reports/${id}$`));
		await expect(teacher.getByText(fill(t.teacher_author!, { name: nickname }), { exact: false })).toBeVisible();
		await expectAccessible(teacher);
		expect(await shownPhotos(teacher)).toHaveLength(2);
		await teacher.getByRole('button', { name: fill(t.report_photo_confirm!, { n: 1 }) }).click();
		await expect(teacher.getByRole('button', { name: fill(t.report_photo_unconfirm!, { n: 1 }) })).toBeVisible();
		await expect(teacher.getByRole('button', { name: fill(t.report_photo_confirm!, { n: 2 }) })).toBeVisible();
		await expectAccessible(teacher);
		await teacher.getByRole('button', { name: t.teacher_approve_submit }).click();
		await expect(teacher.getByRole('status').filter({ hasText: t.teacher_approved_flash! })).toHaveText(t.teacher_approved_flash!);

		// Staff of the district: the report's fields and the confirmed photo only; no child.
		const staff = await newPage(browser, j.locale);
		await signInWithEmail(staff, j.locale, 'staff', '/staff');
		await staff.getByRole('link', { name: title }).click();
		await expect(staff.getByText(t.report_topic_broken_facility!)).toBeVisible();
		await expect(staff.getByText(nickname)).toHaveCount(0);
		expect(await shownPhotos(staff)).toHaveLength(1);
		await expectAccessible(staff);
		await staff.getByLabel(t.decision_adopted!, { exact: true }).check();
		const reply = `${j.locale === 'en' ? 'The community will replace the board this week.' : '社区这周会换掉裂开的板子。'} ${tag}`;
		await staff.getByLabel(t.field_reply!, { exact: true }).fill(reply);
		await staff.getByRole('checkbox', { name: /^SPC-04 / }).check();
		await staff.getByRole('button', { name: t.staff_preview_submit }).click();
		const preview = staff.getByRole('region', { name: t.staff_preview_heading });
		await preview.getByRole('button', { name: t.staff_answer_submit }).click();
		await expect(staff.getByRole('status')).toHaveText(t.staff_answered_flash!);

		// Anyone: the public page shows the redacted report with the confirmed photo only.
		const visitor = await newPage(browser, j.locale, true);
		await visitor.goto(`/${j.locale}/reports/${id}`);
		await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(fill(t.report_public_title!, { title }));
		await expect(visitor.getByText(reply)).toBeVisible();
		await expect(visitor.getByText(j.place, { exact: false }).first()).toBeVisible();
		await expect(visitor.getByText(nickname)).toHaveCount(0);
		const published = await shownPhotos(visitor);
		expect(published).toHaveLength(1);
		await expectNoMetadata(published[0]!);
		await expectAccessible(visitor);
		// The unconfirmed photo is not served to the public.
		const childPhotoIds = await child.locator('img[src*="/photos/"]').evaluateAll((els) => els.map((e) => e.getAttribute('src')!));
		const publicSrc = await visitor.locator('img[src*="/photos/"]').getAttribute('src');
		const hidden = childPhotoIds.map((src) => src.split('/photos/')[1]).filter((pid) => !publicSrc!.endsWith(pid!));
		expect(hidden).toHaveLength(1);
		expect((await visitor.request.get(`/${j.locale}/photos/${hidden[0]}`)).status()).toBe(404);

		// The goal's public answers list links the report to its public page, not to a proposal.
		await visitor.goto(`/${j.locale}/ledger`);
		await visitor.getByRole('link', { name: `${t.ledger_goal_answers_link}: SPC-04` }).first().click();
		await visitor.getByRole('link', { name: title }).click();
		await expect(visitor).toHaveURL(new RegExp(`/${j.locale}/reports/${id}$`));
		// The child's notification of the answer leads to their report's page.
		await child.goto(`/${j.locale}/me/notifications`);
		await child.getByTestId('notifications').getByRole('link', { name: title }).first().click();
		await expect(child).toHaveURL(new RegExp(`/${j.locale}/me/reports/${id}$`));

		// Open311: the same report, redacted, with the confirmed photo as media.
		const open311 = await visitor.request.get(`/open311/v2/requests/${id}.json?locale=${j.locale === 'en' ? 'en' : 'zh-CN'}`);
		expect(open311.status()).toBe(200);
		const [request] = (await open311.json()) as Record<string, unknown>[];
		expect(request).toMatchObject({ service_request_id: id, service_code: 'broken_facility', status: 'open', status_notes: reply });
		expect(String(request!.media_url)).toContain(publicSrc!.split('/photos/')[1]);
		expect(JSON.stringify(request)).not.toContain(nickname);
	});
}
