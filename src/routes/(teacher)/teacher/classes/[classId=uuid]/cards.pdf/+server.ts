import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { GROUP_ROLES, requireRole } from '$lib/server/guard';
import { serviceRoleKey } from '$lib/server/env';
import { openSheet } from '$lib/server/cards/sheet';
import { loginCardsPdf } from '$lib/server/pdf/login-cards';
import type { RequestHandler } from './$types';

/**
 * The login cards just issued, as an A4 PDF made on the server (8 to a page, CJK font embedded),
 * in the cards' language. The form posts the sealed sheet the issuing page got; only the teacher
 * it was sealed for, within 30 minutes, for this class, gets the file (else 410: the words are
 * gone; a lost card gets new ones).
 */
export const POST: RequestHandler = async ({ locals, params, request, url }) => {
	const viewer = requireRole(locals.viewer, GROUP_ROLES['/(teacher)']!, url);
	const form = await request.formData();
	const sheet = openSheet(form.get('token'), viewer.id, serviceRoleKey());
	if (!sheet || sheet.classId !== params.classId) error(410, m.cards_expired());
	const pdf = await loginCardsPdf(sheet, url.origin);
	return new Response(pdf as unknown as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="login-cards-${sheet.classCode}-${sheet.language}.pdf"`,
			'cache-control': 'private, no-store'
		}
	});
};
