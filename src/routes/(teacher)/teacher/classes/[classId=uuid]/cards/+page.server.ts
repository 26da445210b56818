import { fail } from '@sveltejs/kit';
import { serviceRoleKey } from '$lib/server/env';
import { openSheet, signInUrl } from '$lib/server/cards/sheet';
import { qrSvg } from '$lib/server/cards/qr';
import { cardText } from '$lib/login-card-text';
import type { Actions, PageServerLoad } from './$types';

/**
 * Opened by address alone there is nothing to print: the cards come only with the post. (A child
 * moved to a class the teacher does not teach gets their new card here too, so the class itself
 * is not read.)
 */
export const load: PageServerLoad = ({ params }) => ({ classId: params.classId });

export const actions: Actions = {
	/** The sealed sheet of the issuing page → the cards with their QR codes, for printing. */
	default: async ({ locals, params, request, url }) => {
		const form = await request.formData();
		const sheet = openSheet(form.get('token'), locals.viewer!.id, serviceRoleKey());
		if (!sheet || sheet.classId !== params.classId) return fail(410, { expired: true });
		const address = `${url.host}/${sheet.language}/sign-in`;
		const cards = await Promise.all(
			sheet.cards.map(async (c) => ({ ...c, qr: await qrSvg(signInUrl(url.origin, sheet.language, sheet.classCode, c.number)) }))
		);
		return { sheet: { ...sheet, cards }, text: cardText(sheet.language, sheet.className, address) };
	}
};
