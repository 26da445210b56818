import { z } from 'zod';
import { optionalText, requiredText } from '$lib/forms/fields';

import { REPORT_LIMITS } from './limits';
import type { ReportStep } from './new/steps';

export { REPORT_LIMITS };

const TOPICS = ['broken_facility', 'safety_hazard', 'rubbish', 'noise', 'traffic', 'trees_green', 'accessibility', 'other'] as const;
const URGENCIES = ['normal', 'soon', 'urgent'] as const;

/**
 * A street report as the child's form sends it (server only: validation libraries stay off the
 * child's pages). Where: a place from the list, or a few words, or both; neither is `required`
 * on `place_id` (the list comes first on the page).
 */
const reportFields = z.object({
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
});

/** Where: a place from the list or a few words (the error is shown on the list, which comes first). */
function somewhere(r: { place_id?: string | null; place_text?: string | null }, ctx: z.RefinementCtx): void {
	if (!r.place_id && !r.place_text) ctx.addIssue({ code: 'custom', path: ['place_id'], message: 'required' });
}

export const reportSchema = reportFields.superRefine(somewhere);

/**
 * 10–13: one guided question (./new/steps.ts), checked alone when the child presses "Continue",
 * by the same rules as the whole report (sending checks everything again with reportSchema).
 */
export function reportStepSchema(step: ReportStep) {
	if (step === 'where') return reportFields.pick({ place_id: true, place_text: true }).superRefine(somewhere);
	return reportFields.pick({ [step]: true } as Record<typeof step, true>);
}

export type ReportInput = z.output<typeof reportSchema>;
