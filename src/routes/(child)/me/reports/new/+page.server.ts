import { fail, redirect } from '@sveltejs/kit';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { childStanding } from '$lib/server/consent';
import { discardDraftOfForm, draftOfForm } from '$lib/server/drafts';
import { dbFailure, formValues, parseForm } from '$lib/server/forms';
import { cleanPhoto, PHOTO_LIMITS, type CleanPhoto } from '$lib/server/photos';
import { newRequestKey, requestKeyOf } from '$lib/server/request-key';
import { childPlaces, reportScreening, uploadPhotos } from '$lib/server/street-reports';
import { bandOf } from '$lib/server/age-band';
import { topicText } from '$lib/components/street-report/labels';
import { youngReportTitle } from '../compose';
import { reportSchema } from '../schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, request, locals }) => {
	// As the proposal form: one request key per form, kept in its address (?form=).
	const requestKey = requestKeyOf(url.searchParams.get('form'));
	if (!requestKey && request.method === 'GET') redirect(303, `${url.pathname}?form=${newRequestKey()}`);
	// The key also names the form's draft (e.g. text held through a sign-in after the session ended).
	const [standing, places, band, draft] = await Promise.all([
		childStanding(locals.supabase),
		childPlaces(locals.supabase),
		bandOf(locals.supabase),
		requestKey ? draftOfForm(locals.supabase, requestKey) : null
	]);
	return {
		requestKey: requestKey ?? newRequestKey(),
		standing,
		places,
		limits: PHOTO_LIMITS,
		band,
		draft: draft?.kind === 'street_report' ? { fields: draft.fields, version: draft.version } : null
	};
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await request.formData();
		// 6–9: no "short name" to type; it is made from the picture card and "what is wrong", then
		// checked by the same schema as every band's post.
		if ((await bandOf(locals.supabase)) === '6-9' && !String(form.get('title') ?? '').trim()) {
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
				p_request_id: requestKeyOf(form.get('request_id')),
				p_flags: screening.flags
			})
			.single<{ id: string; created: boolean; photo_names: string[] }>();
		if (error) return dbFailure(values, error);
		const failed = data.created ? await uploadPhotos(locals.supabase, data.photo_names, photos) : 0;
		const key = requestKeyOf(form.get('request_id'));
		if (key) await discardDraftOfForm(locals.supabase, key);
		const done = data.created ? (failed > 0 ? 'submitted_photos_failed' : 'submitted') : 'already_sent';
		redirect(303, localizeHref(`/me/reports/${data.id}?done=${done}`));
	}
};
