/**
 * A photo on a progress update (issue 11 §3; migration 20261201000000): staff of the item attach
 * one when they add an update, at the version shown; the photo is readable where the update is
 * (the child author, the class teacher, staff of the item) and by anyone while it is the latest
 * update's on a published answer; staff of the item remove one attached by mistake (audited);
 * Storage's policies of the bucket follow the rows; the removal job empties the bucket's queue.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeQueuedPhotos } from '../../src/lib/server/photo-removals';
import { actAs, ANON, approve, asSuperuser, connect, createWorld, dbError, one, proposal, rolledBack, submit, type Actor, type Sql, type Tx, type World } from './helpers';

let sql: Sql;
let w: World;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
});

afterAll(async () => {
	await sql?.end();
});

const BUCKET = 'progress-photos';

async function versionAs(tx: Tx, id: string): Promise<number> {
	return one(await tx<{ version: number }[]>`select version from public.submissions where id = ${id}`).version;
}

/** childA1 proposes, teacherA1 approves, staffA (district A) answers with `decision`; returns the id. */
async function answered(tx: Tx, decision = 'adopted'): Promise<string> {
	await actAs(tx, w.people.childA1);
	const id = await submit(tx, proposal({ title: 'photo ' + randomUUID() }));
	await actAs(tx, w.people.teacherA1);
	await approve(tx, id);
	await actAs(tx, w.people.staffA);
	await tx`select public.answer_submission(${id}, ${await versionAs(tx, id)}, ${decision}::public.answer_decision, '我们会处理。', ${[w.goal]}::uuid[])`;
	return id;
}

type Added = { id: number; photo_id: string; object_name: string };

/** add_progress_update_with_photo as the current actor, at the version it sees unless given. */
const withPhoto =
	(id: string, opts: { stage?: string; note?: string; v?: number; width?: number } = {}) =>
	async (sp: Tx): Promise<Added> =>
		one(
			await sp<Added[]>`select * from public.add_progress_update_with_photo(${id}, ${opts.v ?? (await versionAs(sp, id))},
				${opts.stage ?? 'in_progress'}::public.progress_stage, ${opts.note ?? '工人开始铺软垫了。'}, ${opts.width ?? 1200}, 900, 150000)`
		);

const insertObject = (name: string, owner: string) => (sp: Tx) =>
	sp`insert into storage.objects (bucket_id, name, owner_id) values (${BUCKET}, ${name}, ${owner})`;

async function canRead(tx: Tx, who: Actor, name: string): Promise<boolean> {
	await actAs(tx, who);
	return (await tx`select name from storage.objects where bucket_id = ${BUCKET} and name = ${name}`).length === 1;
}

async function rowVisible(tx: Tx, who: Actor, photo: string): Promise<boolean> {
	await actAs(tx, who);
	return (await tx`select id from public.progress_photos where id = ${photo}`).length === 1;
}

describe('attaching a photo to a progress update', () => {
	it('records the update and its photo together, names the object, and puts it on the public copy', () =>
		rolledBack(sql, async (tx) => {
			const id = await answered(tx);
			await actAs(tx, w.people.staffA);
			const before = await versionAs(tx, id);
			const added = await withPhoto(id)(tx);
			expect(added.object_name).toBe(`${id}/${added.photo_id}.jpg`);
			expect(await versionAs(tx, id)).toBe(before + 1);
			await asSuperuser(tx);
			expect(await tx`select stage, note from public.submission_progress where id = ${added.id}`).toEqual([
				{ stage: 'in_progress', note: '工人开始铺软垫了。' }
			]);
			expect(await tx`select progress_id::int, width, height, bytes, staff_id from public.progress_photos where id = ${added.photo_id}`).toEqual([
				{ progress_id: Number(added.id), width: 1200, height: 900, bytes: 150000, staff_id: w.ids.staffA }
			]);
			expect(await tx`select count(*)::int as n from public.notifications where submission_id = ${id} and kind = 'progress'`).toEqual([{ n: 1 }]);
			await actAs(tx, ANON);
			expect(await tx`select progress_photo_id, progress_note from public.published_answers where submission_id = ${id}`).toEqual([
				{ progress_photo_id: added.photo_id, progress_note: '工人开始铺软垫了。' }
			]);
			// The next update without a photo: the public pages show the latest update, so no photo.
			await actAs(tx, w.people.staffA);
			await tx`select public.add_progress_update(${id}, ${await versionAs(tx, id)}, 'done', '做好了。')`;
			await actAs(tx, ANON);
			expect(await tx`select progress_photo_id from public.published_answers where submission_id = ${id}`).toEqual([{ progress_photo_id: null }]);
			expect(one(await tx`select public.public_progress_photo_object(${added.photo_id}) as o`).o).toBeNull();
			// Inside, the earlier update keeps its photo.
			expect(await rowVisible(tx, w.people.childA1, added.photo_id)).toBe(true);
		}));

	it('refuses what add_progress_update refuses, wrong sizes, and everyone but staff of the item', () =>
		rolledBack(sql, async (tx) => {
			const id = await answered(tx, 'under_study');
			await actAs(tx, w.people.staffA);
			expect(await dbError(tx, withPhoto(id, { v: 1 }))).toMatchObject({ code: 'PT409', message: 'stale_version' });
			expect(await dbError(tx, withPhoto(id, { width: 2000 }))).toMatchObject({ code: 'P0001', message: 'field_invalid:photo' });
			expect(await dbError(tx, withPhoto(id, { note: ' ' }))).toMatchObject({ message: 'field_required:note' });
			await asSuperuser(tx);
			const v = await versionAs(tx, id);
			// Another district's staff, a teacher (of the class, or another), a child, an admin, anon.
			for (const who of [w.people.staffB, w.people.teacherA1, w.people.teacherA2, w.people.childA1, w.people.childB, w.people.admin]) {
				await actAs(tx, who);
				expect((await dbError(tx, withPhoto(id, { v }))).code).toBe('42501');
			}
			await actAs(tx, ANON);
			expect((await dbError(tx, withPhoto(id, { v }))).code).toBe('42501');
			const no = await answered(tx, 'not_feasible');
			await actAs(tx, w.people.staffA);
			expect((await dbError(tx, withPhoto(no))).message).toBe('not_followed_up');
			await asSuperuser(tx);
			expect(await tx`select count(*)::int as n from public.progress_photos where submission_id in (${id}, ${no})`).toEqual([{ n: 0 }]);
		}));
});

