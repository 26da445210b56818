/** The bounds of Open311 requests.json queries: the spec's filters, the 90-day window, paging. */
import { describe, expect, it } from 'vitest';
import { Open311Error, readRequestQuery } from './open311';

const NOW = Date.parse('2026-11-30T12:00:00+08:00');
const q = (s: string) => readRequestQuery(new URLSearchParams(s), NOW);
const refused = (s: string) => {
	try {
		q(s);
	} catch (e) {
		expect(e).toBeInstanceOf(Open311Error);
		return (e as Open311Error).body()[0]!.code;
	}
	throw new Error(`accepted: ${s}`);
};

describe('Open311 requests.json query', () => {
	it('defaults to the last 90 days in the city\'s calendar, page 1 of 50', () => {
		expect(q('')).toEqual({ ids: null, serviceCodes: null, statuses: null, fromDay: '2026-09-01', toDay: '2026-11-30', page: 1, pageSize: 50 });
	});

	it('takes the spec\'s filters: comma lists of codes, statuses and ids; dates with their zone', () => {
		const r = q('service_code=noise,traffic&status=closed&start_date=2026-11-01T00:00:00Z&end_date=2026-11-29T20:00:00-05:00&page=2&page_size=100');
		expect(r).toMatchObject({ serviceCodes: ['noise', 'traffic'], statuses: ['closed'], fromDay: '2026-11-01', toDay: '2026-11-30', page: 2, pageSize: 100 });
		// An instant late in the UTC day is the next day in Asia/Shanghai.
		expect(q('start_date=2026-10-31T17:00:00Z').fromDay).toBe('2026-11-01');
	});

	it('refuses what it cannot bound or read, with the spec\'s error shape', () => {
		for (const bad of [
			'service_code=potholes',
			'status=pending',
			'start_date=yesterday',
			'start_date=2026-11-01T00:00:00',
			'start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z',
			'start_date=2026-11-02T00:00:00Z&end_date=2026-11-01T00:00:00Z',
			'page=0',
			'page_size=101',
			'page_size=-1',
			'page=1e3',
			'service_request_id=1;drop',
			`service_code=${'a'.repeat(3000)}`
		]) {
			expect(refused(bad), bad).toBe(400);
		}
	});
});
