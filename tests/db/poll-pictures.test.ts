/**
 * Poll option pictures (migration 20261130160000): set and removed by the poll's creator or an
 * admin only, at the version shown, frozen with the options after the first ballot and on a
 * closed poll; kept by position when the options' words change, dropped past the last option;
 * read by the poll's readers, by anyone for a closed city or district poll; Storage admits only
 * the objects the database expects and removes only dropped ones.
 */
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeQueuedPhotos } from '../../src/lib/server/photo-removals';
import { actAs, ANON, asSuperuser, connect, createWorld, dbError, one, rolledBack, type Actor, type Sql, type Tx, type World } from './helpers';
import { createPoll, openPoll, optionIds, pollVersion, vote } from './poll-fixtures';

let sql: Sql;
let w: World;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
});

afterAll(async () => {
	await sql?.end();
});

interface Picture {
	position?: number;
	width?: number;
	height?: number;
	bytes?: number;
	altZh?: string | null;
	version?: number;
}

/** set_poll_option_picture as whoever `tx` acts as; returns the object to upload and the one replaced. */
async function setPicture(tx: Tx, pollId: string, p: Picture = {}) {
	const version = p.version ?? (await pollVersion(tx, pollId));
	return one(
		await tx<{ object_name: string; replaced: string | null }[]>`select * from public.set_poll_option_picture(
			${pollId}, ${version}, ${p.position ?? 1}, ${p.width ?? 800}, ${p.height ?? 600}, ${p.bytes ?? 50_000},
			${p.altZh === undefined ? '一架秋千' : p.altZh}, null)`
	);
}

async function removePicture(tx: Tx, pollId: string, position: number, version?: number) {
	return one(await tx<{ name: string }[]>`select public.remove_poll_option_picture(${pollId}, ${version ?? (await pollVersion(tx, pollId))}, ${position}) as name`).name;
}

async function pictures(tx: Tx, pollId: string) {
	return (await tx<{ position: number; object_name: string }[]>`
		select position, object_name from public.poll_option_pictures where poll_id = ${pollId} order by position`).map((r) => ({ ...r }));
}

async function queued(tx: Tx, name: string): Promise<boolean> {
	await asSuperuser(tx);
	return (await tx`select 1 from private.storage_object_removals where bucket_id = 'poll-option-pictures' and object_name = ${name}`).length === 1;
}

