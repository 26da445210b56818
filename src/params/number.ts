import type { ParamMatcher } from '@sveltejs/kit';

/** A student number on a login card: 1–999, no leading zero; anything else is a 404 before any query. */
export const match: ParamMatcher = (param) => /^[1-9][0-9]{0,2}$/.test(param);
