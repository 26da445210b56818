import { z } from 'zod';
import { optionalText, requiredText } from '$lib/forms/fields';

/** The kinds of place (and departments) admins manage, as they appear in URLs. */
export const PLACE_KINDS = ['districts', 'street-offices', 'communities', 'schools', 'departments'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** The kind as admin_places names it. */
export const RPC_KIND: Record<PlaceKind, string> = {
	districts: 'districts',
	'street-offices': 'street_offices',
	communities: 'communities',
	schools: 'schools',
	departments: 'departments'
};

/** Which fields a kind's form has (besides the names), in the order shown. */
export const KIND_FIELDS: Record<PlaceKind, readonly ('code' | 'district_id' | 'street_office_id' | 'community_id')[]> = {
	districts: ['code'],
	'street-offices': ['district_id'],
	communities: ['district_id', 'street_office_id'],
	schools: ['district_id', 'community_id'],
	departments: []
};

/** Longest Chinese / English name per kind (the database's limits). */
export const NAME_MAX: Record<PlaceKind, number> = {
	districts: 100,
	'street-offices': 100,
	communities: 100,
	schools: 200,
	departments: 200
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const requiredId = z
	.string({ error: 'required' })
	.trim()
	.min(1, { message: 'required' })
	.regex(UUID, { message: 'invalid' });
const optionalId = z
	.string()
	.trim()
	.optional()
	.transform((v) => (v ? v : null))
	.refine((v) => v === null || UUID.test(v), { message: 'invalid' });

/** A kind's form once checked: the fields it does not have are null. */
export interface PlaceInput {
	name_zh: string;
	name_en: string | null;
	code: string | null;
	district_id: string | null;
	street_office_id: string | null;
	community_id: string | null;
}

/**
 * The form of one kind: names (English optional for departments, which the ledger import makes
 * with a Chinese name only), a district's code, and the district / street office / community it
 * belongs to. The database checks the same again and that they fit together. Fields the kind
 * does not have are not in the schema (a value sent for one is ignored).
 */
export function placeSchema(kind: PlaceKind) {
	const max = NAME_MAX[kind];
	const fields = KIND_FIELDS[kind];
	return z
		.object({
			name_zh: requiredText(max),
			name_en: kind === 'departments' ? optionalText(max) : requiredText(max),
			...(fields.includes('code')
				? {
						code: z
							.string({ error: 'required' })
							.trim()
							.min(1, { message: 'required' })
							.transform((v) => v.toUpperCase())
							.pipe(z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,31}$/, { message: 'invalid' }))
					}
				: {}),
			...(fields.includes('district_id') ? { district_id: requiredId } : {}),
			...(fields.includes('street_office_id') ? { street_office_id: optionalId } : {}),
			...(fields.includes('community_id') ? { community_id: optionalId } : {})
		})
		.transform(
			(v): PlaceInput => ({
				code: null,
				district_id: null,
				street_office_id: null,
				community_id: null,
				...(v as Partial<PlaceInput>),
				name_zh: v.name_zh,
				name_en: v.name_en
			})
		);
}
