import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues, parseForm } from '$lib/server/forms';
import { leadSchema } from './schema';
import type { Actions, PageServerLoad } from './$types';

const uuid = z.uuid().catch('');
/** A name to search for: trimmed, at most 50 characters, PostgREST's pattern characters taken literally. */
const search = z
	.string()
	.trim()
	.max(50)
	.catch('')
	.transform((q) => q.replace(/[%_\\]/g, (c) => `\\${c}`));

/**
 * An admin designates safeguarding leads: pick a district, then a school; its leads are listed
 * with a remove button; teacher accounts (class teachers and counsellors, role teacher) are found
 * by name to designate. Every list is bounded; the database checks every action again.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const districtId = uuid.parse(url.searchParams.get('district') ?? '');
	const schoolId = uuid.parse(url.searchParams.get('school') ?? '');
	const q = search.parse(url.searchParams.get('q') ?? '');
	const districts = await locals.supabase.from('districts').select('id, name_zh, name_en').order('code').limit(200);
	if (districts.error) throw districts.error;
	const school = schoolId
		? await locals.supabase.from('schools').select('id, district_id, name_zh, name_en').eq('id', schoolId).maybeSingle()
		: null;
	if (school?.error) throw school.error;
	const district = districtId || school?.data?.district_id || '';
	const schools = district
		? await locals.supabase.from('schools').select('id, name_zh, name_en').eq('district_id', district).order('name_zh').limit(500)
		: null;
	if (schools?.error) throw schools.error;

	let leads: { lead_id: string; display_name: string; created_at: string }[] = [];
	let found: { id: string; display_name: string }[] = [];
	if (school?.data) {
		const rows = await locals.supabase.from('school_safeguarding_leads').select('lead_id, created_at').eq('school_id', school.data.id).order('created_at').limit(100);
		if (rows.error) throw rows.error;
		const ids = rows.data.map((r) => r.lead_id as string);
		const names = ids.length ? await locals.supabase.from('profiles').select('id, display_name').in('id', ids) : { data: [], error: null };
		if (names.error) throw names.error;
		const nameOf = new Map((names.data ?? []).map((p) => [p.id as string, p.display_name as string]));
		leads = rows.data.map((r) => ({ lead_id: r.lead_id as string, created_at: r.created_at as string, display_name: nameOf.get(r.lead_id as string) ?? '' }));
		if (q) {
			const teachers = await locals.supabase
				.from('profiles')
				.select('id, display_name')
				.eq('role', 'teacher')
				.ilike('display_name', `%${q}%`)
				.order('display_name')
				.limit(20);
			if (teachers.error) throw teachers.error;
			found = (teachers.data ?? []).filter((t) => !ids.includes(t.id as string)) as typeof found;
		}
	}
	return {
		districts: districts.data,
		district,
		schools: schools?.data ?? [],
		school: school?.data ?? null,
		leads,
		q: url.searchParams.get('q')?.trim().slice(0, 50) ?? '',
		found,
		done: url.searchParams.get('done')
	};
};

/** Back to the school's page, with what was done. */
const back = (schoolId: string, done: string) => localizeHref(`/admin/safeguarding?school=${schoolId}&done=${done}`);

export const actions: Actions = {
	designate: async ({ request, locals }) => {
		const form = await request.formData();
		const parsed = parseForm(leadSchema, form, { name: 'designate' });
		if (parsed.failure) return parsed.failure;
		const { error } = await locals.supabase.rpc('designate_safeguarding_lead', { p_school_id: parsed.data.school_id, p_lead_id: parsed.data.lead_id });
		if (error) return dbFailure(formValues(form), error, 'designate');
		redirect(303, back(parsed.data.school_id, 'designated'));
	},
	remove: async ({ request, locals }) => {
		const form = await request.formData();
		const parsed = parseForm(leadSchema, form, { name: 'remove' });
		if (parsed.failure) return parsed.failure;
		const { error } = await locals.supabase.rpc('remove_safeguarding_lead', { p_school_id: parsed.data.school_id, p_lead_id: parsed.data.lead_id });
		if (error) return dbFailure(formValues(form), error, 'remove');
		redirect(303, back(parsed.data.school_id, 'removed'));
	}
};
