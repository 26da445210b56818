import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues, formVersion, parseForm } from '$lib/server/forms';
import { placeSchema } from '../schema';
import type { Actions, PageServerLoad } from './$types';

/** One neighbourhood place to change (staff of its district; the database checks). */
export const load: PageServerLoad = async ({ locals, params }) => {
	const place = await locals.supabase
		.from('neighbourhood_places')
		.select('id, district_id, kind, name_zh, name_en, community_id, retired_at, version')
		.eq('id', params.id)
		.maybeSingle();
	if (place.error) throw place.error;
	if (!place.data) error(404, m.error_not_found());
	const communities = await locals.supabase
		.from('communities')
		.select('id, name_zh, name_en')
		.eq('district_id', place.data.district_id)
		.order('name_zh')
		.range(0, 499);
	if (communities.error) throw communities.error;
	return { place: place.data, communities: communities.data ?? [] };
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(placeSchema, form);
		if (parsed.failure) return parsed.failure;
		const p = parsed.data;
		const { error: dbError } = await locals.supabase.rpc('update_neighbourhood_place', {
			p_place_id: params.id,
			p_version: formVersion(form),
			p_kind: p.kind,
			p_name_zh: p.name_zh,
			p_name_en: p.name_en,
			p_community_id: p.community_id,
			p_retired: p.retired
		});
		if (dbError) return dbFailure(formValues(form), dbError);
		redirect(303, localizeHref(`/staff/places?district=${form.get('district_id')}&done=saved`));
	}
};
