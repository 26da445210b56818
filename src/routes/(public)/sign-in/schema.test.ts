import { describe, expect, it } from 'vitest';
import { cardSchema, passwordSchema, safeNext } from './schema';

describe('card sign-in form', () => {
	it('accepts ASCII and full-width student numbers', () => {
		expect(cardSchema.parse({ class_code: 'DEMO52', student_number: '３', secret_words: 'a b c' }).student_number).toBe(3);
		expect(cardSchema.parse({ class_code: 'DEMO52', student_number: '0003', secret_words: 'a b c' }).student_number).toBe(3);
	});
	it('says which field is wrong', () => {
		const r = cardSchema.safeParse({ class_code: ' ', student_number: 'x', secret_words: '' });
		expect(Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]))).toEqual({
			class_code: 'required',
			student_number: 'invalid',
			secret_words: 'required'
		});
	});
});

describe('adult sign-in form', () => {
	it('needs an e-mail address and a password', () => {
		const r = passwordSchema.safeParse({ email: 'not-an-email', password: '' });
		expect(Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]))).toEqual({ email: 'invalid', password: 'required' });
	});
});

describe('safeNext', () => {
	it.each([
		['/en/teacher', '/en/teacher'],
		['//evil.example/x', undefined],
		['/\\evil.example', undefined],
		['https://evil.example', undefined],
		[undefined, undefined]
	])('%s → %s', (input, expected) => {
		expect(safeNext(input)).toBe(expected);
	});
});
