import { z } from 'zod';
import { optionalText, requiredText } from '$lib/forms/fields';

export const NOTE_MAX = 1000;

/** What a lead records; a note is required with `note`, optional with the others. */
export const actionSchema = z
	.object({
		kind: z.enum(['note', 'contacted_guardian', 'contacted_counsellor', 'contacted_police', 'closed', 'reopened'], { error: 'choose_one' }),
		note: optionalText(NOTE_MAX)
	})
	.superRefine((v, ctx) => {
		if (v.kind === 'note' && v.note === null) ctx.addIssue({ code: 'custom', message: 'required', path: ['note'] });
	});

export const releaseSchema = z.object({ release_reason: requiredText(NOTE_MAX) });
