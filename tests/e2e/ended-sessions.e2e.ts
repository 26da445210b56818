/**
 * An ended session is signed out everywhere, although the app verifies access tokens locally
 * (auth.getClaims with Auth's ES256 public key): after sign-out, the child's old access token is
 * refused by the Data API (db-pre-request request_guard.check_session, 401 PT401), and the old
 * cookies get what a signed-out visitor gets from the app's pages and forms, with the auth
 * cookies cleared and nothing cached. (A teacher's card reset: sign-in.e2e.ts, new secret words.)
 */
import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import { CLASS_CODE, demo, test } from './support';

const origin = () => test.info().project.use.baseURL!;

function post(request: APIRequestContext, path: string, body: string): Promise<APIResponse> {
	return request.post(path, {
		headers: { origin: origin(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
		data: body,
		maxRedirects: 0
	});
}

/** The access token in a storage state's Supabase auth cookie (possibly in chunks `.0`, `.1`, …). */
function accessToken(cookies: { name: string; value: string }[]): string {
	const parts = cookies.filter((c) => /^sb-.*-auth-token(\.\d+)?$/.test(c.name));
	expect(parts.length).toBeGreaterThan(0);
	parts.sort((a, b) => Number(a.name.split('.').at(-1)) - Number(b.name.split('.').at(-1)));
	const raw = parts.map((c) => c.value).join('');
	return (JSON.parse(Buffer.from(raw.replace(/^base64-/, ''), 'base64url').toString('utf8')) as { access_token: string }).access_token;
}

function dataApi(path: string, token: string): Promise<Response> {
	const url = process.env.PUBLIC_SUPABASE_URL;
	const anon = process.env.PUBLIC_SUPABASE_ANON_KEY;
	if (!url || !anon) throw new Error('run through `npm test -- e2e …` (PUBLIC_SUPABASE_URL, PUBLIC_SUPABASE_ANON_KEY)');
	return fetch(`${url}${path}`, { headers: { apikey: anon, authorization: `Bearer ${token}` } });
}

const clearsAuthCookie = (response: APIResponse) =>
	response
		.headersArray()
		.filter((h) => h.name.toLowerCase() === 'set-cookie')
		.some((h) => /^sb-[^=]*-auth-token[^=]*=;/.test(h.value) || /^sb-[^=]*-auth-token[^=]*=[^;]*;.*Max-Age=0/i.test(h.value));

test("after sign-out the old session's token and cookies are refused: Data API 401, pages and forms as signed out", async ({ playwright }) => {
	const child = demo(4);
	const request = await playwright.request.newContext({ baseURL: origin() });
	const signIn = await post(
		request,
		'/en/sign-in?/card',
		new URLSearchParams({ class_code: CLASS_CODE, student_number: '4', secret_words: child.loginCard!.secretWords }).toString()
	);
	expect(signIn.status()).toBe(303);
	const old = await request.storageState();
	const token = accessToken(old.cookies);
	expect((await dataApi('/rest/v1/profiles?select=id', token)).status).toBe(200);
	// Signed in, the page is the child's.
	expect((await request.get('/en/me', { maxRedirects: 0 })).status()).toBe(200);

	expect((await post(request, '/en/sign-out', '')).status()).toBe(303);

	// The Data API refuses the ended session's token, which is still within its hour.
	const refused = await dataApi('/rest/v1/profiles?select=id', token);
	expect(refused.status).toBe(401);
	expect(await refused.json()).toMatchObject({ code: 'PT401', message: 'session_ended' });

	// The old cookies (kept by a copy of the browser) sign nobody in: a page is sent to sign-in and
	// the cookies are cleared…
	const replay = await playwright.request.newContext({ baseURL: origin(), storageState: old });
	const page = await replay.get('/en/me', { maxRedirects: 0 });
	expect(page.status()).toBe(303);
	expect(page.headers()['location']).toBe('/en/sign-in?next=%2Fen%2Fme');
	expect(page.headers()['cache-control']).toBe('private, no-store');
	expect(clearsAuthCookie(page)).toBe(true);

	// …and so are forms: a child's new form keeps its text on the way (307 to the held action),
	// any other post is a 303.
	const draft = new URLSearchParams({ request_id: crypto.randomUUID(), draft_kind: 'proposal', title: 'x' }).toString();
	for (const [path, body, status, location] of [
		['/en/me/proposals/new', 'title=x', 307, '/en/sign-in?/held&next='],
		['/en/me/drafts/save', draft, 303, '/en/sign-in?next=']
	] as const) {
		const again = await playwright.request.newContext({ baseURL: origin(), storageState: old });
		const r = await post(again, path, body);
		expect(r.status(), path).toBe(status);
		expect(r.headers()['location'], path).toContain(location);
		expect(r.headers()['cache-control'], path).toBe('private, no-store');
		await again.dispose();
	}
	await replay.dispose();
	await request.dispose();
});
