import type { PageServerLoad } from './$types';

/**
 * The home page. Signed in as a child, it shows their own things instead of the sign-in button:
 * how many proposals they sent and how many drafts wait (RLS: their own rows only).
 */
// Children start here: no SvelteKit client (issue 9 §6); the page needs no script at all.
export const csr = false;

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.viewer?.role !== 'student') return { mine: null };
	const [counts, drafts, viewer] = await Promise.all([
		locals.supabase.from('my_submission_counts').select('submissions'),
		locals.supabase.from('drafts').select('id', { count: 'exact', head: true }),
		locals.viewerProfile()
	]);
	const sent = (counts.data ?? []).reduce((sum, row: { submissions: number }) => sum + Number(row.submissions), 0);
	return { mine: { name: viewer?.displayName ?? '', sent, drafts: drafts.count ?? 0 } };
};
