/**
 * Structural guarantees read from the catalog, so that the next table, view, policy or function
 * cannot quietly drop them: RLS everywhere, one command per policy, invoker views, definer rpc
 * functions with an empty search_path, privileges, and the names the README promises.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Sql } from './helpers';

let sql: Sql;

beforeAll(() => {
	sql = connect();
});

afterAll(async () => {
	await sql?.end();
});

/** The Data API contract of supabase/README.md: relation → columns, in order. */
const CONTRACT_TABLES: Record<string, string[]> = {
	districts: ['id', 'code', 'name_zh', 'name_en', 'version'],
	schools: ['id', 'district_id', 'name_zh', 'name_en', 'community_id', 'version'],
	classes: ['id', 'school_id', 'name', 'grade', 'code', 'age_band', 'archived_at', 'school_year'],
	profiles: ['id', 'role', 'display_name', 'locale', 'version'],
	class_students: ['class_id', 'student_id', 'student_number', 'guardian_consent'],
	class_teachers: ['class_id', 'teacher_id'],
	staff_districts: ['staff_id', 'district_id'],
	ledger_editions: ['year', 'title_zh', 'title_en', 'source', 'answer_working_days'],
	ledger_category_targets: ['edition', 'category', 'declared_count'],
	ledger_goals: ['id', 'edition', 'category', 'code', 'title_zh', 'title_en'],
	submissions: [
		'id', 'kind', 'class_id', 'author_id', 'state', 'title', 'problem', 'suggestions', 'who_should_act',
		'age_band', 'created_at', 'updated_at', 'submitted_at', 'client_request_id', 'version', 'forwarded_at',
		'district_id', 'answered_at', 'flags', 'public_title', 'public_problem', 'public_suggestions', 'public_who_should_act',
		'rejection_reason',
		// Routing and deadlines (20261130090200), progress (20261130090400)
		'suggested_goal_id', 'department_id', 'street_office_id', 'due_on', 'progress_stage'
	],
	submission_events: ['id', 'submission_id', 'actor_id', 'from_state', 'to_state', 'comment', 'created_at', 'actor_role'],
	answers: ['id', 'submission_id', 'staff_id', 'decision', 'reply', 'created_at'],
	answer_goals: ['answer_id', 'goal_id'],
	notifications: ['id', 'recipient_id', 'submission_id', 'kind', 'created_at', 'read_at', 'cosigns'],
	published_answers: [
		'submission_id', 'edition', 'title', 'decision', 'reply', 'district_name_zh', 'district_name_en', 'answered_at',
		'cosigners',
		'progress_stage', 'progress_note', 'progress_at',
		// Progress photos (20261201000000): the latest update's photo
		'progress_photo_id'
	],
	published_answer_goals: ['submission_id', 'goal_id', 'decision', 'answered_at'],
	// Counters kept by triggers (20261130000500): tab totals that cost one lookup at any size.
	district_inbox_counts: ['district_id', 'state', 'submissions'],
	published_answer_counts: ['edition', 'decision', 'answers'],
	published_goal_answer_counts: ['goal_id', 'decision', 'answers'],
	// Dashboards (20261130140000): rollups kept by triggers; counts only, no child identity.
	dashboard_counts: ['dim', 'group_key', 'district_id', 'department_id', 'submissions', 'forwarded', 'rejected', 'answered', 'adopted', 'done', 'answer_days',
		// 20261130200000: street-office rows and the working-day histogram
		'street_office_id', 'answer_working_days',
		// 20261201010000: open (approved) items, the routed page's "waiting" total
		'open_items'],
	dashboard_due: ['dim', 'group_key', 'district_id', 'department_id', 'due_on', 'items', 'street_office_id'],
	// Guardian consent (20261130002000)
	guardian_consents: [
		'id', 'student_id', 'guardian', 'method', 'given_on', 'recorded_by', 'recorded_at', 'withdrawn_at', 'withdrawn_by', 'version'
	],
	// Erasure and retention (20261130002100)
	child_erasures: [
		'id', 'class_id', 'student_number', 'erased_by', 'erased_by_role', 'erased_at', 'submissions_deleted', 'published_kept',
		'login_card_removed_at'
	],
	// The safety layer (20261130001100)
	school_safeguarding_leads: ['school_id', 'lead_id', 'designated_by', 'created_at'],
	safeguarding_actions: ['id', 'submission_id', 'school_id', 'actor_id', 'kind', 'note', 'created_at'],
	safeguarding_access_log: ['id', 'submission_id', 'school_id', 'reader_id', 'context', 'read_at'],
	// The ledger as data (20261130004200)
	departments: ['id', 'name_zh', 'name_en', 'created_at', 'version'],
	ledger_goal_departments: ['goal_id', 'department_id'],
	ledger_import_drafts: ['id', 'admin_id', 'edition', 'file_name', 'columns', 'rows', 'created_at'],
	// Teachers' workbench (20261130020000)
	school_teachers: ['school_id', 'teacher_id'],
	// Polls (20261130010000); the turnout and the ballot box are in `private`, never exposed.
	communities: ['id', 'district_id', 'name_zh', 'name_en', 'street_office_id', 'version'],
	polls: [
		'id', 'scope', 'class_id', 'school_id', 'community_id', 'district_id', 'area_id', 'question_zh', 'question_en',
		'explanation_zh', 'explanation_en', 'kind', 'max_choices', 'age_bands', 'opens_at', 'closes_at', 'results_live',
		'min_cell_size', 'created_by', 'created_by_role', 'created_at', 'published_at', 'closed_early_at', 'reply', 'replied_at',
		'version'
	],
	poll_options: ['id', 'poll_id', 'position', 'label', 'label_en'],
	poll_goals: ['poll_id', 'goal_id'],
	// Poll option pictures (20261130160000)
	poll_option_pictures: ['id', 'poll_id', 'position', 'object_name', 'width', 'height', 'bytes', 'alt_zh', 'alt_en', 'created_at'],
	// The review queue (20261130080000): a teacher's word of praise, for the child
	submission_praise: ['submission_id', 'class_id', 'praise', 'created_at'],
	// Drafts (20261130060000)
	drafts: ['id', 'author_id', 'form_key', 'kind', 'fields', 'version', 'created_at', 'updated_at'],
	// Street reports (20261130050100)
	neighbourhood_places: [
		'id', 'district_id', 'community_id', 'kind', 'name_zh', 'name_en', 'created_by', 'created_at', 'updated_at', 'retired_at',
		'version'
	],
	street_reports: ['submission_id', 'topic', 'urgency', 'place_id', 'community_id', 'place_text', 'public_place_text'],
	street_report_photos: [
		'id', 'submission_id', 'class_id', 'position', 'object_name', 'width', 'height', 'bytes', 'confirmed_at', 'confirmed_by',
		'created_at'
	],
	published_street_reports: [
		'submission_id', 'topic', 'urgency', 'description', 'place_kind', 'place_name_zh', 'place_name_en', 'community_name_zh',
		'community_name_en', 'place_text', 'reported_on', 'answered_at'
	],
	published_street_report_photos: ['photo_id', 'submission_id', 'position', 'object_name', 'width', 'height'],
	// Street offices and department staff (20261130090000), routing (20261130090200), progress (20261130090400)
	street_offices: ['id', 'district_id', 'name_zh', 'name_en', 'version'],
	department_staff: ['department_id', 'staff_id'],
	street_office_staff: ['street_office_id', 'staff_id'],
	submission_routing_log: ['id', 'submission_id', 'actor_id', 'kind', 'department_id', 'street_office_id', 'goal_id', 'note', 'created_at'],
	submission_progress: ['id', 'submission_id', 'stage', 'note', 'staff_id', 'created_at'],
	reply_templates: ['staff_id', 'decision', 'body', 'updated_at'],
	// Following what happened (2026113007xxxx): co-signing and the notification counter.
	cosignatures: ['submission_id', 'student_id', 'school_id', 'created_at'],
	cosign_counts: ['submission_id', 'school_id', 'district_id', 'cosigners'],
	notification_counts: ['recipient_id', 'unread', 'total'],
	// The public ledger per category (20261130130000)
	published_answer_categories: ['submission_id', 'edition', 'category', 'decision', 'done', 'answered_at', 'goals'],
	ledger_answered_goals: ['goal_id', 'edition', 'category'],
	ledger_category_counts: ['edition', 'category', 'goals_with_answers', 'answers', 'adopted', 'done'],
	// Progress photos (20261201000000)
	progress_photos: ['id', 'progress_id', 'submission_id', 'object_name', 'width', 'height', 'bytes', 'staff_id', 'created_at']
};

