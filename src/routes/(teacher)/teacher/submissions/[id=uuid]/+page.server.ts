import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues, formVersion, parseForm } from '$lib/server/forms';
import type { RequestClient } from '$lib/server/supabase';
import { redactedCopy, screenProposal, type Flags, type ProposalText } from '$lib/server/screening';
import { approveSchema, escalateSchema, rejectSchema, returnSchema, suggestGoalSchema } from './schema';
import { changed, wordDiff, type DiffPart } from './word-diff';
import { parseQuery } from '../../queue';
import { loadTeacherFollow } from '$lib/server/teacher-follow';
import type { Actions, PageServerLoad } from './$types';

const TABS = ['submitted', 'returned', 'approved', 'answered', 'rejected', 'all'] as const;
type Tab = (typeof TABS)[number];

/** The queue the teacher came from (its class, tab, kind and search), read from the review page's URL. */
export interface QueueContext {
	classId: string;
	state: Tab;
	kind: string | null;
	query: string;
}

function queueContext(url: URL, classId: string): QueueContext {
	const state = (TABS as readonly string[]).includes(url.searchParams.get('state') ?? '') ? (url.searchParams.get('state') as Tab) : 'submitted';
	const kind = url.searchParams.get('kind');
	const q = parseQuery(url.searchParams.get('q'));
	return {
		classId,
		state,
		kind: kind && /^[a-z_]{1,40}$/.test(kind) ? kind : null,
		query: q.error ? '' : q.query
	};
}

/** The query string that brings back the same queue (and, on a review page, keeps it). */
function contextParams(c: QueueContext): string {
	const p = new URLSearchParams({ class: c.classId, state: c.state });
	if (c.kind) p.set('kind', c.kind);
	if (c.query) p.set('q', c.query);
	return p.toString();
}

interface Place {
	id: string;
	submitted_at: string | null;
	updated_at: string;
}

/**
 * The items before and after this one in the queue's order (the tab's order, the id breaking
 * ties), each one indexed read of at most one row (a search: among its at most 200 matches).
 */
async function neighbours(supabase: RequestClient, c: QueueContext, cur: Place): Promise<{ prev: string | null; next: string | null }> {
	const waiting = c.state === 'submitted';
	const column = waiting ? 'submitted_at' : 'updated_at';
	if (c.query) {
		const found = await supabase.rpc('class_queue_search', { p_class_id: c.classId, p_query: c.query, p_kind: c.kind });
		if (found.error) return { prev: null, next: null };
		const rows = ((found.data ?? []) as (Place & { state: string })[])
			.filter((r) => c.state === 'all' || r.state === c.state || r.id === cur.id)
			.sort((a, b) => {
				const ka = (waiting ? a.submitted_at : a.updated_at) ?? '';
				const kb = (waiting ? b.submitted_at : b.updated_at) ?? '';
				const byTime = waiting ? ka.localeCompare(kb) : kb.localeCompare(ka);
				return byTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
			});
		const i = rows.findIndex((r) => r.id === cur.id);
		if (i < 0) return { prev: null, next: null };
		return { prev: rows[i - 1]?.id ?? null, next: rows[i + 1]?.id ?? null };
	}
	const at = (waiting ? cur.submitted_at : cur.updated_at) ?? null;
	if (!at) return { prev: null, next: null };
	const quoted = `"${at}"`;
	const side = (after: boolean) => {
		// "after" in the list's order: later sent (waiting tab) or earlier changed (the others).
		const op = after === waiting ? 'gt' : 'lt';
		const idOp = after ? 'gt' : 'lt';
		let q = supabase
			.from('class_queue_cards')
			.select('id')
			.eq('class_id', c.classId)
			.or(`${column}.${op}.${quoted},and(${column}.eq.${quoted},id.${idOp}.${cur.id})`);
		if (c.state !== 'all') q = q.eq('state', c.state);
		if (c.kind) q = q.eq('kind', c.kind);
		return q
			.order(column, { ascending: after === waiting })
			.order('id', { ascending: after })
			.limit(1);
	};
	const [before, after] = await Promise.all([side(false), side(true)]);
	return {
		prev: before.error ? null : ((before.data?.[0]?.id as string | undefined) ?? null),
		next: after.error ? null : ((after.data?.[0]?.id as string | undefined) ?? null)
	};
}

