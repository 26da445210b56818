/**
 * Following what happened (issue 9 §4–§5): a child withdraws what the teacher has not acted on,
 * children of the school co-sign a forwarded proposal once, and everyone is notified of what
 * concerns them (staff: one line per item).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	actAs,
	approve,
	asSuperuser,
	connect,
	createWorld,
	dbError,
	one,
	proposal,
	rolledBack,
	submit,
	type Sql,
	type Tx,
	type World
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

async function row(tx: Tx, id: string) {
	await asSuperuser(tx);
	return one(await tx<{ state: string; version: number }[]>`select state, version from public.submissions where id = ${id}`);
}

const withdraw = (id: string, version: number) => (sp: Tx) => sp`select public.withdraw_submission(${id}, ${version})`;

describe('withdraw_submission', () => {
	it('the author withdraws a submitted one: it leaves the class queue, its counts and the teachers’ notifications', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx, proposal({ title: 'withdraw me' }));
			await asSuperuser(tx);
			expect((await tx`select 1 from public.notifications where submission_id = ${id}`).length).toBe(1);
			await actAs(tx, w.people.teacherA1);
			const before = one(await tx<{ n: number }[]>`select coalesce(sum(submissions), 0)::int as n from public.class_queue_counts where class_id = ${w.classA1}`).n;
			const { version } = await row(tx, id);
			await actAs(tx, w.people.childA1);
			await withdraw(id, version)(tx);
			expect(await row(tx, id)).toEqual({ state: 'withdrawn', version: version + 1 });
			await actAs(tx, w.people.teacherA1);
			expect(await tx`select id from public.class_queue where id = ${id}`).toHaveLength(0);
			const after = one(await tx<{ n: number }[]>`select coalesce(sum(submissions), 0)::int as n from public.class_queue_counts where class_id = ${w.classA1}`).n;
			expect(after).toBe(before - 1);
			await asSuperuser(tx);
			expect(await tx`select 1 from public.notifications where submission_id = ${id}`).toHaveLength(0);
			const [event] = await tx`select from_state, to_state, actor_role from public.submission_events where submission_id = ${id} order by id desc limit 1`;
			expect(event).toEqual({ from_state: 'submitted', to_state: 'withdrawn', actor_role: 'student' });
			// The child still has it, in their own list.
			await actAs(tx, w.people.childA1);
			expect(await tx`select state from public.my_submissions where id = ${id}`).toEqual([{ state: 'withdrawn' }]);
		});
	});

	it('a returned one can be withdrawn too (the next move was the child’s)', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			await actAs(tx, w.people.teacherA1);
			await tx`select public.return_submission(${id}, (select version from public.submissions where id = ${id}), '再想想')`;
			const { version } = await row(tx, id);
			await actAs(tx, w.people.childA1);
			await withdraw(id, version)(tx);
			expect((await row(tx, id)).state).toBe('withdrawn');
		});
	});

	it('refuses a stale version, another child, a teacher, and every state after the teacher acted', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			const { version } = await row(tx, id);
			await actAs(tx, w.people.childA1);
			expect(await dbError(tx, withdraw(id, version - 1))).toEqual({ code: 'PT409', message: 'stale_version' });
			expect(await dbError(tx, withdraw(id, null as unknown as number))).toEqual({ code: 'PT409', message: 'stale_version' });
			await actAs(tx, w.people.childA1b);
			expect(await dbError(tx, withdraw(id, version))).toEqual({ code: 'PT404', message: 'not_found' });
			await actAs(tx, w.people.teacherA1);
			expect(await dbError(tx, withdraw(id, version))).toEqual({ code: '42501', message: 'not_allowed' });
			await actAs(tx, w.people.admin);
			expect(await dbError(tx, withdraw(id, version))).toEqual({ code: '42501', message: 'not_allowed' });

			// Approved (the teacher acted), then answered: too late.
			await actAs(tx, w.people.teacherA1);
			await approve(tx, id);
			let v = (await row(tx, id)).version;
			await actAs(tx, w.people.childA1);
			expect(await dbError(tx, withdraw(id, v))).toEqual({ code: 'P0001', message: 'invalid_state' });

			// Rejected, escalated, and twice.
			await actAs(tx, w.people.childA1);
			const rejected = await submit(tx);
			await actAs(tx, w.people.teacherA1);
			await tx`select public.reject_submission(${rejected}, (select version from public.submissions where id = ${rejected}), 'duplicate', null)`;
			await actAs(tx, w.people.childA1);
			const esc = await submit(tx);
			await actAs(tx, w.people.teacherA1);
			await tx`select public.escalate_submission(${esc}, (select version from public.submissions where id = ${esc}), '担心')`;
			await actAs(tx, w.people.childA1);
			const again = await submit(tx);
			const againVersion = (await row(tx, again)).version;
			await actAs(tx, w.people.childA1);
			await withdraw(again, againVersion)(tx);
			for (const sid of [rejected, esc, again]) {
				v = (await row(tx, sid)).version;
				await actAs(tx, w.people.childA1);
				expect(await dbError(tx, withdraw(sid, v)), sid).toEqual({ code: 'P0001', message: 'invalid_state' });
			}
		});
	});
});

/** A proposal of childA1 approved by teacherA1 (forwarded to district A); returns its id and version. */
async function forwarded(tx: Tx, title = 'co-sign me'): Promise<{ id: string; version: number }> {
	await actAs(tx, w.people.childA1);
	const id = await submit(tx, proposal({ title }));
	await actAs(tx, w.people.teacherA1);
	await approve(tx, id, null, { title: 'public ' + title });
	return { id, version: (await row(tx, id)).version };
}

