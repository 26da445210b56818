import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues, parseForm } from '$lib/server/forms';
import { placeSchema } from './schema';
import type { Actions, PageServerLoad } from './$types';

/** A district has dozens of places near its schools; the cap keeps the page bounded. */
const MAX_PLACES = 500;

/**
 * The neighbourhood places of one of the staff member's districts (`?district=`, the first by
 * default), with its communities for the picker. A simple list; every place has its own form.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const mine = await locals.supabase.from('staff_districts').select('district_id').range(0, 99);
	if (mine.error) throw mine.error;
	const ids = (mine.data ?? []).map((r) => r.district_id as string);
	const names = ids.length ? await locals.supabase.from('districts').select('id, name_zh, name_en').in('id', ids).order('code') : { data: [], error: null };
	if (names.error) throw names.error;
	const districts = names.data ?? [];
	const district = districts.find((d) => d.id === url.searchParams.get('district')) ?? districts[0] ?? null;
	if (!district) return { districts, district: null, places: [], communities: [], saved: false };
	const [places, communities] = await Promise.all([
		locals.supabase
			.from('neighbourhood_places')
			.select('id, kind, name_zh, name_en, community_id, retired_at, version')
			.eq('district_id', district.id)
			.order('name_zh')
			.range(0, MAX_PLACES - 1),
		locals.supabase.from('communities').select('id, name_zh, name_en').eq('district_id', district.id).order('name_zh').range(0, 499)
	]);
	if (places.error) throw places.error;
	if (communities.error) throw communities.error;
	return { districts, district, places: places.data ?? [], communities: communities.data ?? [], saved: url.searchParams.get('done') === 'saved' };
};

const back = (url: URL) => localizeHref(`/staff/places?district=${encodeURIComponent(url.searchParams.get('district') ?? '')}&done=saved`);

export const actions: Actions = {
	add: async ({ request, locals, url }) => {
		const form = await request.formData();
		const parsed = parseForm(placeSchema, form, { name: 'add' });
		if (parsed.failure) return parsed.failure;
		const p = parsed.data;
		const { error } = await locals.supabase.rpc('create_neighbourhood_place', {
			p_district_id: form.get('district_id'),
			p_kind: p.kind,
			p_name_zh: p.name_zh,
			p_name_en: p.name_en,
			p_community_id: p.community_id
		});
		if (error) return dbFailure(formValues(form), error, 'add');
		redirect(303, back(url));
	}
};
