import { z } from 'zod';
import { requiredText } from '$lib/forms/fields';

export const cardSchema = z.object({
	class_code: requiredText(20),
	student_number: requiredText(3).pipe(
		z.string().regex(/^\d{1,3}$/, { message: 'invalid' }).transform(Number)
	),
	secret_words: requiredText(100),
	next: z.string().optional()
});

export const passwordSchema = z.object({
	email: requiredText(254).pipe(z.email({ message: 'invalid' })),
	password: z.string().min(1, { message: 'required' }),
	next: z.string().optional()
});

/** Only same-site paths may be a `next` target (no `//host` or `https:`). */
export function safeNext(next: string | undefined): string | undefined {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : undefined;
}
