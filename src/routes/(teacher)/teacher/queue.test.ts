import { describe, expect, it } from 'vitest';
import { QUERY_MAX, flagTexts, isClean, kindText, parseBulkItem, parseQuery, waitingText } from './queue';

describe('waitingText', () => {
	const now = Date.parse('2026-11-30T12:00:00Z');
	const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();

	it('says how long in the largest whole unit, in the language asked', () => {
		expect(waitingText(ago(3 * 24 * 60 + 5), now, 'en')).toBe('3 days');
		expect(waitingText(ago(3 * 24 * 60 + 5), now, 'zh-CN')).toBe('3天');
		expect(waitingText(ago(1 * 24 * 60), now, 'en')).toBe('1 day');
		expect(waitingText(ago(15 * 24 * 60), now, 'en')).toBe('2 weeks');
		expect(waitingText(ago(5 * 60 + 59), now, 'en')).toBe('5 hours');
		expect(waitingText(ago(7), now, 'en')).toBe('7 minutes');
	});

	it('under a minute (or a clock ahead) is "just now"; nothing is empty', () => {
		expect(waitingText(ago(0), now, 'en')).not.toBe('');
		expect(waitingText(ago(-5), now, 'en')).toBe(waitingText(ago(0), now, 'en'));
		expect(waitingText(null, now, 'en')).toBe('');
	});
});

describe('parseQuery', () => {
	it('trims and normalises full-width characters', () => {
		expect(parseQuery('  路灯 ')).toEqual({ query: '路灯' });
		expect(parseQuery('ＬＡＭＰ')).toEqual({ query: 'LAMP' });
		expect(parseQuery(null)).toEqual({ query: '' });
	});

	it(`refuses more than ${QUERY_MAX} characters (counted as characters, not UTF-16 units) and cuts absurd input`, () => {
		expect(parseQuery('灯'.repeat(QUERY_MAX)).error).toBeUndefined();
		expect(parseQuery('😀'.repeat(QUERY_MAX)).error).toBeUndefined();
		expect(parseQuery('灯'.repeat(QUERY_MAX + 1)).error).toBe('too_long');
		const huge = parseQuery('x'.repeat(1_000_000));
		expect(huge.error).toBe('too_long');
		expect(huge.query.length).toBeLessThanOrEqual(QUERY_MAX * 2);
	});
});

describe('parseBulkItem', () => {
	it('reads <id>:<version> and nothing else', () => {
		expect(parseBulkItem('6765CBE8-dbb4-4cad-94f7-1920e2b9592d:3')).toEqual({ id: '6765cbe8-dbb4-4cad-94f7-1920e2b9592d', version: 3 });
		for (const bad of ['', 'x:1', '6765cbe8-dbb4-4cad-94f7-1920e2b9592d', '6765cbe8-dbb4-4cad-94f7-1920e2b9592d:-1', '6765cbe8-dbb4-4cad-94f7-1920e2b9592d:1e3']) {
			expect(parseBulkItem(bad), bad).toBeNull();
		}
	});
});

describe('flags', () => {
	it('lists the flags most urgent first; only an item without any is clean', () => {
		const none = { personal_details: false, safeguarding: false, dangerous_now: false };
		expect(flagTexts(none)).toEqual([]);
		expect(isClean(none)).toBe(true);
		const all = { personal_details: true, safeguarding: true, dangerous_now: true };
		expect(flagTexts(all)).toHaveLength(3);
		for (const key of ['personal_details', 'safeguarding', 'dangerous_now'] as const) expect(isClean({ ...none, [key]: true })).toBe(false);
	});

	it('names every kind, and shows an unknown one as it is', () => {
		expect(kindText('proposal')).not.toBe('proposal');
		expect(kindText('street_report')).not.toBe('street_report');
		expect(kindText('something_new')).toBe('something_new');
	});
});
