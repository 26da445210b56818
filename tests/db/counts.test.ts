/**
 * Tab totals that cost one lookup at any size (20261130000500): the counters kept by triggers
 * (district_inbox_counts, published_answer_counts, published_goal_answer_counts) always equal a
 * count of the rows, after any sequence of the people's actions through the rpc functions; who
 * reads which counts; the grouped views of the small lists; the columns the ordered pages use.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ANON,
	actAs,
	asSuperuser,
	connect,
	createSubmissions,
	createWorld,
	dbError,
	one,
	proposal,
	rolledBack,
	submit,
	type Actor,
	type Sql,
	type Tx,
	type World,
	type WorldSubmissions
} from './helpers';

let sql: Sql;
let w: World;
let subs: WorldSubmissions;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
	subs = await createSubmissions(sql, w);
});

afterAll(async () => {
	await sql?.end();
});

const DECISIONS = ['adopted', 'partly_adopted', 'under_study', 'not_feasible', 'referred'] as const;

/**
 * Counters and real counts of this world's districts and of every edition / goal, read in ONE
 * statement (one snapshot), as superuser. Each entry is "key=n", sorted; zero counters are left
 * out (a counter row may stay at 0 after its last row left).
 */
async function countersAndRows(tx: Tx) {
	await asSuperuser(tx);
	const districts = [w.districtA, w.districtB];
	const [r] = await tx<{ inbox_counters: string[]; inbox_rows: string[]; edition_counters: string[]; edition_rows: string[]; goal_counters: string[]; goal_rows: string[] }[]>`
		select
			(select coalesce(array_agg(c.district_id || ' ' || c.state || '=' || c.submissions), '{}')
			   from public.district_inbox_counts c where c.district_id = any (${districts}::uuid[]) and c.submissions > 0) as inbox_counters,
			(select coalesce(array_agg(x order by x), '{}') from (
			   select s.district_id || ' ' || s.state || '=' || count(*) as x from public.submissions s
			   where s.district_id = any (${districts}::uuid[]) and s.state in ('approved', 'answered')
			   group by s.district_id, s.state) q) as inbox_rows,
			(select coalesce(array_agg(c.edition || ' ' || c.decision || '=' || c.answers), '{}')
			   from public.published_answer_counts c where c.answers > 0) as edition_counters,
			(select coalesce(array_agg(x order by x), '{}') from (
			   select pa.edition || ' ' || pa.decision || '=' || count(*) as x from public.published_answers pa
			   group by pa.edition, pa.decision) q) as edition_rows,
			(select coalesce(array_agg(c.goal_id || ' ' || c.decision || '=' || c.answers), '{}')
			   from public.published_goal_answer_counts c where c.answers > 0) as goal_counters,
			(select coalesce(array_agg(x order by x), '{}') from (
			   select pg.goal_id || ' ' || pg.decision || '=' || count(*) as x from public.published_answer_goals pg
			   group by pg.goal_id, pg.decision) q) as goal_rows`;
	return r!;
}

function expectCountersExact(r: Awaited<ReturnType<typeof countersAndRows>>) {
	const sorted = (xs: string[]) => [...xs].sort();
	expect(sorted(r.inbox_counters)).toEqual(sorted(r.inbox_rows));
	expect(sorted(r.edition_counters)).toEqual(sorted(r.edition_rows));
	expect(sorted(r.goal_counters)).toEqual(sorted(r.goal_rows));
}

async function versionOf(tx: Tx, id: string): Promise<number> {
	await asSuperuser(tx);
	return one(await tx<{ version: number }[]>`select version from public.submissions where id = ${id}`).version;
}

