/**
 * The header's language control on a child's half-written form (issue 9 §4: "switching language
 * or leaving a half-written form does not lose text").
 *
 * On the four child forms that keep a draft (a new proposal, a new street report, and the resubmit
 * forms of a returned proposal and a returned street report) the header's language control is a
 * submit button of the page's form (`form="child-form"`, `name="intent" value="language"`,
 * url-encoded so photos are never uploaded): the layout renders it when the page's data has a
 * `languageForm` ({@link languageForm}), every other page keeps the plain link. The form's action
 * hands such a post to {@link switchLanguage}, which saves what was typed as the form's draft —
 * without checking or sending it, over a draft saved meanwhile — and answers with a 303 to the
 * same form in the other language ({@link switchAddress}), which opens that draft. Without
 * JavaScript nothing typed is lost; with it the same post replaces the children's script's
 * "save when the page is left" (a request the browser may still be sending when the next page
 * is read).
 *
 * The redirect's address is built from this module's own route table and validated values only
 * (the request key and the guided view are checked against what the server issues; a resubmit
 * form's id comes from the route): a post cannot change its path or add a parameter
 * (language-switch.test.ts, a property test).
 *
 * If the draft cannot be saved (too long, 20 drafts already, a database fault) the child stays on
 * the form, in the same language, with everything typed and a translated error. A session that
 * ended never reaches the action: the group guard sends the post to the held sign-in
 * ($lib/server/held-form.ts), which keeps the text.
 */
import { error, fail, redirect, type ActionFailure } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { LOCALES, type AppLocale } from '$lib/i18n/negotiate';
import { discardDraftOfForm, draftFields, draftVersion, saveDraftOver, type DraftKind } from './drafts';
import { formValues, type FormFailure } from './forms';
import { requestKeyOf } from './request-key';
import type { RequestClient } from './supabase';

/** The posted `intent` of the header's language button. */
export const LANGUAGE_INTENT = 'language';

/** The forms whose language control posts the form, each with its address (without the locale). */
export const LANGUAGE_ROUTES = {
	new_proposal: { kind: 'proposal', path: () => '/me/proposals/new' },
	new_report: { kind: 'street_report', path: () => '/me/reports/new' },
	resubmit_proposal: { kind: 'proposal', path: (id: string) => `/me/proposals/${id}` },
	resubmit_report: { kind: 'street_report', path: (id: string) => `/me/reports/${id}` }
} as const satisfies Record<string, { kind: DraftKind; path: (id: string) => string }>;
export type LanguageRoute = keyof typeof LANGUAGE_ROUTES;

/** What the layout reads from a page's data to render the language control as the form's button. */
export interface LanguageForm {
	/**
	 * The button's `formaction`: the form's own action in the page's language. A named action is
	 * `?/resubmit`; a page with a default action posts to its own address (`?form=<key>`): SvelteKit
	 * reserves `?/default`, and the key in the address also brings a post back to the form after
	 * a sign-in.
	 */
	action: string;
}

/** True for a post of the header's language button. */
export function isLanguageSwitch(form: FormData): boolean {
	return form.get('intent') === LANGUAGE_INTENT;
}

