import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

/**
 * Translations for codes that come from the database or form validation. Each switch lists every
 * code, so a new code is a type error here rather than a blank on a page.
 */

export type SubmissionState = 'submitted' | 'returned' | 'approved' | 'answered';
export type Decision = 'adopted' | 'partly_adopted' | 'under_study' | 'not_feasible' | 'referred';
export type LedgerCategory = 'policy' | 'service' | 'rights' | 'space' | 'environment';

export const DECISIONS: Decision[] = ['adopted', 'partly_adopted', 'under_study', 'not_feasible', 'referred'];
export const CATEGORIES: LedgerCategory[] = ['policy', 'service', 'rights', 'space', 'environment'];

/** A state as the child reads it. */
export function stateText(state: string): string {
	switch (state as SubmissionState) {
		case 'submitted':
			return m.state_submitted();
		case 'returned':
			return m.state_returned();
		case 'approved':
			return m.state_approved();
		case 'answered':
			return m.state_answered();
		default:
			return state;
	}
}

/** A state as the teacher reads it. */
export function teacherStateText(state: string): string {
	switch (state as SubmissionState) {
		case 'submitted':
			return m.state_teacher_submitted();
		case 'returned':
			return m.state_teacher_returned();
		case 'approved':
			return m.state_teacher_approved();
		case 'answered':
			return m.state_teacher_answered();
		default:
			return state;
	}
}

export function decisionText(decision: string): string {
	switch (decision as Decision) {
		case 'adopted':
			return m.decision_adopted();
		case 'partly_adopted':
			return m.decision_partly_adopted();
		case 'under_study':
			return m.decision_under_study();
		case 'not_feasible':
			return m.decision_not_feasible();
		case 'referred':
			return m.decision_referred();
		default:
			return decision;
	}
}

export function categoryText(category: string): string {
	switch (category as LedgerCategory) {
		case 'policy':
			return m.category_policy();
		case 'service':
			return m.category_service();
		case 'rights':
			return m.category_rights();
		case 'space':
			return m.category_space();
		case 'environment':
			return m.category_environment();
		default:
			return category;
	}
}

export type ConsentMethod = 'paper_form' | 'in_person' | 'message' | 'enrolment';
/** The ways a teacher records that a guardian said yes (enrolment is the programme's, not offered). */
export const CONSENT_METHODS: ConsentMethod[] = ['paper_form', 'in_person', 'message'];

/** How a guardian's consent was given, as the teacher reads it. */
export function consentMethodText(method: string): string {
	switch (method as ConsentMethod) {
		case 'paper_form':
			return m.consent_method_paper_form();
		case 'in_person':
			return m.consent_method_in_person();
		case 'message':
			return m.consent_method_message();
		case 'enrolment':
			return m.consent_method_enrolment();
		default:
			return method;
	}
}

/** A calendar date (YYYY-MM-DD, no time zone) in the page's language. */
export function formatDate(day: string | null | undefined): string {
	if (!day) return '';
	return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** Today's date in the city's time zone (Asia/Shanghai), as YYYY-MM-DD. */
export function cityToday(now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

/** A field error from parseForm/dbFailure, translated. */
export function fieldErrorText(error: { code: string; max?: number } | undefined): string | undefined {
	if (!error) return undefined;
	switch (error.code) {
		case 'required':
			return m.error_required();
		case 'too_long':
			// The database's own backstop reports no number.
			return error.max ? m.error_too_long({ max: error.max }) : m.error_too_long_plain();
		case 'choose_one':
			return m.error_choose_one();
		case 'choose_goal':
			return m.error_choose_goal();
		default:
			return m.error_invalid();
	}
}

/** A form-level error key (database message keys and sign-in outcomes), translated. */
export function formErrorText(key: string | undefined, params: Record<string, string> = {}): string | undefined {
	const retry = { minutes: params.minutes ?? '15', time: params.time ?? '' };
	switch (key) {
		case undefined:
			return undefined;
		case 'not_allowed':
			return m.error_not_allowed();
		case 'not_found':
			return m.error_not_found();
		case 'invalid_state':
			return m.error_invalid_state();
		case 'goal_required':
			return m.error_choose_goal();
		case 'goal_unknown':
			return m.error_goal_unknown();
		case 'comment_required':
			return m.error_comment_required();
		case 'stale_version':
			return m.error_stale_version();
		case 'consent_required':
			return m.error_consent_required();
		case 'class_archived':
			return m.error_class_archived();
		case 'card_failed':
			return m.sign_in_card_failed();
		case 'sign_in_failed':
			return m.sign_in_failed();
		case 'no_role':
			return m.sign_in_no_role();
		case 'unavailable':
			return m.sign_in_unavailable();
		case 'rate_limited':
			return m.sign_in_rate_limited();
		case 'locked_card':
			return m.sign_in_locked_card(retry);
		case 'locked_email':
			return m.sign_in_locked_email(retry);
		case 'locked_class':
			return m.sign_in_locked_class(retry);
		case 'locked_address':
			return m.sign_in_locked_address(retry);
		default:
			return m.error_unexpected();
	}
}

/**
 * When a locked sign-in may try again, for the sign_in_locked_* messages: whole minutes from now
 * (at least 1) and the time of day in the city's time zone, in the page's language.
 */
export function retryParams(retryAt: Date, now = Date.now()): { minutes: string; time: string } {
	const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now) / 60_000));
	const time = new Intl.DateTimeFormat(getLocale(), { timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(retryAt);
	return { minutes: String(minutes), time };
}

/** A timestamp in the city's time zone (Asia/Shanghai), in the page's language. */
export function formatDateTime(iso: string | null | undefined): string {
	if (!iso) return '';
	return new Intl.DateTimeFormat(getLocale(), {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: 'Asia/Shanghai'
	}).format(new Date(iso));
}
