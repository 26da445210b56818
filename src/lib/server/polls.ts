import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { POLL_ARRAYS, pollSchema, replySchema } from '$lib/polls/schema';
import { dbFailure, formValues, formVersion, parseForm } from './forms';
import { loadList } from './list';
import { loadPollPictures, pictureActions } from './poll-pictures';
import { loadSchoolBreakdown } from './poll-schools';
import type { RequestClient } from './supabase';
import type { AppRole, SessionViewer } from './viewer';

/** What poll_results gives a page: the state, the turnout, and counts only when they may be shown. */
export interface PollResults {
	state: 'draft' | 'scheduled' | 'open' | 'closed';
	/** How many have voted (never who or what). */
	voters: number;
	/** null: counts shown; else why not (`not_yet`, `too_few`, `small_cells`). */
	withheld: 'not_yet' | 'too_few' | 'small_cells' | null;
	options: { id: string; position: number; label: string; label_en: string | null; votes: number | null }[];
}

/** One row of poll_breakdown. */
export interface BreakdownRow {
	age_band: string;
	voters: number;
	option_id: string;
	votes: number;
}

/**
 * The results of one poll as the caller may see them (poll_results: the database applies the
 * minimum cell size and the live-or-after-close rule; nothing else reads counts).
 *
 * @returns null when the caller cannot read the poll (PT404)
 */
export async function loadResults(supabase: RequestClient, pollId: string): Promise<PollResults | null> {
	const { data, error: err } = await supabase.rpc('poll_results', { p_poll_id: pollId });
	if (err) {
		if (err.code === 'PT404') return null;
		throw err;
	}
	const rows = (data ?? []) as { state: string; voters: number; withheld: string | null; option_id: string; position: number; label: string; label_en: string | null; votes: number | null }[];
	if (rows.length === 0) return null;
	return {
		state: rows[0]!.state as PollResults['state'],
		voters: Number(rows[0]!.voters),
		withheld: rows[0]!.withheld as PollResults['withheld'],
		options: rows.map((r) => ({ id: r.option_id, position: r.position, label: r.label, label_en: r.label_en, votes: r.votes === null ? null : Number(r.votes) }))
	};
}

/** Votes per age band and option, when every cell reaches the minimum (else empty). */
export async function loadBreakdown(supabase: RequestClient, pollId: string): Promise<BreakdownRow[]> {
	const { data, error: err } = await supabase.rpc('poll_breakdown', { p_poll_id: pollId });
	if (err) {
		if (err.code === 'PT404') return [];
		throw err;
	}
	return ((data ?? []) as BreakdownRow[]).map((r) => ({ ...r, voters: Number(r.voters), votes: Number(r.votes) }));
}

/** The columns of poll_list that pages read. */
export const POLL_COLUMNS =
	'id, scope, class_id, school_id, community_id, district_id, question_zh, question_en, explanation_zh, explanation_en, kind, max_choices, age_bands, opens_at, closes_at, results_live, min_cell_size, state, closed_early_at, reply, replied_at, created_at, mine, voted, version';

export interface PollRow {
	id: string;
	scope: 'class' | 'school' | 'community' | 'district' | 'city';
	class_id: string | null;
	school_id: string | null;
	community_id: string | null;
	district_id: string | null;
	question_zh: string;
	question_en: string | null;
	explanation_zh: string | null;
	explanation_en: string | null;
	kind: 'single' | 'multiple';
	max_choices: number;
	age_bands: string[];
	opens_at: string;
	closes_at: string;
	results_live: boolean;
	min_cell_size: number;
	state: 'draft' | 'scheduled' | 'open' | 'closed';
	closed_early_at: string | null;
	reply: string | null;
	replied_at: string | null;
	created_at: string;
	mine: boolean;
	voted: boolean;
	version: number;
}

