import { z } from 'zod';
import { requiredText } from '$lib/forms/fields';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Longest first password: bcrypt reads 72 bytes, and Auth refuses longer. */
export const PASSWORD = { min: 12, max: 64 } as const;

const ids = z
	.array(z.string())
	.max(50, { message: 'invalid' })
	.refine((v) => v.every((id) => UUID.test(id)), { message: 'invalid' });

/**
 * A new staff or teacher account: name, sign-in e-mail, a first password, language, and its
 * units (staff: districts, departments, street offices; teacher: class codes, space separated).
 */
const email = z
	.string({ error: 'required' })
	.trim()
	.min(1, { message: 'required' })
	.max(254, { message: 'invalid' })
	.transform((v) => v.toLowerCase())
	.pipe(z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: 'invalid' }));

export const accountSchema = z.object({
	role: z.enum(['staff', 'teacher'], { message: 'invalid' }),
	display_name: requiredText(100),
	email,
	password: z
		.string({ error: 'required' })
		.min(1, { message: 'required' })
		.refine((v) => v.length >= PASSWORD.min && v.length <= PASSWORD.max, { message: 'password_length' }),
	locale: z.enum(['zh-CN', 'en'], { message: 'invalid' }),
	district_ids: ids,
	department_ids: ids,
	street_office_ids: ids,
	class_codes: z
		.string()
		.optional()
		.transform((v) => (v ?? '').normalize('NFKC').toUpperCase().split(/[\s,，、]+/).filter(Boolean))
		.refine((codes) => codes.length <= 50 && codes.every((c) => /^[A-Z0-9]{4,16}$/.test(c)), { message: 'invalid' })
});

/** The unit lists of a form (checkbox groups). */
export const ACCOUNT_ARRAYS = ['district_ids', 'department_ids', 'street_office_ids'];

/** A staff account's units after an edit. */
export const unitsSchema = z.object({ district_ids: ids, department_ids: ids, street_office_ids: ids });

/** A staff or teacher account's name and sign-in e-mail after an edit. */
export const detailsSchema = z.object({ display_name: requiredText(100), email });
