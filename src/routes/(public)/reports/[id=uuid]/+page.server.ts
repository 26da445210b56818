import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { withProgressAndPages } from '$lib/server/answers';
import type { PageServerLoad } from './$types';

/**
 * A published street report as anyone may read it: the public copy, the answer, confirmed photos
 * only, and the latest progress update after the answer with its photo (issue 11 §3: public pages
 * show the latest), read as the ledger's lists read it.
 */
export const load: PageServerLoad = async ({ locals, params }) => {
	const [report, photos, goals] = await Promise.all([
		locals.supabase.from('public_street_reports').select('*').eq('submission_id', params.id).maybeSingle(),
		locals.supabase
			.from('published_street_report_photos')
			.select('photo_id, position, width, height')
			.eq('submission_id', params.id)
			.order('position')
			.limit(3),
		locals.supabase.from('public_goal_answers').select('goal_id, code, title').eq('submission_id', params.id).limit(100)
	]);
	if (report.error) throw report.error;
	if (photos.error) throw photos.error;
	if (!report.data) error(404, m.error_not_found());
	const [progress] = await withProgressAndPages(locals.supabase, [{ submission_id: params.id }]);
	return {
		report: report.data,
		photos: (photos.data ?? []).map((p) => ({ id: p.photo_id, position: p.position, width: p.width, height: p.height })),
		goals: goals.data ?? [],
		progress: progress?.progress_stage
			? { stage: progress.progress_stage, note: progress.progress_note, at: progress.progress_at, photo: progress.progress_photo }
			: null
	};
};