const CONTRACT_VIEWS: Record<string, string[]> = {
	my_submissions: [
		'id', 'kind', 'title', 'problem', 'suggestions', 'who_should_act', 'state', 'teacher_comment', 'created_at',
		'updated_at', 'submitted_at', 'decision', 'reply', 'answered_at', 'version', 'rejection_reason'
	],
	class_queue: [
		'id', 'class_id', 'class_name', 'author_display_name', 'title', 'problem', 'suggestions', 'who_should_act',
		'state', 'submitted_at', 'updated_at', 'teacher_comment', 'version', 'flags', 'public_title', 'public_problem',
		'public_suggestions', 'public_who_should_act', 'rejection_reason', 'released'
	],
	district_inbox: [
		'id', 'district_id', 'district_name_zh', 'district_name_en', 'school_name_zh', 'school_name_en', 'class_name',
		'age_band', 'title', 'problem', 'suggestions', 'who_should_act', 'state', 'approved_at', 'decision', 'reply',
		'answered_at', 'version'
	],
	submission_answer_goals: ['submission_id', 'goal_id', 'code', 'category', 'title_zh', 'title_en'],
	ledger_category_summary: ['edition', 'category', 'declared_count', 'known_count'],
	public_goal_answers: [
		'goal_id', 'edition', 'code', 'submission_id', 'title', 'decision', 'reply', 'district_name_zh',
		'district_name_en', 'answered_at', 'cosigners'
	],
	class_queue_counts: ['class_id', 'state', 'submissions'],
	public_category_answers: [
		'edition', 'category', 'submission_id', 'title', 'decision', 'reply', 'district_name_zh', 'district_name_en', 'answered_at',
		'cosigners'
	],
	// 20261130200100: the answered items a staff member may export (published_answers' columns only)
	my_answered_items: ['submission_id', 'title', 'decision', 'reply', 'district_name_zh', 'district_name_en', 'answered_at',
		'progress_stage', 'progress_note', 'cosigners'],
	dashboard_groups: ['dim', 'group_key', 'submissions', 'forwarded', 'rejected', 'answered', 'adopted', 'done', 'median_days_to_answer', 'overdue',
		'median_working_days_to_answer'],
	// 20261201010000: the staff routed page's tab totals per unit, from the rollups
	staff_unit_totals: ['kind', 'unit_id', 'waiting', 'overdue', 'answered'],
	my_submission_counts: ['state', 'submissions'],
	class_consents: [
		'class_id', 'class_name', 'class_code', 'age_band', 'archived_at', 'student_number', 'display_name', 'consent_id',
		'guardian', 'method', 'given_on', 'recorded_at', 'version'
	],
	poll_list: [
		'id', 'scope', 'class_id', 'school_id', 'community_id', 'district_id', 'question_zh', 'question_en', 'explanation_zh',
		'explanation_en', 'kind', 'max_choices', 'age_bands', 'opens_at', 'closes_at', 'results_live', 'min_cell_size', 'state',
		'closed_early_at', 'reply', 'replied_at', 'created_at', 'mine', 'voted', 'version'
	],
	// The review queue (20261130080000)
	class_queue_cards: [
		'id', 'class_id', 'kind', 'title', 'state', 'age_band', 'author_display_name', 'student_number', 'submitted_at',
		'updated_at', 'version', 'personal_details', 'safeguarding', 'dangerous_now'
	],
	class_queue_kind_counts: ['class_id', 'state', 'kind', 'submissions'],
	street_report_details: [
		'submission_id', 'topic', 'urgency', 'place_id', 'place_kind', 'place_name_zh', 'place_name_en', 'community_id',
		'community_name_zh', 'community_name_en', 'place_text', 'public_place_text'
	],
	public_street_reports: [
		'submission_id', 'title', 'description', 'topic', 'urgency', 'place_kind', 'place_name_zh', 'place_name_en',
		'community_name_zh', 'community_name_en', 'place_text', 'decision', 'reply', 'district_name_zh', 'district_name_en',
		'reported_on', 'answered_at'
	],
	// Routing and deadlines (20261130090200), the child's follow-up (20261130090400)
	staff_items: [
		'id', 'district_id', 'district_name_zh', 'district_name_en', 'age_band', 'title', 'problem', 'suggestions',
		'who_should_act', 'state', 'approved_at', 'answered_at', 'due_on', 'suggested_goal_id', 'department_id',
		'department_name_zh', 'department_name_en', 'street_office_id', 'street_office_name_zh', 'street_office_name_en',
		'decision', 'reply', 'version'
	],
	my_submission_followup: ['id', 'due_on', 'late', 'reminded_at', 'progress_stage', 'my_rating'],
	// The teachers' follow-up of a forwarded item (20261203200000)
	class_item_followup: [
		'id', 'class_id', 'kind', 'state', 'forwarded_at', 'due_on', 'reminded_at', 'district_name_zh', 'district_name_en',
		'department_name_zh', 'department_name_en', 'street_office_name_zh', 'street_office_name_en', 'answered_at', 'progress_stage'
	],
	my_notifications: ['id', 'submission_id', 'kind', 'created_at', 'read_at', 'submission_kind', 'state', 'title', 'cosigns']
};

