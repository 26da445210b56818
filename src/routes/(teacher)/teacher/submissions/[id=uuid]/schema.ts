import { z } from 'zod';
import { optionalText, requiredText } from '$lib/forms/fields';

export const COMMENT_MAX = 500;

export const approveSchema = z.object({ comment: optionalText(COMMENT_MAX) });
export const returnSchema = z.object({ comment: requiredText(COMMENT_MAX) });
