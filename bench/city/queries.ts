/**
 * Every read the app's pages send, as its real caller sends it (supabase-js with the caller's
 * JWT, through the Data API). One table, so it can be lined up with the page loads in src/routes
 * when they change: each entry names the page and load it mirrors.
 *
 * Mirrors the paged lists (src/lib/server/list.ts: the tab totals in one read of a counts view or
 * counter table, then one page of 20 with `.range()` and no count; waiting items oldest first) and
 * the detail loads.
 */
import type { SupabaseClient } from '@supabase/supabase-js';

/** Who sends a query. */
export type CallerKind = 'teacher' | 'staff' | 'child' | 'anon';

/**
 * `list`: a page of rows (plans are checked); `count`: a list's tab totals (checked too);
 * `detail`: one item's page (plans reported, not checked).
 */
export type QueryKind = 'list' | 'count' | 'detail';

/** Ids the queries need, chosen from the data after it is built (see run.ts). */
export interface QueryContext {
	/** A submission in the teacher's classes (class_queue detail). */
	teacherSubmissionId: string;
	/** The classes the teacher teaches (the queue's class picker). */
	teacherClassIds: string[];
	/** The class whose queue is shown (the queue shows one class at a time). */
	teacherClassId: string;
	/** An approved submission of the staff member's district (district_inbox detail). */
	staffSubmissionId: string;
	/** The staff member's district (the inbox shows one district at a time). */
	staffDistrictId: string;
	/** An answered submission of the child (my_submissions detail). */
	childSubmissionId: string;
	/** The child's (or teacher's) own account id (the viewer's profile on every page). */
	viewerId: (caller: CallerKind) => string;
	/** A ledger goal with published answers (public goal page). */
	goalId: string;
	/** The ledger edition shown by default. */
	edition: number;
	/** A ledger category (code) of that edition with answers (public category page). */
	category: string;
	/** Today in Asia/Shanghai (YYYY-MM-DD): the overdue list's cut-off, as cityToday() gives it. */
	today: string;
}

/** What a supabase-js request resolves to, as far as the benchmark looks. */
export interface Outcome {
	error: { message: string; code?: string } | null;
	count?: number | null;
	data?: unknown;
	status?: number;
}

export interface BenchQuery {
	/** Stable name: `<page>:<what>`. */
	id: string;
	/** The page (route) whose load sends it. */
	page: string;
	caller: CallerKind;
	kind: QueryKind;
	run: (db: SupabaseClient, ctx: QueryContext) => PromiseLike<Outcome>;
}

/** Rows per page of every list (src/lib/server/list.ts PAGE_SIZE). */
export const PAGE_SIZE = 20;
const LAST = PAGE_SIZE - 1;

const TEACHER_COLUMNS = 'id, author_display_name, title, state, submitted_at, updated_at';
const CARD_COLUMNS =
	'id, kind, title, state, age_band, author_display_name, student_number, submitted_at, updated_at, version, personal_details, safeguarding, dangerous_now';
const STAFF_COLUMNS = 'id, school_name_zh, school_name_en, class_name, age_band, title, state, approved_at, answered_at';
const CHILD_COLUMNS = 'id, title, state, submitted_at, updated_at';
const ROUTED_COLUMNS = 'id, title, state, age_band, district_name_zh, district_name_en, approved_at, answered_at, due_on';
const ANSWER_COLUMNS = 'submission_id, title, decision, reply, district_name_zh, district_name_en, answered_at';