/** The language the control switches to. */
export function otherLocale(locale: string): AppLocale {
	return locale === 'en' ? 'zh-CN' : 'en';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Which form a switch comes from: the route, and the submission's id for a resubmit form. */
export interface SwitchTarget {
	route: LanguageRoute;
	/** The submission (the route's own `[id=uuid]` parameter); resubmit forms only. */
	id?: string;
	/**
	 * A guided form's views (10–13: its steps, `check`, `all`) and which of them are steps; the
	 * posted view is kept in the address only when it is one of these.
	 */
	guided?: { views: readonly string[]; steps: readonly string[] };
}

/**
 * The same form in `locale`, with its address state: a new form's request key (`form`, so its
 * draft opens), a guided form's view (`view`) and whether its question was opened by "change" on
 * the summary (`from=check`, so "Continue" leads back there); a resubmit form's `kept=language`
 * (the page says the words were kept). Every part is the server's own or checked: a posted value
 * that is not a request key, a known view or `yes` is left out, never copied.
 *
 * @param posted the form as posted (`request_id`, `view`, `from_check`)
 * @returns a path with query, e.g. `/en/me/proposals/new?form=<uuid>&view=problem&from=check`
 */
export function switchAddress(target: SwitchTarget, posted: FormData, locale: AppLocale): string {
	if (!LOCALES.includes(locale)) throw new Error(`unknown locale ${String(locale)}`);
	const route = LANGUAGE_ROUTES[target.route];
	if (target.route === 'resubmit_proposal' || target.route === 'resubmit_report') {
		const id = String(target.id ?? '').toLowerCase();
		if (!UUID.test(id)) throw new Error('a resubmit form needs its submission id');
		return `/${locale}${route.path(id)}?kept=language`;
	}
	const query = new URLSearchParams();
	const key = requestKeyOf(posted.get('request_id'));
	if (key) query.set('form', key);
	const view = posted.get('view');
	if (target.guided && typeof view === 'string' && target.guided.views.includes(view)) {
		query.set('view', view);
		if (posted.get('from_check') === 'yes' && target.guided.steps.includes(view)) query.set('from', 'check');
	}
	const search = query.toString();
	return `/${locale}${route.path('')}${search ? `?${search}` : ''}`;
}

/** The error a child reads when the draft could not be saved, by the database's key. */
function switchError(saveError: string): { status: number; formError: string } {
	if (saveError === 'draft_too_large') return { status: 400, formError: 'language_too_long' };
	if (saveError === 'too_many_drafts') return { status: 400, formError: 'language_too_many_drafts' };
	return { status: 503, formError: 'language_not_kept' };
}

/**
 * A post of the header's language button on one of the four forms: save what was typed as the
 * form's draft (not checked, not sent; over a draft saved meanwhile from another tab, as the
 * guided steps do), then redirect (303) to the same form in the other language.
 *
 * A resubmit form is only the caller's own returned submission's: another id is refused (404,
 * nothing saved; RLS on my_submissions shows a child only their own), a submission no longer
 * returned is "it changed" (409). With nothing typed any saved draft of the form is deleted, so the
 * other language shows the form as left.
 *
 * @param name which form of the page this is, echoed in a failure (as the page's other failures)
 * @returns the failure to show (the child stays on the form in the same language with all that was
 *   typed); never returns on success (throws SvelteKit's redirect)
 */
export async function switchLanguage(
	supabase: RequestClient,
	form: FormData,
	target: SwitchTarget,
	locale: string,
	name?: string
): Promise<ActionFailure<FormFailure>> {
	const { kind } = LANGUAGE_ROUTES[target.route];
	const values = formValues(form);
	const named = name ? { form: name } : {};
	const failure = (status: number, formError: string) => fail(status, { values, errors: {}, formError, ...named });
	const resubmit = target.route === 'resubmit_proposal' || target.route === 'resubmit_report';
	let formKey: string | null;
	if (resubmit) {
		formKey = requestKeyOf(target.id ?? null);
		const { data, error: readError } = formKey
			? await supabase.from('my_submissions').select('id, kind, state').eq('id', formKey).maybeSingle<{ id: string; kind: string; state: string }>()
			: { data: null, error: null };
		if (readError) {
			console.error('Language switch: the submission could not be read:', readError);
			return failure(503, 'language_not_kept');
		}
		if (!data || data.kind !== kind) error(404, m.error_not_found());
		if (data.state !== 'returned') return failure(409, 'stale_version');
	} else {
		formKey = requestKeyOf(form.get('request_id'));
		if (!formKey) return failure(400, 'language_not_kept');
	}
	const fields = draftFields(kind, form);
	if (fields) {
		const saved = await saveDraftOver(supabase, { formKey: formKey!, kind, fields, version: draftVersion(form) }).catch((e: unknown) => ({
			error: e instanceof Error ? e.message : 'unexpected'
		}));
		if (saved.error) {
			const { status, formError } = switchError(saved.error);
			if (status >= 500) console.error('Language switch: the draft could not be saved:', saved.error);
			return failure(status, formError);
		}
	} else {
		await discardDraftOfForm(supabase, formKey!).catch(() => undefined);
	}
	redirect(303, switchAddress(target, form, otherLocale(locale)));
}
