import { fail } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { loadList, pageRange, parseListQuery, PAGE_SIZE, type FilterCounts, type ListInfo } from '$lib/server/list';
import { screenProposal } from '$lib/server/screening';
import type { RequestClient } from '$lib/server/supabase';
import { latestStages } from '$lib/server/teacher-follow';
import { BULK_MAX, parseBulkItem, parseQuery } from './queue';
import type { Actions, PageServerLoad } from './$types';

const STATES = ['submitted', 'returned', 'approved', 'answered', 'rejected', 'all'] as const;
type Tab = (typeof STATES)[number];

/** A teacher has a handful of classes (a counsellor none); the cap keeps the read bounded. */
const MAX_CLASSES = 100;

/** The most matches a search shows (the database returns no more). */
const SEARCH_MAX = 200;

const CARD_COLUMNS =
	'id, kind, title, state, age_band, author_display_name, student_number, submitted_at, updated_at, version, personal_details, safeguarding, dangerous_now';

export interface QueueClass {
	id: string;
	name: string;
	/** Archived at the end of a school year: read-only. */
	archived: boolean;
	/** Proposals waiting for this teacher's review. */
	waiting: number;
}

/** One card of the queue (class_queue_cards). */
export interface QueueCard {
	id: string;
	kind: string;
	title: string;
	state: string;
	age_band: string;
	author_display_name: string | null;
	student_number: number | null;
	submitted_at: string | null;
	updated_at: string;
	version: number;
	personal_details: boolean;
	safeguarding: boolean;
	dangerous_now: boolean;
}

interface Match {
	id: string;
	state: string;
	kind: string;
	submitted_at: string | null;
	updated_at: string;
}

/** The tab's order: waiting items oldest sent first, the others newest change first; the id breaks ties. */
function tabOrder(filter: Tab) {
	return (a: Match, b: Match): number => {
		const key = filter === 'submitted' ? (r: Match) => r.submitted_at ?? '' : (r: Match) => r.updated_at;
		const byTime = filter === 'submitted' ? key(a).localeCompare(key(b)) : key(b).localeCompare(key(a));
		return byTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
	};
}

/**
 * The class queue: proposals to review first (oldest sent first, so nothing waits forever), then
 * the other states, most recently changed first. Paged; `?state=` picks the tab, `?kind=` a kind
 * of submission (the choices are the database's enum), `?q=` searches titles, and for teachers of
 * several classes `?class=` the class (by default the first active class with items waiting,
 * else the first active one).
 *
 * One class at a time on purpose: `class_id = <one id>` lets Postgres read each tab's page
 * straight from its index in the tab's order (20 rows, whatever the class's size). The tab totals
 * and the picker's waiting counts come from one grouped read of class_queue_kind_counts. A search
 * asks class_queue_search for the class's matches (at most 200: ids, states and times), counts
 * and pages them here, and reads the page's cards.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const taught = await locals.supabase
		.from('class_teachers')
		.select('class_id')
		.eq('teacher_id', locals.viewer!.id)
		.range(0, MAX_CLASSES - 1);
	if (taught.error) throw taught.error;
	const ids = (taught.data ?? []).map((r) => r.class_id as string);
	const [named, grouped, kindsRead] = await Promise.all([
		ids.length
			? locals.supabase.from('classes').select('id, name, archived_at').in('id', ids).order('name').order('id')
			: Promise.resolve({ data: [], error: null }),
		ids.length
			? locals.supabase.from('class_queue_kind_counts').select('class_id, state, kind, submissions').in('class_id', ids)
			: Promise.resolve({ data: [], error: null }),
		locals.supabase.rpc('submission_kinds')
	]);
	if (named.error) throw named.error;
	if (grouped.error) throw grouped.error;
	if (kindsRead.error) throw kindsRead.error;
	const kinds = (kindsRead.data ?? []) as string[];
	const askedKind = url.searchParams.get('kind');
	const kind = askedKind && kinds.includes(askedKind) ? askedKind : null;
	const search = parseQuery(url.searchParams.get('q'));

	const groupedRows = (grouped.data ?? []) as { class_id: string; state: string; kind: string; submissions: number }[];
	const waitingIn = (id: string) =>
		groupedRows.filter((r) => r.class_id === id && r.state === 'submitted').reduce((n, r) => n + r.submissions, 0);
	const classes: QueueClass[] = (named.data ?? [])
		.map((c) => ({ id: c.id as string, name: c.name as string, archived: c.archived_at !== null, waiting: waitingIn(c.id) }))
		// Active classes first (archived ones are read-only history), in name order.
		.sort((a, b) => Number(a.archived) - Number(b.archived));
	const asked = url.searchParams.get('class');
	const current =
		classes.find((c) => c.id === asked) ??
		classes.find((c) => !c.archived && c.waiting > 0) ??
		classes.find((c) => !c.archived) ??
		classes[0] ??
		null;
	const spec = { filters: STATES, defaultFilter: 'submitted' as const };
	const base = { classes, class: current, kinds, kind, query: search.query, queryError: search.error ?? null, done: url.searchParams.get('done') };

	if (!current) {
		const empty = await loadList({ url, spec, counts: async () => ({}), rows: async () => ({ data: [], error: null }) });
		return { ...base, rows: [] as QueueCard[], list: empty.list, searching: false, stages: {} as Record<string, string> };
	}

	if (search.query && !search.error) {
		const found = await locals.supabase.rpc('class_queue_search', { p_class_id: current.id, p_query: search.query, p_kind: kind });
		if (found.error) throw found.error;
		const matches = ((found.data ?? []) as Match[]).slice(0, SEARCH_MAX);
		const query = parseListQuery(url, spec);
		const counts = STATES.map((value) => ({
			value,
			count: value === 'all' ? matches.length : matches.filter((r) => r.state === value).length
		}));
		const inTab = matches.filter((r) => query.filter === 'all' || r.state === query.filter).sort(tabOrder(query.filter));
		const range = pageRange(query.page, inTab.length);
		const pageIds = inTab.slice(range.from, range.to + 1).map((r) => r.id);
		let rows: QueueCard[] = [];
		if (pageIds.length) {
			const cards = await locals.supabase.from('class_queue_cards').select(CARD_COLUMNS).in('id', pageIds);
			if (cards.error) throw cards.error;
			const byId = new Map(((cards.data ?? []) as QueueCard[]).map((c) => [c.id, c]));
			rows = pageIds.map((id) => byId.get(id)).filter((c): c is QueueCard => c !== undefined);
		}
		const list: ListInfo<Tab> = {
			filter: query.filter,
			param: 'state',
			page: range.page,
			pageCount: range.pageCount,
			pageSize: PAGE_SIZE,
			total: inTab.length,
			counts
		};
		return { ...base, rows, list, searching: true, stages: await answeredStages(locals.supabase, rows) };
	}

	const { rows, list } = await loadList({
		url,
		spec,
		counts: async () => {
			const counts: FilterCounts<Tab> = { all: 0 };
			for (const r of groupedRows) {
				if (r.class_id !== current.id || (kind && r.kind !== kind)) continue;
				const state = r.state as Tab;
				counts[state] = (counts[state] ?? 0) + r.submissions;
				counts.all = (counts.all ?? 0) + r.submissions;
			}
			return counts;
		},
		rows: (filter, from, to) => {
			let q = locals.supabase.from('class_queue_cards').select(CARD_COLUMNS).eq('class_id', current.id);
			if (filter !== 'all') q = q.eq('state', filter);
			if (kind) q = q.eq('kind', kind);
			return (filter === 'submitted' ? q.order('submitted_at', { ascending: true }) : q.order('updated_at', { ascending: false }))
				.order('id')
				.range(from, to);
		}
	});
	return { ...base, rows: rows as QueueCard[], list, searching: false, stages: await answeredStages(locals.supabase, rows as QueueCard[]) };
};

/** The latest progress stage of the page's answered cards (shown with their state), by id. */
function answeredStages(supabase: RequestClient, rows: QueueCard[]): Promise<Record<string, string>> {
	return latestStages(
		supabase,
		rows.filter((r) => r.state === 'answered').map((r) => r.id)
	);
}

