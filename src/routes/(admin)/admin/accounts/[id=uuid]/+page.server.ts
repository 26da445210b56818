import { error, redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues, parseForm } from '$lib/server/forms';
import { unitsSchema, ACCOUNT_ARRAYS } from '../schema';
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
	 * A staff account's units as ticked: each one added or removed that changed (each call is
	 * idempotent, so sending the same form twice changes nothing more).
	 */
	units: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(unitsSchema, form, { arrays: ACCOUNT_ARRAYS });
		if (parsed.failure) return parsed.failure;
		const { data, error: e } = await locals.supabase.rpc('admin_account', { p_id: params.id }).maybeSingle();
		if (e) return dbFailure(formValues(form), e);
		const now = data as Account | null;
		if (!now || now.role !== 'staff') error(404);
		const diff = (had: string[], want: string[]) => ({
			add: want.filter((x) => !had.includes(x)),
			remove: had.filter((x) => !want.includes(x))
		});
		const calls: PromiseLike<{ error: { message: string } | null }>[] = [];
		const d = diff(now.district_ids, parsed.data.district_ids);
		for (const id of d.add) calls.push(locals.supabase.rpc('admin_set_staff_district', { p_staff_id: params.id, p_district_id: id, p_member: true }));
		for (const id of d.remove) calls.push(locals.supabase.rpc('admin_set_staff_district', { p_staff_id: params.id, p_district_id: id, p_member: false }));
		for (const [had, want, key] of [
			[now.department_ids, parsed.data.department_ids, 'p_department_id'],
			[now.street_office_ids, parsed.data.street_office_ids, 'p_street_office_id']
		] as const) {
			const u = diff(had, want);
			for (const [ids, member] of [[u.add, true], [u.remove, false]] as const) {
				for (const id of ids) {
					calls.push(
						locals.supabase.rpc('set_staff_unit', {
							p_staff_id: params.id,
							p_department_id: key === 'p_department_id' ? id : null,
							p_street_office_id: key === 'p_street_office_id' ? id : null,
							p_member: member
						})
					);
				}
			}
		}
		for (const r of await Promise.all(calls)) if (r.error) return dbFailure(formValues(form), r.error);
		redirect(303, localizeHref(`/admin/accounts/${params.id}?saved=1`));
	}
};
