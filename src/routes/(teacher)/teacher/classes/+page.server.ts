import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { currentSchoolYear } from '$lib/i18n/labels';
import { dbFailure, formValues, parseForm } from '$lib/server/forms';
import { createClassSchema } from './schema';
import type { Actions, PageServerLoad } from './$types';

export interface ClassRow {
	id: string;
	name: string;
	code: string;
	grade: number;
	age_band: string;
	school_year: number;
	archived_at: string | null;
}

/** The classes the teacher teaches (RLS), newest school year first, with how many children each has. */
export const load: PageServerLoad = async ({ locals }) => {
	const viewer = locals.viewer!;
	const year = currentSchoolYear();
	const taught = await taughtClassIds(locals);
	const [classes, schools] = await Promise.all([
		locals.supabase
			.from('classes')
			.select('id, name, code, grade, age_band, school_year, archived_at')
			.in('id', taught)
			.order('school_year', { ascending: false })
			.order('name')
			.order('id'),
		locals.supabase.from('school_teachers').select('school_id').eq('teacher_id', viewer.id)
	]);
	if (classes.error) throw classes.error;
	if (schools.error) throw schools.error;
	const schoolIds = schools.data.map((s) => s.school_id as string);
	const names = schoolIds.length
		? await locals.supabase.from('schools').select('id, name_zh, name_en').in('id', schoolIds).order('name_zh')
		: { data: [], error: null };
	if (names.error) throw names.error;
	const rows = classes.data as ClassRow[];
	const counts = rows.length
		? await locals.supabase.from('class_students').select('class_id').in('class_id', rows.map((c) => c.id))
		: { data: [], error: null };
	if (counts.error) throw counts.error;
	const children = new Map<string, number>();
	for (const r of counts.data) children.set(r.class_id as string, (children.get(r.class_id as string) ?? 0) + 1);
	return {
		classes: rows.map((c) => ({ ...c, children: children.get(c.id) ?? 0 })),
		schools: names.data as { id: string; name_zh: string; name_en: string }[],
		years: [year, year + 1]
	};
};

/** The classes the viewer teaches (their own class_teachers rows, readable through RLS). */
async function taughtClassIds(locals: App.Locals): Promise<string[]> {
	const { data, error } = await locals.supabase.from('class_teachers').select('class_id').eq('teacher_id', locals.viewer!.id);
	if (error) throw error;
	return data.map((r) => r.class_id as string);
}

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const form = await request.formData();
		const parsed = parseForm(createClassSchema, form, { name: 'create' });
		if (parsed.failure) return parsed.failure;
		const { data, error } = await locals.supabase
			.rpc('create_class', {
				p_school_id: parsed.data.school_id,
				p_name: parsed.data.name,
				p_grade: parsed.data.grade,
				p_school_year: parsed.data.school_year
			})
			.single();
		if (error) return dbFailure(formValues(form), error, 'create');
		const made = data as { id: string; code: string };
		redirect(303, localizeHref(`/teacher/classes/${made.id}?done=created`));
	}
};
