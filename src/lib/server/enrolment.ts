import { newNicknames } from './cards/nicknames';
import { newSecretWords, type CardLanguage } from './cards/secret-words';
import type { CardSheet, IssuedCard } from './cards/sheet';
import { loginHandle, normalizeSecretWords } from './login-card';
import type { createAdminClient, RequestClient } from './supabase';

type AdminClient = ReturnType<typeof createAdminClient>;

/** What adding children ended in: the cards to print, or the database's refusal (a message key). */
export type EnrolmentResult =
	| { ok: true; sheet: CardSheet; first: number; last: number }
	| { ok: false; error: { message: string }; stage: 'begin' | 'accounts' | 'finish' };

/** Auth admin calls at a time: enough to add a class quickly, few enough not to crowd Auth. */
const PARALLEL = 4;

/**
 * Add `count` children to a class in one step that makes all of them or none (supabase/README.md
 * "Classes and children"): the database checks the teacher and reserves numbers
 * (`begin_enrolment`), the service role creates one Auth account per card (login handle, secret
 * words, app_metadata marking the batch), and `finish_enrolment` makes them children of the class
 * in one transaction. If any step fails, the accounts made so far are deleted and the batch
 * cancelled.
 *
 * @param supabase the teacher's client (every database call is theirs)
 * @param admin the service-role client, used only for the Auth admin calls
 * @param language the cards' (and nicknames') language
 */
export async function addChildren(
	supabase: RequestClient,
	admin: AdminClient,
	cls: { id: string; name: string },
	count: number,
	language: CardLanguage
): Promise<EnrolmentResult> {
	const begun = await supabase.rpc('begin_enrolment', { p_class_id: cls.id, p_count: count }).single();
	if (begun.error) return { ok: false, error: begun.error, stage: 'begin' };
	const { batch_id: batch, class_code: code, first_number: first } = begun.data as { batch_id: string; class_code: string; first_number: number };

	const made: string[] = [];
	const rollback = async () => {
		// Best effort: an account left behind has no role (can do nothing) and its number is skipped.
		await runLimited(made, PARALLEL, async (id) => {
			const { error } = await admin.auth.admin.deleteUser(id);
			if (error && error.status !== 404) console.error('Could not delete an account of a failed enrolment:', error);
		});
		await supabase.rpc('cancel_enrolment', { p_batch_id: batch });
	};

	try {
		const taken = await supabase.rpc('class_children', { p_class_id: cls.id });
		if (taken.error) throw taken.error;
		const names = newNicknames(language, count, (taken.data as { display_name: string }[]).map((c) => c.display_name));
		const cards: IssuedCard[] = names.map((nickname, i) => ({ number: first + i, nickname, words: newSecretWords(language) }));
		const accounts = new Map<number, string>();
		let failure: unknown = null;
		await runLimited(cards, PARALLEL, async (card) => {
			if (failure) return;
			const { data, error } = await admin.auth.admin.createUser({
				email: loginHandle(code, card.number),
				password: normalizeSecretWords(card.words),
				email_confirm: true,
				app_metadata: { enrolment_batch: batch }
			});
			if (error || !data.user) {
				failure ??= error ?? new Error('no user');
				return;
			}
			made.push(data.user.id);
			accounts.set(card.number, data.user.id);
		});
		if (failure) {
			console.error('Could not create a login card account:', failure);
			await rollback();
			return { ok: false, error: { message: 'enrolment_failed' }, stage: 'accounts' };
		}
		const children = cards.map((c) => ({ account_id: accounts.get(c.number), student_number: c.number, display_name: c.nickname }));
		const finished = await supabase.rpc('finish_enrolment', { p_batch_id: batch, p_children: children, p_locale: language });
		if (finished.error) {
			await rollback();
			return { ok: false, error: finished.error, stage: 'finish' };
		}
		return { ok: true, first, last: first + count - 1, sheet: { classId: cls.id, className: cls.name, classCode: code, language, cards } };
	} catch (e) {
		console.error('Adding children failed:', e);
		await rollback();
		return { ok: false, error: { message: 'enrolment_failed' }, stage: 'accounts' };
	}
}

/** Run `fn` over `items`, at most `limit` at a time. */
async function runLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) await fn(items[next++]!);
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