describe('set_poll_option_picture / remove_poll_option_picture', () => {
	it('the creator gives an option a picture, replaces it (the old object queued) and removes it; each bumps the version', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await createPoll(tx, { scope: 'class', area: w.classA1 });
			const v1 = await pollVersion(tx, p);
			const first = await setPicture(tx, p, { position: 2 });
			expect(first.object_name).toMatch(new RegExp(`^${p}/[0-9a-f-]{36}\\.jpg$`));
			expect(first.replaced).toBeNull();
			expect(await pollVersion(tx, p)).toBe(v1 + 1);
			const second = await setPicture(tx, p, { position: 2, altZh: null });
			expect(second.replaced).toBe(first.object_name);
			expect(await queued(tx, first.object_name)).toBe(true);
			await actAs(tx, w.people.teacherA1);
			expect(await pictures(tx, p)).toEqual([{ position: 2, object_name: second.object_name }]);
			expect(await removePicture(tx, p, 2)).toBe(second.object_name);
			expect(await queued(tx, second.object_name)).toBe(true);
			await actAs(tx, w.people.teacherA1);
			expect(await pictures(tx, p)).toEqual([]);
			expect(await pollVersion(tx, p)).toBe(v1 + 3);
			// Nothing left there to remove.
			expect(await dbError(tx, (sp) => removePicture(sp, p, 2))).toEqual({ code: 'PT404', message: 'not_found' });
		}));

	it('only the creator or an admin; a stale version, a missing option, bad sizes and a long alt text are refused', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await createPoll(tx, { scope: 'class', area: w.classA1 });
			for (const who of [w.people.teacherA2, w.people.staffA, w.people.childA1, w.people.nobody]) {
				await actAs(tx, who);
				expect((await dbError(tx, (sp) => setPicture(sp, p, { version: 1 }))).code).toMatch(/^(42501|PT404)$/);
			}
			await actAs(tx, ANON);
			expect((await dbError(tx, (sp) => setPicture(sp, p, { version: 1 }))).code).toBe('42501');
			await actAs(tx, w.people.admin);
			await setPicture(tx, p, { position: 3 });
			await actAs(tx, w.people.teacherA1);
			expect(await dbError(tx, (sp) => setPicture(sp, p, { version: 1 }))).toEqual({ code: 'PT409', message: 'stale_version' });
			for (const position of [0, 4, 13, -1]) {
				expect(await dbError(tx, (sp) => setPicture(sp, p, { position }))).toEqual({ code: 'P0001', message: 'field_invalid:position' });
			}
			for (const bad of [{ width: 0 }, { height: 1601 }, { bytes: 0 }, { bytes: 2 * 1024 * 1024 + 1 }]) {
				expect(await dbError(tx, (sp) => setPicture(sp, p, bad))).toEqual({ code: 'P0001', message: 'field_invalid:picture' });
			}
			expect(await dbError(tx, (sp) => setPicture(sp, p, { altZh: '秋'.repeat(201) }))).toEqual({ code: 'P0001', message: 'field_too_long:alt_zh' });
			expect((await pictures(tx, p)).map((x) => x.position)).toEqual([3]);
		}));

	it('frozen after the first ballot and on a closed poll, for the creator and an admin alike', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await openPoll(tx, { scope: 'class', area: w.classA1 });
			await setPicture(tx, p, { position: 1 });
			const [first] = await optionIds(tx, p);
			await vote(tx, w.people.childA1, p, [first!]);
			for (const who of [w.people.teacherA1, w.people.admin]) {
				await actAs(tx, who);
				expect(await dbError(tx, (sp) => setPicture(sp, p, { position: 2 }))).toEqual({ code: 'P0001', message: 'options_frozen' });
				expect(await dbError(tx, (sp) => removePicture(sp, p, 1))).toEqual({ code: 'P0001', message: 'options_frozen' });
			}
			// Even a superuser's direct write meets the options' guard.
			await asSuperuser(tx);
			expect((await dbError(tx, (sp) => sp`delete from public.poll_option_pictures where poll_id = ${p}`)).message).toBe('options_frozen');

			await actAs(tx, w.people.teacherA1);
			const q = await openPoll(tx, { scope: 'class', area: w.classA1 });
			await setPicture(tx, q, { position: 1 });
			await tx`select public.close_poll_early(${q}, ${await pollVersion(tx, q)})`;
			expect(await dbError(tx, (sp) => setPicture(sp, q, { position: 2 }))).toEqual({ code: 'P0001', message: 'invalid_state' });
			expect(await dbError(tx, (sp) => removePicture(sp, q, 1))).toEqual({ code: 'P0001', message: 'invalid_state' });
		}));

	it('editing the options keeps the pictures by position and drops those past the last option', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await createPoll(tx, { scope: 'class', area: w.classA1, options: ['Swings', 'Slide', 'Sand pit', 'Seesaw'] });
			const kept = await setPicture(tx, p, { position: 2 });
			const dropped = await setPicture(tx, p, { position: 4 });
			await tx`select public.update_poll(${p}, ${await pollVersion(tx, p)}, '新问题', null, null, null, 'single', 1,
				${tx.json([{ label: 'Big swings' }, { label: 'Long slide' }, { label: 'Sand pit' }])}, ${['6-9', '10-13', '14-17']}::public.age_band[],
				(select opens_at from public.polls where id = ${p}), now() + '2 hours'::interval, false, 5, null, null, null)`;
			expect(await pictures(tx, p)).toEqual([{ position: 2, object_name: kept.object_name }]);
			expect(await queued(tx, dropped.object_name)).toBe(true);
		}));
});

