import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { data, error } = await locals.supabase
		.from('class_queue')
		.select('id, class_name, author_display_name, title, state, submitted_at, updated_at')
		.order('updated_at', { ascending: false })
		.limit(500);
	if (error) throw error;
	return {
		pending: data.filter((s) => s.state === 'submitted'),
		others: data.filter((s) => s.state !== 'submitted'),
		done: url.searchParams.get('done')
	};
};
