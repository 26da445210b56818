import type { RequestClient } from '$lib/server/supabase';

/** A unit an account can belong to. */
export interface Unit {
	id: string;
	name_zh: string;
	name_en: string | null;
}

/** Most units of a kind a form lists (a city has 16 districts, some 40 departments, hundreds of street offices). */
const MAX = 500;

/** The districts, departments and street offices a staff account can belong to. */
export async function loadUnits(supabase: RequestClient) {
	const [d, dp, so] = await Promise.all([
		supabase.from('districts').select('id, name_zh, name_en').order('code').range(0, MAX - 1),
		supabase.from('departments').select('id, name_zh, name_en').order('name_zh').range(0, MAX - 1),
		supabase.from('street_offices').select('id, name_zh, name_en').order('name_zh').range(0, MAX - 1)
	]);
	for (const r of [d, dp, so]) if (r.error) throw r.error;
	return { districts: d.data as Unit[], departments: dp.data as Unit[], streetOffices: so.data as Unit[] };
}
