import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, formVersion } from '$lib/server/forms';
import { loadSchoolProposal } from '$lib/server/school-proposals';
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const proposal = await loadSchoolProposal(locals.supabase, params.id);
	if (!proposal) error(404, m.error_not_found());
	// Their own: nothing to co-sign, so its own page (where it is, the answer; a report's photos).
	if (proposal.mine) redirect(303, localizeHref(`/me/${proposal.kind === 'street_report' ? 'reports' : 'proposals'}/${proposal.id}`));
	return { proposal, done: url.searchParams.get('done') };
};

export const actions: Actions = {
	/** Co-sign (附议): once per child, the database checks school, state, version and consent. */
	cosign: async ({ request, locals, params }) => {
		const form = await request.formData();
		const { error: dbError } = await locals.supabase.rpc('cosign_submission', {
			p_submission_id: params.id,
			p_version: formVersion(form)
		});
		if (dbError) {
			// Our own keys, said kindly: co-signed already (a second tab, a double post) or their own.
			if (dbError.message === 'already_cosigned' || dbError.message === 'cosign_own') {
				return fail(409, { values: {}, errors: {}, formError: dbError.message, form: 'cosign' });
			}
			return dbFailure({}, dbError, 'cosign');
		}
		redirect(303, localizeHref(`/me/school/${params.id}?done=cosigned`));
	}
};
