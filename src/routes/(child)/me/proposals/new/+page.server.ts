import { fail, redirect } from '@sveltejs/kit';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { proposalSchema } from '$lib/forms/proposal';
import type { PictureCard } from '$lib/forms/limits';
import { childStanding } from '$lib/server/consent';
import { discardDraftOfForm, draftFields, draftOfForm, draftVersion, saveDraft, saveDraftOver } from '$lib/server/drafts';
import { isLanguageSwitch, switchLanguage, type LanguageForm, type SwitchTarget } from '$lib/server/language-switch';
import { dbFailure, formValues, parseForm } from '$lib/server/forms';
import { newRequestKey, requestKeyOf } from '$lib/server/request-key';
import { childScreening } from '$lib/server/screening';
import type { RequestClient } from '$lib/server/supabase';
import { bandOf, type FormBand } from '$lib/server/age-band';
import { composeFull, composeYoung, type ComposeWords, type StoredProposal } from './compose';
import { fullSchema, guidedStepSchema, youngSchema } from './schema';
import { GUIDED_STEPS, guidedNav, isStep, nextView, previousView, resumeView, viewOf, type GuidedView } from './steps';
import type { Actions, PageServerLoad } from './$types';

const WHO: Record<PictureCard, () => string> = {
	school: m.form_who_school,
	playground: m.form_who_school,
	park: m.form_who_park,
	street: m.form_who_street,
	toilet: m.form_who_toilet,
	food: m.form_who_food,
	nature: m.form_who_nature,
	other: m.form_who_other
};
const PICTURE: Record<PictureCard, () => string> = {
	school: m.form_picture_school,
	playground: m.form_picture_playground,
	park: m.form_picture_park,
	street: m.form_picture_street,
	toilet: m.form_picture_toilet,
	food: m.form_picture_food,
	nature: m.form_picture_nature,
	other: m.form_picture_other
};
const words = (): ComposeWords => ({
	picture: (card) => PICTURE[card](),
	who: (card) => WHO[card](),
	analysisHeading: m.form_analysis_heading()
});

export const load: PageServerLoad = async ({ url, request, locals }) => {
	// Each new form gets its own request key, kept in its address: Back (which fetches the page
	// again) and a re-post then carry the same key, and a new form always has a new one. A failed
	// post is shown where it was sent, with what was typed (never redirected away from it). The
	// key also names the form's draft: opening the address again (a language switch, "carry on"
	// on /me) shows what was saved.
	const requestKey = requestKeyOf(url.searchParams.get('form'));
	// `view=all`: the 10–13 questions on one page instead of one at a time (kept on the new address).
	// After a language switch ($lib/server/language-switch.ts) `view` names the question or the
	// summary on show, and `from=check` that it was opened by "change" on the summary.
	const addressed = viewOf(url.searchParams.get('view'));
	const allOnOnePage = addressed === 'all';
	if (!requestKey && request.method === 'GET') redirect(303, `${url.pathname}?form=${newRequestKey()}${allOnOnePage ? '&view=all' : ''}`);
	// Said before writing: a child without consent may still draft here, but sending is refused.
	const [standing, band, draft] = await Promise.all([
		childStanding(locals.supabase),
		bandOf(locals.supabase),
		requestKey ? draftOfForm(locals.supabase, requestKey) : null
	]);
	const saved = draft?.kind === 'proposal' ? { fields: draft.fields, version: draft.version } : null;
	// 10–13: where the guided steps start (a draft opened again carries on at its first blank question).
	const view: GuidedView = addressed ?? resumeView(saved?.fields ?? {});
	const fromCheck = isStep(view) && url.searchParams.get('from') === 'check';
	const key = requestKey ?? newRequestKey();
	// The header's language control posts this form (to its own address: a default action).
	const languageForm: LanguageForm = { action: `?form=${key}` };
	return { requestKey: key, standing, band, draft: saved, view, fromCheck, languageForm };
};

/** This form, for the language switch: its guided views are kept in the other language's address. */
const SWITCH: SwitchTarget = { route: 'new_proposal', guided: { views: [...GUIDED_STEPS, 'check', 'all'], steps: GUIDED_STEPS } };

/** The post checked by the form of the child's band, as the four stored fields. */
function parseByBand(band: FormBand, form: FormData): { data: StoredProposal; failure?: undefined } | { failure: ReturnType<typeof fail> } {
	if (band === '6-9') {
		const parsed = parseForm(youngSchema, form);
		return parsed.failure ? { failure: parsed.failure } : { data: composeYoung(parsed.data, words()) };
	}
	if (band === '14-17') {
		const parsed = parseForm(fullSchema, form);
		return parsed.failure ? { failure: parsed.failure } : { data: composeFull(parsed.data, words()) };
	}
	const parsed = parseForm(proposalSchema, form);
	return parsed.failure ? { failure: parsed.failure } : { data: parsed.data };
}

