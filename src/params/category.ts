import type { ParamMatcher } from '@sveltejs/kit';
import { CATEGORIES } from '$lib/i18n/labels';

/** A ledger category code (`policy`, `service`, `rights`, `space`, `environment`); anything else is a 404 before any query. */
export const match: ParamMatcher = (param) => (CATEGORIES as string[]).includes(param);