describe('who reads a progress photo', () => {
	it('the child author, the class teacher and staff of the item; not a classmate, another class’s teacher, another district or anon — until it is public', () =>
		rolledBack(sql, async (tx) => {
			const id = await answered(tx);
			await actAs(tx, w.people.staffA);
			const added = await withPhoto(id)(tx);
			await insertObject(added.object_name, w.ids.staffA)(tx);
			// Not public yet: take the public copy's photo away to see the inside rule alone.
			await asSuperuser(tx);
			await tx`update public.published_answers set progress_photo_id = null where submission_id = ${id}`;
			for (const who of [w.people.childA1, w.people.teacherA1, w.people.staffA]) {
				expect(await rowVisible(tx, who, added.photo_id)).toBe(true);
				expect(await canRead(tx, who, added.object_name)).toBe(true);
			}
			for (const who of [w.people.childA1b, w.people.childB, w.people.teacherA2, w.people.teacherB, w.people.staffB, ANON]) {
				if (who !== ANON) expect(await rowVisible(tx, who, added.photo_id)).toBe(false);
				expect(await canRead(tx, who, added.object_name)).toBe(false);
			}
			await actAs(tx, ANON);
			expect(one(await tx`select public.public_progress_photo_object(${added.photo_id}) as o`).o).toBeNull();
			expect(await tx`select id from public.public_progress_photo_sizes(${[added.photo_id]}::uuid[])`).toHaveLength(0);
			// The latest update's photo on a published answer: anyone reads the object (not the row).
			await asSuperuser(tx);
			await tx`update public.published_answers set progress_photo_id = ${added.photo_id} where submission_id = ${id}`;
			for (const who of [ANON, w.people.staffB, w.people.childB, w.people.teacherA2]) {
				expect(await canRead(tx, who, added.object_name)).toBe(true);
			}
			expect(await rowVisible(tx, w.people.staffB, added.photo_id)).toBe(false);
			await actAs(tx, ANON);
			expect(one(await tx`select public.public_progress_photo_object(${added.photo_id}) as o`).o).toBe(added.object_name);
			expect(await tx`select id, width, height from public.public_progress_photo_sizes(${[added.photo_id, randomUUID()]}::uuid[])`).toEqual([
				{ id: added.photo_id, width: 1200, height: 900 }
			]);
		}));
});

describe('Storage policies of the bucket', () => {
	it('admit only the writer’s upload of the name the database made; nobody updates or deletes through the API', () =>
		rolledBack(sql, async (tx) => {
			const id = await answered(tx);
			await actAs(tx, w.people.staffA);
			const added = await withPhoto(id)(tx);
			for (const [who, owner] of [
				[w.people.staffB, w.ids.staffB],
				[w.people.childA1, w.ids.childA1],
				[w.people.teacherA1, w.ids.teacherA1],
				[w.people.teacherB, w.ids.teacherB]
			] as const) {
				await actAs(tx, who);
				expect((await dbError(tx, insertObject(added.object_name, owner))).code).toBe('42501');
			}
			await actAs(tx, ANON);
			expect((await dbError(tx, insertObject(added.object_name, w.ids.staffA))).code).toBe('42501');
			await actAs(tx, w.people.staffA);
			expect((await dbError(tx, insertObject(`${id}/${randomUUID()}.jpg`, w.ids.staffA))).code).toBe('42501');
			await insertObject(added.object_name, w.ids.staffA)(tx);
			for (const who of [w.people.staffA, w.people.childA1]) {
				await actAs(tx, who);
				await tx`select set_config('storage.allow_delete_query', 'true', true)`;
				expect(await tx`delete from storage.objects where bucket_id = ${BUCKET} and name = ${added.object_name} returning name`).toHaveLength(0);
				expect(await tx`update storage.objects set name = 'x.jpg' where bucket_id = ${BUCKET} and name = ${added.object_name} returning name`).toHaveLength(0);
				await tx`select set_config('storage.allow_delete_query', 'false', true)`;
			}
		}));
});

