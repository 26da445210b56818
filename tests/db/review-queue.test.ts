/**
 * The review queue in the database (issue 10 §2): the cards view, the title search (Chinese
 * included, bounded), what changed on a resubmission, praise the child reads and staff never do,
 * bulk approve against the version shown — and that only the class's teachers (and admins, for
 * reads) can.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	actAs, asSuperuser, asUser, connect, createWorld, dbError, one, proposal, rolledBack, submit, SAFEGUARDING_FLAGS,
	type Sql, type Tx, type World
} from './helpers';

let sql: Sql;
let w: World;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
});

afterAll(async () => {
	await sql?.end();
});

async function versionOf(tx: Tx, id: string): Promise<number> {
	return one(await tx<{ version: number }[]>`select version from public.submissions where id = ${id}`).version;
}

async function returnIt(tx: Tx, id: string, comment: string) {
	await tx`select public.return_submission(${id}, (select version from public.submissions where id = ${id}), ${comment})`;
}

async function resubmit(tx: Tx, id: string, p: ReturnType<typeof proposal>) {
	await tx`select public.resubmit_proposal(${id}, (select version from public.submissions where id = ${id}),
		${p.title}, ${p.problem}, ${p.suggestions}, ${p.who_should_act})`;
}

describe('class_queue_cards', () => {
	it('gives a teacher of the class the card fields (kind, title, age band, nickname, number, flags) and nobody else', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const clean = await submit(tx, proposal({ title: '我家门口的路灯坏了' }));
			const flagged = one(await tx<{ id: string }[]>`select id from public.submit_proposal('电话 13812345678', '问题', '建议', '谁',
				p_flags => ${tx.json({ personal_details: [{ field: 'title', type: 'phone', start: 3, end: 14, text: '13812345678' }], safeguarding: [], confirmed: true })})`).id;
			await actAs(tx, w.people.teacherA1);
			const cards = await tx`select id, kind, title, state, age_band, author_display_name, student_number, personal_details, safeguarding, dangerous_now
				from public.class_queue_cards where class_id = ${w.classA1} order by personal_details`;
			expect(cards.map((c) => ({ ...c }))).toEqual([
				{ id: clean, kind: 'proposal', title: '我家门口的路灯坏了', state: 'submitted', age_band: '10-13', author_display_name: '小明' + w.tag,
					student_number: 1, personal_details: false, safeguarding: false, dangerous_now: false },
				{ id: flagged, kind: 'proposal', title: '电话 13812345678', state: 'submitted', age_band: '10-13', author_display_name: '小明' + w.tag,
					student_number: 1, personal_details: true, safeguarding: false, dangerous_now: false }
			]);
			const counts = await tx`select state, kind, submissions from public.class_queue_kind_counts where class_id = ${w.classA1}`;
			expect(counts.map((c) => ({ ...c }))).toEqual([{ state: 'submitted', kind: 'proposal', submissions: 2 }]);
			for (const who of [w.people.teacherA2, w.people.teacherB, w.people.staffA, w.people.childA1b]) {
				await actAs(tx, who);
				expect(await tx`select id from public.class_queue_cards where class_id = ${w.classA1}`).toHaveLength(0);
				expect(await tx`select 1 from public.class_queue_kind_counts where class_id = ${w.classA1}`).toHaveLength(0);
			}
		});
	});

	it('never lists an escalated item', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = one(await tx<{ id: string }[]>`select id from public.submit_proposal('标题', '放学后他们打我。', '建议', '谁',
				p_flags => ${tx.json(SAFEGUARDING_FLAGS)})`).id;
			await actAs(tx, w.people.teacherA1);
			expect(await tx`select 1 from public.class_queue_cards where id = ${id}`).toHaveLength(0);
		});
	});
});

describe('class_queue_search', () => {
	it('finds a two-character Chinese query inside a title, English case-insensitively, within the class only', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const lamp = await submit(tx, proposal({ title: '我家门口的路灯坏了' }));
			const other = await submit(tx, proposal({ title: '操场需要更多的树' }));
			const english = await submit(tx, proposal({ title: 'The Street Lamp is broken' }));
			await actAs(tx, w.people.childA2);
			await submit(tx, proposal({ title: '学校旁边的路灯太暗' }));
			await actAs(tx, w.people.teacherA1);
			const found = await tx<{ id: string }[]>`select id from public.class_queue_search(${w.classA1}, '路灯')`;
			expect(found.map((r) => r.id)).toEqual([lamp]);
			expect((await tx<{ id: string }[]>`select id from public.class_queue_search(${w.classA1}, '  street LAMP ')`).map((r) => r.id)).toEqual([english]);
			expect((await tx<{ id: string }[]>`select id from public.class_queue_search(${w.classA1}, '树', 'proposal')`).map((r) => r.id)).toEqual([other]);
			expect(await tx`select id from public.class_queue_search(${w.classA1}, '路灯', 'street_report')`).toHaveLength(0);
			// LIKE's wildcards are plain characters here.
			expect(await tx`select id from public.class_queue_search(${w.classA1}, '%')`).toHaveLength(0);
			expect(await tx`select id from public.class_queue_search(${w.classA1}, '_')`).toHaveLength(0);
			expect((await dbError(tx, (sp) => sp`select * from public.class_queue_search(${w.classA1}, ${'路'.repeat(51)})`)).message).toBe('field_too_long:query');
			expect((await dbError(tx, (sp) => sp`select * from public.class_queue_search(${w.classA1}, '   ')`)).message).toBe('field_required:query');
			// An admin may search any class.
			await actAs(tx, w.people.admin);
			expect(await tx`select id from public.class_queue_search(${w.classA1}, '路灯')`).toHaveLength(1);
		});
	});

	it('refuses anyone but a teacher of the class or an admin', async () => {
		for (const who of [w.people.teacherA2, w.people.teacherB, w.people.staffA, w.people.childA1, w.people.nobody]) {
			await asUser(sql, who, async (tx) => {
				expect((await dbError(tx, (sp) => sp`select * from public.class_queue_search(${w.classA1}, '路灯')`)).message).toBe('not_allowed');
			});
		}
		await asUser(sql, w.people.teacherA1, async (tx) => {
			const e = await dbError(tx, (sp) => sp`select * from public.class_queue_search(gen_random_uuid(), '路灯')`);
			expect(e.code).toBe('PT404');
		});
	});

	it('submission_kinds lists the enum', async () => {
		await asUser(sql, w.people.teacherA1, async (tx) => {
			const kinds = one(await tx<{ k: string[] }[]>`select public.submission_kinds() as k`).k;
			expect(kinds).toContain('proposal');
			const all = one(await tx<{ k: string[] }[]>`select enum_range(null::public.submission_kind)::text[] as k`).k;
			expect(kinds).toEqual(all);
		});
	});
});

describe('submission_changes', () => {
	it('keeps the text before a resubmission and what the teacher asked; only for the class teacher or an admin', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx, proposal({ title: '路灯坏了' }));
			await actAs(tx, w.people.teacherA1);
			expect(await tx`select * from public.submission_changes(${id})`).toHaveLength(0);
			await returnIt(tx, id, '请写清楚是哪条路。');
			await actAs(tx, w.people.childA1);
			await resubmit(tx, id, proposal({ title: '人民路的路灯坏了' }));
			await actAs(tx, w.people.teacherA1);
			const c = one(await tx`select * from public.submission_changes(${id})`);
			expect(c.asked).toBe('请写清楚是哪条路。');
			expect(c.title).toBe('路灯坏了');
			expect(c.problem).toBe(proposal().problem);
			expect(c.returned_at).toBeInstanceOf(Date);
			// A second round keeps the latest previous text and request.
			await returnIt(tx, id, '再写写你希望谁来修。');
			await actAs(tx, w.people.childA1);
			await resubmit(tx, id, proposal({ title: '人民路的路灯坏了，请路灯所来修' }));
			await actAs(tx, w.people.teacherA1);
			const c2 = one(await tx`select asked, title from public.submission_changes(${id})`);
			expect({ ...c2 }).toEqual({ asked: '再写写你希望谁来修。', title: '人民路的路灯坏了' });
			await actAs(tx, w.people.admin);
			expect(await tx`select * from public.submission_changes(${id})`).toHaveLength(1);
			for (const who of [w.people.teacherA2, w.people.teacherB, w.people.staffA, w.people.childA1, w.people.childA1b]) {
				await actAs(tx, who);
				expect((await dbError(tx, (sp) => sp`select * from public.submission_changes(${id})`)).message).toBe('not_allowed');
			}
			// Erasing the author drops the earlier words.
			await asSuperuser(tx);
			await tx`update public.submissions set author_id = null where id = ${id}`;
			expect(await tx`select 1 from private.submission_revisions where submission_id = ${id}`).toHaveLength(0);
		});
	});

	it('nobody reads the revisions table directly', async () => {
		await asUser(sql, w.people.admin, async (tx) => {
			expect((await dbError(tx, (sp) => sp`select * from private.submission_revisions`)).code).toBe('42501');
		});
	});
});

describe('approve_submission_with_praise', () => {
	it('approves with the version check and the child (not staff, not another class) reads the praise', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx, proposal());
			await actAs(tx, w.people.teacherA1);
			const v = await versionOf(tx, id);
			const p = proposal();
			const stale = await dbError(tx, (sp) => sp`select public.approve_submission_with_praise(${id}, ${v - 1}, ${p.title}, ${p.problem}, ${p.suggestions}, ${p.who_should_act}, '写得真好！')`);
			expect(stale.message).toBe('stale_version');
			const long = await dbError(tx, (sp) => sp`select public.approve_submission_with_praise(${id}, ${v}, ${p.title}, ${p.problem}, ${p.suggestions}, ${p.who_should_act}, ${'好'.repeat(501)})`);
			expect(long.message).toBe('field_too_long:praise');
			await tx`select public.approve_submission_with_praise(${id}, ${v}, ${p.title}, ${p.problem}, ${p.suggestions}, ${p.who_should_act}, '  写得真好！ ')`;
			expect(one(await tx`select state from public.submissions where id = ${id}`).state).toBe('approved');
			expect(one(await tx`select praise from public.submission_praise where submission_id = ${id}`).praise).toBe('写得真好！');
			await actAs(tx, w.people.childA1);
			expect(one(await tx`select praise from public.submission_praise where submission_id = ${id}`).praise).toBe('写得真好！');
			for (const who of [w.people.staffA, w.people.childA1b, w.people.teacherA2, w.people.teacherB]) {
				await actAs(tx, who);
				expect(await tx`select praise from public.submission_praise where submission_id = ${id}`).toHaveLength(0);
			}
			// Nobody writes it directly.
			await actAs(tx, w.people.teacherA1);
			expect((await dbError(tx, (sp) => sp`update public.submission_praise set praise = 'x'`)).code).toBe('42501');
		});
	});

	it('without praise approves and stores none; another class teacher is refused', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx, proposal());
			const p = proposal();
			await actAs(tx, w.people.teacherA2);
			const v = await versionOf(tx, id).catch(() => 1);
			const e = await dbError(tx, (sp) => sp`select public.approve_submission_with_praise(${id}, ${v}, ${p.title}, ${p.problem}, ${p.suggestions}, ${p.who_should_act}, 'x')`);
			expect(e.message).toBe('not_allowed');
			await actAs(tx, w.people.teacherA1);
			await tx`select public.approve_submission_with_praise(${id}, ${await versionOf(tx, id)}, ${p.title}, ${p.problem}, ${p.suggestions}, ${p.who_should_act}, '   ')`;
			expect(await tx`select 1 from public.submission_praise where submission_id = ${id}`).toHaveLength(0);
		});
	});
});

describe('bulk_approve', () => {
	it('approves clean items at the version shown and reports every item', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const a = await submit(tx, proposal({ title: 'A' }));
			const b = await submit(tx, proposal({ title: 'B' }));
			const flagged = one(await tx<{ id: string }[]>`select id from public.submit_proposal('电话 13812345678', '问题', '建议', '谁',
				p_flags => ${tx.json({ personal_details: [{ field: 'title', type: 'phone', start: 3, end: 14, text: '13812345678' }], safeguarding: [], confirmed: true })})`).id;
			const changed = await submit(tx, proposal({ title: 'C' }));
			await actAs(tx, w.people.childA2);
			const otherClass = await submit(tx, proposal({ title: 'D' }));
			await asSuperuser(tx);
			const versions = Object.fromEntries(
				(await tx<{ id: string; version: number }[]>`select id, version from public.submissions where id in ${tx([a, b, flagged, changed, otherClass])}`).map((r) => [r.id, r.version])
			);
			// C changes after the teacher looked: returned and sent again.
			await actAs(tx, w.people.teacherA1);
			await returnIt(tx, changed, '再想想');
			await actAs(tx, w.people.childA1);
			await resubmit(tx, changed, proposal({ title: 'C2' }));
			await actAs(tx, w.people.teacherA1);
			const items = [a, b, flagged, changed, otherClass].map((id) => ({ id, version: versions[id] }));
			const out = await tx<{ submission_id: string; outcome: string }[]>`select * from public.bulk_approve(${tx.json(items)})`;
			expect(out.map((r) => [r.submission_id, r.outcome])).toEqual([
				[a, 'approved'], [b, 'approved'], [flagged, 'flagged'], [changed, 'changed'], [otherClass, 'not_allowed']
			]);
			const states = await tx<{ id: string; state: string; public_title: string | null }[]>`select id, state, public_title from public.submissions where id in ${tx([a, b, flagged, changed])} order by id`;
			const byId = Object.fromEntries(states.map((s) => [s.id, s]));
			expect(byId[a]!.state).toBe('approved');
			expect(byId[a]!.public_title).toBe('A');
			expect(byId[b]!.state).toBe('approved');
			expect(byId[flagged]!.state).toBe('submitted');
			expect(byId[changed]!.state).toBe('submitted');
			// The same again: no longer waiting.
			const again = await tx<{ outcome: string }[]>`select outcome from public.bulk_approve(${tx.json([{ id: a, version: versions[a] }])})`;
			expect(again.map((r) => r.outcome)).toEqual(['changed']);
			await asSuperuser(tx);
			expect(one(await tx`select state from public.submissions where id = ${otherClass}`).state).toBe('submitted');
		});
	});

	it('refuses non-teachers, bad items and too many items', async () => {
		for (const who of [w.people.admin, w.people.staffA, w.people.childA1]) {
			await asUser(sql, who, async (tx) => {
				expect((await dbError(tx, (sp) => sp`select * from public.bulk_approve('[]'::jsonb)`)).message).toBe('not_allowed');
			});
		}
		await asUser(sql, w.people.teacherA1, async (tx) => {
			expect((await dbError(tx, (sp) => sp`select * from public.bulk_approve('{}'::jsonb)`)).message).toBe('invalid_items');
			expect((await dbError(tx, (sp) => sp`select * from public.bulk_approve('[{"id": "x", "version": 1}]'::jsonb)`)).message).toBe('invalid_items');
			const many = Array.from({ length: 101 }, () => ({ id: '00000000-0000-4000-8000-000000000000', version: 1 }));
			expect((await dbError(tx, (sp) => sp`select * from public.bulk_approve(${tx.json(many)})`)).message).toBe('too_many_items');
			const unknown = await tx<{ outcome: string }[]>`select outcome from public.bulk_approve('[{"id": "00000000-0000-4000-8000-000000000000", "version": 1}]'::jsonb)`;
			expect(unknown.map((r) => r.outcome)).toEqual(['not_allowed']);
		});
	});
});