/** rpc functions: name → argument names and result type. */
const CONTRACT_FUNCTIONS: Record<string, { args: string; result: string }> = {
	submit_proposal: {
		args: 'p_title text, p_problem text, p_suggestions text, p_who_should_act text, p_request_id uuid DEFAULT NULL::uuid, p_flags jsonb DEFAULT NULL::jsonb',
		result: 'TABLE(id uuid, created boolean)'
	},
	resubmit_proposal: {
		args: 'p_submission_id uuid, p_version integer, p_title text, p_problem text, p_suggestions text, p_who_should_act text, p_flags jsonb DEFAULT NULL::jsonb',
		result: 'void'
	},
	approve_submission: {
		args: 'p_submission_id uuid, p_version integer, p_public_title text, p_public_problem text, p_public_suggestions text, p_public_who_should_act text, p_comment text DEFAULT NULL::text',
		result: 'void'
	},
	return_submission: { args: 'p_submission_id uuid, p_version integer, p_comment text', result: 'void' },
	answer_submission: {
		args: 'p_submission_id uuid, p_version integer, p_decision answer_decision, p_reply text, p_goal_ids uuid[]',
		result: 'uuid'
	},
	// Sign-in throttling (20261130000200)
	sign_in_begin: {
		args: 'p_identifier text, p_client_address text DEFAULT NULL::text',
		result: 'TABLE(attempt_id uuid, retry_at timestamp with time zone, reason text)'
	},
	sign_in_end: { args: 'p_attempt_id uuid, p_outcome text', result: 'TABLE(retry_at timestamp with time zone, reason text)' },
	class_login_cards: {
		args: '',
		result: 'TABLE(class_id uuid, class_name text, student_number integer, display_name text, locked_until timestamp with time zone)'
	},
	unlock_login_card: { args: 'p_class_id uuid, p_student_number integer', result: 'void' },
	login_card_account: { args: 'p_class_id uuid, p_student_number integer', result: 'uuid' },
	end_login_card_sessions: { args: 'p_class_id uuid, p_student_number integer', result: 'void' },
	// Guardian consent and archived classes (20261130002000)
	record_guardian_consent: {
		args: 'p_class_id uuid, p_student_number integer, p_guardian text, p_method consent_method, p_given_on date',
		result: 'uuid'
	},
	withdraw_guardian_consent: { args: 'p_consent_id uuid, p_version integer', result: 'void' },
	archive_class: { args: 'p_class_id uuid, p_archived boolean', result: 'void' },
	// Erasure and retention (20261130002100)
	erase_child: { args: 'p_class_id uuid, p_student_number integer, p_student_id uuid', result: 'uuid' },
	pending_card_removals: { args: 'p_class_id uuid', result: 'SETOF uuid' },
	retention_period: { args: '', result: 'integer' },
	retention_status: {
		args: '',
		result: 'TABLE(keep_months integer, cutoff timestamp with time zone, due integer, last_run_at timestamp with time zone, last_run_deleted integer)'
	},
	set_retention_period: { args: 'p_keep_months integer, p_seen_months integer', result: 'void' },
	apply_retention: { args: '', result: 'integer' },
	// The safety layer (20261130001100)
	reject_submission: {
		args: 'p_submission_id uuid, p_version integer, p_reason rejection_reason, p_comment text DEFAULT NULL::text',
		result: 'void'
	},
	escalate_submission: { args: 'p_submission_id uuid, p_version integer, p_reason text', result: 'void' },
	record_safeguarding_action: {
		args: 'p_submission_id uuid, p_version integer, p_kind safeguarding_action_kind, p_note text DEFAULT NULL::text',
		result: 'bigint'
	},
	release_submission: { args: 'p_submission_id uuid, p_version integer, p_reason text', result: 'void' },
	safeguarding_queue: {
		args: "p_status text DEFAULT 'open'::text, p_limit integer DEFAULT 20, p_offset integer DEFAULT 0",
		result:
			'TABLE(id uuid, school_name_zh text, school_name_en text, class_name text, age_band age_band, escalated_at timestamp with time zone, escalated_by app_role, safeguarding_types text[], flagged_wording text[], status text, last_action safeguarding_action_kind, last_action_at timestamp with time zone, version integer, total bigint)'
	},
	safeguarding_counts: { args: '', result: 'TABLE(status text, total bigint)' },
	safeguarding_item: {
		args: 'p_submission_id uuid',
		result:
			'TABLE(id uuid, school_name_zh text, school_name_en text, class_name text, age_band age_band, author_display_name text, student_number integer, title text, problem text, suggestions text, who_should_act text, flags jsonb, submitted_at timestamp with time zone, escalated_at timestamp with time zone, escalated_by app_role, status text, version integer)'
	},
	designate_safeguarding_lead: { args: 'p_school_id uuid, p_lead_id uuid', result: 'void' },
	save_ledger_import_draft: { args: 'p_edition smallint, p_file_name text, p_columns jsonb, p_rows jsonb', result: 'uuid' },
	import_ledger: { args: 'p_draft_id uuid, p_edition smallint, p_goals jsonb, p_declared jsonb DEFAULT NULL::jsonb', result: 'jsonb' },
	remove_safeguarding_lead: { args: 'p_school_id uuid, p_lead_id uuid', result: 'void' },
	// Teachers' workbench (20261130020000)
	create_class: {
		args: 'p_school_id uuid, p_name text, p_grade integer, p_school_year integer',
		result: 'TABLE(id uuid, code text)'
	},
	begin_enrolment: { args: 'p_class_id uuid, p_count integer', result: 'TABLE(batch_id uuid, class_code text, first_number integer)' },
	finish_enrolment: { args: "p_batch_id uuid, p_children jsonb, p_locale text DEFAULT 'zh-CN'::text", result: 'integer' },
	cancel_enrolment: { args: 'p_batch_id uuid', result: 'void' },
	rename_child: { args: 'p_class_id uuid, p_student_number integer, p_student_id uuid, p_display_name text', result: 'void' },
	move_child: { args: 'p_class_id uuid, p_student_number integer, p_student_id uuid, p_to_class_id uuid', result: 'integer' },
	remove_child: { args: 'p_class_id uuid, p_student_number integer, p_student_id uuid', result: 'void' },
	add_class_teacher: { args: 'p_class_id uuid, p_teacher_id uuid', result: 'void' },
	school_colleagues: { args: 'p_class_id uuid', result: 'TABLE(teacher_id uuid, display_name text, teaches_class boolean)' },
	school_classes: {
		args: 'p_class_id uuid',
		result: 'TABLE(id uuid, name text, code text, grade smallint, school_year smallint)'
	},
	class_children: {
		args: 'p_class_id uuid',
		result:
			'TABLE(student_number integer, student_id uuid, display_name text, signed_in boolean, submissions integer, answered integer, guardian_consent boolean, locked_until timestamp with time zone)'
	},
	class_overview: {
		args: 'p_class_id uuid',
		result:
			'TABLE(children integer, signed_in integer, submitted integer, answered integer, consent_needed boolean, consent_given integer, locked_cards integer)'
	},
	// Polls (20261130010000)
	create_poll: {
		args: 'p_scope poll_scope, p_area_id uuid, p_question_zh text, p_question_en text, p_explanation_zh text, p_explanation_en text, p_kind poll_kind, p_max_choices integer, p_options jsonb, p_age_bands age_band[], p_opens_at timestamp with time zone, p_closes_at timestamp with time zone, p_results_live boolean DEFAULT false, p_min_cell_size integer DEFAULT 5, p_goal_ids uuid[] DEFAULT NULL::uuid[]',
		result: 'uuid'
	},
	update_poll: {
		args: 'p_poll_id uuid, p_version integer, p_question_zh text, p_question_en text, p_explanation_zh text, p_explanation_en text, p_kind poll_kind, p_max_choices integer, p_options jsonb, p_age_bands age_band[], p_opens_at timestamp with time zone, p_closes_at timestamp with time zone, p_results_live boolean DEFAULT false, p_min_cell_size integer DEFAULT 5, p_goal_ids uuid[] DEFAULT NULL::uuid[], p_scope poll_scope DEFAULT NULL::poll_scope, p_area_id uuid DEFAULT NULL::uuid',
		result: 'void'
	},
	schedule_poll: { args: 'p_poll_id uuid, p_version integer', result: 'void' },
	close_poll_early: { args: 'p_poll_id uuid, p_version integer', result: 'void' },
	write_poll_reply: { args: 'p_poll_id uuid, p_version integer, p_reply text', result: 'void' },
	cast_ballot: { args: 'p_poll_id uuid, p_version integer, p_option_ids uuid[]', result: 'void' },
	poll_results: {
		args: 'p_poll_id uuid',
		result: 'TABLE(state text, voters bigint, withheld text, option_id uuid, "position" smallint, label text, label_en text, votes bigint)'
	},
	poll_breakdown: { args: 'p_poll_id uuid', result: 'TABLE(age_band age_band, voters bigint, option_id uuid, votes bigint)' },
	// Polls: breakdown by school (20261130041000)
	poll_school_breakdown: {
		args: 'p_poll_id uuid',
		result: 'TABLE(withheld text, school_id uuid, school_name_zh text, school_name_en text, voters bigint, option_id uuid, "position" smallint, votes bigint)'
	},
	// Street reports (20261130050100)
	submit_street_report: {
		args: 'p_title text, p_description text, p_topic street_report_topic, p_urgency street_report_urgency, p_place_id uuid, p_place_text text, p_suggestions text DEFAULT NULL::text, p_photos jsonb DEFAULT NULL::jsonb, p_request_id uuid DEFAULT NULL::uuid, p_flags jsonb DEFAULT NULL::jsonb',
		result: 'TABLE(id uuid, created boolean, photo_names text[])'
	},
	resubmit_street_report: {
		args: 'p_submission_id uuid, p_version integer, p_title text, p_description text, p_topic street_report_topic, p_urgency street_report_urgency, p_place_id uuid, p_place_text text, p_suggestions text DEFAULT NULL::text, p_flags jsonb DEFAULT NULL::jsonb',
		result: 'void'
	},
	approve_street_report: {
		args: 'p_submission_id uuid, p_version integer, p_public_title text, p_public_description text, p_public_place_text text, p_comment text DEFAULT NULL::text',
		result: 'void'
	},
	confirm_street_report_photo: { args: 'p_photo_id uuid, p_version integer, p_confirmed boolean', result: 'void' },
	add_street_report_photo: {
		args: 'p_submission_id uuid, p_version integer, p_width integer, p_height integer, p_bytes integer',
		result: 'TABLE(id uuid, object_name text)'
	},
	remove_street_report_photo: { args: 'p_photo_id uuid, p_version integer', result: 'void' },
	photo_removals_due: { args: 'p_limit integer DEFAULT 100', result: 'SETOF text' },
	poll_picture_removals_due: { args: 'p_limit integer DEFAULT 100', result: 'SETOF text' },
	poll_picture_removals_done: { args: 'p_names text[]', result: 'integer' },
	photo_removals_done: { args: 'p_names text[]', result: 'integer' },
	create_neighbourhood_place: {
		args: 'p_district_id uuid, p_kind place_kind, p_name_zh text, p_name_en text, p_community_id uuid DEFAULT NULL::uuid',
		result: 'uuid'
	},
	update_neighbourhood_place: {
		args: 'p_place_id uuid, p_version integer, p_kind place_kind, p_name_zh text, p_name_en text, p_community_id uuid, p_retired boolean',
		result: 'void'
	},
	// Poll option pictures (20261130160000)
	set_poll_option_picture: {
		args: 'p_poll_id uuid, p_version integer, p_position integer, p_width integer, p_height integer, p_bytes integer, p_alt_zh text DEFAULT NULL::text, p_alt_en text DEFAULT NULL::text',
		result: 'TABLE(object_name text, replaced text)'
	},
	remove_poll_option_picture: { args: 'p_poll_id uuid, p_version integer, p_position integer', result: 'text' },
	is_public_poll_picture: { args: 'p_object_name text', result: 'boolean' },
	public_poll_pictures: {
		args: 'p_poll_id uuid',
		result: 'TABLE(id uuid, "position" smallint, width integer, height integer, alt_zh text, alt_en text)'
	},
	public_poll_picture_object: { args: 'p_picture_id uuid', result: 'text' },
	public_polls: {
		args: 'p_goal_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 20, p_offset integer DEFAULT 0',
		result:
			'TABLE(id uuid, scope poll_scope, district_name_zh text, district_name_en text, question_zh text, question_en text, explanation_zh text, explanation_en text, kind poll_kind, max_choices smallint, min_cell_size smallint, closed_at timestamp with time zone, reply text, replied_at timestamp with time zone, total bigint)'
	},
	public_category_polls: {
		args: 'p_edition smallint, p_category ledger_category, p_limit integer DEFAULT 20, p_offset integer DEFAULT 0',
		result:
			'TABLE(id uuid, scope poll_scope, district_name_zh text, district_name_en text, question_zh text, question_en text, explanation_zh text, explanation_en text, kind poll_kind, max_choices smallint, min_cell_size smallint, closed_at timestamp with time zone, reply text, replied_at timestamp with time zone, total bigint)'
	},
	// The review queue (20261130080000)
	submission_changes: {
		args: 'p_submission_id uuid',
		result:
			'TABLE(asked text, returned_at timestamp with time zone, replaced_at timestamp with time zone, title text, problem text, suggestions text, who_should_act text)'
	},
	class_queue_search: {
		args: 'p_class_id uuid, p_query text, p_kind text DEFAULT NULL::text',
		result:
			'TABLE(id uuid, state submission_state, kind submission_kind, submitted_at timestamp with time zone, updated_at timestamp with time zone)'
	},
	submission_kinds: { args: '', result: 'text[]' },
	approve_submission_with_praise: {
		args: 'p_submission_id uuid, p_version integer, p_public_title text, p_public_problem text, p_public_suggestions text, p_public_who_should_act text, p_praise text DEFAULT NULL::text',
		result: 'void'
	},
	bulk_approve: { args: 'p_items jsonb', result: 'TABLE(submission_id uuid, outcome text)' },
	// Classes for admins (20261130080100)
	admin_schools: {
		args: 'p_district_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 20, p_offset integer DEFAULT 0',
		result:
			'TABLE(id uuid, name_zh text, name_en text, district_id uuid, district_name_zh text, district_name_en text, classes integer, archived_classes integer, children integer, total bigint)'
	},
	admin_school_classes: {
		args: 'p_school_id uuid',
		result:
			'TABLE(id uuid, name text, code text, grade smallint, age_band age_band, school_year smallint, archived_at timestamp with time zone, children integer, teachers integer)'
	},
	// Street offices, department staff, routing, deadlines, progress, ratings (20261130090000..0400)
	set_staff_unit: { args: 'p_staff_id uuid, p_department_id uuid, p_street_office_id uuid, p_member boolean', result: 'void' },
	set_answer_working_days: { args: 'p_edition smallint, p_days smallint', result: 'void' },
	suggest_goal: { args: 'p_submission_id uuid, p_version integer, p_goal_id uuid', result: 'void' },
	reassign_submission: {
		args: 'p_submission_id uuid, p_version integer, p_department_id uuid, p_street_office_id uuid, p_note text',
		result: 'void'
	},
	add_progress_update: { args: 'p_submission_id uuid, p_version integer, p_stage progress_stage, p_note text', result: 'bigint' },
	rate_answer: { args: 'p_submission_id uuid, p_rating answer_helpfulness', result: 'void' },
	// Admin pages: places, departments, accounts (20261130150000)
	admin_save_district: { args: 'p_id uuid, p_version integer, p_code text, p_name_zh text, p_name_en text', result: 'uuid' },
	admin_save_street_office: { args: 'p_id uuid, p_version integer, p_district_id uuid, p_name_zh text, p_name_en text', result: 'uuid' },
	admin_save_community: {
		args: 'p_id uuid, p_version integer, p_district_id uuid, p_street_office_id uuid, p_name_zh text, p_name_en text',
		result: 'uuid'
	},
	admin_save_school: { args: 'p_id uuid, p_version integer, p_district_id uuid, p_community_id uuid, p_name_zh text, p_name_en text', result: 'uuid' },
	admin_save_department: { args: 'p_id uuid, p_version integer, p_name_zh text, p_name_en text', result: 'uuid' },
	admin_places: {
		args: 'p_kind text, p_query text DEFAULT NULL::text, p_district_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 20, p_offset integer DEFAULT 0',
		result:
			'TABLE(id uuid, version integer, code text, name_zh text, name_en text, district_id uuid, district_name_zh text, district_name_en text, parent_id uuid, parent_name_zh text, parent_name_en text, total bigint)'
	},
	admin_check_new_account: {
		args: 'p_role text, p_display_name text, p_district_ids uuid[], p_department_ids uuid[], p_street_office_ids uuid[], p_class_ids uuid[]',
		result: 'void'
	},
	admin_accounts: {
		args: 'p_role text, p_query text DEFAULT NULL::text, p_limit integer DEFAULT 20, p_offset integer DEFAULT 0',
		result:
			'TABLE(id uuid, role app_role, display_name text, email text, districts text[], departments text[], street_offices text[], classes text[], total bigint)'
	},
	admin_account: {
		args: 'p_id uuid',
		result: 'TABLE(id uuid, role app_role, display_name text, email text, district_ids uuid[], department_ids uuid[], street_office_ids uuid[], class_ids uuid[], version integer)'
	},
	admin_set_staff_district: { args: 'p_staff_id uuid, p_district_id uuid, p_member boolean', result: 'void' },
	// Admin account edits (20261130210000)
	admin_set_staff_units: { args: 'p_staff_id uuid, p_version integer, p_district_ids uuid[], p_department_ids uuid[], p_street_office_ids uuid[]', result: 'integer' },
	admin_check_account_edit: { args: 'p_id uuid, p_version integer, p_display_name text, p_email text', result: 'text' },
	admin_save_account: { args: 'p_id uuid, p_version integer, p_display_name text, p_email text', result: 'integer' },
	// The working calendar kept in the product (20261130220000)
	admin_calendar_year: { args: 'p_year integer', result: 'jsonb' },
	admin_calendar_status: { args: '', result: 'jsonb' },
	admin_save_calendar_year: { args: 'p_year integer, p_version integer, p_days jsonb', result: 'integer' },
	save_reply_template: { args: 'p_decision answer_decision, p_body text', result: 'void' },
	answer_rating_summary: {
		args: '',
		result: 'TABLE(scope text, scope_id uuid, name_zh text, name_en text, ratings integer, helped integer, partly integer, not_helped integer)'
	},
	// Following what happened (2026113007xxxx)
	withdraw_submission: { args: 'p_submission_id uuid, p_version integer', result: 'void' },
	cosign_submission: { args: 'p_submission_id uuid, p_version integer', result: 'integer' },
	school_proposals: {
		args: 'p_limit integer DEFAULT 20, p_offset integer DEFAULT 0, p_submission_id uuid DEFAULT NULL::uuid',
		result:
			'TABLE(id uuid, kind submission_kind, title text, problem text, suggestions text, who_should_act text, state submission_state, forwarded_at timestamp with time zone, decision answer_decision, reply text, answered_at timestamp with time zone, cosigners integer, cosigned boolean, mine boolean, version integer, total bigint)'
	},
	submission_cosigners: {
		args: 'p_submission_id uuid',
		result: 'TABLE(display_name text, class_name text, student_number integer, cosigned_at timestamp with time zone)'
	},
	mark_notifications_read: {
		args: 'p_ids uuid[] DEFAULT NULL::uuid[], p_up_to timestamp with time zone DEFAULT NULL::timestamp with time zone',
		result: 'integer'
	}
};

