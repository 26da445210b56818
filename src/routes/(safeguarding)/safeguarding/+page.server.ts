import { loadList, tally } from '$lib/server/list';
import type { PageServerLoad } from './$types';

const STATUSES = ['open', 'closed'] as const;
type Status = (typeof STATUSES)[number];

export interface QueueRow {
	id: string;
	school_name_zh: string;
	school_name_en: string;
	class_name: string;
	age_band: string;
	escalated_at: string;
	escalated_by: string | null;
	safeguarding_types: string[];
	flagged_wording: string[];
	status: Status;
	last_action: string | null;
	last_action_at: string | null;
	version: number;
	total: number;
}

/**
 * A safeguarding lead's private queue: open cases oldest escalation first, closed ones latest
 * action first; paged. Read through safeguarding_queue(), which logs every item shown.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { rows, list } = await loadList<Status, QueueRow>({
		url,
		spec: { filters: STATUSES, defaultFilter: 'open' },
		counts: async () => tally(await locals.supabase.rpc('safeguarding_counts'), 'status', 'total'),
		rows: async (status, from, to) => {
			const r = await locals.supabase.rpc('safeguarding_queue', { p_status: status, p_limit: to - from + 1, p_offset: from });
			return { data: (r.data ?? []) as QueueRow[], error: r.error };
		}
	});
	return { rows, list, done: url.searchParams.get('done') };
};
