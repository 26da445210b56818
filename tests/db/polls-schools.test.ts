/**
 * Polls: the breakdown by school (migration 20261130041000). Community, district and city polls
 * only; a school is shown only when its voters and every option cell reach the minimum; the whole
 * breakdown is withheld when the schools not shown, together, would reveal a small cell
 * (complementary disclosure); the same readers as poll_results, anon only for closed city and
 * district polls; nobody reads the school counters; the recount covers them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, actAs, asSuperuser, connect, createWorld, dbError, one, rolledBack, type Actor, type Sql, type Tx, type World } from './helpers';
import { addChildren, createCommunity, openPoll, optionIds, pollVersion, vote } from './poll-fixtures';

let sql: Sql;
let w: World;
/** Children of school A (class A1), and of two more schools C and D in district A. */
let inA: Actor[];
let inC: Actor[];
let inD: Actor[];
let schoolC: string;
let schoolD: string;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
	inA = await addChildren(sql, w.classA1, 10, 200);
	const c = await createCommunity(sql, w.districtA, w.tag + 'SC');
	const d = await createCommunity(sql, w.districtA, w.tag + 'SD');
	schoolC = c.school;
	schoolD = d.school;
	inC = await addChildren(sql, c.class, 6, 200);
	inD = await addChildren(sql, d.class, 6, 200);
});

afterAll(async () => {
	await sql?.end();
});

interface Row {
	withheld: string | null;
	school_id: string | null;
	school_name_zh: string | null;
	school_name_en: string | null;
	voters: string | null;
	option_id: string | null;
	votes: string | null;
}

async function breakdown(tx: Tx, who: Actor, pollId: string): Promise<Row[]> {
	await actAs(tx, who);
	return tx<Row[]>`select * from public.poll_school_breakdown(${pollId})`;
}

/** "school voters votes" per row, schools named A/C/D; or the withheld code. */
function shape(rows: Row[]): string[] {
	const name = (id: string | null) => (id === w.schoolA ? 'A' : id === schoolC ? 'C' : id === schoolD ? 'D' : '?');
	return rows.map((r) => (r.withheld ? `withheld ${r.withheld}` : `${name(r.school_id)} ${r.voters} ${r.votes}`));
}

/** A district poll of district A (options A, B), children voting by pattern ('A' / 'B' per child). */
async function districtPoll(tx: Tx, minCell: number, votes: [Actor[], string][], opts: { live?: boolean; close?: boolean } = {}) {
	await actAs(tx, w.people.staffA);
	const p = await openPoll(tx, { scope: 'district', area: w.districtA, options: ['A', 'B'], minCell, live: opts.live });
	const [a, b] = await optionIds(tx, p);
	for (const [kids, pattern] of votes) {
		for (const [i, kid] of kids.entries()) await vote(tx, kid, p, [pattern[i] === 'A' ? a! : b!]);
	}
	if (opts.close !== false) {
		await actAs(tx, w.people.staffA);
		await tx`select public.close_poll_early(${p}, ${await pollVersion(tx, p)})`;
	}
	return p;
}

