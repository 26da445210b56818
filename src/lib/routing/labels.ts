import { m } from '$lib/paraglide/messages';
import type { Decision } from '$lib/i18n/labels';

/** Progress stages after an answer, in their order (public.progress_stage). */
export type ProgressStage = 'planned' | 'in_progress' | 'done' | 'not_possible';
export const PROGRESS_STAGES: ProgressStage[] = ['planned', 'in_progress', 'done', 'not_possible'];

/** Decisions that are followed by progress updates (add_progress_update's rule). */
export const FOLLOWED_UP: Decision[] = ['adopted', 'partly_adopted', 'under_study'];

/** "Did the answer help?" (public.answer_helpfulness). */
export type Helpfulness = 'helped' | 'partly' | 'not_helped';
export const HELPFULNESS: Helpfulness[] = ['helped', 'partly', 'not_helped'];

const RANK: Record<ProgressStage, number> = { planned: 1, in_progress: 2, done: 3, not_possible: 3 };

/** Stages a new update may take after `current` (null: none yet): the same or later; none after a final one. */
export function nextStages(current: string | null | undefined): ProgressStage[] {
	if (current === 'done' || current === 'not_possible') return [];
	const from = current && current in RANK ? RANK[current as ProgressStage] : 0;
	return PROGRESS_STAGES.filter((s) => RANK[s] >= from);
}

/** True when `stage` ends the updates. */
export function isFinalStage(stage: string | null | undefined): boolean {
	return stage === 'done' || stage === 'not_possible';
}

export function stageText(stage: string): string {
	switch (stage as ProgressStage) {
		case 'planned':
			return m.routing_stage_planned();
		case 'in_progress':
			return m.routing_stage_in_progress();
		case 'done':
			return m.routing_stage_done();
		case 'not_possible':
			return m.routing_stage_not_possible();
		default:
			return stage;
	}
}

export function routingKindText(kind: string): string {
	switch (kind) {
		case 'forwarded':
			return m.routing_kind_forwarded();
		case 'suggested':
			return m.routing_kind_suggested();
		case 'reassigned':
			return m.routing_kind_reassigned();
		default:
			return kind;
	}
}

export function helpfulnessText(rating: string): string {
	switch (rating as Helpfulness) {
		case 'helped':
			return m.routing_rate_helped();
		case 'partly':
			return m.routing_rate_partly();
		case 'not_helped':
			return m.routing_rate_not_helped();
		default:
			return rating;
	}
}

/** The app's default reply template of a decision, in the page's language. */
export function defaultTemplate(decision: string): string {
	switch (decision as Decision) {
		case 'adopted':
			return m.routing_template_adopted();
		case 'partly_adopted':
			return m.routing_template_partly_adopted();
		case 'under_study':
			return m.routing_template_under_study();
		case 'not_feasible':
			return m.routing_template_not_feasible();
		case 'referred':
			return m.routing_template_referred();
		default:
			return '';
	}
}
