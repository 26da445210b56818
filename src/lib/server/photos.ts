/**
 * Photos of street reports: checked by content and re-encoded on the app server before anything
 * is stored (issue 9 §1). Nothing a child's phone wrote into the file survives: the output is a
 * new JPEG made from the pixels only — no EXIF (GPS above all), XMP, IPTC, ICC profile or comment —
 * upright (the EXIF orientation applied), its longest side at most 1600 px.
 */
import sharp from 'sharp';
import { fileTypeFromBuffer } from 'file-type';

// One photo at a time on a 2-core server, no pixel cache between requests.
sharp.concurrency(1);
sharp.cache(false);

const MiB = 1024 * 1024;

/** Limits of a street report's photos. */
export const PHOTO_LIMITS = {
	/** Photos per report. */
	count: 3,
	/** Bytes of one file as sent, checked before it is decoded (phones' photos are 2–8 MB). */
	bytes: 10 * MiB,
	/** The longest side of the stored photo, in pixels. */
	side: 1600,
	/** Pixels a file may declare before decoding is refused (a 50-megapixel camera is the largest expected). */
	pixels: 60_000_000
} as const;

/** The body limit of the street-report form: the photos and the text around them (bytes). */
export const REPORT_BODY_LIMIT = PHOTO_LIMITS.count * PHOTO_LIMITS.bytes + 256 * 1024;

/** Content types accepted by their magic bytes (the name and the sent type are ignored). */
const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp']);
/** iPhone photos: decoded when this machine's libvips can (HEVC usually is not in sharp's build). */
const HEIF = new Set(['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence', 'image/avif']);

/** Why a photo was refused (each has a translated message naming what to do). */
export type PhotoRefusal = 'too_large' | 'not_a_photo' | 'heic_unsupported' | 'unreadable' | 'too_many_pixels';

/** A photo ready to store: JPEG bytes without metadata and their size. */
export interface CleanPhoto {
	data: Buffer;
	width: number;
	height: number;
}

/**
 * Check a file by its content and re-encode it.
 *
 * @param bytes the file as uploaded (any name, any declared type)
 * @returns `{ photo }` — JPEG, sRGB, no metadata, upright, longest side ≤ PHOTO_LIMITS.side (never
 *   enlarged) — or `{ refused }`: `too_large` (over PHOTO_LIMITS.bytes, before any decoding),
 *   `not_a_photo` (not JPEG, PNG, WebP or HEIC/HEIF/AVIF by its magic bytes), `heic_unsupported`
 *   (an iPhone photo this server cannot decode), `too_many_pixels` (declares more than
 *   PHOTO_LIMITS.pixels), `unreadable` (right kind, broken inside).
 */
export async function cleanPhoto(bytes: Uint8Array): Promise<{ photo: CleanPhoto; refused?: undefined } | { photo?: undefined; refused: PhotoRefusal }> {
	if (bytes.byteLength > PHOTO_LIMITS.bytes) return { refused: 'too_large' };
	const type = await fileTypeFromBuffer(bytes);
	const heif = !!type && HEIF.has(type.mime);
	if (!type || (!ACCEPTED.has(type.mime) && !heif)) return { refused: 'not_a_photo' };
	try {
		const image = sharp(bytes, { limitInputPixels: PHOTO_LIMITS.pixels, failOn: 'error', sequentialRead: true });
		const meta = await image.metadata();
		if ((meta.width ?? 0) * (meta.height ?? 0) > PHOTO_LIMITS.pixels) return { refused: 'too_many_pixels' };
		// autoOrient applies the EXIF orientation to the pixels; without keepMetadata/withMetadata
		// sharp writes none of the input's metadata, and toColourspace makes the pixels sRGB so no
		// ICC profile is needed.
		const { data, info } = await image
			.autoOrient()
			.resize({ width: PHOTO_LIMITS.side, height: PHOTO_LIMITS.side, fit: 'inside', withoutEnlargement: true })
			.flatten({ background: '#ffffff' })
			.toColourspace('srgb')
			.jpeg({ quality: 82, mozjpeg: true })
			.toBuffer({ resolveWithObject: true });
		return { photo: { data, width: info.width, height: info.height } };
	} catch (e) {
		const message = e instanceof Error ? e.message : '';
		if (/pixel limit/i.test(message)) return { refused: 'too_many_pixels' };
		return { refused: heif ? 'heic_unsupported' : 'unreadable' };
	}
}
