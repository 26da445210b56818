/**
 * Street reports after they are sent (issue 9 §1 leftovers): the author adds and removes photos
 * while the report is submitted or returned (3 at most, at the version shown, nobody else), and
 * the Storage objects of deleted photo rows (a photo taken away, a report erased or deleted) are
 * removed through the Storage API by the app server's job ($lib/server/photo-removals.ts) — the
 * object is gone from the stand-in's Storage, its bytes too.
 */
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeQueuedPhotos } from '../../src/lib/server/photo-removals';
import { actAs, asSuperuser, connect, createWorld, dbError, one, rolledBack, type Actor, type Sql, type Tx, type World } from './helpers';

let sql: Sql;
let w: World;
let place: string;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
	place = one(await sql<{ id: string }[]>`insert into public.neighbourhood_places (district_id, kind, name_zh)
		values (${w.districtA}, 'playground', ${'游乐场' + w.tag}) returning id`).id;
});

afterAll(async () => {
	await sql?.end();
});

const PHOTO = { width: 1600, height: 1200, bytes: 250_000 };
const v = (id: string) => `(select version from public.submissions where id = '${id}')`;

async function submitReport(tx: Tx, who: Actor, photos: number): Promise<{ id: string; photo_names: string[] }> {
	await actAs(tx, who);
	return one(
		await tx<{ id: string; photo_names: string[] }[]>`select id, photo_names from public.submit_street_report(
			'滑梯坏了', '滑梯的板子裂开了', 'broken_facility'::public.street_report_topic, 'soon'::public.street_report_urgency,
			${place}, null, null, ${tx.json(Array.from({ length: photos }, () => PHOTO))}::jsonb, null, null)`
	);
}

const addIt = (id: string, version = v(id)) => (sp: Tx) =>
	sp.unsafe<{ id: string; object_name: string }[]>(`select * from public.add_street_report_photo($1, ${version}, 800, 600, 90000)`, [id]);
const removeIt = (photo: string, id: string) => (sp: Tx) => sp.unsafe(`select public.remove_street_report_photo($1, ${v(id)})`, [photo]);

describe('adding and removing photos', () => {
	it('the author adds photos at the first free place while submitted, up to 3, each a new version', async () => {
		await rolledBack(sql, async (tx) => {
			const r = await submitReport(tx, w.people.childA1, 1);
			const before = Number(one(await tx.unsafe(`select ${v(r.id)} as v`)).v);
			const added = one(await addIt(r.id)(tx));
			expect(added.object_name).toBe(`${r.id}/${added.id}.jpg`);
			expect(Number(one(await tx.unsafe(`select ${v(r.id)} as v`)).v)).toBe(before + 1);
			one(await addIt(r.id)(tx));
			const e = await dbError(tx, addIt(r.id));
			expect(e).toMatchObject({ code: 'P0001', message: 'photo_too_many' });
			const positions = await tx`select position from public.street_report_photos where submission_id = ${r.id} order by position`;
			expect(positions.map((p) => p.position)).toEqual([1, 2, 3]);
			// Taking photo 2 away frees place 2, which the next photo takes.
			const second = one(await tx`select id from public.street_report_photos where submission_id = ${r.id} and position = 2`);
			await removeIt(second.id, r.id)(tx);
			one(await addIt(r.id)(tx));
			await asSuperuser(tx);
			expect(one(await tx`select count(*)::int as n from private.street_report_photo_removals where object_name like ${r.id + '/%'}`).n).toBe(1);
		});
	});

	it('refuses a stale version, a wrong size, someone else, and a report the teacher has acted on', async () => {
		await rolledBack(sql, async (tx) => {
			const r = await submitReport(tx, w.people.childA1, 1);
			expect(await dbError(tx, addIt(r.id, '999'))).toMatchObject({ code: 'PT409', message: 'stale_version' });
			expect(
				await dbError(tx, (sp) => sp.unsafe(`select * from public.add_street_report_photo($1, ${v(r.id)}, 2000, 600, 90000)`, [r.id]))
			).toMatchObject({ message: 'field_invalid:photos' });
			const photo = one(await tx`select id from public.street_report_photos where submission_id = ${r.id}`).id as string;
			// A classmate and the teacher may do neither.
			await actAs(tx, w.people.childA1b);
			expect(await dbError(tx, addIt(r.id))).toMatchObject({ code: '42501' });
			expect(await dbError(tx, removeIt(photo, r.id))).toMatchObject({ code: 'PT404' });
			await actAs(tx, w.people.teacherA1);
			expect(await dbError(tx, addIt(r.id))).toMatchObject({ code: '42501' });
			// Approved: the photos are the teacher's to confirm now.
			await tx.unsafe(`select public.approve_street_report($1, ${v(r.id)}, '滑梯坏了', '滑梯有一块板子裂开了。', null, null)`, [r.id]);
			await actAs(tx, w.people.childA1);
			expect(await dbError(tx, addIt(r.id))).toMatchObject({ message: 'invalid_state' });
			expect(await dbError(tx, removeIt(photo, r.id))).toMatchObject({ message: 'invalid_state' });
		});
	});

	it('works while returned, and the resubmitted report keeps the photos as they are then', async () => {
		await rolledBack(sql, async (tx) => {
			const r = await submitReport(tx, w.people.childA1, 2);
			await actAs(tx, w.people.teacherA1);
			await tx.unsafe(`select public.return_submission($1, ${v(r.id)}, '请写清楚是哪个滑梯。')`, [r.id]);
			await actAs(tx, w.people.childA1);
			const first = one(await tx`select id from public.street_report_photos where submission_id = ${r.id} and position = 1`);
			await removeIt(first.id, r.id)(tx);
			await tx.unsafe(
				`select public.resubmit_street_report($1, ${v(r.id)}, '滑梯坏了', '东门旁边的滑梯板子裂开了', 'broken_facility', 'urgent', $2, null, null, null)`,
				[r.id, place]
			);
			await asSuperuser(tx);
			const s = one(await tx`select state from public.submissions where id = ${r.id}`);
			expect(s.state).toBe('submitted');
			expect((await tx`select position from public.street_report_photos where submission_id = ${r.id}`).map((p) => p.position)).toEqual([2]);
		});
	});

	it('the queue functions are for the service role only', async () => {
		await rolledBack(sql, async (tx) => {
			for (const who of [w.people.childA1, w.people.admin]) {
				await actAs(tx, who);
				expect(await dbError(tx, (sp) => sp`select * from public.photo_removals_due(10)`)).toMatchObject({ code: '42501' });
				expect(await dbError(tx, (sp) => sp`select public.photo_removals_done(array['x'])`)).toMatchObject({ code: '42501' });
			}
		});
	});
});

