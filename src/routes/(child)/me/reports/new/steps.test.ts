import { describe, expect, it } from 'vitest';
import { parseForm } from '$lib/server/forms';
import { reportSchema, reportStepSchema } from '../schema';
import { REPORT_STEPS, REPORT_STEP_FIELDS, reportSteps } from './steps';

const post = (fields: Record<string, string>) => {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.append(k, v);
	return form;
};
const { nextView, previousView, resumeView, viewAfterPost, stepOfField } = reportSteps;

describe('the 10–13 street report as guided steps', () => {
	it('asks every field of the report once, in the one-page order, then the summary', () => {
		expect(REPORT_STEPS.flatMap((s) => REPORT_STEP_FIELDS[s])).toEqual(['topic', 'title', 'description', 'urgency', 'place_id', 'place_text', 'suggestions']);
		expect(REPORT_STEPS.map((s) => nextView(s, false))).toEqual(['title', 'description', 'urgency', 'where', 'suggestions', 'check']);
		expect(previousView('topic', false)).toBeNull();
		expect(previousView('check', false)).toBe('suggestions');
		expect(previousView('where', true)).toBe('check');
		// Photos are asked on the summary: they belong to no step.
		expect(stepOfField('photos')).toBeUndefined();
		expect(stepOfField('place_text')).toBe('where');
	});

	it('resumes at the first question with no answer; "where" is answered by a place or by words', () => {
		expect(resumeView({})).toBe('topic');
		expect(resumeView({ topic: 'rubbish', title: 'Bin', description: ' ' })).toBe('description');
		const four = { topic: 'rubbish', title: 'Bin', description: 'Full', urgency: 'soon' };
		expect(resumeView(four)).toBe('where');
		expect(resumeView({ ...four, place_text: 'East gate' })).toBe('suggestions');
		expect(resumeView({ ...four, place_id: '10000000-0000-4000-8000-000000000002', suggestions: 'Empty it' })).toBe('check');
	});

	it('a refused send opens the first question in error (an error on either "where" field is the "where" question), else the summary', () => {
		expect(viewAfterPost({ values: { view: 'check' }, errors: { place_id: { code: 'required' }, suggestions: { code: 'too_long' } } }, 'topic')).toEqual({ view: 'where', fromCheck: true });
		expect(viewAfterPost({ values: { view: 'check' }, errors: { photos: { code: 'photo_too_many' } } }, 'topic')).toEqual({ view: 'check', fromCheck: false });
		expect(viewAfterPost({ values: { view: 'all' }, errors: { topic: { code: 'choose_one' } } }, 'topic')).toEqual({ view: 'all', fromCheck: false });
	});

	it('"Continue" checks only the question on show, by the same rules as sending', () => {
		expect(parseForm(reportStepSchema('topic'), post({ topic: 'volcano' })).failure?.data.errors).toHaveProperty('topic');
		expect(parseForm(reportStepSchema('topic'), post({ topic: 'noise' })).failure).toBeUndefined();
		expect(parseForm(reportStepSchema('where'), post({ place_id: '', place_text: '' })).failure?.data.errors).toHaveProperty('place_id');
		expect(parseForm(reportStepSchema('where'), post({ place_id: 'not-a-uuid', place_text: 'x' })).failure?.data.errors).toHaveProperty('place_id');
		expect(parseForm(reportStepSchema('where'), post({ place_id: '', place_text: 'East gate' })).failure).toBeUndefined();
		expect(parseForm(reportStepSchema('suggestions'), post({})).failure).toBeUndefined();
		expect(parseForm(reportStepSchema('title'), post({ title: 'x'.repeat(31) })).failure?.data.errors).toHaveProperty('title');
		// Every step passing means the whole report passes.
		const all = { topic: 'noise', title: 'Loud', description: 'Drilling at night', urgency: 'normal', place_id: '', place_text: 'Canal', suggestions: '' };
		for (const step of REPORT_STEPS) expect(parseForm(reportStepSchema(step), post(all)).failure).toBeUndefined();
		expect(parseForm(reportSchema, post(all)).failure).toBeUndefined();
	});
});
