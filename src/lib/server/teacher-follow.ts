/**
 * What happened to a forwarded item, for the teachers of its class (issue 11 §2–§3, migration
 * 20261203200000): where it was routed, when the answer is due and whether the staff were
 * reminded (class_item_followup), the answer with its ledger goals, the events for the status
 * path's dates and every progress update with its photo. Read-only; RLS decides who reads what
 * (the class teacher and co-teachers; nobody else gets a row from class_item_followup).
 */
import type { PathEvent } from '$lib/follow/status-path';
import { loadProgress, type ProgressUpdate } from './progress-photos';
import type { RequestClient } from './supabase';

/** One row of class_item_followup. */
export interface ItemFollowup {
	id: string;
	state: string;
	forwarded_at: string | null;
	due_on: string | null;
	reminded_at: string | null;
	district_name_zh: string | null;
	district_name_en: string | null;
	department_name_zh: string | null;
	department_name_en: string | null;
	street_office_name_zh: string | null;
	street_office_name_en: string | null;
	answered_at: string | null;
	progress_stage: string | null;
}

export interface TeacherFollow {
	followup: ItemFollowup;
	events: PathEvent[];
	answer: { decision: string; reply: string; created_at: string } | null;
	goals: { goal_id: string; code: string; category: string; title_zh: string; title_en: string }[];
	progress: ProgressUpdate[];
}

const FOLLOWUP_COLUMNS =
	'id, state, forwarded_at, due_on, reminded_at, district_name_zh, district_name_en, department_name_zh, department_name_en, street_office_name_zh, street_office_name_en, answered_at, progress_stage';

/**
 * The follow-up of one item, or null when the caller does not teach its class or it is not
 * forwarded (approved or answered). Five reads by key, in parallel.
 */
export async function loadTeacherFollow(supabase: RequestClient, submissionId: string): Promise<TeacherFollow | null> {
	const [followup, events, answer, goals, progress] = await Promise.all([
		supabase.from('class_item_followup').select(FOLLOWUP_COLUMNS).eq('id', submissionId).maybeSingle(),
		supabase.from('submission_events').select('from_state, to_state, created_at').eq('submission_id', submissionId).order('id').limit(200),
		supabase.from('answers').select('decision, reply, created_at').eq('submission_id', submissionId).maybeSingle(),
		supabase.from('submission_answer_goals').select('goal_id, code, category, title_zh, title_en').eq('submission_id', submissionId).order('code'),
		loadProgress(supabase, submissionId)
	]);
	for (const r of [followup, events, answer, goals]) if (r.error) throw r.error;
	if (!followup.data) return null;
	return {
		followup: followup.data as ItemFollowup,
		events: (events.data ?? []) as PathEvent[],
		answer: (answer.data as TeacherFollow['answer']) ?? null,
		goals: (goals.data ?? []) as TeacherFollow['goals'],
		progress
	};
}

/**
 * The latest stage of each answered item among `ids` (the queue page's cards), from
 * class_item_followup: one read of at most a page of ids.
 */
export async function latestStages(supabase: RequestClient, ids: string[]): Promise<Record<string, string>> {
	if (ids.length === 0) return {};
	const { data, error } = await supabase.from('class_item_followup').select('id, progress_stage').in('id', ids);
	if (error) throw error;
	return Object.fromEntries((data ?? []).filter((r) => r.progress_stage).map((r) => [r.id as string, r.progress_stage as string]));
}