describe('Storage objects of deleted photo rows', () => {
	const url = process.env.PUBLIC_SUPABASE_URL!;
	const serviceKey = process.env.SUPABASE_SERVICE_ROLE_KEY!;
	const admin = () => createClient(url, serviceKey, {
			auth: { persistSession: false, autoRefreshToken: false },
			realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
		});
	const bucket = () => admin().storage.from('street-report-photos');
	const exists = async (name: string) => {
		const [folder, file] = name.split('/');
		const { data, error } = await bucket().list(folder, { search: file });
		if (error) throw error;
		return (data ?? []).some((o) => o.name === file);
	};
	const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==', 'base64');

	/** A committed report with `n` photos whose objects are in Storage. */
	async function reportWithStoredPhotos(n: number): Promise<{ id: string; names: string[] }> {
		const r = await sql.begin(async (tx) => submitReport(tx, w.people.childA1, n));
		for (const name of r.photo_names) {
			const { error } = await bucket().upload(name, JPEG, { contentType: 'image/jpeg' });
			expect(error).toBeNull();
			expect(await exists(name)).toBe(true);
		}
		return { id: r.id, names: r.photo_names };
	}

	it('a photo the child takes away: the job removes its object and empties the queue', async () => {
		const r = await reportWithStoredPhotos(2);
		await sql.begin(async (tx) => {
			await actAs(tx, w.people.childA1);
			const photo = one(await tx`select id from public.street_report_photos where object_name = ${r.names[0]!}`);
			await removeIt(photo.id, r.id)(tx);
		});
		expect(await removeQueuedPhotos(admin())).toBeGreaterThanOrEqual(1);
		expect(await exists(r.names[0]!)).toBe(false);
		expect(await exists(r.names[1]!)).toBe(true);
		const left = await sql`select 1 from private.street_report_photo_removals where object_name = ${r.names[0]!}`;
		expect(left).toHaveLength(0);
		// Not readable any more either (the bytes went with the row).
		expect((await bucket().download(r.names[0]!)).error).not.toBeNull();
	});

	it('a deleted report (erasure, retention): every object of it goes, nothing of other reports', async () => {
		const gone = await reportWithStoredPhotos(3);
		const kept = await reportWithStoredPhotos(1);
		await sql`delete from public.submissions where id = ${gone.id}`;
		await removeQueuedPhotos(admin());
		for (const name of gone.names) expect(await exists(name)).toBe(false);
		expect(await exists(kept.names[0]!)).toBe(true);
		expect(one(await sql`select count(*)::int as n from private.street_report_photo_removals where object_name like ${gone.id + '/%'}`).n).toBe(0);
	});

	it('the seeded answered report has its confirmed, published photo in Storage (uploaded when the stack starts)', async () => {
		const row = one(await sql`select p.object_name, p.bytes, p.confirmed_at is not null as confirmed,
				exists (select 1 from public.published_street_report_photos x where x.photo_id = p.id) as published
			from public.street_report_photos p where p.id = 'b2000000-0000-4000-8000-000000000501'`);
		expect({ confirmed: row.confirmed, published: row.published }).toEqual({ confirmed: true, published: true });
		const { data, error } = await bucket().download(row.object_name as string);
		expect(error).toBeNull();
		const bytes = Buffer.from(await data!.arrayBuffer());
		expect(bytes.byteLength).toBe(row.bytes);
		expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
		// Anyone may read it (a published photo): a signed URL as anon works.
		const anon = createClient(url, process.env.PUBLIC_SUPABASE_ANON_KEY!, {
			auth: { persistSession: false, autoRefreshToken: false },
			realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
		});
		const signed = await anon.storage.from('street-report-photos').createSignedUrl(row.object_name as string, 60);
		expect(signed.error).toBeNull();
		expect((await fetch(signed.data!.signedUrl)).status).toBe(200);
	});

	it('a queued object that was never uploaded leaves the queue too (nothing is stuck)', async () => {
		await sql`insert into private.street_report_photo_removals (object_name) values (${'never/' + w.tag + '.jpg'})`;
		await removeQueuedPhotos(admin());
		expect(await sql`select 1 from private.street_report_photo_removals where object_name = ${'never/' + w.tag + '.jpg'}`).toHaveLength(0);
	});
});
