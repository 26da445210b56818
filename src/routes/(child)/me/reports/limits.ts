/** Limits of a street report as a child types it, in grapheme clusters (no validation library: pages import it). */
export const REPORT_LIMITS = { title: 30, description: 500, place_text: 100, suggestions: 500 } as const;
