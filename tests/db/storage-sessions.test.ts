/**
 * Ended sessions at Storage (migration 20261201020000): a child signed in twice uploads and reads
 * the photos of their own street report through the Storage API (the stand-in's, with the
 * project's policies); once one session is signed out, its access token — still a valid JWT for
 * up to an hour — can no longer read or upload a private object, while the other session can.
 * Storage runs no db-pre-request, so this is the restrictive "Only live sessions …" policies of
 * storage.objects at work; the SQL part checks them as Storage's transaction sets them up.
 */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createWorld, dbError, one, rolledBack, type Sql, type Tx, type World } from './helpers';

const url = process.env.PUBLIC_SUPABASE_URL!;
const anonKey = process.env.PUBLIC_SUPABASE_ANON_KEY!;
const PASSWORD = 'storage-sessions-2026';
const JPEG = Buffer.from(
	'/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==',
	'base64'
);
const PHOTO = { width: 1600, height: 1200, bytes: 250_000 };

let sql: Sql;
let w: World;
let email: string;
let place: string;

const newClient = (headers: Record<string, string> = {}): SupabaseClient =>
	createClient(url, anonKey, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		global: { headers },
		realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
	});

/** One sign-in of the child: a new auth.sessions row; the client carries its access token. */
async function session(): Promise<{ token: string; sessionId: string; as: SupabaseClient }> {
	const { data, error } = await newClient().auth.signInWithPassword({ email, password: PASSWORD });
	if (error || !data.session) throw new Error(`sign-in failed: ${error?.message}`);
	const token = data.session.access_token;
	const sessionId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')).session_id as string;
	return { token, sessionId, as: newClient({ Authorization: `Bearer ${token}` }) };
}

/** A committed street report of childA1 with `n` photos expected (object names from the database). */
async function report(n: number): Promise<string[]> {
	return sql.begin(async (tx) => {
		await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: w.ids.childA1, role: 'authenticated' })}, true)`;
		await tx`set local role authenticated`;
		const r = one(
			await tx<{ photo_names: string[] }[]>`select photo_names from public.submit_street_report(
				'秋千坏了', '秋千的链子断了', 'broken_facility'::public.street_report_topic, 'soon'::public.street_report_urgency,
				${place}, null, null, ${tx.json(Array.from({ length: n }, () => PHOTO))}::jsonb, null, null)`
		);
		return r.photo_names;
	});
}

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
	const row = one(
		await sql<{ email: string }[]>`update auth.users set encrypted_password = extensions.crypt(${PASSWORD}, extensions.gen_salt('bf', 4))
			where id = ${w.ids.childA1} returning email`
	);
	email = row.email;
	place = one(
		await sql<{ id: string }[]>`insert into public.neighbourhood_places (district_id, kind, name_zh)
			values (${w.districtA}, 'playground', ${'小公园' + w.tag}) returning id`
	).id;
});

afterAll(async () => {
	await sql?.end();
});

describe('Storage after sign-out', () => {
	it("a signed-out session's token can no longer read or upload the child's private photos; the child's other session can", async () => {
		const [first, second] = await report(2);
		const ended = await session();
		const live = await session();
		const photos = (c: SupabaseClient) => c.storage.from('street-report-photos');

		// Both sessions live: the child uploads the first photo and reads it back.
		expect((await photos(ended.as).upload(first!, JPEG, { contentType: 'image/jpeg' })).error).toBeNull();
		expect((await photos(ended.as).download(first!)).error).toBeNull();

		// The app's sign-out: Auth's logout of this session only (scope local).
		const out = await fetch(`${url}/auth/v1/logout?scope=local`, { method: 'POST', headers: { apikey: anonKey, authorization: `Bearer ${ended.token}` } });
		expect(out.status).toBe(204);
		expect(await sql`select 1 from auth.sessions where id = ${ended.sessionId}`).toHaveLength(0);

		// The ended session's token: nothing private to read, nothing to upload, no signed URL.
		expect((await photos(ended.as).download(first!)).error).toMatchObject({ statusCode: '404', message: 'Object not found' });
		expect((await photos(ended.as).createSignedUrl(first!, 60)).error).toMatchObject({ statusCode: '404' });
		expect((await photos(ended.as).upload(second!, JPEG, { contentType: 'image/jpeg' })).error).toMatchObject({
			statusCode: '403',
			message: 'new row violates row-level security policy'
		});
		// The Data API says the same in its own words.
		const rest = await fetch(`${url}/rest/v1/profiles?select=id`, { headers: { apikey: anonKey, authorization: `Bearer ${ended.token}` } });
		expect(rest.status).toBe(401);

		// The live session still reads the photo and uploads the second one.
		expect((await photos(live.as).download(first!)).error).toBeNull();
		expect((await photos(live.as).upload(second!, JPEG, { contentType: 'image/jpeg' })).error).toBeNull();
		expect((await photos(live.as).download(second!)).error).toBeNull();
	});
});

describe('the restrictive policies in SQL (as Storage sets up its transaction)', () => {
	/** Become the child with a token of `sessionId`, as Storage's per-transaction scope does. */
	async function asChildWithSession(tx: Tx, sessionId: string | null): Promise<void> {
		const claims = { sub: w.ids.childA1, role: 'authenticated', ...(sessionId === null ? {} : { session_id: sessionId }) };
		await tx`reset role`;
		await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true), set_config('storage.operation', 'storage.object.upload', true)`;
		await tx`set local role authenticated`;
	}

	it('select and insert: a live session passes, an ended or malformed one sees and writes nothing, a token without session_id is left to the other policies', async () => {
		const [name] = await report(1);
		const live = await session();
		await rolledBack(sql, async (tx) => {
			// The object row as Storage would have written it (service role) after an upload.
			await tx`insert into storage.objects (bucket_id, name, owner_id, metadata) values ('street-report-photos', ${name!}, ${w.ids.childA1}, '{}'::jsonb)`;
			const visible = async () => (await tx`select 1 from storage.objects where bucket_id = 'street-report-photos' and name = ${name!}`).length;
			await asChildWithSession(tx, live.sessionId);
			expect(await visible()).toBe(1);
			await asChildWithSession(tx, null);
			expect(await visible()).toBe(1);
			for (const sid of [crypto.randomUUID(), 'not-a-uuid']) {
				await asChildWithSession(tx, sid);
				expect(await visible(), sid).toBe(0);
			}
		});
		const [other] = await report(1);
		await rolledBack(sql, async (tx) => {
			await asChildWithSession(tx, crypto.randomUUID());
			const e = await dbError(tx, (sp) => sp`insert into storage.objects (bucket_id, name, owner_id) values ('street-report-photos', ${other!}, ${w.ids.childA1})`);
			expect(e).toMatchObject({ code: '42501' });
			await asChildWithSession(tx, live.sessionId);
			await tx`insert into storage.objects (bucket_id, name, owner_id) values ('street-report-photos', ${other!}, ${w.ids.childA1})`;
		});
	});
});
