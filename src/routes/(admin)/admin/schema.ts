import { z } from 'zod';

/** The retention period an admin may set, in months (the database's bounds). */
export const KEEP_MONTHS = { min: 6, max: 240 } as const;

export const retentionSchema = z.object({
	keep_months: z
		.string({ error: 'required' })
		.trim()
		.min(1, { message: 'required' })
		.regex(/^[0-9]{1,3}$/, { message: 'invalid' })
		.transform(Number)
		.refine((n) => n >= KEEP_MONTHS.min && n <= KEEP_MONTHS.max, { message: 'invalid' })
});
