import { removeQueuedPhotos } from '$lib/server/photo-removals';
import { createAdminClient } from '$lib/server/supabase';
import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues, parseForm } from '$lib/server/forms';
import { retentionSchema } from './schema';
import type { Actions, PageServerLoad } from './$types';

const CODE = /^[A-Z0-9]{1,16}$/;

/**
 * The programme's data page: retention (the period, the dry run, the last run, run now) and
 * classes (archive at the end of a school year). Classes are found by code; archived ones only
 * when asked (`?archived=1`).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const showArchived = url.searchParams.get('archived') === '1';
	const code = (url.searchParams.get('code') ?? '').trim().toUpperCase().slice(0, 16);
	let classes = locals.supabase.from('classes').select('id, name, code, grade, archived_at').order('code').limit(50);
	classes = showArchived ? classes.not('archived_at', 'is', null) : classes.is('archived_at', null);
	if (code && CODE.test(code)) classes = classes.like('code', `${code}%`);
	const [status, list, calendar] = await Promise.all([locals.supabase.rpc('retention_status').single(), classes, locals.supabase.rpc('admin_calendar_status')]);
	if (status.error) throw status.error;
	if (calendar.error) throw calendar.error;
	if (list.error) throw list.error;
	const done = url.searchParams.get('done');
	const count = Number(url.searchParams.get('count'));
	return {
		retention: status.data as { keep_months: number; cutoff: string; due: number; last_run_at: string | null; last_run_deleted: number | null },
		classes: list.data,
		showArchived,
		code,
		done: ['period', 'ran', 'archived', 'restored'].includes(done ?? '') ? done : null,
		count: Number.isInteger(count) && count >= 0 ? count : 0,
		/** Next year's working calendar missing while due dates reach it (progress2). */
		calendar: calendar.data as { next_year: number; warning: boolean }
	};
};

export const actions: Actions = {
	period: async ({ request, locals }) => {
		const form = await request.formData();
		const parsed = parseForm(retentionSchema, form, { name: 'period' });
		if (parsed.failure) return parsed.failure;
		const seen = Number(form.get('seen_months'));
		const { error } = await locals.supabase.rpc('set_retention_period', {
			p_keep_months: parsed.data.keep_months,
			p_seen_months: Number.isInteger(seen) ? seen : null
		});
		if (error) return dbFailure(formValues(form), error, 'period');
		redirect(303, localizeHref('/admin?done=period'));
	},
	run: async ({ locals, fetch }) => {
		const { data, error } = await locals.supabase.rpc('apply_retention');
		if (error) return dbFailure({}, error, 'run');
		// The photos of deleted street reports: their Storage objects go too.
		await removeQueuedPhotos(createAdminClient(fetch)).catch((e) => console.error('Photos of deleted reports stay queued for removal:', e));
		redirect(303, localizeHref(`/admin?done=ran&count=${data as number}`));
	},
	archive: async ({ request, locals, url }) => {
		const form = await request.formData();
		const classId = String(form.get('class_id') ?? '');
		const archived = form.get('archived') === 'true';
		if (!/^[0-9a-f-]{36}$/i.test(classId)) return fail(400, { values: {}, errors: {}, formError: 'not_found', form: 'archive' });
		const { error } = await locals.supabase.rpc('archive_class', { p_class_id: classId, p_archived: archived });
		if (error) return dbFailure(formValues(form), error, 'archive');
		// Back to the list the admin was looking at (archived or not, the class code searched).
		const back = new URLSearchParams({ done: archived ? 'archived' : 'restored' });
		if (url.searchParams.get('archived') === '1' || !archived) back.set('archived', '1');
		const code = (url.searchParams.get('code') ?? '').trim().toUpperCase().slice(0, 16);
		if (code) back.set('code', code);
		redirect(303, localizeHref(`/admin?${back}`));
	}
};
