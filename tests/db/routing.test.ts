/**
 * Routing below the district and beside it (street offices, departments), reassignment with a
 * note, due dates in working days (China's holidays and 调休), overdue reminders, progress updates
 * after an answer and the aggregated "did it help" ratings — through the rpc functions and RLS, as
 * the people would (issue 11 §1 rest, §2, §3).
 */
import { randomUUID } from 'node:crypto';
import { findWorkday } from 'chinese-days';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	actAs,
	approve,
	asSuperuser,
	connect,
	createAccount,
	createWorld,
	dbError,
	one,
	proposal,
	rolledBack,
	submit,
	user,
	type Actor,
	type Sql,
	type Tx,
	type World
} from './helpers';

let sql: Sql;
let w: World;
/** Units of district A: a street office with a community school A serves, a second one; one of district B. */
let so: { a1: string; a2: string; b: string };
/** Two departments; goal w.goal (SPC-06) is dept1's, w.goal2 (ENV-03) has no department here. */
let dept: { d1: string; d2: string };
let staff: { dept1: Actor; dept2: Actor; so1: Actor; soB: Actor };

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
	await sql.begin(async (tx) => {
		const mk = async (district: string, name: string) =>
			one(await tx<{ id: string }[]>`insert into public.street_offices (district_id, name_zh, name_en)
				values (${district}, ${name + w.tag}, ${name + w.tag}) returning id`).id;
		so = { a1: await mk(w.districtA, '东街道'), a2: await mk(w.districtA, '西街道'), b: await mk(w.districtB, '南街道') };
		const cm = one(await tx<{ id: string }[]>`insert into public.communities (district_id, street_office_id, name_zh, name_en)
			values (${w.districtA}, ${so.a1}, ${'东社区' + w.tag}, ${'East ' + w.tag}) returning id`).id;
		await tx`update public.schools set community_id = ${cm} where id = ${w.schoolA}`;
		const dep = async (name: string) =>
			one(await tx<{ id: string }[]>`insert into public.departments (name_zh, name_en) values (${name + w.tag}, ${name}) returning id`).id;
		dept = { d1: await dep('交通局'), d2: await dep('园林局') };
		const st = async (meta: Record<string, unknown>) => user(await createAccount(tx, { role: 'staff', display_name: '科员', ...meta }));
		staff = {
			dept1: await st({ department_ids: [dept.d1] }),
			dept2: await st({ department_ids: [dept.d2] }),
			so1: await st({ street_office_ids: [so.a1] }),
			soB: await st({ street_office_ids: [so.b] })
		};
	});
});

afterAll(async () => {
	await sql?.end();
});

/** In this (rolled-back) transaction, goal SPC-06 answers to d1 only and ENV-03 to nobody. */
async function linkGoals(tx: Tx): Promise<void> {
	await asSuperuser(tx);
	await tx`delete from public.ledger_goal_departments where goal_id in (${w.goal}, ${w.goal2}) and department_id <> ${dept.d1}`;
	await tx`insert into public.ledger_goal_departments (goal_id, department_id) values (${w.goal}, ${dept.d1}) on conflict do nothing`;
}

async function version(tx: Tx, id: string): Promise<number> {
	await asSuperuser(tx);
	return one(await tx<{ version: number }[]>`select version from public.submissions where id = ${id}`).version;
}

async function row(tx: Tx, id: string) {
	await asSuperuser(tx);
	return one(
		await tx<{ state: string; department_id: string | null; street_office_id: string | null; due_on: string | null; suggested_goal_id: string | null }[]>`
			select state, department_id, street_office_id, due_on::text, suggested_goal_id from public.submissions where id = ${id}`
	);
}

/** childA1 submits, teacherA1 (optionally suggesting a goal first) approves; returns the id. */
async function forwarded(tx: Tx, goal?: string): Promise<string> {
	await linkGoals(tx);
	await actAs(tx, w.people.childA1);
	const id = await submit(tx, proposal({ title: 'routing ' + randomUUID() }));
	await actAs(tx, w.people.teacherA1);
	if (goal) await tx`select public.suggest_goal(${id}, ${await versionAs(tx, id)}, ${goal})`;
	await approve(tx, id);
	return id;
}

