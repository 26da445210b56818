import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateValues } from '$lib/forms/validate';
import { ballotSchema, POLL_ARRAYS, pollSchema } from './schema';

const cases = JSON.parse(
	readFileSync(path.resolve(import.meta.dirname, '../../../tests/fixtures/cases/polls.json'), 'utf8')
) as { id: string; poll: { max_choices?: number; options: string[] } }[];

const good = {
	area: 'class:c1000000-0000-4000-8000-000000000052',
	question_zh: '口袋公园里放什么？',
	options: 'Swings\nClimbing frame\n\nSand pit\n',
	kind: 'single',
	age_bands: ['10-13'],
	opens_at: '2026-09-01T08:00',
	closes_at: '2026-09-30T18:00',
	goal_ids: []
};

describe('the poll form', () => {
	it('reads times in Asia/Shanghai and the options one a line', () => {
		const r = validateValues(pollSchema, good, POLL_ARRAYS);
		expect(r.errors).toBeUndefined();
		expect(r.data).toMatchObject({
			scope: 'class',
			area_id: 'c1000000-0000-4000-8000-000000000052',
			options: ['Swings', 'Climbing frame', 'Sand pit'],
			max_choices: 1,
			min_cell_size: 5,
			results_live: false
		});
		expect(new Date(r.data!.opens_at).toISOString()).toBe('2026-09-01T00:00:00.000Z');
		expect(validateValues(pollSchema, { ...good, area: 'city' }, POLL_ARRAYS).data).toMatchObject({ scope: 'city', area_id: null });
	});

	it('names the field in error', () => {
		const err = (over: Record<string, unknown>) => validateValues(pollSchema, { ...good, ...over }, POLL_ARRAYS).errors;
		expect(err({ options: 'only one' })?.options?.code).toBe('options_count');
		expect(err({ options: Array.from({ length: 13 }, (_, i) => `o${i}`).join('\n') })?.options?.code).toBe('options_count');
		expect(err({ options: 'a\na' })?.options?.code).toBe('options_repeat');
		expect(err({ options: `a\n${'长'.repeat(61)}` })?.options?.code).toBe('too_long');
		expect(err({ closes_at: '2026-09-01T08:00' })?.closes_at?.code).toBe('closes_before_opens');
		expect(err({ closes_at: '2026-02-30T08:00' })?.closes_at?.code).toBe('invalid');
		expect(err({ kind: 'multiple', max_choices: '4' })?.max_choices?.code).toBe('max_choices');
		expect(err({ kind: 'multiple', max_choices: '1' })?.max_choices?.code).toBe('max_choices');
		expect(err({ kind: 'multiple', max_choices: '3' })).toBeUndefined();
		expect(err({ age_bands: [] })?.age_bands?.code).toBe('choose_one');
		expect(err({ area: 'class:not-an-id' })?.area?.code).toBe('choose_one');
		expect(err({ min_cell_size: '2' })?.min_cell_size?.code).toBe('min_cell_size');
		expect(err({ min_cell_size: '1e3' })?.min_cell_size?.code).toBe('min_cell_size');
		expect(err({ question_zh: ' \u200b ' })?.question_zh?.code).toBe('required');
	});
});

describe('a ballot', () => {
	it('the multi-choice-limit case: three ticks where two are allowed is "choose at most 2"', () => {
		const c = cases.find((x) => x.id === 'multi-choice-limit')!;
		const ids = c.poll.options.map((_, i) => `00000000-0000-4000-8000-00000000000${i}`);
		const schema = ballotSchema(c.poll.max_choices!);
		expect(validateValues(schema, { option_ids: ids.slice(0, 3) }, ['option_ids']).errors).toEqual({ option_ids: { code: 'too_many_choices', max: 2 } });
		expect(validateValues(schema, { option_ids: ids }, ['option_ids']).errors?.option_ids?.code).toBe('too_many_choices');
		expect(validateValues(schema, { option_ids: ids.slice(0, 2) }, ['option_ids']).errors).toBeUndefined();
		expect(validateValues(schema, {}, ['option_ids']).errors?.option_ids?.code).toBe('choose_one');
		expect(validateValues(ballotSchema(1), { option_ids: ids.slice(0, 2) }, ['option_ids']).errors?.option_ids?.code).toBe('too_many_choices');
	});
});