Object.assign(CONTRACT_FUNCTIONS, {
	// Progress photos (20261201000000)
	add_progress_update_with_photo: {
		args: 'p_submission_id uuid, p_version integer, p_stage progress_stage, p_note text, p_width integer, p_height integer, p_bytes integer',
		result: 'TABLE(id bigint, photo_id uuid, object_name text)'
	},
	remove_progress_photo: { args: 'p_photo_id uuid, p_version integer', result: 'text' },
	is_public_progress_photo: { args: 'p_object_name text', result: 'boolean' },
	public_progress_photo_object: { args: 'p_photo_id uuid', result: 'text' },
	public_progress_photo_sizes: { args: 'p_photo_ids uuid[]', result: 'TABLE(id uuid, width integer, height integer)' },
	progress_photo_removals_due: { args: 'p_limit integer DEFAULT 100', result: 'SETOF text' },
	progress_photo_removals_done: { args: 'p_names text[]', result: 'integer' },
	// Drafts (20261130060000)
	save_draft: { args: 'p_form_key uuid, p_kind text, p_fields jsonb, p_version integer', result: 'TABLE(id uuid, version integer)' },
	delete_draft: { args: 'p_id uuid, p_version integer', result: 'void' }
});

/** rpc functions that anon may call too: sign-in happens before there is a session. */
const ANON_EXECUTABLE = [
	'sign_in_begin', 'sign_in_end', 'retention_period', 'poll_results', 'poll_breakdown', 'public_polls', 'poll_school_breakdown',
	// The public results pages' option pictures (20261130160000)
	'is_public_poll_picture', 'public_poll_pictures', 'public_poll_picture_object',
	// The public ledger category pages (ledgerpages)
	'public_category_polls',
	// The public pages' progress photo (20261201000000)
	'is_public_progress_photo', 'public_progress_photo_object', 'public_progress_photo_sizes'
];
/** Public functions only the service role executes (the app server's jobs). */
const SERVICE_ROLE_ONLY = [
	'photo_removals_due', 'photo_removals_done', 'poll_picture_removals_due', 'poll_picture_removals_done',
	'progress_photo_removals_due', 'progress_photo_removals_done'
];