/** The version as the current actor sees it (the actor must be able to read it). */
async function versionAs(tx: Tx, id: string): Promise<number> {
	return one(await tx<{ version: number }[]>`select version from public.submissions where id = ${id}`).version;
}

async function visible(tx: Tx, who: Actor, id: string): Promise<boolean> {
	await actAs(tx, who);
	const rows = await tx`select id from public.staff_items where id = ${id}`;
	const direct = await tx`select id from public.submissions where id = ${id}`;
	expect(rows.length).toBe(direct.length);
	return rows.length === 1;
}

const reassign = (id: string, v: number, d: string | null, s: string | null, note: string | null = '交通局负责东门路口。') => (sp: Tx) =>
	sp`select public.reassign_submission(${id}, ${v}, ${d}, ${s}, ${note})`;

describe('places and staff units', () => {
	it('a community belongs to a street office of its own district only', async () => {
		await rolledBack(sql, async (tx) => {
			const e = await dbError(tx, (sp) => sp`insert into public.communities (district_id, street_office_id, name_zh, name_en)
				values (${w.districtA}, ${so.b}, '错社区', 'Wrong')`);
			expect(e.code).toBe('23503');
		});
	});

	it('staff accounts get departments and street offices from app_metadata; unknown ones refuse the account', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await createAccount(tx, { role: 'staff', display_name: '两头', department_ids: [dept.d2], street_office_ids: [so.a2] });
			expect(await tx`select department_id from public.department_staff where staff_id = ${id}`).toEqual([{ department_id: dept.d2 }]);
			expect(await tx`select street_office_id from public.street_office_staff where staff_id = ${id}`).toEqual([{ street_office_id: so.a2 }]);
			for (const meta of [{ department_ids: [randomUUID()] }, { street_office_ids: ['x'] }, { department_ids: 'd' }]) {
				const e = await dbError(tx, (sp) => createAccount(sp, { role: 'staff', display_name: '错', ...meta }));
				expect(e.code).toBe('22023');
				expect(e.message).toMatch(/^invalid_app_metadata: /);
			}
		});
	});

	it('admins add and remove unit members; nobody else', async () => {
		await rolledBack(sql, async (tx) => {
			const target = (await actAs(tx, w.people.admin), w.ids.staffA);
			await tx`select public.set_staff_unit(${target}, ${dept.d2}, null, true)`;
			await tx`select public.set_staff_unit(${target}, null, ${so.a2}, true)`;
			await asSuperuser(tx);
			expect(await tx`select 1 from public.department_staff where staff_id = ${target}`).toHaveLength(1);
			await actAs(tx, w.people.admin);
			await tx`select public.set_staff_unit(${target}, ${dept.d2}, null, false)`;
			expect((await dbError(tx, (sp) => sp`select public.set_staff_unit(${target}, ${dept.d2}, ${so.a2}, true)`)).message).toBe('field_required:unit');
			expect((await dbError(tx, (sp) => sp`select public.set_staff_unit(${w.ids.teacherA1}, ${dept.d2}, null, true)`)).code).toBe('PT404');
			await actAs(tx, w.people.staffA);
			expect((await dbError(tx, (sp) => sp`select public.set_staff_unit(${target}, ${dept.d1}, null, true)`)).code).toBe('42501');
			// Staff read their own memberships only.
			await actAs(tx, staff.dept1);
			expect(await tx`select department_id from public.department_staff`).toEqual([{ department_id: dept.d1 }]);
			expect(await tx`select * from public.street_office_staff`).toEqual([]);
		});
	});
});

