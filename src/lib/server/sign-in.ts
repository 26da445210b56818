import { isAuthApiError, isAuthError } from '@supabase/supabase-js';
import type { RequestClient } from './supabase';
import { loadProfile, type Viewer } from './viewer';

/**
 * Password sign-in (login cards and adults) with the database's throttle around it
 * (public.sign_in_begin / sign_in_end, supabase/README.md "Sign-in throttling").
 */

/** Every failed sign-in takes at least this long, counted from when the action started. */
export const FAILED_SIGN_IN_FLOOR_MS = 600;

/** What Auth's answer to a refused password grant means for the person. */
export type AuthRefusal = 'refused' | 'rate_limited' | 'unavailable';

/**
 * Classify an error from `signInWithPassword`: a 429 (GoTrue's `over_request_rate_limit`, also
 * `over_email_send_rate_limit` etc.) is "too many sign-ins right now", never a wrong password;
 * other 4xx are a refused password; network errors and 5xx mean Auth could not decide.
 */
export function classifyAuthError(error: unknown): AuthRefusal {
	if (!isAuthError(error)) return 'unavailable';
	const status = error.status ?? 0;
	const code = error.code ?? '';
	if (status === 429 || code === 'over_request_rate_limit' || code.startsWith('over_')) return 'rate_limited';
	if (isAuthApiError(error) && status >= 400 && status < 500) return 'refused';
	return 'unavailable';
}

/** Why sign-in is refused before asking Auth (see public.sign_in_begin). */
export type LockReason = 'card' | 'class' | 'address';

export type SignInResult =
	| { outcome: 'ok'; viewer: Viewer }
	| { outcome: 'refused'; lock?: { retryAt: Date; reason: LockReason } }
	| { outcome: 'locked'; lock: { retryAt: Date; reason: LockReason } }
	| { outcome: 'rate_limited' }
	| { outcome: 'unavailable' };

interface LockRow {
	retry_at: string | null;
	reason: LockReason | null;
}

function lockOf(row: LockRow | undefined): { retryAt: Date; reason: LockReason } | undefined {
	return row?.retry_at && row.reason ? { retryAt: new Date(row.retry_at), reason: row.reason } : undefined;
}

/**
 * Sign in with a password, throttled by the database.
 *
 * @param identifier the Auth e-mail: a card's login handle or an adult's e-mail
 * @param clientAddress the visitor's IP address (event.getClientAddress()), or null
 * @returns `ok` with the viewer (the session cookies are set); `locked` (Auth not asked) or
 *   `refused` (wrong password; with `lock` when this failure locked it) with when to retry;
 *   `rate_limited` (Auth said 429); `unavailable` (Auth or the database could not answer)
 */
export async function signInWithThrottle(
	supabase: RequestClient,
	identifier: string,
	password: string,
	clientAddress: string | null
): Promise<SignInResult> {
	const begun = await supabase.rpc('sign_in_begin', { p_identifier: identifier, p_client_address: clientAddress });
	if (begun.error) {
		console.error('sign_in_begin failed:', begun.error);
		return { outcome: 'unavailable' };
	}
	const row = (begun.data as (LockRow & { attempt_id: string | null })[])[0];
	if (!row?.attempt_id) {
		const lock = lockOf(row);
		return lock ? { outcome: 'locked', lock } : { outcome: 'unavailable' };
	}
	const attemptId = row.attempt_id;
	const settle = async (outcome: 'failed' | 'succeeded' | 'not_counted') => {
		const { data, error } = await supabase.rpc('sign_in_end', { p_attempt_id: attemptId, p_outcome: outcome });
		// The attempt stays counted as a failure; nothing else to do.
		if (error) console.error('sign_in_end failed:', error);
		return lockOf((data as LockRow[] | null)?.[0]);
	};

	const { data, error } = await supabase.auth.signInWithPassword({ email: identifier, password });
	if (error) {
		const kind = classifyAuthError(error);
		if (kind === 'refused') {
			const lock = await settle('failed');
			return lock ? { outcome: 'refused', lock } : { outcome: 'refused' };
		}
		await settle('not_counted');
		if (kind === 'unavailable') console.error('Auth could not sign in:', error);
		return { outcome: kind };
	}
	// Sent with the new session: only the account itself may reset its failures.
	await settle('succeeded');
	return { outcome: 'ok', viewer: await loadProfile(supabase, data.user.id) };
}

/**
 * Wait until `floorMs` have passed since `startedAt` (a `performance.now()` reading), so a
 * refused sign-in takes the same time whether the card exists, the words were wrong, or the
 * database refused before asking Auth.
 */
export async function padToFloor(
	startedAt: number,
	floorMs = FAILED_SIGN_IN_FLOOR_MS,
	now: () => number = () => performance.now(),
	sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
): Promise<void> {
	// A timer may fire a fraction of a millisecond early: wait again until the floor has passed.
	for (let left = startedAt + floorMs - now(); left > 0; left = startedAt + floorMs - now()) await sleep(Math.max(1, left));
}