const CONTRACT_ENUMS: Record<string, string[]> = {
	app_role: ['student', 'teacher', 'staff', 'admin'],
	age_band: ['6-9', '10-13', '14-17'],
	ledger_category: ['policy', 'service', 'rights', 'space', 'environment'],
	submission_kind: ['proposal', 'street_report'],
	street_report_topic: ['broken_facility', 'safety_hazard', 'rubbish', 'noise', 'traffic', 'trees_green', 'accessibility', 'other'],
	street_report_urgency: ['normal', 'soon', 'urgent'],
	place_kind: ['park', 'playground', 'crossing', 'street', 'square', 'underpass', 'waterside', 'other'],
	submission_state: ['submitted', 'returned', 'approved', 'answered', 'escalated', 'rejected', 'withdrawn'],
	answer_decision: ['adopted', 'partly_adopted', 'under_study', 'not_feasible', 'referred'],
	consent_method: ['paper_form', 'in_person', 'message', 'enrolment'],
	notification_kind: [
		'submitted', 'returned', 'approved', 'answered', 'rejected', 'escalated', 'forwarded', 'updated', 'overdue', 'progress', 'cosigned'
	],
	rejection_reason: ['not_suitable', 'duplicate', 'not_a_proposal'],
	safeguarding_action_kind: [
		'flagged', 'escalated', 'note', 'contacted_guardian', 'contacted_counsellor', 'contacted_police', 'closed', 'reopened',
		'released'
	],
	poll_scope: ['class', 'school', 'community', 'district', 'city'],
	poll_kind: ['single', 'multiple'],
	routing_kind: ['forwarded', 'suggested', 'reassigned'],
	progress_stage: ['planned', 'in_progress', 'done', 'not_possible'],
	answer_helpfulness: ['helped', 'partly', 'not_helped']
};