describe('routing when forwarded', () => {
	it("a teacher's suggested goal routes it to the goal's department; the school's community to its street office; logged", async () => {
		await rolledBack(sql, async (tx) => {
			const id = await forwarded(tx, w.goal);
			const r = await row(tx, id);
			expect(r).toMatchObject({ state: 'approved', department_id: dept.d1, street_office_id: so.a1, suggested_goal_id: w.goal });
			const log = await tx`select kind, actor_id, department_id, street_office_id, goal_id from public.submission_routing_log where submission_id = ${id}`;
			expect(log).toEqual([{ kind: 'forwarded', actor_id: w.ids.teacherA1, department_id: dept.d1, street_office_id: so.a1, goal_id: w.goal }]);

			// Who reads it: the district, the department and the street office; not another department,
			// street office or district.
			expect(await visible(tx, w.people.staffA, id)).toBe(true);
			expect(await visible(tx, staff.dept1, id)).toBe(true);
			expect(await visible(tx, staff.so1, id)).toBe(true);
			expect(await visible(tx, staff.dept2, id)).toBe(false);
			expect(await visible(tx, staff.soB, id)).toBe(false);
			expect(await visible(tx, w.people.staffB, id)).toBe(false);
			// The routing log: staff who read the item and admins; never the child or the teacher.
			await actAs(tx, staff.dept1);
			expect(await tx`select kind from public.submission_routing_log where submission_id = ${id}`).toHaveLength(1);
			for (const who of [w.people.childA1, w.people.teacherA1, staff.dept2]) {
				await actAs(tx, who);
				expect(await tx`select kind from public.submission_routing_log where submission_id = ${id}`).toEqual([]);
			}
		});
	});

	it('a goal without a department routes nowhere but the district (and the street office); a submitted item is not visible to units', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			expect(await visible(tx, staff.so1, id)).toBe(false);
			await actAs(tx, w.people.teacherA1);
			await tx`select public.suggest_goal(${id}, ${await versionAs(tx, id)}, ${w.goal2})`;
			await approve(tx, id);
			expect(await row(tx, id)).toMatchObject({ department_id: null, street_office_id: so.a1, suggested_goal_id: w.goal2 });
		});
	});

	it('suggest_goal: teacher while submitted, staff while approved (routes at once); everyone else refused', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await forwarded(tx);
			expect((await row(tx, id)).department_id).toBeNull();
			await actAs(tx, w.people.teacherA1);
			expect((await dbError(tx, (sp) => sp`select public.suggest_goal(${id}, ${99}, ${w.goal})`)).code).toBe('PT409');
			expect((await dbError(tx, async (sp) => sp`select public.suggest_goal(${id}, ${await versionAs(sp, id)}, ${w.goal})`)).message).toBe('invalid_state');
			const v = await version(tx, id);
			for (const who of [w.people.teacherA2, w.people.staffB, w.people.childA1, staff.dept1]) {
				await actAs(tx, who);
				expect((await dbError(tx, (sp) => sp`select public.suggest_goal(${id}, ${v}, ${w.goal})`)).code, JSON.stringify(who)).toBe('42501');
			}
			await actAs(tx, w.people.staffA);
			expect((await dbError(tx, (sp) => sp`select public.suggest_goal(${id}, ${v}, ${randomUUID()})`)).message).toBe('goal_unknown');
			await tx`select public.suggest_goal(${id}, ${v}, ${w.goal})`;
			expect(await row(tx, id)).toMatchObject({ department_id: dept.d1, suggested_goal_id: w.goal });
			expect(await visible(tx, staff.dept1, id)).toBe(true);
			await asSuperuser(tx);
			expect((await tx`select kind from public.submission_routing_log where submission_id = ${id} order by id`).map((r) => r.kind)).toEqual([
				'forwarded',
				'suggested'
			]);
		});
	});
});

