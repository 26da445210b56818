/**
 * Dashboards (20261130140000): dashboard_counts and dashboard_due, kept by triggers, always equal
 * what the submissions say, after any sequence of the people's actions through the rpc functions
 * (property); overdue grows with the date without a write; the median read from the histogram;
 * who reads which rows (staff their districts and departments, admins all, nobody else).
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
/** A street office of district A whose community school A belongs to, and its staff (20261130200000). */
let office: string;
let officeStaff: Actor;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
	await createSubmissions(sql, w);
	await sql.begin(async (tx) => {
		dept = one(await tx<{ id: string }[]>`insert into public.departments (name_zh, name_en) values (${'看板局' + w.tag}, ${'Dash ' + w.tag}) returning id`).id;
		deptStaff = user(await createAccount(tx, { role: 'staff', display_name: '科员', department_ids: [dept] }));
		office = one(await tx<{ id: string }[]>`insert into public.street_offices (district_id, name_zh, name_en)
			values (${w.districtA}, ${'看板街道' + w.tag}, ${'Dash office ' + w.tag}) returning id`).id;
		const community = one(await tx<{ id: string }[]>`insert into public.communities (district_id, street_office_id, name_zh, name_en)
			values (${w.districtA}, ${office}, ${'看板社区' + w.tag}, ${'Dash community ' + w.tag}) returning id`).id;
		await tx`update public.schools set community_id = ${community} where id = ${w.schoolA}`;
		officeStaff = user(await createAccount(tx, { role: 'staff', display_name: '街道科员', street_office_ids: [office] }));
	});
});

afterAll(async () => {
	await sql?.end();
});

const DECISIONS = ['adopted', 'partly_adopted', 'under_study', 'not_feasible', 'referred'] as const;

/**
 * The counters of this world's districts and the same measures counted from the rows, in ONE
 * statement, as superuser: "dim key district=submissions/forwarded/rejected/answered/adopted/done
 * hist{bucket:n,…} due{date:n,…}", sorted; all-zero counter rows left out.
 */
