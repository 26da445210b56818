/**
 * The staff routed page's tab totals (20261201010000): the view public.staff_unit_totals reads the
 * dashboards' rollups (open_items, answered, dashboard_due per due day) and must say exactly what a
 * full count of the submissions says, for a district, a department and a street office, after any
 * sequence of submissions, forwards, suggestions, reassignments, answers, withdrawals and deletions
 * (property), and as the due dates pass (every open item's due date moved back by N days, as N days
 * passing would make them). Also: a unit the caller does not serve reads nothing, anon reads nothing,
 * recount gives the same counters.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ANON,
	actAs,
	asSuperuser,
	connect,
	createAccount,
	createSubmissions,
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
let dept: string;
let deptStaff: Actor;
let office: string;
let officeStaff: Actor;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
	await createSubmissions(sql, w);
	await sql.begin(async (tx) => {
		dept = one(await tx<{ id: string }[]>`insert into public.departments (name_zh, name_en) values (${'合计局' + w.tag}, ${'Totals ' + w.tag}) returning id`).id;
		deptStaff = user(await createAccount(tx, { role: 'staff', display_name: '科员', department_ids: [dept] }));
		office = one(await tx<{ id: string }[]>`insert into public.street_offices (district_id, name_zh, name_en)
			values (${w.districtA}, ${'合计街道' + w.tag}, ${'Totals office ' + w.tag}) returning id`).id;
		const community = one(await tx<{ id: string }[]>`insert into public.communities (district_id, street_office_id, name_zh, name_en)
			values (${w.districtA}, ${office}, ${'合计社区' + w.tag}, ${'Totals community ' + w.tag}) returning id`).id;
		// School A's items forwarded from now on are routed to the office (route_on_forward).
		await tx`update public.schools set community_id = ${community} where id = ${w.schoolA}`;
		officeStaff = user(await createAccount(tx, { role: 'staff', display_name: '街道科员', street_office_ids: [office] }));
	});
});

afterAll(async () => {
	await sql?.end();
});

type Kind = 'district' | 'department' | 'street_office';
const COLUMN: Record<Kind, string> = { district: 'district_id', department: 'department_id', street_office: 'street_office_id' };
/** Days that pass (due dates moved back by as many) before overdue is checked; -30: a month earlier. */
const DAYS = [-30, 0, 1, 10, 25, 60];

/** The units, who serves each, and what the view reads for them against a full count, DAYS later. */
async function totalsAndCounts(tx: Tx) {
	const units: { kind: Kind; id: string; who: Actor }[] = [
		{ kind: 'district', id: w.districtA, who: w.people.staffA },
		{ kind: 'district', id: w.districtB, who: w.people.staffB },
		{ kind: 'department', id: dept, who: deptStaff },
		{ kind: 'street_office', id: office, who: officeStaff }
	];
	const out: { unit: string; day: number; totals: unknown; counted: unknown }[] = [];
	for (const u of units) {
		for (const day of DAYS) {
			await asSuperuser(tx);
			await shiftDue(tx, -day);
			await actAs(tx, u.who);
			const rows = await tx<{ waiting: number; overdue: number; answered: number }[]>`
				select waiting, overdue, answered from public.staff_unit_totals where kind = ${u.kind} and unit_id = ${u.id}`;
			expect(rows.length).toBeLessThanOrEqual(1);
			// No row: nothing was ever routed to the unit (the page reads zeros).
			const totals = rows[0] ? { ...rows[0] } : { waiting: 0, overdue: 0, answered: 0 };
			await asSuperuser(tx);
			const counted = one(await tx<{ waiting: number; overdue: number; answered: number }[]>`
				select count(*) filter (where state = 'approved')::int as waiting,
					count(*) filter (where state = 'approved' and due_on < (now() at time zone 'Asia/Shanghai')::date)::int as overdue,
					count(*) filter (where state = 'answered')::int as answered
				from public.submissions where ${tx(COLUMN[u.kind])} = ${u.id}`);
			await shiftDue(tx, day);
			out.push({ unit: `${u.kind} ${u.id}`, day, totals, counted: { ...counted } });
		}
	}
	return out;
}

/** Move the due date of every open item of this world by `days` (through the triggers, as a calendar save would). */
async function shiftDue(tx: Tx, days: number) {
	if (days === 0) return;
	await tx`update public.submissions set due_on = due_on + ${days}::int
		where district_id = any (${[w.districtA, w.districtB]}::uuid[]) and state = 'approved' and due_on is not null`;
}

function expectExact(rows: Awaited<ReturnType<typeof totalsAndCounts>>) {
	for (const r of rows) expect(r.totals, `${r.unit} day ${r.day}`).toEqual(r.counted);
}

async function versionOf(tx: Tx, id: string): Promise<number> {
	await asSuperuser(tx);
	return one(await tx<{ version: number }[]>`select version from public.submissions where id = ${id}`).version;
}