describe('reassignment', () => {
	it('staff move an item to another department and street office with a note; the old unit loses it, the new one answers it', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await forwarded(tx, w.goal);
			await actAs(tx, staff.dept1);
			const v = await versionAs(tx, id);
			expect((await dbError(tx, reassign(id, v, dept.d2, so.a2, '   '))).message).toBe('field_required:note');
			expect((await dbError(tx, reassign(id, v, dept.d2, so.a2, 'x'.repeat(1001)))).message).toBe('field_too_long:note');
			expect((await dbError(tx, reassign(id, v, dept.d1, so.a1))).message).toBe('unchanged');
			expect((await dbError(tx, reassign(id, v, dept.d2, so.b))).message).toBe('field_invalid:street_office');
			expect((await dbError(tx, reassign(id, v, randomUUID(), so.a1))).message).toBe('field_invalid:department');
			expect((await dbError(tx, reassign(id, v - 1, dept.d2, so.a2))).code).toBe('PT409');
			for (const who of [staff.dept2, staff.soB, w.people.staffB, w.people.teacherA1, w.people.admin]) {
				await actAs(tx, who);
				expect((await dbError(tx, reassign(id, v, dept.d2, so.a2))).code).toBe('42501');
			}
			await actAs(tx, staff.dept1);
			await reassign(id, v, dept.d2, so.a2)(tx);
			expect(await row(tx, id)).toMatchObject({ department_id: dept.d2, street_office_id: so.a2 });
			const [log] = await tx`select kind, actor_id, department_id, street_office_id, note from public.submission_routing_log
				where submission_id = ${id} and kind = 'reassigned'`;
			expect({ ...log }).toEqual({ kind: 'reassigned', actor_id: staff.dept1.kind === 'user' ? staff.dept1.id : '', department_id: dept.d2, street_office_id: so.a2, note: '交通局负责东门路口。' });
			expect(await visible(tx, staff.dept1, id)).toBe(false);
			expect(await visible(tx, staff.so1, id)).toBe(false);
			expect(await visible(tx, staff.dept2, id)).toBe(true);
			expect(await visible(tx, w.people.staffA, id)).toBe(true);
			// The old department can no longer answer; the new one can.
			const v2 = await version(tx, id);
			await actAs(tx, staff.dept1);
			expect((await dbError(tx, (sp) => sp`select public.answer_submission(${id}, ${v2}, 'adopted', '好', ${[w.goal]}::uuid[])`)).code).toBe('42501');
			await actAs(tx, staff.dept2);
			await tx`select public.answer_submission(${id}, ${v2}, 'adopted', '我们会做。', ${[w.goal]}::uuid[])`;
			expect((await row(tx, id)).state).toBe('answered');
			// Answered: no more moving.
			await actAs(tx, w.people.staffA);
			expect((await dbError(tx, async (sp) => reassign(id, await versionAs(sp, id), null, null)(sp))).message).toBe('invalid_state');
		});
	});

	it('street office staff read and answer the items of their street office; removing the street office takes it away', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await forwarded(tx);
			expect(await visible(tx, staff.so1, id)).toBe(true);
			await actAs(tx, w.people.staffA);
			await reassign(id, await versionAs(tx, id), null, null, '区里直接办。')(tx);
			expect(await visible(tx, staff.so1, id)).toBe(false);
		});
	});
});

describe('working days and due dates', () => {
	const due = async (tx: Tx, from: string, n: number) =>
		one(await tx<{ d: string }[]>`select private.add_working_days(${from}::date, ${n})::text as d`).d;

	it('skip the 2023 National Day holiday and count its adjusted working days (2023-10-07 Sat, 10-08 Sun)', async () => {
		await rolledBack(sql, async (tx) => {
			expect(await due(tx, '2023-09-28', 1)).toBe('2023-10-07');
			expect(await due(tx, '2023-09-28', 2)).toBe('2023-10-08');
			expect(await due(tx, '2023-09-28', 3)).toBe('2023-10-09');
			expect(await due(tx, '2023-09-28', 15)).toBe('2023-10-25');
			expect(await due(tx, '2023-10-07', 0)).toBe('2023-10-07');
			for (const n of [-1, 367]) expect((await dbError(tx, (sp) => sp`select private.add_working_days('2023-01-01', ${n})`)).message).toBe('field_invalid:working_days');
		});
	});

	it('agree with chinese-days on any day of 2023–2026 and up to 30 working days', async () => {
		const start = Date.UTC(2023, 0, 1);
		const days = (Date.UTC(2026, 10, 30) - start) / 86_400_000;
		const samples = fc.sample(fc.tuple(fc.integer({ min: 0, max: days }), fc.integer({ min: 1, max: 30 })), 300);
		const cases = samples.map(([d, n]) => ({ from: new Date(start + d * 86_400_000).toISOString().slice(0, 10), n }));
		const got = await sql<{ from: string; n: number; d: string }[]>`
			select c.from, c.n, private.add_working_days(c.from::date, c.n)::text as d
			from jsonb_to_recordset(${sql.json(cases)}) as c ("from" text, n integer)`;
		expect(got.map((g) => `${g.from}+${g.n}=${g.d}`)).toEqual(cases.map((c) => `${c.from}+${c.n}=${findWorkday(c.n, c.from)}`));
	});

	it('a forwarded item is due the edition\'s working days after the forwarding day (Asia/Shanghai); admins set them', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			// Forwarded at 23:30 on 28 September 2023 in Shanghai (15:30 UTC): counted from the 28th.
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			await asSuperuser(tx);
			await tx`update public.submissions set state = 'approved', forwarded_at = '2023-09-28 15:30:00+00',
				public_title = 't', public_problem = 'p', public_suggestions = 's', public_who_should_act = 'w' where id = ${id}`;
			expect((await row(tx, id)).due_on).toBe('2023-10-25');

			await actAs(tx, w.people.staffA);
			expect((await dbError(tx, (sp) => sp`select public.set_answer_working_days(2023::smallint, 5::smallint)`)).code).toBe('42501');
			await actAs(tx, w.people.admin);
			expect((await dbError(tx, (sp) => sp`select public.set_answer_working_days(2023::smallint, 61::smallint)`)).message).toBe('field_invalid:working_days');
			expect((await dbError(tx, (sp) => sp`select public.set_answer_working_days(1999::smallint, 5::smallint)`)).code).toBe('PT404');
			await tx`select public.set_answer_working_days(2023::smallint, 5::smallint)`;
			await actAs(tx, w.people.childA1);
			const id2 = await submit(tx);
			await asSuperuser(tx);
			await tx`update public.submissions set state = 'approved', forwarded_at = '2023-09-27 02:00:00+00',
				public_title = 't', public_problem = 'p', public_suggestions = 's', public_who_should_act = 'w' where id = ${id2}`;
			// 27 Sep + 5: 28 Sep, 7 Oct, 8 Oct, 9 Oct, 10 Oct.
			expect((await row(tx, id2)).due_on).toBe('2023-10-10');
			// Today's forwarding: due as the calendar says.
			const id3 = await forwarded(tx);
			await asSuperuser(tx);
			const [expected] = await tx`select private.add_working_days((now() at time zone 'Asia/Shanghai')::date,
				private.answer_working_days((now() at time zone 'Asia/Shanghai')::date))::text as d`;
			expect((await row(tx, id3)).due_on).toBe(expected!.d);
		});
	});
});

