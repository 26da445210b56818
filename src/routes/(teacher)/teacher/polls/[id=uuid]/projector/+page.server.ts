import QRCode from 'qrcode';
import { localizeHref } from '$lib/paraglide/runtime';
import { loadOptions, loadPoll, loadResults } from '$lib/server/polls';
import type { PageServerLoad } from './$types';

/** Seconds between refreshes of the projector view (no-JS meta refresh and the polling script). */
const REFRESH_SECONDS = 10;

/**
 * The classroom projector view of a poll: the question, a QR code that opens the poll's page for
 * the class's signed-in children (others are asked to sign in, then see it only if it is theirs),
 * the turnout, and the results when the database gives them.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const poll = await loadPoll(locals.supabase, params.id);
	const [options, results] = await Promise.all([loadOptions(locals.supabase, params.id), loadResults(locals.supabase, params.id)]);
	const target = new URL(localizeHref(`/me/polls/${poll.id}`), url.origin).href;
	const qr = await QRCode.toString(target, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
	return { poll, options, results, target, qr, refresh: REFRESH_SECONDS };
};