export const QUERIES: BenchQuery[] = [
	// Every signed-in page: hooks.server.ts loadViewer → loadProfile (src/lib/server/viewer.ts).
	...(['teacher', 'staff', 'child'] as const).map((caller) => ({
		id: `every page:viewer profile (${caller})`,
		page: 'hooks',
		caller,
		kind: 'detail' as const,
		run: (db: SupabaseClient, ctx: QueryContext) => db.from('profiles').select('role, display_name').eq('id', ctx.viewerId(caller)).maybeSingle()
	})),

	// /teacher (lists: src/routes/(teacher)/teacher/+page.server.ts): the caller's classes, the tab
	// totals of every one of them in one grouped read, then the page of one class.
	{
		id: '/teacher:classes',
		page: '/teacher',
		caller: 'teacher',
		kind: 'detail',
		run: (db, ctx) => db.from('class_teachers').select('class_id').eq('teacher_id', ctx.viewerId('teacher')).range(0, 99)
	},
	{
		id: '/teacher:class names',
		page: '/teacher',
		caller: 'teacher',
		kind: 'detail',
		run: (db, ctx) => db.from('classes').select('id, name, archived_at').in('id', ctx.teacherClassIds).order('name').order('id')
	},
	{
		id: '/teacher:tab totals',
		page: '/teacher',
		caller: 'teacher',
		kind: 'count',
		run: (db, ctx) => db.from('class_queue_counts').select('class_id, state, submissions').in('class_id', ctx.teacherClassIds)
	},
	{
		id: '/teacher:waiting (submitted, oldest first)',
		page: '/teacher',
		caller: 'teacher',
		kind: 'list',
		run: (db, ctx) =>
			db
				.from('class_queue')
				.select(TEACHER_COLUMNS)
				.eq('class_id', ctx.teacherClassId)
				.eq('state', 'submitted')
				.order('submitted_at', { ascending: true })
				.order('id')
				.range(0, LAST)
	},
	{
		id: '/teacher:answered tab (newest change first)',
		page: '/teacher',
		caller: 'teacher',
		kind: 'list',
		run: (db, ctx) =>
			db
				.from('class_queue')
				.select(TEACHER_COLUMNS)
				.eq('class_id', ctx.teacherClassId)
				.eq('state', 'answered')
				.order('updated_at', { ascending: false })
				.order('id')
				.range(0, LAST)
	},
	{
		id: '/teacher:all tab',
		page: '/teacher',
		caller: 'teacher',
		kind: 'list',
		run: (db, ctx) =>
			db
				.from('class_queue')
				.select(TEACHER_COLUMNS)
				.eq('class_id', ctx.teacherClassId)
				.order('updated_at', { ascending: false })
				.order('id')
				.range(0, LAST)
	},
	// The review queue (20261130080000): the page now reads its tab totals per kind and its cards
	// from class_queue_cards (the same rows and indexes as class_queue), and a search asks
	// class_queue_search for one class's matches (an rpc: its plan is inside the function, so it is
	// reported, not checked).
	{
		id: '/teacher:tab totals per kind',
		page: '/teacher',
		caller: 'teacher',
		kind: 'count',
		run: (db, ctx) => db.from('class_queue_kind_counts').select('class_id, state, kind, submissions').in('class_id', ctx.teacherClassIds)
	},
	{
		id: '/teacher:waiting cards (submitted, oldest first)',
		page: '/teacher',
		caller: 'teacher',
		kind: 'list',
		run: (db, ctx) =>
			db
				.from('class_queue_cards')
				.select(CARD_COLUMNS)
				.eq('class_id', ctx.teacherClassId)
				.eq('state', 'submitted')
				.order('submitted_at', { ascending: true })
				.order('id')
				.range(0, LAST)
	},
	{
		id: '/teacher:search titles (路灯, one class)',
		page: '/teacher',
		caller: 'teacher',
		kind: 'detail',
		run: (db, ctx) => db.rpc('class_queue_search', { p_class_id: ctx.teacherClassId, p_query: '路灯', p_kind: null })
	},
	// /teacher/submissions/[id]
	{
		id: '/teacher/submissions/[id]:item',
		page: '/teacher/submissions/[id]',
		caller: 'teacher',
		kind: 'detail',
		run: (db, ctx) => db.from('class_queue').select('*').eq('id', ctx.teacherSubmissionId).maybeSingle()
	},

	// /staff (lists: src/routes/(staff)/staff/+page.server.ts): the caller's districts, the tab
	// totals of one district from its counters, then the page of that district.
	{
		id: '/staff:districts',
		page: '/staff',
		caller: 'staff',
		kind: 'detail',
		run: (db) => db.from('staff_districts').select('district_id').range(0, 99)
	},
	{
		id: '/staff:district names',
		page: '/staff',
		caller: 'staff',
		kind: 'detail',
		run: (db, ctx) => db.from('districts').select('id, name_zh, name_en').in('id', [ctx.staffDistrictId]).order('code')
	},
	{
		id: '/staff:tab totals',
		page: '/staff',
		caller: 'staff',
		kind: 'count',
		run: (db, ctx) => db.from('district_inbox_counts').select('state, submissions').eq('district_id', ctx.staffDistrictId)
	},
	{
		id: '/staff:waiting (approved, oldest forwarded first)',
		page: '/staff',
		caller: 'staff',
		kind: 'list',
		run: (db, ctx) =>
			db.from('district_inbox').select(STAFF_COLUMNS).eq('district_id', ctx.staffDistrictId).eq('state', 'approved').order('approved_at', { ascending: true }).order('id').range(0, LAST)
	},
	{
		id: '/staff:answered tab (newest answer first)',
		page: '/staff',
		caller: 'staff',
		kind: 'list',
		run: (db, ctx) =>
			db.from('district_inbox').select(STAFF_COLUMNS).eq('district_id', ctx.staffDistrictId).eq('state', 'answered').order('answered_at', { ascending: false }).order('id').range(0, LAST)
	},
	{
		id: '/staff:all tab',
		page: '/staff',
		caller: 'staff',
		kind: 'list',
		run: (db, ctx) => db.from('district_inbox').select(STAFF_COLUMNS).eq('district_id', ctx.staffDistrictId).order('approved_at', { ascending: false }).order('id').range(0, LAST)
	},
	// /staff/routed (src/routes/(staff)/staff/routed/+page.server.ts): the items of one of the
	// caller's units (here their district), by tab, from staff_items; the tab totals from the view
	// staff_unit_totals (20261201010000): counters of the rollups for waiting and answered, and for
	// overdue (it depends on today) the open items per due day before today, one row per due day.
	// Overdue: still approved after its due date (Asia/Shanghai), the most overdue first — the
	// district admin's overdue list.
	{
		id: '/staff/routed:tab totals',
		page: '/staff/routed',
		caller: 'staff',
		kind: 'count',
		run: (db, ctx) => db.from('staff_unit_totals').select('waiting, overdue, answered').eq('kind', 'district').eq('unit_id', ctx.staffDistrictId)
	},
	{
		id: '/staff/routed:overdue tab (most overdue first)',
		page: '/staff/routed',
		caller: 'staff',
		kind: 'list',
		run: (db, ctx) =>
			db
				.from('staff_items')
				.select(ROUTED_COLUMNS)
				.eq('district_id', ctx.staffDistrictId)
				.eq('state', 'approved')
				.lt('due_on', ctx.today)
				.order('due_on', { ascending: true })
				.order('id')
				.range(0, LAST)
	},
	{
		id: '/staff/routed:waiting tab (oldest forwarded first)',
		page: '/staff/routed',
		caller: 'staff',
		kind: 'list',
		run: (db, ctx) =>
			db
				.from('staff_items')
				.select(ROUTED_COLUMNS)
				.eq('district_id', ctx.staffDistrictId)
				.eq('state', 'approved')
				.order('approved_at', { ascending: true })
				.order('id')
				.range(0, LAST)
	},
	{
		id: '/staff/routed:answered tab (newest answer first)',
		page: '/staff/routed',
		caller: 'staff',
		kind: 'list',
		run: (db, ctx) =>
			db
				.from('staff_items')
				.select(ROUTED_COLUMNS)
				.eq('district_id', ctx.staffDistrictId)
				.eq('state', 'answered')
				.order('answered_at', { ascending: false })
				.order('id')
				.range(0, LAST)
	},
	// /staff/dashboard (src/lib/server/dashboard.ts loadDashboard): one read of the rollups per
	// dimension (view dashboard_groups over dashboard_counts / dashboard_due; RLS: the caller's
	// districts), then the group names. Never a scan of submissions.
	...(['category', 'district', 'school', 'department'] as const).map((dim) => ({
		id: `/staff/dashboard:${dim}`,
		page: '/staff/dashboard',
		caller: 'staff' as const,
		kind: 'count' as const,
		run: (db: SupabaseClient) =>
			db
				.from('dashboard_groups')
				.select('dim, group_key, submissions, forwarded, rejected, answered, adopted, done, median_days_to_answer, overdue')
				.eq('dim', dim)
				.order('submissions', { ascending: false })
				.order('group_key')
				.range(0, 500)
	})),
	// /staff/submissions/[id]: the item, every goal to choose from, the goals already linked.
	{
		id: '/staff/submissions/[id]:item',
		page: '/staff/submissions/[id]',
		caller: 'staff',
		kind: 'detail',
		run: (db, ctx) => db.from('district_inbox').select('*').eq('id', ctx.staffSubmissionId).maybeSingle()
	},
	{
		id: '/staff/submissions/[id]:goals',
		page: '/staff/submissions/[id]',
		caller: 'staff',
		kind: 'detail',
		run: (db) => db.from('ledger_goals').select('id, edition, category, code, title_zh, title_en').order('edition', { ascending: false }).order('code')
	},
	{
		id: '/staff/submissions/[id]:linked goals',
		page: '/staff/submissions/[id]',
		caller: 'staff',
		kind: 'detail',
		run: (db, ctx) =>
			db.from('submission_answer_goals').select('goal_id, code, category, title_zh, title_en').eq('submission_id', ctx.staffSubmissionId).order('code')
	},

	// /me (lists: src/routes/(child)/me/+page.server.ts)
	{
		id: '/me:tab totals',
		page: '/me',
		caller: 'child',
		kind: 'count',
		run: (db) => db.from('my_submission_counts').select('state, submissions')
	},
	{
		id: '/me:all tab (newest change first)',
		page: '/me',
		caller: 'child',
		kind: 'list',
		run: (db) => db.from('my_submissions').select(CHILD_COLUMNS).order('updated_at', { ascending: false }).order('id').range(0, LAST)
	},
	// /me/proposals/[id]
	{
		id: '/me/proposals/[id]:item',
		page: '/me/proposals/[id]',
		caller: 'child',
		kind: 'detail',
		run: (db, ctx) => db.from('my_submissions').select('*').eq('id', ctx.childSubmissionId).maybeSingle()
	},
	{
		id: '/me/proposals/[id]:goals',
		page: '/me/proposals/[id]',
		caller: 'child',
		kind: 'detail',
		run: (db, ctx) =>
			db.from('submission_answer_goals').select('goal_id, code, category, title_zh, title_en').eq('submission_id', ctx.childSubmissionId).order('code')
	},

	// /ledger (lists: src/routes/(public)/ledger/+page.server.ts, src/lib/server/answers.ts)
	{
		id: '/ledger:editions',
		page: '/ledger',
		caller: 'anon',
		kind: 'detail',
		run: (db) => db.from('ledger_editions').select('year, title_zh, title_en').order('year', { ascending: false }).limit(100)
	},
	{
		id: '/ledger:category summary',
		page: '/ledger',
		caller: 'anon',
		kind: 'detail',
		run: (db, ctx) => db.from('ledger_category_summary').select('category, declared_count, known_count').eq('edition', ctx.edition)
	},
	{
		id: '/ledger:goals',
		page: '/ledger',
		caller: 'anon',
		kind: 'detail',
		run: (db, ctx) => db.from('ledger_goals').select('id, category, code, title_zh, title_en').eq('edition', ctx.edition).order('code').range(0, 499)
	},
	{
		id: '/ledger:answer tab totals',
		page: '/ledger',
		caller: 'anon',
		kind: 'count',
		run: (db, ctx) => db.from('published_answer_counts').select('decision, answers').eq('edition', ctx.edition)
	},
	{
		id: '/ledger:answers (newest first)',
		page: '/ledger',
		caller: 'anon',
		kind: 'list',
		run: (db, ctx) =>
			db.from('published_answers').select(ANSWER_COLUMNS).eq('edition', ctx.edition).order('answered_at', { ascending: false }).order('submission_id').range(0, LAST)
	},
	{
		id: '/ledger:answers adopted tab',
		page: '/ledger',
		caller: 'anon',
		kind: 'list',
		run: (db, ctx) =>
			db
				.from('published_answers')
				.select(ANSWER_COLUMNS)
				.eq('edition', ctx.edition)
				.eq('decision', 'adopted')
				.order('answered_at', { ascending: false })
				.order('submission_id')
				.range(0, LAST)
	},

	// /ledger summary and filter (src/lib/server/ledger.ts: counters kept by triggers, 20261130130000)
	{
		id: '/ledger:category counters',
		page: '/ledger',
		caller: 'anon',
		kind: 'count',
		run: (db, ctx) => db.from('ledger_category_counts').select('category, goals_with_answers, answers, adopted, done').eq('edition', ctx.edition)
	},
	{
		id: '/ledger:goals with answers',
		page: '/ledger',
		caller: 'anon',
		kind: 'detail',
		run: (db, ctx) => db.from('ledger_answered_goals').select('goal_id').eq('edition', ctx.edition).range(0, 499)
	},
	{
		id: '/ledger:street reports of the page',
		page: '/ledger',
		caller: 'anon',
		kind: 'detail',
		run: async (db, ctx) => {
			const page = await db.from('published_answers').select('submission_id').eq('edition', ctx.edition).order('answered_at', { ascending: false }).order('submission_id').range(0, LAST);
			if (page.error) return page;
			return db.from('published_street_reports').select('submission_id').in('submission_id', (page.data ?? []).map((r) => r.submission_id));
		}
	},

	// /ledger/categories/[code] (src/routes/(public)/ledger/categories/[code=category], src/lib/server/ledger.ts)
	{
		id: '/ledger/categories/[code]:goals',
		page: '/ledger/categories/[code]',
		caller: 'anon',
		kind: 'detail',
		run: (db, ctx) =>
			db.from('ledger_goals').select('id, category, code, title_zh, title_en').eq('edition', ctx.edition).eq('category', ctx.category).order('code').range(0, 499)
	},
	{
		id: '/ledger/categories/[code]:answers (newest first)',
		page: '/ledger/categories/[code]',
		caller: 'anon',
		kind: 'list',
		run: (db, ctx) =>
			db
				.from('public_category_answers')
				.select(ANSWER_COLUMNS)
				.eq('edition', ctx.edition)
				.eq('category', ctx.category)
				.order('answered_at', { ascending: false })
				.order('submission_id')
				.range(0, LAST)
	},
	{
		id: '/ledger/categories/[code]:closed polls',
		page: '/ledger/categories/[code]',
		caller: 'anon',
		kind: 'detail',
		run: (db, ctx) => db.rpc('public_category_polls', { p_edition: ctx.edition, p_category: ctx.category, p_limit: 10, p_offset: 0 })
	},

	// /ledger/goals/[id] (lists)
	{
		id: '/ledger/goals/[id]:goal',
		page: '/ledger/goals/[id]',
		caller: 'anon',
		kind: 'detail',
		run: (db, ctx) => db.from('ledger_goals').select('id, edition, category, code, title_zh, title_en').eq('id', ctx.goalId).maybeSingle()
	},
	{
		id: '/ledger/goals/[id]:answer tab totals',
		page: '/ledger/goals/[id]',
		caller: 'anon',
		kind: 'count',
		run: (db, ctx) => db.from('published_goal_answer_counts').select('decision, answers').eq('goal_id', ctx.goalId)
	},
	{
		id: '/ledger/goals/[id]:answers (newest first)',
		page: '/ledger/goals/[id]',
		caller: 'anon',
		kind: 'list',
		run: (db, ctx) =>
			db.from('public_goal_answers').select(ANSWER_COLUMNS).eq('goal_id', ctx.goalId).order('answered_at', { ascending: false }).order('submission_id').range(0, LAST)
	}
];