/** One poll the caller can read (poll_list), or a 404 page. */
export async function loadPoll(supabase: RequestClient, pollId: string): Promise<PollRow> {
	const { data, error: err } = await supabase.from('poll_list').select(POLL_COLUMNS).eq('id', pollId).maybeSingle();
	if (err) throw err;
	if (!data) error(404, m.error_not_found());
	return data as unknown as PollRow;
}

/** A poll's options in order (the poll must be readable). */
export async function loadOptions(supabase: RequestClient, pollId: string) {
	const { data, error: err } = await supabase.from('poll_options').select('id, position, label, label_en').eq('poll_id', pollId).order('position');
	if (err) throw err;
	return (data ?? []) as { id: string; position: number; label: string; label_en: string | null }[];
}

/** The ledger goals a poll is linked to, with code and titles. */
export async function loadPollGoals(supabase: RequestClient, pollId: string) {
	const { data, error: err } = await supabase.from('poll_goals').select('goal_id').eq('poll_id', pollId);
	if (err) throw err;
	const ids = (data ?? []).map((g) => g.goal_id as string);
	if (ids.length === 0) return [];
	const goals = await supabase.from('ledger_goals').select('id, code, category, title_zh, title_en').in('id', ids).order('code');
	if (goals.error) throw goals.error;
	return (goals.data ?? []).map((g) => ({ ...g, goal_id: g.id as string }));
}

/** An area a creator may choose for a poll: `class:<id>` etc. as the form's value, and its name. */
export interface AreaChoice {
	value: string;
	scope: 'class' | 'school' | 'community' | 'district' | 'city';
	name_zh: string;
	name_en: string;
}

/**
 * The areas the viewer may create polls for (the database checks again): teachers their classes
 * and those classes' schools; staff their districts and the communities in them; admins the city
 * and every district.
 */
export async function areaChoices(supabase: RequestClient, viewer: SessionViewer): Promise<AreaChoice[]> {
	const out: AreaChoice[] = [];
	if (viewer.role === 'teacher') {
		const taught = await supabase.from('class_teachers').select('class_id').eq('teacher_id', viewer.id);
		if (taught.error) throw taught.error;
		const ids = (taught.data ?? []).map((r) => r.class_id as string);
		if (ids.length === 0) return out;
		const classes = await supabase.from('classes').select('id, name, school_id, archived_at').in('id', ids).is('archived_at', null).order('name');
		if (classes.error) throw classes.error;
		for (const c of classes.data ?? []) out.push({ value: `class:${c.id}`, scope: 'class', name_zh: c.name, name_en: c.name });
		const schoolIds = [...new Set((classes.data ?? []).map((c) => c.school_id as string))];
		if (schoolIds.length > 0) {
			const schools = await supabase.from('schools').select('id, name_zh, name_en').in('id', schoolIds).order('name_zh');
			if (schools.error) throw schools.error;
			for (const s of schools.data ?? []) out.push({ value: `school:${s.id}`, scope: 'school', name_zh: s.name_zh, name_en: s.name_en });
		}
	} else if (viewer.role === 'staff' || viewer.role === 'admin') {
		if (viewer.role === 'admin') out.push({ value: 'city', scope: 'city', name_zh: '全市', name_en: 'The whole city' });
		let districtIds: string[] | null = null;
		if (viewer.role === 'staff') {
			const mine = await supabase.from('staff_districts').select('district_id').eq('staff_id', viewer.id);
			if (mine.error) throw mine.error;
			districtIds = (mine.data ?? []).map((r) => r.district_id as string);
			if (districtIds.length === 0) return out;
		}
		let dq = supabase.from('districts').select('id, name_zh, name_en').order('code').limit(200);
		if (districtIds) dq = dq.in('id', districtIds);
		const districts = await dq;
		if (districts.error) throw districts.error;
		for (const d of districts.data ?? []) out.push({ value: `district:${d.id}`, scope: 'district', name_zh: d.name_zh, name_en: d.name_en });
		if (viewer.role === 'staff') {
			const communities = await supabase.from('communities').select('id, name_zh, name_en').in('district_id', districtIds!).order('name_zh').limit(500);
			if (communities.error) throw communities.error;
			for (const c of communities.data ?? []) out.push({ value: `community:${c.id}`, scope: 'community', name_zh: c.name_zh, name_en: c.name_en });
		}
	}
	return out;
}

