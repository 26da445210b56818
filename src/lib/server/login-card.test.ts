import { describe, expect, it } from 'vitest';
import { loginHandle, normalizeClassCode, normalizeSecretWords } from './login-card';

describe('login cards', () => {
	it('maps a card to a non-deliverable login handle', () => {
		expect(loginHandle('DEMO52', 3)).toBe('demo52-3@login-card.invalid');
		expect(loginHandle(' demo-52 ', 3)).toBe('demo52-3@login-card.invalid');
	});
	it('normalizes class codes typed any way, full-width included', () => {
		expect(normalizeClassCode('ｄｅｍｏ５２')).toBe('DEMO52');
		expect(normalizeClassCode('demo 52')).toBe('DEMO52');
	});
	it('compares secret words without case or extra spaces', () => {
		expect(normalizeSecretWords('  Panda\u3000 KITE  river ')).toBe('panda kite river');
	});
});
