import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { data, error } = await locals.supabase
		.from('district_inbox')
		.select('id, school_name_zh, school_name_en, class_name, age_band, title, state, approved_at, answered_at')
		.order('approved_at', { ascending: true })
		.limit(500);
	if (error) throw error;
	return {
		waiting: data.filter((s) => s.state === 'approved'),
		answered: data.filter((s) => s.state === 'answered'),
		done: url.searchParams.get('done')
	};
};