describe('removing a photo attached by mistake', () => {
	it('staff of the item remove it at the version shown; the note stays; audited; the object queued; off the public copy', () =>
		rolledBack(sql, async (tx) => {
			const id = await answered(tx);
			await actAs(tx, w.people.staffA);
			const added = await withPhoto(id)(tx);
			const v = await versionAs(tx, id);
			const remove = (version: number) => (sp: Tx) => sp`select public.remove_progress_photo(${added.photo_id}, ${version})`;
			for (const who of [w.people.staffB, w.people.childA1, w.people.teacherA1, w.people.admin, ANON]) {
				await actAs(tx, who);
				expect((await dbError(tx, remove(v))).code).toBe('42501');
			}
			await actAs(tx, w.people.staffA);
			expect((await dbError(tx, remove(v - 1))).code).toBe('PT409');
			expect(one(await tx`select public.remove_progress_photo(${added.photo_id}, ${v}) as name`).name).toBe(added.object_name);
			expect(await versionAs(tx, id)).toBe(v + 1);
			expect((await dbError(tx, remove(v + 1))).code).toBe('PT404');
			await asSuperuser(tx);
			expect(await tx`select note from public.submission_progress where id = ${added.id}`).toEqual([{ note: '工人开始铺软垫了。' }]);
			expect(await tx`select progress_photo_id from public.published_answers where submission_id = ${id}`).toEqual([{ progress_photo_id: null }]);
			expect(await tx`select removed_by, attached_by, object_name from private.progress_photo_removals where photo_id = ${added.photo_id}`).toEqual([
				{ removed_by: w.ids.staffA, attached_by: w.ids.staffA, object_name: added.object_name }
			]);
			expect(await tx`select 1 from private.storage_object_removals where bucket_id = ${BUCKET} and object_name = ${added.object_name}`).toHaveLength(1);
		}));
});

describe('the removal job', () => {
	const admin = () =>
		createClient(process.env.PUBLIC_SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!, {
			auth: { persistSession: false, autoRefreshToken: false },
			realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
		});
	const bucket = () => admin().storage.from(BUCKET);
	const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==', 'base64');

	it('removes the object of a removed photo from Storage and is the service role’s alone', async () => {
		const { id, added } = await sql.begin(async (tx) => {
			const id = await answered(tx);
			await actAs(tx, w.people.staffA);
			return { id, added: await withPhoto(id)(tx) };
		});
		expect((await bucket().upload(added.object_name, JPEG, { contentType: 'image/jpeg' })).error).toBeNull();
		await sql.begin(async (tx) => {
			await actAs(tx, w.people.staffA);
			await tx`select public.remove_progress_photo(${added.photo_id}, ${await versionAs(tx, id)})`;
		});
		expect(await removeQueuedPhotos(admin())).toBeGreaterThanOrEqual(1);
		expect((await bucket().download(added.object_name)).error).not.toBeNull();
		expect(await sql`select 1 from private.storage_object_removals where object_name = ${added.object_name}`).toHaveLength(0);
		await rolledBack(sql, async (tx) => {
			for (const who of [w.people.staffA, w.people.admin, ANON]) {
				await actAs(tx, who);
				expect(await dbError(tx, (sp) => sp`select * from public.progress_photo_removals_due(10)`)).toMatchObject({ code: '42501' });
				expect(await dbError(tx, (sp) => sp`select public.progress_photo_removals_done(array['x'])`)).toMatchObject({ code: '42501' });
			}
		});
	});
});

describe('the seed', () => {
	it('a…04’s latest progress update has a photo, public, and its bytes are in Storage (drawn when the stack starts)', async () => {
		const row = one(
			await sql<{ object_name: string; bytes: number; progress_photo_id: string | null }[]>`
				select x.object_name, x.bytes, pa.progress_photo_id from public.progress_photos x
				join public.published_answers pa on pa.submission_id = x.submission_id
				where x.id = 'b3000000-0000-4000-8000-000000000004'`
		);
		expect(row.progress_photo_id).toBe('b3000000-0000-4000-8000-000000000004');
		const anon = createClient(process.env.PUBLIC_SUPABASE_URL!, process.env.PUBLIC_SUPABASE_ANON_KEY!, {
			auth: { persistSession: false, autoRefreshToken: false },
			realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
		});
		// Anyone may read it (the latest update of a published answer), through a signed URL as anon.
		const { data, error } = await anon.storage.from(BUCKET).download(row.object_name);
		expect(error).toBeNull();
		const bytes = Buffer.from(await data!.arrayBuffer());
		expect(bytes.byteLength).toBe(row.bytes);
		expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
	});
});
