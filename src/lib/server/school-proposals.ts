import type { RequestClient } from './supabase';
import { loadList } from './list';

/** A forwarded proposal of the child's school as `school_proposals` returns it (the public copy). */
export interface SchoolProposal {
	id: string;
	kind: string;
	title: string;
	problem: string;
	suggestions: string | null;
	who_should_act: string | null;
	state: string;
	forwarded_at: string;
	decision: string | null;
	reply: string | null;
	answered_at: string | null;
	cosigners: number;
	cosigned: boolean;
	mine: boolean;
	version: number;
	total: number;
}

/**
 * One page of the forwarded proposals of the signed-in child's school (what they can co-sign),
 * newest forwarded first; `?page=`. The total comes with the rows (the rpc's `total`), so the list
 * is read once: the count is of one school's forwarded items, hundreds at most.
 */
export async function loadSchoolProposals(supabase: RequestClient, url: URL, pageSize?: number) {
	// The first read gives the total; the page asked for is read with it when it is page 1.
	let first: { data: SchoolProposal[] | null; error: { code?: string; message: string } | null } | null = null;
	return loadList<'all', SchoolProposal>({
		url,
		spec: { filters: ['all'], defaultFilter: 'all', param: 'school' },
		pageSize,
		counts: async () => {
			first = (await supabase.rpc('school_proposals', { p_limit: pageSize ?? 20, p_offset: 0 })) as typeof first;
			if (first!.error) throw first!.error;
			return { all: Number(first!.data?.[0]?.total ?? 0) };
		},
		rows: async (_filter, from, to) => {
			if (from === 0 && first) return first;
			return (await supabase.rpc('school_proposals', { p_limit: to - from + 1, p_offset: from })) as {
				data: SchoolProposal[] | null;
				error: { code?: string; message: string } | null;
			};
		}
	});
}

/** One forwarded proposal of the child's school, or null when it is not one (another school's, not forwarded, unknown). */
export async function loadSchoolProposal(supabase: RequestClient, id: string): Promise<SchoolProposal | null> {
	const { data, error } = await supabase.rpc('school_proposals', { p_limit: 1, p_offset: 0, p_submission_id: id });
	if (error) throw error;
	return ((data as SchoolProposal[] | null) ?? [])[0] ?? null;
}

/**
 * The newest few forwarded proposals of the child's school that are not their own (their own are
 * in their list just above), and how many the school has, for /me.
 */
export async function schoolTeaser(supabase: RequestClient, count = 3): Promise<{ rows: SchoolProposal[]; total: number }> {
	const { data, error } = await supabase.rpc('school_proposals', { p_limit: count + 5, p_offset: 0 });
	if (error) throw error;
	const all = (data as SchoolProposal[] | null) ?? [];
	return { rows: all.filter((p) => !p.mine).slice(0, count), total: Number(all[0]?.total ?? 0) };
}