/** What anon may read; everything else in public is closed to it. */
const ANON_READABLE = [
	'ledger_editions', 'ledger_category_targets', 'ledger_goals', 'ledger_category_summary', 'departments',
	'ledger_goal_departments', 'published_answers', 'published_answer_goals', 'public_goal_answers', 'published_answer_counts',
	'published_goal_answer_counts',
	// Street reports' public copies (20261130050100)
	'published_street_reports', 'published_street_report_photos', 'public_street_reports',
	// The public ledger per category (20261130130000)
	'published_answer_categories', 'ledger_answered_goals', 'ledger_category_counts', 'public_category_answers'
];

/** The private helpers that policies and views call as the caller. */
const PRIVATE_FOR_AUTHENTICATED = [
	'author_display_name', 'author_student_number', 'current_app_role', 'dashboard_median_days', 'has_flag', 'is_admin',
	'is_staff_of_class_district', 'is_staff_of_district', 'is_student_of_class', 'latest_teacher_comment',
	'my_answer_rating', 'my_inbox_district_ids', 'my_lead_school_ids', 'my_poll_age_bands', 'my_poll_area_ids',
	'my_queue_class_ids', 'my_staff_department_ids', 'my_staff_district_ids', 'my_staff_school_ids',
	'my_staff_street_office_ids', 'my_street_office_school_keys', 'my_student_class_ids', 'my_student_school_ids', 'my_taught_class_ids',
	'my_taught_student_ids', 'my_teacher_school_ids', 'my_voted_poll_ids', 'original_flags', 'original_text',
	'own_submission_ids', 'reminded_at', 'street_report_place_text', 'teaches_class', 'teaches_student',
	'was_released'
];

/**
 * Columns of public tables that authenticated must not select (column privileges; RLS alone gives
 * whole rows): a child's account id in any role it plays (author, actor, recipient), the key of
 * the request that made a proposal, and the child's original words and their screening (staff
 * read forwarded rows; the school reads the original through the views' definer helper).
 */
const HIDDEN_COLUMNS = [
	'drafts.author_id', 'notification_counts.recipient_id', 'notifications.recipient_id', 'street_reports.place_text', 'submission_events.actor_id', 'submissions.author_id', 'submissions.title',
	'submissions.problem', 'submissions.suggestions', 'submissions.who_should_act', 'submissions.client_request_id',
	'submissions.flags'
];

/**
 * Every column of an exposed table that references an account (public.profiles(id) or
 * auth.users(id)), and who may select it:
 * - `hidden`: nobody through the Data API (a child's account id: the author, the actor of an
 *   event, the recipient of a notification);
 * - `school`: inside the school only — the child, the child's teachers, admins (RLS; staff and
 *   anyone outside see no row);
 * - `adult`: holds only adults' ids (teachers, staff), written by functions that check the role.
 * A new table with such a column fails here until it is classified, and a `hidden` column fails
 * until its select privilege is taken away.
 */
const ACCOUNT_ID_COLUMNS: Record<string, 'hidden' | 'school' | 'adult'> = {
	'answers.staff_id': 'adult',
	// Safety layer: leads and the admins who designate them; the teachers and leads who act on an
	// escalated item (null for the automatic check: never a child); the leads who read one.
	'safeguarding_access_log.reader_id': 'adult',
	'safeguarding_actions.actor_id': 'adult',
	'school_safeguarding_leads.designated_by': 'adult',
	'school_safeguarding_leads.lead_id': 'adult',
	'class_students.student_id': 'school',
	'child_erasures.erased_by': 'adult',
	// The admin importing a ledger (RLS: their own drafts only).
	'ledger_import_drafts.admin_id': 'adult',
	'class_teachers.teacher_id': 'adult',
	// Teachers (and counsellors) of a school, for their colleagues and admins.
	'school_teachers.teacher_id': 'adult',
	// The child, for their teachers and admins (RLS); the child reads only class_students.guardian_consent.
	'guardian_consents.student_id': 'school',
	// The teacher or admin who recorded / withdrew it.
	'guardian_consents.recorded_by': 'adult',
	'guardian_consents.withdrawn_by': 'adult',
	'notifications.recipient_id': 'hidden',
	'profiles.id': 'school',
	// The adult who created a poll (children never create polls: create_poll checks the role).
	'polls.created_by': 'adult',
	'staff_districts.staff_id': 'adult',
	'submission_events.actor_id': 'hidden',
	'submissions.author_id': 'hidden',
	// The child writing a draft (only the child reads their drafts, by RLS, never this column).
	'drafts.author_id': 'hidden',
	// Street reports: the staff member or admin who added a place; the teacher who confirmed a photo.
	'neighbourhood_places.created_by': 'adult',
	'street_report_photos.confirmed_by': 'adult',
	// Staff of departments and street offices (their own rows, admins); the teacher or staff member
	// who routed an item (staff and admins); the staff member who wrote a progress update.
	'department_staff.staff_id': 'adult',
	'street_office_staff.staff_id': 'adult',
	'submission_routing_log.actor_id': 'adult',
	'submission_progress.staff_id': 'adult',
	// The staff member who attached a progress photo (20261201000000).
	'progress_photos.staff_id': 'adult',
	// A staff member's own templates.
	'reply_templates.staff_id': 'adult',
	// Who co-signed: the child (own rows) and the teachers of the school (RLS); never staff or public.
	'cosignatures.student_id': 'school',
	// Each person's own counter row (RLS); the id itself is not selectable.
	'notification_counts.recipient_id': 'hidden'
};

