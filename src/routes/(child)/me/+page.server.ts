import { childStanding } from '$lib/server/consent';
import { loadList, tally } from '$lib/server/list';
import { loadChildPolls } from '$lib/server/polls';
import { schoolTeaser } from '$lib/server/school-proposals';
import type { PageServerLoad } from './$types';

const STATES = ['all', 'submitted', 'returned', 'approved', 'answered', 'rejected', 'withdrawn'] as const;

/** The open polls the child can vote in, then the child's own proposals, most recently changed first; paged, `?state=` picks the tab. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const [standing, polls, school, list] = await Promise.all([
		childStanding(locals.supabase),
		loadChildPolls(locals.supabase),
		// Proposals of the child's school to co-sign (issue 9 §4).
		schoolTeaser(locals.supabase),
		loadList({
			url,
			spec: { filters: STATES, defaultFilter: 'all' },
			counts: async () => tally(await locals.supabase.from('my_submission_counts').select('state, submissions'), 'state', 'submissions'),
			rows: (filter, from, to) => {
				const q = locals.supabase.from('my_submissions').select('id, title, state, submitted_at, updated_at');
				return (filter === 'all' ? q : q.eq('state', filter)).order('updated_at', { ascending: false }).order('id').range(from, to);
			}
		})
	]);
	return { ...list, standing, polls, school };
};
