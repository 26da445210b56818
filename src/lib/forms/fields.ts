import { z } from 'zod';
import { exceedsRawCap, graphemeCount, isBlank, trimInvisible } from '$lib/text';

/**
 * Error codes that form schemas put in zod issues; pages translate them with fieldErrorText().
 * `too_long` carries the limit in the issue's params.
 */
export type FieldErrorCode = 'required' | 'too_long' | 'invalid' | 'choose_one' | 'choose_goal';

// Control characters other than tab and line breaks: never typed, and NUL cannot be stored.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;

/**
 * Refuse text longer than the raw cap (rawCap(max) UTF-16 units) as `too_long` before any
 * per-character work: the pipe stops here, so trimming and grapheme counting never see it.
 */
function rawCapped<S extends z.ZodString | z.ZodOptional<z.ZodString>>(max: number, schema: S): S {
	return (schema as z.ZodType<string | undefined>).check((ctx) => {
		if (typeof ctx.value === 'string' && exceedsRawCap(ctx.value, max)) {
			ctx.issues.push({ code: 'custom', message: 'too_long', params: { max }, input: ctx.value, abort: true });
		}
	}) as S;
}

/**
 * A required free-text field: longer than its raw cap is `too_long` at once; else trimmed of
 * invisible edges, blank (after removing whitespace and zero-width characters) is `required`,
 * longer than `max` grapheme clusters is `too_long`.
 */
export function requiredText(max: number) {
	return rawCapped(max, z.string({ error: 'required' }))
		.transform(trimInvisible)
		.superRefine((value, ctx) => {
			if (isBlank(value)) ctx.addIssue({ code: 'custom', message: 'required' });
			else if (graphemeCount(value, max) > max) ctx.addIssue({ code: 'custom', message: 'too_long', params: { max } });
			else if (CONTROL.test(value)) ctx.addIssue({ code: 'custom', message: 'invalid' });
		});
}

/** An optional free-text field: blank becomes null; otherwise as requiredText. */
export function optionalText(max: number) {
	return rawCapped(max, z.string().optional())
		.transform((v) => (v === undefined || isBlank(v) ? null : trimInvisible(v)))
		.superRefine((value, ctx) => {
			if (value !== null && graphemeCount(value, max) > max) {
				ctx.addIssue({ code: 'custom', message: 'too_long', params: { max } });
			} else if (value !== null && CONTROL.test(value)) {
				ctx.addIssue({ code: 'custom', message: 'invalid' });
			}
		});
}
