/** Unit tests of the GoTrue-style token bucket and its key (no server needed). */
import { describe, expect, it } from 'vitest';
import { configFromToml } from '../config.ts';
import { rateLimitKey, TokenBucketLimiter } from './rate-limit.ts';

describe('TokenBucketLimiter', () => {
	it('allows a full burst, then refills at the rate, capped at the burst', () => {
		let now = 0;
		const l = new TokenBucketLimiter(1, 30, 3_600_000, () => now);
		for (let i = 0; i < 30; i++) expect(l.allow('a')).toBe(true);
		expect(l.allow('a')).toBe(false);
		now += 999;
		expect(l.allow('a')).toBe(false);
		now += 2;
		expect(l.allow('a')).toBe(true);
		expect(l.allow('a')).toBe(false);
		expect(l.allow('b')).toBe(true);
		now += 1_000_000;
		for (let i = 0; i < 30; i++) expect(l.allow('b')).toBe(true);
		expect(l.allow('b')).toBe(false);
	});

	it('drops a bucket an hour after it was made, as tollbooth does', () => {
		let now = 0;
		const l = new TokenBucketLimiter(0, 2, 3_600_000, () => now);
		expect([l.allow('k'), l.allow('k'), l.allow('k')]).toEqual([true, true, false]);
		now += 3_600_000;
		expect(l.allow('k')).toBe(true);
	});
});

describe('rateLimitKey', () => {
	it('takes the first value of the configured header; none without header or value', () => {
		expect(rateLimitKey({ 'x-forwarded-for': ' 10.0.0.1 , 10.0.0.2' }, 'X-Forwarded-For')).toBe('10.0.0.1');
		expect(rateLimitKey({ 'x-forwarded-for': ' , 10.0.0.2' }, 'X-Forwarded-For')).toBeNull();
		expect(rateLimitKey({}, 'X-Forwarded-For')).toBeNull();
		expect(rateLimitKey({ 'x-forwarded-for': '10.0.0.1' }, null)).toBeNull();
	});
});

describe('configFromToml', () => {
	const toml = '[api]\nmax_rows = 1000\n[auth.rate_limit]\ntoken_refresh = 300\nsign_in_sign_ups = 30\n';
	it('reads max_rows and token_refresh, with environment overrides', () => {
		expect(configFromToml(toml, {})).toEqual({ maxRows: 1000, tokenRefreshPer5Min: 300, rateLimitHeader: 'X-Forwarded-For', storageFileSizeLimit: 52428800 });
		expect(configFromToml(toml, { CV_MAX_ROWS: '50', CV_AUTH_TOKEN_RATE_LIMIT: '30', CV_AUTH_RATE_LIMIT_HEADER: 'X-Real-IP' })).toEqual({
			maxRows: 50,
			tokenRefreshPer5Min: 30,
			rateLimitHeader: 'X-Real-IP',
			storageFileSizeLimit: 52428800
		});
		expect(configFromToml(toml, { CV_AUTH_RATE_LIMIT_HEADER: 'none' }).rateLimitHeader).toBeNull();
		expect(configFromToml('', {})).toEqual({ maxRows: 1000, tokenRefreshPer5Min: 150, rateLimitHeader: 'X-Forwarded-For', storageFileSizeLimit: 52428800 });
		expect(() => configFromToml('[api]\nmax_rows = -1\n', {})).toThrow(/max_rows/);
		expect(() => configFromToml(toml, { CV_MAX_ROWS: 'lots' })).toThrow(/CV_MAX_ROWS/);
	});

	it('reads [storage] file_size_limit as the Supabase CLI does (every unit binary)', () => {
		expect(configFromToml('[storage]\nfile_size_limit = "50MiB"\n', {}).storageFileSizeLimit).toBe(50 * 1024 * 1024);
		expect(configFromToml('[storage]\nfile_size_limit = "5MB"\n', {}).storageFileSizeLimit).toBe(5 * 1024 * 1024);
		expect(configFromToml('[storage]\nfile_size_limit = "512KiB"\n', {}).storageFileSizeLimit).toBe(512 * 1024);
		expect(configFromToml('[storage]\nfile_size_limit = 1000\n', {}).storageFileSizeLimit).toBe(1000);
		expect(configFromToml('[storage]\nfile_size_limit = "1GiB"\n', { CV_STORAGE_FILE_SIZE_LIMIT: '2MiB' }).storageFileSizeLimit).toBe(2 * 1024 * 1024);
		expect(() => configFromToml('[storage]\nfile_size_limit = "lots"\n', {})).toThrow(/file_size_limit/);
	});
});
