import { z } from 'zod';
import { requiredText } from '$lib/forms/fields';
import { CONSENT_METHODS, cityToday } from '$lib/i18n/labels';

/** Who gave consent, as the teacher writes it ("妈妈", "grandfather"): a few words, never more. */
export const GUARDIAN_MAX = 30;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day (YYYY-MM-DD), not after today in the city, not more than 12 years back. */
function plausibleDay(value: string): boolean {
	if (!ISO_DAY.test(value)) return false;
	const day = new Date(`${value}T00:00:00Z`);
	if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) return false;
	const today = cityToday();
	const earliest = `${Number(today.slice(0, 4)) - 12}${today.slice(4)}`;
	return value <= today && value >= earliest;
}

/** The record-consent form (field names = database argument names without `p_`). */
export const recordConsentSchema = z.object({
	guardian: requiredText(GUARDIAN_MAX),
	method: z.enum(CONSENT_METHODS as [string, ...string[]], { message: 'choose_one' }),
	given_on: z
		.string({ error: 'required' })
		.max(32, { message: 'invalid' })
		.superRefine((value, ctx) => {
			if (value.trim() === '') ctx.addIssue({ code: 'custom', message: 'required' });
			else if (!plausibleDay(value.trim())) ctx.addIssue({ code: 'custom', message: 'invalid' });
		})
		.transform((value) => value.trim())
});
