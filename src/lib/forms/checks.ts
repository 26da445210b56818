import { exceedsRawCap, graphemeCount, isBlank, trimInvisible } from '$lib/text';
import type { FieldError, FormValues } from './validate';

// As in fields.ts: control characters other than tab and line breaks are never typed.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;

/**
 * The browser's check of one free-text field, by the rules of fields.ts requiredText /
 * optionalText (tests/unit compare them on random text), without zod: child pages must stay
 * light. Returns the error code the server would give, or undefined when valid.
 */
export function checkText(value: string | string[] | undefined, max: number, required = true): FieldError | undefined {
	if (typeof value !== 'string') return required ? { code: 'required' } : undefined;
	if (exceedsRawCap(value, max)) return { code: 'too_long', max };
	const text = trimInvisible(value);
	if (isBlank(text)) return required ? { code: 'required' } : undefined;
	if (graphemeCount(text, max) > max) return { code: 'too_long', max };
	if (CONTROL.test(text)) return { code: 'invalid' };
	return undefined;
}

/** A form's browser-side check: the errors by field name, or undefined when all is valid. */
export type FormCheck = (values: FormValues) => Record<string, FieldError> | undefined;

/**
 * A FormCheck from text limits: `limits` maps field names to their maximum; names in `optional`
 * may be blank.
 */
export function textChecks(limits: Record<string, number>, optional: string[] = []): FormCheck {
	return (values) => {
		const errors: Record<string, FieldError> = {};
		for (const [name, max] of Object.entries(limits)) {
			const error = checkText(values[name], max, !optional.includes(name));
			if (error) errors[name] = error;
		}
		return Object.keys(errors).length > 0 ? errors : undefined;
	};
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ballot's browser-side check, by the rules of $lib/polls/schema ballotSchema(max). */
export function ballotCheck(max: number): FormCheck {
	return (values) => {
		const raw = values.option_ids;
		const ids = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
		if (ids.length === 0 || ids.length > 12 || ids.some((id) => !UUID.test(id))) return { option_ids: { code: 'choose_one' } };
		if (ids.length > max) return { option_ids: { code: 'too_many_choices', max } };
		return undefined;
	};
}
