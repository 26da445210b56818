import type { ParamMatcher } from '@sveltejs/kit';
import { PLACE_KINDS } from '../routes/(admin)/admin/places/kinds';

/** The kinds of place an admin manages (`/admin/places/<kind>`); anything else is a 404. */
export const match: ParamMatcher = (param) => (PLACE_KINDS as readonly string[]).includes(param);
