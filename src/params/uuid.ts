import type { ParamMatcher } from '@sveltejs/kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Route ids are database uuids; anything else is a 404 before any query runs. */
export const match: ParamMatcher = (param) => UUID.test(param);
