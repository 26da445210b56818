import type { PlaceKind } from '../../kinds';
import { loadChoices, loadPlace, savePlace } from '../../save';
import type { Actions, PageServerLoad } from './$types';

/** One place of a kind to edit, with its version and what the form chooses from. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const kind = params.kind as PlaceKind;
	const [place, choices] = await Promise.all([loadPlace(locals.supabase, kind, params.id), loadChoices(locals.supabase, kind)]);
	return { kind, place, ...choices };
};

export const actions: Actions = {
	save: (event) => savePlace(event, event.params.kind as PlaceKind, event.params.id)
};
