import { z } from 'zod';
import { optionalText, requiredText } from '$lib/forms/fields';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KINDS = ['park', 'playground', 'crossing', 'street', 'square', 'underpass', 'waterside', 'other'] as const;

/** A neighbourhood place as staff add or change it (names = database arguments without `p_`). */
export const placeSchema = z.object({
	name_zh: requiredText(100),
	name_en: optionalText(100),
	kind: z.enum(KINDS, { error: 'choose_one' }),
	community_id: z
		.string()
		.optional()
		.transform((v) => (v ? v : null))
		.refine((v) => v === null || UUID.test(v), { message: 'invalid' }),
	retired: z
		.string()
		.optional()
		.transform((v) => v === 'yes')
});

export const placeIdSchema = z.object({ place_id: z.string().regex(UUID, { message: 'invalid' }) });