describe('who reads the pictures', () => {
	it('the poll’s readers read its picture rows; others and anon do not; anon gets those of a closed city poll only', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const classPoll = await openPoll(tx, { scope: 'class', area: w.classA1 });
			const classPic = await setPicture(tx, classPoll);
			await actAs(tx, w.people.admin);
			const cityPoll = await openPoll(tx, { scope: 'city' });
			const cityPic = await setPicture(tx, cityPoll);

			const rows = async (who: Actor, pollId: string) => {
				await actAs(tx, who);
				return (await tx`select id from public.poll_option_pictures where poll_id = ${pollId}`).length;
			};
			expect(await rows(w.people.childA1, classPoll)).toBe(1);
			expect(await rows(w.people.teacherA1, classPoll)).toBe(1);
			expect(await rows(w.people.childB, classPoll)).toBe(0);
			expect(await rows(w.people.teacherB, classPoll)).toBe(0);
			expect(await rows(w.people.childB, cityPoll)).toBe(1);
			await actAs(tx, ANON);
			expect((await dbError(tx, (sp) => sp`select 1 from public.poll_option_pictures`)).code).toBe('42501');

			const publicRows = async (pollId: string) => {
				await actAs(tx, ANON);
				return (await tx`select * from public.public_poll_pictures(${pollId})`).length;
			};
			const publicObject = async (name: string) => {
				await actAs(tx, ANON);
				const id = one(await (async () => {
					await asSuperuser(tx);
					return tx<{ id: string }[]>`select id from public.poll_option_pictures where object_name = ${name}`;
				})()).id;
				await actAs(tx, ANON);
				return one(await tx<{ name: string | null }[]>`select public.public_poll_picture_object(${id}) as name`).name;
			};
			expect(await publicRows(cityPoll)).toBe(0);
			expect(await publicObject(cityPic.object_name)).toBeNull();
			await actAs(tx, w.people.admin);
			await tx`select public.close_poll_early(${cityPoll}, ${await pollVersion(tx, cityPoll)})`;
			await actAs(tx, w.people.teacherA1);
			await tx`select public.close_poll_early(${classPoll}, ${await pollVersion(tx, classPoll)})`;
			expect(await publicRows(cityPoll)).toBe(1);
			expect(await publicObject(cityPic.object_name)).toBe(cityPic.object_name);
			// A closed class poll stays inside its class.
			expect(await publicRows(classPoll)).toBe(0);
			expect(await publicObject(classPic.object_name)).toBeNull();
		}));
});

describe('Storage policies of the picture bucket', () => {
	it('admit the creator’s upload of an expected object only, let readers read it, and remove only dropped ones', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await openPoll(tx, { scope: 'class', area: w.classA1 });
			const pic = await setPicture(tx, p);
			const insertObject = (name: string, owner: string) => (sp: Tx) =>
				sp`insert into storage.objects (bucket_id, name, owner_id) values ('poll-option-pictures', ${name}, ${owner})`;
			// Another teacher may not upload it, nor the creator a name the database did not make.
			await actAs(tx, w.people.teacherA2);
			expect((await dbError(tx, insertObject(pic.object_name, w.ids.teacherA2))).code).toBe('42501');
			await actAs(tx, w.people.teacherA1);
			expect((await dbError(tx, insertObject(`${p}/other.jpg`, w.ids.teacherA1))).code).toBe('42501');
			await insertObject(pic.object_name, w.ids.teacherA1)(tx);

			const visible = async (who: Actor, name = pic.object_name) => {
				await actAs(tx, who);
				return (await tx`select name from storage.objects where bucket_id = 'poll-option-pictures' and name = ${name}`).length === 1;
			};
			expect(await visible(w.people.teacherA1)).toBe(true);
			expect(await visible(w.people.childA1)).toBe(true);
			expect(await visible(w.people.childB)).toBe(false);
			expect(await visible(w.people.teacherB)).toBe(false);
			expect(await visible(ANON)).toBe(false);

			const remove = async (who: Actor, name: string) => {
				await actAs(tx, who);
				await tx`select set_config('storage.allow_delete_query', 'true', true)`;
				const n = (await tx`delete from storage.objects where bucket_id = 'poll-option-pictures' and name = ${name} returning name`).length;
				await tx`select set_config('storage.allow_delete_query', 'false', true)`;
				return n;
			};
			// In use: nobody removes it through the API, not even its creator.
			expect(await remove(w.people.teacherA1, pic.object_name)).toBe(0);
			// Dropped: the creator's server removes it; another teacher cannot.
			await actAs(tx, w.people.teacherA1);
			await removePicture(tx, p, 1);
			expect(await visible(w.people.childA1)).toBe(false);
			expect(await remove(w.people.teacherA2, pic.object_name)).toBe(0);
			expect(await remove(w.people.teacherA1, pic.object_name)).toBe(1);
		}));
});

