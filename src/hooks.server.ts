import { redirect, type Handle, type HandleServerError, type RequestEvent } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { defineCustomServerStrategy } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { m } from '$lib/paraglide/messages';
import { LOCALE_COOKIE, localeFromPath, negotiateLocale } from '$lib/i18n/negotiate';
import { createRequestClient } from '$lib/server/supabase';
import { loadViewer } from '$lib/server/viewer';
import { GROUP_ROLES, requireRole } from '$lib/server/guard';

defineCustomServerStrategy('custom-negotiate', { getLocale: (request) => negotiateLocale(request!) });

const i18n: Handle = ({ event, resolve }) => {
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
	return paraglideMiddleware(event.request, async ({ request, locale }) => {
		event.request = request;
		const response = await resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
		// Browsers are redirected to a prefix; other clients get the negotiated language here,
		// so caches must key it on what it was negotiated from.
		if (!chosen) response.headers.append('vary', 'Accept-Language, Cookie');
		return response;
	});
};

/** The visitor's IP address (adapter-node: the socket's, or ADDRESS_HEADER behind a proxy). */
function clientAddress(event: RequestEvent): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}

const supabase: Handle = async ({ event, resolve }) => {
	event.locals.supabase = createRequestClient(event.cookies, event.fetch, clientAddress(event));
	event.locals.viewer = await loadViewer(event.locals.supabase);
	const response = await resolve(event, {
		filterSerializedResponseHeaders: (name) => name === 'content-range' || name === 'x-supabase-api-version'
	});
	// A signed-in page must not come back from the browser cache after sign-out (shared
	// classroom computers), nor be stored by any proxy.
	if (event.locals.viewer) response.headers.set('cache-control', 'private, no-store');
	return response;
};

// Pages are guarded by each group's +layout.server.ts (so a refusal renders the app's error
// page). Form actions run before any load, so requests that can change data are guarded here.
const authGuard: Handle = async ({ event, resolve }) => {
	if (event.request.method !== 'GET' && event.request.method !== 'HEAD') {
		const routeId = event.route.id ?? '';
		const group = Object.keys(GROUP_ROLES).find((g) => routeId.startsWith(g));
		if (group) requireRole(event.locals.viewer, GROUP_ROLES[group]!, event.url);
	}
	return resolve(event);
};

export const handle = sequence(i18n, supabase, authGuard);

export const handleError: HandleServerError = ({ error: e, status }) => {
	if (status !== 404) console.error(e);
	return { message: status === 404 ? m.error_not_found() : m.error_unexpected() };
};
