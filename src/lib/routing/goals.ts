/** A ledger goal as the answer form lists it. */
export interface GoalOption {
	id: string;
	code: string;
	category: string;
	title_zh: string;
	title_en: string | null;
}

/** Longest search text looked at (a code or a few words). */
export const GOAL_QUERY_MAX = 100;

/** Lower case, NFKC (full-width letters and digits become ASCII), without spaces, hyphens and dots. */
function fold(text: string): string {
	return text.normalize('NFKC').toLowerCase().replace(/[\s\-‐‑–—_.·]/gu, '');
}

/**
 * Goals matching `query` by code ("SPC-06", "spc06", "ＳＰＣ－０６") or by words in either title:
 * every space-separated word must occur in the code or a title. Code matches come first, then the
 * list's own order. An empty or blank query matches nothing (the form then lists every goal).
 */
export function searchGoals<G extends GoalOption>(goals: readonly G[], query: string): G[] {
	const words = query.slice(0, GOAL_QUERY_MAX).normalize('NFKC').trim().split(/\s+/u).map(fold).filter(Boolean);
	if (words.length === 0) return [];
	const scored: { goal: G; byCode: boolean; index: number }[] = [];
	goals.forEach((goal, index) => {
		const code = fold(goal.code);
		const text = fold(`${goal.title_zh} ${goal.title_en ?? ''}`);
		if (words.every((w) => code.includes(w) || text.includes(w))) {
			scored.push({ goal, byCode: words.some((w) => code.includes(w)), index });
		}
	});
	return scored.sort((a, b) => Number(b.byCode) - Number(a.byCode) || a.index - b.index).map((s) => s.goal);
}

/**
 * The goals to suggest for a submission: those of the category of its suggested goal (that goal
 * first). None when no goal was suggested (a submission has no category of its own yet).
 */
export function suggestedGoals<G extends GoalOption>(goals: readonly G[], suggestedGoalId: string | null | undefined): G[] {
	const suggested = goals.find((g) => g.id === suggestedGoalId);
	if (!suggested) return [];
	return [suggested, ...goals.filter((g) => g.category === suggested.category && g.id !== suggested.id)];
}
