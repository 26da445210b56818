import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { dbFailure, formValues, parseForm } from '$lib/server/forms';
import type { ChildRow } from '$lib/server/class-page';
import { addTeacherSchema } from '../../../../../(teacher)/teacher/classes/schema';
import type { Actions, PageServerLoad } from './$types';

interface Overview {
	children: number;
	signed_in: number;
	submitted: number;
	answered: number;
	consent_needed: boolean;
	consent_given: number;
	locked_cards: number;
}

interface Colleague {
	teacher_id: string;
	display_name: string;
	teaches_class: boolean;
}

/**
 * A class for admins, read-only: the overview in numbers and the children by number and nickname
 * (class_overview and class_children admit admins), its teachers, and a form to give it a teacher
 * of its school. Adding children, cards and consent stay with the class's teachers.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const cls = await locals.supabase
		.from('classes')
		.select('id, school_id, name, code, grade, age_band, school_year, archived_at')
		.eq('id', params.classId)
		.eq('school_id', params.schoolId)
		.maybeSingle();
	if (cls.error) throw cls.error;
	if (!cls.data) error(404, m.error_not_found());
	const [overview, children, colleagues] = await Promise.all([
		locals.supabase.rpc('class_overview', { p_class_id: params.classId }).single(),
		locals.supabase.rpc('class_children', { p_class_id: params.classId }),
		locals.supabase.rpc('school_colleagues', { p_class_id: params.classId })
	]);
	if (overview.error) throw overview.error;
	if (children.error) throw children.error;
	if (colleagues.error) throw colleagues.error;
	return {
		cls: cls.data as { id: string; school_id: string; name: string; code: string; grade: number; school_year: number; archived_at: string | null },
		overview: overview.data as Overview,
		children: (children.data ?? []) as ChildRow[],
		colleagues: (colleagues.data ?? []) as Colleague[],
		created: url.searchParams.get('done') === 'created'
	};
};

export const actions: Actions = {
	/** Give the class a teacher of its school (add_class_teacher admits admins). */
	add_teacher: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(addTeacherSchema, form, { name: 'teacher' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('add_class_teacher', { p_class_id: params.classId, p_teacher_id: parsed.data.teacher_id });
		if (dbError) return dbFailure(formValues(form), dbError, 'teacher');
		const { data } = await locals.supabase.rpc('school_colleagues', { p_class_id: params.classId });
		const name = ((data ?? []) as Colleague[]).find((c) => c.teacher_id === parsed.data.teacher_id)?.display_name ?? '';
		return { form: 'teacher' as const, teacherAdded: name };
	}
};
