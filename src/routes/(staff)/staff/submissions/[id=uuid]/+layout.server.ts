import type { LayoutServerLoad } from './$types';

/** How many children co-signed this item (a number only: who co-signed never leaves the school). */
export const load: LayoutServerLoad = async ({ locals, params }) => {
	const { data } = await locals.supabase.from('cosign_counts').select('cosigners').eq('submission_id', params.id).maybeSingle();
	return { cosigners: Number(data?.cosigners ?? 0) };
};
