/**
 * Per-route limits on what a request may send, checked in hooks.server.ts before any action
 * reads its form. adapter-node's BODY_SIZE_LIMIT is one number for the whole app; these are
 * smaller where a form is small, so a huge post costs nothing but a header check.
 */

const KiB = 1024;

/**
 * Largest accepted request body per route (bytes, as sent: url-encoded or multipart), by route
 * id prefix; the first match wins. A proposal (≤ 2,150 characters; 9 bytes per url-encoded
 * Chinese character) is ~20 KiB at most; the others are far smaller.
 */
export const BODY_LIMITS: [routeIdPrefix: string, bytes: number][] = [
	// A child's sign-in may carry the text of a form sent after their session ended (hidden
	// fields, at most a draft's 32,000 bytes of JSON, url-encoded: ≤ 3 × that).
	['/(public)/sign-in', 100 * KiB],
	['/sign-out', 1 * KiB],
	// A street report with up to 3 photos of ≤ 10 MiB each ($lib/server/photos.ts REPORT_BODY_LIMIT);
	// each photo's own limit is checked by the action, which says which one and keeps the text.
	['/(child)/me/reports/new', 3 * 10 * 1024 * KiB + 256 * KiB],
	// Photos added to a sent report (up to 3 in all), as on the first upload.
	['/(child)/me/reports/[id=uuid]', 3 * 10 * 1024 * KiB + 256 * KiB],
	['/(child)/me', 100 * KiB],
	// A poll's page takes one option picture at a time ($lib/server/poll-pictures.ts).
	['/(staff)/staff/polls/[id=uuid]', 10 * 1024 * KiB + 64 * KiB],
	['/(teacher)/teacher/polls/[id=uuid]', 10 * 1024 * KiB + 64 * KiB],
	['/(admin)/admin/polls/[id=uuid]', 10 * 1024 * KiB + 64 * KiB],
	// A staff item's page takes one progress photo with its note ($lib/server/progress-photos.ts).
	['/(staff)/staff/submissions/[id=uuid]', 10 * 1024 * KiB + 64 * KiB],
	['/(staff)/', 64 * KiB],
	['/(teacher)/', 32 * KiB],
	// A poll with every field full in Chinese is ~20 KiB url-encoded.
	['/(admin)/admin/polls', 32 * KiB],
	['/(safeguarding)/', 32 * KiB],
	// A ledger file (≤ 400 KiB, $lib/server/ledger-import.ts) with the form around it.
	['/(admin)/admin/ledger/import', 410 * KiB]
];

/** A held form re-posted to the sign-in page's `held` action: the largest form it can come from (a street report with photos). */
export const HELD_BODY_LIMIT = 3 * 10 * 1024 * KiB + 256 * KiB;

/** For any other route that takes a post. */
export const DEFAULT_BODY_LIMIT = 16 * KiB;

/** The body limit of a route (bytes). */
export function bodyLimit(routeId: string | null): number {
	const id = routeId ?? '';
	return BODY_LIMITS.find(([prefix]) => id.startsWith(prefix))?.[1] ?? DEFAULT_BODY_LIMIT;
}

/** Form actions take only what HTML forms send; text/plain parses as nothing useful. */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

export type BodyCheck =
	| { ok: true; request: Request }
	| { ok: false; status: 400 | 413 | 415; reason: 'too_large' | 'wrong_type' | 'unreadable' };

/**
 * Admit a form post: the right Content-Type, at most `limit` bytes (by Content-Length, then
 * counted while reading, for chunked bodies), and a body that parses as a form.
 *
 * @returns `{ ok: true, request }`: a copy of the request with the body buffered (actions read
 *   it as usual), or `{ ok: false, status, reason }`: 415 wrong type, 413 too large, 400 not a
 *   form. A refused body is drained in the background so the connection stays usable.
 */
export async function admitFormBody(request: Request, limit: number): Promise<BodyCheck> {
	const type = request.headers.get('content-type')?.split(';', 1)[0]!.trim().toLowerCase() ?? '';
	if (!FORM_TYPES.includes(type)) return refuse(request, 415, 'wrong_type');
	const declared = Number(request.headers.get('content-length'));
	if (declared > limit) return refuse(request, 413, 'too_large');

	const chunks: Uint8Array[] = [];
	let size = 0;
	if (request.body) {
		const reader = request.body.getReader();
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				size += value.byteLength;
				if (size > limit) {
					void drain(reader);
					return { ok: false, status: 413, reason: 'too_large' };
				}
				chunks.push(value);
			}
		} catch {
			// The server's own limit (BODY_SIZE_LIMIT) or a broken connection.
			return { ok: false, status: 413, reason: 'too_large' };
		}
	}
	const body = new Uint8Array(size);
	let at = 0;
	for (const chunk of chunks) {
		body.set(chunk, at);
		at += chunk.byteLength;
	}
	const copy = new Request(request.url, { method: request.method, headers: request.headers, body });
	try {
		// A multipart body without its boundary (or cut short) would throw inside the action: a 500.
		await copy.clone().formData();
	} catch {
		return { ok: false, status: 400, reason: 'unreadable' };
	}
	return { ok: true, request: copy };
}

function refuse(request: Request, status: 400 | 413 | 415, reason: 'too_large' | 'wrong_type' | 'unreadable'): BodyCheck {
	if (request.body && !request.bodyUsed) void drain(request.body.getReader());
	return { ok: false, status, reason };
}

/**
 * Read and drop the rest of a refused body. Left unread, Node keeps the socket paused and the
 * next request on a kept-alive connection would wait forever; the server's BODY_SIZE_LIMIT
 * (adapter-node) still bounds how much is read.
 */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
	try {
		while (!(await reader.read()).done);
	} catch {
		// Errored at the server's limit or by the client: nothing more to read.
	}
}
