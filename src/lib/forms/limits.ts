/**
 * Limits of what a child writes, in grapheme clusters (what a child sees as characters). Kept
 * free of any validation library: pages import these into the browser (counters, small checks
 * in $lib/forms/checks.ts), while the zod schemas that use them stay on the server.
 */

/** A mock CPPCC proposal as stored (submissions.title, problem, suggestions, who_should_act). */
export const PROPOSAL_LIMITS = {
	title: 50,
	problem: 1000,
	suggestions: 1000,
	who_should_act: 100
} as const;

/** The 6–9 form: a picture card and two short answers. */
export const YOUNG_LIMITS = {
	wrong: 200,
	better: 200
} as const;

/**
 * The 14–17 form (the full mock CPPCC format). Background and analysis are stored together in
 * `problem`, the numbered suggestions in `suggestions`: the sums stay under PROPOSAL_LIMITS.
 */
export const FULL_LIMITS = {
	title: PROPOSAL_LIMITS.title,
	background: 550,
	analysis: 400,
	suggestion: 180,
	who_should_act: PROPOSAL_LIMITS.who_should_act
} as const;

/** How many numbered suggestions the 14–17 form offers (at least the first is needed). */
export const FULL_SUGGESTIONS = 5;

/** The picture cards of the 6–9 form: what the idea is about. */
export const PICTURE_CARDS = ['school', 'playground', 'park', 'street', 'toilet', 'food', 'nature', 'other'] as const;
export type PictureCard = (typeof PICTURE_CARDS)[number];

/** A draft's fields as JSON: at most this many bytes (the database refuses more, draft_too_large). */
export const DRAFT_MAX_BYTES = 32_000;
