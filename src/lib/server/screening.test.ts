import { describe, expect, it } from 'vitest';
import { segments } from '$lib/components/marked-text.svelte';
import { childScreening, redactedCopy, screenProposal, textLocale } from './screening';

const clean = { title: '操场开放', problem: '放学后操场的门锁了。', suggestions: '开到六点。', who_should_act: '学校' };
const phone = { ...clean, problem: '有事打我电话13912345678。' };
const disclosure = { ...phone, title: '请帮帮我', problem: '班上有几个人天天在厕所打我，还抢我的钱。电话13912345678' };

describe('childScreening: what the child form does with what the check found', () => {
	it('clean text: sent, empty flags', () => {
		expect(childScreening(clean, 'zh-CN', false)).toEqual({ flags: { personal_details: [], safeguarding: [], confirmed: false } });
	});

	it('a personal detail, not yet confirmed: stop and warn, with the stored text and the spans into it', () => {
		const r = childScreening(phone, 'zh-CN', false);
		expect(r.flags).toBeUndefined();
		expect(r.warn?.text).toEqual(phone);
		expect(r.warn?.details).toEqual([{ field: 'problem', type: 'phone', start: 6, end: 17, text: '13912345678' }]);
		expect(phone.problem.slice(6, 17)).toBe('13912345678');
	});

	it('"send anyway": sent with the flags, confirmed', () => {
		const r = childScreening(phone, 'zh-CN', true);
		expect(r.warn).toBeUndefined();
		expect(r.flags).toMatchObject({ personal_details: [{ type: 'phone' }], safeguarding: [], confirmed: true });
	});

	it('"send anyway" on a text that no longer has details is not a confirmation of anything', () => {
		expect(childScreening(clean, 'zh-CN', true).flags?.confirmed).toBe(false);
	});

	it('a disclosure is sent at once, never held back by the personal-details warning', () => {
		const r = childScreening(disclosure, 'zh-CN', false);
		expect(r.warn).toBeUndefined();
		expect(r.flags!.safeguarding.map((s) => s.type)).toContain('bullying');
		expect(r.flags!.personal_details.map((p) => p.type)).toEqual(['phone']);
		expect(r.flags!.confirmed).toBe(false);
	});
});

describe('the public copy the teacher starts from', () => {
	it('masks each field in its own language', () => {
		const en = { title: 'Library', problem: 'Call my mum on 07700 900123.', suggestions: 'Open late.', who_should_act: 'Library' };
		const text = { ...en, suggestions: '加我微信 xiaoming_2012' };
		const found = screenProposal(text, 'en');
		const copy = redactedCopy(text, found.personal_details);
		expect(copy.problem).toBe('Call my mum on phone ***.');
		expect(copy.suggestions).toBe('加我微信 账号 ***');
		expect(copy.title).toBe('Library');
	});

	it('textLocale: Chinese when any Han character', () => {
		expect(textLocale('hello 你好')).toBe('zh-CN');
		expect(textLocale('hello')).toBe('en');
	});
});

describe('highlight segments', () => {
	it('cuts the text into plain and marked pieces, joining overlaps and clamping', () => {
		const s = segments('abcdefgh', [
			{ start: 1, end: 3, label: 'phone', kind: 'personal' },
			{ start: 2, end: 5, label: 'bullying', kind: 'safeguarding' },
			{ start: 7, end: 99, label: 'name', kind: 'personal' },
			{ start: 4, end: 4, label: 'empty', kind: 'personal' }
		]);
		expect(s).toEqual([
			{ text: 'a' },
			{ text: 'bcde', mark: { labels: ['phone', 'bullying'], kind: 'safeguarding' } },
			{ text: 'fg' },
			{ text: 'h', mark: { labels: ['name'], kind: 'personal' } }
		]);
		expect(segments('abc', [])).toEqual([{ text: 'abc' }]);
	});
});
