/**
 * Small HTTP helpers shared by the Auth and Data API handlers of the local stand-in.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body accepted (bytes); larger bodies get 413 like a gateway would. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** One request as the handlers see it: method, parsed URL, lower-cased headers and the raw body. */
export interface ApiRequest {
	method: string;
	url: URL;
	/** Header values by lower-case name; repeated headers joined with ", ". */
	headers: Record<string, string>;
	/** Raw body (empty for GET/HEAD). */
	body: Buffer;
	/** Client address, for auth.sessions.ip. */
	ip: string | null;
}

/** What a handler answers: status, headers and an optional body (JSON text or bytes). */
export interface ApiResponse {
	status: number;
	headers?: Record<string, string>;
	body?: string;
}

/** Thrown when a request body is larger than {@link MAX_BODY_BYTES}. */
export class BodyTooLargeError extends Error {}

/** Thrown when the request target is not a URL path (`new URL` refuses it). */
export class BadRequestTargetError extends Error {}

/**
 * Read a request fully: headers normalised to lower-case keys, body buffered up to the limit.
 *
 * @throws BodyTooLargeError past {@link MAX_BODY_BYTES}; BadRequestTargetError for a target that is no URL
 */
export async function readRequest(req: IncomingMessage, base: string): Promise<ApiRequest> {
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(req.headers)) {
		if (v === undefined) continue;
		headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
	}
	let url: URL;
	try {
		url = new URL(req.url ?? '/', base);
	} catch {
		throw new BadRequestTargetError();
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		const buf = chunk as Buffer;
		size += buf.length;
		if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
		chunks.push(buf);
	}
	return {
		method: (req.method ?? 'GET').toUpperCase(),
		url,
		headers,
		body: Buffer.concat(chunks),
		ip: req.socket.remoteAddress ?? null
	};
}

/** A JSON response with `Content-Type: application/json; charset=utf-8`. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): ApiResponse {
	return {
		status,
		headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
		body: JSON.stringify(value)
	};
}

/**
 * CORS headers like the Supabase gateway's: any origin, the headers the browser asked for,
 * and the response headers supabase-js reads exposed.
 */
export function corsHeaders(req: Pick<ApiRequest, 'method' | 'headers'>): Record<string, string> {
	const h: Record<string, string> = {
		'Access-Control-Allow-Origin': '*',
		'Access-Control-Expose-Headers':
			'Content-Encoding, Content-Location, Content-Range, Content-Type, Date, Location, Server, Transfer-Encoding, Range-Unit, Preference-Applied, X-Total-Count, Link, X-Supabase-Api-Version'
	};
	if (req.method === 'OPTIONS') {
		h['Access-Control-Allow-Methods'] = 'GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS';
		h['Access-Control-Allow-Headers'] =
			req.headers['access-control-request-headers'] ??
			'authorization, x-client-info, apikey, content-type, accept, accept-profile, content-profile, prefer, range, x-supabase-api-version';
		h['Access-Control-Max-Age'] = '3600';
	}
	return h;
}

/** Write a handler's answer; HEAD and 204 never carry a body. */
export function send(res: ServerResponse, req: ApiRequest | null, r: ApiResponse): void {
	const body = r.body ?? '';
	const headers: Record<string, string> = { ...(req ? corsHeaders(req) : {}), ...(r.headers ?? {}) };
	const noBody = r.status === 204 || r.status === 304 || req?.method === 'HEAD';
	if (!noBody && r.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
	res.writeHead(r.status, headers);
	res.end(noBody ? undefined : body);
}

/** Parse a JSON body; `undefined` when empty. @throws SyntaxError on invalid JSON */
export function parseJsonBody(req: ApiRequest): unknown {
	const text = req.body.toString('utf8');
	if (text.trim() === '') return undefined;
	return JSON.parse(text) as unknown;
}

/** A plain JSON object (not an array, not null). */
export function isObject(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}
