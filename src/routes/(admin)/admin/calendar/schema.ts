import { z } from 'zod';
import { requiredText } from '$lib/forms/fields';
import { CALENDAR_TEXT_MAX } from './calendar-lines';

/** The year's calendar as typed (one day a line, see calendar-lines.ts). */
export const calendarSchema = z.object({
	year: z.coerce.number({ message: 'invalid' }).int({ message: 'invalid' }).min(2000, { message: 'invalid' }).max(2100, { message: 'invalid' }),
	days: requiredText(CALENDAR_TEXT_MAX)
});