async function countersAndRows(tx: Tx) {
	await asSuperuser(tx);
	const districts = [w.districtA, w.districtB];
	const [r] = await tx<{ counters: string[]; rows: string[] }[]>`
		with s as (
			select s.id, s.district_id, coalesce(cl.school_id::text, '') as school_key,
				coalesce(s.department_id::text, '') as department_key, coalesce(g.category::text, '') as category_key,
				(s.forwarded_at is not null) as fw, (s.state = 'rejected') as rj, (s.state = 'answered') as an,
				(s.state = 'answered' and a.decision in ('adopted', 'partly_adopted')) as ad,
				(s.state = 'answered' and s.progress_stage is not distinct from 'done') as dn,
				case when s.state = 'answered' then least(greatest((s.answered_at at time zone 'Asia/Shanghai')::date
					- (s.forwarded_at at time zone 'Asia/Shanghai')::date, 0), 61) + 1 end as bucket,
				-- Working days counted here from the calendar, day by day (20261130200000).
				case when s.state = 'answered' then least((select count(*) from generate_series(
					(s.forwarded_at at time zone 'Asia/Shanghai')::date + 1, (s.answered_at at time zone 'Asia/Shanghai')::date, interval '1 day') d
					where private.is_working_day(d::date)), 61) + 1 end as wbucket,
				coalesce(s.street_office_id::text, '') as street_office_key,
				case when s.state = 'approved' then s.due_on end as due_on
			from public.submissions s
			join public.classes cl on cl.id = s.class_id
			left join public.ledger_goals g on g.id = s.suggested_goal_id
			left join public.answers a on a.submission_id = s.id
			where s.district_id = any (${districts}::uuid[])
		),
		x as (
			select k.dim, k.key, s.* from s cross join lateral (values
				('district', s.district_id::text), ('school', s.school_key), ('department', s.department_key), ('category', s.category_key),
				('street_office', s.street_office_key)) k (dim, key)
		),
		grp as (
			select dim, key, district_id, count(*) as n, count(*) filter (where fw) as fw, count(*) filter (where rj) as rj,
				count(*) filter (where an) as an, count(*) filter (where ad) as ad, count(*) filter (where dn) as dn
			from x group by 1, 2, 3
		),
		hist as (
			select dim, key, district_id, string_agg(bucket || ':' || n, ',' order by bucket) as h
			from (select dim, key, district_id, bucket, count(*) as n from x where bucket is not null group by 1, 2, 3, 4) q group by 1, 2, 3
		),
		whist as (
			select dim, key, district_id, string_agg(wbucket || ':' || n, ',' order by wbucket) as h
			from (select dim, key, district_id, wbucket, count(*) as n from x where wbucket is not null group by 1, 2, 3, 4) q group by 1, 2, 3
		),
		due as (
			select dim, key, district_id, string_agg(due_on || ':' || n, ',' order by due_on) as d
			from (select dim, key, district_id, due_on, count(*) as n from x where due_on is not null group by 1, 2, 3, 4) q group by 1, 2, 3
		)
		select
			(select coalesce(array_agg(c.dim || ' ' || c.group_key || ' ' || c.district_id || '=' || c.submissions || '/' || c.forwarded || '/'
				|| c.rejected || '/' || c.answered || '/' || c.adopted || '/' || c.done
				|| ' hist{' || coalesce((select string_agg(i || ':' || c.answer_days[i], ',' order by i) from generate_series(1, 62) i where c.answer_days[i] <> 0), '') || '}'
				|| ' work{' || coalesce((select string_agg(i || ':' || c.answer_working_days[i], ',' order by i) from generate_series(1, 62) i where c.answer_working_days[i] <> 0), '') || '}'
				|| ' due{' || coalesce((select string_agg(d.due_on || ':' || d.items, ',' order by d.due_on) from public.dashboard_due d
					where d.dim = c.dim and d.group_key = c.group_key and d.district_id = c.district_id and d.items > 0), '') || '}'), '{}')
			   from public.dashboard_counts c where c.district_id = any (${districts}::uuid[]) and c.submissions > 0) as counters,
			(select coalesce(array_agg(grp.dim || ' ' || grp.key || ' ' || grp.district_id || '=' || grp.n || '/' || grp.fw || '/' || grp.rj
				|| '/' || grp.an || '/' || grp.ad || '/' || grp.dn || ' hist{' || coalesce(hist.h, '') || '}' || ' work{' || coalesce(whist.h, '') || '}'
				|| ' due{' || coalesce(due.d, '') || '}'), '{}')
			   from grp left join hist using (dim, key, district_id) left join whist using (dim, key, district_id)
			   left join due using (dim, key, district_id)) as rows`;
	return r!;
}

function expectExact(r: { counters: string[]; rows: string[] }) {
	expect([...r.counters].sort()).toEqual([...r.rows].sort());
}

async function versionOf(tx: Tx, id: string): Promise<number> {
	await asSuperuser(tx);
	return one(await tx<{ version: number }[]>`select version from public.submissions where id = ${id}`).version;
}

