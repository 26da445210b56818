/**
 * The photo cases of ../shared/cases/photos.json (tests/fixtures/cases/photos.json) and more of
 * their kind: real JPEG/PNG/WebP files made here with GPS EXIF written in, re-encoded and read
 * back; an iPhone HEIC; files that lie about their type; files over the limits.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { jpegHeader } from '../../../tests/fixtures/jpeg-header';
import { cleanPhoto, PHOTO_LIMITS } from './photos';

const cases = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../tests/fixtures/cases/photos.json'), 'utf8')) as {
	id: string;
}[];

/** EXIF a phone writes: camera, capture time, GPS (39.9087 N, 116.3975 E), as sharp's withExif takes it. */
const PHONE_EXIF = {
	IFD0: { Make: 'PhoneMaker', Model: 'Phone 15', Software: 'Camera 1.0', DateTime: '2026:11:28 16:05:11', Copyright: 'Xiao Ming' },
	IFD2: { DateTimeOriginal: '2026:11:28 16:05:11', UserComment: 'my house' },
	IFD3: {
		GPSLatitudeRef: 'N',
		GPSLatitude: '39/1 54/1 3132/100',
		GPSLongitudeRef: 'E',
		GPSLongitude: '116/1 23/1 5100/100'
	}
};

/** A camera-like picture (noise, so encoders have something to do), with phone EXIF. */
async function photo(format: 'jpeg' | 'png' | 'webp', width = 2000, height = 1500, exif: Record<string, Record<string, string>> = PHONE_EXIF) {
	const noisy = await sharp({
		create: { width, height, channels: 3, background: '#6a8f3c', noise: { type: 'gaussian', mean: 120, sigma: 40 } }
	})
		.raw()
		.toBuffer();
	let image = sharp(noisy, { raw: { width, height, channels: 3 } }).withExif(exif).withIccProfile('p3');
	image = format === 'jpeg' ? image.jpeg() : format === 'png' ? image.png() : image.webp();
	return image.toBuffer();
}

function contains(haystack: Buffer, needle: string): boolean {
	return haystack.includes(Buffer.from(needle, 'latin1'));
}

async function expectClean(data: Buffer) {
	const meta = await sharp(data).metadata();
	expect(meta.format).toBe('jpeg');
	expect(meta.exif).toBeUndefined();
	expect(meta.xmp).toBeUndefined();
	expect(meta.iptc).toBeUndefined();
	expect(meta.icc).toBeUndefined();
	expect(meta.orientation).toBeUndefined();
	// No trace of the written values in any segment, whatever container they could hide in; the
	// longer ones nowhere in the file (short ones turn up in noisy picture data by chance).
	const header = jpegHeader(data);
	for (const s of ['Exif', 'GPS', 'PhoneMaker', 'Phone 15', '2026:11:28', 'Xiao Ming', 'my house', 'http://ns.adobe.com/xap']) {
		expect(contains(header, s), s).toBe(false);
		if (s.length >= 8) expect(contains(data, s), s).toBe(false);
	}
	return meta;
}

