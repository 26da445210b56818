import { m } from '$lib/paraglide/messages';

/** What an answer's decision means, in words a 6–9 year old reads ("They will do what you suggested."). */
export function decisionExplainText(decision: string | null | undefined): string {
	switch (decision) {
		case 'adopted':
			return m.follow_decision_explain_adopted();
		case 'partly_adopted':
			return m.follow_decision_explain_partly_adopted();
		case 'under_study':
			return m.follow_decision_explain_under_study();
		case 'not_feasible':
			return m.follow_decision_explain_not_feasible();
		case 'referred':
			return m.follow_decision_explain_referred();
		default:
			return '';
	}
}
