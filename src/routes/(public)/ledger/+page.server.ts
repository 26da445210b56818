import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const requested = Number(url.searchParams.get('edition'));
	const editions = await locals.supabase.from('ledger_editions').select('year, title_zh, title_en').order('year', { ascending: false });
	if (editions.error) throw editions.error;
	const edition = Number.isInteger(requested) && requested > 0 ? editions.data.find((e) => e.year === requested) : editions.data[0];
	if (!edition) error(404, m.error_not_found());
	const [summary, goals, answers] = await Promise.all([
		locals.supabase.from('ledger_category_summary').select('category, declared_count, known_count').eq('edition', edition.year),
		locals.supabase.from('ledger_goals').select('id, category, code, title_zh, title_en').eq('edition', edition.year).order('code'),
		locals.supabase
			.from('public_goal_answers')
			.select('goal_id, submission_id, title, decision, reply, district_name_zh, district_name_en, answered_at')
			.eq('edition', edition.year)
			.order('answered_at', { ascending: false })
	]);
	for (const r of [summary, goals, answers]) if (r.error) throw r.error;
	return {
		edition,
		editions: editions.data,
		summary: summary.data ?? [],
		goals: goals.data ?? [],
		answers: answers.data ?? []
	};
};
