import type { z } from 'zod';

/** One field's error: a code that fieldErrorText() translates, and the limit for `too_long`. */
export interface FieldError {
	code: string;
	max?: number;
}

/** A form's fields as typed: repeated names (checkbox groups) as arrays. */
export type FormValues = Record<string, string | string[]>;

/**
 * Check typed values with a form's zod schema. The same function runs on the server (parseForm)
 * and in the browser (errors that clear as fields are fixed), so both apply the same rules.
 *
 * @param arrays names of fields that may repeat (checkbox groups), passed to the schema as arrays
 * @returns `{ data }` when valid, else `{ errors }`: the first error code per field name
 *   (`_form` for an issue that names no field)
 */
export function validateValues<S extends z.ZodType>(
	schema: S,
	values: FormValues,
	arrays: string[] = []
): { data: z.output<S>; errors?: undefined } | { data?: undefined; errors: Record<string, FieldError> } {
	const input: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(values)) input[k] = arrays.includes(k) ? (Array.isArray(v) ? v : [v]) : v;
	for (const k of arrays) input[k] ??= [];
	const result = schema.safeParse(input);
	if (result.success) return { data: result.data };
	const errors: Record<string, FieldError> = {};
	for (const issue of result.error.issues) {
		const field = String(issue.path[0] ?? '_form');
		if (errors[field]) continue;
		const params = (issue as { params?: { max?: number } }).params;
		errors[field] = { code: issue.message, ...(params?.max ? { max: params.max } : {}) };
	}
	return { errors };
}

/** Every field of a form as typed (repeated names become arrays); files are left out. */
export function formDataValues(data: FormData): FormValues {
	const values: FormValues = {};
	for (const key of new Set(data.keys())) {
		const all = data.getAll(key).filter((v): v is string => typeof v === 'string');
		values[key] = all.length > 1 ? all : (all[0] ?? '');
	}
	return values;
}

/**
 * The errors still shown after the person changed the form: a field in error whose value is now
 * valid loses its error, one still wrong shows its current error; fields not in error stay
 * quiet (no new errors while someone is still typing).
 */
export function remainingErrors(shown: Record<string, FieldError>, now: Record<string, FieldError> | undefined): Record<string, FieldError> {
	const next: Record<string, FieldError> = {};
	for (const field of Object.keys(shown)) {
		const current = now?.[field];
		if (current) next[field] = current;
	}
	return next;
}
