import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proposalSchema } from '$lib/forms/proposal';
import { PROPOSAL_LIMITS } from '$lib/forms/limits';
import { validateValues } from '$lib/forms/validate';
import { guidedStepSchema } from './schema';
import { GUIDED_STEPS, guidedNav, isStep, nextView, previousView, resumeView, stepNumber, viewAfterPost, viewOf, type GuidedView } from './steps';

const post = (fields: Record<string, string>) => {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.append(k, v);
	return form;
};

describe('guided steps (10–13)', () => {
	it('asks the four stored fields in order, then the summary', () => {
		expect(GUIDED_STEPS).toEqual(Object.keys(PROPOSAL_LIMITS));
		expect(GUIDED_STEPS.map(stepNumber)).toEqual([1, 2, 3, 4]);
		expect(nextView('title', false)).toBe('problem');
		expect(nextView('problem', false)).toBe('suggestions');
		expect(nextView('suggestions', false)).toBe('who_should_act');
		expect(nextView('who_should_act', false)).toBe('check');
	});

	it('"Continue" after a change from the summary goes straight back to it', () => {
		for (const step of GUIDED_STEPS) expect(nextView(step, true)).toBe('check');
	});

	it('"Back" goes one question back, from the summary to the last question, and nowhere from the first', () => {
		expect(previousView('title', false)).toBeNull();
		expect(previousView('problem', false)).toBe('title');
		expect(previousView('who_should_act', false)).toBe('suggestions');
		expect(previousView('check', false)).toBe('who_should_act');
		expect(previousView('all', false)).toBeNull();
		// A question opened with "change": back to the summary, also from the first question.
		expect(previousView('title', true)).toBe('check');
		expect(previousView('suggestions', true)).toBe('check');
	});

	it('"Continue" then "Back" returns to the same question, from every question but the last', () => {
		for (const step of GUIDED_STEPS.slice(0, -1)) expect(previousView(nextView(step, false), false)).toBe(step);
		expect(previousView(nextView('who_should_act', false), false)).toBe('who_should_act');
	});

	it('a form opened again carries on at its first blank question, or at the summary', () => {
		expect(resumeView({})).toBe('title');
		expect(resumeView({ title: 'Shade', problem: '  ' })).toBe('problem');
		expect(resumeView({ title: 'Shade', problem: 'Hot', suggestions: 'Trees' })).toBe('who_should_act');
		expect(resumeView({ title: 'a', problem: 'b', suggestions: 'c', who_should_act: 'd' })).toBe('check');
		// Another band's draft fields do not count as answers.
		expect(resumeView({ wrong: 'x', better: 'y' })).toBe('title');
	});

	it('reads only its own view names', () => {
		for (const v of [...GUIDED_STEPS, 'check', 'all']) expect(viewOf(v)).toBe(v);
		for (const v of ['', 'TITLE', 'send', '__proto__', 'constructor', null, 3, undefined]) expect(viewOf(v)).toBeNull();
		expect(isStep('title')).toBe(true);
		expect(isStep('check')).toBe(false);
		expect(isStep(null)).toBe(false);
	});

	it('tells the buttons apart; anything else is a send, which checks every field', () => {
		expect(guidedNav(post({ intent: 'next', view: 'problem' }))).toEqual({ kind: 'next', step: 'problem' });
		expect(guidedNav(post({ intent: 'back', view: 'check' }))).toEqual({ kind: 'back', view: 'check' });
		expect(guidedNav(post({ change: 'suggestions', view: 'check' }))).toEqual({ kind: 'change', step: 'suggestions' });
		expect(guidedNav(post({ intent: 'all', view: 'title' }))).toEqual({ kind: 'all' });
		expect(guidedNav(post({ intent: 'steps', view: 'all' }))).toEqual({ kind: 'steps' });
		expect(guidedNav(post({ intent: 'draft', view: 'title' }))).toEqual({ kind: 'draft' });
		expect(guidedNav(post({ intent: 'send', view: 'check' }))).toEqual({ kind: 'send' });
		expect(guidedNav(post({ title: 'a', problem: 'b', suggestions: 'c', who_should_act: 'd' }))).toEqual({ kind: 'send' });
		// "Continue" on something that is not a question, or a forged "change", is a send.
		expect(guidedNav(post({ intent: 'next', view: 'check' }))).toEqual({ kind: 'send' });
		expect(guidedNav(post({ intent: 'next', view: 'nope' }))).toEqual({ kind: 'send' });
		expect(guidedNav(post({ change: 'check' }))).toEqual({ kind: 'send' });
	});

	it('after a post: the view the action chose, else where a refused send is fixed', () => {
		expect(viewAfterPost(null, 'title')).toEqual({ view: 'title', fromCheck: false });
		expect(viewAfterPost({ view: 'problem', fromCheck: true }, 'title')).toEqual({ view: 'problem', fromCheck: true });
		// A send from the summary refused for a field: that question, and "Continue" returns to the summary.
		expect(viewAfterPost({ values: { view: 'check' }, errors: { suggestions: { code: 'required' } } }, 'title')).toEqual({
			view: 'suggestions',
			fromCheck: true
		});
		// The first question in error, in the questions' order.
		expect(viewAfterPost({ values: {}, errors: { who_should_act: {}, problem: {} } }, 'title').view).toBe('problem');
		// The one-page form stays one page.
		expect(viewAfterPost({ values: { view: 'all' }, errors: { title: {} } }, 'title')).toEqual({ view: 'all', fromCheck: false });
		// A warning or a form-level error: the summary again, where "send anyway" is.
		expect(viewAfterPost({ values: { view: 'check' }, errors: {} }, 'title')).toEqual({ view: 'check', fromCheck: false });
		expect(viewAfterPost({ values: {}, errors: {} }, 'title').view).toBe('check');
		// "Save draft" on a question stays on it.
		expect(viewAfterPost({ values: { view: 'suggestions', from_check: 'yes' }, errors: {} }, 'title')).toEqual({ view: 'suggestions', fromCheck: true });
	});

	it('any walk of Continue and Back stays on a question or the summary and ends on the summary after four Continues', () => {
		fc.assert(
			fc.property(fc.array(fc.boolean(), { maxLength: 30 }), (moves) => {
				let view: GuidedView = 'title';
				for (const forward of moves) {
					if (view === 'check') view = forward ? 'check' : previousView(view, false)!;
					else view = forward ? nextView(view as never, false) : (previousView(view, false) ?? view);
					expect(isStep(view) || view === 'check').toBe(true);
				}
				let steps = 0;
				while (view !== 'check' && steps < 10) {
					view = nextView(view as never, false);
					steps++;
				}
				expect(steps).toBeLessThanOrEqual(4);
			})
		);
	});
});

