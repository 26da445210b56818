/**
 * Polls (migration 20261130010000): who creates polls where, the lifecycle derived from the stored
 * times, the voting window to the second (in Asia/Shanghai), scope, age band, choice limits,
 * options frozen after the first ballot, one ballot per child, the shared cases of polls.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, actAs, asSuperuser, connect, createWorld, dbError, one, rolledBack, type Sql, type Tx, type World } from './helpers';
import { addChildren, createCommunity, createPoll, openPoll, optionIds, pollVersion, vote } from './poll-fixtures';

let sql: Sql;
let w: World;

interface PollCase {
	id: string;
	poll: { kind?: string; max_choices?: number; options: string[]; opens_at?: string; closes_at?: string; min_cell_size?: number };
}
const cases = JSON.parse(
	readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'cases', 'polls.json'), 'utf8')
) as PollCase[];
const theCase = (id: string) => {
	const c = cases.find((x) => x.id === id);
	if (!c) throw new Error(`no case ${id} in polls.json`);
	return c;
};

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
});

afterAll(async () => {
	await sql?.end();
});

const NOT_ALLOWED = { code: '42501', message: 'not_allowed' };
const NOT_FOUND = { code: 'PT404', message: 'not_found' };

async function state(tx: Tx, id: string): Promise<string> {
	return one(await tx<{ state: string }[]>`select state from public.poll_list where id = ${id}`).state;
}

async function ballotRows(tx: Tx, pollId: string) {
	await asSuperuser(tx);
	return one(await tx<{ turnout: number; ballots: number }[]>`select
		(select count(*)::int from private.poll_turnout where poll_id = ${pollId}) as turnout,
		(select count(*)::int from private.poll_ballots where poll_id = ${pollId}) as ballots`);
}

describe('who creates polls where', () => {
	it('teachers: their class and its school; not another class, a district or the city', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			await createPoll(tx, { scope: 'class', area: w.classA1 });
			await createPoll(tx, { scope: 'school', area: w.schoolA });
			expect(await dbError(tx, (sp) => createPoll(sp, { scope: 'class', area: w.classA2 }))).toEqual(NOT_ALLOWED);
			expect(await dbError(tx, (sp) => createPoll(sp, { scope: 'school', area: w.schoolB }))).toEqual(NOT_ALLOWED);
			expect(await dbError(tx, (sp) => createPoll(sp, { scope: 'district', area: w.districtA }))).toEqual(NOT_ALLOWED);
			expect(await dbError(tx, (sp) => createPoll(sp, { scope: 'city' }))).toEqual(NOT_ALLOWED);
		}));

	it('staff: their district and its communities; not a class, another district or the city', async () => {
		const inA = await createCommunity(sql, w.districtA, w.tag + 'S1');
		const inB = await createCommunity(sql, w.districtB, w.tag + 'S2');
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.staffA);
			await createPoll(tx, { scope: 'district', area: w.districtA });
			await createPoll(tx, { scope: 'community', area: inA.community });
			expect(await dbError(tx, (sp) => createPoll(sp, { scope: 'community', area: inB.community }))).toEqual(NOT_ALLOWED);
			expect(await dbError(tx, (sp) => createPoll(sp, { scope: 'district', area: w.districtB }))).toEqual(NOT_ALLOWED);
			expect(await dbError(tx, (sp) => createPoll(sp, { scope: 'class', area: w.classA1 }))).toEqual(NOT_ALLOWED);
			expect(await dbError(tx, (sp) => createPoll(sp, { scope: 'city' }))).toEqual(NOT_ALLOWED);
		});
	});

	it('admins: the city (and any area); children and anon nothing', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.admin);
			await createPoll(tx, { scope: 'city' });
			await createPoll(tx, { scope: 'district', area: w.districtB });
			await actAs(tx, w.people.childA1);
			expect(await dbError(tx, (sp) => createPoll(sp, { scope: 'class', area: w.classA1 }))).toEqual(NOT_ALLOWED);
			await actAs(tx, ANON);
			expect((await dbError(tx, (sp) => createPoll(sp, { scope: 'city' }))).code).toBe('42501');
		}));

	it('refuses bad fields with the field named', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const err = (s: Parameters<typeof createPoll>[1]) => dbError(tx, (sp) => createPoll(sp, { scope: 'class', area: w.classA1, ...s }));
			expect((await err({ question: ' \u200b ' })).message).toBe('field_required:question_zh');
			expect((await err({ question: 'x'.repeat(1001) })).message).toBe('field_too_long:question_zh');
			expect((await err({ options: ['only one'] })).message).toBe('field_invalid:options');
			expect((await err({ options: Array.from({ length: 13 }, (_, i) => `o${i}`) })).message).toBe('field_invalid:options');
			expect((await err({ options: ['a', '  '] })).message).toBe('field_required:options');
			expect((await err({ kind: 'single', maxChoices: 2 })).message).toBe('field_invalid:max_choices');
			expect((await err({ kind: 'multiple', maxChoices: 1 })).message).toBe('field_invalid:max_choices');
			expect((await err({ kind: 'multiple', maxChoices: 4, options: ['a', 'b', 'c'] })).message).toBe('field_invalid:max_choices');
			expect((await err({ bands: [] })).message).toBe('field_required:age_bands');
			expect((await err({ opensIn: '1 hour', closesIn: '1 hour' })).message).toBe('field_invalid:closes_at');
			expect((await err({ opensIn: '1 hour', closesIn: '59 minutes' })).message).toBe('field_invalid:closes_at');
			expect((await err({ minCell: 2 })).message).toBe('field_invalid:min_cell_size');
			expect((await err({ goals: ['00000000-0000-4000-8000-000000000000'] })).message).toBe('goal_unknown');
			// 2 and 12 options are fine; a multiple-choice limit equal to the options too.
			await createPoll(tx, { scope: 'class', area: w.classA1, options: ['a', 'b'] });
			await createPoll(tx, { scope: 'class', area: w.classA1, kind: 'multiple', maxChoices: 12, options: Array.from({ length: 12 }, (_, i) => `o${i}`) });
		}));
});

describe('lifecycle: draft → scheduled → open → closed (+ closed early)', () => {
	it('is derived from the stored times and now()', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const draft = await createPoll(tx, { scope: 'class', area: w.classA1 });
			expect(await state(tx, draft)).toBe('draft');
			const scheduled = await openPoll(tx, { scope: 'class', area: w.classA1, opensIn: '1 second', closesIn: '1 day' });
			expect(await state(tx, scheduled)).toBe('scheduled');
			const open = await openPoll(tx, { scope: 'class', area: w.classA1, opensIn: '0 seconds', closesIn: '1 second' });
			expect(await state(tx, open)).toBe('open');
			// Scheduling needs a closing time still ahead.
			const past = await createPoll(tx, { scope: 'class', area: w.classA1, opensIn: '-2 hours', closesIn: '0 seconds' });
			expect((await dbError(tx, async (sp) => sp`select public.schedule_poll(${past}, ${await pollVersion(sp, past)})`)).message).toBe('field_invalid:closes_at');
			// Closing early: from open (or scheduled), by the creator; not twice, not a draft.
			await tx`select public.close_poll_early(${open}, ${await pollVersion(tx, open)})`;
			expect(await state(tx, open)).toBe('closed');
			expect((await dbError(tx, async (sp) => sp`select public.close_poll_early(${open}, ${await pollVersion(sp, open)})`)).message).toBe('invalid_state');
			expect((await dbError(tx, async (sp) => sp`select public.close_poll_early(${draft}, ${await pollVersion(sp, draft)})`)).message).toBe('invalid_state');
			// Stale versions are refused.
			expect(await dbError(tx, (sp) => sp`select public.close_poll_early(${scheduled}, 99)`)).toEqual({ code: 'PT409', message: 'stale_version' });
			// Another teacher cannot close it; an admin can.
			await actAs(tx, w.people.teacherA2);
			expect(await dbError(tx, async (sp) => sp`select public.close_poll_early(${scheduled}, 2)`)).toEqual(NOT_ALLOWED);
			await actAs(tx, w.people.admin);
			await tx`select public.close_poll_early(${scheduled}, 2)`;
		}));

	it('the state function at the edges of a window set in Asia/Shanghai, to the second', () =>
		rolledBack(sql, async (tx) => {
			const c = theCase('close-at-midnight-shanghai');
			const at = async (when: string) =>
				one(await tx<{ s: string }[]>`select private.poll_state(now(), ${c.poll.opens_at!}::timestamptz, ${c.poll.closes_at!}::timestamptz, null, ${when}::text::timestamptz) as s`).s;
			expect(await at('2026-06-30T16:00:00Z')).toBe('closed'); // 00:00 on 1 July in Shanghai
			expect(await at('2026-07-01T00:00:00+08:00')).toBe('closed');
			expect(await at('2026-06-30T23:59:59+08:00')).toBe('closed'); // the closing second itself
			expect(await at('2026-06-30T23:59:58+08:00')).toBe('open');
			expect(await at('2026-06-30T15:59:58.999Z')).toBe('open');
			expect(await at('2026-06-01T00:00:00+08:00')).toBe('open'); // the opening second
			expect(await at('2026-05-31T15:59:59Z')).toBe('scheduled'); // 23:59:59 on 31 May in Shanghai
			// The session's time zone changes nothing: timestamptz is an instant.
			await tx`set local time zone 'America/Los_Angeles'`;
			expect(await at('2026-06-30 09:00:00')).toBe('closed'); // 09:00 in LA = 00:00 next day in Shanghai
		}));
});

describe('casting a ballot', () => {
	it('only while open: the window to the second against now()', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const notYet = await openPoll(tx, { scope: 'class', area: w.classA1, opensIn: '1 second', closesIn: '1 day' });
			const opensNow = await openPoll(tx, { scope: 'class', area: w.classA1, opensIn: '0 seconds', closesIn: '1 day' });
			const closesInASecond = await openPoll(tx, { scope: 'class', area: w.classA1, opensIn: '-1 day', closesIn: '1 second' });
			const closesNow = await openPoll(tx, { scope: 'class', area: w.classA1, opensIn: '-1 day', closesIn: '1 second' });
			await asSuperuser(tx);
			await tx`update public.polls set closes_at = now() where id = ${closesNow}`;
			const a = async (id: string) => (await optionIds(tx, id))[0]!;
			const o1 = await a(notYet);
			const o2 = await a(opensNow);
			const o3 = await a(closesInASecond);
			const o4 = await a(closesNow);
			expect((await dbError(tx, (sp) => vote(sp, w.people.childA1, notYet, [o1]))).message).toBe('poll_not_open');
			await vote(tx, w.people.childA1, opensNow, [o2]);
			await vote(tx, w.people.childA1, closesInASecond, [o3]);
			expect((await dbError(tx, (sp) => vote(sp, w.people.childA1, closesNow, [o4]))).message).toBe('poll_closed');
			expect(await ballotRows(tx, closesNow)).toEqual({ turnout: 0, ballots: 0 });
			expect(await ballotRows(tx, opensNow)).toEqual({ turnout: 1, ballots: 1 });
		}));

	it('not after closing early, nor in a draft (not found)', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await openPoll(tx, { scope: 'class', area: w.classA1 });
			const draft = await createPoll(tx, { scope: 'class', area: w.classA1 });
			await tx`select public.close_poll_early(${p}, ${await pollVersion(tx, p)})`;
			const [o] = await optionIds(tx, p);
			expect((await dbError(tx, (sp) => vote(sp, w.people.childA1, p, [o!]))).message).toBe('poll_closed');
			await actAs(tx, w.people.teacherA1);
			const [d] = await optionIds(tx, draft);
			expect(await dbError(tx, async (sp) => {
				await actAs(sp, w.people.childA1);
				await sp`select public.cast_ballot(${draft}, 1, ${[d!]}::uuid[])`;
			})).toEqual(NOT_FOUND);
		}));

	it('the close-at-midnight case: a ballot at 00:00 Shanghai on a poll closing 23:59:59 is refused', () =>
		rolledBack(sql, async (tx) => {
			const c = theCase('close-at-midnight-shanghai');
			await actAs(tx, w.people.teacherA1);
			const p = await openPoll(tx, { scope: 'class', area: w.classA1, options: c.poll.options, opensIn: '-1 day', closesIn: '1 day' });
			// Move the window so that now() is 00:00:00 of the day after closes_at's day in Shanghai.
			await asSuperuser(tx);
			await tx`update public.polls set
				closes_at = now() - interval '1 second',
				opens_at = now() - (${c.poll.closes_at!}::timestamptz - ${c.poll.opens_at!}::timestamptz) - interval '1 second'
				where id = ${p}`;
			const [o] = await optionIds(tx, p);
			expect((await dbError(tx, (sp) => vote(sp, w.people.childA1, p, [o!]))).message).toBe('poll_closed');
			expect(await ballotRows(tx, p)).toEqual({ turnout: 0, ballots: 0 });
		}));

	it('only children in the poll\'s area (the out-of-scope case and more) and age band', async () => {
		const other = await createCommunity(sql, w.districtA, w.tag + 'V1');
		const [otherChild] = await addChildren(sql, other.class, 1, 300);
		await sql`update public.schools set community_id = ${other.community} where id = ${w.schoolA}`;
		try {
			await rolledBack(sql, async (tx) => {
				await actAs(tx, w.people.teacherA1);
				const classPoll = await openPoll(tx, { scope: 'class', area: w.classA1 });
				const schoolPoll = await openPoll(tx, { scope: 'school', area: w.schoolA });
				await actAs(tx, w.people.staffA);
				const districtPoll = await openPoll(tx, { scope: 'district', area: w.districtA });
				const communityPoll = await openPoll(tx, { scope: 'community', area: other.community });
				await actAs(tx, w.people.admin);
				const cityPoll = await openPoll(tx, { scope: 'city' });
				const teensOnly = await openPoll(tx, { scope: 'city', bands: ['14-17'] });
				await asSuperuser(tx);
				const first = async (id: string) => (await optionIds(tx, id))[0]!;
				const refused = async (who: typeof w.people.childA1, id: string) => {
					const o = await first(id);
					expect(await dbError(tx, async (sp) => {
						await actAs(sp, who);
						await sp`select public.cast_ballot(${id}, 2, ${[o]}::uuid[])`;
					})).toEqual(NOT_FOUND);
					expect(await ballotRows(tx, id)).toMatchObject({ ballots: expect.any(Number) });
				};
				// class 5-2 poll, child of another class of the same school (the shared case), of another school
				await refused(w.people.childA2, classPoll);
				await refused(w.people.childB, classPoll);
				await refused(w.people.childB, schoolPoll);
				await refused(w.people.childB, districtPoll);
				await refused(w.people.childB, communityPoll);
				await refused(w.people.childA1, teensOnly);
				await refused(w.people.childA2, teensOnly);
				expect(await ballotRows(tx, classPoll)).toEqual({ turnout: 0, ballots: 0 });
				expect(await ballotRows(tx, teensOnly)).toEqual({ turnout: 0, ballots: 0 });
				// Those in the area vote.
				await vote(tx, w.people.childA1, classPoll, [await first(classPoll)]);
				await vote(tx, w.people.childA2, schoolPoll, [await first(schoolPoll)]);
				await vote(tx, w.people.childA2, districtPoll, [await first(districtPoll)]);
				await vote(tx, w.people.childA1, communityPoll, [await first(communityPoll)]); // school A serves it
				await vote(tx, otherChild!, communityPoll, [await first(communityPoll)]);
				await vote(tx, w.people.childB, cityPoll, [await first(cityPoll)]);
				await vote(tx, w.people.childB, teensOnly, [await first(teensOnly)]);
				// Adults never vote.
				for (const adult of [w.people.teacherA1, w.people.staffA, w.people.admin]) {
					const o = await first(cityPoll);
					expect(await dbError(tx, async (sp) => {
						await actAs(sp, adult);
						await sp`select public.cast_ballot(${cityPoll}, 2, ${[o]}::uuid[])`;
					})).toEqual(NOT_ALLOWED);
				}
				await actAs(tx, ANON);
				expect((await dbError(tx, (sp) => sp`select public.cast_ballot(${cityPoll}, 2, '{}'::uuid[])`)).code).toBe('42501');
			});
		} finally {
			await sql`update public.schools set community_id = null where id = ${w.schoolA}`;
		}
	});

	it('the multi-choice limit (the shared case): more than the maximum is refused and nothing is stored', () =>
		rolledBack(sql, async (tx) => {
			const c = theCase('multi-choice-limit');
			await actAs(tx, w.people.teacherA1);
			const p = await openPoll(tx, { scope: 'class', area: w.classA1, kind: 'multiple', maxChoices: c.poll.max_choices!, options: c.poll.options });
			const o = await optionIds(tx, p);
			expect((await dbError(tx, (sp) => vote(sp, w.people.childA1, p, o.slice(0, 3)))).message).toBe('too_many_choices');
			expect((await dbError(tx, (sp) => vote(sp, w.people.childA1, p, o))).message).toBe('too_many_choices');
			expect(await ballotRows(tx, p)).toEqual({ turnout: 0, ballots: 0 });
			// Repeats, another poll's option, nothing at all.
			expect((await dbError(tx, (sp) => vote(sp, w.people.childA1, p, [o[0]!, o[0]!]))).message).toBe('field_invalid:options');
			await actAs(tx, w.people.teacherA1);
			const other = await openPoll(tx, { scope: 'class', area: w.classA1 });
			const [foreign] = await optionIds(tx, other);
			expect((await dbError(tx, (sp) => vote(sp, w.people.childA1, p, [o[0]!, foreign!]))).message).toBe('field_invalid:options');
			expect((await dbError(tx, (sp) => vote(sp, w.people.childA1, p, []))).message).toBe('field_required:options');
			expect(await ballotRows(tx, p)).toEqual({ turnout: 0, ballots: 0 });
			// Exactly two, or one, is fine.
			await vote(tx, w.people.childA1, p, o.slice(1, 3));
			await vote(tx, w.people.childA1b, p, [o[3]!]);
			expect(await ballotRows(tx, p)).toEqual({ turnout: 2, ballots: 2 });
			// A single-choice poll takes exactly one.
			await actAs(tx, w.people.teacherA1);
			const single = await openPoll(tx, { scope: 'class', area: w.classA1 });
			const s = await optionIds(tx, single);
			expect((await dbError(tx, (sp) => vote(sp, w.people.childA1, single, s.slice(0, 2)))).message).toBe('too_many_choices');
		}));

	it('one ballot per child: the second is already_voted (PT409), the first stays', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await openPoll(tx, { scope: 'class', area: w.classA1 });
			const [a, b] = await optionIds(tx, p);
			await vote(tx, w.people.childA1, p, [a!]);
			expect(await dbError(tx, (sp) => vote(sp, w.people.childA1, p, [b!]))).toEqual({ code: 'PT409', message: 'already_voted' });
			expect(await ballotRows(tx, p)).toEqual({ turnout: 1, ballots: 1 });
			await asSuperuser(tx);
			expect(await tx`select option_ids from private.poll_ballots where poll_id = ${p}`).toEqual([{ option_ids: [a] }]);
		}));

	it('children under 14 need a guardian\'s consent; an archived class cannot vote', async () => {
		const [kid] = await addChildren(sql, w.classA1, 1, 400);
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			await tx`update public.class_students set guardian_consent = false where student_id = ${(kid as { id: string }).id}`;
			await actAs(tx, w.people.teacherA1);
			const p = await openPoll(tx, { scope: 'class', area: w.classA1 });
			const [a] = await optionIds(tx, p);
			expect(await dbError(tx, (sp) => vote(sp, kid!, p, [a!]))).toEqual({ code: 'PT403', message: 'consent_required' });
			await asSuperuser(tx);
			await tx`update public.classes set archived_at = now() where id = ${w.classA1}`;
			expect(await dbError(tx, (sp) => vote(sp, w.people.childA1, p, [a!]))).toEqual({ code: 'PT403', message: 'class_archived' });
			expect(await ballotRows(tx, p)).toEqual({ turnout: 0, ballots: 0 });
		});
	});

	it('a stale version of the poll is refused', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await openPoll(tx, { scope: 'class', area: w.classA1 });
			const [a] = await optionIds(tx, p);
			await actAs(tx, w.people.childA1);
			expect(await dbError(tx, (sp) => sp`select public.cast_ballot(${p}, 1, ${[a!]}::uuid[])`)).toEqual({ code: 'PT409', message: 'stale_version' });
		}));
});

describe('options are frozen after the first ballot', () => {
	const update = (tx: Tx, id: string, version: number, options: string[], closesIn = '2 hours') =>
		tx`select public.update_poll(${id}, ${version}, '新问题', null, null, null, 'single', 1,
			${tx.json(options.map((label) => ({ label })))}, ${['6-9', '10-13', '14-17']}::public.age_band[],
			(select opens_at from public.polls where id = ${id}), now() + ${closesIn}::interval, false, 5, null)`;

	it('before: the creator changes them; after: only texts and the closing time, whoever writes', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await openPoll(tx, { scope: 'class', area: w.classA1 });
			await update(tx, p, await pollVersion(tx, p), ['A', 'B']);
			expect((await optionIds(tx, p)).length).toBe(2);
			const [a] = await optionIds(tx, p);
			await vote(tx, w.people.childA1, p, [a!]);
			await actAs(tx, w.people.teacherA1);
			expect((await dbError(tx, async (sp) => update(sp, p, await pollVersion(sp, p), ['A', 'B', 'C']))).message).toBe('options_frozen');
			await update(tx, p, await pollVersion(tx, p), ['A', 'B'], '3 hours');
			expect(one(await tx<{ q: string }[]>`select question_zh as q from public.polls where id = ${p}`).q).toBe('新问题');
			// Even the owner of the tables cannot change them.
			await asSuperuser(tx);
			expect((await dbError(tx, (sp) => sp`update public.poll_options set label = 'X' where poll_id = ${p}`)).message).toBe('options_frozen');
			expect((await dbError(tx, (sp) => sp`delete from public.poll_options where poll_id = ${p}`)).message).toBe('options_frozen');
			expect((await dbError(tx, (sp) => sp`insert into public.poll_options (poll_id, position, label) values (${p}, 9, 'new')`)).message).toBe('options_frozen');
		}));

	it('a closed poll cannot be changed; its reply only by the creator or an admin, only when closed', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const p = await openPoll(tx, { scope: 'class', area: w.classA1 });
			expect((await dbError(tx, async (sp) => sp`select public.write_poll_reply(${p}, ${await pollVersion(sp, p)}, '我们会装秋千。')`)).message).toBe('invalid_state');
			await tx`select public.close_poll_early(${p}, ${await pollVersion(tx, p)})`;
			expect((await dbError(tx, async (sp) => update(sp, p, await pollVersion(sp, p), ['A', 'B']))).message).toBe('invalid_state');
			expect((await dbError(tx, async (sp) => sp`select public.write_poll_reply(${p}, ${await pollVersion(sp, p)}, '  ')`)).message).toBe('field_required:reply');
			await tx`select public.write_poll_reply(${p}, ${await pollVersion(tx, p)}, '我们会装秋千。')`;
			expect(one(await tx<{ reply: string }[]>`select reply from public.poll_list where id = ${p}`).reply).toBe('我们会装秋千。');
			await actAs(tx, w.people.teacherA2);
			expect(await dbError(tx, async (sp) => sp`select public.write_poll_reply(${p}, 4, 'x')`)).toEqual(NOT_ALLOWED);
			await actAs(tx, w.people.childA1);
			expect(await dbError(tx, async (sp) => sp`select public.write_poll_reply(${p}, 4, 'x')`)).toEqual(NOT_ALLOWED);
		}));
});

describe('who sees which polls (RLS on polls, poll_options, poll_list)', () => {
	it('children: published polls of their area and age band; never drafts', () =>
		rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const draft = await createPoll(tx, { scope: 'class', area: w.classA1 });
			const classPoll = await openPoll(tx, { scope: 'class', area: w.classA1 });
			await actAs(tx, w.people.admin);
			const youngOnly = await openPoll(tx, { scope: 'city', bands: ['6-9'] });
			const ids = async () => (await tx<{ id: string }[]>`select id from public.polls where id in (${draft}, ${classPoll}, ${youngOnly})`).map((r) => r.id).sort();
			await actAs(tx, w.people.childA1);
			expect(await ids()).toEqual([classPoll]);
			expect((await tx`select id from public.poll_options where poll_id = ${draft}`).length).toBe(0);
			await actAs(tx, w.people.childA2);
			expect(await ids()).toEqual([youngOnly]);
			await actAs(tx, w.people.childB);
			expect(await ids()).toEqual([]);
			await actAs(tx, w.people.teacherA2);
			expect(await ids()).toEqual([youngOnly]);
			await actAs(tx, w.people.staffA);
			expect(await ids()).toEqual([classPoll, youngOnly].sort());
			await actAs(tx, w.people.staffB);
			expect(await ids()).toEqual([youngOnly]);
			await actAs(tx, w.people.admin);
			expect(await ids()).toEqual([draft, classPoll, youngOnly].sort());
			await actAs(tx, w.people.nobody);
			expect(await ids()).toEqual([]);
			await actAs(tx, ANON);
			expect((await dbError(tx, (sp) => sp`select id from public.polls limit 1`)).code).toBe('42501');
		}));
});
