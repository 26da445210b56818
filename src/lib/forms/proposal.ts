import { z } from 'zod';
import { requiredText } from './fields';
import { PROPOSAL_LIMITS } from './limits';

// The limits live in ./limits (no zod): pages import them from there, so zod stays on the server.
export { PROPOSAL_LIMITS };

/** A proposal as the child's form sends it (form field names = database argument names). */
export const proposalSchema = z.object({
	title: requiredText(PROPOSAL_LIMITS.title),
	problem: requiredText(PROPOSAL_LIMITS.problem),
	suggestions: requiredText(PROPOSAL_LIMITS.suggestions),
	who_should_act: requiredText(PROPOSAL_LIMITS.who_should_act)
});

export type ProposalInput = z.output<typeof proposalSchema>;