async function relations(kinds: string[]) {
	return sql`select c.oid, c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity, c.reloptions
		from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where n.nspname = 'public' and c.relkind = any(${kinds}) order by c.relname`;
}

describe('the contract of supabase/README.md', () => {
	it('tables and their columns', async () => {
		const rows = await sql`select table_name, array_agg(column_name::text order by ordinal_position) as cols
			from information_schema.columns c
			join information_schema.tables t using (table_schema, table_name)
			where table_schema = 'public' and t.table_type = 'BASE TABLE' group by table_name`;
		expect(Object.fromEntries(rows.map((r) => [r.table_name, r.cols]))).toEqual(CONTRACT_TABLES);
	});

	it('views and their columns', async () => {
		const rows = await sql`select table_name, array_agg(column_name::text order by ordinal_position) as cols
			from information_schema.columns c
			join information_schema.tables t using (table_schema, table_name)
			where table_schema = 'public' and t.table_type = 'VIEW' group by table_name`;
		expect(Object.fromEntries(rows.map((r) => [r.table_name, r.cols]))).toEqual(CONTRACT_VIEWS);
	});

	it('enums', async () => {
		const rows = await sql`select t.typname, array_agg(e.enumlabel::text order by e.enumsortorder) as labels
			from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
			where n.nspname = 'public' group by t.typname`;
		expect(Object.fromEntries(rows.map((r) => [r.typname, r.labels]))).toEqual(CONTRACT_ENUMS);
	});

	it('rpc functions: names, arguments, results; nothing else in public', async () => {
		const rows = await sql`select p.proname, pg_get_function_arguments(p.oid) as args,
				pg_get_function_result(p.oid) as result
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'`;
		expect(Object.fromEntries(rows.map((r) => [r.proname, { args: r.args, result: r.result }]))).toEqual(CONTRACT_FUNCTIONS);
	});
});

describe('row level security', () => {
	it('is enabled on every table in public', async () => {
		const tables = await relations(['r', 'p']);
		expect(tables.length).toBe(Object.keys(CONTRACT_TABLES).length);
		const without = tables.filter((t) => !t.relrowsecurity).map((t) => t.relname);
		expect(without).toEqual([]);
	});

	it('every table has at least one select policy', async () => {
		const rows = await sql`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind in ('r', 'p')
			  and not exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname and p.cmd = 'SELECT')`;
		expect(rows.map((r) => r.relname)).toEqual([]);
	});

	it('one policy per table and command, for named roles; write policies have WITH CHECK', async () => {
		const policies = await sql`select tablename, policyname, cmd, roles::text[] as roles, qual, with_check
			from pg_policies where schemaname = 'public'`;
		expect(policies.length).toBeGreaterThanOrEqual(Object.keys(CONTRACT_TABLES).length);
		// One policy per table and command: OR-ed permissive policies are each evaluated for every
		// row (Supabase's advisor lint multiple_permissive_policies); the caller's scope goes into one.
		const perCommand = policies.map((p) => `${p.tablename} ${p.cmd}`);
		expect(perCommand.filter((k, i) => perCommand.indexOf(k) !== i)).toEqual([]);
		for (const p of policies) {
			const where = `${p.tablename}: ${p.policyname}`;
			expect(p.cmd, where).not.toBe('ALL');
			expect(p.roles, where).not.toContain('public');
			if (p.cmd === 'INSERT' || p.cmd === 'UPDATE') expect(p.with_check, where).not.toBeNull();
			if (p.cmd !== 'INSERT') expect(p.qual, where).not.toBeNull();
			// Named as a sentence: "Teachers can read their class's submissions".
			expect(p.policyname, where).toMatch(/^[A-Z][a-z]+( [^ ]+)* can [a-z]+ /);
		}
	});

	it('policies compare auth.uid() through a subselect, so it runs once per query', async () => {
		const policies = await sql`select tablename, policyname, qual from pg_policies
			where schemaname = 'public' and qual like '%auth.uid()%'`;
		expect(policies.length).toBeGreaterThan(0);
		for (const p of policies) {
			expect(p.qual.replace(/\(\s*SELECT auth\.uid\(\) AS uid\s*\)/g, ''), p.policyname).not.toContain('auth.uid()');
		}
	});
});

describe('indexes', () => {
	it('every foreign key has an index that starts with its columns (a primary key or unique constraint counts)', async () => {
		const unindexed = await sql`select c.relname || '(' || (select string_agg(a.attname, ', ' order by k.ord)
				from unnest(fk.conkey) with ordinality as k (attnum, ord)
				join pg_attribute a on a.attrelid = fk.conrelid and a.attnum = k.attnum) || ')' as fk
			from pg_constraint fk
			join pg_class c on c.oid = fk.conrelid join pg_namespace n on n.oid = c.relnamespace
			where fk.contype = 'f' and n.nspname = 'public'
			  and not exists (
				select 1 from pg_index i
				where i.indrelid = fk.conrelid
				  and (i.indkey::int2[])[0:cardinality(fk.conkey) - 1] @> fk.conkey
				  and (i.indkey::int2[])[0:cardinality(fk.conkey) - 1] <@ fk.conkey
			  )
			order by 1`;
		expect(unindexed.map((r) => r.fk)).toEqual([]);
	});
});

describe('views', () => {
	it('are all security_invoker', async () => {
		const views = await relations(['v', 'm']);
		expect(views.map((v) => v.relname).sort()).toEqual(Object.keys(CONTRACT_VIEWS).sort());
		for (const v of views) {
			expect(v.relkind, v.relname).toBe('v');
			expect(v.reloptions ?? [], v.relname).toContain('security_invoker=true');
		}
	});
});

