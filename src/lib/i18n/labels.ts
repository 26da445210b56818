import { m } from '$lib/paraglide/messages';
import { photoErrorText } from '$lib/components/street-report/labels';
import { getLocale } from '$lib/paraglide/runtime';

/**
 * Translations for codes that come from the database or form validation. Each switch lists every
 * code, so a new code is a type error here rather than a blank on a page.
 */

export type SubmissionState = 'submitted' | 'returned' | 'approved' | 'answered' | 'escalated' | 'rejected' | 'withdrawn';
export type RejectionReason = 'not_suitable' | 'duplicate' | 'not_a_proposal';
export type SafeguardingActionKind =
	| 'flagged'
	| 'escalated'
	| 'note'
	| 'contacted_guardian'
	| 'contacted_counsellor'
	| 'contacted_police'
	| 'closed'
	| 'reopened'
	| 'released';

export const REJECTION_REASONS: RejectionReason[] = ['not_suitable', 'duplicate', 'not_a_proposal'];
/** What a lead can record themself (the others are written by the check, a teacher, a release). */
export const LEAD_ACTIONS: SafeguardingActionKind[] = [
	'note', 'contacted_guardian', 'contacted_counsellor', 'contacted_police', 'closed', 'reopened'
];
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
		case 'rejected':
			return m.state_rejected();
		case 'escalated':
			// Never "escalated" to the child: someone who can help is reading it.
			return m.state_escalated();
		case 'withdrawn':
			return m.follow_state_withdrawn();
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
		case 'rejected':
			return m.state_teacher_rejected();
		case 'escalated':
			return m.state_teacher_escalated();
		case 'withdrawn':
			return m.follow_state_teacher_withdrawn();
		default:
			return state;
	}
}

/** A personal detail's type, in words a child understands ("a phone number"). */
export function personalDetailText(type: string): string {
	switch (type) {
		case 'phone':
			return m.pii_type_phone();
		case 'id_number':
			return m.pii_type_id_number();
		case 'email':
			return m.pii_type_email();
		case 'messaging_id':
			return m.pii_type_messaging_id();
		case 'address':
			return m.pii_type_address();
		case 'name':
			return m.pii_type_name();
		case 'licence_plate':
			return m.pii_type_licence_plate();
		case 'bank_card':
			return m.pii_type_bank_card();
		default:
			return type;
	}
}

/** A safeguarding signal's type, for teachers and safeguarding leads. */
export function safeguardingTypeText(type: string): string {
	switch (type) {
		case 'self_harm':
			return m.sg_type_self_harm();
		case 'abuse_at_home':
			return m.sg_type_abuse_at_home();
		case 'sexual_abuse':
			return m.sg_type_sexual_abuse();
		case 'neglect':
			return m.sg_type_neglect();
		case 'bullying':
			return m.sg_type_bullying();
		case 'running_away':
			return m.sg_type_running_away();
		default:
			return type;
	}
}

/** A rejection reason as the teacher chooses it. */
export function rejectionReasonText(reason: string): string {
	switch (reason as RejectionReason) {
		case 'not_suitable':
			return m.reason_not_suitable();
		case 'duplicate':
			return m.reason_duplicate();
		case 'not_a_proposal':
			return m.reason_not_a_proposal();
		default:
			return reason;
	}
}

/** A rejection reason as the child reads it: what it means and what they can do. */
export function rejectionReasonChildText(reason: string | null | undefined): string {
	switch (reason as RejectionReason) {
		case 'duplicate':
			return m.reason_child_duplicate();
		case 'not_a_proposal':
			return m.reason_child_not_a_proposal();
		default:
			return m.reason_child_not_suitable();
	}
}

