/**
 * The 10–13 street report as guided steps (issue 9 §3), as the 10–13 proposal: one question a
 * screen, then "check your answers". Photos cannot travel between pages without JavaScript, so
 * they are asked on the summary itself and go with the one post that sends the report. Each step
 * also saves the form's draft (kind street_report; photos are never part of a draft).
 */
import { guidedSteps, type GuidedNavOf } from '$lib/forms/guided-steps';

/** The questions in order. */
export const REPORT_STEPS = ['topic', 'title', 'description', 'urgency', 'where', 'suggestions'] as const;
export type ReportStep = (typeof REPORT_STEPS)[number];
export type ReportView = ReportStep | 'check' | 'all';
export type ReportNav = GuidedNavOf<ReportStep>;

/** The form fields of each question ("where": a place from the list or a few words, or both). */
export const REPORT_STEP_FIELDS: Record<ReportStep, readonly string[]> = {
	topic: ['topic'],
	title: ['title'],
	description: ['description'],
	urgency: ['urgency'],
	where: ['place_id', 'place_text'],
	suggestions: ['suggestions']
};

export const reportSteps = guidedSteps(REPORT_STEPS, REPORT_STEP_FIELDS);
