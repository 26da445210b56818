import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { DECISIONS } from '$lib/i18n/labels';
import { defaultTemplate } from '$lib/routing/labels';
import { dbFailure, formValues, formVersion, parseForm } from '$lib/server/forms';
import { loadReportFacts, removeQueuedPhotosNow } from '$lib/server/street-reports';
import { checkProgressPhoto, loadProgress, uploadProgressPhoto } from '$lib/server/progress-photos';
import { answerSchema } from './schema';
import { progressSchema, reassignSchema, suggestSchema } from './routing-schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	// staff_items: every item the caller serves (district, department, street office) with its
	// routing; district_inbox adds school and class, for the district's staff only.
	const [item, inbox, goals, linked, log, progress, templates, departments] = await Promise.all([
		locals.supabase.from('staff_items').select('*').eq('id', params.id).maybeSingle(),
		locals.supabase.from('district_inbox').select('school_name_zh, school_name_en, class_name').eq('id', params.id).maybeSingle(),
		locals.supabase.from('ledger_goals').select('id, edition, category, code, title_zh, title_en').order('edition', { ascending: false }).order('code'),
		locals.supabase
			.from('submission_answer_goals')
			.select('goal_id, code, category, title_zh, title_en')
			.eq('submission_id', params.id)
			.order('code'),
		locals.supabase
			.from('submission_routing_log')
			.select('id, kind, department_id, street_office_id, goal_id, note, created_at')
			.eq('submission_id', params.id)
			.order('id')
			.range(0, 99),
		loadProgress(locals.supabase, params.id),
		locals.supabase.from('reply_templates').select('decision, body'),
		locals.supabase.from('departments').select('id, name_zh, name_en').order('name_zh').range(0, 499)
	]);
	for (const r of [item, inbox, goals, log, templates, departments]) if (r.error) throw r.error;
	if (!item.data) error(404, m.error_not_found());
	const streets = await locals.supabase
		.from('street_offices')
		.select('id, name_zh, name_en')
		.eq('district_id', item.data.district_id)
		.order('name_zh')
		.range(0, 499);
	if (streets.error) throw streets.error;
	// A street report's own fields and the photos a teacher confirmed (null for a proposal).
	const report = await loadReportFacts(locals.supabase, params.id);
	return {
		submission: { ...item.data, ...(inbox.data ?? { school_name_zh: null, school_name_en: null, class_name: null }) },
		goals: goals.data ?? [],
		linked: linked.data ?? [],
		log: log.data ?? [],
		progress,
		templates: Object.fromEntries((templates.data ?? []).map((t) => [t.decision, t.body])) as Record<string, string>,
		departments: departments.data ?? [],
		streets: streets.data ?? [],
		report,
		done: url.searchParams.get('done')
	};
};

const back = (id: string, done: string) => redirect(303, localizeHref(`/staff/submissions/${id}?done=${done}`));