describe('the dashboard counters equal the rows', () => {
	it('after the world was made', async () => {
		await rolledBack(sql, async (tx) => {
			const r = await countersAndRows(tx);
			// district A: district, school, department none, category none; district B the same.
			expect(r.rows.length).toBeGreaterThanOrEqual(8);
			expectExact(r);
		});
	});

	it('after any sequence of the people’s actions (property)', async () => {
		type Step =
			| { kind: 'submit'; child: 'childA1' | 'childA2' | 'childB' }
			| { kind: 'return' | 'approve' | 'resubmit' | 'reject' | 'withdraw' | 'reassign'; pick: number }
			| { kind: 'suggest'; pick: number; goal: 0 | 1 }
			| { kind: 'answer'; pick: number; decision: (typeof DECISIONS)[number]; days: number }
			| { kind: 'progress'; pick: number; stage: 'in_progress' | 'done' | 'not_possible' }
			| { kind: 'delete'; pick: number };
		const step: fc.Arbitrary<Step> = fc.oneof(
			fc.record({ kind: fc.constant('submit' as const), child: fc.constantFrom('childA1' as const, 'childA2' as const, 'childB' as const) }),
			fc.record({
				kind: fc.constantFrom('return' as const, 'approve' as const, 'resubmit' as const, 'reject' as const, 'withdraw' as const, 'reassign' as const),
				pick: fc.nat()
			}),
			fc.record({ kind: fc.constant('suggest' as const), pick: fc.nat(), goal: fc.constantFrom(0 as const, 1 as const) }),
			fc.record({ kind: fc.constant('answer' as const), pick: fc.nat(), decision: fc.constantFrom(...DECISIONS), days: fc.integer({ min: 0, max: 90 }) }),
			fc.record({ kind: fc.constant('progress' as const), pick: fc.nat(), stage: fc.constantFrom('in_progress' as const, 'done' as const, 'not_possible' as const) }),
			fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() })
		);
		const teacherOf: Record<string, Actor> = { [w.classA1]: w.people.teacherA1, [w.classA2]: w.people.teacherA2, [w.classB1]: w.people.teacherB };
		const staffOf: Record<string, Actor> = { [w.districtA]: w.people.staffA, [w.districtB]: w.people.staffB };
		const authorOf: Record<string, Actor> = { [w.ids.childA1]: w.people.childA1, [w.ids.childA2]: w.people.childA2, [w.ids.childB]: w.people.childB };
		const wanted: Record<Exclude<Step['kind'], 'submit'>, string[]> = {
			return: ['submitted'], approve: ['submitted'], reject: ['submitted'], resubmit: ['returned'], withdraw: ['submitted', 'approved'],
			reassign: ['approved'], suggest: ['approved'], answer: ['approved'], progress: ['answered'], delete: ['submitted', 'approved', 'answered', 'rejected']
		};

		await fc.assert(
			fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
				await rolledBack(sql, async (tx) => {
					for (const s of steps) {
						if (s.kind === 'submit') {
							await actAs(tx, w.people[s.child]);
							await submit(tx, proposal({ title: `dash ${s.child}` }));
							continue;
						}
						await asSuperuser(tx);
						const candidates = await tx<{ id: string; class_id: string; district_id: string; author_id: string; progress_stage: string | null }[]>`
							select id, class_id, district_id, author_id, progress_stage::text from public.submissions
							where class_id = any (${[w.classA1, w.classA2, w.classB1]}::uuid[]) and state::text = any (${wanted[s.kind]}::text[])
							  and author_id = any (${[w.ids.childA1, w.ids.childA2, w.ids.childB]}::uuid[])
							order by id`;
						if (candidates.length === 0) continue;
						const c = candidates[s.pick % candidates.length]!;
						const v = await versionOf(tx, c.id);
						// A step the rules refuse (e.g. progress after a not-adopted answer) is skipped in a savepoint.
						const attempt = async (fn: (sp: Tx) => Promise<unknown>) => {
							await tx.savepoint(fn).catch((e: { code?: string }) => {
								if (!['P0001', '42501'].includes(e.code ?? '')) throw e;
							});
						};
						if (s.kind === 'return') {
							await actAs(tx, teacherOf[c.class_id]!);
							await tx`select public.return_submission(${c.id}, ${v}, '再想想')`;
						} else if (s.kind === 'approve') {
							await actAs(tx, teacherOf[c.class_id]!);
							await tx`select public.approve_submission(${c.id}, ${v}, '公开标题', '公开问题', '公开建议', '街道', null)`;
						} else if (s.kind === 'reject') {
							await actAs(tx, teacherOf[c.class_id]!);
							await tx`select public.reject_submission(${c.id}, ${v}, 'duplicate', '已经有人提过了')`;
						} else if (s.kind === 'resubmit') {
							await actAs(tx, authorOf[c.author_id]!);
							await tx`select public.resubmit_proposal(${c.id}, ${v}, '改好了', '问题', '建议', '街道')`;
						} else if (s.kind === 'withdraw') {
							await actAs(tx, authorOf[c.author_id]!);
							await attempt((sp) => sp`select public.withdraw_submission(${c.id}, ${v})`);
						} else if (s.kind === 'reassign') {
							await actAs(tx, staffOf[c.district_id]!);
							// Every other pick also routes it to district A's street office (B's items: none, refused).
							const so = s.pick % 2 === 0 && c.district_id === w.districtA ? office : null;
							await attempt((sp) => sp`select public.reassign_submission(${c.id}, ${v}, ${dept}, ${so}, '转给看板局')`);
						} else if (s.kind === 'suggest') {
							await actAs(tx, staffOf[c.district_id]!);
							await tx`select public.suggest_goal(${c.id}, ${v}, ${s.goal === 0 ? w.goal : w.goal2})`;
						} else if (s.kind === 'answer') {
							// Forwarded some days ago: the answer lands in that day's bucket.
							await asSuperuser(tx);
							await tx`update public.submissions set forwarded_at = now() - make_interval(days => ${s.days}) where id = ${c.id}`;
							await actAs(tx, staffOf[c.district_id]!);
							await tx`select public.answer_submission(${c.id}, ${v + 1}, ${s.decision}::public.answer_decision, '答复', ${[w.goal]}::uuid[])`;
						} else if (s.kind === 'progress') {
							await actAs(tx, staffOf[c.district_id]!);
							await attempt((sp) => sp`select public.add_progress_update(${c.id}, ${v}, ${s.stage}::public.progress_stage, '进展')`);
						} else if (s.kind === 'delete') {
							await asSuperuser(tx);
							await tx`delete from public.submissions where id = ${c.id}`;
						}
					}
					expectExact(await countersAndRows(tx));
				});
			}),
			{ numRuns: 25 }
		);
	});

	it('when an answer’s decision changes, or the answer row goes', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			await tx`update public.answers set decision = 'not_feasible' where submission_id in (select id from public.submissions where district_id = ${w.districtA} and state = 'answered')`;
			expectExact(await countersAndRows(tx));
			await tx`update public.answers set decision = 'partly_adopted' where submission_id in (select id from public.submissions where district_id = ${w.districtB} and state = 'answered')`;
			expectExact(await countersAndRows(tx));
		});
	});

	it('truncation empties them, and recount rebuilds them from the rows', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			await tx`update public.dashboard_counts set submissions = submissions + 3, answer_days[5] = answer_days[5] + 1`;
			await tx`update public.dashboard_due set items = items + 2`;
			const broken = await countersAndRows(tx);
			expect(broken.counters.sort()).not.toEqual(broken.rows.sort());
			await tx`select private.recount_dashboards()`;
			expectExact(await countersAndRows(tx));
			await tx`truncate public.submissions cascade`;
			const [n] = await tx`select (select count(*) from public.dashboard_counts)::int as c, (select count(*) from public.dashboard_due)::int as d,
				(select count(*) from private.dashboard_contributions)::int as k`;
			expect({ ...n }).toEqual({ c: 0, d: 0, k: 0 });
		});
	});
});

