import { TZDate } from '@date-fns/tz';

/** The city's time zone: poll times are entered, stored (as instants) and shown in it. */
export const CITY_TZ = 'Asia/Shanghai';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A `datetime-local` value ("2026-06-30T23:59", optionally with seconds) read as wall-clock time
 * in Asia/Shanghai, whatever the browser's or server's time zone.
 *
 * @returns the instant as ISO 8601 with the city's offset ("2026-06-30T23:59:00.000+08:00"), or
 *   null when the text is not such a value or names no real time (30 February, 24:00).
 */
export function cityLocalToIso(value: string): string | null {
	const m = LOCAL.exec(value.trim());
	if (!m) return null;
	const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as number[];
	const date = new TZDate(y!, mo! - 1, d!, h!, mi!, s!, CITY_TZ);
	// TZDate rolls over impossible values (31 June → 1 July): refuse them instead.
	if (date.getFullYear() !== y || date.getMonth() !== mo! - 1 || date.getDate() !== d || date.getHours() !== h || date.getMinutes() !== mi) {
		return null;
	}
	return date.toISOString();
}

/** An instant as a `datetime-local` value in Asia/Shanghai ("2026-06-30T23:59"), for re-filling a form. */
export function isoToCityLocal(iso: string | Date): string {
	const date = new TZDate(new Date(iso).getTime(), CITY_TZ);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
