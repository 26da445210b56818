import { randomUUID } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A new idempotency key for one form (`p_request_id` of submit_proposal): random, made once when
 * the form is first rendered and kept in a hidden field across its re-renders, so a double click
 * or Back + re-post of that form makes one proposal, and a new form always makes a new one. It
 * is derived from nothing, so it says nothing about who wrote what.
 *
 * @returns a version 4 uuid string
 */
export function newRequestKey(): string {
	return randomUUID();
}

/**
 * A request key as posted (hidden field `request_id`) or in the form's address (`?form=`), or
 * null when it is missing or not a uuid (then the submission has no key and matches no other).
 */
export function requestKeyOf(raw: FormDataEntryValue | null): string | null {
	return typeof raw === 'string' && UUID.test(raw) ? raw.toLowerCase() : null;
}
