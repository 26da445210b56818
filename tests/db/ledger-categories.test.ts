/**
 * The public ledger's summary per category (20261130130000): published_answer_categories,
 * ledger_answered_goals and ledger_category_counts always equal what the rows say, after any
 * sequence of the people's actions (answer with goals of one or two categories, progress updates,
 * a decision changed, an answer taken down, a goal moved to another category by a re-import);
 * anon reads them and the category polls, never a child's account id, and writes nothing.
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
	type World
} from './helpers';

let sql: Sql;
let w: World;
/** A third goal in the same category as w.goal (SPC-06): an answer to both is one answer of the category. */
let goal3: string;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
	await createSubmissions(sql, w);
	goal3 = one(await sql<{ id: string }[]>`select id from public.ledger_goals where edition = 2023 and code = 'SPC-01'`, 'goal SPC-01').id;
});

afterAll(async () => {
	await sql?.end();
});

const DECISIONS = ['adopted', 'partly_adopted', 'under_study', 'not_feasible', 'referred'] as const;
const STAGES = ['planned', 'in_progress', 'done', 'not_possible'] as const;
const CATEGORIES = ['policy', 'service', 'rights', 'space', 'environment'] as const;

/**
 * The three kept relations and the same numbers counted from the rows (published_answers,
 * published_answer_goals, ledger_goals), in one statement, as "key=values" strings, sorted; all-zero
 * counter rows are left out.
 */
async function keptAndCounted(tx: Tx) {
	await asSuperuser(tx);
	const [r] = await tx<{ counters: string[]; counted: string[]; rows: string[]; rows_counted: string[]; goals: string[]; goals_counted: string[] }[]>`
		with links as (
			select pa.submission_id, pa.decision, pa.progress_stage, pa.answered_at, g.id as goal_id, g.edition, g.category
			from public.published_answers pa
			join public.published_answer_goals pg on pg.submission_id = pa.submission_id
			join public.ledger_goals g on g.id = pg.goal_id)
		select
			(select coalesce(array_agg(c.edition || ' ' || c.category || '=' || c.goals_with_answers || ',' || c.answers || ',' || c.adopted || ',' || c.done order by 1), '{}')
			   from public.ledger_category_counts c where c.goals_with_answers + c.answers + c.adopted + c.done > 0) as counters,
			(select coalesce(array_agg(x order by x), '{}') from (
			   select l.edition || ' ' || l.category || '=' || count(distinct l.goal_id) || ',' || count(distinct l.submission_id) || ','
			     || count(distinct l.submission_id) filter (where l.decision in ('adopted', 'partly_adopted')) || ','
			     || count(distinct l.submission_id) filter (where l.progress_stage = 'done') as x
			   from links l group by l.edition, l.category) q) as counted,
			(select coalesce(array_agg(pc.submission_id || ' ' || pc.edition || ' ' || pc.category || ' ' || pc.decision || ' ' || pc.done || ' ' || pc.answered_at || ' ' || pc.goals), '{}')
			   from public.published_answer_categories pc) as rows,
			(select coalesce(array_agg(x order by x), '{}') from (
			   select l.submission_id || ' ' || l.edition || ' ' || l.category || ' ' || l.decision || ' ' || coalesce(l.progress_stage = 'done', false) || ' ' || l.answered_at || ' ' || count(*) as x
			   from links l group by l.submission_id, l.edition, l.category, l.decision, l.progress_stage, l.answered_at) q) as rows_counted,
			(select coalesce(array_agg(a.goal_id || ' ' || a.edition || ' ' || a.category), '{}') from public.ledger_answered_goals a) as goals,
			(select coalesce(array_agg(distinct l.goal_id || ' ' || l.edition || ' ' || l.category), '{}') from links l) as goals_counted`;
	return r!;
}

function expectKeptExact(r: Awaited<ReturnType<typeof keptAndCounted>>) {
	const sorted = (xs: string[]) => [...xs].sort();
	expect(sorted(r.counters)).toEqual(sorted(r.counted));
	expect(sorted(r.rows)).toEqual(sorted(r.rows_counted));
	expect(sorted(r.goals)).toEqual(sorted(r.goals_counted));
}

