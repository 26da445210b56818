import { z } from 'zod';
import { optionalText, requiredText } from '$lib/forms/fields';
import { exceedsRawCap, graphemeCount, isBlank, trimInvisible } from '$lib/text';
import { cityLocalToIso } from './time';

/** Limits of the poll form, in grapheme clusters (the database's backstops are far above). */
export const QUESTION_MAX = 150;
export const EXPLANATION_MAX = 500;
export const OPTION_MAX = 60;
export const REPLY_MAX = 1000;
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 12;

export const AGE_BANDS = ['6-9', '10-13', '14-17'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The area a poll is for, as the form's select sends it: `class:<id>`, …, or `city`. */
const AREA = /^(?:(class|school|community|district):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|city)$/i;

/**
 * The options textarea: one option a line, blank lines ignored; 2–12 options of at most
 * OPTION_MAX each. Codes: `required` (none), `options_count`, `too_long` (one line).
 */
const optionLines = z
	.string({ error: 'required' })
	.check((ctx) => {
		if (exceedsRawCap(ctx.value, OPTION_MAX * MAX_OPTIONS + MAX_OPTIONS)) {
			ctx.issues.push({ code: 'custom', message: 'too_long', params: { max: OPTION_MAX }, input: ctx.value, abort: true });
		}
	})
	.transform((text) => text.split(/\r?\n/).map(trimInvisible).filter((line) => !isBlank(line)))
	.superRefine((lines, ctx) => {
		if (lines.length === 0) ctx.addIssue({ code: 'custom', message: 'required' });
		else if (lines.length < MIN_OPTIONS || lines.length > MAX_OPTIONS) ctx.addIssue({ code: 'custom', message: 'options_count' });
		else if (lines.some((l) => graphemeCount(l, OPTION_MAX) > OPTION_MAX)) ctx.addIssue({ code: 'custom', message: 'too_long', params: { max: OPTION_MAX } });
		else if (new Set(lines).size !== lines.length) ctx.addIssue({ code: 'custom', message: 'options_repeat' });
	});

/** A `datetime-local` in the city's time zone → ISO instant; `required` / `invalid`. */
const cityTime = z
	.string({ error: 'required' })
	.max(40, { message: 'invalid' })
	.superRefine((v, ctx) => {
		if (v.trim() === '') ctx.addIssue({ code: 'custom', message: 'required' });
		else if (!cityLocalToIso(v)) ctx.addIssue({ code: 'custom', message: 'invalid' });
	})
	.transform((v) => cityLocalToIso(v) ?? '');

/**
 * The create / change poll form (field names = database arguments without `p_`, except `area`
 * and `options`, one a line). Checkbox fields (`age_bands`, `goal_ids`) come as arrays.
 */
export const pollSchema = z
	.object({
		area: z.string({ error: 'choose_one' }).regex(AREA, { message: 'choose_one' }),
		question_zh: requiredText(QUESTION_MAX),
		question_en: optionalText(QUESTION_MAX),
		explanation_zh: optionalText(EXPLANATION_MAX),
		explanation_en: optionalText(EXPLANATION_MAX),
		options: optionLines,
		kind: z.enum(['single', 'multiple'], { message: 'choose_one' }),
		max_choices: z.string().optional(),
		age_bands: z.array(z.enum(AGE_BANDS, { message: 'choose_one' })).min(1, { message: 'choose_one' }).max(3, { message: 'choose_one' }),
		opens_at: cityTime,
		closes_at: cityTime,
		results_live: z.string().optional().transform((v) => v === 'on' || v === 'true'),
		min_cell_size: z
			.string()
			.optional()
			.transform((v) => (v === undefined || v.trim() === '' ? '5' : v.trim()))
			.pipe(z.string().regex(/^[0-9]{1,3}$/, { message: 'min_cell_size' }).transform(Number))
			.pipe(z.number().min(3, { message: 'min_cell_size' }).max(100, { message: 'min_cell_size' })),
		goal_ids: z.array(z.uuid({ message: 'choose_goal' })).max(20, { message: 'invalid' })
	})
	.superRefine((v, ctx) => {
		if (v.opens_at && v.closes_at && new Date(v.closes_at) <= new Date(v.opens_at)) {
			ctx.addIssue({ code: 'custom', path: ['closes_at'], message: 'closes_before_opens' });
		}
		if (v.kind === 'multiple') {
			const max = Number(v.max_choices ?? '');
			const options = Array.isArray(v.options) ? v.options.length : 0;
			if (!/^[0-9]{1,2}$/.test(v.max_choices?.trim() ?? '') || max < 2 || (options >= 2 && max > options)) {
				ctx.addIssue({ code: 'custom', path: ['max_choices'], message: 'max_choices' });
			}
		}
	})
	.transform((v) => {
		const [, scope, id] = AREA.exec(v.area) ?? [];
		return {
			...v,
			scope: (scope?.toLowerCase() ?? 'city') as 'class' | 'school' | 'community' | 'district' | 'city',
			area_id: id ?? null,
			max_choices: v.kind === 'single' ? 1 : Number(v.max_choices)
		};
	});

export type PollInput = z.output<typeof pollSchema>;

/** The fields of pollSchema that are checkbox groups. */
export const POLL_ARRAYS = ['age_bands', 'goal_ids'];

/**
 * A child's ballot: `option_ids` (radio or checkboxes), at least one, at most `max`. Codes:
 * `choose_one`, `too_many_choices` (with the limit). The database checks the same again.
 */
export function ballotSchema(max: number) {
	// One schema per limit, made once: building a zod schema costs more than checking a form.
	// (Only for the limits a poll can have, so the cache stays small whatever a form says.)
	if (!Number.isInteger(max) || max < 1 || max > 12) return makeBallotSchema(max);
	let schema = ballotSchemas.get(max);
	if (!schema) ballotSchemas.set(max, (schema = makeBallotSchema(max)));
	return schema;
}

const ballotSchemas = new Map<number, ReturnType<typeof makeBallotSchema>>();

function makeBallotSchema(max: number) {
	return z.object({
		option_ids: z
			.array(z.uuid({ message: 'choose_one' }), { error: 'choose_one' })
			.min(1, { message: 'choose_one' })
			.max(12, { message: 'choose_one' })
			.refine((ids) => ids.length <= max, { message: 'too_many_choices', params: { max } })
	});
}

/** The "what we will do" reply form. */
export const replySchema = z.object({ reply: requiredText(REPLY_MAX) });
