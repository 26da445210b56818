import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues, formVersion, parseForm } from '$lib/server/forms';
import { recordConsentSchema } from '../../schema';
import type { Actions, PageServerLoad } from './$types';

/** One child of a class the teacher teaches, with the consent in force (if any). */
export const load: PageServerLoad = async ({ locals, params }) => {
	const { data, error: dbError } = await locals.supabase
		.from('class_consents')
		.select('class_id, class_name, age_band, archived_at, student_number, display_name, consent_id, guardian, method, given_on, recorded_at, version')
		.eq('class_id', params.classId)
		.eq('student_number', Number(params.number))
		.maybeSingle();
	if (dbError) throw dbError;
	if (!data) error(404, m.error_not_found());
	return { child: data };
};

export const actions: Actions = {
	record: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(recordConsentSchema, form, { name: 'record' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('record_guardian_consent', {
			p_class_id: params.classId,
			p_student_number: Number(params.number),
			p_guardian: parsed.data.guardian,
			p_method: parsed.data.method,
			p_given_on: parsed.data.given_on
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'record');
		redirect(303, localizeHref(`/teacher/consent?done=recorded&number=${params.number}`));
	},
	withdraw: async ({ request, locals, params }) => {
		const form = await request.formData();
		const consentId = String(form.get('consent_id') ?? '');
		const { error: dbError } = await locals.supabase.rpc('withdraw_guardian_consent', {
			// Not a uuid: nothing the database issued, so it is not found.
			p_consent_id: /^[0-9a-f-]{36}$/i.test(consentId) ? consentId : '00000000-0000-0000-0000-000000000000',
			p_version: formVersion(form)
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'withdraw');
		redirect(303, localizeHref(`/teacher/consent?done=withdrawn&number=${params.number}`));
	}
};
