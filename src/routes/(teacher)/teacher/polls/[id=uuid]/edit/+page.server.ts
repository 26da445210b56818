import { editPollAction, loadPollEdit } from '$lib/server/poll-edit';
import type { Actions, PageServerLoad } from './$types';

/** Change a draft, scheduled or open poll (its creator or an admin; the database checks again). */
export const load: PageServerLoad = async ({ locals, params }) => loadPollEdit(locals.supabase, locals.viewer!, params.id);

export const actions: Actions = {
	edit: (event) => editPollAction(event, event.locals.viewer!)
};
