import { describe, expect, it } from 'vitest';
import { openSheet, sealSheet, SHEET_LIFETIME_MS, signInUrl, type CardSheet } from './sheet';

const secret = 'a-service-role-key-for-tests';
const sheet: CardSheet = {
	classId: '00000000-0000-4000-8000-000000000001',
	className: '三年级一班',
	classCode: 'KX7MRA',
	language: 'zh-CN',
	cards: [{ number: 1, nickname: '开心熊猫', words: '苹果 月亮 火车' }]
};

describe('sealed card sheets', () => {
	it('open for the teacher they were sealed for, within their lifetime, unchanged', () => {
		const now = Date.now();
		const token = sealSheet(sheet, 'teacher-1', secret, now);
		expect(token).not.toContain('苹果');
		expect(Buffer.from(token, 'base64url').toString('utf8')).not.toContain('KX7MRA');
		expect(openSheet(token, 'teacher-1', secret, now + 1000)).toEqual(sheet);
		expect(openSheet(token, 'teacher-2', secret, now)).toBeNull();
		expect(openSheet(token, 'teacher-1', 'another-key', now)).toBeNull();
		expect(openSheet(token, 'teacher-1', secret, now + SHEET_LIFETIME_MS + 1)).toBeNull();
	});

	it('refuse a changed, cut, huge or missing token without throwing', () => {
		const token = sealSheet(sheet, 'teacher-1', secret);
		const flipped = token.slice(0, 30) + (token[30] === 'A' ? 'B' : 'A') + token.slice(31);
		for (const bad of [flipped, token.slice(0, -5), 'x'.repeat(100_000), '', null, undefined, 42, '!!!!']) {
			expect(openSheet(bad, 'teacher-1', secret)).toBeNull();
		}
	});

	it('the QR address is the sign-in page in the card language with code and number, nothing secret', () => {
		expect(signInUrl('https://voice.example.cn', 'en', 'KX7MRA', 12)).toBe('https://voice.example.cn/en/sign-in?class=KX7MRA&number=12');
	});
});
