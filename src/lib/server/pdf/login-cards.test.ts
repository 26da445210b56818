import { describe, expect, it } from 'vitest';
import { newNicknames } from '$lib/server/cards/nicknames';
import { newSecretWords } from '$lib/server/cards/secret-words';
import { signInUrl, type CardSheet } from '$lib/server/cards/sheet';
import { decodeGrayQr, inspectPdf } from './inspect';
import { CARDS_PER_PAGE, loginCardsPdf } from './login-cards';

function sheet(language: 'zh-CN' | 'en', count: number): CardSheet {
	const names = newNicknames(language, count);
	return {
		classId: '00000000-0000-4000-8000-000000000001',
		className: language === 'en' ? 'Class 3-1' : '三年级一班',
		classCode: 'KX7MRA',
		language,
		cards: names.map((nickname, i) => ({ number: i + 1, nickname, words: newSecretWords(language) }))
	};
}

describe('login cards as a PDF', () => {
	for (const language of ['zh-CN', 'en'] as const) {
		it(`${language}: 30 cards on A4 pages of ${CARDS_PER_PAGE}, each QR code opens the sign-in page with its code and number, the text is in the file`, async () => {
			const s = sheet(language, 30);
			const bytes = await loginCardsPdf(s, 'https://voice.example.cn');
			const facts = await inspectPdf(bytes);
			expect(facts.pages).toBe(Math.ceil(30 / CARDS_PER_PAGE));
			expect(facts.title).toBe(language === 'en' ? 'Login cards of Class 3-1' : '三年级一班 登录卡');
			expect(facts.fontPrograms.every((p) => p === 'CIDFontType0 FontFile3/CIDFontType0C cff')).toBe(true);
			expect(facts.grayImages).toHaveLength(30);
			const urls = facts.grayImages.map((image) => decodeGrayQr(image));
			const expected = s.cards.map((c) => signInUrl('https://voice.example.cn', language, 'KX7MRA', c.number));
			expect(urls.sort()).toEqual(expected.sort());
			// Every nickname and secret word can be read back (the embedded font has their glyphs).
			const text = s.cards.flatMap((c) => [c.nickname, c.words]).join('').replace(/\s/g, '');
			expect([...new Set(text)].filter((ch) => !facts.characters.has(ch))).toEqual([]);
		}, 60_000);
	}

	it('a single card is one page', async () => {
		const facts = await inspectPdf(await loginCardsPdf(sheet('en', 1), 'http://127.0.0.1:5173'));
		expect(facts.pages).toBe(1);
		expect(decodeGrayQr(facts.grayImages[0]!)).toBe('http://127.0.0.1:5173/en/sign-in?class=KX7MRA&number=1');
	}, 30_000);
});
