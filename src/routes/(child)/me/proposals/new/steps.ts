/**
 * The 10–13 proposal as guided steps (issue 9 §3): one question a screen, in the order of the
 * four stored proposal fields, then a summary to check before sending. Each step also saves the
 * form's draft. The step logic is shared with the 10–13 street report ($lib/forms/guided-steps).
 */
import { guidedSteps, type GuidedNavOf } from '$lib/forms/guided-steps';

/** The questions in order; each is a stored proposal field (submit_proposal's arguments). */
export const GUIDED_STEPS = ['title', 'problem', 'suggestions', 'who_should_act'] as const;
export type GuidedStep = (typeof GUIDED_STEPS)[number];

/** What the page shows: one question, the "check your answers" summary, or all questions on one page. */
export type GuidedView = GuidedStep | 'check' | 'all';

/** What a post of the guided form asks for (its button: `intent`, `change`). */
export type GuidedNav = GuidedNavOf<GuidedStep>;

export const { viewOf, isStep, stepNumber, nextView, previousView, resumeView, guidedNav, viewAfterPost } = guidedSteps(GUIDED_STEPS);
