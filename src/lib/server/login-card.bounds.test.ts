import { describe, expect, it } from 'vitest';
import { normalizeClassCode, normalizeSecretWords } from './login-card';

describe('login card normalisation is bounded', () => {
	it('cuts absurdly long input before normalising it', () => {
		expect(normalizeSecretWords('ａ '.repeat(1_000_000)).length).toBeLessThanOrEqual(2000);
		expect(normalizeClassCode('ｘ'.repeat(1_000_000)).length).toBeLessThanOrEqual(2000);
	});
	it('leaves real cards as they were', () => {
		expect(normalizeSecretWords(' Mango  cloud TIGER ')).toBe('mango cloud tiger');
		expect(normalizeClassCode('demo-52')).toBe('DEMO52');
	});
});