/** Run `fn` in a savepoint: kept if it succeeds, rolled back if Postgres refuses it. */
async function attempt(tx: Tx, fn: (sp: Tx) => Promise<unknown>): Promise<void> {
	try {
		await tx.savepoint(async (sp) => {
			await fn(sp as unknown as Tx);
		});
	} catch (e) {
		if (typeof (e as { code?: unknown }).code !== 'string') throw e;
	}
}

async function versionOf(tx: Tx, id: string): Promise<number> {
	await asSuperuser(tx);
	return one(await tx<{ version: number }[]>`select version from public.submissions where id = ${id}`).version;
}

/** A new proposal of `child`, approved by its teacher: an item staff can answer. */
async function approvedItem(tx: Tx, child: 'childA1' | 'childB'): Promise<string> {
	await actAs(tx, w.people[child]);
	const id = await submit(tx, proposal({ title: `ledger ${child}` }));
	const v = await versionOf(tx, id);
	await actAs(tx, child === 'childA1' ? w.people.teacherA1 : w.people.teacherB);
	await tx`select public.approve_submission(${id}, ${v}, '公开标题', '公开问题', '公开建议', '街道', null)`;
	return id;
}

describe('the category counters equal the rows', () => {
	it('after the world was made, and the seed', async () => {
		await rolledBack(sql, async (tx) => {
			const r = await keptAndCounted(tx);
			expect(r.counted.length).toBeGreaterThanOrEqual(1);
			expectKeptExact(r);
		});
	});

	it('an answer to two goals of one category is one answer of it, two goals with input', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			const before = one(await tx<{ g: number; a: number; ad: number }[]>`
				select coalesce(sum(goals_with_answers), 0)::int as g, coalesce(sum(answers), 0)::int as a, coalesce(sum(adopted), 0)::int as ad
				from public.ledger_category_counts where edition = 2023 and category = 'space'`);
			await tx`delete from public.published_answer_goals where goal_id = any (${[w.goal, goal3]}::uuid[])`;
			const cleared = one(await tx<{ g: number; a: number }[]>`
				select coalesce(sum(goals_with_answers), 0)::int as g, coalesce(sum(answers), 0)::int as a
				from public.ledger_category_counts where edition = 2023 and category = 'space'`);
			const id = await approvedItem(tx, 'childA1');
			const v = await versionOf(tx, id);
			await actAs(tx, w.people.staffA);
			await tx`select public.answer_submission(${id}, ${v}, 'adopted', '我们会做。', ${[w.goal, goal3]}::uuid[])`;
			await asSuperuser(tx);
			const after = one(await tx<{ g: number; a: number; ad: number }[]>`
				select goals_with_answers as g, answers as a, adopted as ad from public.ledger_category_counts where edition = 2023 and category = 'space'`);
			expect(after.g).toBe(cleared.g + 2);
			expect(after.a).toBe(cleared.a + 1);
			expect(before.ad).toBeGreaterThanOrEqual(0);
			const listed = await tx`select submission_id from public.public_category_answers where edition = 2023 and category = 'space' and submission_id = ${id}`;
			expect(listed).toHaveLength(1);
			expectKeptExact(await keptAndCounted(tx));
		});
	});

	it('after any sequence of the people’s actions (property)', async () => {
		type Step =
			| { kind: 'answer'; child: 'childA1' | 'childB'; decision: (typeof DECISIONS)[number]; goals: 0 | 1 | 2 | 3 }
			| { kind: 'progress'; pick: number; stage: (typeof STAGES)[number] }
			| { kind: 'decide'; pick: number; decision: (typeof DECISIONS)[number] }
			| { kind: 'takedown'; pick: number }
			| { kind: 'move'; goal: 0 | 1 | 2; category: (typeof CATEGORIES)[number] };
		const step: fc.Arbitrary<Step> = fc.oneof(
			fc.record({
				kind: fc.constant('answer' as const),
				child: fc.constantFrom('childA1' as const, 'childB' as const),
				decision: fc.constantFrom(...DECISIONS),
				goals: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const)
			}),
			fc.record({ kind: fc.constant('progress' as const), pick: fc.nat(), stage: fc.constantFrom(...STAGES) }),
			fc.record({ kind: fc.constant('decide' as const), pick: fc.nat(), decision: fc.constantFrom(...DECISIONS) }),
			fc.record({ kind: fc.constant('takedown' as const), pick: fc.nat() }),
			fc.record({ kind: fc.constant('move' as const), goal: fc.constantFrom(0 as const, 1 as const, 2 as const), category: fc.constantFrom(...CATEGORIES) })
		);
		const goalSets = () => [[w.goal], [w.goal2], [w.goal, w.goal2], [w.goal, goal3]];
		const staffOf: Record<string, Actor> = { childA1: w.people.staffA, childB: w.people.staffB };

		await fc.assert(
			fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
				await rolledBack(sql, async (tx) => {
					for (const s of steps) {
						if (s.kind === 'answer') {
							const id = await approvedItem(tx, s.child);
							const v = await versionOf(tx, id);
							await actAs(tx, staffOf[s.child]!);
							await tx`select public.answer_submission(${id}, ${v}, ${s.decision}::public.answer_decision, '答复', ${goalSets()[s.goals]!}::uuid[])`;
							continue;
						}
						if (s.kind === 'move') {
							await asSuperuser(tx);
							await tx`update public.ledger_goals set category = ${s.category}::public.ledger_category where id = ${[w.goal, w.goal2, goal3][s.goal]!}`;
							continue;
						}
						await asSuperuser(tx);
						const candidates = await tx<{ id: string; district_id: string }[]>`
							select s.id, s.district_id from public.submissions s
							join public.published_answers pa on pa.submission_id = s.id
							where s.district_id = any (${[w.districtA, w.districtB]}::uuid[])
							order by s.id`;
						if (candidates.length === 0) continue;
						const c = candidates[s.pick % candidates.length]!;
						if (s.kind === 'progress') {
							// Refused steps (not followed up, backwards, final) change nothing: that is checked too.
							const v = await versionOf(tx, c.id);
							await actAs(tx, c.district_id === w.districtA ? w.people.staffA : w.people.staffB);
							await attempt(tx, (sp) => sp`select public.add_progress_update(${c.id}, ${v}, ${s.stage}::public.progress_stage, '进展')`);
						} else if (s.kind === 'decide') {
							await tx`update public.published_answers set decision = ${s.decision}::public.answer_decision where submission_id = ${c.id}`;
						} else {
							await tx`delete from public.published_answers where submission_id = ${c.id}`;
						}
					}
					expectKeptExact(await keptAndCounted(tx));
				});
			}),
			{ numRuns: 25 }
		);
	});

	it('recount rebuilds them from the rows; truncation empties them', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			await tx`update public.ledger_category_counts set answers = answers + 7`;
			await tx`delete from public.ledger_answered_goals`;
			const broken = await keptAndCounted(tx);
			expect([...broken.counters].sort()).not.toEqual([...broken.counted].sort());
			expect([...broken.goals].sort()).not.toEqual([...broken.goals_counted].sort());
			await tx`select private.recount_ledger_categories()`;
			expectKeptExact(await keptAndCounted(tx));
			await tx`truncate public.published_answers cascade`;
			const [n] = await tx`select (select count(*) from public.ledger_category_counts)::int as c,
				(select count(*) from public.ledger_answered_goals)::int as g,
				(select count(*) from public.published_answer_categories)::int as r`;
			expect({ ...n }).toEqual({ c: 0, g: 0, r: 0 });
		});
	});
});

