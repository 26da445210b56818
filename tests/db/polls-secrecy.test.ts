/**
 * Polls: the secret ballot and the results (migration 20261130010000). Nobody reads who voted for
 * what through the Data API (every role, the catalog); 50 parallel ballots of one child store one;
 * results apply the minimum cell size and the live-or-after-close rule for every reader; the
 * sharded counters agree with the ballot box (recount).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, actAs, asSuperuser, connect, createWorld, dbError, one, rolledBack, type Actor, type Sql, type Tx, type World } from './helpers';
import { addChildren, openPoll, optionIds, pollVersion, vote } from './poll-fixtures';

let sql: Sql;
let w: World;
/** 12 more children in class A1 (10-13) and 10 in A2 (6-9), committed. */
let a1: Actor[];
let a2: Actor[];

const cases = JSON.parse(
	readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'cases', 'polls.json'), 'utf8')
) as { id: string; poll: { options: string[]; min_cell_size?: number } }[];
const theCase = (id: string) => cases.find((c) => c.id === id)!;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
	a1 = await addChildren(sql, w.classA1, 12, 100);
	a2 = await addChildren(sql, w.classA2, 10, 100);
});

afterAll(async () => {
	await sql?.end();
});

interface ResultRow {
	state: string;
	voters: string;
	withheld: string | null;
	option_id: string;
	position: number;
	label: string;
	votes: string | null;
}

async function results(tx: Tx, who: Actor, pollId: string): Promise<ResultRow[]> {
	await actAs(tx, who);
	return tx<ResultRow[]>`select * from public.poll_results(${pollId})`;
}

const counts = (rows: ResultRow[]) => rows.map((r) => (r.votes === null ? null : Number(r.votes)));

async function close(tx: Tx, creator: Actor, pollId: string) {
	await actAs(tx, creator);
	await tx`select public.close_poll_early(${pollId}, ${await pollVersion(tx, pollId)})`;
}

