import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

/** The longest search a teacher may type (characters, after trimming); the database refuses more. */
export const QUERY_MAX = 50;

/** The most items one bulk approval takes (the database's limit). */
export const BULK_MAX = 100;

/** What a queue card shows of an item's flags (class_queue_cards). */
export interface CardFlags {
	personal_details: boolean;
	safeguarding: boolean;
	/** A street report its child marked "dangerous now" (class_queue_cards, from street_reports.urgency). */
	dangerous_now: boolean;
	/** proposal | street_report: a street report is never bulk approved (photos, public copy of the place). */
	kind?: string;
}

/** The flags of a card as people read them, most urgent first; empty when it has none. */
export function flagTexts(row: CardFlags): string[] {
	const out: string[] = [];
	if (row.dangerous_now) out.push(m.queue_flag_dangerous_now());
	if (row.safeguarding) out.push(m.queue_flag_safeguarding());
	if (row.personal_details) out.push(m.queue_flag_personal_details());
	return out;
}

/** Whether an item may go in a bulk approval: no flag at all. */
export function isClean(row: CardFlags): boolean {
	return !row.personal_details && !row.safeguarding && !row.dangerous_now && (row.kind === undefined || row.kind === 'proposal');
}

/** A kind of submission (the submission_kind enum) as people read it; an unknown one as it is. */
export function kindText(kind: string): string {
	switch (kind) {
		case 'proposal':
			return m.queue_kind_proposal();
		case 'street_report':
			return m.queue_kind_street_report();
		default:
			return kind;
	}
}

/**
 * How long an item has waited, in the largest whole unit that fits ("3 days", "3天", "5 hours",
 * "just now" under a minute), in the page's language.
 *
 * @param since ISO timestamp it was sent
 * @param now milliseconds since the epoch (default: now)
 */
export function waitingText(since: string | null | undefined, now = Date.now(), locale: string = getLocale()): string {
	if (!since) return '';
	const minutes = Math.floor((now - new Date(since).getTime()) / 60_000);
	if (!(minutes >= 1)) return m.queue_waiting_moments();
	const units: [Intl.NumberFormatOptions['unit'], number][] = [
		['week', 7 * 24 * 60],
		['day', 24 * 60],
		['hour', 60],
		['minute', 1]
	];
	for (const [unit, size] of units) {
		if (minutes >= size) {
			return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(Math.floor(minutes / size));
		}
	}
	return '';
}

/**
 * The search box's value: trimmed and NFKC-normalised (full-width letters match), or an error when
 * longer than QUERY_MAX characters. Absurd input is cut before any per-character work.
 */
export function parseQuery(raw: string | null): { query: string; error?: 'too_long' } {
	if (raw === null) return { query: '' };
	const cut = raw.length > QUERY_MAX * 20 ? raw.slice(0, QUERY_MAX * 20) : raw;
	const query = cut.normalize('NFKC').trim();
	if ([...query].length > QUERY_MAX) return { query: [...query].slice(0, QUERY_MAX * 2).join(''), error: 'too_long' };
	return { query };
}

/** One item of a bulk approval as the form sends it: `<id>:<version shown>`. */
export function parseBulkItem(value: string): { id: string; version: number } | null {
	const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([0-9]{1,9})$/i.exec(value);
	return match ? { id: match[1]!.toLowerCase(), version: Number(match[2]) } : null;
}
