/**
 * The teachers follow a forwarded item (issue 11 §2–§3, migration 20261203200000): the class
 * teacher and a co-teacher read the answer, its goals, the progress updates, the due date and that
 * the staff were reminded of it overdue; other teachers (of the school too), classmates, the
 * school's safeguarding lead and anon read none of it; a teacher taken off the class loses it at
 * once; an escalated item leaves it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	actAs,
	ANON,
	asSuperuser,
	connect,
	createAccount,
	createSubmissions,
	createWorld,
	dbError,
	one,
	rolledBack,
	user,
	type Actor,
	type Sql,
	type Tx,
	type World,
	type WorldSubmissions
} from './helpers';

let sql: Sql;
let w: World;
let s: WorldSubmissions;
let coTeacher: Actor;
let coTeacherId: string;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
	s = await createSubmissions(sql, w);
	// A co-teacher of class A1 (as add_class_teacher makes one: a class_teachers row).
	coTeacherId = await createAccount(sql, { role: 'teacher', display_name: '王老师' + w.tag, class_ids: [w.classA1] });
	coTeacher = user(coTeacherId);
});

afterAll(async () => {
	await sql?.end();
});

/**
 * In the rolled-back transaction: a progress update on the answered item (by its staff), and the
 * approved item made overdue (due yesterday, Asia/Shanghai) with the daily reminder job run.
 */
async function followedUp(tx: Tx): Promise<void> {
	await actAs(tx, w.people.staffA);
	await tx`select public.add_progress_update(${s.answered}, (select version from public.submissions where id = ${s.answered}), 'planned', '已列入计划。')`;
	await asSuperuser(tx);
	await tx`update public.submissions set due_on = (now() at time zone 'Asia/Shanghai')::date - 1 where id = ${s.approved}`;
	await tx`select private.send_overdue_reminders()`;
}

/** What `who` reads of the two forwarded items of class A1 (empty lists: nothing). */
async function whatTheyRead(tx: Tx, who: Actor) {
	await actAs(tx, who);
	const followup = await tx<{ id: string; due_on: string | null; reminded: boolean; progress_stage: string | null }[]>`
		select id, due_on::text, reminded_at is not null as reminded, progress_stage
		from public.class_item_followup where id in (${s.approved}, ${s.answered}) order by id`;
	const answer = await tx`select decision, reply from public.answers where submission_id = ${s.answered}`;
	const goals = await tx`select goal_id from public.submission_answer_goals where submission_id = ${s.answered}`;
	const progress = await tx`select stage, note from public.submission_progress where submission_id = ${s.answered}`;
	return {
		followup: followup.map((r) => ({ ...r })),
		answer: answer.map((r) => ({ ...r })),
		goals: goals.map((r) => r.goal_id as string),
		progress: progress.map((r) => ({ ...r }))
	};
}

describe('the class teachers follow a forwarded item', () => {
	it('the class teacher and a co-teacher read the answer, goals, progress, due date and the reminder', async () => {
		await rolledBack(sql, async (tx) => {
			await followedUp(tx);
			const today = one(await tx<{ d: string }[]>`select ((now() at time zone 'Asia/Shanghai')::date - 1)::text as d`).d;
			for (const teacher of [w.people.teacherA1, coTeacher]) {
				const read = await whatTheyRead(tx, teacher);
				const byId = new Map(read.followup.map((r) => [r.id, r]));
				expect(byId.get(s.approved)).toEqual({ id: s.approved, due_on: today, reminded: true, progress_stage: null });
				expect(byId.get(s.answered)).toMatchObject({ id: s.answered, reminded: false, progress_stage: 'planned' });
				expect(byId.get(s.answered)!.due_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
				expect(read.answer).toEqual([{ decision: 'adopted', reply: '我们会在东门画人行横道。' }]);
				expect(read.goals).toEqual([w.goal]);
				expect(read.progress).toEqual([{ stage: 'planned', note: '已列入计划。' }]);
			}
			// The routing names come with it (the district always; department and street office when routed).
			await actAs(tx, w.people.teacherA1);
			const routed = one(await tx`select district_name_zh, kind, state from public.class_item_followup where id = ${s.answered}`);
			expect(routed.district_name_zh).toBe('甲区' + w.tag);
			expect(routed.state).toBe('answered');
			// Items not forwarded are not in it.
			expect(await tx`select id from public.class_item_followup where id in (${s.submitted}, ${s.returned}, ${s.rejected})`).toEqual([]);
			// The child still reads their own reminder, as before.
			await actAs(tx, w.people.childA1);
			expect(await tx`select reminded_at is not null as reminded from public.my_submission_followup where id = ${s.approved}`).toEqual([
				{ reminded: true }
			]);
		});
	});

	it('other teachers of the school and elsewhere, a classmate and the safeguarding lead read none of it', async () => {
		await rolledBack(sql, async (tx) => {
			await followedUp(tx);
			for (const who of [w.people.teacherA2, w.people.teacherB, w.people.childA1b, w.people.leadA, w.people.staffB]) {
				expect(await whatTheyRead(tx, who)).toEqual({ followup: [], answer: [], goals: [], progress: [] });
			}
			// The author reads their own answer and progress, but the teachers' view has no rows for a child.
			const child = await whatTheyRead(tx, w.people.childA1);
			expect(child.followup).toEqual([]);
			expect(child.answer).toHaveLength(1);
		});
	});

	it('anon is refused outright', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, ANON);
			expect((await dbError(tx, (sp) => sp`select id from public.class_item_followup`)).code).toBe('42501');
			expect((await dbError(tx, (sp) => sp`select id from public.answers`)).code).toBe('42501');
			expect((await dbError(tx, (sp) => sp`select id from public.submission_progress`)).code).toBe('42501');
		});
	});

	it('a teacher taken off the class loses access at once', async () => {
		await rolledBack(sql, async (tx) => {
			await followedUp(tx);
			expect((await whatTheyRead(tx, coTeacher)).followup).toHaveLength(2);
			await asSuperuser(tx);
			await tx`delete from public.class_teachers where class_id = ${w.classA1} and teacher_id = ${coTeacherId}`;
			expect(await whatTheyRead(tx, coTeacher)).toEqual({ followup: [], answer: [], goals: [], progress: [] });
			// The class teacher still reads it.
			expect((await whatTheyRead(tx, w.people.teacherA1)).followup).toHaveLength(2);
		});
	});

	it('an escalated item leaves the teachers, reminder included', async () => {
		await rolledBack(sql, async (tx) => {
			await followedUp(tx);
			const claims = JSON.stringify({ sub: w.ids.teacherA1, role: 'authenticated' });
			await tx`select set_config('request.jwt.claims', ${claims}, true)`;
			expect(one(await tx`select private.reminded_at(${s.approved}) as at`).at).not.toBeNull();
			await actAs(tx, w.people.teacherA1);
			await tx`select public.escalate_submission(${s.approved}, (select version from public.submissions where id = ${s.approved}), '孩子在文字里说了担心的事。')`;
			expect(await tx`select id from public.class_item_followup where id = ${s.approved}`).toEqual([]);
			// The helper itself answers null for the teacher now (the view is not the only way it is read).
			await asSuperuser(tx);
			await tx`select set_config('request.jwt.claims', ${claims}, true)`;
			expect(one(await tx`select private.reminded_at(${s.approved}) as at`).at).toBeNull();
		});
	});
});
