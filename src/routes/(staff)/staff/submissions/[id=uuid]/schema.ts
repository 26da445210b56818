import { z } from 'zod';
import { requiredText } from '$lib/forms/fields';
import { DECISIONS } from '$lib/i18n/labels';

export const REPLY_MAX = 1000;

export const answerSchema = z.object({
	decision: z.enum(DECISIONS as [string, ...string[]], { message: 'choose_one' }),
	reply: requiredText(REPLY_MAX),
	goal_ids: z.array(z.uuid({ message: 'choose_goal' })).min(1, { message: 'choose_goal' })
});