/** Ledger goals to link, `space` (成长空间友好) first: most polls are about places. */
export async function goalChoices(supabase: RequestClient) {
	const { data, error: err } = await supabase
		.from('ledger_goals')
		.select('id, edition, category, code, title_zh, title_en')
		.order('edition', { ascending: false })
		.order('code')
		.limit(300);
	if (err) throw err;
	const goals = data ?? [];
	return [...goals.filter((g) => g.category === 'space'), ...goals.filter((g) => g.category !== 'space')];
}

/** Where an adult's poll pages live. */
export function pollBase(role: AppRole | null): string {
	return role === 'staff' ? '/staff/polls' : role === 'admin' ? '/admin/polls' : '/teacher/polls';
}

/** An adult's own polls (admins: every poll), newest first, 20 a page. */
export function loadMyPolls(supabase: RequestClient, viewer: SessionViewer, url: URL) {
	const mineOnly = viewer.role !== 'admin';
	return loadList({
		url,
		spec: { filters: ['all'] as const, defaultFilter: 'all' },
		// One person's polls (index polls_created_by_idx): counted exactly, they are few.
		counts: async () => {
			let q = supabase.from('polls').select('id', { count: 'exact', head: true });
			if (mineOnly) q = q.eq('created_by', viewer.id);
			const { count, error: err } = await q;
			if (err) throw err;
			return { all: count ?? 0 };
		},
		rows: (_filter, from, to) => {
			let q = supabase.from('poll_list').select('id, question_zh, question_en, scope, state, opens_at, closes_at');
			if (mineOnly) q = q.eq('mine', true);
			return q.order('created_at', { ascending: false }).order('id').range(from, to);
		}
	});
}

/** The create-poll action for any adult's group: validates, calls create_poll, opens the new poll's page. */
export async function createPollAction(event: RequestEvent, viewer: SessionViewer) {
	const form = await event.request.formData();
	const parsed = parseForm(pollSchema, form, { arrays: POLL_ARRAYS });
	if (parsed.failure) return parsed.failure;
	const d = parsed.data;
	const { data, error: err } = await event.locals.supabase.rpc('create_poll', {
		p_scope: d.scope,
		p_area_id: d.area_id,
		p_question_zh: d.question_zh,
		p_question_en: d.question_en,
		p_explanation_zh: d.explanation_zh,
		p_explanation_en: d.explanation_en,
		p_kind: d.kind,
		p_max_choices: d.max_choices,
		p_options: d.options.map((label) => ({ label })),
		p_age_bands: d.age_bands,
		p_opens_at: d.opens_at,
		p_closes_at: d.closes_at,
		p_results_live: d.results_live,
		p_min_cell_size: d.min_cell_size,
		p_goal_ids: d.goal_ids.length > 0 ? d.goal_ids : null
	});
	if (err) return dbFailure(formValues(form), err);
	redirect(303, localizeHref(`${pollBase(viewer.role)}/${data as string}?done=created`));
}

/** schedule / close early / option pictures / reply on a poll's page, for its creator or an admin. */
export const managePollActions = {
	schedule: async ({ request, locals, params }: RequestEvent) => {
		const form = await request.formData();
		const { error: err } = await locals.supabase.rpc('schedule_poll', { p_poll_id: params.id!, p_version: formVersion(form) });
		if (err) return dbFailure(formValues(form), err, 'schedule');
		return { done: 'scheduled' };
	},
	close: async ({ request, locals, params }: RequestEvent) => {
		const form = await request.formData();
		const { error: err } = await locals.supabase.rpc('close_poll_early', { p_poll_id: params.id!, p_version: formVersion(form) });
		if (err) return dbFailure(formValues(form), err, 'close');
		return { done: 'closed' };
	},
	...pictureActions,
	reply: async ({ request, locals, params }: RequestEvent) => {
		const form = await request.formData();
		const parsed = parseForm(replySchema, form, { name: 'reply' });
		if (parsed.failure) return parsed.failure;
		const { error: err } = await locals.supabase.rpc('write_poll_reply', {
			p_poll_id: params.id!,
			p_version: formVersion(form),
			p_reply: parsed.data.reply
		});
		if (err) return dbFailure(formValues(form), err, 'reply');
		return { done: 'replied' };
	}
};

