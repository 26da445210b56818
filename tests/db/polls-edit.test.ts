/**
 * Editing a poll (migration 20261130040000): update_poll with the scope and area, for the creator
 * or an admin only, at the version shown; the area frozen with the options after the first
 * ballot; a draft whose window has passed fixed and then published; a published poll never given
 * a past closing time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, connect, createWorld, dbError, one, rolledBack, type Sql, type Tx, type World } from './helpers';
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

interface Edit {
	options?: string[];
	opens?: string;
	closes?: string;
	scope?: string | null;
	area?: string | null;
	question?: string;
	version?: number;
}

/** update_poll as whoever `tx` acts as; times are SQL expressions relative to now(). */
async function edit(tx: Tx, id: string, e: Edit = {}) {
	const version = e.version ?? (await pollVersion(tx, id));
	const options = (e.options ?? ['Swings', 'Climbing frame', 'Sand pit']).map((label) => ({ label }));
	await tx`select public.update_poll(${id}, ${version}, ${e.question ?? '新问题'}, null, null, null, 'single', 1,
		${tx.json(options)}, ${['6-9', '10-13', '14-17']}::public.age_band[],
		${e.opens ? tx`now() + ${e.opens}::interval` : tx`(select opens_at from public.polls where id = ${id})`},
		now() + ${e.closes ?? '2 hours'}::interval, false, 5, null,
		${e.scope ?? null}::public.poll_scope, ${e.area ?? null}::uuid)`;
}

async function area(tx: Tx, id: string) {
	return one(await tx<{ scope: string; class_id: string | null; school_id: string | null; district_id: string | null }[]>`
		select scope, class_id, school_id, district_id from public.polls where id = ${id}`);
}

describe('update_poll: the area', () => {
	it('the creator moves a draft from their class to its school; not to a class or school not theirs', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await createPoll(tx, { scope: 'class', area: w.classA1 });
			await edit(tx, p, { scope: 'school', area: w.schoolA });
			expect(await area(tx, p)).toEqual({ scope: 'school', class_id: null, school_id: w.schoolA, district_id: w.districtA });
			expect(await dbError(tx, (sp) => edit(sp, p, { scope: 'class', area: w.classA2 }))).toEqual({ code: '42501', message: 'not_allowed' });
			expect(await dbError(tx, (sp) => edit(sp, p, { scope: 'school', area: w.schoolB }))).toEqual({ code: '42501', message: 'not_allowed' });
			expect(await dbError(tx, (sp) => edit(sp, p, { scope: 'city' }))).toEqual({ code: '42501', message: 'not_allowed' });
			// Null scope: the area stays, the rest changes.
			await edit(tx, p, { question: '换个问题' });
			expect(await area(tx, p)).toMatchObject({ scope: 'school', school_id: w.schoolA });
		}));

	it('another teacher or staff cannot edit it; an admin can, to any area', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await createPoll(tx, { scope: 'class', area: w.classA1 });
			for (const who of [w.people.teacherA2, w.people.staffA, w.people.childA1]) {
				await actAs(tx, who);
				expect((await dbError(tx, (sp) => edit(sp, p, { version: 1 }))).code).toMatch(/^(42501|PT404)$/);
			}
			await actAs(tx, w.people.admin);
			await edit(tx, p, { scope: 'district', area: w.districtB });
			expect(await area(tx, p)).toEqual({ scope: 'district', class_id: null, school_id: null, district_id: w.districtB });
		}));

	it('a stale version is refused and changes nothing', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await createPoll(tx, { scope: 'class', area: w.classA1 });
			await edit(tx, p, { question: '第一次' });
			expect(await dbError(tx, (sp) => edit(sp, p, { version: 1, question: '旧页面' }))).toEqual({ code: 'PT409', message: 'stale_version' });
			expect(one(await tx<{ q: string }[]>`select question_zh as q from public.polls where id = ${p}`).q).toBe('第一次');
		}));

	it('after the first ballot the area is frozen with the options', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await openPoll(tx, { scope: 'class', area: w.classA1 });
			const [a] = await optionIds(tx, p);
			await vote(tx, w.people.childA1, p, [a!]);
			await actAs(tx, w.people.teacherA1);
			expect((await dbError(tx, (sp) => edit(sp, p, { scope: 'school', area: w.schoolA }))).message).toBe('options_frozen');
			// The same area given again is no move: the texts still change.
			await edit(tx, p, { scope: 'class', area: w.classA1, question: '还能改文字' });
			expect(one(await tx<{ q: string }[]>`select question_zh as q from public.polls where id = ${p}`).q).toBe('还能改文字');
		}));
});

describe('update_poll: the window', () => {
	it('a draft whose window has passed cannot be published, is fixed by editing, then is published', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await createPoll(tx, { scope: 'class', area: w.classA1, opensIn: '-3 days', closesIn: '-1 day' });
			expect((await dbError(tx, async (sp) => sp`select public.schedule_poll(${p}, ${await pollVersion(sp, p)})`)).message).toBe('field_invalid:closes_at');
			// A draft may still be saved with a past window (as create_poll allows)…
			await edit(tx, p, { opens: '-3 days', closes: '-2 days' });
			// …and once its times are in the future it is published.
			await edit(tx, p, { opens: '1 hour', closes: '2 days' });
			await tx`select public.schedule_poll(${p}, ${await pollVersion(tx, p)})`;
			expect(one(await tx<{ state: string }[]>`select state from public.poll_list where id = ${p}`).state).toBe('scheduled');
		}));

	it('a published poll cannot be given a closing time in the past; a closed one cannot be edited', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await openPoll(tx, { scope: 'class', area: w.classA1, opensIn: '1 hour', closesIn: '1 day' });
			expect((await dbError(tx, (sp) => edit(sp, p, { opens: '-2 hours', closes: '-1 hour' }))).message).toBe('field_invalid:closes_at');
			await tx`select public.close_poll_early(${p}, ${await pollVersion(tx, p)})`;
			expect((await dbError(tx, (sp) => edit(sp, p))).message).toBe('invalid_state');
		}));
});
