import { z } from 'zod';
import { requiredText } from '$lib/forms/fields';

export const cardSchema = z.object({
	class_code: requiredText(20),
	// NFKC turns full-width digits (１２, typed in an IME's full-width mode) into ASCII ones.
	student_number: requiredText(10).pipe(
		z
			.string()
			.transform((v) => v.normalize('NFKC'))
			.pipe(z.string().regex(/^\d{1,4}$/, { message: 'invalid' }))
			.transform(Number)
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
