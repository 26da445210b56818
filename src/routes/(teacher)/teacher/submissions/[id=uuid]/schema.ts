import { z } from 'zod';
import { optionalText, requiredText } from '$lib/forms/fields';
import { PROPOSAL_LIMITS } from '$lib/forms/proposal';

export const COMMENT_MAX = 500;
/** A word of praise given with the approval (the database allows 500 characters). */
export const PRAISE_MAX = 500;
export const ESCALATE_REASON_MAX = 1000;

/** The public copy the teacher approves (form field names = database argument names without `p_`). */
export const approveSchema = z.object({
	public_title: requiredText(PROPOSAL_LIMITS.title),
	public_problem: requiredText(PROPOSAL_LIMITS.problem),
	public_suggestions: requiredText(PROPOSAL_LIMITS.suggestions),
	public_who_should_act: requiredText(PROPOSAL_LIMITS.who_should_act),
	praise: optionalText(PRAISE_MAX)
});
export const returnSchema = z.object({ comment: requiredText(COMMENT_MAX) });
// One page holds the return, reject and escalate forms: their fields have names (and so ids) of their own.
export const rejectSchema = z.object({
	reason: z.enum(['not_suitable', 'duplicate', 'not_a_proposal'], { error: 'choose_one' }),
	reject_comment: optionalText(COMMENT_MAX)
});
export const escalateSchema = z.object({ concern: requiredText(ESCALATE_REASON_MAX) });
/** The goal a teacher suggests (routes the proposal to the goal's department when approved). */
export const suggestGoalSchema = z.object({ goal_id: z.uuid({ message: 'choose_one' }) });
