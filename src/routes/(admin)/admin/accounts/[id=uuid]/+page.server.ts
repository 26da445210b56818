import { error, fail, redirect } from '@sveltejs/kit';
import { editAccount } from '$lib/server/accounts';
import { createAdminClient } from '$lib/server/supabase';
import { localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues, formVersion, parseForm } from '$lib/server/forms';
import { detailsSchema, unitsSchema, ACCOUNT_ARRAYS } from '../schema';
import { loadUnits } from '../units';
import type { Actions, PageServerLoad } from './$types';

interface Account {
	id: string;
	role: 'staff' | 'teacher';
	display_name: string;
	email: string | null;
	district_ids: string[];
	department_ids: string[];
	street_office_ids: string[];
	class_ids: string[];
	version: number;
}

/** One staff or teacher account with its units (admin_account), and what a staff account can join. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { data, error: e } = await locals.supabase.rpc('admin_account', { p_id: params.id }).maybeSingle();
	if (e?.message === 'not_found' || (!e && !data)) error(404);
	if (e) throw e;
	const account = data as Account;
	const classes =
		account.role === 'teacher' && account.class_ids.length > 0
			? await locals.supabase.from('classes').select('id, name, code, school_id').in('id', account.class_ids).order('code')
			: { data: [], error: null };
	if (classes.error) throw classes.error;
	return {
		account,
		classes: (classes.data ?? []) as { id: string; name: string; code: string; school_id: string }[],
		...(account.role === 'staff' ? await loadUnits(locals.supabase) : { districts: [], departments: [], streetOffices: [] }),
		made: url.searchParams.get('made') === '1',
		saved: url.searchParams.get('saved') === '1'
	};
};

export const actions: Actions = {
	/**
	 * A staff or teacher account's name and sign-in e-mail ($lib/server/accounts editAccount: the
	 * database checks as the admin, then Auth's admin API changes the e-mail), at the version shown.
	 */
	details: async ({ request, locals, params, fetch }) => {
		const form = await request.formData();
		const parsed = parseForm(detailsSchema, form, { name: 'details' });
		if (parsed.failure) return parsed.failure;
		const values = formValues(form);
		const { data, error: e } = await locals.supabase.rpc('admin_account', { p_id: params.id }).maybeSingle();
		if (e) return dbFailure(values, e, 'details');
		const now = data as Account | null;
		if (!now) error(404);
		const done = await editAccount(locals.supabase, createAdminClient(fetch), {
			id: params.id,
			version: formVersion(form),
			displayName: parsed.data.display_name,
			email: parsed.data.email,
			currentEmail: now.email
		});
		if (!done.ok) {
			if (done.dbError) return dbFailure(values, done.dbError, 'details');
			if (done.field) return fail(400, { values, errors: { [done.field]: { code: done.code } }, form: 'details' });
			return fail(502, { values, errors: {}, formError: done.code, form: 'details' });
		}
		redirect(303, localizeHref(`/admin/accounts/${params.id}?saved=1`));
	},

	/**
	 * A staff account's units as ticked, in one all-or-nothing change at the version shown
	 * (admin_set_staff_units; a rival admin's save in between is stale_version, the ticks kept).
	 */
	units: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(unitsSchema, form, { arrays: ACCOUNT_ARRAYS, name: 'units' });
		if (parsed.failure) return parsed.failure;
		const { error: e } = await locals.supabase.rpc('admin_set_staff_units', {
			p_staff_id: params.id,
			p_version: formVersion(form),
			p_district_ids: parsed.data.district_ids,
			p_department_ids: parsed.data.department_ids,
			p_street_office_ids: parsed.data.street_office_ids
		});
		if (e?.message === 'not_found') error(404);
		if (e) return dbFailure(formValues(form), e, 'units');
		redirect(303, localizeHref(`/admin/accounts/${params.id}?saved=1`));
	}
};