/** What changed in a resubmission, field by field, and what the teacher asked before it. */
export interface Changes {
	asked: string | null;
	returnedAt: string | null;
	replacedAt: string;
	fields: { field: 'title' | 'problem' | 'suggestions' | 'who_should_act'; parts: DiffPart[]; changed: boolean }[];
}

/** The item as class_queue gives it to a teacher of the class (null: not theirs, or escalated). */
async function loadItem(supabase: RequestClient, id: string) {
	const { data, error: dbError } = await supabase.from('class_queue').select('*').eq('id', id).maybeSingle();
	if (dbError) throw dbError;
	return data;
}

const originalOf = (s: { title: string; problem: string; suggestions: string; who_should_act: string }): ProposalText => ({
	title: s.title,
	problem: s.problem,
	suggestions: s.suggestions,
	who_should_act: s.who_should_act
});

export const load: PageServerLoad = async ({ locals, params, url }) => {
	// Street reports have a review page of their own (fields, photos to confirm).
	const { data: kind } = await locals.supabase.from('submissions').select('kind, suggested_goal_id').eq('id', params.id).maybeSingle();
	if (kind?.kind === 'street_report') redirect(303, localizeHref(`/teacher/reports/${params.id}`));
	const s = await loadItem(locals.supabase, params.id);
	if (!s) error(404, m.error_not_found());
	const askedClass = url.searchParams.get('class');
	const context = queueContext(url, askedClass === s.class_id ? askedClass : s.class_id);
	const [around, revision, goals, follow] = await Promise.all([
		neighbours(locals.supabase, context, { id: s.id, submitted_at: s.submitted_at, updated_at: s.updated_at }),
		locals.supabase.rpc('submission_changes', { p_submission_id: s.id }).maybeSingle(),
		// The ledger (137 goals in the seed) for the suggest-a-goal form, searched on the page.
		s.state === 'submitted'
			? locals.supabase.from('ledger_goals').select('id, edition, category, code, title_zh, title_en').order('edition', { ascending: false }).order('code').range(0, 999)
			: Promise.resolve({ data: [], error: null }),
		// After forwarding: what happened to it (routing, due date, answer, progress), read-only.
		s.state === 'approved' || s.state === 'answered' ? loadTeacherFollow(locals.supabase, s.id) : Promise.resolve(null)
	]);
	if (revision.error) throw revision.error;
	if (goals.error) throw goals.error;
	let changes: Changes | null = null;
	if (revision.data) {
		const r = revision.data as { asked: string | null; returned_at: string | null; replaced_at: string } & Record<string, string | null>;
		changes = {
			asked: r.asked,
			returnedAt: r.returned_at,
			replacedAt: r.replaced_at,
			fields: (['title', 'problem', 'suggestions', 'who_should_act'] as const).map((field) => {
				const parts = wordDiff(r[field] ?? '', (s[field] as string | null) ?? '', getLocale());
				return { field, parts, changed: changed(parts) };
			})
		};
	}
	const queue = contextParams(context);
	// Screened again on every view: the flags stored on submit may be missing (a text sent past
	// the form) or made by older rules; what the teacher sees is what the rules find now.
	const found = screenProposal(originalOf(s), getLocale());
	const stored = s.flags as Flags | null;
	const draft: ProposalText = s.public_title
		? { title: s.public_title, problem: s.public_problem, suggestions: s.public_suggestions, who_should_act: s.public_who_should_act }
		: redactedCopy(originalOf(s), found.personal_details);
	return {
		submission: s,
		found,
		/** The child saw the personal-details warning and chose to send anyway. */
		confirmed: stored?.confirmed === true,
		draft,
		changes,
		/** Query string of the queue the teacher came from (also kept on the neighbours' links). */
		queue,
		prev: around.prev,
		next: around.next,
		goals: (goals.data ?? []) as { id: string; edition: number; category: string; code: string; title_zh: string; title_en: string | null }[],
		suggestedGoalId: (kind?.suggested_goal_id as string | null | undefined) ?? null,
		follow,
		done: url.searchParams.get('done')
	};
};

