import { z } from 'zod';
import { optionalText, requiredText } from '$lib/forms/fields';

import { REPORT_LIMITS } from './limits';

export { REPORT_LIMITS };

const TOPICS = ['broken_facility', 'safety_hazard', 'rubbish', 'noise', 'traffic', 'trees_green', 'accessibility', 'other'] as const;
const URGENCIES = ['normal', 'soon', 'urgent'] as const;

/**
 * A street report as the child's form sends it (server only: validation libraries stay off the
 * child's pages). Where: a place from the list, or a few words, or both; neither is `required`
 * on `place_id` (the list comes first on the page).
 */
export const reportSchema = z
	.object({
		topic: z.enum(TOPICS, { error: 'choose_one' }),
		title: requiredText(REPORT_LIMITS.title),
		description: requiredText(REPORT_LIMITS.description),
		urgency: z.enum(URGENCIES, { error: 'choose_one' }),
		place_id: z
			.string()
			.optional()
			.transform((v) => (v ? v : null))
			.refine((v) => v === null || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v), { message: 'invalid' }),
		place_text: optionalText(REPORT_LIMITS.place_text),
		suggestions: optionalText(REPORT_LIMITS.suggestions)
	})
	.superRefine((r, ctx) => {
		if (!r.place_id && !r.place_text) ctx.addIssue({ code: 'custom', path: ['place_id'], message: 'required' });
	});

export type ReportInput = z.output<typeof reportSchema>;
