import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { piecesText } from './arbitraries.test-helpers';
import { findPersonalDetails, redact, mask, type Locale, type PersonalDetail } from './index';

describe('redact', () => {
	it('masks each detail with its type in the locale', () => {
		const text = '我叫王小明，电话13912345678。';
		expect(redact(text, findPersonalDetails(text), 'zh-CN')).toBe('我叫姓名 ***，电话电话 ***。');
		const en = 'Call 139 1234 5678, I live in Apt 3B.';
		expect(redact(en, findPersonalDetails(en, { locale: 'en' }), 'en')).toBe('Call phone ***, I live in address ***.');
		expect(mask('address', 'zh-CN')).toBe('地址 ***');
	});
	it('merges overlapping spans, ignores empty ones, clamps to the text, and is order-independent', () => {
		const text = 'abcdefghij';
		const d: PersonalDetail[] = [
			{ type: 'phone', start: 2, end: 5, text: 'cde' },
			{ type: 'email', start: 4, end: 7, text: 'efg' },
			{ type: 'name', start: 8, end: 8, text: '' },
			{ type: 'name', start: 9, end: 50, text: 'j' }
		];
		expect(redact(text, d, 'en')).toBe('abphone ***hiname ***');
		expect(redact(text, [...d].reverse(), 'en')).toBe('abphone ***hiname ***');
	});
	it('never cuts an emoji in half', () => {
		const text = 'a😀b';
		expect(redact(text, [{ type: 'name', start: 2, end: 4, text: '' }], 'en')).toBe('aname ***');
	});
	it('the shared example leaves nothing of the ID or the address', () => {
		const text = '身份证110105201203041237 朝阳区幸福路12号3单元502';
		const out = redact(text, findPersonalDetails(text), 'zh-CN');
		expect(out).toBe('身份证身份证号 *** 地址 ***');
	});
	const PIECES = ['电话', '13912345678', '１３９１２３４５６７８', '我叫', '王小明', '，', '3号楼2单元501', '住在', 'a@qq.com', 'QQ ', '12345678', '😀', ' ', 'x', '京A12345'];
	it('never leaves a detected substring in the public copy', () => {
		fc.assert(
			fc.property(
				piecesText(PIECES, 30),
				fc.constantFrom<Locale>('zh-CN', 'en'),
				(text, locale) => {
					const details = findPersonalDetails(text, { locale });
					const out = redact(text, details, locale);
					for (const d of details) {
						// A copy of the same characters outside every detected span is not the detected one.
						const elsewhere = [...text.matchAll(new RegExp(d.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))].some(
							(m) => !details.some((x) => m.index < x.end && x.start < m.index + d.text.length)
						);
						if (!elsewhere && out.includes(d.text)) return false;
					}
					return redact(text, details, locale) === out; // stable
				}
			),
			{ numRuns: 300 }
		);
	});
});
