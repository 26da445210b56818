import type { RequestClient } from './supabase';

/** What a signed-in child may do now, as the child's own pages say it beforehand. */
export interface ChildStanding {
	/** Under 14 and no guardian consent recorded yet: the database refuses what they send. */
	needsConsent: boolean;
	/** Their class was archived at the end of a school year: nothing new can be sent. */
	archived: boolean;
}

/**
 * Read the child's own class membership and class (RLS: a child reads their own rows) to say
 * kindly, before they write anything, whether sending will work. The database decides anyway
 * (trigger submissions_guard); this only spares a child writing a whole proposal first.
 */
export async function childStanding(supabase: RequestClient): Promise<ChildStanding> {
	const { data, error } = await supabase.from('class_consents').select('age_band, archived_at').maybeSingle();
	if (error) throw error;
	const member = await supabase.from('class_students').select('guardian_consent').maybeSingle();
	if (member.error) throw member.error;
	const underFourteen = data?.age_band === '6-9' || data?.age_band === '10-13';
	return {
		needsConsent: underFourteen && member.data?.guardian_consent !== true,
		archived: !!data?.archived_at
	};
}
