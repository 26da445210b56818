import { isRedirect, json, redirect, type Cookies, type Handle, type HandleServerError, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { defineCustomServerStrategy, getLocale, getServerAsyncLocalStorage, localizeHref } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { m } from '$lib/paraglide/messages';
import { LOCALE_COOKIE, localeFromPath, negotiateLocale } from '$lib/i18n/negotiate';
import { clientAddress } from '$lib/server/client-address';
import { createAdminClient, createRequestClient } from '$lib/server/supabase';
import { removeQueuedPhotosSoon } from '$lib/server/photo-removals';
import { loadProfile, loadViewer, type Viewer } from '$lib/server/viewer';
import { GROUP_ROLES, requireRole } from '$lib/server/guard';
import { admitFormBody, bodyLimit, HELD_BODY_LIMIT } from '$lib/server/request-limits';
import { HELD_ROUTES } from '$lib/server/held-form';

defineCustomServerStrategy('custom-negotiate', { getLocale: (request) => negotiateLocale(request!) });

const i18n: Handle = async ({ event, resolve }) => {
	// An explicit prefix is the person's choice: remember it for unprefixed links.
	const chosen = localeFromPath(event.url.pathname);
	const typed = event.url.pathname.split('/')[1];
	if (chosen && typed !== chosen) {
		// /zh-cn/ledger or /EN/ledger: send to the canonical spelling of the prefix.
		const rest = event.url.pathname.slice(typed!.length + 1);
		redirect(308, `/${chosen}${rest}${event.url.search}`);
	}
	if (chosen && event.cookies.get(LOCALE_COOKIE) !== chosen) {
		event.cookies.set(LOCALE_COOKIE, chosen, { path: '/', maxAge: 60 * 60 * 24 * 365, httpOnly: false, sameSite: 'lax' });
	}
	const pageOptions = (locale: string) => ({ transformPageChunk: ({ html }: { html: string }) => html.replace('%paraglide.lang%', locale) });
	// A URL under its canonical prefix needs nothing of the middleware but the request's locale
	// context: the prefix is the locale (the url strategy comes first) and such a URL is never
	// redirected. The middleware would re-derive both with new URLPatterns and copy the request
	// (~0.7 ms of CPU per request, BENCHMARKS.md, polls). It sets the context store up on its
	// first request; until then, and for unprefixed URLs (negotiation, redirects), it runs.
	const store = chosen ? getServerAsyncLocalStorage() : undefined;
	const response = store
		? await store.run({ locale: chosen, origin: event.url.origin, messageCalls: new Set<string>() }, () => resolve(event, pageOptions(chosen!)))
		: await paraglideMiddleware(event.request, async ({ request, locale }) => {
				event.request = request;
				return resolve(event, pageOptions(locale));
			});
	// Browsers are redirected to a prefix (307), other clients get the negotiated language here:
	// either way caches must key the answer on what it was negotiated from.
	if (!chosen) response.headers.append('vary', 'Accept-Language, Cookie');
	return response;
};

/**
 * Bounded work per request: a form post must be a form (else 415, or 400 when it does not
 * parse) within its route's body limit (else 413), checked before anything reads it or asks
 * Auth who is signed in. The answer is a small translated page (an enhanced form gets an action
 * error): refusing costs far less than serving a page, so a stream of huge posts cannot crowd
 * out other visitors.
 */
const formLimits: Handle = async ({ event, resolve }) => {
	const { method } = event.request;
	if (method === 'GET' || method === 'HEAD' || !event.route.id) return resolve(event);
	// A held form re-posted to sign-in (see authGuard) is as large as the form it came from.
	const held = event.route.id === '/(public)/sign-in' && event.url.searchParams.has('/held');
	const check = await admitFormBody(event.request, held ? HELD_BODY_LIMIT : bodyLimit(event.route.id));
	if (check.ok) {
		event.request = check.request;
		return resolve(event);
	}
	const message = check.reason === 'too_large' ? m.error_too_large() : m.error_wrong_form();
	if (wantsActionJson(event)) return json({ type: 'error', error: { message } }, { status: check.status });
	return refusalPage(check.status, message, event.url.pathname);
};

/** A small page of its own for a refused post: the reason and a link back to the form. */
function refusalPage(status: number, message: string, formPath: string): Response {
	const lang = getLocale();
	const html =
		`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<title>${escapeHtml(m.error_page_title())} · ${escapeHtml(m.app_name())}</title><meta name="description" content="${escapeHtml(m.meta_description())}"></head>` +
		`<body><main><h1>${escapeHtml(m.error_page_title())}</h1><p role="alert">${escapeHtml(message)}</p>` +
		`<p><a href="${escapeHtml(formPath)}">${escapeHtml(m.error_back_to_form())}</a></p>` +
		`<p><a href="${escapeHtml(localizeHref('/'))}">${escapeHtml(m.error_back_home())}</a></p></main></body></html>`;
	return new Response(html, {
		status,
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'cache-control': 'no-store',
			'content-security-policy': "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
		}
	});
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An enhanced form (use:enhance) posts with `accept: application/json` and reads JSON back. */
function wantsActionJson(event: RequestEvent): boolean {
	const accept = event.request.headers.get('accept') ?? '';
	return event.request.method === 'POST' && accept.includes('application/json') && !accept.includes('text/html');
}

const supabase: Handle = async ({ event, resolve }) => {
	// Auth cookies written for this request (sign-in, sign-out, a token refresh in loadViewer).
	const written: [name: string, value: string, options: Parameters<Cookies['set']>[2]][] = [];
	let responded = false;
	const cookies: Cookies = {
		...event.cookies,
		set: (name, value, options) => {
			written.push([name, value, options]);
			// After the response is made (endedSession's sign-out) only `written` can carry them.
			if (!responded) event.cookies.set(name, value, options);
		}
	};
	// The access token is verified locally (loadViewer), so a session ended elsewhere shows up as
	// the Data API refusing the token (401 from its db-pre-request check): note it.
	// The client's requests go out with Node's own fetch, not SvelteKit's event.fetch: they are
	// cross-origin calls from server loads and actions (nothing is serialized into a page for a
	// universal load), so event.fetch's wrapping (a second Request, handleFetch, cookie
	// forwarding rules, tracing) only cost CPU on every request (BENCHMARKS.md, polls).
	let sessionEnded = false;
	const watchedFetch: typeof fetch = async (input, init) => {
		const res = await fetch(input, init);
		if (res.status === 401 && event.locals.viewer && isDataApiUrl(input)) sessionEnded = true;
		return res;
	};
	event.locals.supabase = createRequestClient(cookies, watchedFetch, clientAddress(event));
	event.locals.viewer = await loadViewer(event.locals.supabase);
	// Name and lead status only when a page is rendered (a form post that redirects skips them).
	let profile: Promise<Viewer | null> | undefined;
	event.locals.viewerProfile = () => {
		const viewer = event.locals.viewer;
		profile ??= viewer ? loadProfile(event.locals.supabase, viewer.id) : Promise.resolve(null);
		return profile;
	};
	let response: Response;
	try {
		response = await resolve(event, {
			filterSerializedResponseHeaders: (name) => name === 'content-range' || name === 'x-supabase-api-version'
		});
	} catch (e) {
		responded = true;
		if (sessionEnded) return await endedSession(event, written);
		// A redirect thrown by a later handle (authGuard) gets its cookies from SvelteKit outside
		// every handle, so no handle could mark it uncacheable: answer it here instead.
		if (!isRedirect(e) || written.length === 0) throw e;
		const headers = new Headers({ 'cache-control': 'private, no-store' });
		for (const [name, value, options] of written) headers.append('set-cookie', event.cookies.serialize(name, value, options));
		if (wantsActionJson(event)) {
			headers.set('content-type', 'application/json');
			return new Response(JSON.stringify({ type: 'redirect', status: e.status, location: e.location }), { headers });
		}
		headers.set('location', e.location);
		return new Response(null, { status: e.status, headers });
	}
	responded = true;
	if (sessionEnded) return await endedSession(event, written);
	// A response that sets or clears an auth cookie must never be stored (see securityHeaders).
	if (written.length > 0) response.headers.set('cache-control', 'private, no-store');
	// A signed-in page must not come back from the browser cache after sign-out (shared
	// classroom computers), nor be stored by any proxy.
	if (event.locals.viewer) response.headers.set('cache-control', 'private, no-store');
	return response;
};

/** Whether a fetch of the server's Supabase client went to the Data API (`/rest/v1/`). */
function isDataApiUrl(input: RequestInfo | URL): boolean {
	const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
	return url.includes('/rest/v1/');
}

/**
 * The answer to a request whose session turned out to have ended (the Data API refused its
 * token): whatever the page or action made of the refusal is dropped, the auth cookies are
 * cleared (a local sign-out), and the visitor gets what a signed-out visitor gets — the guard's
 * redirect to sign-in (a held child's form: 307 to the sign-in page's `held` action, body kept),
 * or, on a public page, the same page again (303; a post: 307) now signed out. Never cached.
 */
async function endedSession(event: RequestEvent, written: [string, string, Parameters<Cookies['set']>[2]][]): Promise<Response> {
	event.locals.viewer = null;
	// Auth answers the logout of an ended session with session_not_found; auth-js still removes it.
	await event.locals.supabase.auth.signOut({ scope: 'local' }).catch(() => undefined);
	const { method } = event.request;
	const post = method !== 'GET' && method !== 'HEAD';
	const routeId = event.route.id ?? '';
	const group = Object.keys(GROUP_ROLES).find((g) => routeId.startsWith(g));
	const back = event.url.pathname + event.url.search;
	let status: number;
	let location: string;
	if (group && post && HELD_ROUTES[routeId]) [status, location] = [307, localizeHref(`/sign-in?/held&next=${encodeURIComponent(back)}`)];
	else if (group) [status, location] = [303, localizeHref(`/sign-in?next=${encodeURIComponent(back)}`)];
	else [status, location] = [post ? 307 : 303, back];
	const headers = new Headers({ 'cache-control': 'private, no-store' });
	for (const [name, value, options] of written) headers.append('set-cookie', event.cookies.serialize(name, value, options));
	if (wantsActionJson(event)) {
		headers.set('content-type', 'application/json');
		return new Response(JSON.stringify({ type: 'redirect', status: status === 307 ? 303 : status, location }), { headers });
	}
	headers.set('location', location);
	return new Response(null, { status, headers });
}

// Pages are guarded by each group's +layout.server.ts (so a refusal renders the app's error
// page). Form actions run before any load, so requests that can change data are guarded here.
const authGuard: Handle = async ({ event, resolve }) => {
	if (event.request.method !== 'GET' && event.request.method !== 'HEAD') {
		const routeId = event.route.id ?? '';
		const group = Object.keys(GROUP_ROLES).find((g) => routeId.startsWith(g));
		// A child's form sent after the session ended keeps its text: the browser posts the same
		// body to the sign-in page's `held` action (307 keeps method and body), which carries it
		// through sign-in into the form's draft ($lib/server/held-form.ts).
		if (group && !event.locals.viewer && HELD_ROUTES[routeId]) {
			const back = event.url.pathname + event.url.search;
			redirect(307, localizeHref(`/sign-in?/held&next=${encodeURIComponent(back)}`));
		}
		if (group) requireRole(event.locals.viewer, GROUP_ROLES[group]!, event.url);
	}
	return resolve(event);
};

/**
 * Headers every page and redirect carries (the CSP itself is kit.csp in svelte.config.js, with a
 * nonce per response). A response setting or clearing an auth cookie is never cached.
 */
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	headers.set('x-content-type-options', 'nosniff');
	headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	headers.set('x-frame-options', 'DENY');
	if (headers.getSetCookie().some((c) => c.startsWith('sb-'))) headers.set('cache-control', 'private, no-store');
	return response;
};

export const handle = sequence(securityHeaders, i18n, formLimits, supabase, authGuard);

export const handleError: HandleServerError = ({ error: e, status }) => {
	if (status !== 404) console.error(e);
	return { message: status === 404 ? m.error_not_found() : m.error_unexpected() };
};

/**
 * Once per server process: empty the queue of Storage objects of deleted street-report photos
 * every 10 minutes (retention run by pg_cron deletes reports without the app knowing); removals
 * the app makes itself (a photo taken away, an erasure) run at once where they happen.
 */
export const init: ServerInit = () => {
	const admin = () => createAdminClient(globalThis.fetch);
	removeQueuedPhotosSoon(admin);
	setInterval(() => removeQueuedPhotosSoon(admin), 10 * 60 * 1000).unref();
};
