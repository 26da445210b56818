/**
 * The 10–13 form as guided steps (issue 9 §3; GOV.UK "one question per page" and "check answers"):
 * one question a screen, in the order of the four stored proposal fields, then a summary to check
 * before sending. Steps are server round trips of one form (the page is `csr = false`): every post
 * carries every answer (the other steps' as hidden fields), so nothing typed is lost with or
 * without JavaScript, and each step also saves the form's draft. Pure functions, no validation
 * library: the page and the action share them.
 */

/** The questions in order; each is a stored proposal field (submit_proposal's arguments). */
export const GUIDED_STEPS = ['title', 'problem', 'suggestions', 'who_should_act'] as const;
export type GuidedStep = (typeof GUIDED_STEPS)[number];

/** What the page shows: one question, the "check your answers" summary, or all questions on one page. */
export type GuidedView = GuidedStep | 'check' | 'all';

const VIEWS: readonly string[] = [...GUIDED_STEPS, 'check', 'all'];

/** A posted or addressed view name, or null when it is none of ours. */
export function viewOf(raw: unknown): GuidedView | null {
	return typeof raw === 'string' && VIEWS.includes(raw) ? (raw as GuidedView) : null;
}

/** True for a view that is one question. */
export function isStep(view: GuidedView | null | undefined): view is GuidedStep {
	return (GUIDED_STEPS as readonly string[]).includes(view ?? '');
}

/** A question's number, from 1. */
export function stepNumber(step: GuidedStep): number {
	return GUIDED_STEPS.indexOf(step) + 1;
}

/**
 * Where "Continue" leads from a question whose answer is valid: the next question, or the summary
 * after the last one, or straight back to the summary when the child came from its "change" link.
 */
export function nextView(step: GuidedStep, fromCheck: boolean): GuidedView {
	const i = GUIDED_STEPS.indexOf(step);
	return fromCheck || i === GUIDED_STEPS.length - 1 ? 'check' : GUIDED_STEPS[i + 1]!;
}

/**
 * Where "Back" leads (nothing is checked on the way back): the question before, the last question
 * from the summary, the summary from a question opened by "change"; null on the first question.
 */
export function previousView(view: GuidedView, fromCheck: boolean): GuidedView | null {
	if (view === 'check') return GUIDED_STEPS[GUIDED_STEPS.length - 1]!;
	if (view === 'all') return null;
	if (fromCheck) return 'check';
	const i = GUIDED_STEPS.indexOf(view);
	return i > 0 ? GUIDED_STEPS[i - 1]! : null;
}

/**
 * Where a form opened again (a draft, a language switch, "carry on" on /me) starts: the first
 * question without an answer, or the summary when all are answered.
 */
export function resumeView(values: Record<string, unknown>): GuidedView {
	return GUIDED_STEPS.find((s) => typeof values[s] !== 'string' || (values[s] as string).trim() === '') ?? 'check';
}

/** What a post of the guided form asks for (its button: `intent`, `change`). */
export type GuidedNav =
	| { kind: 'next'; step: GuidedStep }
	| { kind: 'back'; view: GuidedView }
	| { kind: 'change'; step: GuidedStep }
	| { kind: 'all' }
	| { kind: 'steps' }
	| { kind: 'draft' }
	| { kind: 'send' };

/**
 * The button a post was sent with. Anything unknown is "send" (a post with all four fields and no
 * button, as before the steps existed), which checks every field anyway.
 */
export function guidedNav(form: FormData): GuidedNav {
	const intent = form.get('intent');
	const view = viewOf(form.get('view'));
	const change = viewOf(form.get('change'));
	if (isStep(change)) return { kind: 'change', step: change };
	if (intent === 'draft') return { kind: 'draft' };
	if (intent === 'all') return { kind: 'all' };
	if (intent === 'steps') return { kind: 'steps' };
	if (intent === 'next' && isStep(view)) return { kind: 'next', step: view };
	if (intent === 'back' && view) return { kind: 'back', view };
	return { kind: 'send' };
}

/**
 * The view a page shows after a post, and whether "Continue" there leads back to the summary: the
 * view the action chose; else, for a refused send, the one-page form when that was where it came
 * from, the first question in error (then back to the summary), or the summary (a warning or a
 * form-level error); else `fallback` (what load chose).
 */
export function viewAfterPost(
	state: { view?: unknown; fromCheck?: unknown; values?: Record<string, unknown>; errors?: Record<string, unknown> } | null | undefined,
	fallback: GuidedView
): { view: GuidedView; fromCheck: boolean } {
	if (!state) return { view: fallback, fromCheck: false };
	const chosen = viewOf(state.view);
	if (chosen) return { view: chosen, fromCheck: state.fromCheck === true };
	const posted = viewOf(state.values?.view);
	if (posted === 'all') return { view: 'all', fromCheck: false };
	const firstError = GUIDED_STEPS.find((s) => state.errors?.[s]);
	if (firstError) return { view: firstError, fromCheck: posted === 'check' || state.values?.from_check === 'yes' };
	if (posted) return { view: posted, fromCheck: state.values?.from_check === 'yes' };
	return { view: state.values ? 'check' : fallback, fromCheck: false };
}
