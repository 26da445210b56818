/**
 * The queues of Storage objects whose rows went (a photo removed by the child, a report erased or
 * deleted by retention, a poll option's picture replaced or dropped): the database queues their
 * names (private.street_report_photo_removals, private.storage_object_removals), and this removes
 * them through the Storage API as the service role — SQL may not delete Storage objects on a real
 * project — then takes them off the queue.
 * Nothing here imports SvelteKit, so integration tests run it as the app server does.
 */
import type { SupabaseClient } from '@supabase/supabase-js';

/**
 * The removal queues: the street-report photos' (migration 20261130120000), the poll option
 * pictures' (20261130160200) and the progress photos' (20261201000000), each read and cleared by
 * two service-role functions.
 */
const QUEUES = [
	{ bucket: 'street-report-photos', due: 'photo_removals_due', done: 'photo_removals_done' },
	{ bucket: 'poll-option-pictures', due: 'poll_picture_removals_due', done: 'poll_picture_removals_done' },
	// Progress-update photos removed by staff (20261201000000).
	{ bucket: 'progress-photos', due: 'progress_photo_removals_due', done: 'progress_photo_removals_done' }
] as const;

/** Names per Storage remove call (Storage takes at most 1000 prefixes per request). */
const BATCH = 100;

/**
 * Empty the removal queues: remove each queued object from Storage, then take the names off the
 * queue. An object that is already gone counts as removed (Storage answers a remove of a missing
 * name with an empty list); a failed call leaves its batch queued for the next run.
 *
 * @param admin a client with the service-role key (the queues' functions are executable by it only)
 * @param rounds at most this many batches of BATCH names per queue and run (bounded work per call)
 * @returns how many names left the queues
 */
export async function removeQueuedPhotos(admin: SupabaseClient, rounds = 10): Promise<number> {
	let removed = 0;
	for (const queue of QUEUES) {
		for (let round = 0; round < rounds; round++) {
			const { data, error } = await admin.rpc(queue.due, { p_limit: BATCH });
			if (error) throw error;
			const names = (data ?? []) as string[];
			if (names.length === 0) break;
			const gone = await admin.storage.from(queue.bucket).remove(names);
			if (gone.error) throw gone.error;
			const { data: count, error: doneError } = await admin.rpc(queue.done, { p_names: names });
			if (doneError) throw doneError;
			removed += Number(count ?? 0);
			if (names.length < BATCH) break;
		}
	}
	return removed;
}

let running: Promise<number> | null = null;

/**
 * Run {@link removeQueuedPhotos} in the background, once at a time per server process, logging
 * rather than throwing (a failed run leaves the names queued for the next one).
 */
export function removeQueuedPhotosSoon(admin: () => SupabaseClient): void {
	if (running) return;
	running = Promise.resolve()
		.then(() => removeQueuedPhotos(admin()))
		.catch((e) => {
			console.error('Queued street-report photos could not be removed from Storage:', e);
			return 0;
		})
		.finally(() => {
			running = null;
		});
}
