import { z } from 'zod';
import { optionalText, requiredText } from '$lib/forms/fields';
import { REPORT_LIMITS } from '../../../../(child)/me/reports/schema';

/** The public copy of a street report the teacher approves (names = database arguments without `p_`). */
export const approveReportSchema = z.object({
	public_title: requiredText(REPORT_LIMITS.title),
	public_description: requiredText(REPORT_LIMITS.description),
	public_place_text: optionalText(REPORT_LIMITS.place_text)
});

/** One photo's confirmation: `yes` = nothing identifying is visible, `no` = take it back. */
export const photoSchema = z.object({
	photo_id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'invalid' }),
	confirmed: z.enum(['yes', 'no'], { error: 'choose_one' })
});
