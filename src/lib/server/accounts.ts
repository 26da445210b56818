import type { createAdminClient, RequestClient } from './supabase';

type AdminClient = ReturnType<typeof createAdminClient>;

/** A staff or teacher account an admin asks for. */
export interface NewAccount {
	role: 'staff' | 'teacher';
	displayName: string;
	/** Sign-in e-mail, lower case. */
	email: string;
	/** First password, which the admin hands over in person. */
	password: string;
	locale: 'zh-CN' | 'en';
	districtIds: string[];
	departmentIds: string[];
	streetOfficeIds: string[];
	classIds: string[];
}

/** How making an account ended: its id, or a field / form error (message keys of the forms). */
export type NewAccountResult =
	| { ok: true; id: string }
	| { ok: false; field?: 'email' | 'password'; code: string; dbError?: { message: string } };

/**
 * Make a staff or teacher account (issue 11 §6). The database first checks, as the admin, that
 * the caller is an admin and every unit exists (`admin_check_new_account`): only then is the
 * service role used, for one Auth admin call that makes the account with its role, name and
 * units in app_metadata; the database's triggers make the profile and the memberships from it.
 *
 * @param supabase the admin's own client (the check runs as them)
 * @param admin the service-role client, for the Auth admin call only
 * @returns `{ ok, id }`; or `email`/`taken` (Auth: email_exists), `password`/`weak` (weak_password),
 *   the database's refusal as `dbError`, or `account_failed` (Auth refused for another reason)
 */
export async function createAccount(supabase: RequestClient, admin: AdminClient, a: NewAccount): Promise<NewAccountResult> {
	const staff = a.role === 'staff';
	const checked = await supabase.rpc('admin_check_new_account', {
		p_role: a.role,
		p_display_name: a.displayName,
		p_district_ids: staff ? a.districtIds : [],
		p_department_ids: staff ? a.departmentIds : [],
		p_street_office_ids: staff ? a.streetOfficeIds : [],
		p_class_ids: staff ? [] : a.classIds
	});
	if (checked.error) return { ok: false, code: 'db', dbError: checked.error };
	const units = staff
		? { district_ids: a.districtIds, department_ids: a.departmentIds, street_office_ids: a.streetOfficeIds }
		: { class_ids: a.classIds };
	const { data, error } = await admin.auth.admin.createUser({
		email: a.email,
		password: a.password,
		email_confirm: true,
		app_metadata: { role: a.role, display_name: a.displayName, locale: a.locale, ...units }
	});
	if (error || !data.user) {
		if (error?.code === 'email_exists') return { ok: false, field: 'email', code: 'taken' };
		if (error?.code === 'weak_password') return { ok: false, field: 'password', code: 'weak' };
		if (error?.code === 'validation_failed' && /email/i.test(error.message)) return { ok: false, field: 'email', code: 'invalid' };
		console.error('Auth refused to make an account:', error);
		return { ok: false, code: 'account_failed' };
	}
	return { ok: true, id: data.user.id };
}