describe('the secret ballot', () => {
	it('the ballot box and the turnout are not readable by any role (the ballot-secrecy case)', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await openPoll(tx, { scope: 'class', area: w.classA1, options: theCase('ballot-secrecy').poll.options });
			const [a] = await optionIds(tx, p);
			await vote(tx, w.people.childA1, p, [a!]);
			const everyone: [string, Actor][] = [
				['child (the voter)', w.people.childA1], ['classmate', w.people.childA1b], ['class teacher', w.people.teacherA1],
				['staff', w.people.staffA], ['admin', w.people.admin], ['safeguarding lead', w.people.leadA], ['anon', ANON],
				['no role', w.people.nobody]
			];
			for (const [name, who] of everyone) {
				for (const table of ['poll_ballots', 'poll_turnout', 'poll_tally', 'poll_turnout_tally']) {
					await actAs(tx, who);
					const e = await dbError(tx, (sp) => sp.unsafe(`select * from private.${table}`));
					expect(e.code, `${name} reading private.${table}`).toBe('42501');
				}
				// The private helpers that could tell are not callable either.
				await actAs(tx, who);
				expect((await dbError(tx, (sp) => sp`select * from private.recount_poll(${p})`)).code, name).toBe('42501');
			}
			// The voter learns only that they voted; a classmate not even that.
			await actAs(tx, w.people.childA1);
			expect(one(await tx<{ voted: boolean }[]>`select voted from public.poll_list where id = ${p}`).voted).toBe(true);
			await actAs(tx, w.people.childA1b);
			expect(one(await tx<{ voted: boolean }[]>`select voted from public.poll_list where id = ${p}`).voted).toBe(false);
			// Aggregates after closing: visible (here withheld as too few, but readable).
			await close(tx, w.people.teacherA1, p);
			for (const who of [w.people.childA1, w.people.teacherA1, w.people.staffA, w.people.admin]) {
				const r = await results(tx, who, p);
				expect(r.map((x) => x.state)).toEqual(['closed', 'closed']);
				expect(r[0]!.voters).toBe('1');
			}
		}));

	it('the catalog: nothing exposed holds a voter with a choice; a ballot has no voter, time or sequence', async () => {
		// No relation in public has a column naming a voter.
		const cols = await sql`select table_name, column_name from information_schema.columns
			where table_schema = 'public' and (column_name like '%voter%' or column_name like '%ballot%')`;
		expect(cols).toEqual([]);
		// The ballot box's columns, and that its id is random.
		const ballot = await sql`select column_name, data_type, column_default from information_schema.columns
			where table_schema = 'private' and table_name = 'poll_ballots' order by ordinal_position`;
		expect(ballot.map((c) => `${c.column_name} ${c.data_type}`)).toEqual([
			'id uuid', 'poll_id uuid', 'age_band USER-DEFINED', 'option_ids ARRAY', 'school_id uuid'
		]);
		expect(ballot[0]!.column_default).toBe('gen_random_uuid()');
		// The API roles have no privilege at all on the private tables.
		const privs = await sql`select c.relname, r.rolname from pg_class c join pg_namespace n on n.oid = c.relnamespace
			cross join (values ('anon'), ('authenticated'), ('service_role')) r (rolname)
			where n.nspname = 'private' and c.relname like 'poll%' and c.relkind = 'r'
			  and has_table_privilege(r.rolname, c.oid, 'SELECT, INSERT, UPDATE, DELETE')`;
		expect(privs).toEqual([]);
		// No public function returns or takes a voter id: results and lists are aggregates.
		const fns = await sql`select p.proname, pg_get_function_result(p.oid) as result from pg_proc p
			join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname like '%poll%'`;
		for (const f of fns) expect(f.result, f.proname).not.toMatch(/voter_id|student|author/);
	});

	it('50 parallel ballots of one child store one; the others get already_voted, never another error', async () => {
		const p = await sql.begin(async (tx) => {
			await actAs(tx, w.people.teacherA1);
			return openPoll(tx, { scope: 'class', area: w.classA1, options: theCase('double-vote-race').poll.options });
		});
		const [a, b, c] = await sql<{ id: string }[]>`select id from public.poll_options where poll_id = ${p} order by position`;
		const pool = postgres(process.env.CV_DB_URL!, { max: 50, onnotice: () => {} });
		try {
			const child = a1[0]!;
			const outcomes = await Promise.all(
				Array.from({ length: 50 }, (_, i) =>
					pool
						.begin(async (tx) => {
							await actAs(tx, child);
							await tx`select public.cast_ballot(${p}, 2, ${[[a, b, c][i % 3]!.id]}::uuid[])`;
						})
						.then(
							() => 'ok',
							(e: { code?: string; message?: string }) => `${e.code} ${e.message}`
						)
				)
			);
			expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
			expect(outcomes.filter((o) => o !== 'ok')).toEqual(Array(49).fill('PT409 already_voted'));
			// Ten other children, five requests each, at the same moment: one ballot each.
			const kids = a1.slice(1, 11);
			const more = await Promise.all(
				kids.flatMap((kid) =>
					Array.from({ length: 5 }, () =>
						pool
							.begin(async (tx) => {
								await actAs(tx, kid);
								await tx`select public.cast_ballot(${p}, 2, ${[a!.id]}::uuid[])`;
							})
							.then(() => 'ok', (e: { code?: string; message?: string }) => `${e.code} ${e.message}`)
					)
				)
			);
			expect(more.filter((o) => o === 'ok')).toHaveLength(10);
			expect(new Set(more.filter((o) => o !== 'ok'))).toEqual(new Set(['PT409 already_voted']));
			const [n] = await sql`select (select count(*)::int from private.poll_turnout where poll_id = ${p}) as turnout,
				(select count(*)::int from private.poll_ballots where poll_id = ${p}) as ballots,
				(select coalesce(sum(voters), 0)::int from private.poll_turnout_tally where poll_id = ${p}) as tallied`;
			expect({ ...n }).toEqual({ turnout: 11, ballots: 11, tallied: 11 });
			expect(await sql`select * from private.recount_poll(${p})`).toEqual([]);
			expect(one(await sql<{ ok: boolean }[]>`select private.check_poll_turnout(${p}) as ok`).ok).toBe(true);
		} finally {
			await pool.end();
		}
	});
});