describe('what the dashboard view reads', () => {
	it('overdue grows with the date without a write; the median comes from the histogram', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			// District A has two approved items (world): one due yesterday, one due in ten days.
			const open = await tx<{ id: string }[]>`select id from public.submissions where district_id = ${w.districtA} and state = 'approved' order by id`;
			expect(open).toHaveLength(2);
			await tx`update public.submissions set due_on = (now() at time zone 'Asia/Shanghai')::date - 1 where id = ${open[0]!.id}`;
			await tx`update public.submissions set due_on = (now() at time zone 'Asia/Shanghai')::date + 10 where id = ${open[1]!.id}`;
			const overdue = async () => {
				await actAs(tx, w.people.staffA);
				return one(await tx<{ overdue: number }[]>`select overdue from public.dashboard_groups where dim = 'district' and group_key = ${w.districtA}`).overdue;
			};
			expect(await overdue()).toBe(1);
			// Eleven days later (the clock moves; no submission is written): both are overdue.
			await asSuperuser(tx);
			const [{ now }] = await tx<[{ now: Date }]>`select now() + interval '11 days' as now`;
			const later = await tx<{ n: number }[]>`select sum(items)::int as n from public.dashboard_due
				where dim = 'district' and group_key = ${w.districtA} and due_on < (${now}::timestamptz at time zone 'Asia/Shanghai')::date`;
			expect(later[0]!.n).toBe(2);
			// Median: answers after 1, 3 and 40 days → 3; a fourth after 70 days → lower median 3; 61 stands for "more than 60".
			const med = (xs: number[]) => {
				const h = Array.from({ length: 62 }, () => 0);
				for (const x of xs) h[Math.min(x, 61)]! += 1;
				return tx<{ m: number | null }[]>`select private.dashboard_median_days(${h}::int[]) as m`.then((r) => r[0]!.m);
			};
			expect(await med([1, 3, 40])).toBe(3);
			expect(await med([1, 3, 40, 70])).toBe(3);
			expect(await med([70, 80, 2])).toBe(61);
			expect(await med([])).toBeNull();
			expect(await med([0])).toBe(0);
		});
	});

	it('groups sum the rows the reader may read; the answered item of district A counts as adopted', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.staffA);
			const [d] = await tx`select * from public.dashboard_groups where dim = 'district' and group_key = ${w.districtA}`;
			// World, district A: submitted, returned, approved, answered, other class approved, escalated, rejected.
			expect({ ...d }).toMatchObject({ submissions: 7, forwarded: 3, rejected: 1, answered: 1, adopted: 1, done: 0, median_days_to_answer: 0 });
		});
	});
});

