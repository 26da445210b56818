import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { dbFailure, formValues } from '$lib/server/forms';
import { newSecretWords } from '$lib/server/login-card';
import { createAdminClient } from '$lib/server/supabase';
import type { Actions, PageServerLoad } from './$types';

interface CardRow {
	class_id: string;
	class_name: string;
	student_number: number;
	display_name: string;
	locked_until: string | null;
}

export const load: PageServerLoad = async ({ locals }) => {
	const { data, error } = await locals.supabase.rpc('class_login_cards');
	if (error) throw error;
	const classes: { id: string; name: string; cards: CardRow[] }[] = [];
	for (const row of data as CardRow[]) {
		let c = classes.find((x) => x.id === row.class_id);
		if (!c) classes.push((c = { id: row.class_id, name: row.class_name, cards: [] }));
		c.cards.push(row);
	}
	return { classes };
};

const cardForm = z.object({
	class_id: z.uuid(),
	student_number: z.coerce.number().int().min(1).max(999)
});

/** The card a form names, and its class's name (readable to its teachers through RLS). */
async function target(locals: App.Locals, form: FormData) {
	const parsed = cardForm.safeParse(Object.fromEntries(form));
	if (!parsed.success) return null;
	const { data } = await locals.supabase.from('classes').select('name').eq('id', parsed.data.class_id).maybeSingle();
	return { ...parsed.data, className: (data?.name as string | undefined) ?? '' };
}

export const actions: Actions = {
	unlock: async ({ request, locals }) => {
		const form = await request.formData();
		const card = await target(locals, form);
		if (!card) return fail(400, { values: formValues(form), errors: {}, formError: 'not_found' });
		const { error } = await locals.supabase.rpc('unlock_login_card', { p_class_id: card.class_id, p_student_number: card.student_number });
		if (error) return dbFailure(formValues(form), error);
		return { done: 'unlocked' as const, number: card.student_number, className: card.className };
	},
	new_words: async ({ request, locals, fetch }) => {
		const form = await request.formData();
		const card = await target(locals, form);
		if (!card) return fail(400, { values: formValues(form), errors: {}, formError: 'not_found' });
		const args = { p_class_id: card.class_id, p_student_number: card.student_number };
		// The database decides whether this teacher may; only then the service role is used.
		const account = await locals.supabase.rpc('login_card_account', args);
		if (account.error) return dbFailure(formValues(form), account.error);
		const words = newSecretWords();
		const { error } = await createAdminClient(fetch).auth.admin.updateUserById(account.data as string, { password: words });
		if (error) {
			console.error('Could not set new secret words:', error);
			return fail(500, { values: formValues(form), errors: {}, formError: 'unexpected' });
		}
		// Then every session of the child ends (the old words already fail) and the card unlocks.
		const ended = await locals.supabase.rpc('end_login_card_sessions', args);
		if (ended.error) return dbFailure(formValues(form), ended.error);
		return { done: 'new_words' as const, number: card.student_number, className: card.className, words };
	}
};
