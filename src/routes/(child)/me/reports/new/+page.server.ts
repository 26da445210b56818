import { fail, redirect } from '@sveltejs/kit';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { childStanding } from '$lib/server/consent';
import { discardDraftOfForm, draftFields, draftOfForm, draftVersion, saveDraft, saveDraftOver } from '$lib/server/drafts';
import { isLanguageSwitch, switchLanguage, type LanguageForm, type SwitchTarget } from '$lib/server/language-switch';
import { dbFailure, formValues, parseForm } from '$lib/server/forms';
import { cleanPhoto, PHOTO_LIMITS, type CleanPhoto } from '$lib/server/photos';
import { newRequestKey, requestKeyOf } from '$lib/server/request-key';
import { childPlaces, reportScreening, uploadPhotos } from '$lib/server/street-reports';
import { bandOf } from '$lib/server/age-band';
import type { RequestClient } from '$lib/server/supabase';
import { topicText } from '$lib/components/street-report/labels';
import { youngReportTitle } from '../compose';
import { reportSchema, reportStepSchema } from '../schema';
import { REPORT_STEPS, reportSteps, type ReportView } from './steps';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, request, locals }) => {
	// As the proposal form: one request key per form, kept in its address (?form=).
	const requestKey = requestKeyOf(url.searchParams.get('form'));
	// `view=all`: the 10–13 questions on one page instead of one at a time (kept on the new address).
	// After a language switch ($lib/server/language-switch.ts) `view` names the question or the
	// summary on show, and `from=check` that it was opened by "change" on the summary.
	const addressed = reportSteps.viewOf(url.searchParams.get('view'));
	const allOnOnePage = addressed === 'all';
	if (!requestKey && request.method === 'GET') redirect(303, `${url.pathname}?form=${newRequestKey()}${allOnOnePage ? '&view=all' : ''}`);
	// The key also names the form's draft (e.g. text held through a sign-in after the session ended).
	const [standing, places, band, draft] = await Promise.all([
		childStanding(locals.supabase),
		childPlaces(locals.supabase),
		bandOf(locals.supabase),
		requestKey ? draftOfForm(locals.supabase, requestKey) : null
	]);
	const saved = draft?.kind === 'street_report' ? { fields: draft.fields, version: draft.version } : null;
	// 10–13: where the guided steps start (a draft opened again carries on at its first blank question).
	const view: ReportView = addressed ?? reportSteps.resumeView(saved?.fields ?? {});
	const key = requestKey ?? newRequestKey();
	return {
		requestKey: key,
		standing,
		places,
		limits: PHOTO_LIMITS,
		band,
		draft: saved,
		view,
		fromCheck: reportSteps.isStep(view) && url.searchParams.get('from') === 'check',
		// The header's language control posts this form (to its own address: a default action).
		languageForm: { action: `?form=${key}` } satisfies LanguageForm
	};
};

/** This form, for the language switch: its guided views are kept in the other language's address. */
const SWITCH: SwitchTarget = { route: 'new_report', guided: { views: [...REPORT_STEPS, 'check', 'all'], steps: REPORT_STEPS } };

/** Save the form's draft on the way between questions (as the proposal's steps do); a draft saved meanwhile from another tab of the same form is overwritten. Best effort: the answers also travel in the form. */
async function saveStepDraft(supabase: RequestClient, requestKey: string | null, form: FormData): Promise<number | undefined> {
	const fields = draftFields('street_report', form);
	if (!requestKey || !fields) return undefined;
	const saved = await saveDraftOver(supabase, { formKey: requestKey, kind: 'street_report', fields, version: draftVersion(form) });
	return saved.version;
}

/**
 * A 10–13 post that moves between the guided steps (./steps.ts): "Continue" checks the question
 * on show, "Back", "change" and "all on one page" check nothing; each saves the draft and answers
 * with every value posted and the view to show. Null for a send, which the caller checks whole.
 * Photos posted with a move (chosen on the summary, then "change") are not read: they are asked
 * again on the summary, which says so.
 */