describe('who reads which dashboard rows', () => {
	const keys = (t: Tx) => t`select dim, group_key, district_id::text from public.dashboard_counts where district_id = any (${[w.districtA, w.districtB]}::uuid[]) or department_id is not null`;
	async function readAs(tx: Tx, who: Actor) {
		await actAs(tx, who);
		return (await keys(tx)).map((r) => `${r.dim} ${r.group_key} ${r.district_id}`).sort();
	}

	it('staff their districts and departments, admins all, children, teachers and nobody none', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			// An item of district B routed to the department: its department row is the department staff's.
			const b = one(await tx<{ id: string; version: number }[]>`select id, version from public.submissions where district_id = ${w.districtB} and state = 'answered'`);
			await tx`update public.submissions set department_id = ${dept} where id = ${b.id}`;
			const all = await readAs(tx, w.people.admin);
			const a = await readAs(tx, w.people.staffA);
			const bStaff = await readAs(tx, w.people.staffB);
			expect(a.length).toBeGreaterThanOrEqual(4);
			expect(a.every((k) => k.endsWith(w.districtA))).toBe(true);
			expect(bStaff.every((k) => k.endsWith(w.districtB))).toBe(true);
			for (const k of [...a, ...bStaff]) expect(all).toContain(k);
			expect(await readAs(tx, deptStaff)).toEqual([`department ${dept} ${w.districtB}`]);
			for (const who of ['childA1', 'teacherA1', 'leadA', 'nobody'] as const) expect(await readAs(tx, w.people[who]), who).toEqual([]);
			await actAs(tx, deptStaff);
			expect(await tx`select dim from public.dashboard_groups where dim <> 'department'`).toEqual([]);
			await actAs(tx, w.people.childA1);
			expect(await tx`select * from public.dashboard_groups`).toEqual([]);
			expect(await tx`select * from public.dashboard_due`).toEqual([]);
		});
	});

	it('street-office staff read their office’s rows and the school rows of its communities, nothing else', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			const a = one(await tx<{ id: string }[]>`select id from public.submissions where district_id = ${w.districtA} and state = 'answered'`);
			await tx`update public.submissions set street_office_id = ${office} where id = ${a.id}`;
			expect(await readAs(tx, officeStaff)).toEqual([`school ${w.schoolA} ${w.districtA}`, `street_office ${office} ${w.districtA}`].sort());
			await actAs(tx, officeStaff);
			const groups = await tx<{ dim: string; submissions: number; answered: number }[]>`
				select dim, submissions, answered from public.dashboard_groups order by dim`;
			expect(groups.map((g) => g.dim)).toEqual(['school', 'street_office']);
			expect(groups[1]).toMatchObject({ submissions: 1, answered: 1 });
			// Moved out of the office: its row empties (kept by the trigger), the staff see zero there.
			await asSuperuser(tx);
			await tx`update public.submissions set street_office_id = null where id = ${a.id}`;
			await actAs(tx, officeStaff);
			expect(one(await tx<{ submissions: number }[]>`select submissions from public.dashboard_groups where dim = 'street_office'`).submissions).toBe(0);
			// School B is not in the office's communities; staff of another district see none of this office.
			expect(await tx`select 1 from public.dashboard_counts where dim = 'school' and group_key = ${w.schoolB}`).toEqual([]);
			expect((await readAs(tx, w.people.staffB)).some((k) => k.includes(office))).toBe(false);
		});
	});

	it('the answered-items export (my_answered_items) matches by department and street office, not only district', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			const a = one(await tx<{ id: string }[]>`select id from public.submissions where district_id = ${w.districtA} and state = 'answered'`);
			const b = one(await tx<{ id: string }[]>`select id from public.submissions where district_id = ${w.districtB} and state = 'answered'`);
			const ids = async (who: Actor) => {
				await actAs(tx, who);
				const rows = await tx<{ submission_id: string }[]>`select submission_id from public.my_answered_items
					where submission_id = any (${[a.id, b.id]}::uuid[]) order by submission_id`;
				return rows.map((r) => r.submission_id);
			};
			expect(await ids(deptStaff)).toEqual([]);
			expect(await ids(officeStaff)).toEqual([]);
			await asSuperuser(tx);
			await tx`update public.submissions set department_id = ${dept} where id = ${b.id}`;
			await tx`update public.submissions set street_office_id = ${office} where id = ${a.id}`;
			expect(await ids(deptStaff)).toEqual([b.id]);
			expect(await ids(officeStaff)).toEqual([a.id]);
			expect(await ids(w.people.staffA)).toEqual([a.id]);
			expect(await ids(w.people.admin)).toEqual([a.id, b.id].sort());
			for (const who of ['childA1', 'teacherA1', 'nobody'] as const) expect(await ids(w.people[who]), who).toEqual([]);
			await actAs(tx, ANON);
			expect((await dbError(tx, (sp) => sp`select * from public.my_answered_items`)).code).toBe('42501');
		});
	});

	it('the median in working days follows the working calendar (holidays and adjusted working days)', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			const a = one(await tx<{ id: string }[]>`select id from public.submissions where district_id = ${w.districtA} and state = 'answered'`);
			const med = async () => {
				await actAs(tx, w.people.staffA);
				const r = one(await tx<{ c: number; wd: number }[]>`select median_days_to_answer as c, median_working_days_to_answer as wd
					from public.dashboard_groups where dim = 'district' and group_key = ${w.districtA}`);
				await asSuperuser(tx);
				return r;
			};
			const set = (fwd: string, ans: string) =>
				tx`update public.submissions set forwarded_at = ${fwd}::timestamptz, answered_at = ${ans}::timestamptz where id = ${a.id}`;
			// National Day 2026: 1–7 October off; forwarded Wed 30 Sep, answered Fri 9 Oct: 9 calendar days, 2 working days.
			await set('2026-09-30 12:00+08', '2026-10-09 12:00+08');
			expect(await med()).toEqual({ c: 9, wd: 2 });
			// Sat 10 Oct 2026 is an adjusted working day (调休): Fri 9 → Sat 10 is 1 working day.
			await set('2026-10-09 12:00+08', '2026-10-10 09:00+08');
			expect(await med()).toEqual({ c: 1, wd: 1 });
			// A plain weekend: Fri → Mon is 3 calendar days, 1 working day; the same day is 0 of both.
			await set('2026-11-13 12:00+08', '2026-11-16 12:00+08');
			expect(await med()).toEqual({ c: 3, wd: 1 });
			await set('2026-11-16 08:00+08', '2026-11-16 23:00+08');
			expect(await med()).toEqual({ c: 0, wd: 0 });
			// Over 60 working days stands as 61 ("more than 60").
			await set('2026-01-05 12:00+08', '2026-06-30 12:00+08');
			expect(await med()).toEqual({ c: 61, wd: 61 });
			expect(one(await tx<{ n: number }[]>`select private.working_days_between('2026-09-30', '2026-10-09') as n`).n).toBe(2);
			expect(one(await tx<{ n: number }[]>`select private.working_days_between('2026-10-09', '2026-09-30') as n`).n).toBe(0);
		});
	});

	it('anon reads nothing; nobody writes; the contributions stay private', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, ANON);
			expect((await dbError(tx, (sp) => sp`select * from public.dashboard_counts`)).code).toBe('42501');
			expect((await dbError(tx, (sp) => sp`select * from public.dashboard_groups`)).code).toBe('42501');
			for (const who of [w.people.admin, w.people.staffA]) {
				await actAs(tx, who);
				expect((await dbError(tx, (sp) => sp`update public.dashboard_counts set submissions = 0`)).code).toBe('42501');
				expect((await dbError(tx, (sp) => sp`insert into public.dashboard_due (dim, group_key, district_id, due_on, items) values ('district', 'x', ${w.districtA}, now(), 1)`)).code).toBe('42501');
				expect((await dbError(tx, (sp) => sp`select * from private.dashboard_contributions`)).code).toBe('42501');
			}
		});
	});
});