describe('results', () => {
	it('small cells hidden (the shared case): 3 children all for Park A → withheld as too few, for every reader', () =>
		rolledBack(sql, async (tx) => {
			const c = theCase('small-cells-hidden');
			await actAs(tx, w.people.teacherA1);
			const p = await openPoll(tx, { scope: 'class', area: w.classA1, options: c.poll.options, minCell: c.poll.min_cell_size });
			const [parkA] = await optionIds(tx, p);
			for (const kid of a1.slice(0, 3)) await vote(tx, kid, p, [parkA!]);
			await close(tx, w.people.teacherA1, p);
			for (const who of [a1[0]!, w.people.teacherA1, w.people.staffA, w.people.admin]) {
				const r = await results(tx, who, p);
				expect(r.map((x) => x.withheld)).toEqual(['too_few', 'too_few', 'too_few']);
				expect(counts(r)).toEqual([null, null, null]);
				expect(r[0]!.voters).toBe('3');
			}
		}));

	it('the minimum cell size: total and every option cell must reach it, else all counts are withheld', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const four = await openPoll(tx, { scope: 'class', area: w.classA1, options: ['A', 'B'] });
			const unanimous = await openPoll(tx, { scope: 'class', area: w.classA1, options: ['A', 'B'] });
			const lopsided = await openPoll(tx, { scope: 'class', area: w.classA1, options: ['A', 'B'] });
			const even = await openPoll(tx, { scope: 'class', area: w.classA1, options: ['A', 'B'] });
			const three = await openPoll(tx, { scope: 'class', area: w.classA1, options: ['A', 'B'], minCell: 3 });
			const cast = async (id: string, pattern: number[]) => {
				const o = await optionIds(tx, id);
				for (const [i, choice] of pattern.entries()) await vote(tx, a1[i]!, id, [o[choice]!]);
				await close(tx, w.people.teacherA1, id);
				return results(tx, w.people.teacherA1, id);
			};
			const r4 = await cast(four, [0, 0, 1, 1]);
			expect([r4[0]!.withheld, counts(r4)]).toEqual(['too_few', [null, null]]);
			const r5 = await cast(unanimous, [0, 0, 0, 0, 0]); // B has 0: showing A = 5 would tell every vote
			expect([r5[0]!.withheld, counts(r5)]).toEqual(['small_cells', [null, null]]);
			const r9 = await cast(lopsided, [0, 0, 0, 0, 0, 0, 0, 0, 1]);
			expect([r9[0]!.withheld, counts(r9)]).toEqual(['small_cells', [null, null]]);
			const r10 = await cast(even, [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
			expect([r10[0]!.withheld, counts(r10)]).toEqual([null, [5, 5]]);
			const r6 = await cast(three, [0, 0, 0, 1, 1, 1]);
			expect([r6[0]!.withheld, counts(r6)]).toEqual([null, [3, 3]]);
		}));

	it('before closing: nothing unless the poll shows live results — for every reader, the creator and admins too', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const afterClose = await openPoll(tx, { scope: 'class', area: w.classA1, options: ['A', 'B'] });
			const live = await openPoll(tx, { scope: 'class', area: w.classA1, options: ['A', 'B'], live: true });
			for (const id of [afterClose, live]) {
				const o = await optionIds(tx, id);
				for (const [i, kid] of a1.slice(0, 10).entries()) await vote(tx, kid, id, [o[i % 2]!]);
			}
			for (const who of [a1[0]!, w.people.teacherA1, w.people.staffA, w.people.admin]) {
				const hidden = await results(tx, who, afterClose);
				expect(hidden.map((r) => [r.state, r.withheld, r.votes])).toEqual([['open', 'not_yet', null], ['open', 'not_yet', null]]);
				expect(hidden[0]!.voters).toBe('10'); // turnout is always shown
				await actAs(tx, who);
				expect(await tx`select * from public.poll_breakdown(${afterClose})`).toEqual([]);
				expect(counts(await results(tx, who, live))).toEqual([5, 5]);
			}
			await close(tx, w.people.teacherA1, afterClose);
			expect(counts(await results(tx, a1[0]!, afterClose))).toEqual([5, 5]);
		}));

	it('a draft or scheduled poll shows no counts; a poll the caller cannot read is not found', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const scheduled = await openPoll(tx, { scope: 'class', area: w.classA1, opensIn: '1 hour', closesIn: '2 hours', live: true });
			expect((await results(tx, w.people.teacherA1, scheduled)).map((r) => r.withheld)).toEqual(['not_yet', 'not_yet', 'not_yet']);
			for (const who of [w.people.childA2, w.people.childB, w.people.teacherB, w.people.staffB, ANON, w.people.nobody]) {
				await actAs(tx, who);
				expect(await dbError(tx, (sp) => sp`select * from public.poll_results(${scheduled})`)).toEqual({ code: 'PT404', message: 'not_found' });
				expect(await dbError(tx, (sp) => sp`select * from public.poll_breakdown(${scheduled})`)).toEqual({ code: 'PT404', message: 'not_found' });
			}
		}));

	it('poll_results answers exactly the people the select rule of polls lets read the poll', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const polls = [
				await openPoll(tx, { scope: 'class', area: w.classA1 }),
				await openPoll(tx, { scope: 'school', area: w.schoolA, bands: ['6-9'] })
			];
			await actAs(tx, w.people.staffB);
			polls.push(await openPoll(tx, { scope: 'district', area: w.districtB }));
			await actAs(tx, w.people.admin);
			polls.push(await openPoll(tx, { scope: 'city', bands: ['14-17'] }));
			for (const who of Object.values(w.people)) {
				for (const id of polls) {
					await actAs(tx, who);
					const rls = (await tx`select 1 from public.polls where id = ${id}`).length === 1;
					let fn = true;
					try {
						await tx.savepoint((sp) => sp`select * from public.poll_results(${id})`);
					} catch {
						fn = false;
					}
					expect(fn, `${JSON.stringify(who)} ${id}`).toBe(rls);
				}
			}
		}));

	it('anon reads closed city and district polls (list and results), nothing else', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.staffA);
			const district = await openPoll(tx, { scope: 'district', area: w.districtA, goals: [w.goal] });
			const stillOpen = await openPoll(tx, { scope: 'district', area: w.districtA, goals: [w.goal] });
			await actAs(tx, w.people.teacherA1);
			const classPoll = await openPoll(tx, { scope: 'class', area: w.classA1, goals: [w.goal] });
			await close(tx, w.people.teacherA1, classPoll);
			await close(tx, w.people.staffA, district);
			await actAs(tx, ANON);
			const listed = await tx<{ id: string; total: string }[]>`select id, total from public.public_polls(${w.goal}, 50, 0)`;
			expect(listed.map((r) => r.id)).toContain(district);
			expect(listed.map((r) => r.id)).not.toContain(stillOpen);
			expect(listed.map((r) => r.id)).not.toContain(classPoll);
			expect((await tx`select * from public.poll_results(${district})`).length).toBe(3);
			expect((await dbError(tx, (sp) => sp`select * from public.poll_results(${classPoll})`)).code).toBe('PT404');
			expect((await dbError(tx, (sp) => sp`select * from public.poll_results(${stillOpen})`)).code).toBe('PT404');
			expect((await dbError(tx, (sp) => sp`select * from public.public_polls(null, 51, 0)`)).message).toBe('field_invalid:range');
		}));

	it('breakdown by age band: only when at least two bands voted and every cell reaches the minimum', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const shown = await openPoll(tx, { scope: 'school', area: w.schoolA, options: ['A', 'B'] });
			const withheld = await openPoll(tx, { scope: 'school', area: w.schoolA, options: ['A', 'B'] });
			const o1 = await optionIds(tx, shown);
			const o2 = await optionIds(tx, withheld);
			for (const [i, kid] of [...a1.slice(0, 10), ...a2.slice(0, 10)].entries()) {
				await vote(tx, kid, shown, [o1[i % 2]!]);
				// In `withheld`, the 6-9 band splits 6 / 4.
				await vote(tx, kid, withheld, [o2[i < 10 ? i % 2 : i < 16 ? 0 : 1]!]);
			}
			await close(tx, w.people.teacherA1, shown);
			await close(tx, w.people.teacherA1, withheld);
			await actAs(tx, w.people.staffA);
			const rows = await tx`select age_band, voters::int, votes::int from public.poll_breakdown(${shown})`;
			expect(rows.map((r) => `${r.age_band} ${r.voters} ${r.votes}`)).toEqual(['6-9 10 5', '6-9 10 5', '10-13 10 5', '10-13 10 5']);
			expect(await tx`select * from public.poll_breakdown(${withheld})`).toEqual([]);
			expect(counts(await results(tx, w.people.staffA, withheld))).toEqual([11, 9]); // the totals still show
		}));
});

