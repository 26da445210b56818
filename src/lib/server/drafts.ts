import { DRAFT_MAX_BYTES, FULL_SUGGESTIONS } from '$lib/forms/limits';
import { rawCap } from '$lib/text';
import type { RequestClient } from './supabase';

/** What a draft can be the draft of (drafts.kind); the street-report form will use `street_report`. */
export type DraftKind = 'proposal' | 'street_report';

/** Where a draft of each kind is written again: `<path>?form=<form_key>` opens it. */
export const DRAFT_PATHS: Record<DraftKind, string> = {
	proposal: '/me/proposals/new',
	street_report: '/me/reports/new'
};

/**
 * The fields a draft of each kind keeps, by form field name (the other fields of a post — the
 * request key, versions, buttons — are not part of it). A proposal draft holds the fields of all
 * three age-band forms, so a child moved to another class finds what they wrote.
 */
export const DRAFT_FIELDS: Record<DraftKind, string[]> = {
	proposal: [
		'title', 'problem', 'suggestions', 'who_should_act', 'picture', 'wrong', 'better', 'background', 'analysis',
		...Array.from({ length: FULL_SUGGESTIONS }, (_, i) => `suggestion_${i + 1}`)
	],
	street_report: ['topic', 'title', 'description', 'urgency', 'place_id', 'place_text', 'suggestions']
};

/** A longest field kept in a draft, in UTF-16 units (the raw cap of the longest proposal field). */
const FIELD_CAP = rawCap(1000);

/**
 * The draft of a posted form: its known fields as typed (strings, each cut to FIELD_CAP units;
 * blank ones left out). Returns null when nothing was typed.
 */
export function draftFields(kind: DraftKind, form: FormData): Record<string, string> | null {
	const fields: Record<string, string> = {};
	for (const name of DRAFT_FIELDS[kind]) {
		const value = form.get(name);
		if (typeof value === 'string' && value.trim() !== '') fields[name] = value.slice(0, FIELD_CAP);
	}
	return Object.keys(fields).length > 0 ? fields : null;
}

/** True when the fields fit the database's size cap (bytes of their JSON, as Postgres counts). */
export function fitsDraft(fields: Record<string, string>): boolean {
	return Buffer.byteLength(JSON.stringify(fields)) <= DRAFT_MAX_BYTES;
}

/** The version the page last saved (hidden field `draft_version`), or null before the first save. */
export function draftVersion(form: FormData): number | null {
	const raw = form.get('draft_version');
	return typeof raw === 'string' && /^[1-9][0-9]{0,8}$/.test(raw) ? Number(raw) : null;
}

/** A saved draft as the pages use it. */
export interface Draft {
	id: string;
	form_key: string;
	kind: DraftKind;
	fields: Record<string, string>;
	version: number;
	updated_at: string;
}

/**
 * Save a form's fields as the caller's draft (rpc save_draft).
 * @returns `{ id, version }`, or `{ error }`: the database's key (`stale_version`,
 *   `draft_too_large`, `too_many_drafts`, `invalid_draft`, `not_allowed`)
 */
export async function saveDraft(
	supabase: RequestClient,
	draft: { formKey: string; kind: DraftKind; fields: Record<string, string>; version: number | null }
): Promise<{ id: string; version: number; error?: undefined } | { id?: undefined; version?: undefined; error: string }> {
	if (!fitsDraft(draft.fields)) return { error: 'draft_too_large' };
	const { data, error } = await supabase
		.rpc('save_draft', { p_form_key: draft.formKey, p_kind: draft.kind, p_fields: draft.fields, p_version: draft.version })
		.single<{ id: string; version: number }>();
	if (error) return { error: error.message };
	return data;
}

/**
 * Save a form's fields as the caller's draft over whatever was saved since the page last saved it
 * (another tab of the same form, the children's script): the text posted now is the newest. On
 * stale_version the current draft is read again and saved over once. For the guided steps, the
 * language switch and text held through a sign-in; "save draft" and the autosave keep refusing a
 * stale version (the child is told).
 * @returns as saveDraft
 */
export async function saveDraftOver(
	supabase: RequestClient,
	draft: { formKey: string; kind: DraftKind; fields: Record<string, string>; version: number | null }
): ReturnType<typeof saveDraft> {
	const saved = await saveDraft(supabase, draft);
	if (saved.error !== 'stale_version') return saved;
	const current = await draftOfForm(supabase, draft.formKey).catch(() => null);
	return saveDraft(supabase, { ...draft, version: current?.version ?? null });
}

/** The caller's draft of one form, or null. */
export async function draftOfForm(supabase: RequestClient, formKey: string): Promise<Draft | null> {
	const { data, error } = await supabase
		.from('drafts')
		.select('id, form_key, kind, fields, version, updated_at')
		.eq('form_key', formKey)
		.maybeSingle<Draft>();
	if (error) throw error;
	return data;
}

/**
 * The draft of a returned submission's resubmit form (its key is the submission's id; text held
 * through a sign-in after the session ended, $lib/server/held-form.ts), or null. Best effort: a
 * draft that cannot be read leaves the form with what was sent.
 *
 * @returns the fields as typed (blank ones left out), or null
 */
export async function resubmitDraft(supabase: RequestClient, submissionId: string, kind: DraftKind): Promise<Record<string, string> | null> {
	const draft = await draftOfForm(supabase, submissionId).catch(() => null);
	return draft?.kind === kind ? draft.fields : null;
}

/**
 * Where each draft is written again: a resubmit form's draft (keyed by one of the caller's
 * submissions) opens that submission's page, any other its new form (`?form=<key>`).
 */
export async function draftHrefs(supabase: RequestClient, drafts: Pick<Draft, 'form_key' | 'kind'>[]): Promise<string[]> {
	const keys = drafts.map((d) => d.form_key);
	const own = new Set<string>();
	if (keys.length > 0) {
		const { data, error } = await supabase.from('my_submissions').select('id').in('id', keys).returns<{ id: string }[]>();
		if (error) throw error;
		for (const row of data ?? []) own.add(row.id);
	}
	return drafts.map((d) =>
		own.has(d.form_key) ? `/me/${d.kind === 'street_report' ? 'reports' : 'proposals'}/${d.form_key}` : `${DRAFT_PATHS[d.kind]}?form=${d.form_key}`
	);
}

/** The caller's drafts, newest first (at most 20 exist: save_draft's cap). */
export async function myDrafts(supabase: RequestClient): Promise<Draft[]> {
	const { data, error } = await supabase
		.from('drafts')
		.select('id, form_key, kind, fields, version, updated_at')
		.order('updated_at', { ascending: false })
		.order('id')
		.limit(20)
		.returns<Draft[]>();
	if (error) throw error;
	return data ?? [];
}

/**
 * Delete the draft of a form once it was sent. Best effort: a draft saved again meanwhile (another
 * tab) stays, and the child can delete it from /me.
 */
export async function discardDraftOfForm(supabase: RequestClient, formKey: string): Promise<void> {
	const draft = await draftOfForm(supabase, formKey).catch(() => null);
	if (draft) await supabase.rpc('delete_draft', { p_id: draft.id, p_version: draft.version });
}

/** A short name for a draft in a list: its title or first words, else null (the page says "untitled"). */
export function draftLabel(draft: Pick<Draft, 'fields'>): string | null {
	const f = draft.fields;
	const text = f.title || f.wrong || f.description || f.background || f.problem || '';
	const words = [...text.trim()].slice(0, 40).join('');
	return words === '' ? null : words.length < text.trim().length ? `${words}…` : words;
}
