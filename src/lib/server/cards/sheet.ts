import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CARD_LANGUAGES, type CardLanguage } from './secret-words';

/**
 * Login cards just issued (new children, or a new card), with their secret words. The app keeps
 * no copy: Auth stores only a hash of the words. So that the teacher can print them (as a PDF and
 * as a print page) right after issuing, the cards travel in the teacher's own page as a sealed
 * token (AES-256-GCM, bound to the teacher's account, valid for SHEET_LIFETIME_MS): the print
 * endpoints open it and draw the cards. After that the words are gone for good; a lost card
 * gets new words.
 */
export interface IssuedCard {
	number: number;
	nickname: string;
	/** As printed: words separated by spaces. */
	words: string;
}

export interface CardSheet {
	classId: string;
	className: string;
	classCode: string;
	language: CardLanguage;
	cards: IssuedCard[];
}

/** How long after issuing the cards can be printed. */
export const SHEET_LIFETIME_MS = 30 * 60 * 1000;

const sheetSchema = z.object({
	v: z.literal(1),
	viewer: z.string(),
	expires: z.number(),
	sheet: z.object({
		classId: z.string(),
		className: z.string(),
		classCode: z.string(),
		language: z.enum(CARD_LANGUAGES as [CardLanguage, ...CardLanguage[]]),
		cards: z
			.array(z.object({ number: z.number().int(), nickname: z.string(), words: z.string() }))
			.min(1)
			.max(60)
	})
});

function key(secret: string): Buffer {
	return Buffer.from(hkdfSync('sha256', secret, 'child-voice', 'login-card-sheet v1', 32));
}

/**
 * Seal a sheet for one viewer.
 *
 * @param secret server-only key material (the service-role key)
 * @returns base64url text: nonce (12 bytes), ciphertext, tag (16 bytes)
 */
export function sealSheet(sheet: CardSheet, viewerId: string, secret: string, now = Date.now()): string {
	const nonce = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', key(secret), nonce);
	const plain = Buffer.from(JSON.stringify({ v: 1, viewer: viewerId, expires: now + SHEET_LIFETIME_MS, sheet }));
	const body = Buffer.concat([cipher.update(plain), cipher.final()]);
	return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
}

/** Longest token accepted: 60 cards of long nicknames, with room to spare (checked before any work). */
export const SHEET_TOKEN_MAX = 24_000;

/**
 * Open a sealed sheet.
 *
 * @returns the sheet, or null when the token is not one this server sealed for this viewer, was
 *   changed, or has expired
 */
export function openSheet(token: unknown, viewerId: string, secret: string, now = Date.now()): CardSheet | null {
	if (typeof token !== 'string' || token.length > SHEET_TOKEN_MAX || !/^[A-Za-z0-9_-]{40,}$/.test(token)) return null;
	const raw = Buffer.from(token, 'base64url');
	try {
		const decipher = createDecipheriv('aes-256-gcm', key(secret), raw.subarray(0, 12));
		decipher.setAuthTag(raw.subarray(raw.length - 16));
		const plain = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
		const parsed = sheetSchema.safeParse(JSON.parse(plain.toString('utf8')));
		if (!parsed.success || parsed.data.viewer !== viewerId || parsed.data.expires < now) return null;
		return parsed.data.sheet;
	} catch {
		return null;
	}
}

/**
 * The address a card's QR code opens: the sign-in page in the card's language with the class
 * code and number filled in (never the secret words).
 */
export function signInUrl(origin: string, language: CardLanguage, classCode: string, number: number): string {
	return `${origin}/${language}/sign-in?class=${encodeURIComponent(classCode)}&number=${number}`;
}
