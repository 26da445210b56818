import { describe, expect, it } from 'vitest';
import { consentLetter, type LetterClass } from '$lib/consent-letter';
import { consentLetterPdf } from './consent-letter';
import { inspectPdf } from './inspect';

const cls: LetterClass = {
	className: '五年级二班',
	classCode: 'DEMO52',
	schoolName: { 'zh-CN': '示范小学', en: 'Demo Primary School' },
	retentionYears: 3,
	children: Array.from({ length: 40 }, (_, i) => ({ number: i + 1, nickname: `小星星${i + 1}` }))
};

describe('the consent letter as a PDF', () => {
	for (const locale of ['zh-CN', 'en'] as const) {
		it(`${locale}: A4 pages, the CJK font embedded as a small subset, the letter's and the slips' text extractable`, async () => {
			const letter = consentLetter(cls, locale);
			const bytes = await consentLetterPdf(letter, locale);
			expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
			const facts = await inspectPdf(bytes);
			expect(facts.title).toBe(letter.title);
			// The letter, then 40 slips at four or so to a page.
			expect(facts.pages).toBeGreaterThanOrEqual(1 + Math.ceil(40 / 5));
			expect(facts.fonts.length).toBe(2);
			for (const name of facts.fonts) expect(name).toMatch(/NotoSansHans-(Regular|Bold)/);
			expect(facts.embeddedFontBytes).toHaveLength(2);
			// Labelled as what it is: a CID-keyed CFF font program (not an OpenType file under a CFF or TrueType label).
			expect(facts.fontPrograms).toEqual(['CIDFontType0 FontFile3/CIDFontType0C cff', 'CIDFontType0 FontFile3/CIDFontType0C cff']);
			// A subset: the whole font is over 8 MB.
			for (const size of facts.embeddedFontBytes) expect(size).toBeLessThan(400_000);
			expect(bytes.length).toBeLessThan(600_000);
			// Every character of the nicknames and the letter can be read back from the file.
			const text = [letter.title, letter.intro, ...letter.slips.map((s) => s.label)].join('');
			const missing = [...new Set(text.replace(/\s/g, ''))].filter((ch) => !facts.characters.has(ch));
			expect(missing).toEqual([]);
			for (const ch of '小星星五年级二班') expect(facts.characters.has(ch)).toBe(true);
		}, 30_000);
	}

	it('a glyph outside the text is not in the font (it really is a subset)', async () => {
		const facts = await inspectPdf(await consentLetterPdf(consentLetter(cls, 'en'), 'en'));
		expect(facts.characters.has('龙')).toBe(false);
		expect(facts.characters.has('小')).toBe(true);
	}, 30_000);
});
