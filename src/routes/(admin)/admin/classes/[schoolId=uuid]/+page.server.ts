import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { currentSchoolYear } from '$lib/i18n/labels';
import { dbFailure, formValues, parseForm } from '$lib/server/forms';
import { createClassSchema } from '../../../../(teacher)/teacher/classes/schema';
import type { Actions, PageServerLoad } from './$types';

export interface AdminClass {
	id: string;
	name: string;
	code: string;
	grade: number;
	age_band: string;
	school_year: number;
	archived_at: string | null;
	children: number;
	teachers: number;
}

/** A school's classes for admins (active first) with children and teachers, and a form to set up a class. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const school = await locals.supabase.from('schools').select('id, name_zh, name_en').eq('id', params.schoolId).maybeSingle();
	if (school.error) throw school.error;
	if (!school.data) error(404, m.error_not_found());
	const classes = await locals.supabase.rpc('admin_school_classes', { p_school_id: params.schoolId });
	if (classes.error) throw classes.error;
	const year = currentSchoolYear();
	return {
		school: school.data as { id: string; name_zh: string; name_en: string },
		classes: (classes.data ?? []) as AdminClass[],
		years: [year, year + 1],
		done: url.searchParams.get('done') === 'created' ? ('created' as const) : null
	};
};

export const actions: Actions = {
	/** Set up a class for this school (create_class admits admins; the admin does not teach it). */
	create: async ({ request, locals, params }) => {
		const form = await request.formData();
		form.set('school_id', params.schoolId);
		const parsed = parseForm(createClassSchema, form, { name: 'create' });
		if (parsed.failure) return parsed.failure;
		const { data, error: dbError } = await locals.supabase
			.rpc('create_class', {
				p_school_id: params.schoolId,
				p_name: parsed.data.name,
				p_grade: parsed.data.grade,
				p_school_year: parsed.data.school_year
			})
			.single();
		if (dbError) return dbFailure(formValues(form), dbError, 'create');
		const made = data as { id: string };
		redirect(303, localizeHref(`/admin/classes/${params.schoolId}/${made.id}?done=created`));
	}
};
