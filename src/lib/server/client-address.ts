import type { RequestEvent } from '@sveltejs/kit';

/**
 * The visitor's IP address as adapter-node gives it (the socket's, or ADDRESS_HEADER /
 * XFF_DEPTH behind a proxy), or null where the platform cannot tell (e.g. some test servers).
 */
export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}