export type BulkOutcome = 'approved' | 'changed' | 'flagged' | 'needs_review' | 'not_allowed';

export const actions: Actions = {
	/**
	 * Approve the chosen clean items at once (form field `item`, repeated: `<id>:<version shown>`).
	 * Every item is screened again with today's rules (a flagged one is left for its own review),
	 * then bulk_approve checks each against its version; the page lists what happened to each.
	 */
	bulkApprove: async ({ request, locals }) => {
		const form = await request.formData();
		const raw = form.getAll('item').filter((v): v is string => typeof v === 'string');
		if (raw.length === 0) return fail(400, { bulkError: 'none' as const });
		if (raw.length > BULK_MAX) return fail(400, { bulkError: 'too_many' as const });
		const items = [...new Map(raw.map(parseBulkItem).filter((i) => i !== null).map((i) => [i.id, i])).values()];
		if (items.length === 0) return fail(400, { bulkError: 'none' as const });
		const read = await locals.supabase
			.from('class_queue')
			.select('id, title, problem, suggestions, who_should_act')
			.in('id', items.map((i) => i.id));
		if (read.error) throw read.error;
		const texts = new Map((read.data ?? []).map((r) => [r.id as string, r]));
		const outcomes = new Map<string, BulkOutcome>();
		const toApprove: { id: string; version: number }[] = [];
		for (const item of items) {
			const t = texts.get(item.id);
			if (!t) {
				outcomes.set(item.id, 'not_allowed');
				continue;
			}
			const found = screenProposal(
				{ title: t.title, problem: t.problem, suggestions: t.suggestions ?? '', who_should_act: t.who_should_act ?? '' },
				getLocale()
			);
			if (found.personal_details.length > 0 || found.safeguarding.length > 0) outcomes.set(item.id, 'flagged');
			else toApprove.push(item);
		}
		if (toApprove.length) {
			const done = await locals.supabase.rpc('bulk_approve', { p_items: toApprove });
			if (done.error) throw done.error;
			for (const r of (done.data ?? []) as { submission_id: string; outcome: BulkOutcome }[]) outcomes.set(r.submission_id, r.outcome);
		}
		return {
			bulk: items.map((i) => ({ id: i.id, title: (texts.get(i.id)?.title as string | undefined) ?? null, outcome: outcomes.get(i.id) ?? 'not_allowed' }))
		};
	}
};
