import { checkText, type FormCheck } from '$lib/forms/checks';
import type { FieldError } from '$lib/forms/validate';

/**
 * The sign-in forms' checks in the browser, by the rules of ./schema.ts (which the server runs
 * with zod): the page children open first stays light.
 */
export const cardCheck: FormCheck = (values) => {
	const errors: Record<string, FieldError> = {};
	const code = checkText(values.class_code, 20);
	if (code) errors.class_code = code;
	const number = checkText(values.student_number, 10);
	if (number) errors.student_number = number;
	else if (!/^\d{1,4}$/.test(String(values.student_number).trim().normalize('NFKC'))) errors.student_number = { code: 'invalid' };
	const words = checkText(values.secret_words, 100);
	if (words) errors.secret_words = words;
	return Object.keys(errors).length > 0 ? errors : undefined;
};

export const passwordCheck: FormCheck = (values) => {
	const errors: Record<string, FieldError> = {};
	const email = checkText(values.email, 254);
	if (email) errors.email = email;
	else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(values.email).trim())) errors.email = { code: 'invalid' };
	if (typeof values.password !== 'string' || values.password === '') errors.password = { code: 'required' };
	return Object.keys(errors).length > 0 ? errors : undefined;
};