describe('the counters equal the rows', () => {
	it('after the world was made (submit, return, resubmit, approve, answer)', async () => {
		await rolledBack(sql, async (tx) => {
			const r = await countersAndRows(tx);
			expect(r.inbox_rows.length).toBeGreaterThanOrEqual(3); // A approved, A answered, B answered
			expectCountersExact(r);
		});
	});

	it('after any sequence of the people’s actions (property)', async () => {
		type Step =
			| { kind: 'submit'; child: 'childA1' | 'childA2' | 'childB' }
			| { kind: 'return' | 'approve' | 'resubmit'; pick: number }
			| { kind: 'answer'; pick: number; decision: (typeof DECISIONS)[number]; goals: 0 | 1 | 2 };
		const step: fc.Arbitrary<Step> = fc.oneof(
			fc.record({ kind: fc.constant('submit' as const), child: fc.constantFrom('childA1' as const, 'childA2' as const, 'childB' as const) }),
			fc.record({ kind: fc.constantFrom('return' as const, 'approve' as const, 'resubmit' as const), pick: fc.nat() }),
			fc.record({ kind: fc.constant('answer' as const), pick: fc.nat(), decision: fc.constantFrom(...DECISIONS), goals: fc.constantFrom(0 as const, 1 as const, 2 as const) })
		);
		const teacherOf: Record<string, Actor> = { [w.classA1]: w.people.teacherA1, [w.classA2]: w.people.teacherA2, [w.classB1]: w.people.teacherB };
		const staffOf: Record<string, Actor> = { [w.districtA]: w.people.staffA, [w.districtB]: w.people.staffB };
		const authorOf: Record<string, Actor> = {
			[w.ids.childA1]: w.people.childA1,
			[w.ids.childA2]: w.people.childA2,
			[w.ids.childB]: w.people.childB
		};
		const wanted: Record<Step['kind'], string> = { submit: '', return: 'submitted', approve: 'submitted', resubmit: 'returned', answer: 'approved' };

		await fc.assert(
			fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
				await rolledBack(sql, async (tx) => {
					for (const s of steps) {
						if (s.kind === 'submit') {
							await actAs(tx, w.people[s.child]);
							await submit(tx, proposal({ title: `counted ${s.child}` }));
							continue;
						}
						await asSuperuser(tx);
						const candidates = await tx<{ id: string; class_id: string; district_id: string; author_id: string }[]>`
							select id, class_id, district_id, author_id from public.submissions
							where class_id = any (${[w.classA1, w.classA2, w.classB1]}::uuid[]) and state = ${wanted[s.kind]}::public.submission_state
							  and author_id = any (${[w.ids.childA1, w.ids.childA2, w.ids.childB]}::uuid[])
							order by id`;
						if (candidates.length === 0) continue;
						const c = candidates[s.pick % candidates.length]!;
						const v = await versionOf(tx, c.id);
						if (s.kind === 'return') {
							await actAs(tx, teacherOf[c.class_id]!);
							await tx`select public.return_submission(${c.id}, ${v}, '再想想')`;
						} else if (s.kind === 'approve') {
							await actAs(tx, teacherOf[c.class_id]!);
							await tx`select public.approve_submission(${c.id}, ${v}, '公开标题', '公开问题', '公开建议', '街道', null)`;
						} else if (s.kind === 'resubmit') {
							await actAs(tx, authorOf[c.author_id]!);
							await tx`select public.resubmit_proposal(${c.id}, ${v}, '改好了', '问题', '建议', '街道')`;
						} else if (s.kind === 'answer') {
							const goals = s.goals === 0 ? [w.goal] : s.goals === 1 ? [w.goal2] : [w.goal, w.goal2];
							await actAs(tx, staffOf[c.district_id]!);
							await tx`select public.answer_submission(${c.id}, ${v}, ${s.decision}::public.answer_decision, '答复', ${goals}::uuid[])`;
						}
					}
					expectCountersExact(await countersAndRows(tx));
				});
			}),
			{ numRuns: 25 }
		);
	});

	it('when a published answer changes its decision, or is taken down', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			await tx`update public.published_answers set decision = 'not_feasible' where submission_id = ${subs.answered}`;
			const [link] = await tx`select decision::text from public.published_answer_goals where submission_id = ${subs.answered}`;
			expect(link?.decision).toBe('not_feasible');
			expectCountersExact(await countersAndRows(tx));
			await tx`delete from public.published_answers where submission_id = ${subs.otherDistrictAnswered}`;
			expectCountersExact(await countersAndRows(tx));
		});
	});

	it('when submissions are deleted (e.g. an account with its proposals)', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			await tx`delete from public.submissions where id = any (${[subs.approved, subs.answered]}::uuid[])`;
			expectCountersExact(await countersAndRows(tx));
		});
	});

	it('truncation empties them, and recount rebuilds them from the rows', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			await tx`update public.district_inbox_counts set submissions = submissions + 7`;
			await tx`update public.published_answer_counts set answers = answers + 7`;
			await tx`update public.published_goal_answer_counts set answers = answers + 7`;
			expect((await countersAndRows(tx)).inbox_counters).not.toEqual((await countersAndRows(tx)).inbox_rows);
			await tx`select private.recount_inbox(), private.recount_published_answers()`;
			expectCountersExact(await countersAndRows(tx));
			await tx`truncate public.submissions cascade`;
			const [n] = await tx`select (select count(*) from public.district_inbox_counts)::int as inbox,
				(select count(*) from public.published_answer_counts)::int as editions,
				(select count(*) from public.published_goal_answer_counts)::int as goals`;
			expect({ ...n }).toEqual({ inbox: 0, editions: 0, goals: 0 });
		});
	});
});

