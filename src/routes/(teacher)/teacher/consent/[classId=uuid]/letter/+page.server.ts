import { getLocale } from '$lib/paraglide/runtime';
import { consentLetter } from '$lib/consent-letter';
import { loadLetterClass } from '$lib/server/letter-data';
import type { PageServerLoad } from './$types';

/** The consent letter of a class in the page's language, laid out for A4 by the print stylesheet. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const cls = await loadLetterClass(locals.supabase, params.classId);
	return { classId: params.classId, className: cls.className, letter: consentLetter(cls, getLocale()) };
};
