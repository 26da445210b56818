import type { ConsentLetter } from '$lib/consent-letter';
import { PdfWriter } from './document';

/** Every string a letter draws, so the embedded fonts hold exactly their glyphs. */
function allText(letter: ConsentLetter): string {
	return [
		letter.title, letter.greeting, letter.intro, letter.closing, letter.signature, letter.slipHeading, letter.slipIntro,
		letter.slipCut, ...letter.slipLines, ...letter.sections.flatMap((s) => [s.heading, ...s.paragraphs, ...s.bullets]),
		...letter.slips.map((s) => s.label)
	].join('');
}

/** Height of one return slip, in points: cut line, heading, label, intro and the lines to fill in. */
const SLIP_HEIGHT = 175;

/**
 * The consent letter of a class as an A4 PDF: the letter on its own page(s), then one return
 * slip per child (class code, number, nickname), as many to a page as fit, each under a cut line.
 *
 * @param language BCP 47 tag of the letter's language (`zh-CN`, `en`)
 * @returns the PDF file, its fonts a subset of Noto Sans SC embedded in it
 */
export async function consentLetterPdf(letter: ConsentLetter, language: string): Promise<Uint8Array> {
	const pdf = await PdfWriter.create(allText(letter), { title: letter.title, language });
	pdf.text(letter.title, { size: 17, bold: true });
	pdf.text(letter.greeting, { before: 10 });
	pdf.text(letter.intro, { before: 4 });
	for (const section of letter.sections) {
		pdf.ensureRoom(60);
		pdf.text(section.heading, { size: 12.5, bold: true, before: 10 });
		for (const p of section.paragraphs) pdf.text(p, { before: 2 });
		for (const b of section.bullets) pdf.bullet(b, { before: 2 });
	}
	pdf.text(letter.closing, { before: 10 });
	pdf.text(letter.signature, { before: 6, align: 'right' });

	pdf.newPage();
	for (const slip of letter.slips) {
		pdf.ensureRoom(SLIP_HEIGHT);
		pdf.dashedLine(letter.slipCut);
		pdf.text(letter.slipHeading, { size: 12, bold: true, before: 8 });
		pdf.text(slip.label, { size: 11.5, bold: true, before: 2 });
		pdf.text(letter.slipIntro, { size: 10, before: 2 });
		for (const line of letter.slipLines) pdf.text(line, { size: 10.5, before: 9 });
		pdf.space(14);
	}
	return pdf.save();
}