describe('the routed totals equal a full count', () => {
	it('after the world was made, on every day (some items overdue, some not yet)', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			// District A's two approved items: one due yesterday, one in ten days; the answered one routed to the department and office.
			const open = await tx<{ id: string }[]>`select id from public.submissions where district_id = ${w.districtA} and state = 'approved' order by id`;
			expect(open).toHaveLength(2);
			await tx`update public.submissions set due_on = (now() at time zone 'Asia/Shanghai')::date - 1, department_id = ${dept} where id = ${open[0]!.id}`;
			await tx`update public.submissions set due_on = (now() at time zone 'Asia/Shanghai')::date + 10, street_office_id = ${office} where id = ${open[1]!.id}`;
			const rows = await totalsAndCounts(tx);
			expectExact(rows);
			// The test can fail: the counts are not all zero, and overdue changes with the day.
			const a = rows.filter((r) => r.unit === `district ${w.districtA}`).map((r) => (r.counted as { overdue: number }).overdue);
			expect(a).toEqual([0, 1, 1, 1, 2, 2]);
			expect(rows.find((r) => r.unit === `department ${dept}` && r.day === 0)!.counted).toEqual({ waiting: 1, overdue: 1, answered: 0 });
			expect(rows.find((r) => r.unit === `street_office ${office}` && r.day === 25)!.counted).toEqual({ waiting: 1, overdue: 1, answered: 0 });
		});
	});

	it('after any sequence of the people’s actions, on any day (property)', async () => {
		type Step =
			| { kind: 'submit'; child: 'childA1' | 'childA2' | 'childB' }
			| { kind: 'approve' | 'reject' | 'withdraw' | 'reassign' | 'unroute' | 'delete'; pick: number }
			| { kind: 'suggest'; pick: number; goal: 0 | 1 }
			| { kind: 'answer'; pick: number; days: number }
			| { kind: 'due'; pick: number; days: number };
		const step: fc.Arbitrary<Step> = fc.oneof(
			fc.record({ kind: fc.constant('submit' as const), child: fc.constantFrom('childA1' as const, 'childA2' as const, 'childB' as const) }),
			fc.record({
				kind: fc.constantFrom('approve' as const, 'reject' as const, 'withdraw' as const, 'reassign' as const, 'unroute' as const, 'delete' as const),
				pick: fc.nat()
			}),
			fc.record({ kind: fc.constant('suggest' as const), pick: fc.nat(), goal: fc.constantFrom(0 as const, 1 as const) }),
			fc.record({ kind: fc.constant('answer' as const), pick: fc.nat(), days: fc.integer({ min: 0, max: 40 }) }),
			// The due date moved (as a calendar save does), into the past or the future.
			fc.record({ kind: fc.constant('due' as const), pick: fc.nat(), days: fc.integer({ min: -40, max: 40 }) })
		);
		const teacherOf: Record<string, Actor> = { [w.classA1]: w.people.teacherA1, [w.classA2]: w.people.teacherA2, [w.classB1]: w.people.teacherB };
		const staffOf: Record<string, Actor> = { [w.districtA]: w.people.staffA, [w.districtB]: w.people.staffB };
		const authorOf: Record<string, Actor> = { [w.ids.childA1]: w.people.childA1, [w.ids.childA2]: w.people.childA2, [w.ids.childB]: w.people.childB };
		const wanted: Record<Exclude<Step['kind'], 'submit'>, string[]> = {
			approve: ['submitted'], reject: ['submitted'], withdraw: ['submitted', 'approved'], reassign: ['approved'], unroute: ['approved', 'answered'],
			suggest: ['approved'], answer: ['approved'], due: ['approved'], delete: ['submitted', 'approved', 'answered']
		};

		await fc.assert(
			fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
				await rolledBack(sql, async (tx) => {
					for (const s of steps) {
						if (s.kind === 'submit') {
							await actAs(tx, w.people[s.child]);
							await submit(tx, proposal({ title: `totals ${s.child}` }));
							continue;
						}
						await asSuperuser(tx);
						const candidates = await tx<{ id: string; class_id: string; district_id: string; author_id: string }[]>`
							select id, class_id, district_id, author_id from public.submissions
							where class_id = any (${[w.classA1, w.classA2, w.classB1]}::uuid[]) and state::text = any (${wanted[s.kind]}::text[])
							  and author_id = any (${[w.ids.childA1, w.ids.childA2, w.ids.childB]}::uuid[])
							order by id`;
						if (candidates.length === 0) continue;
						const c = candidates[s.pick % candidates.length]!;
						const v = await versionOf(tx, c.id);
						const attempt = async (fn: (sp: Tx) => Promise<unknown>) => {
							await tx.savepoint(fn).catch((e: { code?: string }) => {
								if (!['P0001', '42501'].includes(e.code ?? '')) throw e;
							});
						};
						if (s.kind === 'approve') {
							await actAs(tx, teacherOf[c.class_id]!);
							await tx`select public.approve_submission(${c.id}, ${v}, '公开标题', '公开问题', '公开建议', '街道', null)`;
						} else if (s.kind === 'reject') {
							await actAs(tx, teacherOf[c.class_id]!);
							await tx`select public.reject_submission(${c.id}, ${v}, 'duplicate', '已经有人提过了')`;
						} else if (s.kind === 'withdraw') {
							await actAs(tx, authorOf[c.author_id]!);
							await attempt((sp) => sp`select public.withdraw_submission(${c.id}, ${v})`);
						} else if (s.kind === 'reassign') {
							// To the department, and every other pick to district A's street office too (B's items: refused).
							await actAs(tx, staffOf[c.district_id]!);
							const so = s.pick % 2 === 0 && c.district_id === w.districtA ? office : null;
							await attempt((sp) => sp`select public.reassign_submission(${c.id}, ${v}, ${dept}, ${so}, '转给合计局')`);
						} else if (s.kind === 'unroute') {
							await tx`update public.submissions set department_id = null, street_office_id = null where id = ${c.id}`;
						} else if (s.kind === 'suggest') {
							await actAs(tx, staffOf[c.district_id]!);
							await tx`select public.suggest_goal(${c.id}, ${v}, ${s.goal === 0 ? w.goal : w.goal2})`;
						} else if (s.kind === 'answer') {
							await tx`update public.submissions set forwarded_at = now() - make_interval(days => ${s.days}) where id = ${c.id}`;
							await actAs(tx, staffOf[c.district_id]!);
							await tx`select public.answer_submission(${c.id}, ${v + 1}, 'adopted'::public.answer_decision, '答复', ${[w.goal]}::uuid[])`;
						} else if (s.kind === 'due') {
							await tx`update public.submissions set due_on = (now() at time zone 'Asia/Shanghai')::date + ${s.days}::int where id = ${c.id}`;
						} else if (s.kind === 'delete') {
							await tx`delete from public.submissions where id = ${c.id}`;
						}
					}
					expectExact(await totalsAndCounts(tx));
				});
			}),
			{ numRuns: 15 }
		);
	});

	it('recount_dashboards rebuilds open_items to the same values; a broken counter is seen', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			const snapshot = () =>
				tx<{ k: string }[]>`select dim || ' ' || group_key || ' ' || district_id || '=' || open_items || '/' || answered as k
					from public.dashboard_counts where open_items > 0 or answered > 0 order by 1`.then((r) => r.map((x) => x.k));
			const before = await snapshot();
			expect(before.length).toBeGreaterThan(0);
			await tx`update public.dashboard_counts set open_items = open_items + 2 where dim = 'district' and district_id = ${w.districtA}`;
			await actAs(tx, w.people.staffA);
			const broken = one(await tx<{ waiting: number }[]>`select waiting from public.staff_unit_totals where kind = 'district' and unit_id = ${w.districtA}`);
			await asSuperuser(tx);
			const exact = one(await tx<{ n: number }[]>`select count(*)::int as n from public.submissions where district_id = ${w.districtA} and state = 'approved'`).n;
			expect(broken.waiting).toBe(exact + 2);
			await tx`select private.recount_dashboards()`;
			expect(await snapshot()).toEqual(before);
		});
	});
});

