import type { RequestClient } from './supabase';

/**
 * A poll's results by school (poll_school_breakdown): the schools the database lets show, or why
 * the whole breakdown is withheld (`results_withheld`, `small_schools`, `complementary`).
 */
export interface SchoolBreakdown {
	withheld: 'results_withheld' | 'small_schools' | 'complementary' | null;
	schools: { id: string; name_zh: string; name_en: string; voters: number; votes: Record<string, number> }[];
}

interface Row {
	withheld: SchoolBreakdown['withheld'];
	school_id: string | null;
	school_name_zh: string | null;
	school_name_en: string | null;
	voters: number | null;
	option_id: string | null;
	votes: number | null;
}

/**
 * The breakdown by school of a community, district or city poll whose results are shown.
 *
 * @returns null when there is none to show or withhold (a class or school poll, results not shown
 *   yet, or the caller cannot read the poll)
 */
export async function loadSchoolBreakdown(supabase: RequestClient, pollId: string): Promise<SchoolBreakdown | null> {
	const { data, error: err } = await supabase.rpc('poll_school_breakdown', { p_poll_id: pollId });
	if (err) {
		if (err.code === 'PT404') return null;
		throw err;
	}
	const rows = (data ?? []) as Row[];
	if (rows.length === 0) return null;
	if (rows[0]!.withheld) return { withheld: rows[0]!.withheld, schools: [] };
	const schools = new Map<string, SchoolBreakdown['schools'][number]>();
	for (const r of rows) {
		let s = schools.get(r.school_id!);
		if (!s) {
			s = { id: r.school_id!, name_zh: r.school_name_zh ?? '', name_en: r.school_name_en ?? '', voters: Number(r.voters), votes: {} };
			schools.set(s.id, s);
		}
		s.votes[r.option_id!] = Number(r.votes);
	}
	return { withheld: null, schools: [...schools.values()] };
}
