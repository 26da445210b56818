import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { formErrorText, retryParams } from './labels';

describe('retryParams', () => {
	it('gives whole minutes from now (at least 1) and the time of day in the city', () => {
		const now = Date.parse('2026-11-30T04:00:00Z');
		expect(retryParams(new Date(now + 14 * 60_000 + 1), now).minutes).toBe('15');
		expect(retryParams(new Date(now + 15 * 60_000), now).minutes).toBe('15');
		expect(retryParams(new Date(now + 1000), now).minutes).toBe('1');
		expect(retryParams(new Date(now - 1000), now).minutes).toBe('1');
		// 04:15 UTC is 12:15 in Asia/Shanghai.
		expect(retryParams(new Date(now + 15 * 60_000), now).time).toMatch(/12:15/);
	});

	it('fills the lock messages; a 429 has its own message, not the wrong-card one', () => {
		const text = formErrorText('locked_card', { minutes: '12', time: '12:15' });
		expect(text).toBe(m.sign_in_locked_card({ minutes: '12', time: '12:15' }));
		expect(text).toContain('12');
		expect(formErrorText('rate_limited')).toBe(m.sign_in_rate_limited());
		expect(formErrorText('rate_limited')).not.toBe(formErrorText('card_failed'));
		for (const key of ['locked_email', 'locked_class', 'locked_address']) {
			expect(formErrorText(key, { minutes: '3', time: '9:00' })).toContain('3');
		}
	});
});
