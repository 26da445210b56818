import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { data, error } = await locals.supabase
		.from('my_submissions')
		.select('id, title, state, submitted_at, updated_at')
		.order('updated_at', { ascending: false })
		.limit(200);
	if (error) throw error;
	return { proposals: data };
};