describe('the tally', () => {
	it('sharded counters equal the ballot box (recount), and a difference is found and repaired', async () => {
		const p = await sql.begin(async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const id = await openPoll(tx, { scope: 'class', area: w.classA1, kind: 'multiple', maxChoices: 2, options: ['A', 'B', 'C'] });
			const o = await optionIds(tx, id);
			for (const [i, kid] of a1.entries()) await vote(tx, kid, id, i % 3 === 0 ? [o[0]!, o[1]!] : [o[i % 3]!]);
			return id;
		});
		await asSuperuserCheck(p);
	});
});

async function asSuperuserCheck(p: string) {
	expect(await sql`select * from private.recount_poll(${p})`).toEqual([]);
	const [shards] = await sql`select count(distinct shard)::int as n from private.poll_turnout_tally where poll_id = ${p}`;
	expect(shards!.n).toBeGreaterThan(1); // 12 ballots over 16 shards: not all in one row
	await sql.begin(async (tx) => {
		await asSuperuser(tx);
		await tx`update private.poll_tally set votes = votes + 1 where ctid = (select ctid from private.poll_tally where poll_id = ${p} limit 1)`;
		expect((await tx`select * from private.recount_poll(${p})`).length).toBeGreaterThan(0);
		await tx`select private.rebuild_poll_tally(${p})`;
		expect(await tx`select * from private.recount_poll(${p})`).toEqual([]);
	});
}