const cosign = (id: string, version: number) => (sp: Tx) => sp`select public.cosign_submission(${id}, ${version}) as n`;

describe('co-signing', () => {
	it('a child of the same school (another class too) co-signs once; the count is shown to everyone who sees it; the version stays', async () => {
		await rolledBack(sql, async (tx) => {
			const { id, version } = await forwarded(tx);
			await actAs(tx, w.people.childA1b);
			expect(one(await cosign(id, version)(tx)).n).toBe(1);
			expect(await dbError(tx, cosign(id, version))).toEqual({ code: 'PT409', message: 'already_cosigned' });
			await actAs(tx, w.people.childA2);
			expect(one(await cosign(id, version)(tx)).n).toBe(2);
			expect((await row(tx, id)).version).toBe(version);

			for (const who of [w.people.childA1, w.people.childA1b, w.people.teacherA1, w.people.teacherA2, w.people.staffA, w.people.admin]) {
				await actAs(tx, who);
				expect(await tx`select cosigners from public.cosign_counts where submission_id = ${id}`).toEqual([{ cosigners: 2 }]);
			}
			for (const who of [w.people.childB, w.people.teacherB, w.people.staffB]) {
				await actAs(tx, who);
				expect(await tx`select cosigners from public.cosign_counts where submission_id = ${id}`).toEqual([]);
			}
			// The children's list shows the public copy, the count and their own mark.
			await actAs(tx, w.people.childA2);
			const [listed] = await tx`select title, cosigners, cosigned, mine, total from public.school_proposals(100, 0, ${id})`;
			expect(listed).toEqual({ title: 'public co-sign me', cosigners: 2, cosigned: true, mine: false, total: '1' });
			await actAs(tx, w.people.childA1);
			const [own] = await tx`select cosigned, mine from public.school_proposals(100, 0, ${id})`;
			expect(own).toEqual({ cosigned: false, mine: true });
			await actAs(tx, w.people.childB);
			expect(await tx`select id from public.school_proposals(100, 0, ${id})`).toEqual([]);
		});
	});

	it('who co-signed stays inside the school: the child sees their own row, the school’s teachers all, staff and other schools none', async () => {
		await rolledBack(sql, async (tx) => {
			const { id, version } = await forwarded(tx);
			for (const who of [w.people.childA1b, w.people.childA2]) {
				await actAs(tx, who);
				await cosign(id, version)(tx);
			}
			await actAs(tx, w.people.childA1b);
			expect(await tx`select student_id from public.cosignatures where submission_id = ${id}`).toEqual([{ student_id: w.ids.childA1b }]);
			await actAs(tx, w.people.childA1);
			expect(await tx`select student_id from public.cosignatures where submission_id = ${id}`).toEqual([]);
			// teacherA2 teaches another class of the school: inside the school.
			for (const who of [w.people.teacherA1, w.people.teacherA2]) {
				await actAs(tx, who);
				expect(await tx`select 1 from public.cosignatures where submission_id = ${id}`).toHaveLength(2);
				const names = await tx`select display_name from public.submission_cosigners(${id})`;
				expect(names.map((r) => r.display_name).sort()).toEqual(['小兰' + w.tag, '小红' + w.tag].sort());
			}
			for (const who of [w.people.staffA, w.people.teacherB, w.people.childB, w.people.admin]) {
				await actAs(tx, who);
				expect(await tx`select 1 from public.cosignatures where submission_id = ${id}`).toEqual([]);
			}
			await actAs(tx, w.people.staffA);
			expect(await dbError(tx, (sp) => sp`select * from public.submission_cosigners(${id})`)).toEqual({ code: '42501', message: 'not_allowed' });
			await actAs(tx, w.people.teacherB);
			expect(await dbError(tx, (sp) => sp`select * from public.submission_cosigners(${id})`)).toEqual({ code: '42501', message: 'not_allowed' });
		});
	});

	it('refuses the author, another school, what is not forwarded, a stale version, adults', async () => {
		await rolledBack(sql, async (tx) => {
			const { id, version } = await forwarded(tx);
			await actAs(tx, w.people.childA1);
			expect(await dbError(tx, cosign(id, version))).toEqual({ code: 'P0001', message: 'cosign_own' });
			await actAs(tx, w.people.childB);
			expect(await dbError(tx, cosign(id, version))).toEqual({ code: 'PT404', message: 'not_found' });
			await actAs(tx, w.people.childA1b);
			expect(await dbError(tx, cosign(id, version - 1))).toEqual({ code: 'PT409', message: 'stale_version' });
			for (const who of [w.people.teacherA1, w.people.staffA, w.people.admin]) {
				await actAs(tx, who);
				expect(await dbError(tx, cosign(id, version))).toEqual({ code: '42501', message: 'not_allowed' });
			}
			await actAs(tx, w.people.childA1);
			const waiting = await submit(tx);
			const v = (await row(tx, waiting)).version;
			await actAs(tx, w.people.childA1b);
			expect(await dbError(tx, cosign(waiting, v))).toEqual({ code: 'PT404', message: 'not_found' });
			expect(await tx`select id from public.school_proposals(100, 0, ${waiting})`).toEqual([]);
		});
	});

	it('the public copy carries the count once answered, and follows later co-signs', async () => {
		await rolledBack(sql, async (tx) => {
			const { id, version } = await forwarded(tx);
			await actAs(tx, w.people.childA1b);
			await cosign(id, version)(tx);
			await actAs(tx, w.people.staffA);
			await tx`select public.answer_submission(${id}, ${version}, 'adopted', '好的。', ${[w.goal]}::uuid[])`;
			await actAs(tx, w.people.childA2);
			await cosign(id, version + 1)(tx);
			await actAs(tx, { kind: 'anon' });
			expect(await tx`select cosigners from public.published_answers where submission_id = ${id}`).toEqual([{ cosigners: 2 }]);
			expect(await tx`select cosigners from public.public_goal_answers where submission_id = ${id}`).toEqual([{ cosigners: 2 }]);
			expect(await dbError(tx, (sp) => sp`select 1 from public.cosign_counts`)).toMatchObject({ code: '42501' });
		});
	});
});

