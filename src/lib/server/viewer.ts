import { AccessTokenVerifier, type JwksLoader, type Verified } from './access-token';
import { supabaseConfig } from './env';
import type { RequestClient } from './supabase';

export type AppRole = 'student' | 'teacher' | 'staff' | 'admin';

/** The signed-in person as the server knows them after verifying their access token. */
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

/** Who is signed in, as every request needs it (guards, homes): the rest of Viewer is read on demand. */
export type SessionViewer = Pick<Viewer, 'id' | 'role'>;

const ROLES: readonly AppRole[] = ['student', 'teacher', 'staff', 'admin'];

/**
 * Verify the request's session token and take the role from its `app_metadata` claim — the field
 * the database made the profile from (private.handle_new_user; only the service role writes it,
 * and no function changes a profile's role). The session comes from the auth cookies through
 * `auth.getSession()` (which refreshes it first when it is about to expire), and its access token
 * is then verified locally with Auth's public signing key (ES256; the JWKS fetched once and kept,
 * its keys imported once: access-token.ts) — the checks of `auth.getClaims()`, without its
 * per-call key import — so a request costs no Auth round trip (the Supabase SSR guide's
 * server-side check; never getSession alone, which only reads the cookie). A token that is not
 * ES256 (a legacy HS256 project) is verified by `getClaims()`, i.e. by Auth. A session ended
 * elsewhere (sign-out, a card reset, erasure) is not known here: the Data API refuses its token
 * (db-pre-request `request_guard.check_session`, 401), Storage's RLS too (restrictive policies),
 * and the `supabase` handle then treats the visitor as signed out (hooks.server.ts). An account
 * without a role claim falls back to its profile. Name and safeguarding lead come from
 * `loadProfile`.
 *
 * @returns null when nobody is signed in or the token does not verify.
 */
export async function loadViewer(supabase: RequestClient): Promise<SessionViewer | null> {
	const { data: session, error: sessionError } = await supabase.auth.getSession();
	const token = session.session?.access_token;
	if (sessionError || !token) return null;
	const verified = await tokenVerifier()
		.verify(token)
		.catch((): Verified => ({ kind: 'refused' }));
	let claims: Record<string, unknown> | undefined;
	if (verified.kind === 'claims') claims = verified.claims;
	else if (verified.kind === 'ask_auth') {
		const { data, error } = await supabase.auth.getClaims(token);
		if (!error) claims = data?.claims;
	}
	if (!claims || typeof claims.sub !== 'string' || !claims.sub) return null;
	const id = claims.sub;
	const role = (claims.app_metadata as { role?: unknown } | undefined)?.role as AppRole | undefined;
	if (role && ROLES.includes(role)) return { id, role };
	const { role: profileRole } = await loadProfile(supabase, id);
	return { id, role: profileRole };
}

let verifier: AccessTokenVerifier | undefined;

/** One verifier per process, for the project's Auth (its JWKS, as auth-js fetches it). */
function tokenVerifier(): AccessTokenVerifier {
	verifier ??= new AccessTokenVerifier(async () => {
		const { url, anonKey } = supabaseConfig();
		const res = await fetch(`${url}/auth/v1/.well-known/jwks.json`, { headers: { apikey: anonKey } });
		if (!res.ok) throw new Error(`JWKS: HTTP ${res.status}`);
		return (await res.json()) as Awaited<ReturnType<JwksLoader>>;
	});
	return verifier;
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
