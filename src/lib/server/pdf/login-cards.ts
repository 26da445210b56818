import { cardText } from '$lib/login-card-text';
import { qrModules } from '$lib/server/cards/qr';
import { signInUrl, type CardSheet } from '$lib/server/cards/sheet';
import { A4, PdfWriter } from './document';

/** Cards a page: two columns of four, each about 95 × 69 mm. */
export const CARDS_PER_PAGE = 8;
const MARGIN = 28;
const COLUMNS = 2;
const ROWS = 4;
const PAD = 12;
const QR_SIZE = 96;
/** Light modules around the code, as the QR standard asks (4). */
const QUIET = 4;

/**
 * The QR code of `text` as a greyscale image, one pixel a module, with its quiet zone.
 *
 * @returns pixels row by row from the top (0 dark, 255 light) and the side in pixels
 */
export function qrImage(text: string): { pixels: Uint8Array; side: number } {
	const { size, dark } = qrModules(text);
	const side = size + 2 * QUIET;
	const pixels = new Uint8Array(side * side).fill(255);
	for (let row = 0; row < size; row++) {
		for (let col = 0; col < size; col++) if (dark[row * size + col]) pixels[(row + QUIET) * side + col + QUIET] = 0;
	}
	return { pixels, side };
}

/**
 * Login cards as an A4 PDF: 8 to a page, each with the class code, number, nickname, secret
 * words, a QR code that opens the sign-in page with the class code and number filled in, and how
 * to sign in; dashed lines to cut along. In the sheet's language, whatever the page's.
 *
 * @param origin the site's origin (`https://voice.example.cn`), for the QR codes and the hint
 * @returns the PDF file (Noto Sans SC subset to its text, embedded)
 */
export async function loginCardsPdf(sheet: CardSheet, origin: string): Promise<Uint8Array> {
	const address = `${origin.replace(/^https?:\/\//, '')}/${sheet.language}/sign-in`;
	const t = cardText(sheet.language, sheet.className, address);
	const all = [t.title, t.heading, t.classCode, t.number, t.nickname, t.secretWords, t.hint, sheet.className, sheet.classCode,
		...sheet.cards.flatMap((c) => [c.nickname, c.words])].join('');
	const pdf = await PdfWriter.create(all, { title: t.title, language: sheet.language, margin: MARGIN });
	const width = (A4.width - 2 * MARGIN) / COLUMNS;
	const height = (A4.height - 2 * MARGIN) / ROWS;
	const inner = width - 2 * PAD;
	const left = inner - QR_SIZE - 8;
	sheet.cards.forEach((card, i) => {
		const slot = i % CARDS_PER_PAGE;
		if (i > 0 && slot === 0) pdf.newPage();
		const x = MARGIN + (slot % COLUMNS) * width;
		const y = A4.height - MARGIN - (Math.floor(slot / COLUMNS) + 1) * height;
		pdf.box(x, y, width, height, true);
		const top = y + height - PAD;
		const at = x + PAD;
		const line = (text: string, dy: number, size: number, bold = false, max = left) =>
			pdf.textAt(text, at, top - dy, { size: pdf.fitSize(text, size, max, bold), bold });
		line(t.heading, 10, 10, true);
		line(sheet.className, 24, 9);
		line(t.classCode, 38, 8);
		line(sheet.classCode, 56, 17, true);
		line(t.number, 69, 8);
		line(String(card.number), 87, 17, true);
		line(t.nickname, 100, 8);
		line(card.nickname, 113, 11, false);
		line(t.secretWords, 128, 8, false, inner);
		line(card.words, 147, 15, true, inner);
		for (const [k, text] of pdf.wrap(t.hint, 7, inner).slice(0, 2).entries()) pdf.textAt(text, at, top - 163 - k * 9, { size: 7 });
		const qr = qrImage(signInUrl(origin, sheet.language, sheet.classCode, card.number));
		pdf.grayImage(qr.pixels, qr.side, qr.side, x + width - PAD - QR_SIZE, top - QR_SIZE, QR_SIZE, QR_SIZE);
	});
	return pdf.save();
}
