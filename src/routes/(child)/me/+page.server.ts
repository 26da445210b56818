import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { childStanding } from '$lib/server/consent';
import { draftHrefs, draftLabel, myDrafts } from '$lib/server/drafts';
import { dbFailure } from '$lib/server/forms';
import { loadList, tally } from '$lib/server/list';
import { loadChildPolls } from '$lib/server/polls';
import { schoolTeaser } from '$lib/server/school-proposals';
import type { Actions, PageServerLoad } from './$types';

const STATES = ['all', 'submitted', 'returned', 'approved', 'answered', 'rejected', 'withdrawn'] as const;

/** The open polls the child can vote in, then the child's own proposals, most recently changed first; paged, `?state=` picks the tab. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const [standing, polls, drafts, school, list] = await Promise.all([
		childStanding(locals.supabase),
		loadChildPolls(locals.supabase),
		myDrafts(locals.supabase),
		// Proposals of the child's school to co-sign (issue 9 §4).
		schoolTeaser(locals.supabase),
		loadList({
			url,
			spec: { filters: STATES, defaultFilter: 'all' },
			counts: async () => tally(await locals.supabase.from('my_submission_counts').select('state, submissions'), 'state', 'submissions'),
			rows: (filter, from, to) => {
				const q = locals.supabase.from('my_submissions').select('id, kind, title, state, submitted_at, updated_at');
				return (filter === 'all' ? q : q.eq('state', filter)).order('updated_at', { ascending: false }).order('id').range(from, to);
			}
		})
	]);
	const hrefs = await draftHrefs(locals.supabase, drafts);
	return {
		...list,
		standing,
		polls,
		school,
		// The child's unsent forms (issue 9 §4), each with where to carry on writing it.
		drafts: drafts.map((d, i) => ({
			id: d.id,
			version: d.version,
			label: draftLabel(d),
			kind: d.kind,
			updated_at: d.updated_at,
			href: localizeHref(hrefs[i]!)
		})),
		draftDeleted: url.searchParams.get('done') === 'draft_deleted'
	};
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const actions: Actions = {
	/** Delete one of the child's drafts, at the version the list showed. */
	delete_draft: async ({ request, locals }) => {
		const form = await request.formData();
		const id = form.get('id');
		const version = form.get('version');
		if (typeof id !== 'string' || !UUID.test(id) || typeof version !== 'string' || !/^[1-9][0-9]{0,8}$/.test(version)) {
			return fail(400, { values: {}, errors: {}, formError: 'not_found' });
		}
		const { error } = await locals.supabase.rpc('delete_draft', { p_id: id, p_version: Number(version) });
		if (error) return dbFailure({}, error.message === 'stale_version' ? { message: 'draft_changed' } : error);
		redirect(303, localizeHref('/me?done=draft_deleted'));
	}
};
