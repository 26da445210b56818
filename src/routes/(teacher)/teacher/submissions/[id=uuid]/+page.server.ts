import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues, formVersion, parseForm } from '$lib/server/forms';
import { approveSchema, returnSchema } from './schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { data, error: dbError } = await locals.supabase.from('class_queue').select('*').eq('id', params.id).maybeSingle();
	if (dbError) throw dbError;
	if (!data) error(404, m.error_not_found());
	return { submission: data };
};

export const actions: Actions = {
	approve: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(approveSchema, form, { name: 'approve' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('approve_submission', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_comment: parsed.data.comment
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'approve');
		redirect(303, localizeHref('/teacher?done=approved'));
	},
	return: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(returnSchema, form, { name: 'return' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('return_submission', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_comment: parsed.data.comment
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'return');
		redirect(303, localizeHref('/teacher?done=returned'));
	}
};