describe('the removal job', () => {
	const admin = () =>
		createClient(process.env.PUBLIC_SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!, {
			auth: { persistSession: false, autoRefreshToken: false },
			realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket }
		});
	const bucket = () => admin().storage.from('poll-option-pictures');
	const stored = async (name: string) => !(await bucket().download(name)).error;
	const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==', 'base64');

	it('removes the objects of replaced and removed pictures, keeps the ones in use, and is the service role’s alone', async () => {
		const { poll, first, other } = await sql.begin(async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const poll = await createPoll(tx, { scope: 'class', area: w.classA1 });
			const first = await setPicture(tx, poll, { position: 1 });
			const other = await setPicture(tx, poll, { position: 2 });
			return { poll, first, other };
		});
		for (const name of [first.object_name, other.object_name]) expect((await bucket().upload(name, JPEG, { contentType: 'image/jpeg' })).error).toBeNull();
		// Replaced: the first object is queued; the new one is uploaded.
		const replaced = await sql.begin(async (tx) => {
			await actAs(tx, w.people.teacherA1);
			return setPicture(tx, poll, { position: 1 });
		});
		expect(replaced.replaced).toBe(first.object_name);
		expect((await bucket().upload(replaced.object_name, JPEG, { contentType: 'image/jpeg' })).error).toBeNull();
		expect(await removeQueuedPhotos(admin())).toBeGreaterThanOrEqual(1);
		expect(await stored(first.object_name)).toBe(false);
		expect(await stored(replaced.object_name)).toBe(true);
		expect(await stored(other.object_name)).toBe(true);
		expect(await sql`select 1 from private.storage_object_removals where object_name = ${first.object_name}`).toHaveLength(0);

		await rolledBack(sql, async (tx) => {
			for (const who of [w.people.teacherA1, w.people.admin, ANON]) {
				await actAs(tx, who);
				expect(await dbError(tx, (sp) => sp`select * from public.poll_picture_removals_due(10)`)).toMatchObject({ code: '42501' });
				expect(await dbError(tx, (sp) => sp`select public.poll_picture_removals_done(array['x'])`)).toMatchObject({ code: '42501' });
			}
		});
	});

	it('the seed’s pictures of the DEMO52 class poll are in Storage (drawn and uploaded when the stack starts)', async () => {
		const rows = await sql<{ object_name: string; bytes: number }[]>`select object_name, bytes from public.poll_option_pictures
			where poll_id = 'f0110000-0000-4000-8000-000000000001' order by position`;
		expect(rows).toHaveLength(2);
		for (const row of rows) {
			const { data, error } = await bucket().download(row.object_name);
			expect(error).toBeNull();
			const bytes = Buffer.from(await data!.arrayBuffer());
			expect(bytes.byteLength).toBe(row.bytes);
			expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
		}
	});
});
