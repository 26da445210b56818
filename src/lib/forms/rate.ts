import { z } from 'zod';
import { HELPFULNESS } from '$lib/routing/labels';

export const rateSchema = z.object({ rating: z.enum(HELPFULNESS as [string, ...string[]], { message: 'choose_one' }) });