describe('overdue', () => {
	it('staff of the item are reminded once a day; the child reads that the answer is late and that they were reminded', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await forwarded(tx, w.goal);
			const onTime = await forwarded(tx);
			await actAs(tx, w.people.childA1);
			expect(await tx`select late, reminded_at from public.my_submission_followup where id = ${id}`).toEqual([{ late: false, reminded_at: null }]);
			await asSuperuser(tx);
			await tx`update public.submissions set due_on = (now() at time zone 'Asia/Shanghai')::date - 1 where id = ${id}`;
			// Due today is not late yet.
			await tx`update public.submissions set due_on = (now() at time zone 'Asia/Shanghai')::date where id = ${onTime}`;
			const { reminded } = one(await tx<{ reminded: number }[]>`select private.send_overdue_reminders() as reminded`);
			expect(reminded).toBeGreaterThanOrEqual(1);
			const notified = await tx`select recipient_id from public.notifications where submission_id = ${id} and kind = 'overdue' order by 1`;
			expect(notified.map((n) => n.recipient_id).sort()).toEqual([w.ids.staffA, (staff.dept1 as { id: string }).id, (staff.so1 as { id: string }).id].sort());
			expect(await tx`select 1 from public.notifications where submission_id = ${onTime} and kind = 'overdue'`).toEqual([]);
			await tx`select private.send_overdue_reminders()`;
			expect(await tx`select 1 from public.notifications where submission_id = ${id} and kind = 'overdue'`).toHaveLength(3);

			await actAs(tx, w.people.childA1);
			const [f] = await tx`select late, reminded_at is not null as reminded from public.my_submission_followup where id = ${id}`;
			expect({ ...f }).toEqual({ late: true, reminded: true });
			// Nobody else reads it; staff list it as overdue in their list.
			await actAs(tx, w.people.childA1b);
			expect(await tx`select * from public.my_submission_followup where id = ${id}`).toEqual([]);
			await actAs(tx, w.people.staffA);
			const overdue = await tx`select id from public.staff_items where district_id = ${w.districtA} and state = 'approved'
				and due_on < (now() at time zone 'Asia/Shanghai')::date order by due_on, id`;
			expect(overdue.map((o) => o.id)).toContain(id);
			expect(overdue.map((o) => o.id)).not.toContain(onTime);
			// The function is the job's, not the Data API's.
			expect((await dbError(tx, (sp) => sp`select private.send_overdue_reminders()`)).code).toBe('42501');
		});
	});

	it('the overdue list of a district is read from its partial index in due order', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.staffA);
			await tx`set local enable_seqscan = off`;
			const plan = (await tx.unsafe(`explain select id, due_on from public.staff_items where district_id = '${w.districtA}'
				and state = 'approved' and due_on < '2030-01-01' order by due_on, id limit 20`)).map((r) => r['QUERY PLAN']).join('\n');
			expect(plan).toMatch(/submissions_district_overdue_idx/);
			expect(plan).not.toMatch(/Sort Key/);
		});
	});
});

