import { z } from 'zod';
import { requiredText } from './fields';

/** Limits of a mock CPPCC proposal, in grapheme clusters (what a child sees as characters). */
export const PROPOSAL_LIMITS = {
	title: 50,
	problem: 1000,
	suggestions: 1000,
	who_should_act: 100
} as const;

/** A proposal as the child's form sends it (form field names = database argument names). */
export const proposalSchema = z.object({
	title: requiredText(PROPOSAL_LIMITS.title),
	problem: requiredText(PROPOSAL_LIMITS.problem),
	suggestions: requiredText(PROPOSAL_LIMITS.suggestions),
	who_should_act: requiredText(PROPOSAL_LIMITS.who_should_act)
});

export type ProposalInput = z.output<typeof proposalSchema>;