// Encoding camera-sized pictures takes seconds on a busy 2-core machine.
describe('photo cases (tests/fixtures/cases/photos.json)', { timeout: 60_000 }, () => {
	it('covers every case of the file', () => {
		expect(cases.map((c) => c.id)).toEqual(['jpeg-with-gps', 'svg-named-jpg', 'too-large-file']);
	});

	it('jpeg-with-gps, and the same for PNG and WebP: all metadata gone, longest side ≤ 1600, upright', async () => {
		for (const format of ['jpeg', 'png', 'webp'] as const) {
			// The case's 2000 × 1500 phone JPEG; PNG and WebP smaller but still over the limit.
			const input = format === 'jpeg' ? await photo(format) : await photo(format, 1800, 1350);
			const before = await sharp(input).metadata();
			expect(before.exif, format).toBeDefined();
			expect(contains(before.exif!, 'GPS') || before.exif!.length > 100, format).toBe(true);
			// The header reader finds what the input carries, so its "nothing" below means something.
			if (format === 'jpeg') expect(contains(jpegHeader(input), 'PhoneMaker')).toBe(true);
			const out = await cleanPhoto(input);
			expect(out.refused, format).toBeUndefined();
			const meta = await expectClean(out.photo!.data);
			expect([meta.width, meta.height], format).toEqual([1600, 1200]);
			expect([out.photo!.width, out.photo!.height]).toEqual([1600, 1200]);
		}
	});

	it('applies the EXIF orientation (a phone held upright) and never enlarges a small photo', async () => {
		const sideways = await sharp(await photo('jpeg', 300, 200)).withMetadata({ orientation: 6 }).jpeg().toBuffer();
		expect((await sharp(sideways).metadata()).orientation).toBe(6);
		const out = await cleanPhoto(sideways);
		const meta = await expectClean(out.photo!.data);
		expect([meta.width, meta.height]).toEqual([200, 300]);
		const portrait = await cleanPhoto(await photo('png', 1200, 2400));
		expect([portrait.photo!.width, portrait.photo!.height]).toEqual([800, 1600]);
	});

	it('svg-named-jpg, and other files that lie about their type, are not photos', async () => {
		const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
		const html = Buffer.from('<!doctype html><img src=x onerror=alert(1)>');
		const gif = await sharp(await photo('png', 20, 20)).gif().toBuffer();
		const pdf = Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');
		const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
		for (const [name, bytes] of Object.entries({ svg, html, gif, pdf, exe, empty: Buffer.alloc(0) })) {
			expect((await cleanPhoto(bytes)).refused, name).toBe('not_a_photo');
		}
	});

	it('a file with a photo\'s magic bytes but broken inside is unreadable, not a 500', async () => {
		const jpeg = await photo('jpeg', 400, 300);
		const cut = jpeg.subarray(0, 200);
		expect((await cleanPhoto(cut)).refused).toBe('unreadable');
		const png = (await photo('png', 400, 300)).subarray(0, 120);
		expect((await cleanPhoto(png)).refused).toBe('unreadable');
	});

	it('too-large-file: refused by its size before it is decoded, at any size above the limit', async () => {
		const small = await photo('jpeg', 100, 100);
		for (const size of [PHOTO_LIMITS.bytes + 1, 25 * 1024 * 1024]) {
			// A real JPEG padded after its end: decodable, so only the size check can refuse it.
			const big = Buffer.concat([small, Buffer.alloc(size - small.length)]);
			expect((await cleanPhoto(big)).refused, String(size)).toBe('too_large');
		}
		const atLimit = Buffer.concat([small, Buffer.alloc(PHOTO_LIMITS.bytes - small.length)]);
		expect((await cleanPhoto(atLimit)).refused).toBeUndefined();
	});

	it('a small file that declares a huge picture is refused before it is decoded', async () => {
		// A real small PNG whose header (IHDR, with its checksum) says 10000 × 8000.
		const bomb = Buffer.from(await sharp({ create: { width: 10, height: 8, channels: 3, background: '#fff' } }).png().toBuffer());
		bomb.writeUInt32BE(10000, 16);
		bomb.writeUInt32BE(8000, 20);
		bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
		expect((await cleanPhoto(bomb)).refused).toBe('too_many_pixels');
	});
});

describe('iPhone photos (HEIC)', { timeout: 60_000 }, () => {
	/** An HEIC file's start: the ftyp box with brand heic (what iPhones write), then an HEVC-coded item. */
	function heic(): Buffer {
		const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.from([0, 0, 0, 0]), Buffer.from('mif1heic')]);
		const meta = Buffer.concat([Buffer.from([0, 0, 0, 40]), Buffer.from('meta'), Buffer.alloc(32)]);
		return Buffer.concat([ftyp, meta, Buffer.alloc(400, 1)]);
	}

	it('is converted when this machine can decode HEVC, else refused with its own message', async () => {
		const out = await cleanPhoto(heic());
		// sharp's prebuilt libvips has no HEVC decoder (patents); a build with one would decode a
		// real HEIC, and this made-up one would still be unreadable: both are refusals, never a 500.
		expect(out.refused).toBe('heic_unsupported');
	});

	it('AVIF, the other HEIF photo, is decoded and cleaned like any photo', async () => {
		const avif = await sharp(await photo('png', 300, 200)).withExif(PHONE_EXIF).avif({ effort: 0 }).toBuffer();
		const out = await cleanPhoto(avif);
		expect(out.refused).toBeUndefined();
		await expectClean(out.photo!.data);
	});
});
