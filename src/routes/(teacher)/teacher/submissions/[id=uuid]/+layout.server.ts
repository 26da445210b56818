import type { LayoutServerLoad } from './$types';

/**
 * Who co-signed this item (issue 9 §4): for the teachers of its school only (the database says
 * not_allowed / not_found to anyone else, and then nothing is shown). A layout of its own, so the
 * review page's load stays as it is.
 */
export const load: LayoutServerLoad = async ({ locals, params }) => {
	const { data, error } = await locals.supabase.rpc('submission_cosigners', { p_submission_id: params.id });
	if (error) return { cosigners: null };
	return {
		cosigners: (data ?? []) as { display_name: string; class_name: string | null; student_number: number | null; cosigned_at: string }[]
	};
};
