import { redirect } from '@sveltejs/kit';
import { deLocalizeHref, localizeHref } from '$lib/paraglide/runtime';
import { failForm, parseForm, formValues } from '$lib/server/forms';
import { loginHandle, normalizeSecretWords } from '$lib/server/login-card';
import { homeFor, loadProfile, type AppRole } from '$lib/server/viewer';
import type { RequestClient } from '$lib/server/supabase';
import { cardSchema, passwordSchema, safeNext } from './schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.viewer?.role) redirect(303, localizeHref(homeFor(locals.viewer.role)));
	return { next: safeNext(url.searchParams.get('next') ?? undefined) ?? '' };
};

async function signIn(supabase: RequestClient, email: string, password: string) {
	const { data, error } = await supabase.auth.signInWithPassword({ email, password });
	if (error) return { outcome: error.status && error.status < 500 ? 'refused' : 'unavailable' } as const;
	const { role } = await loadProfile(supabase, data.user.id);
	return { outcome: 'ok', role } as const;
}

function destination(role: AppRole, next: string | undefined): string {
	const target = safeNext(next);
	return localizeHref(target ? deLocalizeHref(target) : homeFor(role));
}

export const actions: Actions = {
	card: async ({ request, locals }) => {
		const form = await request.formData();
		const parsed = parseForm(cardSchema, form, { name: 'card' });
		if (parsed.failure) return parsed.failure;
		const { class_code, student_number, secret_words, next } = parsed.data;
		const values = formValues(form);
		delete values.secret_words; // never echo a secret back into the page
		const result = await signIn(locals.supabase, loginHandle(class_code, student_number), normalizeSecretWords(secret_words));
		if (result.outcome === 'unavailable') return failForm(503, { form: 'card', values, errors: {}, formError: 'unavailable' });
		if (result.outcome === 'refused' || result.role !== 'student') {
			if (result.outcome === 'ok') await locals.supabase.auth.signOut({ scope: 'local' });
			return failForm(400, { form: 'card', values, errors: {}, formError: 'card_failed' });
		}
		redirect(303, destination(result.role, next));
	},
	password: async ({ request, locals }) => {
		const form = await request.formData();
		const parsed = parseForm(passwordSchema, form, { name: 'password' });
		if (parsed.failure) return parsed.failure;
		const values = formValues(form);
		delete values.password;
		const result = await signIn(locals.supabase, parsed.data.email, parsed.data.password);
		if (result.outcome === 'unavailable') return failForm(503, { form: 'password', values, errors: {}, formError: 'unavailable' });
		if (result.outcome === 'refused') return failForm(400, { form: 'password', values, errors: {}, formError: 'sign_in_failed' });
		if (!result.role || result.role === 'student') {
			// Children use their card; an account without a role can do nothing.
			await locals.supabase.auth.signOut({ scope: 'local' });
			return failForm(400, { form: 'password', values, errors: {}, formError: result.role ? 'sign_in_failed' : 'no_role' });
		}
		redirect(303, destination(result.role, parsed.data.next));
	}
};
