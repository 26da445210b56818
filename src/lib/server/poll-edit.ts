import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { POLL_ARRAYS, pollSchema } from '$lib/polls/schema';
import { isoToCityLocal } from '$lib/polls/time';
import { dbFailure, formValues, formVersion, parseForm } from './forms';
import { areaChoices, goalChoices, loadOptions, loadPoll, loadPollGoals, loadResults, pollBase, type AreaChoice, type PollRow } from './polls';
import type { RequestClient } from './supabase';
import type { SessionViewer } from './viewer';

/**
 * The fields update_poll freezes once a child has voted (the database's rule): the edit form then
 * shows them as they are instead of as fields, and the action takes them from the database.
 */
export const FROZEN_FIELDS = ['area', 'options', 'kind', 'max_choices', 'age_bands', 'opens_at', 'min_cell_size'] as const;

/** The area select's value for a poll (`class:<id>`, …, `city`). */
export function areaValue(p: Pick<PollRow, 'scope' | 'class_id' | 'school_id' | 'community_id' | 'district_id'>): string {
	const id = { class: p.class_id, school: p.school_id, community: p.community_id, district: p.district_id, city: null }[p.scope];
	return id ? `${p.scope}:${id}` : 'city';
}

/** The name of a poll's current area, for when it is not among the editor's own choices. */
async function currentArea(supabase: RequestClient, p: PollRow): Promise<AreaChoice> {
	const value = areaValue(p);
	if (p.scope === 'city') return { value, scope: 'city', name_zh: '全市', name_en: 'The whole city' };
	if (p.scope === 'class') {
		const { data } = await supabase.from('classes').select('name').eq('id', p.class_id!).maybeSingle();
		return { value, scope: 'class', name_zh: data?.name ?? '—', name_en: data?.name ?? '—' };
	}
	const table = p.scope === 'school' ? 'schools' : p.scope === 'community' ? 'communities' : 'districts';
	const id = p.scope === 'school' ? p.school_id : p.scope === 'community' ? p.community_id : p.district_id;
	const { data } = await supabase.from(table).select('name_zh, name_en').eq('id', id!).maybeSingle();
	return { value, scope: p.scope, name_zh: data?.name_zh ?? '—', name_en: data?.name_en ?? '—' };
}

/**
 * A poll for its edit page, or a 404 for anyone but its creator or an admin (the database refuses
 * them too); a closed poll cannot change, so its edit page leads back to the poll.
 */
async function editablePoll(supabase: RequestClient, viewer: SessionViewer, pollId: string) {
	const poll = await loadPoll(supabase, pollId);
	if (!poll.mine && viewer.role !== 'admin') error(404, m.error_not_found());
	if (poll.state === 'closed') redirect(303, localizeHref(`${pollBase(viewer.role)}/${poll.id}`));
	return poll;
}

/**
 * The edit page's data: the poll as the form's initial values (times as wall-clock time in
 * Asia/Shanghai), whether a child has voted (then the frozen fields are shown, not editable), the
 * areas and goals to choose from.
 */
export async function loadPollEdit(supabase: RequestClient, viewer: SessionViewer, pollId: string) {
	const poll = await editablePoll(supabase, viewer, pollId);
	const [options, results, goals, linked, areas] = await Promise.all([
		loadOptions(supabase, pollId),
		loadResults(supabase, pollId),
		goalChoices(supabase),
		loadPollGoals(supabase, pollId),
		areaChoices(supabase, viewer)
	]);
	const value = areaValue(poll);
	if (!areas.some((a) => a.value === value)) areas.unshift(await currentArea(supabase, poll));
	const initial: Record<string, string | string[]> = {
		area: value,
		question_zh: poll.question_zh,
		question_en: poll.question_en ?? '',
		explanation_zh: poll.explanation_zh ?? '',
		explanation_en: poll.explanation_en ?? '',
		options: options.map((o) => o.label).join('\n'),
		kind: poll.kind,
		max_choices: String(poll.kind === 'multiple' ? poll.max_choices : 2),
		age_bands: poll.age_bands,
		opens_at: isoToCityLocal(poll.opens_at),
		closes_at: isoToCityLocal(poll.closes_at),
		results_live: poll.results_live ? 'on' : '',
		min_cell_size: String(poll.min_cell_size),
		goal_ids: linked.map((g) => g.goal_id)
	};
	return { poll, options, areas, goals, initial, frozen: (results?.voters ?? 0) > 0, base: pollBase(viewer.role) };
}

/**
 * The edit action: validates with the create form's schema, calls update_poll at the version the
 * page showed. A form sent as frozen (`frozen=1`: a child had voted when the page was drawn)
 * carries no frozen fields; they are taken from the database as they are. Unchanged times keep
 * their seconds and unchanged options their English labels, so an edit that changes neither is
 * never refused as changing them. Errors come back on the form, typed values kept (stale_version:
 * the page shows the poll as it is now with the "it changed" notice).
 */
export async function editPollAction(event: RequestEvent, viewer: SessionViewer) {
	const { locals, params } = event;
	const form = await event.request.formData();
	const poll = await editablePoll(locals.supabase, viewer, params.id!);
	const options = await loadOptions(locals.supabase, poll.id);
	const frozen = form.get('frozen') === '1';
	const input = new FormData();
	for (const [k, v] of form.entries()) if (!(frozen && (FROZEN_FIELDS as readonly string[]).includes(k))) input.append(k, v);
	if (frozen) {
		input.set('area', areaValue(poll));
		input.set('options', options.map((o) => o.label).join('\n'));
		input.set('kind', poll.kind);
		input.set('max_choices', String(poll.max_choices));
		for (const band of poll.age_bands) input.append('age_bands', band);
		input.set('opens_at', isoToCityLocal(poll.opens_at));
		input.set('min_cell_size', String(poll.min_cell_size));
	}
	const parsed = parseForm(pollSchema, input, { arrays: POLL_ARRAYS });
	if (parsed.failure) return parsed.failure;
	const d = parsed.data;
	const keepTime = (typed: string, stored: string) => (typed === isoToCityLocal(stored) ? stored : null);
	const byLabel = new Map(options.map((o) => [o.label, o.label_en]));
	const sameArea = d.area === areaValue(poll);
	const { error: err } = await locals.supabase.rpc('update_poll', {
		p_poll_id: poll.id,
		p_version: formVersion(form),
		p_question_zh: d.question_zh,
		p_question_en: d.question_en,
		p_explanation_zh: d.explanation_zh,
		p_explanation_en: d.explanation_en,
		p_kind: d.kind,
		p_max_choices: d.max_choices,
		p_options: d.options.map((label) => ({ label, label_en: byLabel.get(label) ?? null })),
		p_age_bands: d.age_bands,
		p_opens_at: keepTime(String(input.get('opens_at')), poll.opens_at) ?? d.opens_at,
		p_closes_at: keepTime(String(input.get('closes_at')), poll.closes_at) ?? d.closes_at,
		p_results_live: d.results_live,
		p_min_cell_size: d.min_cell_size,
		p_goal_ids: d.goal_ids.length > 0 ? d.goal_ids : null,
		p_scope: sameArea ? null : d.scope,
		p_area_id: sameArea ? null : d.area_id
	});
	if (err) return dbFailure(formValues(form), err);
	redirect(303, localizeHref(`${pollBase(viewer.role)}/${poll.id}?done=edited`));
}
