import { fail } from '@sveltejs/kit';
import { dbFailure, formValues, parseForm } from '$lib/server/forms';
import { issued, loadChildren, loadClass } from '$lib/server/class-page';
import { addChildren } from '$lib/server/enrolment';
import { createAdminClient } from '$lib/server/supabase';
import { addChildrenSchema, addTeacherSchema } from '../schema';
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
 * A class for its teachers: the overview in numbers, the children by number, its teachers and
 * the forms to add children and co-teachers. `?done=created|removed&number=` says what was done.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const cls = await loadClass(locals, params.classId);
	const [overview, children, colleagues] = await Promise.all([
		locals.supabase.rpc('class_overview', { p_class_id: cls.id }).single(),
		loadChildren(locals, cls.id),
		locals.supabase.rpc('school_colleagues', { p_class_id: cls.id })
	]);
	if (overview.error) throw overview.error;
	if (colleagues.error) throw colleagues.error;
	const done = url.searchParams.get('done');
	const number = Number(url.searchParams.get('number'));
	return {
		cls,
		overview: overview.data as Overview,
		children,
		colleagues: colleagues.data as Colleague[],
		done: done === 'created' || done === 'removed' ? done : null,
		number: Number.isInteger(number) && number >= 1 && number <= 999 ? number : null
	};
};

export const actions: Actions = {
	add_children: async ({ request, locals, params, fetch }) => {
		const form = await request.formData();
		const parsed = parseForm(addChildrenSchema, form, { name: 'add' });
		if (parsed.failure) return parsed.failure;
		// The database checks that this teacher may (begin_enrolment) before the service role is used.
		const cls = await loadClass(locals, params.classId);
		const result = await addChildren(locals.supabase, createAdminClient(fetch), cls, parsed.data.count, parsed.data.language);
		if (!result.ok) {
			if (result.error.message === 'enrolment_failed') {
				return fail(503, { values: formValues(form), errors: {}, formError: 'enrolment_failed', form: 'add' });
			}
			return dbFailure(formValues(form), result.error, 'add');
		}
		return {
			form: 'add' as const,
			added: { count: result.sheet.cards.length, first: result.first, last: result.last },
			issued: issued(result.sheet, locals.viewer!.id)
		};
	},
	add_teacher: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(addTeacherSchema, form, { name: 'teacher' });
		if (parsed.failure) return parsed.failure;
		const { error } = await locals.supabase.rpc('add_class_teacher', { p_class_id: params.classId, p_teacher_id: parsed.data.teacher_id });
		if (error) return dbFailure(formValues(form), error, 'teacher');
		const { data } = await locals.supabase.rpc('school_colleagues', { p_class_id: params.classId });
		const name = ((data ?? []) as Colleague[]).find((c) => c.teacher_id === parsed.data.teacher_id)?.display_name ?? '';
		return { form: 'teacher' as const, teacherAdded: name };
	}
};
