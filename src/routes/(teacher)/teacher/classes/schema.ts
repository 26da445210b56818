import { z } from 'zod';
import { requiredText } from '$lib/forms/fields';

/** A class name as teachers write it ("五年级二班"): a few words. */
export const CLASS_NAME_MAX = 30;
/** A nickname a teacher types: short, as the generated ones are (the database allows 30). */
export const NICKNAME_MAX = 20;
/** Children added in one go (the database's limit). */
export const MAX_CHILDREN = 60;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A choice from a list: one of the offered ids. */
const choice = () => z.string({ error: 'choose_one' }).regex(UUID, { message: 'choose_one' });

/** A whole number typed or chosen, within bounds ('' is required, anything else out of bounds invalid). */
const wholeNumber = (min: number, max: number, missing: 'required' | 'choose_one' = 'required') =>
	z
		.string({ error: missing })
		.max(10, { message: 'invalid' })
		.transform((v) => v.normalize('NFKC').trim())
		.superRefine((v, ctx) => {
			if (v === '') ctx.addIssue({ code: 'custom', message: missing });
			else if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) ctx.addIssue({ code: 'custom', message: 'invalid' });
		})
		.transform(Number);

export const CARD_LANGUAGE_VALUES = ['zh-CN', 'en'] as const;
const cardLanguage = z.enum(CARD_LANGUAGE_VALUES, { message: 'choose_one' });

/** Set up a class (field names = database argument names without `p_`). */
export const createClassSchema = z.object({
	school_id: choice(),
	name: requiredText(CLASS_NAME_MAX),
	grade: wholeNumber(1, 12, 'choose_one'),
	school_year: wholeNumber(2000, 2100, 'choose_one')
});

/** Add children: how many, and the language of their cards and nicknames. */
export const addChildrenSchema = z.object({
	count: wholeNumber(1, MAX_CHILDREN),
	language: cardLanguage
});

export const addTeacherSchema = z.object({ teacher_id: choice() });

export const renameSchema = z.object({ display_name: requiredText(NICKNAME_MAX) });

export const newCardSchema = z.object({ language: cardLanguage });

export const moveSchema = z.object({ to_class_id: choice(), language: cardLanguage });

/** Removing needs the box ticked. */
export const removeSchema = z.object({ confirm: z.literal('yes', { message: 'required' }) });
