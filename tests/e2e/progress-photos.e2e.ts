import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import sharp from 'sharp';
import { actAs, asSuperuser, connect, one, user, type Tx } from '../db/helpers';
import { expectAccessible as expectAxe, messages, signInWithCard, signInWithEmail, type Locale, test } from './support';

// Issue 11 §3: staff of the item add a progress update with a photo; refused files (not an image,
// a GIF, too big) come back with a translated error and the note kept; the child sees the photo on
// their proposal's page, the public goal page shows it under the latest progress with the note as
// its alt text, the stored photo carries none of the file's metadata, and staff remove a photo
// attached by mistake. Once per language with JavaScript (axe on every page), and once without
// (axe needs JavaScript in the page, so none there).

type Refusal = 'not_an_image' | 'gif' | 'too_large';
const runs: { locale: Locale; js: boolean; refusals: Refusal[] }[] = [
	{ locale: 'zh-CN', js: true, refusals: ['not_an_image', 'gif'] },
	{ locale: 'en', js: true, refusals: ['too_large'] },
	{ locale: 'zh-CN', js: false, refusals: ['too_large', 'gif'] }
];

const CHILD = 4;
const GOAL = 'ENV-03';

async function newPage(browser: Browser, locale: Locale, js: boolean): Promise<Page> {
	const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', javaScriptEnabled: js });
	return context.newPage();
}

/**
 * A proposal of demo child 4, forwarded by 林老师 and answered "adopted" by 王科长 (staff of 示范区)
 * with goal ENV-03, through the rpc functions as those people. Returns its id and the goal's id.
 */
async function answeredProposal(title: string): Promise<{ id: string; goalId: string }> {
	const sql = connect();
	try {
		const idOf = async (email: string) => one(await sql<{ id: string }[]>`select id from auth.users where email = ${email}`).id;
		const child = await idOf(`demo52-${CHILD}@login-card.invalid`);
		const teacher = await idOf('teacher@demo.child-voice.test');
		const staff = await idOf('staff@demo.child-voice.test');
		const goalId = one(await sql<{ id: string }[]>`select id from public.ledger_goals where edition = 2023 and code = ${GOAL}`).id;
		const version = async (tx: Tx, id: string) => {
			await asSuperuser(tx);
			return one(await tx<{ version: number }[]>`select version from public.submissions where id = ${id}`).version;
		};
		const id = await sql.begin(async (tx) => {
			await actAs(tx, user(child));
			return one(await tx<{ id: string }[]>`select id from public.submit_proposal(${title}, '公园的长椅坏了，坐上去会晃。', '换新的长椅。', '区园林部门')`).id;
		});
		await sql.begin(async (tx) => {
			const v = await version(tx, id);
			await actAs(tx, user(teacher));
			await tx`select public.approve_submission(${id}, ${v}, ${title}, '公园的长椅坏了，坐上去会晃。', '换新的长椅。', '区园林部门', null)`;
		});
		await sql.begin(async (tx) => {
			const v = await version(tx, id);
			await actAs(tx, user(staff));
			await tx`select public.answer_submission(${id}, ${v}, 'adopted', '我们会把长椅换成新的。', ${[goalId]}::uuid[])`;
		});
		return { id, goalId };
	} finally {
		await sql.end();
	}
}

/** A photo as a phone writes it: a JPEG with EXIF (a marker to look for in what is stored). */
async function phonePhoto(): Promise<Buffer> {
	return sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#6fae5a' } })
		.composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="800" height="300"><rect width="800" height="300" fill="#8b5a2b"/></svg>'), top: 700, left: 600 }])
		.jpeg()
		.withExif({ IFD0: { Copyright: 'EXIF-MARKER-PHOTOS', Artist: 'EXIF-MARKER-PHOTOS' } })
		.toBuffer();
}

/** A small GIF: an image, but not a type a progress photo may be. */
function gif(): Promise<Buffer> {
	return sharp({ create: { width: 10, height: 10, channels: 3, background: '#ff0000' } }).gif().toBuffer();
}

/** The image is shown and its bytes load (with JavaScript: decoded by the browser; without: fetched as that person). */
async function expectLoaded(page: Page, img: Locator, js: boolean): Promise<void> {
	await expect(img).toBeVisible();
	if (js) {
		await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
	} else {
		const response = await page.request.get((await img.getAttribute('src'))!);
		expect([response.status(), response.headers()['content-type']]).toEqual([200, 'image/jpeg']);
	}
}