export const actions: Actions = {
	/**
	 * Check the answer without sending it: valid → `{ step: 'preview', values }`, and the page shows
	 * what the child will read with a send button that posts the same values to `answer`;
	 * otherwise the usual failure with the typed values.
	 */
	preview: async ({ request }) => {
		const form = await request.formData();
		const parsed = parseForm(answerSchema, form, { arrays: ['goal_ids'] });
		if (parsed.failure) return parsed.failure;
		const { decision, reply, goal_ids } = parsed.data;
		return { step: 'preview' as const, values: formValues(form), errors: {}, preview: { decision, reply, goal_ids } };
	},
	/** Back from the preview to the form, with everything typed kept. */
	edit: async ({ request }) => {
		return { step: 'edit' as const, values: formValues(await request.formData()), errors: {} };
	},
	/** Find goals by code or words (`q`): the form comes back with everything typed kept and the matches listed. */
	search: async ({ request }) => {
		return { step: 'edit' as const, values: formValues(await request.formData()), errors: {} };
	},
	/**
	 * Put the template of the chosen decision (the staff member's own, else the default) into the
	 * reply: after what is typed already, so nothing typed is lost.
	 */
	template: async ({ request, locals }) => {
		const form = await request.formData();
		const values = formValues(form);
		const decision = typeof values.decision === 'string' ? values.decision : '';
		if (!(DECISIONS as string[]).includes(decision)) {
			return { step: 'edit' as const, values, errors: { decision: { code: 'choose_one' } }, templateNeedsDecision: true };
		}
		const own = await locals.supabase.from('reply_templates').select('body').eq('decision', decision).maybeSingle();
		if (own.error) throw own.error;
		const text = own.data?.body ?? defaultTemplate(decision);
		const typed = typeof values.reply === 'string' ? values.reply.trim() : '';
		return { step: 'edit' as const, values: { ...values, reply: typed ? `${typed}\n\n${text}` : text }, errors: {} };
	},
	answer: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(answerSchema, form, { arrays: ['goal_ids'] });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('answer_submission', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_decision: parsed.data.decision,
			p_reply: parsed.data.reply,
			p_goal_ids: parsed.data.goal_ids
		});
		if (dbError) return dbFailure(formValues(form), dbError);
		redirect(303, localizeHref('/staff?done=answered'));
	},
	reassign: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(reassignSchema, form, { name: 'reassign' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('reassign_submission', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_department_id: parsed.data.department_id,
			p_street_office_id: parsed.data.street_office_id,
			p_note: parsed.data.note
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'reassign');
		// Reassigned away from the caller's own unit, they may no longer read it: back to their list.
		const still = await locals.supabase.from('staff_items').select('id').eq('id', params.id).maybeSingle();
		if (still.error) throw still.error;
		if (!still.data) redirect(303, localizeHref('/staff/routed?done=reassigned'));
		back(params.id, 'reassigned');
	},
	suggest: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(suggestSchema, form, { name: 'suggest' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('suggest_goal', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_goal_id: parsed.data.goal_id
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'suggest');
		back(params.id, 'suggested');
	},
	/**
	 * A progress update (multipart: `stage`, `progress_note`, `version`, optional file
	 * `progress_photo`, JPEG / PNG / WebP by content, ≤ 10 MiB, re-encoded before it is stored).
	 * A refused photo comes back as a field error with the stage and note kept; nothing is saved.
	 */
	progress: async ({ request, locals, params, fetch }) => {
		const form = await request.formData();
		const values = formValues(form);
		const parsed = parseForm(progressSchema, form, { name: 'progress' });
		const file = form.get('progress_photo');
		const hasPhoto = file instanceof File && file.size > 0;
		// Checked (size first, then content) before the text's errors are shown, so one round trip names both.
		const checked = hasPhoto ? await checkProgressPhoto(file) : null;
		if (checked?.code) {
			const errors = { ...(parsed.failure?.data.errors ?? {}), progress_photo: { code: checked.code, max: 10 } };
			return fail(400, { values, errors, form: 'progress' });
		}
		if (parsed.failure) return parsed.failure;
		if (!checked?.photo) {
			const { error: dbError } = await locals.supabase.rpc('add_progress_update', {
				p_submission_id: params.id,
				p_version: formVersion(form),
				p_stage: parsed.data.stage,
				p_note: parsed.data.progress_note
			});
			if (dbError) return dbFailure(values, dbError, 'progress');
			back(params.id, 'progress');
		}
		const photo = checked!.photo!;
		const { data, error: dbError } = await locals.supabase
			.rpc('add_progress_update_with_photo', {
				p_submission_id: params.id,
				p_version: formVersion(form),
				p_stage: parsed.data.stage,
				p_note: parsed.data.progress_note,
				p_width: photo.width,
				p_height: photo.height,
				p_bytes: photo.data.byteLength
			})
			.single<{ id: number; photo_id: string; object_name: string }>();
		if (dbError) return dbFailure(values, dbError, 'progress');
		const stored = await uploadProgressPhoto(locals.supabase, data.object_name, photo);
		if (stored) {
			// The update is saved; without its bytes the photo row would show a broken image: take it back.
			console.error('A progress photo could not be stored:', stored);
			const now = await locals.supabase.from('submissions').select('version').eq('id', params.id).maybeSingle();
			if (now.data) await locals.supabase.rpc('remove_progress_photo', { p_photo_id: data.photo_id, p_version: now.data.version });
			await removeQueuedPhotosNow(fetch);
			back(params.id, 'progress_without_photo');
		}
		back(params.id, 'progress');
	},
	/** Take away a progress photo attached by mistake (`photo_id`, `version`); the update stays. */
	removeProgressPhoto: async ({ request, locals, params, fetch }) => {
		const form = await request.formData();
		const values = formValues(form);
		const photoId = form.get('photo_id');
		const name = `photo-${typeof photoId === 'string' ? photoId : ''}`;
		if (typeof photoId !== 'string' || !/^[0-9a-f-]{36}$/i.test(photoId)) return fail(400, { values, errors: {}, formError: 'not_found', form: name });
		const { error: dbError } = await locals.supabase.rpc('remove_progress_photo', { p_photo_id: photoId, p_version: formVersion(form) });
		if (dbError) return dbFailure(values, dbError, name);
		await removeQueuedPhotosNow(fetch);
		back(params.id, 'progress_photo_removed');
	}
};