describe('who reads them', () => {
	const RELATIONS = ['published_answer_categories', 'ledger_answered_goals', 'ledger_category_counts', 'public_category_answers'] as const;

	it('anon reads every row, and no value in them is an account id', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			const accounts = (await tx<{ id: string }[]>`select id from auth.users`).map((r) => r.id);
			const everything = one(await tx<{ n: number }[]>`select count(*)::int as n from public.published_answer_categories`).n;
			expect(accounts.length).toBeGreaterThan(5);
			await actAs(tx, ANON);
			for (const rel of RELATIONS) {
				const rows = await tx.unsafe(`select to_jsonb(x) as j from public.${rel} x`);
				expect(rows.length, rel).toBeGreaterThan(0);
				const text = JSON.stringify(rows);
				for (const id of accounts) expect(text.includes(id), `${rel} holds account ${id}`).toBe(false);
			}
			expect((await tx.unsafe(`select 1 from public.published_answer_categories`)).length).toBe(everything);
		});
	});

	it('anon pages a category’s answers newest first, each once, ties by submission id, exactly as the rows say', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			// Two answer times only, so most of the order is the tie-break the page relies on.
			await tx`update public.published_answers
				set answered_at = case when get_byte(uuid_send(submission_id), 15) % 2 = 0 then timestamptz '2026-03-01 10:00+08' else timestamptz '2026-02-01 10:00+08' end
				where edition = 2023`;
			let longest = 0;
			for (const category of CATEGORIES) {
				await asSuperuser(tx);
				const expected = (
					await tx<{ id: string }[]>`
						select pa.submission_id as id
						from public.published_answers pa
						where pa.edition = 2023 and exists (
							select 1 from public.published_answer_goals pg join public.ledger_goals g on g.id = pg.goal_id
							where pg.submission_id = pa.submission_id and g.edition = 2023 and g.category = ${category}::public.ledger_category)
						order by pa.answered_at desc, pa.submission_id`
				).map((r) => r.id);
				longest = Math.max(longest, expected.length);
				await actAs(tx, ANON);
				const paged: string[] = [];
				for (let from = 0; ; from += 2) {
					const page = await tx<{ submission_id: string }[]>`
						select submission_id from public.public_category_answers
						where edition = 2023 and category = ${category}::public.ledger_category
						order by answered_at desc, submission_id limit 2 offset ${from}`;
					paged.push(...page.map((r) => r.submission_id));
					if (page.length < 2) break;
				}
				expect(paged, category).toEqual(expected);
			}
			expect(longest).toBeGreaterThanOrEqual(3);
		});
	});

	it('anon, children and staff write none of them', async () => {
		for (const who of [ANON, w.people.childA1, w.people.staffA, w.people.admin]) {
			await rolledBack(sql, async (tx) => {
				await actAs(tx, who);
				const e = await dbError(tx, (sp) => sp`update public.ledger_category_counts set answers = answers + 1`);
				expect(e.code).toBe('42501');
				const d = await dbError(tx, (sp) => sp`delete from public.published_answer_categories`);
				expect(d.code).toBe('42501');
				const i = await dbError(tx, (sp) => sp`insert into public.ledger_answered_goals (goal_id, edition, category) values (${w.goal2}, 2023, 'policy')`);
				expect(i.code).toBe('42501');
			});
		}
	});

	it('public_category_polls lists the closed public polls of the category’s goals, as public_polls does per goal', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			const cats = await tx<{ edition: number; category: string }[]>`
				select distinct g.edition, g.category::text from public.poll_goals pg join public.ledger_goals g on g.id = pg.goal_id`;
			expect(cats.length).toBeGreaterThan(0);
			for (const c of cats) {
				const goals = await tx<{ id: string }[]>`select id from public.ledger_goals where edition = ${c.edition} and category = ${c.category}::public.ledger_category`;
				await actAs(tx, ANON);
				const expected = new Set<string>();
				for (const g of goals) for (const p of await tx<{ id: string }[]>`select id from public.public_polls(${g.id}, 50, 0)`) expected.add(p.id);
				const listed = await tx<{ id: string; total: string }[]>`select id, total from public.public_category_polls(${c.edition}::smallint, ${c.category}::public.ledger_category, 50, 0)`;
				expect(listed.map((p) => p.id).sort(), `${c.edition} ${c.category}`).toEqual([...expected].sort());
				if (listed.length) expect(Number(listed[0]!.total)).toBe(listed.length);
			}
			await actAs(tx, ANON);
			const bad = await dbError(tx, (sp) => sp`select * from public.public_category_polls(2023::smallint, 'space', 51, 0)`);
			expect(bad.message).toBe('field_invalid:range');
		});
	});
});