describe('who reads which totals', () => {
	it('staff read their units only; children, teachers and anon nothing', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			const open = one(await tx<{ id: string }[]>`select id from public.submissions where district_id = ${w.districtA} and state = 'approved' order by id limit 1`);
			await tx`update public.submissions set department_id = ${dept}, street_office_id = ${office} where id = ${open.id}`;
			const units = async (who: Actor) => {
				await actAs(tx, who);
				const rows = await tx<{ k: string }[]>`select kind || ' ' || unit_id as k from public.staff_unit_totals
					where unit_id = any (${[w.districtA, w.districtB, dept, office]}::uuid[]) order by 1`;
				return rows.map((r) => r.k);
			};
			// District staff read every rollup row of their district, so the department's share in it too.
			expect(await units(w.people.staffA)).toEqual([`department ${dept}`, `district ${w.districtA}`, `street_office ${office}`]);
			expect(await units(w.people.staffB)).toEqual([`district ${w.districtB}`]);
			expect(await units(deptStaff)).toEqual([`department ${dept}`]);
			expect(await units(officeStaff)).toEqual([`street_office ${office}`]);
			for (const who of ['childA1', 'teacherA1', 'nobody'] as const) expect(await units(w.people[who]), who).toEqual([]);
			await actAs(tx, ANON);
			expect((await dbError(tx, (sp) => sp`select * from public.staff_unit_totals`)).code).toBe('42501');
		});
	});
});