describe('poll_school_breakdown: suppression', () => {
	it('every school at the minimum in every cell: all shown, by school and option', () =>
		rolledBack(sql, async (tx) => {
			const p = await districtPoll(tx, 3, [[inA, 'AAAAABBBBB'], [inC, 'AAABBB'], [inD, 'ABABAB']]);
			const rows = await breakdown(tx, w.people.staffA, p);
			expect(shape(rows).sort()).toEqual(['A 10 5', 'A 10 5', 'C 6 3', 'C 6 3', 'D 6 3', 'D 6 3']);
			expect(rows.every((r) => r.school_name_zh !== null)).toBe(true);
		}));

	it('a school below the minimum is left out while the rest together reach it in every cell', () =>
		rolledBack(sql, async (tx) => {
			// C: 5 A + 1 B, D: 1 A + 5 B (both have a cell of 1); together 12 voters, 6 A, 6 B.
			const p = await districtPoll(tx, 5, [[inA, 'AAAAABBBBB'], [inC, 'AAAAAB'], [inD, 'ABBBBB']]);
			expect(shape(await breakdown(tx, w.people.staffA, p))).toEqual(['A 10 5', 'A 10 5']);
		}));

	it('complementary disclosure: withheld whole when the schools not shown would reveal a small cell', () =>
		rolledBack(sql, async (tx) => {
			// A could be shown (5 / 5), but total − A = C: 3 A + 3 B, cells of 3 < 5.
			const p = await districtPoll(tx, 5, [[inA, 'AAAAABBBBB'], [inC, 'AAABBB']]);
			expect(shape(await breakdown(tx, w.people.staffA, p))).toEqual(['withheld complementary']);
			// The totals still show (8 / 8).
			await actAs(tx, w.people.staffA);
			const totals = await tx<{ votes: string }[]>`select votes from public.poll_results(${p})`;
			expect(totals.map((r) => Number(r.votes))).toEqual([8, 8]);
			// Also when the rest has enough voters but one option cell below: C 5 A + 1 B.
			const q = await districtPoll(tx, 5, [[inA, 'AAAAABBBBB'], [inC, 'AAAAAB']]);
			expect(shape(await breakdown(tx, w.people.staffA, q))).toEqual(['withheld complementary']);
			// And a zero cell in the rest (C: 6 A, 0 B).
			const r = await districtPoll(tx, 5, [[inA, 'AAAAABBBBB'], [inC, 'AAAAAA']]);
			expect(shape(await breakdown(tx, w.people.staffA, r))).toEqual(['withheld complementary']);
		}));

	it('no school reaches the minimum: withheld; totals withheld: withheld', () =>
		rolledBack(sql, async (tx) => {
			const p = await districtPoll(tx, 5, [[inC, 'AAABBB'], [inD, 'AAABBB']]);
			expect(shape(await breakdown(tx, w.people.staffA, p))).toEqual(['withheld small_schools']);
			// A school whose only small cell is a zero is not shown either.
			const z = await districtPoll(tx, 5, [[inA, 'AAAAAAAAAA'], [inC, 'BBBBBB']]);
			expect(shape(await breakdown(tx, w.people.staffA, z))).toEqual(['withheld small_schools']);
			const few = await districtPoll(tx, 5, [[inC.slice(0, 3), 'AAA']]);
			expect(shape(await breakdown(tx, w.people.staffA, few))).toEqual(['withheld results_withheld']);
		}));

	it('no breakdown for class and school polls, nor before results are shown; live results: while open', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const school = await openPoll(tx, { scope: 'school', area: w.schoolA, options: ['A', 'B'], minCell: 3 });
			const [a, b] = await optionIds(tx, school);
			for (const [i, kid] of inA.entries()) await vote(tx, kid, school, [i % 2 ? a! : b!]);
			await actAs(tx, w.people.teacherA1);
			await tx`select public.close_poll_early(${school}, ${await pollVersion(tx, school)})`;
			expect(await breakdown(tx, w.people.teacherA1, school)).toEqual([]);
			// A class or school poll's ballots carry no school.
			await asSuperuser(tx);
			expect(one(await tx<{ n: number }[]>`select count(*)::int as n from private.poll_ballots where poll_id = ${school} and school_id is not null`).n).toBe(0);

			const notLive = await districtPoll(tx, 3, [[inA, 'AAAAABBBBB'], [inC, 'AAABBB']], { close: false });
			for (const who of [w.people.staffA, w.people.admin, w.people.teacherA1]) expect(await breakdown(tx, who, notLive)).toEqual([]);
			const live = await districtPoll(tx, 3, [[inA, 'AAAAABBBBB'], [inC, 'AAABBB']], { close: false, live: true });
			expect(shape(await breakdown(tx, w.people.staffA, live)).sort()).toEqual(['A 10 5', 'A 10 5', 'C 6 3', 'C 6 3']);
		}));
});

describe('the seed', () => {
	it('the demo district poll shows its two schools to anyone, and its counters agree with its ballots', () =>
		rolledBack(sql, async (tx) => {
			const rows = await breakdown(tx, ANON, 'f0110000-0000-4000-8000-000000000002');
			expect(rows.map((r) => `${r.school_name_en} ${r.voters} ${r.votes}`).sort()).toEqual([
				'Demo Middle School 21 10', 'Demo Middle School 21 5', 'Demo Middle School 21 6',
				'Demo Primary School 39 13', 'Demo Primary School 39 18', 'Demo Primary School 39 8'
			]);
			await asSuperuser(tx);
			expect(await tx`select * from private.recount_poll('f0110000-0000-4000-8000-000000000002')`).toEqual([]);
		}));
});

