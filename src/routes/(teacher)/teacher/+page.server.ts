import { loadList, tally, type FilterCounts } from '$lib/server/list';
import type { PageServerLoad } from './$types';

const STATES = ['submitted', 'returned', 'approved', 'answered', 'rejected', 'all'] as const;

/** A teacher has a handful of classes (a counsellor none); the cap keeps the read bounded. */
const MAX_CLASSES = 100;

export interface QueueClass {
	id: string;
	name: string;
	/** Archived at the end of a school year: read-only. */
	archived: boolean;
	/** Proposals waiting for this teacher's review. */
	waiting: number;
}

/**
 * The class queue: proposals to review first (oldest sent first, so nothing waits forever), then
 * the other states, most recently changed first. Paged; `?state=` picks the tab and, for teachers
 * of several classes, `?class=` the class (by default the first active class with proposals
 * waiting, else the first active one).
 *
 * One class at a time on purpose: `class_id = <one id>` lets Postgres read each tab's page
 * straight from its index in the tab's order (20 rows, whatever the class's size). The tab totals
 * and the picker's waiting counts come from one grouped read of class_queue_counts.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const taught = await locals.supabase
		.from('class_teachers')
		.select('class_id')
		.eq('teacher_id', locals.viewer!.id)
		.range(0, MAX_CLASSES - 1);
	if (taught.error) throw taught.error;
	const ids = (taught.data ?? []).map((r) => r.class_id as string);
	const [named, grouped] = ids.length
		? await Promise.all([
				locals.supabase.from('classes').select('id, name, archived_at').in('id', ids).order('name').order('id'),
				locals.supabase.from('class_queue_counts').select('class_id, state, submissions').in('class_id', ids)
			])
		: [{ data: [], error: null }, { data: [], error: null }];
	if (named.error) throw named.error;
	if (grouped.error) throw grouped.error;
	const perClass = new Map<string, { state: string; submissions: number }[]>();
	for (const row of grouped.data ?? []) {
		const list = perClass.get(row.class_id) ?? [];
		list.push({ state: row.state, submissions: row.submissions });
		perClass.set(row.class_id, list);
	}
	const waitingIn = (id: string) => perClass.get(id)?.find((r) => r.state === 'submitted')?.submissions ?? 0;
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
	const { rows, list } = current
		? await loadList({
				url,
				spec,
				counts: async () =>
					tally({ data: perClass.get(current.id) ?? [], error: null }, 'state', 'submissions') as FilterCounts<(typeof STATES)[number]>,
				rows: (filter, from, to) => {
					const q = locals.supabase
						.from('class_queue')
						.select('id, author_display_name, title, state, submitted_at, updated_at')
						.eq('class_id', current.id);
					const filtered = filter === 'all' ? q : q.eq('state', filter);
					return (filter === 'submitted' ? filtered.order('submitted_at', { ascending: true }) : filtered.order('updated_at', { ascending: false }))
						.order('id')
						.range(from, to);
				}
			})
		: await loadList({ url, spec, counts: async () => ({}), rows: async () => ({ data: [], error: null }) });
	// Street reports the child called dangerous now are marked in the list (at most one page of ids).
	const urgent = rows.length
		? await locals.supabase.from('street_reports').select('submission_id').in('submission_id', rows.map((r) => r.id)).eq('urgency', 'urgent')
		: { data: [], error: null };
	if (urgent.error) throw urgent.error;
	return { rows, list, classes, class: current, done: url.searchParams.get('done'), urgent: (urgent.data ?? []).map((r) => r.submission_id as string) };
};
