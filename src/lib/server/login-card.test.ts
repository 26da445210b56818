import { describe, expect, it } from 'vitest';
import { loginHandle, newSecretWords, normalizeClassCode, normalizeSecretWords, SECRET_WORD_LIST } from './login-card';

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

describe('new secret words', () => {
	// That none is on a demo card is checked in tests/e2e/sign-in.e2e.ts (src/ does not import supabase/local).
	it('come from a list of over 100 distinct, short, lower-case words', () => {
		expect(SECRET_WORD_LIST.length).toBeGreaterThan(100);
		expect(new Set(SECRET_WORD_LIST).size).toBe(SECRET_WORD_LIST.length);
		for (const w of SECRET_WORD_LIST) expect(w).toMatch(/^[a-z]{3,8}$/);
	});

	it('are three different words, already in the normalized form', () => {
		for (let i = 0; i < 200; i++) {
			const words = newSecretWords();
			expect(normalizeSecretWords(words)).toBe(words);
			const parts = words.split(' ');
			expect(new Set(parts).size).toBe(3);
			for (const p of parts) expect(SECRET_WORD_LIST).toContain(p);
		}
		// A source that repeats itself still yields three different words.
		const seq = [5, 5, 5, 9, 9, 1];
		expect(newSecretWords(() => seq.shift()!)).toBe(`${SECRET_WORD_LIST[5]} ${SECRET_WORD_LIST[9]} ${SECRET_WORD_LIST[1]}`);
	});
});