describe('progress after the answer', () => {
	async function answered(tx: Tx, decision = 'adopted'): Promise<string> {
		const id = await forwarded(tx, w.goal);
		await actAs(tx, w.people.staffA);
		await tx`select public.answer_submission(${id}, ${await versionAs(tx, id)}, ${decision}::public.answer_decision, '我们会处理。', ${[w.goal]}::uuid[])`;
		return id;
	}
	const update = (id: string, stage: string, note: string | null = '已列入计划。', v?: number) => async (sp: Tx) =>
		sp`select public.add_progress_update(${id}, ${v ?? (await versionAs(sp, id))}, ${stage}::public.progress_stage, ${note})`;

	it('planned → in progress → done: dated, notified to the child each time, the latest on the public copy', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await answered(tx);
			await actAs(tx, staff.dept1);
			await update(id, 'planned', '明年春天开工。')(tx);
			await update(id, 'in_progress', '已经开工。')(tx);
			await update(id, 'in_progress', '完成一半。')(tx);
			expect((await dbError(tx, update(id, 'planned'))).message).toBe('stage_backwards');
			await update(id, 'done', '人行横道画好了。')(tx);
			expect((await dbError(tx, update(id, 'done'))).message).toBe('progress_final');
			await asSuperuser(tx);
			expect(await tx`select count(*)::int as n from public.notifications where submission_id = ${id} and kind = 'progress'`).toEqual([{ n: 4 }]);
			expect(await tx`select progress_stage, progress_note from public.published_answers where submission_id = ${id}`).toEqual([
				{ progress_stage: 'done', progress_note: '人行横道画好了。' }
			]);
			await actAs(tx, w.people.childA1);
			expect((await tx`select stage from public.submission_progress where submission_id = ${id} order by id`).map((r) => r.stage)).toEqual([
				'planned',
				'in_progress',
				'in_progress',
				'done'
			]);
			expect(await tx`select progress_stage from public.my_submission_followup where id = ${id}`).toEqual([{ progress_stage: 'done' }]);
			// Public: the latest progress, without anyone's id.
			await actAs(tx, { kind: 'anon' });
			expect(await tx`select progress_stage from public.published_answers where submission_id = ${id}`).toEqual([{ progress_stage: 'done' }]);
		});
	});

	it('only for adopted, partly adopted and under-study answers; only staff of the item; notes checked; versions checked', async () => {
		await rolledBack(sql, async (tx) => {
			const no = await answered(tx, 'not_feasible');
			await actAs(tx, w.people.staffA);
			expect((await dbError(tx, update(no, 'planned'))).message).toBe('not_followed_up');
			const id = await answered(tx, 'under_study');
			expect((await dbError(tx, update(id, 'planned', ' '))).message).toBe('field_required:note');
			expect((await dbError(tx, update(id, 'planned', 'x'.repeat(501)))).message).toBe('field_too_long:note');
			expect((await dbError(tx, update(id, 'planned', 'ok', 1))).code).toBe('PT409');
			const v = await version(tx, id);
			for (const who of [w.people.staffB, staff.dept2, staff.soB, w.people.teacherA1, w.people.childA1, w.people.admin]) {
				await actAs(tx, who);
				expect((await dbError(tx, update(id, 'planned', 'ok', v))).code).toBe('42501');
			}
			const pending = await forwarded(tx);
			await actAs(tx, w.people.staffA);
			expect((await dbError(tx, update(pending, 'planned'))).message).toBe('invalid_state');
			await update(id, 'not_possible', '经费不够，明年再议。')(tx);
		});
	});
});