describe('who reads which counts', () => {
	/** The caller's rows of a counts relation, as "key=n" (zero rows left out). */
	async function readAs(tx: Tx, who: Actor, query: (t: Tx) => Promise<readonly Record<string, unknown>[]>) {
		await actAs(tx, who);
		return (await query(tx)).map((r) => Object.values(r).join(' ')).sort();
	}
	const inbox = (t: Tx) =>
		t`select district_id, state, submissions from public.district_inbox_counts
			where district_id = any (${[w.districtA, w.districtB]}::uuid[]) and submissions > 0`;

	it('district_inbox_counts: staff their districts, admins all, nobody else', async () => {
		await rolledBack(sql, async (tx) => {
			const a = await readAs(tx, w.people.staffA, inbox);
			expect(a).toEqual([`${w.districtA} answered 1`, `${w.districtA} approved 2`]);
			expect(await readAs(tx, w.people.staffB, inbox)).toEqual([`${w.districtB} answered 1`]);
			expect(await readAs(tx, w.people.admin, inbox)).toHaveLength(3);
			for (const who of ['childA1', 'teacherA1', 'nobody'] as const) {
				expect(await readAs(tx, w.people[who], inbox), who).toEqual([]);
			}
			// Staff see exactly the rows their inbox lists.
			await actAs(tx, w.people.staffA);
			const listed = await tx`select state::text, count(*)::int as n from public.district_inbox where district_id = ${w.districtA} group by 1 order by 1`;
			expect(listed.map((r) => `${w.districtA} ${r.state} ${r.n}`)).toEqual(a);
		});
	});

	it('anon reads the public counts but not the inbox counts', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, ANON);
			const denied = await dbError(tx, (sp) => sp`select * from public.district_inbox_counts`);
			expect(denied.code).toBe('42501');
			const [r] = await tx`select (select count(*) from public.published_answer_counts)::int as e,
				(select count(*) from public.published_goal_answer_counts where goal_id = ${w.goal})::int as g`;
			expect(r!.e).toBeGreaterThan(0);
			expect(r!.g).toBeGreaterThan(0);
		});
	});

	/** "class state n" of a class's non-escalated submissions, counted as superuser. */
	async function classRows(tx: Tx, classId: string) {
		await asSuperuser(tx);
		const rows = await tx`select class_id, state::text, count(*)::int from public.submissions
			where class_id = ${classId} and state <> 'escalated' group by 1, 2`;
		return rows.map((r) => Object.values(r).join(' ')).sort();
	}

	it('class_queue_counts: a teacher their classes only, equal to the queue (escalated ones are not the class’s); children and staff nothing', async () => {
		await rolledBack(sql, async (tx) => {
			const counts = (t: Tx) => t`select class_id, state, submissions from public.class_queue_counts`;
			const expected = await classRows(tx, w.classA1);
			expect(expected.length).toBeGreaterThanOrEqual(4);
			const a1 = await readAs(tx, w.people.teacherA1, counts);
			expect(a1).toEqual(expected);
			await actAs(tx, w.people.teacherA1);
			const queue = await tx`select class_id, state::text, count(*)::int from public.class_queue group by 1, 2`;
			expect(queue.map((r) => Object.values(r).join(' ')).sort()).toEqual(a1);
			// An escalated item of the class is counted nowhere in the class's tabs.
			await asSuperuser(tx);
			const [esc] = await tx`select count(*)::int as n from public.submissions where class_id = ${w.classA1} and state = 'escalated'`;
			if (esc!.n === 0) {
				await tx`update public.submissions set state = 'escalated' where id = ${subs.submitted}`;
				expect(await readAs(tx, w.people.teacherA1, counts)).toEqual(await classRows(tx, w.classA1));
				expect(await readAs(tx, w.people.teacherA1, counts)).not.toEqual(a1);
			}
			expect(await readAs(tx, w.people.teacherB, counts)).toEqual(await classRows(tx, w.classB1));
			for (const who of ['childA1', 'staffA', 'nobody'] as const) expect(await readAs(tx, w.people[who], counts), who).toEqual([]);
		});
	});

	it('my_submission_counts: a child their own only, every state (escalated ones too: the child sees them)', async () => {
		await rolledBack(sql, async (tx) => {
			const counts = (t: Tx) => t`select state, submissions from public.my_submission_counts`;
			const own = async (id: string) => {
				await asSuperuser(tx);
				const rows = await tx`select state::text, count(*)::int from public.submissions where author_id = ${id} group by 1`;
				return rows.map((r) => Object.values(r).join(' ')).sort();
			};
			const mine = await readAs(tx, w.people.childA1, counts);
			expect(mine.length).toBeGreaterThanOrEqual(4);
			expect(mine).toEqual(await own(w.ids.childA1));
			await actAs(tx, w.people.childA1);
			const listed = await tx`select state::text, count(*)::int from public.my_submissions group by 1`;
			expect(listed.map((r) => Object.values(r).join(' ')).sort()).toEqual(mine);
			expect(await readAs(tx, w.people.childA1b, counts)).toEqual(await own(w.ids.childA1b));
			expect(await readAs(tx, w.people.childB, counts)).toEqual(await own(w.ids.childB));
			for (const who of ['teacherA1', 'staffA', 'admin'] as const) expect(await readAs(tx, w.people[who], counts), who).toEqual([]);
		});
	});
});

