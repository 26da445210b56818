import type { RequestClient } from './supabase';

export type AppRole = 'student' | 'teacher' | 'staff' | 'admin';

/** The signed-in person as the server knows them after verifying their token with Auth. */
export interface Viewer {
	/** auth.users.id */
	id: string;
	/** From public.profiles; null for an account without a profile (can do nothing). */
	role: AppRole | null;
	/** A child's nickname or an adult's name. */
	displayName: string;
	/** A teacher or counsellor designated as a safeguarding lead of at least one school. */
	safeguardingLead: boolean;
}

/**
 * Verify the request's session with the Auth server (getUser, never getSession alone) and load
 * the profile through RLS.
 *
 * @returns null when nobody is signed in or the token does not verify.
 */
export async function loadViewer(supabase: RequestClient): Promise<Viewer | null> {
	// getSession only reads the cookie; skip the Auth round trip when there is none.
	const {
		data: { session }
	} = await supabase.auth.getSession();
	if (!session) return null;
	const {
		data: { user },
		error
	} = await supabase.auth.getUser();
	if (error || !user) return null;
	return loadProfile(supabase, user.id);
}

/**
 * The profile of a verified user, read through RLS (a person reads their own row).
 *
 * @param userId auth.users.id, already verified with the Auth server
 * @returns the viewer; role null when the account has no profile
 */
export async function loadProfile(supabase: RequestClient, userId: string): Promise<Viewer> {
	const { data: profile } = await supabase.from('profiles').select('role, display_name').eq('id', userId).maybeSingle();
	const role = (profile?.role as AppRole | undefined) ?? null;
	// Only teachers can be leads (the database checks again on every read and action).
	let safeguardingLead = false;
	if (role === 'teacher') {
		const { count } = await supabase
			.from('school_safeguarding_leads')
			.select('school_id', { count: 'exact', head: true })
			.eq('lead_id', userId);
		safeguardingLead = (count ?? 0) > 0;
	}
	return { id: userId, role, displayName: (profile?.display_name as string | undefined) ?? '', safeguardingLead };
}

/** Where each role starts after signing in. */
export function homeFor(role: AppRole | null): string {
	switch (role) {
		case 'student':
			return '/me';
		case 'teacher':
			return '/teacher';
		case 'staff':
			return '/staff';
		case 'admin':
			// The data pages (retention, archiving, the ledger), not the public ledger.
			return '/admin';
		default:
			return '/';
	}
}
