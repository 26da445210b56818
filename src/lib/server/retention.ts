import type { RequestClient } from './supabase';

/** The default retention period of writing that was never published (supabase/README.md "Retention"). */
export const DEFAULT_RETENTION_MONTHS = 36;

/**
 * How many years unpublished writing is kept, for letters and the privacy page. Anyone may ask
 * (public rpc `retention_period`); the default when the setting cannot be read.
 */
export async function retentionYears(supabase: RequestClient): Promise<number> {
	const { data, error } = await supabase.rpc('retention_period');
	const months = !error && typeof data === 'number' ? data : DEFAULT_RETENTION_MONTHS;
	return Math.max(1, Math.round(months / 12));
}
