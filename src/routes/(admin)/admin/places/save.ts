import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formValues, formVersion, parseForm } from '$lib/server/forms';
import type { RequestClient } from '$lib/server/supabase';
import { KIND_FIELDS, placeSchema, RPC_KIND, type PlaceKind } from './kinds';

/** A choice in a select: id and both names (a street office or community also its district). */
export interface Choice {
	id: string;
	name_zh: string;
	name_en: string | null;
	district_id?: string;
}

/** The row an edit form starts from. */
export interface PlaceRow {
	id: string;
	version: number;
	name_zh: string;
	name_en: string | null;
	code?: string;
	district_id?: string;
	street_office_id?: string | null;
	community_id?: string | null;
}

/** Most choices a select offers (a city has 16 districts and some hundreds of street offices). */
const MAX_CHOICES = 1000;

async function read<T>(q: PromiseLike<{ data: T[] | null; error: unknown }>): Promise<T[]> {
	const { data, error: e } = await q;
	if (e) throw e;
	return data ?? [];
}

/**
 * What a kind's form chooses from: the districts, and the street offices (for a community) or
 * communities (for a school), each by Chinese name, at most MAX_CHOICES.
 */
export async function loadChoices(supabase: RequestClient, kind: PlaceKind) {
	const fields = KIND_FIELDS[kind];
	const [districts, streetOffices, communities] = await Promise.all([
		fields.includes('district_id')
			? read<Choice>(supabase.from('districts').select('id, name_zh, name_en').order('code').range(0, MAX_CHOICES - 1))
			: [],
		fields.includes('street_office_id')
			? read<Choice>(supabase.from('street_offices').select('id, name_zh, name_en, district_id').order('name_zh').range(0, MAX_CHOICES - 1))
			: [],
		fields.includes('community_id')
			? read<Choice>(supabase.from('communities').select('id, name_zh, name_en, district_id').order('name_zh').range(0, MAX_CHOICES - 1))
			: []
	]);
	return { districts, streetOffices, communities };
}

const COLUMNS: Record<PlaceKind, string> = {
	districts: 'id, version, name_zh, name_en, code',
	'street-offices': 'id, version, name_zh, name_en, district_id',
	communities: 'id, version, name_zh, name_en, district_id, street_office_id',
	schools: 'id, version, name_zh, name_en, district_id, community_id',
	departments: 'id, version, name_zh, name_en'
};

/** One place to edit, or a 404. */
export async function loadPlace(supabase: RequestClient, kind: PlaceKind, id: string): Promise<PlaceRow> {
	const { data, error: e } = await supabase.from(RPC_KIND[kind]).select(COLUMNS[kind]).eq('id', id).maybeSingle();
	if (e) throw e;
	if (!data) error(404);
	return data as unknown as PlaceRow;
}

/**
 * The save action of a kind's form (new when `id` is null): the form's schema, then the kind's
 * admin_save_* function with the version the page showed; back to the list with the saved row.
 */
export async function savePlace(event: RequestEvent, kind: PlaceKind, id: string | null) {
	const form = await event.request.formData();
	const parsed = parseForm(placeSchema(kind), form);
	if (parsed.failure) return parsed.failure;
	const d = parsed.data;
	const version = id ? formVersion(form) : null;
	const base = { p_id: id, p_version: version, p_name_zh: d.name_zh, p_name_en: d.name_en };
	const supabase = event.locals.supabase;
	const call =
		kind === 'districts'
			? supabase.rpc('admin_save_district', { ...base, p_code: d.code })
			: kind === 'street-offices'
				? supabase.rpc('admin_save_street_office', { ...base, p_district_id: d.district_id })
				: kind === 'communities'
					? supabase.rpc('admin_save_community', { ...base, p_district_id: d.district_id, p_street_office_id: d.street_office_id })
					: kind === 'schools'
						? supabase.rpc('admin_save_school', { ...base, p_district_id: d.district_id, p_community_id: d.community_id })
						: supabase.rpc('admin_save_department', base);
	const { data, error: e } = await call;
	if (e) return dbFailure(formValues(form), e);
	redirect(303, localizeHref(`/admin/places/${kind}?saved=${data as string}`));
}
