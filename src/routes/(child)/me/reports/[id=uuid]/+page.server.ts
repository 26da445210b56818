import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues, formVersion, parseForm } from '$lib/server/forms';
import { discardDraftOfForm, resubmitDraft } from '$lib/server/drafts';
import { loadChildFollow, rateAnswer, withdrawSubmission } from '$lib/server/child-follow';
import { isLanguageSwitch, switchLanguage, type LanguageForm } from '$lib/server/language-switch';
import { cleanPhoto, PHOTO_LIMITS, type CleanPhoto } from '$lib/server/photos';
import { childPlaces, loadReportFacts, removeQueuedPhotosNow, reportScreening, uploadPhotos } from '$lib/server/street-reports';
import { reportSchema } from '../schema';
import type { Actions, PageServerLoad } from './$types';

/**
 * The child's own street report: what they sent, where it is on its way (status path, due date,
 * lateness), the answer when there is one and the progress after it, as for a proposal.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const [report, facts, follow, goals] = await Promise.all([
		locals.supabase.from('my_submissions').select('*').eq('id', params.id).eq('kind', 'street_report').maybeSingle(),
		loadReportFacts(locals.supabase, params.id),
		loadChildFollow(locals.supabase, params.id),
		locals.supabase
			.from('submission_answer_goals')
			.select('goal_id, code, category, title_zh, title_en')
			.eq('submission_id', params.id)
			.order('code')
	]);
	if (report.error) throw report.error;
	if (!report.data || !facts) error(404, m.error_not_found());
	// The places list only for the resubmit form (a returned report).
	// With it, the text held through a sign-in after the session ended (its draft, keyed by the id).
	const returned = report.data.state === 'returned';
	const [places, draft] = returned
		? await Promise.all([childPlaces(locals.supabase), resubmitDraft(locals.supabase, params.id, 'street_report')])
		: [[], null];
	return {
		report: report.data,
		facts,
		...follow,
		goals: goals.data ?? [],
		places,
		draft,
		limits: PHOTO_LIMITS,
		done: url.searchParams.get('done'),
		// "Are you sure?" before a withdrawal, as a page state so it works without JavaScript.
		confirmWithdraw: url.searchParams.get('confirm') === 'withdraw',
		// Back from the header's language control: the page says the words were kept.
		kept: url.searchParams.get('kept') === 'language' && returned,
		// A returned report's resubmit form: the header's language control posts it (url-encoded).
		languageForm: returned ? ({ action: '?/resubmit' } satisfies LanguageForm) : undefined
	};
};

/**
 * The files of a photo post, checked as on the first upload: counted against the free places
 * and sized before anything is decoded, then recognised by content and re-encoded one by one.
 */
async function cleanFiles(
	form: FormData,
	free: number
): Promise<{ photos: CleanPhoto[]; error?: undefined } | { photos?: undefined; error: { code: string; max?: number } }> {
	const files = form.getAll('photos').filter((f): f is File => typeof f !== 'string' && f.size > 0);
	if (files.length === 0) return { error: { code: 'photo_none' } };
	if (files.length > free) return { error: { code: 'photo_too_many', max: PHOTO_LIMITS.count } };
	const photos: CleanPhoto[] = [];
	for (const file of files) {
		if (file.size > PHOTO_LIMITS.bytes) return { error: { code: 'photo_too_large', max: PHOTO_LIMITS.bytes / (1024 * 1024) } };
		const cleaned = await cleanPhoto(new Uint8Array(await file.arrayBuffer()));
		if (cleaned.refused) return { error: { code: `photo_${cleaned.refused}` } };
		photos.push(cleaned.photo);
	}
	return { photos };
}