describe('the columns the ordered pages read', () => {
	it('submissions.answered_at is the answer time, set only when answered; the inbox shows it', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			const rows = await tx`select s.id, s.state::text, s.answered_at, a.created_at
				from public.submissions s left join public.answers a on a.submission_id = s.id
				where s.id = any (${Object.values(subs)}::uuid[])`;
			for (const r of rows) {
				if (r.state === 'answered') expect(r.answered_at, r.id).toEqual(r.created_at);
				else expect(r.answered_at, r.id).toBeNull();
			}
			await actAs(tx, w.people.staffA);
			const [row] = await tx`select answered_at from public.district_inbox where id = ${subs.answered}`;
			expect(row?.answered_at).toEqual(rows.find((r) => r.id === subs.answered)!.created_at);
		});
	});

	it('goal links carry their answer’s decision and time, whatever an insert says', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			await tx`insert into public.published_answer_goals (submission_id, goal_id, decision, answered_at)
				select ${subs.answered}, id, 'referred', '2000-01-01' from public.ledger_goals where edition = 2023 and code = 'POL-01'`;
			const rows = await tx`select pg.decision::text, pg.answered_at, pa.decision::text as d, pa.answered_at as t
				from public.published_answer_goals pg join public.published_answers pa using (submission_id)
				where pg.submission_id = ${subs.answered}`;
			expect(rows.length).toBe(2);
			for (const r of rows) expect([r.decision, r.answered_at]).toEqual([r.d, r.t]);
		});
	});

	it('a child cannot learn other children’s totals through an unknown district or class id', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const rows = await tx`select * from public.class_queue_counts where class_id = ${w.classA1}`;
			expect(rows).toEqual([]);
			const inboxRows = await tx`select * from public.district_inbox_counts where district_id = ${w.districtA}`;
			expect(inboxRows).toEqual([]);
		});
	});
});
