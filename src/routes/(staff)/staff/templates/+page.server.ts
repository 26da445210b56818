import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { DECISIONS } from '$lib/i18n/labels';
import { dbFailure, formValues } from '$lib/server/forms';
import { exceedsRawCap, graphemeCount, trimInvisible } from '$lib/text';
import { TEMPLATE_MAX } from './schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const r = await locals.supabase.from('reply_templates').select('decision, body');
	if (r.error) throw r.error;
	return {
		templates: Object.fromEntries((r.data ?? []).map((t) => [t.decision, t.body])) as Record<string, string>,
		done: url.searchParams.get('done')
	};
};

export const actions: Actions = {
	/** Save every decision's template (blank: back to the default); all checked before any is saved. */
	save: async ({ request, locals }) => {
		const form = await request.formData();
		const values = formValues(form);
		const errors: Record<string, { code: string; max?: number }> = {};
		for (const d of DECISIONS) {
			const v = form.get(d);
			// Raw cap first: no per-character work on an absurd value.
			if (typeof v === 'string' && (exceedsRawCap(v, TEMPLATE_MAX) || graphemeCount(trimInvisible(v), TEMPLATE_MAX) > TEMPLATE_MAX)) {
				errors[d] = { code: 'too_long', max: TEMPLATE_MAX };
			}
		}
		if (Object.keys(errors).length > 0) return fail(400, { values, errors });
		for (const d of DECISIONS) {
			const v = form.get(d);
			const { error } = await locals.supabase.rpc('save_reply_template', { p_decision: d, p_body: typeof v === 'string' ? v : '' });
			if (error) return dbFailure(values, error);
		}
		redirect(303, localizeHref('/staff/templates?done=saved'));
	}
};
