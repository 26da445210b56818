import { describe, expect, it } from 'vitest';
import { cityLocalToIso, isoToCityLocal } from './time';

describe('poll times in Asia/Shanghai', () => {
	it('reads a datetime-local value as the city\'s wall-clock time, whatever the process time zone', () => {
		expect(new Date(cityLocalToIso('2026-06-30T23:59:59')!).toISOString()).toBe('2026-06-30T15:59:59.000Z');
		expect(new Date(cityLocalToIso('2026-07-01T00:00')!).toISOString()).toBe('2026-06-30T16:00:00.000Z');
		expect(cityLocalToIso('2026-09-01T08:00')).toMatch(/\+08:00$/);
		expect(new Date(cityLocalToIso('2026-01-01T00:00')!).toISOString()).toBe('2025-12-31T16:00:00.000Z');
	});

	it('refuses what is not a real time', () => {
		for (const bad of ['', '2026-06-31T10:00', '2026-02-30T10:00', '2026-06-30T24:00', '2026-06-30 10:00:00Z', '30/06/2026 10:00', '2026-6-3T1:00']) {
			expect(cityLocalToIso(bad), bad).toBeNull();
		}
	});

	it('shows an instant in the city (round trip)', () => {
		expect(isoToCityLocal('2026-06-30T16:00:00Z')).toBe('2026-07-01T00:00');
		expect(isoToCityLocal('2026-06-30T15:59:59Z')).toBe('2026-06-30T23:59');
		for (const v of ['2026-09-01T08:00', '2026-09-30T18:00', '2027-01-01T00:00']) expect(isoToCityLocal(cityLocalToIso(v)!)).toBe(v);
	});
});
