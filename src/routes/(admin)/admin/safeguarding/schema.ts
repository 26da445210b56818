import { z } from 'zod';

/** One designation: a school and a teacher account (ids from the page's own lists). */
export const leadSchema = z.object({ school_id: z.uuid({ error: 'invalid' }), lead_id: z.uuid({ error: 'invalid' }) });
