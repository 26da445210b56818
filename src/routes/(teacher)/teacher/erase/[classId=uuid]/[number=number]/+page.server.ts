import { removeQueuedPhotos } from '$lib/server/photo-removals';
import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues } from '$lib/server/forms';
import { createAdminClient } from '$lib/server/supabase';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Check before erasing (GOV.UK "check answers"): which child, what goes and what stays. The page
 * carries the child's account id (readable to the class's teachers), so a number given to another
 * child meanwhile is never erased by this confirmation.
 */
export const load: PageServerLoad = async ({ locals, params }) => {
	const number = Number(params.number);
	const [row, member] = await Promise.all([
		locals.supabase
			.from('class_consents')
			.select('class_id, class_name, student_number, display_name')
			.eq('class_id', params.classId)
			.eq('student_number', number)
			.maybeSingle(),
		locals.supabase.from('class_students').select('student_id').eq('class_id', params.classId).eq('student_number', number).maybeSingle()
	]);
	if (row.error) throw row.error;
	if (member.error) throw member.error;
	if (!row.data || !member.data) error(404, m.error_not_found());
	return { child: row.data, studentId: member.data.student_id as string };
};

export const actions: Actions = {
	default: async ({ request, locals, params, fetch }) => {
		const form = await request.formData();
		const studentId = String(form.get('student_id') ?? '');
		const { data: accountId, error: dbError } = await locals.supabase.rpc('erase_child', {
			p_class_id: params.classId,
			p_student_number: Number(params.number),
			// Not a uuid: nothing the database issued, so it is stale like any other id.
			p_student_id: UUID.test(studentId) ? studentId : null
		});
		if (dbError) return dbFailure(formValues(form), dbError);
		// The database has erased the child and allowed it; only now the service role deletes the
		// login card (the Auth user). A failure leaves an empty, banned account that the next
		// erasure in this class retries (pending_card_removals).
		const admin = createAdminClient(fetch);
		const removed = await admin.auth.admin.deleteUser(accountId as string);
		if (removed.error) console.error('Could not delete the Auth user of an erased child:', removed.error);
		const pending = await locals.supabase.rpc('pending_card_removals', { p_class_id: params.classId });
		for (const id of (pending.data as string[] | null) ?? []) {
			if (id === accountId) continue;
			const retry = await admin.auth.admin.deleteUser(id);
			if (retry.error) console.error('Could not delete the Auth user of an erased child (retry):', retry.error);
		}
		// The child's street-report photos went with their reports: their Storage objects too.
		await removeQueuedPhotos(admin).catch((e) => console.error('Photos of an erased child stay queued for removal:', e));
		redirect(303, localizeHref(`/teacher/consent?done=erased&number=${params.number}`));
	}
};