export const actions: Actions = {
	/** Did the answer help? Optional; the database keeps it where only counts are read. */
	rate: (event) => rateAnswer(event, '/me/reports'),
	/** The child takes it back (submitted or returned only; the database checks state and version). */
	withdraw: (event) => withdrawSubmission(event, '/me/reports'),
	/** A returned report, changed and sent again (photos are added or removed with their own forms). */
	resubmit: async ({ request, locals, params }) => {
		const form = await request.formData();
		// The header's language control: keep what was typed as the form's draft, then the other language.
		if (isLanguageSwitch(form)) return switchLanguage(locals.supabase, form, { route: 'resubmit_report', id: params.id }, getLocale(), 'resubmit');
		const values = formValues(form);
		const parsed = parseForm(reportSchema, form, { name: 'resubmit' });
		if (parsed.failure) return parsed.failure;
		const r = parsed.data;
		const text = { title: r.title, problem: r.description, suggestions: r.suggestions ?? '', place_text: r.place_text ?? '' };
		const screening = reportScreening(text, getLocale(), form.get('send_anyway') === 'yes');
		if (screening.warn) return fail(400, { values, errors: {}, warning: screening.warn, form: 'resubmit' });
		const { error: dbError } = await locals.supabase.rpc('resubmit_street_report', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_title: r.title,
			p_description: r.description,
			p_topic: r.topic,
			p_urgency: r.urgency,
			p_place_id: r.place_id,
			p_place_text: r.place_text,
			p_suggestions: r.suggestions,
			p_flags: screening.flags
		});
		if (dbError) return dbFailure(values, dbError, 'resubmit');
		await discardDraftOfForm(locals.supabase, params.id);
		redirect(303, localizeHref(`/me/reports/${params.id}?done=resubmitted`));
	},
	/** More photos, while the report is with the child or waiting for the teacher (3 at most in all). */
	add_photo: async ({ request, locals, params }) => {
		const form = await request.formData();
		const { count, error: countError } = await locals.supabase
			.from('street_report_photos')
			.select('id', { count: 'exact', head: true })
			.eq('submission_id', params.id);
		if (countError) throw countError;
		const cleaned = await cleanFiles(form, PHOTO_LIMITS.count - (count ?? 0));
		if (cleaned.error) return fail(400, { values: {}, errors: { photos: cleaned.error }, form: 'photos' });
		let version = formVersion(form);
		let failed = 0;
		for (const photo of cleaned.photos) {
			const { data, error: dbError } = await locals.supabase
				.rpc('add_street_report_photo', {
					p_submission_id: params.id,
					p_version: version,
					p_width: photo.width,
					p_height: photo.height,
					p_bytes: photo.data.byteLength
				})
				.single<{ id: string; object_name: string }>();
			if (dbError?.message === 'photo_too_many') {
				return fail(400, { values: {}, errors: { photos: { code: 'photo_too_many', max: PHOTO_LIMITS.count } }, form: 'photos' });
			}
			if (dbError) return dbFailure({}, dbError, 'photos');
			// The next photo of the same post follows the version this one made.
			version = version === null ? null : version + 1;
			if ((await uploadPhotos(locals.supabase, [data.object_name], [photo])) > 0) {
				// The row without its bytes would show a broken photo: take it back.
				failed++;
				await locals.supabase.rpc('remove_street_report_photo', { p_photo_id: data.id, p_version: version });
				version = version === null ? null : version + 1;
			}
		}
		redirect(303, localizeHref(`/me/reports/${params.id}?done=${failed > 0 ? 'photos_failed' : 'photo_added'}#photos`));
	},
	/** Take a photo away (its Storage object is removed at once, through the removal queue). */
	remove_photo: async ({ request, locals, params, fetch }) => {
		const form = await request.formData();
		const photoId = String(form.get('photo_id') ?? '');
		const { error: dbError } = await locals.supabase.rpc('remove_street_report_photo', {
			p_photo_id: /^[0-9a-f-]{36}$/i.test(photoId) ? photoId : '00000000-0000-0000-0000-000000000000',
			p_version: formVersion(form)
		});
		if (dbError) return dbFailure({}, dbError, 'photos');
		await removeQueuedPhotosNow(fetch);
		redirect(303, localizeHref(`/me/reports/${params.id}?done=photo_removed#photos`));
	}
};