/** Back to the queue the teacher came from, with a flash message. */
function backToQueue(url: URL, classId: string | null, done: string): string {
	const c = queueContext(url, url.searchParams.get('class') ?? classId ?? '');
	const params = c.classId ? `${contextParams(c)}&done=${done}` : `done=${done}`;
	return localizeHref(`/teacher?${params}`);
}

/** This review page again (same queue context), with a flash message. */
function backToItem(url: URL, id: string, classId: string | null, done: string): string {
	const c = queueContext(url, url.searchParams.get('class') ?? classId ?? '');
	return `${localizeHref(`/teacher/submissions/${id}`)}?${c.classId ? `${contextParams(c)}&` : ''}done=${done}`;
}

export const actions: Actions = {
	/** Find goals by code or words (`goal_q`): the suggest form comes back with the matches listed. */
	goalSearch: async ({ request }) => {
		return { form: 'suggest', values: formValues(await request.formData()), errors: {} };
	},
	/** Suggest a ledger goal while the proposal waits for review; approving it routes it to the goal's department. */
	suggest: async ({ request, locals, params, url }) => {
		const form = await request.formData();
		const parsed = parseForm(suggestGoalSchema, form, { name: 'suggest' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('suggest_goal', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_goal_id: parsed.data.goal_id
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'suggest');
		redirect(303, backToItem(url, params.id, null, 'suggested'));
	},
	approve: async ({ request, locals, params, url }) => {
		const form = await request.formData();
		const parsed = parseForm(approveSchema, form, { name: 'approve' });
		if (parsed.failure) return parsed.failure;
		const copy: ProposalText = {
			title: parsed.data.public_title,
			problem: parsed.data.public_problem,
			suggestions: parsed.data.public_suggestions,
			who_should_act: parsed.data.public_who_should_act
		};
		// The server screens again before anything leaves the school: the original for a child at
		// risk (unless a safeguarding lead released it), the public copy for both.
		const s = await loadItem(locals.supabase, params.id);
		if (s) {
			const original = screenProposal(originalOf(s), getLocale());
			const inCopy = screenProposal(copy, getLocale());
			if (!s.released && (original.safeguarding.length > 0 || inCopy.safeguarding.length > 0)) {
				return fail(400, { values: formValues(form), errors: {}, formError: 'safeguarding_concern', form: 'approve' });
			}
			if (inCopy.personal_details.length > 0) {
				return fail(400, {
					values: formValues(form),
					errors: {},
					formError: 'public_copy_personal_details',
					form: 'approve',
					remaining: { text: copy, details: inCopy.personal_details }
				});
			}
		}
		const { error: dbError } = await locals.supabase.rpc('approve_submission_with_praise', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_public_title: copy.title,
			p_public_problem: copy.problem,
			p_public_suggestions: copy.suggestions,
			p_public_who_should_act: copy.who_should_act,
			p_praise: parsed.data.praise
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'approve');
		redirect(303, backToQueue(url, s?.class_id ?? null, 'approved'));
	},
	return: async ({ request, locals, params, url }) => {
		const form = await request.formData();
		const parsed = parseForm(returnSchema, form, { name: 'return' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('return_submission', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_comment: parsed.data.comment
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'return');
		redirect(303, backToQueue(url, null, 'returned'));
	},
	reject: async ({ request, locals, params, url }) => {
		const form = await request.formData();
		const parsed = parseForm(rejectSchema, form, { name: 'reject' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('reject_submission', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_reason: parsed.data.reason,
			p_comment: parsed.data.reject_comment
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'reject');
		redirect(303, backToQueue(url, null, 'rejected'));
	},
	escalate: async ({ request, locals, params, url }) => {
		const form = await request.formData();
		const parsed = parseForm(escalateSchema, form, { name: 'escalate' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('escalate_submission', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_reason: parsed.data.concern
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'escalate');
		redirect(303, backToQueue(url, null, 'escalated'));
	}
};
