/**
 * The author hears of co-signs (issue 9 §5): one unread `cosigned` line per item with the number
 * of children who co-signed since the author last read it — never one line per co-sign — in
 * the bell's counters too; read, the next co-sign starts a new line; nobody else is told.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, approve, asSuperuser, connect, createWorld, one, proposal, rolledBack, submit, type Sql, type Tx, type World } from './helpers';

let sql: Sql;
let w: World;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
});

afterAll(async () => {
	await sql?.end();
});

async function forwarded(tx: Tx): Promise<{ id: string; version: number }> {
	await actAs(tx, w.people.childA1);
	const id = await submit(tx, proposal({ title: 'co-sign me' }));
	await actAs(tx, w.people.teacherA1);
	await approve(tx, id, null, { title: 'public co-sign me' });
	await asSuperuser(tx);
	return { id, version: one(await tx`select version from public.submissions where id = ${id}`).version as number };
}

const cosign = (tx: Tx, id: string, version: number) => tx`select public.cosign_submission(${id}, ${version})`;
const linesOf = (tx: Tx, id: string) =>
	tx`select cosigns, read_at is null as unread from public.my_notifications where submission_id = ${id} and kind = 'cosigned' order by created_at`;
const unreadCount = async (tx: Tx) => Number(one(await tx`select unread from public.notification_counts`).unread);

describe('co-sign notifications', () => {
	it('two co-signs make one unread line with the count 2, counted once in the bell', async () => {
		await rolledBack(sql, async (tx) => {
			const { id, version } = await forwarded(tx);
			await actAs(tx, w.people.childA1);
			const before = await unreadCount(tx);
			await actAs(tx, w.people.childA1b);
			await cosign(tx, id, version);
			await actAs(tx, w.people.childA1);
			expect(await linesOf(tx, id)).toEqual([{ cosigns: 1, unread: true }]);
			expect(await unreadCount(tx)).toBe(before + 1);
			await actAs(tx, w.people.childA2);
			await cosign(tx, id, version);
			await actAs(tx, w.people.childA1);
			expect(await linesOf(tx, id)).toEqual([{ cosigns: 2, unread: true }]);
			expect(await unreadCount(tx)).toBe(before + 1);
			// Only the author is told: not the co-signers, not the teacher.
			for (const who of [w.people.childA1b, w.people.childA2, w.people.teacherA1]) {
				await actAs(tx, who);
				expect(await linesOf(tx, id)).toEqual([]);
			}
		});
	});

	it('once read, the next co-sign starts a new unread line with 1', async () => {
		await rolledBack(sql, async (tx) => {
			const { id, version } = await forwarded(tx);
			await actAs(tx, w.people.childA1b);
			await cosign(tx, id, version);
			await actAs(tx, w.people.childA1);
			const line = one(await tx`select id from public.my_notifications where submission_id = ${id} and kind = 'cosigned'`);
			await tx`select public.mark_notifications_read(array[${line.id}]::uuid[], null)`;
			await actAs(tx, w.people.childA2);
			await cosign(tx, id, version);
			await actAs(tx, w.people.childA1);
			expect(await linesOf(tx, id)).toEqual([
				{ cosigns: 1, unread: false },
				{ cosigns: 1, unread: true }
			]);
		});
	});

	it('an erased author hears nothing (the co-sign still counts)', async () => {
		await rolledBack(sql, async (tx) => {
			const { id } = await forwarded(tx);
			await tx`update public.submissions set author_id = null where id = ${id}`;
			const version = one(await tx`select version from public.submissions where id = ${id}`).version as number;
			await actAs(tx, w.people.childA1b);
			await cosign(tx, id, version);
			await asSuperuser(tx);
			expect(await tx`select 1 from public.notifications where submission_id = ${id} and kind = 'cosigned'`).toEqual([]);
			expect(one(await tx`select cosigners from public.cosign_counts where submission_id = ${id}`).cosigners).toBe(1);
		});
	});
});