/** The data of an adult's poll page: the poll, its options and their pictures, results, breakdowns (age band, school) and goals. */
export async function loadManagedPoll(supabase: RequestClient, pollId: string) {
	const poll = await loadPoll(supabase, pollId);
	const [options, results, breakdown, schools, goals, pictures] = await Promise.all([
		loadOptions(supabase, pollId),
		loadResults(supabase, pollId),
		loadBreakdown(supabase, pollId),
		loadSchoolBreakdown(supabase, pollId),
		loadPollGoals(supabase, pollId),
		loadPollPictures(supabase, pollId, true)
	]);
	return { poll, options, results, breakdown, schools, goals, pictures };
}

/**
 * A child's home page polls: the open ones of their area and age band (RLS), soonest closing
 * first, then the five most recently closed (to read results and the reply). A child has few.
 */
export async function loadChildPolls(supabase: RequestClient) {
	const cols = 'id, question_zh, question_en, state, closes_at, closed_early_at, voted, reply';
	const [open, closed] = await Promise.all([
		supabase.from('poll_list').select(cols).eq('state', 'open').order('closes_at').order('id').limit(20),
		supabase.from('poll_list').select(cols).eq('state', 'closed').order('closes_at', { ascending: false }).order('id').limit(5)
	]);
	if (open.error) throw open.error;
	if (closed.error) throw closed.error;
	type Row = { id: string; question_zh: string; question_en: string | null; state: string; closes_at: string; closed_early_at: string | null; voted: boolean; reply: string | null };
	return { open: (open.data ?? []) as Row[], closed: (closed.data ?? []) as Row[] };
}

/**
 * One page (10, `?polls=`) of the public closed city and district polls, each with its results as
 * poll_results allows them and their option pictures: all, of one goal (`goalId`), or of the goals of one ledger category
 * (`{ edition, category }`, public_category_polls).
 */
export async function loadPublicPolls(supabase: RequestClient, url: URL, goalId: string | null | { edition: number; category: string } = null) {
	const size = 10;
	const page = Math.max(1, Math.min(100_000, Number(/^[0-9]{1,6}$/.test(url.searchParams.get('polls') ?? '') ? url.searchParams.get('polls') : 1) || 1));
	const { data, error: err } =
		goalId !== null && typeof goalId === 'object'
			? await supabase.rpc('public_category_polls', { p_edition: goalId.edition, p_category: goalId.category, p_limit: size, p_offset: (page - 1) * size })
			: await supabase.rpc('public_polls', { p_goal_id: goalId, p_limit: size, p_offset: (page - 1) * size });
	if (err) throw err;
	type Row = {
		id: string; scope: string; district_name_zh: string | null; district_name_en: string | null; question_zh: string; question_en: string | null;
		explanation_zh: string | null; explanation_en: string | null; kind: string; max_choices: number; min_cell_size: number; closed_at: string; reply: string | null;
		replied_at: string | null; total: number;
	};
	const rows = (data ?? []) as Row[];
	const withResults = await Promise.all(
		rows.map(async (r) => {
			const [results, schools, pictures] = await Promise.all([
				loadResults(supabase, r.id),
				loadSchoolBreakdown(supabase, r.id),
				loadPollPictures(supabase, r.id, false)
			]);
			return { ...r, results, schools, pictures };
		})
	);
	const total = rows.length > 0 ? Number(rows[0]!.total) : 0;
	return { polls: withResults, page, pageCount: Math.max(1, Math.ceil(total / size)), total };
}
