import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { createAccount } from '$lib/server/accounts';
import { dbFailure, formValues, parseForm } from '$lib/server/forms';
import { createAdminClient } from '$lib/server/supabase';
import { ACCOUNT_ARRAYS, accountSchema } from '../schema';
import { loadUnits } from '../units';
import type { Actions, PageServerLoad } from './$types';

/** The form for a new staff (`?role=staff`, the default) or teacher (`?role=teacher`) account. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const role = url.searchParams.get('role') === 'teacher' ? 'teacher' : 'staff';
	return { role, ...(role === 'staff' ? await loadUnits(locals.supabase) : { districts: [], departments: [], streetOffices: [] }) };
};

export const actions: Actions = {
	/**
	 * Check the form, find the classes by code (teachers), then make the account
	 * ($lib/server/accounts: the database checks the admin first; Auth's admin API makes it).
	 */
	create: async ({ request, locals, fetch }) => {
		const form = await request.formData();
		const parsed = parseForm(accountSchema, form, { arrays: ACCOUNT_ARRAYS });
		if (parsed.failure) return parsed.failure;
		const d = parsed.data;
		const values = formValues(form);
		delete values.password; // never sent back to the page
		let classIds: string[] = [];
		if (d.role === 'teacher' && d.class_codes.length > 0) {
			const { data, error } = await locals.supabase.from('classes').select('id, code').in('code', d.class_codes).is('archived_at', null);
			if (error) throw error;
			if ((data ?? []).length !== new Set(d.class_codes).size) {
				return fail(400, { values, errors: { class_codes: { code: 'class_unknown' } } });
			}
			classIds = data!.map((c) => c.id as string);
		}
		const made = await createAccount(locals.supabase, createAdminClient(fetch), {
			role: d.role,
			displayName: d.display_name,
			email: d.email,
			password: d.password,
			locale: d.locale,
			districtIds: d.district_ids,
			departmentIds: d.department_ids,
			streetOfficeIds: d.street_office_ids,
			classIds
		});
		if (!made.ok) {
			if (made.dbError) return dbFailure(values, made.dbError);
			if (made.field) return fail(400, { values, errors: { [made.field]: { code: made.code } } });
			return fail(502, { values, errors: {}, formError: made.code });
		}
		redirect(303, localizeHref(`/admin/accounts/${made.id}?made=1`));
	}
};
