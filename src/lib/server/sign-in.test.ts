import { AuthApiError, AuthRetryableFetchError, AuthUnknownError } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { classifyAuthError, FAILED_SIGN_IN_FLOOR_MS, padToFloor } from './sign-in';

describe('padToFloor', () => {
	/** A fake clock: sleeping moves it on. */
	function clock(start: number) {
		let t = start;
		const slept: number[] = [];
		return {
			now: () => t,
			sleep: async (ms: number) => {
				slept.push(ms);
				t += ms;
			},
			advance: (ms: number) => (t += ms),
			slept
		};
	}

	it('waits until the floor has passed since the start, whatever the work took', async () => {
		for (const took of [0, 1, 37, 250, 599]) {
			const c = clock(1000);
			c.advance(took);
			await padToFloor(1000, 600, c.now, c.sleep);
			expect(c.slept).toEqual([Math.max(1, 600 - took)]);
			expect(c.now()).toBe(1600);
		}
	});

	it('waits again when a timer fires early, so the floor is never undershot', async () => {
		let t = 0;
		const slept: number[] = [];
		// Each sleep ends 0.4 ms before it should.
		await padToFloor(0, 600, () => t, async (ms) => {
			slept.push(ms);
			t += ms - 0.4;
		});
		expect(t).toBeGreaterThanOrEqual(600);
		expect(slept.length).toBeGreaterThan(1);
	});

	it('does not wait once the floor has passed', async () => {
		for (const took of [600, 601, 5000]) {
			const c = clock(0);
			c.advance(took);
			await padToFloor(0, 600, c.now, c.sleep);
			expect(c.slept).toEqual([]);
		}
	});

	it('defaults to 600 ms with the real clock', async () => {
		expect(FAILED_SIGN_IN_FLOOR_MS).toBe(600);
		const started = performance.now();
		await padToFloor(started, 50);
		expect(performance.now() - started).toBeGreaterThanOrEqual(50);
	});
});

describe('classifyAuthError', () => {
	it("Auth's 429 is 'too many sign-ins', never a wrong password", () => {
		expect(classifyAuthError(new AuthApiError('Request rate limit reached', 429, 'over_request_rate_limit'))).toBe('rate_limited');
		expect(classifyAuthError(new AuthApiError('Too many', 429, undefined))).toBe('rate_limited');
		// Legacy bodies: the code may be the only sign.
		expect(classifyAuthError(new AuthApiError('limit', 400, 'over_request_rate_limit'))).toBe('rate_limited');
	});

	it('other 4xx refuse the password; 5xx, network and unknown errors mean Auth could not decide', () => {
		expect(classifyAuthError(new AuthApiError('Invalid login credentials', 400, 'invalid_credentials'))).toBe('refused');
		expect(classifyAuthError(new AuthApiError('banned', 400, 'user_banned'))).toBe('refused');
		expect(classifyAuthError(new AuthApiError('Database error', 500, 'unexpected_failure'))).toBe('unavailable');
		expect(classifyAuthError(new AuthRetryableFetchError('fetch failed', 0))).toBe('unavailable');
		expect(classifyAuthError(new AuthRetryableFetchError('bad gateway', 502))).toBe('unavailable');
		expect(classifyAuthError(new AuthUnknownError('?', new Error('x')))).toBe('unavailable');
		expect(classifyAuthError(new Error('boom'))).toBe('unavailable');
	});
});
