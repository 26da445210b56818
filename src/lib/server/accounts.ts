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

/** A change of a staff or teacher account's name and sign-in e-mail, at the version the admin saw. */
export interface AccountEdit {
	id: string;
	/** The account's version the page showed (admin_account). */
	version: number | null;
	displayName: string;
	/** The sign-in e-mail asked for (any case; Auth keeps it lower case). */
	email: string;
	/** The e-mail Auth holds now (admin_account), so Auth is called only when it changes. */
	currentEmail: string | null;
}

/** How an edit ended: the account's new version, or a field / form error as for NewAccountResult. */
export type AccountEditResult =
	| { ok: true; version: number }
	| { ok: false; field?: 'email'; code: string; dbError?: { message: string } };

/**
 * Change a staff or teacher account's name and sign-in e-mail (issue 11 §6). As when an account is
 * made, the database checks first, as the admin (`admin_check_account_edit`: admin, version
 * current, name valid, no other account signs in with that e-mail); only then does the service
 * role ask Auth to change the e-mail (GoTrue's admin update: same sessions, still confirmed); then
 * `admin_save_account` saves the name and bumps the version, re-checking the version and that
 * Auth holds the e-mail. A rival admin's save between the two calls is a stale_version with the
 * new e-mail already in place (the page then shows it).
 *
 * @returns `{ ok, version }`; or `email`/`taken` (the database or Auth's email_exists),
 *   `email`/`invalid` (Auth's validation_failed), the database's refusal as `dbError`, or
 *   `account_failed` (Auth refused for another reason)
 */
export async function editAccount(supabase: RequestClient, admin: AdminClient, e: AccountEdit): Promise<AccountEditResult> {
	const checked = await supabase.rpc('admin_check_account_edit', {
		p_id: e.id,
		p_version: e.version,
		p_display_name: e.displayName,
		p_email: e.email
	});
	if (checked.error) {
		if (checked.error.message === 'email_taken') return { ok: false, field: 'email', code: 'taken' };
		return { ok: false, code: 'db', dbError: checked.error };
	}
	const email = checked.data as string;
	if (email !== (e.currentEmail ?? '').toLowerCase()) {
		const { error } = await admin.auth.admin.updateUserById(e.id, { email });
		if (error) {
			if (error.code === 'email_exists') return { ok: false, field: 'email', code: 'taken' };
			if (error.code === 'validation_failed' && /email/i.test(error.message)) return { ok: false, field: 'email', code: 'invalid' };
			console.error('Auth refused to change an e-mail:', error);
			return { ok: false, code: 'account_failed' };
		}
	}
	const saved = await supabase.rpc('admin_save_account', { p_id: e.id, p_version: e.version, p_display_name: e.displayName, p_email: email });
	if (saved.error) return { ok: false, code: 'db', dbError: saved.error };
	return { ok: true, version: saved.data as number };
}
