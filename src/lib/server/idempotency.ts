import { v5 as uuidv5 } from 'uuid';
import type { ProposalInput } from '$lib/forms/proposal';

// Namespace of Child Voice's name-based request keys (a fixed random uuid; never change it, or
// keys made before and after would differ).
const NAMESPACE = '6f1c2c1e-2d0b-4b8e-9a55-0c7d9b6a4f21';

/**
 * The idempotency key (`p_request_id` of submit_proposal) of a proposal: a UUIDv5 of its author
 * and its text, so the same child sending the same proposal again — a double click, Back and
 * re-post, a retried request — gets the first proposal back instead of a copy.
 *
 * @param authorId auth.users.id of the child
 * @returns a uuid string, the same for the same author and text
 */
export function proposalRequestKey(authorId: string, proposal: ProposalInput): string {
	return uuidv5(JSON.stringify([authorId, proposal.title, proposal.problem, proposal.suggestions, proposal.who_should_act]), NAMESPACE);
}
