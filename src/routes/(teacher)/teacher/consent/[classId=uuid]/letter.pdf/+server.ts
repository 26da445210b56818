import { getLocale } from '$lib/paraglide/runtime';
import { GROUP_ROLES, requireRole } from '$lib/server/guard';
import { consentLetter } from '$lib/consent-letter';
import { loadLetterClass } from '$lib/server/letter-data';
import { consentLetterPdf } from '$lib/server/pdf/consent-letter';
import type { RequestHandler } from './$types';

/**
 * The consent letter of a class as a PDF made on the server (A4, CJK font embedded), in the
 * address's language. Only a teacher of the class gets it (the group layout does not run for an
 * endpoint, so the role is checked here; RLS decides the class).
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireRole(locals.viewer, GROUP_ROLES['/(teacher)']!, url);
	const cls = await loadLetterClass(locals.supabase, params.classId);
	const locale = getLocale();
	const pdf = await consentLetterPdf(consentLetter(cls, locale), locale);
	const name = `consent-letter-${cls.classCode}-${locale}.pdf`;
	return new Response(pdf as unknown as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
};