async function guidedMove(supabase: RequestClient, form: FormData, requestKey: string | null) {
	const steps = reportSteps;
	const nav = steps.guidedNav(form);
	const fromCheck = form.get('from_check') === 'yes';
	if (nav.kind === 'send' || nav.kind === 'draft') return null;
	if (nav.kind === 'next') {
		const parsed = parseForm(reportStepSchema(nav.step), form);
		if (parsed.failure) return fail(400, { ...parsed.failure.data, view: nav.step, fromCheck });
	}
	const view: ReportView =
		nav.kind === 'next'
			? steps.nextView(nav.step, fromCheck)
			: nav.kind === 'back'
				? (steps.previousView(nav.view, fromCheck) ?? nav.view)
				: nav.kind === 'change'
					? nav.step
					: nav.kind === 'steps'
						? steps.resumeView(Object.fromEntries(form))
						: 'all';
	const draftVersion = await saveStepDraft(supabase, requestKey, form);
	const values = formValues(form);
	if (draftVersion) values.draft_version = String(draftVersion);
	return { values, errors: {}, view, fromCheck: nav.kind === 'change' || (fromCheck && steps.isStep(view)), ...(draftVersion ? { draftVersion } : {}) };
}

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const requestKey = requestKeyOf(form.get('request_id'));

		// The header's language control (url-encoded: no photos): keep what was typed as the
		// draft, then the other language.
		if (isLanguageSwitch(form)) return switchLanguage(locals.supabase, form, SWITCH, getLocale());

		// "Save draft" (the button works without JavaScript; the script autosaves the same way).
		// Photos are never part of a draft: the page says to choose them again.
		if (form.get('intent') === 'draft') {
			const values = formValues(form);
			const fields = draftFields('street_report', form);
			if (!requestKey || !fields) return fail(400, { values, errors: {}, formError: 'nothing_to_save' });
			const saved = await saveDraft(locals.supabase, { formKey: requestKey, kind: 'street_report', fields, version: draftVersion(form) });
			if (saved.error) return fail(saved.error === 'stale_version' ? 409 : 400, { values, errors: {}, formError: saved.error === 'stale_version' ? 'draft_changed' : saved.error });
			return { values: { ...values, draft_version: String(saved.version) }, errors: {}, draftSaved: true, draftVersion: saved.version! };
		}

		const band = await bandOf(locals.supabase);
		if (band === '10-13') {
			const moved = await guidedMove(locals.supabase, form, requestKey);
			if (moved) return moved;
		}
		// 6–9: no "short name" to type; it is made from the picture card and "what is wrong", then
		// checked by the same schema as every band's post.
		if (band === '6-9' && !String(form.get('title') ?? '').trim()) {
			const topic = form.get('topic');
			const description = form.get('description');
			if (typeof topic === 'string' && typeof description === 'string' && description.length <= 4 * 500) {
				form.set('title', youngReportTitle(topicText(topic), description));
			}
		}
		const values = formValues(form);
		const files = form.getAll('photos').filter((f): f is File => typeof f !== 'string' && f.size > 0);
		const parsed = parseForm(reportSchema, form);
		if (parsed.failure) return parsed.failure;
		const r = parsed.data;

		// Photos: counted and sized before anything is decoded, then checked by content and
		// re-encoded one by one. A refused photo stops the form with everything typed kept.
		if (files.length > PHOTO_LIMITS.count) {
			return fail(400, { values, errors: { photos: { code: 'photo_too_many', max: PHOTO_LIMITS.count } } });
		}
		const photos: CleanPhoto[] = [];
		for (const file of files) {
			if (file.size > PHOTO_LIMITS.bytes) {
				return fail(400, { values, errors: { photos: { code: 'photo_too_large', max: PHOTO_LIMITS.bytes / (1024 * 1024) } } });
			}
			const cleaned = await cleanPhoto(new Uint8Array(await file.arrayBuffer()));
			if (cleaned.refused) return fail(400, { values, errors: { photos: { code: `photo_${cleaned.refused}` } } });
			photos.push(cleaned.photo);
		}

		const text = { title: r.title, problem: r.description, suggestions: r.suggestions ?? '', place_text: r.place_text ?? '' };
		const screening = reportScreening(text, getLocale(), form.get('send_anyway') === 'yes');
		if (screening.warn) return fail(400, { values, errors: {}, warning: screening.warn, photosDropped: photos.length > 0 });

		const { data, error } = await locals.supabase
			.rpc('submit_street_report', {
				p_title: r.title,
				p_description: r.description,
				p_topic: r.topic,
				p_urgency: r.urgency,
				p_place_id: r.place_id,
				p_place_text: r.place_text,
				p_suggestions: r.suggestions,
				p_photos: photos.map((p) => ({ width: p.width, height: p.height, bytes: p.data.byteLength })),
				p_request_id: requestKey,
				p_flags: screening.flags
			})
			.single<{ id: string; created: boolean; photo_names: string[] }>();
		if (error) return dbFailure(values, error);
		const failed = data.created ? await uploadPhotos(locals.supabase, data.photo_names, photos) : 0;
		if (requestKey) await discardDraftOfForm(locals.supabase, requestKey);
		const done = data.created ? (failed > 0 ? 'submitted_photos_failed' : 'submitted') : 'already_sent';
		redirect(303, localizeHref(`/me/reports/${data.id}?done=${done}`));
	}
};
