import type { PlaceKind } from '../../kinds';
import { loadChoices, savePlace } from '../../save';
import type { Actions, PageServerLoad } from './$types';

/** A new place of a kind: the form with what it chooses from. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const kind = params.kind as PlaceKind;
	return { kind, place: null, ...(await loadChoices(locals.supabase, kind)) };
};

export const actions: Actions = {
	save: (event) => savePlace(event, event.params.kind as PlaceKind, null)
};
