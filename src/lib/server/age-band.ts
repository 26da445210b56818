import type { RequestClient } from './supabase';

/** Which form a child gets: the age band of their class (6–9, 10–13, 14–17). */
export type FormBand = '6-9' | '10-13' | '14-17';

/** The signed-in child's age band (their class's, through class_consents); 10–13 when unknown. */
export async function bandOf(supabase: RequestClient): Promise<FormBand> {
	const { data } = await supabase.from('class_consents').select('age_band').maybeSingle<{ age_band: FormBand }>();
	return data?.age_band ?? '10-13';
}
