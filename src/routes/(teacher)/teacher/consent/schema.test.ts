import { describe, expect, it } from 'vitest';
import { validateValues } from '$lib/forms/validate';
import { cityToday } from '$lib/i18n/labels';
import { recordConsentSchema } from './schema';

const valid = { guardian: ' 妈妈 ', method: 'paper_form', given_on: cityToday() };
const errors = (over: Record<string, string>) => validateValues(recordConsentSchema, { ...valid, ...over }).errors ?? {};

describe('the record-consent form', () => {
	it('takes who, how and a day up to today (trimmed)', () => {
		expect(validateValues(recordConsentSchema, valid).data).toEqual({ guardian: '妈妈', method: 'paper_form', given_on: cityToday() });
		expect(validateValues(recordConsentSchema, { ...valid, given_on: '2026-02-28' }).errors).toBeUndefined();
	});

	it('needs who said yes, in a few words', () => {
		expect(errors({ guardian: ' \u200b ' })).toEqual({ guardian: { code: 'required' } });
		expect(errors({ guardian: '妈'.repeat(31) })).toEqual({ guardian: { code: 'too_long', max: 30 } });
	});

	it('needs one of the ways people give it (not enrolment, which is the programme’s)', () => {
		expect(errors({ method: '' })).toEqual({ method: { code: 'choose_one' } });
		expect(errors({ method: 'enrolment' })).toEqual({ method: { code: 'choose_one' } });
	});

	it('refuses a day that is missing, not a real date, in the future or more than 12 years back', () => {
		expect(errors({ given_on: '' })).toEqual({ given_on: { code: 'required' } });
		for (const day of ['2026-02-30', '26-09-01', '2026/09/01', 'tomorrow', '2999-01-01', '2001-01-01', `${'9'.repeat(40)}`]) {
			expect(errors({ given_on: day }), day).toEqual({ given_on: { code: 'invalid' } });
		}
	});
});