describe('privileges', () => {
	it('anon and authenticated cannot write any relation in public', async () => {
		const rows = await sql`select c.relname, r.rolname, p.priv
			from pg_class c join pg_namespace n on n.oid = c.relnamespace
			cross join (values ('anon'), ('authenticated')) as r (rolname)
			cross join (values ('INSERT'), ('UPDATE'), ('DELETE'), ('TRUNCATE'), ('REFERENCES'), ('TRIGGER')) as p (priv)
			where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm')
			  and has_table_privilege(r.rolname, c.oid, p.priv)`;
		expect(rows.map((r) => `${r.rolname} ${r.priv} ${r.relname}`)).toEqual([]);
	});

	it('anon reads only the ledger and the published answers; authenticated reads every relation (RLS decides rows)', async () => {
		const rows = await sql`select c.relname, has_any_column_privilege('anon', c.oid, 'SELECT') as anon,
				has_any_column_privilege('authenticated', c.oid, 'SELECT') as authenticated
			from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm') order by 1`;
		expect(rows.filter((r) => r.anon).map((r) => r.relname)).toEqual([...ANON_READABLE].sort());
		expect(rows.filter((r) => !r.authenticated).map((r) => r.relname)).toEqual([]);
	});

	it('every column that references an account is classified, and the hidden ones nobody can select', async () => {
		// Foreign keys of exposed tables whose referenced table is public.profiles or auth.users.
		const refs = await sql`select c.relname || '.' || a.attname as col
			from pg_constraint k
			join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
			join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
			where k.contype = 'f' and n.nspname = 'public'
			  and k.confrelid in ('public.profiles'::regclass, 'auth.users'::regclass)
			order by 1`;
		expect(refs.map((r) => r.col)).toEqual(Object.keys(ACCOUNT_ID_COLUMNS).sort());
		for (const [col, rule] of Object.entries(ACCOUNT_ID_COLUMNS)) {
			const [rel, att] = col.split('.') as [string, string];
			const [p] = await sql`select has_column_privilege('authenticated', ${'public.' + rel}, ${att}, 'SELECT') as authenticated,
				has_column_privilege('anon', ${'public.' + rel}, ${att}, 'SELECT') as anon,
				has_column_privilege('public', ${'public.' + rel}, ${att}, 'SELECT') as everyone`;
			expect({ col, ...p }).toEqual({ col, authenticated: rule !== 'hidden', anon: false, everyone: false });
		}
		// No view reads a hidden column (an invoker view would fail for everyone; a definer one would leak it).
		const used = await sql`select view_name, table_name || '.' || column_name as col
			from information_schema.view_column_usage where view_schema = 'public' and table_schema = 'public'`;
		const hidden = Object.keys(ACCOUNT_ID_COLUMNS).filter((c) => ACCOUNT_ID_COLUMNS[c] === 'hidden');
		expect(used.filter((u) => hidden.includes(u.col)).map((u) => `${u.view_name}: ${u.col}`)).toEqual([]);
	});

	it('authenticated selects every column except the hidden ones; anon none of submissions', async () => {
		const cols = await sql`select c.relname, a.attname,
				has_column_privilege('authenticated', c.oid, a.attnum, 'SELECT') as authenticated,
				has_column_privilege('anon', c.oid, a.attnum, 'SELECT') as anon
			from pg_class c join pg_namespace n on n.oid = c.relnamespace
			join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
			where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm') order by 1, a.attnum`;
		expect(cols.length).toBeGreaterThan(50);
		expect(cols.filter((c) => !c.authenticated).map((c) => `${c.relname}.${c.attname}`)).toEqual(HIDDEN_COLUMNS);
		expect(cols.filter((c) => c.relname === 'submissions' && c.anon)).toEqual([]);
		// No table-level select on submissions (it would cover author_id, and any column added later).
		const [t] = await sql`select has_table_privilege('authenticated', 'public.submissions', 'SELECT') as authenticated,
			has_table_privilege('anon', 'public.submissions', 'SELECT') as anon`;
		expect({ ...t }).toEqual({ authenticated: false, anon: false });
		// authenticator switches to these roles; none of them may be a way around the column grant.
		const [m] = await sql`select pg_has_role('authenticated', 'service_role', 'MEMBER') as service,
			pg_has_role('authenticated', 'postgres', 'MEMBER') as owner`;
		expect({ ...m }).toEqual({ service: false, owner: false });
	});

	it('rpc functions: security definer, search_path empty, executable by authenticated only (and the sign-in ones by anon), documented', async () => {
		const fns = await sql`select p.proname, p.prosecdef, p.proconfig, obj_description(p.oid, 'pg_proc') as comment,
				has_function_privilege('anon', p.oid, 'EXECUTE') as anon,
				has_function_privilege('authenticated', p.oid, 'EXECUTE') as authenticated,
				has_function_privilege('service_role', p.oid, 'EXECUTE') as service_role,
				exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
					where a.grantee = 0 and a.privilege_type = 'EXECUTE') as to_public
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'`;
		expect(fns).toHaveLength(Object.keys(CONTRACT_FUNCTIONS).length);
		for (const f of fns) {
			expect(f.prosecdef, f.proname).toBe(true);
			expect(f.proconfig, f.proname).toEqual(['search_path=""']);
			expect(f.anon, f.proname).toBe(ANON_EXECUTABLE.includes(f.proname));
			expect(f.to_public, f.proname).toBe(false);
			// The app server's jobs (the Storage removal queue) run as the service role, and only it.
			expect(f.service_role, f.proname).toBe(SERVICE_ROLE_ONLY.includes(f.proname));
			expect(f.authenticated, f.proname).toBe(!SERVICE_ROLE_ONLY.includes(f.proname));
			expect(f.comment, f.proname).toMatch(/Errors:/);
			expect(f.comment, f.proname).toMatch(/Effect:/);
		}
	});

	it('private: not usable by anon; authenticated may call only the policy helpers; search_path empty everywhere', async () => {
		const [schema] = await sql`select has_schema_privilege('anon', 'private', 'USAGE') as anon,
			has_schema_privilege('authenticated', 'private', 'USAGE') as authenticated,
			has_schema_privilege('authenticated', 'private', 'CREATE') as create`;
		expect({ ...schema }).toEqual({ anon: false, authenticated: true, create: false });
		const fns = await sql`select p.proname, p.proconfig, p.prosecdef,
				has_function_privilege('anon', p.oid, 'EXECUTE') as anon,
				has_function_privilege('authenticated', p.oid, 'EXECUTE') as authenticated
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'private' order by 1`;
		expect(fns.length).toBeGreaterThan(PRIVATE_FOR_AUTHENTICATED.length);
		for (const f of fns) {
			expect(f.proconfig, f.proname).toEqual(['search_path=""']);
			expect(f.anon, f.proname).toBe(false);
		}
		expect(fns.filter((f) => f.authenticated).map((f) => f.proname)).toEqual(PRIVATE_FOR_AUTHENTICATED);
		// The helpers that read across RLS are definers; the trigger too.
		const definers = fns.filter((f) => f.prosecdef).map((f) => f.proname);
		for (const name of ['current_app_role', 'is_admin', 'teaches_class', 'teaches_student', 'is_staff_of_district',
			'own_submission_ids', 'author_display_name', 'my_lead_school_ids', 'original_text', 'original_flags',
			'is_staff_of_class_district', 'is_student_of_class', 'handle_new_user', 'profile_from_app_metadata']) {
			expect(definers).toContain(name);
		}
	});

	it('the private schema is not exposed: a user calling a helper directly gets nothing it could not read', async () => {
		// Through the Data API only `public` is reachable; still, the helpers answer about the caller only.
		const [row] = await sql.begin(async (tx) => {
			await tx`select set_config('request.jwt.claims', '{"sub":"00000000-0000-4000-8000-00000000dead","role":"authenticated"}', true)`;
			await tx`set local role authenticated`;
			return tx`select private.current_app_role() as role, private.is_admin() as admin`;
		});
		expect({ ...row }).toEqual({ role: null, admin: false });
	});
});
