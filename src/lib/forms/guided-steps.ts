/**
 * Guided steps of a child's form (issue 9 §3; GOV.UK "one question per page" and "check
 * answers"): one question a screen, then a summary to check before sending. Steps are server
 * round trips of one form (the children's pages are `csr = false`): every post carries every
 * answer (the other steps' as hidden fields), so nothing typed is lost with or without
 * JavaScript. Pure functions, no validation library: pages and actions share them.
 *
 * Used by the 10–13 proposal (one stored field a step) and the 10–13 street report (where one
 * step, "where is it?", has two fields).
 */

/** What a post of a guided form asks for (its button: `intent`, `change`). */
export type GuidedNavOf<S extends string> =
	| { kind: 'next'; step: S }
	| { kind: 'back'; view: S | 'check' | 'all' }
	| { kind: 'change'; step: S }
	| { kind: 'all' }
	| { kind: 'steps' }
	| { kind: 'draft' }
	| { kind: 'send' };

/** A page's state after a post, as far as the steps read it. */
export type GuidedPostState =
	| { view?: unknown; fromCheck?: unknown; values?: Record<string, unknown>; errors?: Record<string, unknown> }
	| null
	| undefined;

/**
 * The step functions of one guided form.
 *
 * @param steps the questions in order
 * @param fields the form fields each step asks for (default: the field named as the step); a
 *   step is blank when all its fields are, and an error on any of them belongs to it
 */
export function guidedSteps<S extends string>(steps: readonly S[], fields: Partial<Record<S, readonly string[]>> = {}) {
	type View = S | 'check' | 'all';
	const views: readonly string[] = [...steps, 'check', 'all'];
	const fieldsOf = (step: S): readonly string[] => fields[step] ?? [step];
	const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';

	/** A posted or addressed view name, or null when it is none of ours. */
	function viewOf(raw: unknown): View | null {
		return typeof raw === 'string' && views.includes(raw) ? (raw as View) : null;
	}
	/** True for a view that is one question. */
	function isStep(view: View | null | undefined): view is S {
		return (steps as readonly string[]).includes(view ?? '');
	}
	/** A question's number, from 1. */
	function stepNumber(step: S): number {
		return steps.indexOf(step) + 1;
	}
	/**
	 * Where "Continue" leads from a question whose answer is valid: the next question, or the
	 * summary after the last one, or straight back to the summary when the child came from its
	 * "change" button.
	 */
	function nextView(step: S, fromCheck: boolean): View {
		const i = steps.indexOf(step);
		return fromCheck || i === steps.length - 1 ? 'check' : steps[i + 1]!;
	}
	/**
	 * Where "Back" leads (nothing is checked on the way back): the question before, the last
	 * question from the summary, the summary from a question opened by "change"; null on the first
	 * question.
	 */
	function previousView(view: View, fromCheck: boolean): View | null {
		if (view === 'check') return steps[steps.length - 1]!;
		if (view === 'all') return null;
		if (fromCheck) return 'check';
		const i = steps.indexOf(view);
		return i > 0 ? steps[i - 1]! : null;
	}
	/**
	 * Where a form opened again (a draft, a language switch, "carry on" on /me) starts: the first
	 * question without an answer, or the summary when all are answered.
	 */
	function resumeView(values: Record<string, unknown>): View {
		return steps.find((s) => fieldsOf(s).every((f) => blank(values[f]))) ?? 'check';
	}
	/** The step a field belongs to, or undefined (e.g. photos, asked on the summary). */
	function stepOfField(field: string): S | undefined {
		return steps.find((s) => fieldsOf(s).includes(field));
	}
	/**
	 * The button a post was sent with. Anything unknown is "send" (a post with all fields and no
	 * button, as before the steps existed), which checks every field anyway.
	 */
	function guidedNav(form: FormData): GuidedNavOf<S> {
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
	 * The view a page shows after a post, and whether "Continue" there leads back to the summary:
	 * the view the action chose; else, for a refused send, the one-page form when that was where
	 * it came from, the first question in error (then back to the summary), or the summary (a
	 * warning, a form-level error or an error of a field asked there); else `fallback` (what load
	 * chose).
	 */
	function viewAfterPost(state: GuidedPostState, fallback: View): { view: View; fromCheck: boolean } {
		if (!state) return { view: fallback, fromCheck: false };
		const chosen = viewOf(state.view);
		if (chosen) return { view: chosen, fromCheck: state.fromCheck === true };
		const posted = viewOf(state.values?.view);
		if (posted === 'all') return { view: 'all', fromCheck: false };
		const firstError = steps.find((s) => fieldsOf(s).some((f) => state.errors?.[f]));
		if (firstError) return { view: firstError, fromCheck: posted === 'check' || state.values?.from_check === 'yes' };
		if (posted) return { view: posted, fromCheck: state.values?.from_check === 'yes' };
		return { view: state.values ? 'check' : fallback, fromCheck: false };
	}
	return { steps, fieldsOf, viewOf, isStep, stepNumber, nextView, previousView, resumeView, stepOfField, guidedNav, viewAfterPost };
}
