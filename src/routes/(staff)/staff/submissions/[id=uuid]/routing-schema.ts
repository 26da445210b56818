import { z } from 'zod';
import { requiredText } from '$lib/forms/fields';
import { PROGRESS_STAGES } from '$lib/routing/labels';

export const NOTE_MAX = 1000;
export const PROGRESS_NOTE_MAX = 500;

/** "" (the "none" option) → null; anything else must be an id. */
const optionalId = z
	.string()
	.trim()
	.transform((v) => (v === '' ? null : v))
	.pipe(z.uuid({ message: 'invalid' }).nullable());

export const reassignSchema = z.object({
	department_id: optionalId,
	street_office_id: optionalId,
	note: requiredText(NOTE_MAX)
});

export const suggestSchema = z.object({ goal_id: z.uuid({ message: 'choose_one' }) });

export const progressSchema = z.object({
	stage: z.enum(PROGRESS_STAGES as [string, ...string[]], { message: 'choose_one' }),
	progress_note: requiredText(PROGRESS_NOTE_MAX)
});