async function counts(tx: Tx, who: World['people'][keyof World['people']]) {
	await actAs(tx, who);
	const [c] = await tx<{ unread: number; total: number }[]>`select unread, total from public.notification_counts`;
	const list = await tx<{ kind: string; read_at: Date | null; submission_id: string }[]>`select kind, read_at, submission_id from public.my_notifications order by created_at desc, id`;
	return { unread: c?.unread ?? 0, total: c?.total ?? 0, list };
}

describe('notifications', () => {
	it('each role is told what concerns them; the counter matches the rows', async () => {
		await rolledBack(sql, async (tx) => {
			const before = { teacher: await counts(tx, w.people.teacherA1), staff: await counts(tx, w.people.staffA), child: await counts(tx, w.people.childA1) };
			const { id, version } = await forwarded(tx, 'notify me');
			const teacher = await counts(tx, w.people.teacherA1);
			expect(teacher.unread).toBe(before.teacher.unread + 1);
			expect(teacher.list.filter((n) => n.submission_id === id).map((n) => n.kind)).toEqual(['submitted']);
			const child = await counts(tx, w.people.childA1);
			expect(child.list.filter((n) => n.submission_id === id).map((n) => n.kind)).toEqual(['approved']);
			const staff = await counts(tx, w.people.staffA);
			expect(staff.list.filter((n) => n.submission_id === id).map((n) => n.kind)).toEqual(['forwarded']);
			expect(staff.unread).toBe(before.staff.unread + 1);
			// Staff of another district hear nothing.
			expect((await counts(tx, w.people.staffB)).list.filter((n) => n.submission_id === id)).toEqual([]);

			await actAs(tx, w.people.staffA);
			await tx`select public.answer_submission(${id}, ${version}, 'under_study', '我们在研究。', ${[w.goal]}::uuid[])`;
			const answered = await counts(tx, w.people.childA1);
			expect(answered.list.filter((n) => n.submission_id === id).map((n) => n.kind).sort()).toEqual(['answered', 'approved']);
			expect(answered.unread).toBe(child.unread + 1);

			// A progress update (the routing work calls private.notify_author).
			await asSuperuser(tx);
			await tx`select private.notify_author(${id}, 'updated')`;
			expect((await counts(tx, w.people.childA1)).list.filter((n) => n.submission_id === id && n.kind === 'updated')).toHaveLength(1);
			// The counter agrees with the rows for everyone.
			await asSuperuser(tx);
			const drift = await tx`select c.recipient_id from public.notification_counts c
				left join (select recipient_id, count(*) filter (where read_at is null) as unread, count(*) as total
					from public.notifications group by recipient_id) n using (recipient_id)
				where c.unread <> coalesce(n.unread, 0) or c.total <> coalesce(n.total, 0)`;
			expect(drift).toEqual([]);
		});
	});

	it('staff get one line per item: a second event moves it up and makes it unread again', async () => {
		await rolledBack(sql, async (tx) => {
			const { id, version } = await forwarded(tx, 'collapse me');
			// A second staff member of district A answers: staffA's line becomes `answered`, unread.
			await asSuperuser(tx);
			const colleague = one(await tx<{ id: string }[]>`select id from auth.users where id = ${w.ids.staffA}`).id;
			expect(colleague).toBe(w.ids.staffA);
			await actAs(tx, w.people.staffA);
			await tx`select public.mark_notifications_read(null, null)`;
			const read = await counts(tx, w.people.staffA);
			expect(read.unread).toBe(0);
			await asSuperuser(tx);
			await tx`select private.notify_district_staff(${id}, 'answered')`;
			await tx`select private.notify(${w.ids.staffA}, ${id}, 'updated')`;
			const after = await counts(tx, w.people.staffA);
			const lines = after.list.filter((n) => n.submission_id === id);
			expect(lines).toHaveLength(1);
			expect(lines[0]).toMatchObject({ kind: 'updated', read_at: null });
			expect(after.unread).toBe(1);
			expect(after.total).toBe(read.total);
			expect(version).toBeGreaterThan(0);
		});
	});

	it('mark one, mark all up to what was shown; only one’s own; anon has no counter', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const a = await submit(tx);
			const b = await submit(tx);
			await actAs(tx, w.people.teacherA1);
			await tx`select public.return_submission(${a}, (select version from public.submissions where id = ${a}), '改一改')`;
			await tx`select public.return_submission(${b}, (select version from public.submissions where id = ${b}), '改一改')`;
			const start = await counts(tx, w.people.childA1);
			await actAs(tx, w.people.childA1);
			const [na] = await tx<{ id: string }[]>`select id from public.my_notifications where submission_id = ${a}`;
			// Someone else's id does nothing.
			await actAs(tx, w.people.childA1b);
			expect(one(await tx`select public.mark_notifications_read(${[na!.id]}::uuid[]) as n`).n).toBe(0);
			await actAs(tx, w.people.childA1);
			expect(one(await tx`select public.mark_notifications_read(${[na!.id]}::uuid[]) as n`).n).toBe(1);
			expect((await counts(tx, w.people.childA1)).unread).toBe(start.unread - 1);
			// "Mark all" up to a time before everything: nothing.
			await actAs(tx, w.people.childA1);
			expect(one(await tx`select public.mark_notifications_read(null, '2000-01-01') as n`).n).toBe(0);
			expect(one(await tx`select public.mark_notifications_read() as n`).n).toBe(start.unread - 1);
			expect((await counts(tx, w.people.childA1)).unread).toBe(0);
			await actAs(tx, w.people.childA1);
			expect(await dbError(tx, (sp) => sp`select public.mark_notifications_read(${Array.from({ length: 101 }, () => na!.id)}::uuid[])`)).toEqual({
				code: 'P0001',
				message: 'field_invalid:ids'
			});
			await actAs(tx, { kind: 'anon' });
			expect(await dbError(tx, (sp) => sp`select unread from public.notification_counts`)).toMatchObject({ code: '42501' });
			expect(await dbError(tx, (sp) => sp`select public.mark_notifications_read()`)).toMatchObject({ code: '42501' });
		});
	});

	it('escalating a forwarded item takes it off the staff’s and teachers’ lists; the leads are told', async () => {
		await rolledBack(sql, async (tx) => {
			const { id } = await forwarded(tx, 'escalate me');
			await actAs(tx, w.people.teacherA1);
			await tx`select public.escalate_submission(${id}, (select version from public.submissions where id = ${id}), '担心')`;
			expect((await counts(tx, w.people.staffA)).list.filter((n) => n.submission_id === id)).toEqual([]);
			expect((await counts(tx, w.people.teacherA1)).list.filter((n) => n.submission_id === id)).toEqual([]);
			const lead = await counts(tx, w.people.leadA);
			expect(lead.list.filter((n) => n.submission_id === id).map((n) => n.kind)).toEqual(['escalated']);
			// The lead's list names no title (the logged safeguarding pages do).
			await actAs(tx, w.people.leadA);
			expect(await tx`select title from public.my_notifications where submission_id = ${id}`).toEqual([{ title: null }]);
		});
	});
});