for (const run of runs) {
	test(`staff add a progress update with a photo; refused files keep the note; the child and the public see it (${run.locale}${run.js ? '' : ', no JavaScript'})`, async ({ browser }) => {
		test.slow();
		const t = messages(run.locale);
		const expectAccessible = run.js ? expectAxe : async (_page: Page) => {};
		const tag = `#${Date.now() % 100000}`;
		const title = `${run.locale === 'en' ? 'Wobbly bench in the park' : '公园长椅会晃'} ${tag}`;
		const note = `${run.locale === 'en' ? 'New benches are going in this week.' : '这周开始换新长椅。'} ${tag}`;
		const { id, goalId } = await answeredProposal(title);

		const staff = await newPage(browser, run.locale, run.js);
		await signInWithEmail(staff, run.locale, 'staff', '/staff');
		await staff.goto(`/${run.locale}/staff/submissions/${id}`);
		const panel = staff.getByRole('region', { name: t.routing_progress_heading });
		const noteField = panel.getByLabel(t.routing_field_progress_note!, { exact: true });
		const photoField = panel.getByLabel(t.photos_field!, { exact: true });
		const submit = async () => {
			await panel.getByLabel(t.routing_stage_in_progress!, { exact: true }).check();
			await noteField.fill(note);
			await panel.getByRole('button', { name: t.routing_progress_submit }).click();
		};
		const expectRefused = async (message: string) => {
			const summary = staff.getByRole('alert').filter({ hasText: message });
			await expect(summary.first()).toBeVisible();
			await expect(staff.locator('#progress_photo-error')).toHaveText(message);
			await expect(noteField).toHaveValue(note);
			await expectAccessible(staff);
		};

		for (const refusal of run.refusals) {
			if (refusal === 'not_an_image') {
				await photoField.setInputFiles({ name: 'note.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a picture at all, only words') });
				await submit();
				await expectRefused(t.report_photo_not_a_photo!);
			} else if (refusal === 'gif') {
				await photoField.setInputFiles({ name: 'moving.gif', mimeType: 'image/gif', buffer: await gif() });
				await submit();
				await expectRefused(t.photos_wrong_type!);
			} else {
				// Just over the limit: refused before it is decoded.
				await photoField.setInputFiles({ name: 'huge.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0xff) });
				await submit();
				await expectRefused(t.report_photo_too_large!.replace('{max}', '10'));
			}
		}
		// Nothing was saved by a refusal.
		await expect(panel.getByTestId('progress-photo')).toHaveCount(0);

		await panel.getByLabel(t.photos_field!, { exact: true }).setInputFiles({ name: 'bench.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto() });
		await submit();
		await expect(staff.getByRole('status')).toHaveText(t.routing_progress_flash!);
		const staffPhoto = staff.getByRole('region', { name: t.routing_progress_heading }).getByRole('img', { name: note });
		await expectLoaded(staff, staffPhoto, run.js);
		await expectAccessible(staff);

		// Stored re-encoded: a JPEG at most 1600 px wide, without the file's EXIF.
		const src = (await staffPhoto.getAttribute('src'))!;
		const response = await staff.request.get(src);
		expect(response.status()).toBe(200);
		const stored = await response.body();
		expect(stored.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
		expect(stored.includes(Buffer.from('EXIF-MARKER-PHOTOS'))).toBe(false);
		const meta = await sharp(stored).metadata();
		expect([meta.width, meta.height, meta.exif]).toEqual([1600, 1200, undefined]);

		// The child sees it on their proposal's page.
		const child = await newPage(browser, run.locale, run.js);
		await signInWithCard(child, run.locale, CHILD, { axe: false });
		await child.goto(`/${run.locale}/me/proposals/${id}`);
		const seen = child.getByRole('region', { name: t.routing_child_progress_heading });
		await expect(seen.getByText(note)).toBeVisible();
		await expectLoaded(child, seen.getByRole('img', { name: note }), run.js);
		await expectAccessible(child);

		// The public goal page: the latest progress with its photo, the note as its alt text.
		const visitor = await newPage(browser, run.locale, run.js);
		await visitor.goto(`/${run.locale}/ledger/goals/${goalId}`);
		const item = visitor.locator('.list-item', { hasText: title });
		await expectLoaded(visitor, item.getByRole('img', { name: note }), run.js);
		await expectAccessible(visitor);

		if (!run.js) {
			// Attached by mistake: staff take it away; the update stays, the photo is gone everywhere.
			await staff.locator('form[action="?/removeProgressPhoto"]').getByRole('button').click();
			await expect(staff.getByRole('status')).toHaveText(t.photos_removed_flash!);
			await expect(staff.getByTestId('progress-photo')).toHaveCount(0);
			await expect(staff.getByRole('region', { name: t.routing_progress_heading }).getByText(note)).toBeVisible();
			await expectAccessible(staff);
			expect((await visitor.request.get(src)).status()).toBe(404);
			await visitor.reload();
			await expect(visitor.locator('.list-item', { hasText: title }).getByRole('img')).toHaveCount(0);
		}
	});
}
