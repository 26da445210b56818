/**
 * checkProgressPhoto: a progress photo is JPEG, PNG or WebP by content, capped before decoding and
 * re-encoded by the street-report photos' code; each refusal has its own code (translated on the
 * page): too big, not an image, an image of a type progress photos do not take.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PHOTO_LIMITS } from './photos';
import { checkProgressPhoto } from './progress-photos';

const picture = (format: 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff') =>
	sharp({ create: { width: 1800, height: 900, channels: 3, background: '#3cb371' } })
		[format]()
		.withExif({ IFD0: { Copyright: 'EXIF-MARKER' } })
		.toBuffer();

const file = (bytes: Uint8Array | Buffer, name = 'photo.jpg', type = 'image/jpeg') => new File([new Uint8Array(bytes)], name, { type });

describe('checkProgressPhoto', () => {
	for (const format of ['jpeg', 'png', 'webp'] as const) {
		it(`takes a ${format}, whatever its name says, and stores a JPEG ≤ 1600 px without metadata`, async () => {
			const checked = await checkProgressPhoto(file(await picture(format), 'x.gif', 'image/gif'));
			expect(checked.code).toBeUndefined();
			const out = checked.photo!;
			expect([out.width, out.height]).toEqual([1600, 800]);
			const meta = await sharp(out.data).metadata();
			expect([meta.format, meta.exif]).toEqual(['jpeg', undefined]);
			expect(out.data.includes(Buffer.from('EXIF-MARKER'))).toBe(false);
		});
	}

	it('refuses a GIF and a TIFF as the wrong type, even when named .jpg', async () => {
		for (const format of ['gif', 'tiff'] as const) {
			expect((await checkProgressPhoto(file(await picture(format)))).code).toBe('photo_wrong_type');
		}
	});

	it('refuses text and a PDF as not an image', async () => {
		expect((await checkProgressPhoto(file(Buffer.from('only words here'), 'a.jpg'))).code).toBe('photo_not_a_photo');
		expect((await checkProgressPhoto(file(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), 'a.png'))).code).toBe('photo_not_a_photo');
	});

	it('refuses a file over the limit before reading what it is, and a broken JPEG as unreadable', async () => {
		expect((await checkProgressPhoto(file(Buffer.alloc(PHOTO_LIMITS.bytes + 1, 0xff)))).code).toBe('photo_too_large');
		const jpeg = await picture('jpeg');
		expect((await checkProgressPhoto(file(jpeg.subarray(0, 200)))).code).toBe('photo_unreadable');
	});
});