describe('poll_school_breakdown: secrecy', () => {
	it('answers exactly the people poll_results answers, for every role (anon: closed city and district polls)', () =>
		rolledBack(sql, async (tx) => {
			const open = await districtPoll(tx, 3, [[inA, 'AAAAABBBBB'], [inC, 'AAABBB']], { close: false });
			const closed = await districtPoll(tx, 3, [[inA, 'AAAAABBBBB'], [inC, 'AAABBB']]);
			await actAs(tx, w.people.staffA);
			const community = await openPoll(tx, { scope: 'community', area: (await tx<{ id: string }[]>`select community_id as id from public.schools where id = ${schoolC}`)[0]!.id });
			const everyone: [string, Actor][] = [...Object.entries(w.people), ['anon', ANON]];
			for (const [name, who] of everyone) {
				for (const id of [open, closed, community]) {
					const can = async (fn: string) => {
						await actAs(tx, who);
						try {
							await tx.savepoint((sp) => sp.unsafe(`select * from public.${fn}($1)`, [id]));
							return true;
						} catch (e) {
							expect((e as { code?: string }).code, `${name} ${fn}`).toBe('PT404');
							return false;
						}
					};
					expect(await can('poll_school_breakdown'), `${name} ${id}`).toBe(await can('poll_results'));
				}
			}
			// Anon: the closed district poll's breakdown, nothing of the open one.
			expect(shape(await breakdown(tx, ANON, closed)).sort()).toEqual(['A 10 5', 'A 10 5', 'C 6 3', 'C 6 3']);
			await actAs(tx, ANON);
			expect((await dbError(tx, (sp) => sp`select * from public.poll_school_breakdown(${open})`)).code).toBe('PT404');
			// A child of another district reads the closed district poll's aggregates, as poll_results allows.
			expect(shape(await breakdown(tx, w.people.childB, closed))).toHaveLength(4);
		}));

	it('the school counters and the ballots\u2019 schools are not readable by any role', () =>
		rolledBack(sql, async (tx) => {
			await districtPoll(tx, 3, [[inC, 'AAABBB']]);
			for (const who of [...Object.values(w.people), ANON]) {
				for (const table of ['poll_school_tally', 'poll_school_turnout_tally', 'poll_ballots']) {
					await actAs(tx, who);
					expect((await dbError(tx, (sp) => sp.unsafe(`select * from private.${table}`))).code).toBe('42501');
				}
			}
		}));
});

describe('the school tally', () => {
	it('equals the ballot box (recount), a difference is found, and rebuild repairs it', async () => {
		const p = await sql.begin(async (tx) => {
			await actAs(tx, w.people.staffA);
			const id = await openPoll(tx, { scope: 'district', area: w.districtA, kind: 'multiple', maxChoices: 2, options: ['A', 'B', 'C'] });
			const o = await optionIds(tx, id);
			for (const [i, kid] of [...inA, ...inC, ...inD].entries()) await vote(tx, kid, id, i % 3 === 0 ? [o[0]!, o[1]!] : [o[i % 3]!]);
			return id;
		});
		expect(await sql`select * from private.recount_poll(${p})`).toEqual([]);
		const [ballots] = await sql`select count(*)::int as n, count(distinct school_id)::int as schools from private.poll_ballots where poll_id = ${p}`;
		expect(ballots).toEqual({ n: 22, schools: 3 });
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			await tx`update private.poll_school_tally set votes = votes + 1
				where ctid = (select ctid from private.poll_school_tally where poll_id = ${p} and school_id = ${schoolD} limit 1)`;
			await tx`delete from private.poll_school_turnout_tally where poll_id = ${p} and school_id = ${schoolC}`;
			const diff = await tx<{ school_id: string; age_band: string | null }[]>`select * from private.recount_poll(${p})`;
			expect(new Set(diff.map((d) => d.school_id))).toEqual(new Set([schoolC, schoolD]));
			expect(diff.every((d) => d.age_band === null)).toBe(true);
			await tx`select private.rebuild_poll_tally(${p})`;
			expect(await tx`select * from private.recount_poll(${p})`).toEqual([]);
		});
	});
});