/** An entry of the safeguarding case log. */
export function actionKindText(kind: string): string {
	switch (kind as SafeguardingActionKind) {
		case 'flagged':
			return m.sg_action_flagged();
		case 'escalated':
			return m.sg_action_escalated();
		case 'note':
			return m.sg_action_note();
		case 'contacted_guardian':
			return m.sg_action_contacted_guardian();
		case 'contacted_counsellor':
			return m.sg_action_contacted_counsellor();
		case 'contacted_police':
			return m.sg_action_contacted_police();
		case 'closed':
			return m.sg_action_closed();
		case 'reopened':
			return m.sg_action_reopened();
		case 'released':
			return m.sg_action_released();
		default:
			return kind;
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
		// Admin pages (accounts)
		case 'taken':
			return m.admin2_error_email_taken();
		case 'weak':
			return m.admin2_error_weak_password();
		case 'password_length':
			return m.admin2_error_password_length();
		case 'class_unknown':
			return m.admin2_error_class_unknown();
		case 'choose_goal':
			return m.error_choose_goal();
		case 'options_count':
			return m.error_poll_options_count();
		case 'options_repeat':
			return m.error_poll_options_repeat();
		case 'closes_before_opens':
			return m.error_poll_closes_before_opens();
		case 'max_choices':
			return m.error_poll_max_choices();
		case 'min_cell_size':
			return m.error_poll_min_cell_size();
		case 'too_many_choices':
			return m.error_too_many_choices({ max: error.max ?? 1 });
		default:
			// A street-report photo refusal (photo_*) names what to do; anything else is "not valid".
			return photoErrorText(error.code, error.max) ?? m.error_invalid();
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
		case 'public_copy_personal_details':
			return m.error_public_copy_personal_details();
		case 'safeguarding_concern':
			return m.error_safeguarding_concern();
		case 'lead_not_teacher':
			return m.error_lead_not_teacher();
		case 'nickname_taken':
			return m.error_nickname_taken();
		case 'class_exists':
			return m.error_class_exists();
		case 'enrolment_failed':
			return m.error_enrolment_failed();
		case 'stale_version':
			return m.error_stale_version();
		// Drafts (save_draft)
		case 'draft_changed':
			return m.form_error_draft_changed();
		case 'draft_too_large':
			return m.form_error_draft_too_large();
		case 'too_many_drafts':
			return m.form_error_too_many_drafts();
		// The header's language control on a child's form ($lib/server/language-switch.ts)
		case 'language_too_long':
			return m.language_error_too_long();
		case 'language_too_many_drafts':
			return m.language_error_too_many_drafts();
		case 'language_not_kept':
			return m.language_error_not_kept();
		case 'nothing_to_save':
			return m.form_error_nothing_to_save();
		case 'place_exists':
			return m.report_place_exists();
		case 'name_taken':
			return m.admin2_name_taken();
		case 'code_taken':
			return m.admin2_code_taken();
		case 'account_failed':
			return m.admin2_account_failed();
		case 'already_voted':
			return m.error_already_voted();
		case 'poll_not_open':
			return m.error_poll_not_open();
		case 'poll_closed':
			return m.error_poll_closed();
		case 'options_frozen':
			return m.error_options_frozen();
		case 'too_many_choices':
			return m.error_too_many_choices({ max: params.max ?? '1' });
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
		case 'file_too_large':
			return m.error_file_too_large({ kb: params.kb ?? '' });
		case 'file_unreadable':
			return m.error_file_unreadable();
		case 'file_empty':
			return m.error_file_empty();
		case 'file_too_many_rows':
			return m.error_file_too_many_rows({ rows: params.rows ?? '' });
		case 'mapping_incomplete':
			return m.error_mapping_incomplete();
		case 'import_has_problems':
			return m.error_import_has_problems();
		case 'unchanged':
			return m.routing_error_unchanged();
		case 'stage_backwards':
			return m.routing_error_stage_backwards();
		case 'progress_final':
			return m.routing_error_progress_final();
		case 'not_followed_up':
			return m.routing_error_not_followed_up();
		case 'invalid_goal':
		case 'duplicate_code':
		case 'import_empty':
		case 'import_too_large':
		case 'invalid_edition':
		case 'invalid_declared':
			// The database's backstop behind the preview's checks: nothing was saved.
			return m.error_import_refused();
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

/** A school year by the year it starts in: "2026–2027 学年" / "School year 2026–2027". */
export function schoolYearText(year: number): string {
	return m.school_year_text({ year, next: year + 1 });
}

/** The school year now in the city (Asia/Shanghai), by the year it starts in (September), as the database's private.current_school_year(). */
export function currentSchoolYear(now = new Date()): number {
	const parts = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric' }).formatToParts(now);
	const year = Number(parts.find((p) => p.type === 'year')!.value);
	return Number(parts.find((p) => p.type === 'month')!.value) >= 9 ? year : year - 1;
}
