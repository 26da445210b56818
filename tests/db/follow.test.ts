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
