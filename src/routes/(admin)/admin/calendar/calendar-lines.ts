/** One day of the working calendar: a public holiday (working false) or an adjusted working day (调休, working true). */
export interface CalendarDay {
	day: string;
	working: boolean;
	name: string;
}

/** What is wrong with one line of the calendar text. */
export type LineProblem = 'date' | 'other_year' | 'kind' | 'name' | 'name_too_long' | 'weekday_work' | 'twice';

/** Most lines a year may have (the database allows 80 days; a year has about 35). */
export const CALENDAR_LINES_MAX = 80;
/** Longest calendar text read (80 lines of a date, a word and a name). */
export const CALENDAR_TEXT_MAX = 6000;
/** Longest name of a holiday (the database's limit). */
export const CALENDAR_NAME_MAX = 40;

const HOLIDAY = new Set(['休', '假', '放假', '休息', 'holiday', 'off']);
const WORKING = new Set(['班', '上班', '补班', 'working', 'work', 'workday']);

function weekday(day: string): number {
	return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** `YYYY-MM-DD` (also `YYYY/M/D`, `YYYY.M.D`, `YYYY年M月D日`) → ISO date, or null when no such day. */
function isoDate(text: string): string | null {
	const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/u.exec(text);
	if (!m) return null;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(y, mo - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
	return date.toISOString().slice(0, 10);
}

/**
 * Read the calendar an admin typed: one day a line, `date kind name` (`2027-01-01 休 元旦`,
 * `2027-02-20 班 春节（调休上班）`, or `holiday` / `working` in English), separated by spaces, tabs
 * or commas; full-width digits and signs of the date and kind are read as ASCII (NFKC), the name is kept as typed; blank lines and lines starting
 * with `#` are skipped. Every line of `year` once, a name of 1–40 characters, an adjusted working
 * day on a Saturday or Sunday (the database checks the same). Returns the days by date and each
 * bad line's 1-based number with its problem (the first one).
 */
export function parseCalendarLines(text: string, year: number): { days: CalendarDay[]; problems: { line: number; problem: LineProblem }[] } {
	const days: CalendarDay[] = [];
	const problems: { line: number; problem: LineProblem }[] = [];
	const seen = new Set<string>();
	text.slice(0, CALENDAR_TEXT_MAX)
		.split(/\r\n|\r|\n/u)
		.forEach((raw, i) => {
			const line = raw.trim();
			if (!line || line.startsWith('#')) return;
			// The date and the kind word read as ASCII; the name kept as typed (（调休上班） stays full-width).
			const parts = /^([^\s,;，、；]+)[\s,;，、；]*([^\s,;，、；]*)[\s,;，、；]*(.*)$/u.exec(line);
			const day = isoDate((parts?.[1] ?? '').normalize('NFKC'));
			const kind = (parts?.[2] ?? '').normalize('NFKC').toLowerCase();
			const name = (parts?.[3] ?? '').trim();
			const problem: LineProblem | null = !day
				? 'date'
				: Number(day.slice(0, 4)) !== year
					? 'other_year'
					: !HOLIDAY.has(kind) && !WORKING.has(kind)
						? 'kind'
						: !name
							? 'name'
							: [...name].length > CALENDAR_NAME_MAX
								? 'name_too_long'
								: WORKING.has(kind) && weekday(day) !== 0 && weekday(day) !== 6
									? 'weekday_work'
									: seen.has(day)
										? 'twice'
										: null;
			if (problem) {
				problems.push({ line: i + 1, problem });
				return;
			}
			seen.add(day!);
			days.push({ day: day!, working: WORKING.has(kind), name });
		});
	days.sort((a, b) => a.day.localeCompare(b.day));
	return { days, problems };
}

/** The days as the form shows them, one a line, with the kind word of the page's language. */
export function formatCalendarLines(days: readonly CalendarDay[], en: boolean): string {
	return days.map((d) => `${d.day} ${d.working ? (en ? 'working' : '班') : en ? 'holiday' : '休'} ${d.name}`).join('\n');
}
