import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues, parseForm } from '$lib/server/forms';
import { issued, loadChildren, loadClass } from '$lib/server/class-page';
import { newSecretWords } from '$lib/server/cards/secret-words';
import { normalizeSecretWords } from '$lib/server/login-card';
import { createAdminClient } from '$lib/server/supabase';
import { moveSchema, newCardSchema, removeSchema, renameSchema } from '../../../schema';
import type { Actions, PageServerLoad } from './$types';

interface OtherClass {
	id: string;
	name: string;
	code: string;
	grade: number;
	school_year: number;
}

/**
 * One child of a class, for its teachers: rename, a new card, move to another class of the
 * school, remove from the class. After a move the child is no longer here: the page then shows
 * only what was done (and the new card to print).
 */
export const load: PageServerLoad = async ({ locals, params }) => {
	const cls = await loadClass(locals, params.classId);
	const [children, classes] = await Promise.all([
		loadChildren(locals, cls.id),
		locals.supabase.rpc('school_classes', { p_class_id: cls.id })
	]);
	if (classes.error) throw classes.error;
	const child = children.find((c) => c.student_number === Number(params.number)) ?? null;
	if (!child && !locals.childMoved) error(404, m.error_not_found());
	return { cls, child, classes: classes.data as OtherClass[] };
};

/** The child the form was shown for: number from the address, account id from the form. */
function shownChild(form: FormData): string {
	const id = String(form.get('student_id') ?? '');
	return /^[0-9a-f-]{36}$/i.test(id) ? id : '00000000-0000-0000-0000-000000000000';
}

export const actions: Actions = {
	rename: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(renameSchema, form, { name: 'rename' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('rename_child', {
			p_class_id: params.classId,
			p_student_number: Number(params.number),
			p_student_id: shownChild(form),
			p_display_name: parsed.data.display_name
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'rename');
		return { form: 'rename' as const, renamed: parsed.data.display_name };
	},
	new_card: async ({ request, locals, params, fetch }) => {
		const form = await request.formData();
		const parsed = parseForm(newCardSchema, form, { name: 'new_card' });
		if (parsed.failure) return parsed.failure;
		const args = { p_class_id: params.classId, p_student_number: Number(params.number) };
		// The database decides whether this teacher may; only then the service role is used.
		const account = await locals.supabase.rpc('login_card_account', args);
		if (account.error) return dbFailure(formValues(form), account.error, 'new_card');
		const cls = await loadClass(locals, params.classId);
		const child = (await loadChildren(locals, cls.id)).find((c) => c.student_number === Number(params.number));
		if (!child) return fail(404, { values: formValues(form), errors: {}, formError: 'not_found', form: 'new_card' });
		const words = newSecretWords(parsed.data.language);
		const { error: authError } = await createAdminClient(fetch).auth.admin.updateUserById(account.data as string, {
			password: normalizeSecretWords(words)
		});
		if (authError) {
			console.error('Could not set new secret words:', authError);
			return fail(503, { values: formValues(form), errors: {}, formError: 'unexpected', form: 'new_card' });
		}
		// The old words already fail; now every session of the child ends and the card unlocks.
		const ended = await locals.supabase.rpc('end_login_card_sessions', args);
		if (ended.error) return dbFailure(formValues(form), ended.error, 'new_card');
		const sheet = {
			classId: cls.id, className: cls.name, classCode: cls.code, language: parsed.data.language,
			cards: [{ number: child.student_number, nickname: child.display_name, words }]
		};
		return { form: 'new_card' as const, newCard: child.student_number, issued: issued(sheet, locals.viewer!.id) };
	},
	move: async ({ request, locals, params, fetch }) => {
		const form = await request.formData();
		const parsed = parseForm(moveSchema, form, { name: 'move' });
		if (parsed.failure) return parsed.failure;
		const studentId = shownChild(form);
		const before = (await loadChildren(locals, params.classId)).find((c) => c.student_number === Number(params.number));
		const moved = await locals.supabase.rpc('move_child', {
			p_class_id: params.classId,
			p_student_number: Number(params.number),
			p_student_id: studentId,
			p_to_class_id: parsed.data.to_class_id
		});
		if (moved.error) return dbFailure(formValues(form), moved.error, 'move');
		locals.childMoved = true;
		const number = moved.data as number;
		const target = (await locals.supabase.rpc('school_classes', { p_class_id: params.classId })).data as OtherClass[] | null;
		const to = target?.find((c) => c.id === parsed.data.to_class_id);
		const nickname = before?.display_name ?? '';
		// A new card for the new class: the old words are not kept anywhere, so new ones are made.
		const words = newSecretWords(parsed.data.language);
		const { error: authError } = await createAdminClient(fetch).auth.admin.updateUserById(studentId, { password: normalizeSecretWords(words) });
		if (authError) console.error('Could not set new secret words after a move:', authError);
		return {
			form: 'move' as const,
			moved: { className: to?.name ?? '', number },
			...(authError || !to
				? {}
				: {
						issued: issued(
							{ classId: to.id, className: to.name, classCode: to.code, language: parsed.data.language, cards: [{ number, nickname, words }] },
							locals.viewer!.id
						),
						issuedClassId: to.id
					})
		};
	},
	remove: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(removeSchema, form, { name: 'remove' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('remove_child', {
			p_class_id: params.classId,
			p_student_number: Number(params.number),
			p_student_id: shownChild(form)
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'remove');
		redirect(303, localizeHref(`/teacher/classes/${params.classId}?done=removed&number=${params.number}`));
	}
};
