import { fail, redirect } from '@sveltejs/kit';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { cityToday } from '$lib/i18n/labels';
import { dbFailure, formValues, parseForm } from '$lib/server/forms';
import { CALENDAR_LINES_MAX, formatCalendarLines, parseCalendarLines, type CalendarDay } from './calendar-lines';
import { calendarSchema } from './schema';
import type { Actions, PageServerLoad } from './$types';

/** One year of the working calendar as admin_calendar_year returns it. */
interface CalendarYear {
	year: number;
	loaded: boolean;
	version: number;
	source: string | null;
	updated_at: string | null;
	days: CalendarDay[];
}

/** The year asked for (`?year=`, 2000–2100), else next year (the one an admin enters when published). */
function askedYear(url: URL): number {
	const y = Number(url.searchParams.get('year'));
	return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : Number(cityToday().slice(0, 4)) + 1;
}

/** The year's version the page showed: 0 for a year not entered yet (formVersion() starts at 1). */
function shownVersion(form: FormData): number | null {
	const raw = form.get('version');
	return typeof raw === 'string' && /^(0|[1-9][0-9]{0,8})$/.test(raw) ? Number(raw) : null;
}

/** `/admin/calendar`: a year's holidays and adjusted working days (调休), shown and entered whole. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const year = askedYear(url);
	const { data, error } = await locals.supabase.rpc('admin_calendar_year', { p_year: year });
	if (error) throw error;
	const calendar = data as CalendarYear;
	return {
		calendar,
		text: formatCalendarLines(calendar.days, getLocale() === 'en'),
		done: url.searchParams.get('done') === 'saved'
	};
};

export const actions: Actions = {
	/** Save the typed year whole at the version shown; bad lines come back named, nothing is written. */
	save: async ({ request, locals }) => {
		const form = await request.formData();
		const parsed = parseForm(calendarSchema, form, { name: 'save' });
		if (parsed.failure) return parsed.failure;
		const { days, problems } = parseCalendarLines(parsed.data.days, parsed.data.year);
		if (problems.length > 0) {
			return fail(400, { values: formValues(form), errors: { days: { code: 'invalid' } }, form: 'save', problems: problems.slice(0, 20) });
		}
		if (days.length > CALENDAR_LINES_MAX) {
			return fail(400, { values: formValues(form), errors: { days: { code: 'too_long' } }, form: 'save' });
		}
		const { error } = await locals.supabase.rpc('admin_save_calendar_year', {
			p_year: parsed.data.year,
			p_version: shownVersion(form),
			p_days: days
		});
		if (error) return dbFailure(formValues(form), error, 'save');
		redirect(303, localizeHref(`/admin/calendar?year=${parsed.data.year}&done=saved`));
	}
};
