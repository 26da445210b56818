import { redirect } from '@sveltejs/kit';
import { deLocalizeHref, localizeHref } from '$lib/paraglide/runtime';
import { failForm, parseForm, formValues, type FormFailure } from '$lib/server/forms';
import { clientAddress } from '$lib/server/client-address';
import { loginHandle, normalizeClassCode, normalizeSecretWords } from '$lib/server/login-card';
import { padToFloor, signInWithThrottle, type SignInResult } from '$lib/server/sign-in';
import { homeFor, type AppRole } from '$lib/server/viewer';
import { retryParams } from '$lib/i18n/labels';
import { heldFromPost, heldFromSignIn, heldInputs, heldLanding, keepHeld } from '$lib/server/held-form';
import { cardSchema, passwordSchema, safeNext } from './schema';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// The first page a child opens: server-rendered only, with the children's small script
// ($lib/enhance/child.ts) instead of SvelteKit's client (issue 9 §6, ≤ 50 KB of JavaScript).
export const csr = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	// A shared classroom computer: say who is signed in and offer to change, never carry the
	// next child into the previous one's account.
	const viewer = await locals.viewerProfile();
	return {
		next: safeNext(url.searchParams.get('next') ?? undefined) ?? '',
		card: cardFromQuery(url),
		signedIn: viewer ? { name: viewer.displayName, home: localizeHref(homeFor(viewer.role)) } : null
	};
};

/**
 * A login card's QR code opens this page with `?class=<code>&number=<n>`: those two are filled in
 * (never the secret words). Anything that is not a plausible code and number is ignored.
 */
function cardFromQuery(url: URL): { classCode: string; number: string } | null {
	const code = normalizeClassCode(url.searchParams.get('class') ?? '');
	const number = (url.searchParams.get('number') ?? '').trim();
	if (!/^[A-Z0-9]{4,16}$/.test(code) || !/^[1-9][0-9]{0,2}$/.test(number)) return null;
	return { classCode: code, number };
}

function destination(role: AppRole, next: string | undefined): string {
	const target = safeNext(next);
	return localizeHref(target ? deLocalizeHref(target) : homeFor(role));
}

/** End the session of whoever is signed in on this browser before someone else signs in. */
async function signOutPrevious(event: RequestEvent): Promise<void> {
	if (event.locals.viewer) await event.locals.supabase.auth.signOut({ scope: 'local' });
	event.locals.viewer = null;
}

/**
 * The failure for a sign-in that did not get through; `wrong` is the "wrong card / wrong
 * password" key of the form. A lock says when to try again; Auth's 429 is its own message.
 */
function refusal(form: 'card' | 'password', values: FormFailure['values'], result: Exclude<SignInResult, { outcome: 'ok' }>, wrong: string) {
	if (result.outcome === 'unavailable') return failForm(503, { form, values, errors: {}, formError: 'unavailable' });
	if (result.outcome === 'rate_limited') return failForm(429, { form, values, errors: {}, formError: 'rate_limited' });
	const lock = result.lock;
	if (!lock) return failForm(400, { form, values, errors: {}, formError: wrong });
	const key = lock.reason === 'card' ? (form === 'card' ? 'locked_card' : 'locked_email') : `locked_${lock.reason}`;
	return failForm(429, { form, values, errors: {}, formError: key, formErrorParams: retryParams(lock.retryAt) });
}

export const actions: Actions = {
	card: async (event) => {
		const started = performance.now();
		const form = await event.request.formData();
		const parsed = parseForm(cardSchema, form, { name: 'card' });
		if (parsed.failure) return parsed.failure;
		const { class_code, student_number, secret_words, next } = parsed.data;
		const values = formValues(form);
		delete values.secret_words; // never echo a secret back into the page
		await signOutPrevious(event);
		const supabase = event.locals.supabase;
		const result = await signInWithThrottle(
			supabase,
			loginHandle(class_code, student_number),
			normalizeSecretWords(secret_words),
			clientAddress(event)
		);
		if (result.outcome === 'ok' && result.viewer.role === 'student') {
			// Text of a form sent after the session ended: saved as that form's draft, which the
			// form opens (its address carries the form's key).
			const held = heldFromSignIn(form);
			if (held) await keepHeld(supabase, held);
			// A held resubmit post's address ends in its action (`?/resubmit`): land on the page itself.
			const target = safeNext(next);
			redirect(303, destination('student', held && target ? heldLanding(deLocalizeHref(target)) : next));
		}
		if (result.outcome === 'ok') await supabase.auth.signOut({ scope: 'local' });
		// Same time for every refusal: an existing number, an unknown one, a locked card.
		await padToFloor(started);
		return refusal('card', values, result.outcome === 'ok' ? { outcome: 'refused' } : result, 'card_failed');
	},
	password: async (event) => {
		const started = performance.now();
		const form = await event.request.formData();
		const parsed = parseForm(passwordSchema, form, { name: 'password' });
		if (parsed.failure) return parsed.failure;
		const values = formValues(form);
		delete values.password;
		await signOutPrevious(event);
		const supabase = event.locals.supabase;
		const result = await signInWithThrottle(supabase, parsed.data.email.trim().toLowerCase(), parsed.data.password, clientAddress(event));
		if (result.outcome === 'ok') {
			const role = result.viewer.role;
			if (role && role !== 'student') redirect(303, destination(role, parsed.data.next));
			// Children use their card; an account without a role can do nothing.
			await supabase.auth.signOut({ scope: 'local' });
			await padToFloor(started);
			return failForm(400, { form: 'password', values, errors: {}, formError: role ? 'sign_in_failed' : 'no_role' });
		}
		await padToFloor(started);
		return refusal('password', values, result, 'sign_in_failed');
	},
	/**
	 * A child's form sent after their session ended, re-posted here as is (307 from the guard in
	 * hooks.server.ts, `?/held&next=<the form>`): the page asks to sign in and carries the text's
	 * fields on in hidden inputs. Nothing is stored before sign-in. The page's language switch posts
	 * here too, with the text as the sign-in form carries it (`held.<field>`).
	 */
	held: async (event) => {
		const form = await event.request.formData();
		const next = safeNext(event.url.searchParams.get('next') ?? undefined);
		const held = heldFromSignIn(form) ?? heldFromPost(form, next ? deLocalizeHref(next) : undefined);
		if (!held) redirect(303, localizeHref(next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'));
		return { held: heldInputs(held) };
	},
	/** "Not you? Sign in as someone else": sign the previous person out, then show the form. */
	switch: async (event) => {
		const form = await event.request.formData();
		await signOutPrevious(event);
		const typed = form.get('next');
		const next = safeNext(typeof typed === 'string' ? typed : undefined);
		redirect(303, localizeHref(next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'));
	}
};
