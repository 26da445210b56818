import { error, redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, failForm, formValues } from '$lib/server/forms';
import {
	CATEGORIES,
	FIELDS,
	guessMapping,
	previewRows,
	REQUIRED,
	type Category,
	type GoalRow,
	type Mapping,
	type PreviewRow
} from '$lib/server/ledger-import';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Rows without problems shown in the preview (all rows with problems are shown). */
const SHOWN_CLEAN_ROWS = 50;

interface Draft {
	id: string;
	edition: number;
	file_name: string;
	columns: string[];
	rows: string[][];
}

async function findDraft(event: Pick<RequestEvent, 'locals' | 'params'>): Promise<Draft | null> {
	const { data, error: err } = await event.locals.supabase
		.from('ledger_import_drafts')
		.select('id, edition, file_name, columns, rows')
		.eq('id', event.params.id)
		.maybeSingle();
	if (err) throw err;
	return data as Draft | null;
}

async function loadDraft(event: Pick<RequestEvent, 'locals' | 'params'>): Promise<Draft> {
	const draft = await findDraft(event);
	// Not the caller's draft, imported already, or gone after a day: the same answer.
	if (!draft) error(404, 'not_found');
	return draft;
}

/**
 * The mapping asked for (`code=2&category=1&…`, `-` for "not in the file"), the guessed one for
 * fields not asked about. Anything that is not a column of the file is ignored.
 */
function mappingFrom(params: URLSearchParams | FormData, columns: string[]): Mapping {
	const guessed = guessMapping(columns);
	const mapping = { ...guessed };
	for (const field of FIELDS) {
		const raw = params.get(`map_${field}`);
		if (typeof raw !== 'string') continue;
		if (raw === '-') mapping[field] = null;
		else if (/^[0-9]{1,2}$/.test(raw) && Number(raw) < columns.length) mapping[field] = Number(raw);
	}
	return mapping;
}

/** What the import would do to each clean row: a new goal, a change, or nothing. */
type Effect = 'new' | 'changed' | 'same';

async function effects(event: Pick<RequestEvent, 'locals'>, edition: number, goals: GoalRow[]): Promise<Map<string, Effect>> {
	const { data, error: err } = await event.locals.supabase
		.from('ledger_goals')
		.select('code, category, title_zh, title_en')
		.eq('edition', edition)
		.range(0, 2999);
	if (err) throw err;
	const known = new Map((data ?? []).map((g) => [g.code as string, g]));
	return new Map(
		goals.map((g) => {
			const k = known.get(g.code);
			return [g.code, !k ? 'new' : k.category === g.category && k.title_zh === g.title_zh && k.title_en === g.title_en ? 'same' : 'changed'];
		})
	);
}

export const load: PageServerLoad = async (event) => {
	const draft = await loadDraft(event);
	const mapping = mappingFrom(event.url.searchParams, draft.columns);
	const missing = REQUIRED.filter((f) => mapping[f] === null);
	const preview = previewRows(draft.rows, mapping);
	const withProblems = preview.rows.filter((r) => r.problems.length > 0);
	const clean = preview.rows.filter((r) => r.problems.length === 0);
	const effect = await effects(event, draft.edition, preview.goals);
	const tally = { new: 0, changed: 0, same: 0 };
	for (const e of effect.values()) tally[e]++;
	const shown: (PreviewRow & { effect?: Effect })[] = [...withProblems, ...clean.slice(0, SHOWN_CLEAN_ROWS)]
		.sort((a, b) => a.row - b.row)
		.map((r) => (r.problems.length ? r : { ...r, effect: effect.get(r.goal.code!) }));
	return {
		draft: { id: draft.id, edition: draft.edition, fileName: draft.file_name, columns: draft.columns, rowCount: draft.rows.length },
		mapping,
		missing,
		rows: shown,
		problemCount: withProblems.length,
		hiddenClean: Math.max(0, clean.length - SHOWN_CLEAN_ROWS),
		tally,
		categories: CATEGORIES
	};
};

export const actions: Actions = {
	import: async (event) => {
		const form = await event.request.formData();
		const values = formValues(form);
		const draft = await findDraft(event);
		// A second click on "import" (the first one imported and removed the draft), or a draft
		// gone after a day: say so on the ledger page instead of an error page.
		if (!draft) redirect(303, localizeHref('/admin/ledger?done=gone'));
		// The goals come from the stored draft and the mapping shown, never from the browser.
		const mapping = mappingFrom(form, draft.columns);
		if (REQUIRED.some((f) => mapping[f] === null)) return failForm(400, { values, errors: {}, formError: 'mapping_incomplete' });
		const { rows, goals } = previewRows(draft.rows, mapping);
		if (rows.some((r) => r.problems.length > 0)) return failForm(400, { values, errors: {}, formError: 'import_has_problems' });
		const declared: Partial<Record<Category, number>> = {};
		const errors: Record<string, { code: string }> = {};
		for (const c of CATEGORIES) {
			const raw = String(form.get(`declared_${c}`) ?? '').normalize('NFKC').trim();
			if (raw === '') continue;
			if (/^[0-9]{1,4}$/.test(raw)) declared[c] = Number(raw);
			else errors[`declared_${c}`] = { code: 'invalid' };
		}
		if (Object.keys(errors).length) return failForm(400, { values, errors });
		const { data, error: err } = await event.locals.supabase.rpc('import_ledger', {
			p_draft_id: draft.id,
			p_edition: draft.edition,
			p_goals: goals,
			p_declared: Object.keys(declared).length ? declared : null
		});
		if (err) return dbFailure(values, err);
		const r = data as { created: number; updated: number; unchanged: number; kept: number };
		const q = new URLSearchParams({
			done: 'imported',
			edition: String(draft.edition),
			created: String(r.created),
			updated: String(r.updated),
			unchanged: String(r.unchanged),
			kept: String(r.kept)
		});
		redirect(303, localizeHref(`/admin/ledger?${q}`));
	}
};