describe('guidedStepSchema', () => {
	it('checks the question on show alone, with the whole proposal’s rule for that field', () => {
		for (const step of GUIDED_STEPS) {
			const max = PROPOSAL_LIMITS[step];
			expect(validateValues(guidedStepSchema(step), { [step]: '' }).errors).toEqual({ [step]: { code: 'required' } });
			expect(validateValues(guidedStepSchema(step), { [step]: '   ' }).errors).toEqual({ [step]: { code: 'required' } });
			expect(validateValues(guidedStepSchema(step), { [step]: '树'.repeat(max) }).data).toEqual({ [step]: '树'.repeat(max) });
			expect(validateValues(guidedStepSchema(step), { [step]: '树'.repeat(max + 1) }).errors?.[step]?.code).toBe('too_long');
			// The other questions, blank or absent, are not this step's business.
			expect(validateValues(guidedStepSchema(step), { title: '', problem: '', [step]: 'ok' }).errors).toBeUndefined();
		}
	});

	it('agrees with the full schema on every field, for any text', () => {
		fc.assert(
			fc.property(fc.constantFrom(...GUIDED_STEPS), fc.string({ maxLength: 120 }), (step, text) => {
				const alone = validateValues(guidedStepSchema(step), { [step]: text });
				const whole = validateValues(proposalSchema, { title: 'a', problem: 'b', suggestions: 'c', who_should_act: 'd', [step]: text });
				expect(alone.errors?.[step]).toEqual(whole.errors?.[step]);
				if (alone.data) expect(alone.data[step as keyof typeof alone.data]).toBe(whole.data?.[step]);
			})
		);
	});
});
