import { z } from 'zod';
import { optionalText, requiredText } from '$lib/forms/fields';
import { proposalSchema } from '$lib/forms/proposal';
import { FULL_LIMITS, FULL_SUGGESTIONS, PICTURE_CARDS, YOUNG_LIMITS } from '$lib/forms/limits';

/**
 * The age-band forms' fields (server side; the browser checks the same limits without zod,
 * $lib/forms/checks). Each is composed into the four stored proposal fields by ./compose.ts.
 */

/** 6–9: a picture card and two short answers. */
export const youngSchema = z.object({
	picture: z.enum(PICTURE_CARDS, { error: 'choose_one' }),
	wrong: requiredText(YOUNG_LIMITS.wrong),
	better: requiredText(YOUNG_LIMITS.better)
});
export type YoungInput = z.output<typeof youngSchema>;

const suggestions = Object.fromEntries(
	Array.from({ length: FULL_SUGGESTIONS }, (_, i) => [`suggestion_${i + 1}`, i === 0 ? requiredText(FULL_LIMITS.suggestion) : optionalText(FULL_LIMITS.suggestion)])
) as Record<`suggestion_${number}`, ReturnType<typeof requiredText> | ReturnType<typeof optionalText>>;

/** 14–17: the full mock CPPCC format. */
export const fullSchema = z.object({
	title: requiredText(FULL_LIMITS.title),
	background: requiredText(FULL_LIMITS.background),
	analysis: requiredText(FULL_LIMITS.analysis),
	who_should_act: requiredText(FULL_LIMITS.who_should_act),
	...suggestions
});
export type FullInput = z.output<typeof fullSchema>;

/**
 * 10–13: one guided question, checked alone when the child presses "Continue" (the same rule as
 * the whole proposal's field; sending checks all four again with proposalSchema).
 */
export function guidedStepSchema(step: 'title' | 'problem' | 'suggestions' | 'who_should_act') {
	return proposalSchema.pick({ [step]: true } as Record<typeof step, true>);
}
