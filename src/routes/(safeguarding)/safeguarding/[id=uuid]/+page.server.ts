import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues, formVersion, parseForm } from '$lib/server/forms';
import type { Flags } from '$lib/server/screening';
import { actionSchema, releaseSchema } from './schema';
import type { Actions, PageServerLoad } from './$types';

interface Item {
	id: string;
	school_name_zh: string;
	school_name_en: string;
	class_name: string;
	age_band: string;
	author_display_name: string | null;
	student_number: number | null;
	title: string;
	problem: string;
	suggestions: string;
	who_should_act: string;
	flags: Flags | null;
	submitted_at: string;
	escalated_at: string | null;
	escalated_by: string | null;
	status: 'open' | 'closed';
	version: number;
}

/**
 * One escalated item, read through safeguarding_item(): the database logs this read (who, when)
 * before it returns anything. Then its case log.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const item = await locals.supabase.rpc('safeguarding_item', { p_submission_id: params.id }).maybeSingle<Item>();
	if (item.error) {
		const key = item.error.message;
		if (key === 'not_allowed') error(403, m.error_forbidden());
		// Not found, or no longer escalated (released meanwhile): not a page any more.
		if (key === 'not_found' || key === 'invalid_state') error(404, m.error_not_found());
		throw item.error;
	}
	if (!item.data) error(404, m.error_not_found());
	const log = await locals.supabase
		.from('safeguarding_actions')
		.select('id, kind, note, created_at, actor_id')
		.eq('submission_id', params.id)
		.order('id')
		.limit(500);
	if (log.error) throw log.error;
	return { item: item.data, log: log.data, done: url.searchParams.get('done') };
};

export const actions: Actions = {
	record: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(actionSchema, form, { name: 'record' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('record_safeguarding_action', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_kind: parsed.data.kind,
			p_note: parsed.data.note
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'record');
		redirect(303, localizeHref(`/safeguarding/${params.id}?done=recorded`));
	},
	release: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(releaseSchema, form, { name: 'release' });
		if (parsed.failure) return parsed.failure;
		const { error: dbError } = await locals.supabase.rpc('release_submission', {
			p_submission_id: params.id,
			p_version: formVersion(form),
			p_reason: parsed.data.release_reason
		});
		if (dbError) return dbFailure(formValues(form), dbError, 'release');
		redirect(303, localizeHref('/safeguarding?done=released'));
	}
};
