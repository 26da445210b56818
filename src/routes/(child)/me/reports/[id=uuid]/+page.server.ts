import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { loadReportFacts } from '$lib/server/street-reports';
import type { PageServerLoad } from './$types';

/** The child's own street report: what they sent, where it is, the answer when there is one. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const [report, facts, goals] = await Promise.all([
		locals.supabase.from('my_submissions').select('*').eq('id', params.id).eq('kind', 'street_report').maybeSingle(),
		loadReportFacts(locals.supabase, params.id),
		locals.supabase
			.from('submission_answer_goals')
			.select('goal_id, code, category, title_zh, title_en')
			.eq('submission_id', params.id)
			.order('code')
	]);
	if (report.error) throw report.error;
	if (!report.data || !facts) error(404, m.error_not_found());
	return { report: report.data, facts, goals: goals.data ?? [], done: url.searchParams.get('done') };
};