/** Save a guided form's draft on the way between questions; a draft saved meanwhile from another tab of the same form is overwritten by the answers posted now. Best effort: the answers also travel in the form. */
async function saveStepDraft(supabase: RequestClient, requestKey: string | null, form: FormData): Promise<number | undefined> {
	const fields = draftFields('proposal', form);
	if (!requestKey || !fields) return undefined;
	const saved = await saveDraftOver(supabase, { formKey: requestKey, kind: 'proposal', fields, version: draftVersion(form) });
	return saved.version;
}

/**
 * A 10–13 post that moves between the guided steps (./steps.ts): "Continue" checks the question
 * on show, "Back", "change" and "all on one page" check nothing; each saves the draft and answers
 * with every value posted and the view to show. Null for a send, which the caller checks whole.
 */
async function guidedMove(supabase: RequestClient, form: FormData, requestKey: string | null) {
	const nav = guidedNav(form);
	const fromCheck = form.get('from_check') === 'yes';
	if (nav.kind === 'send' || nav.kind === 'draft') return null;
	if (nav.kind === 'next') {
		const parsed = parseForm(guidedStepSchema(nav.step), form);
		if (parsed.failure) return fail(400, { ...parsed.failure.data, view: nav.step, fromCheck });
	}
	const view: GuidedView =
		nav.kind === 'next'
			? nextView(nav.step, fromCheck)
			: nav.kind === 'back'
				? (previousView(nav.view, fromCheck) ?? nav.view)
				: nav.kind === 'change'
					? nav.step
					: nav.kind === 'steps'
						? resumeView(Object.fromEntries(form))
						: 'all';
	const draftVersion = await saveStepDraft(supabase, requestKey, form);
	const values = formValues(form);
	if (draftVersion) values.draft_version = String(draftVersion);
	return { values, errors: {}, view, fromCheck: nav.kind === 'change' || (fromCheck && isStep(view)), ...(draftVersion ? { draftVersion } : {}) };
}

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const requestKey = requestKeyOf(form.get('request_id'));

		// The header's language control: keep what was typed as the draft, then the other language.
		if (isLanguageSwitch(form)) return switchLanguage(locals.supabase, form, SWITCH, getLocale());

		// "Save draft" (the button works without JavaScript; the script autosaves the same way).
		if (form.get('intent') === 'draft') {
			const values = formValues(form);
			const fields = draftFields('proposal', form);
			if (!requestKey || !fields) return fail(400, { values, errors: {}, formError: 'nothing_to_save' });
			const saved = await saveDraft(locals.supabase, { formKey: requestKey, kind: 'proposal', fields, version: draftVersion(form) });
			if (saved.error) return fail(saved.error === 'stale_version' ? 409 : 400, { values, errors: {}, formError: saved.error === 'stale_version' ? 'draft_changed' : saved.error });
			return { values, errors: {}, draftSaved: true, draftVersion: saved.version! };
		}

		const band = await bandOf(locals.supabase);
		if (band === '10-13') {
			const moved = await guidedMove(locals.supabase, form, requestKey);
			if (moved) return moved;
		}
		const parsed = parseByBand(band, form);
		if (parsed.failure) return parsed.failure;
		const p = parsed.data;
		// Screened on the server, on the trimmed text the database stores (also without JavaScript).
		const screening = childScreening(p, getLocale(), form.get('send_anyway') === 'yes');
		if (screening.warn) return fail(400, { values: formValues(form), errors: {}, warning: screening.warn });
		const { data, error } = await locals.supabase
			.rpc('submit_proposal', {
				p_title: p.title,
				p_problem: p.problem,
				p_suggestions: p.suggestions,
				p_who_should_act: p.who_should_act,
				p_request_id: requestKey,
				p_flags: screening.flags
			})
			.single<{ id: string; created: boolean }>();
		if (error) return dbFailure(formValues(form), error);
		// Sent: the form's draft has done its job.
		if (requestKey) await discardDraftOfForm(locals.supabase, requestKey);
		// A repeated form (double click, Back + re-post) made nothing new: say so, never "sent".
		redirect(303, localizeHref(`/me/proposals/${data.id}?done=${data.created ? 'submitted' : 'already_sent'}`));
	}
};