describe('did the answer help (aggregated only)', () => {
	it('the child rates after the final update, may change it, and only counts of 5 or more leave', async () => {
		await rolledBack(sql, async (tx) => {
			const ids: string[] = [];
			for (let i = 0; i < 5; i++) {
				const id = await forwarded(tx, w.goal);
				await actAs(tx, w.people.staffA);
				await tx`select public.answer_submission(${id}, ${await versionAs(tx, id)}, 'adopted', '好。', ${[w.goal]}::uuid[])`;
				if (i === 0) {
					await actAs(tx, w.people.childA1);
					expect((await dbError(tx, (sp) => sp`select public.rate_answer(${id}, 'helped')`)).message).toBe('invalid_state');
					await actAs(tx, w.people.staffA);
				}
				await tx`select public.add_progress_update(${id}, ${await versionAs(tx, id)}, 'done', '做好了。')`;
				ids.push(id);
			}
			await actAs(tx, w.people.childA1b);
			expect((await dbError(tx, (sp) => sp`select public.rate_answer(${ids[0]!}, 'helped')`)).code).toBe('PT404');
			await actAs(tx, w.people.staffA);
			expect((await dbError(tx, (sp) => sp`select public.rate_answer(${ids[0]!}, 'helped')`)).code).toBe('42501');

			await actAs(tx, w.people.childA1);
			await tx`select public.rate_answer(${ids[0]!}, 'not_helped')`;
			await tx`select public.rate_answer(${ids[0]!}, 'helped')`;
			expect(await tx`select my_rating from public.my_submission_followup where id = ${ids[0]!}`).toEqual([{ my_rating: 'helped' }]);
			for (const id of ids.slice(1, 4)) await tx`select public.rate_answer(${id}, 'partly')`;

			const summary = async (who: Actor) => {
				await actAs(tx, who);
				return (await tx`select scope, scope_id, ratings, helped, partly, not_helped from public.answer_rating_summary()`).filter(
					(r) => r.scope_id === w.districtA || r.scope_id === dept.d1
				);
			};
			// 4 ratings: how many, but not how.
			expect(await summary(w.people.staffA)).toEqual([{ scope: 'district', scope_id: w.districtA, ratings: 4, helped: null, partly: null, not_helped: null }]);
			await actAs(tx, w.people.childA1);
			await tx`select public.rate_answer(${ids[4]!}, 'not_helped')`;
			expect(await summary(staff.dept1)).toEqual([{ scope: 'department', scope_id: dept.d1, ratings: 5, helped: 1, partly: 3, not_helped: 1 }]);
			expect(await summary(w.people.staffB)).toEqual([]);
			// Per child: nobody.
			for (const who of [w.people.staffA, w.people.admin, w.people.teacherA1]) {
				await actAs(tx, who);
				expect((await dbError(tx, (sp) => sp`select * from private.answer_ratings`)).code).toBe('42501');
				expect(await tx`select my_rating from public.my_submission_followup where id = ${ids[0]!}`).toEqual([]);
			}
		});
	});
});

describe('reply templates', () => {
	it('staff keep one template per decision, their own only; blank goes back to the default', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.staffA);
			await tx`select public.save_reply_template('adopted', '  谢谢！我们会做。 ')`;
			await tx`select public.save_reply_template('adopted', '谢谢！我们一定做。')`;
			expect(await tx`select decision, body from public.reply_templates`).toEqual([{ decision: 'adopted', body: '谢谢！我们一定做。' }]);
			expect((await dbError(tx, (sp) => sp`select public.save_reply_template('adopted', ${'x'.repeat(2001)})`)).message).toBe('field_too_long:body');
			await actAs(tx, w.people.staffB);
			expect(await tx`select * from public.reply_templates`).toEqual([]);
			await actAs(tx, w.people.teacherA1);
			expect((await dbError(tx, (sp) => sp`select public.save_reply_template('adopted', 'x')`)).code).toBe('42501');
			await actAs(tx, w.people.staffA);
			await tx`select public.save_reply_template('adopted', ' ')`;
			expect(await tx`select * from public.reply_templates`).toEqual([]);
		});
	});
});
