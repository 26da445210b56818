/**
 * Retention (migration 20261130002100): what the scheduled job and the admin's run delete — every
 * submission older than the period that was never published — and what stays; the setting, the dry
 * run, and who may do what.
 */
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
	rolledBack,
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

const NOT_ALLOWED = { code: '42501', message: 'not_allowed' };

/** Move submissions back in time (as if written `months` ago). */
async function age(tx: Tx, ids: string[], months: number) {
	await asSuperuser(tx);
	await tx`update public.submissions set created_at = now() - make_interval(months => ${months}) where id = any(${ids}::uuid[])`;
}

async function exists(tx: Tx, id: string) {
	await asSuperuser(tx);
	return (await tx`select 1 from public.submissions where id = ${id}`).length === 1;
}

async function status(tx: Tx) {
	await actAs(tx, w.people.admin);
	return one(await tx<{ keep_months: number; due: number; last_run_deleted: number | null }[]>`select * from public.retention_status()`);
}

describe('retention', () => {
	it('deletes what is older than the period and never published — in every state — and keeps what was published or is recent', async () => {
		await rolledBack(sql, async (tx) => {
			// 37 months: over the default 36. Published (answered) items stay whatever their age.
			await age(tx, [subs.submitted, subs.returned, subs.approved, subs.answered, subs.otherDistrictAnswered], 37);
			// 35 months: not yet.
			await age(tx, [subs.otherClassApproved], 35);
			const before = await status(tx);
			expect(before.keep_months).toBe(36);
			const dueBefore = before.due;
			expect(dueBefore).toBeGreaterThanOrEqual(3);
			await asSuperuser(tx);
			const events = one(await tx`select count(*)::int as n from public.submission_events where submission_id = ${subs.returned}`).n;
			expect(events).toBeGreaterThan(0);

			await actAs(tx, w.people.admin);
			const deleted = one(await tx<{ n: number }[]>`select public.apply_retention() as n`).n;
			expect(deleted).toBe(dueBefore);
			for (const id of [subs.submitted, subs.returned, subs.approved]) expect(await exists(tx, id)).toBe(false);
			for (const id of [subs.answered, subs.otherDistrictAnswered, subs.otherClassApproved]) expect(await exists(tx, id)).toBe(true);
			// Their events and notifications went with them; the public copies are all still there.
			await asSuperuser(tx);
			expect(one(await tx`select count(*)::int as n from public.submission_events where submission_id = ${subs.returned}`).n).toBe(0);
			expect(one(await tx`select count(*)::int as n from public.notifications where submission_id = ${subs.approved}`).n).toBe(0);
			expect(await tx`select 1 from public.published_answers where submission_id in (${subs.answered}, ${subs.otherDistrictAnswered})`).toHaveLength(2);
			// The run is logged with who ran it; nothing is due any more.
			const after = await status(tx);
			expect({ due: after.due, last: after.last_run_deleted }).toEqual({ due: 0, last: deleted });
			await asSuperuser(tx);
			const run = one(await tx`select ran_by, deleted from private.retention_runs order by id desc limit 1`);
			expect({ ...run }).toEqual({ ran_by: w.ids.admin, deleted });
		});
	});

	it('the scheduled job (private.apply_retention as the database owner, no user) does the same and logs no user', async () => {
		await rolledBack(sql, async (tx) => {
			await age(tx, [subs.submitted], 40);
			await asSuperuser(tx);
			const n = one(await tx<{ n: number }[]>`select private.apply_retention() as n`).n;
			expect(n).toBeGreaterThanOrEqual(1);
			expect(await exists(tx, subs.submitted)).toBe(false);
			expect(one(await tx`select ran_by from private.retention_runs order by id desc limit 1`).ran_by).toBeNull();
		});
	});

	it('the period is a setting: a shorter one makes more due; the change needs the period shown, and stays within 6-240 months', async () => {
		await rolledBack(sql, async (tx) => {
			await age(tx, [subs.returned], 10);
			await actAs(tx, w.people.admin);
			const due36 = (await status(tx)).due;
			const set = (months: number | null, seen: number | null) => (sp: Tx) => sp`select public.set_retention_period(${months}, ${seen})`;
			expect(await dbError(tx, set(6, 12))).toEqual({ code: 'PT409', message: 'stale_version' });
			expect(await dbError(tx, set(5, 36))).toEqual({ code: 'P0001', message: 'field_invalid:keep_months' });
			expect(await dbError(tx, set(241, 36))).toEqual({ code: 'P0001', message: 'field_invalid:keep_months' });
			expect(await dbError(tx, set(null, 36))).toEqual({ code: 'P0001', message: 'field_required:keep_months' });
			await set(6, 36)(tx);
			const now = await status(tx);
			expect(now.keep_months).toBe(6);
			expect(now.due).toBe(due36 + 1);
			// Anyone reads the period (the privacy page).
			await actAs(tx, ANON);
			expect(one(await tx`select public.retention_period() as m`).m).toBe(6);
		});
	});

	it('only admins see the dry run, change the period or run it; anon only reads the period', async () => {
		await rolledBack(sql, async (tx) => {
			for (const who of ['teacherA1', 'staffA', 'childA1', 'nobody'] as const) {
				await actAs(tx, w.people[who]);
				for (const call of ['select * from public.retention_status()', 'select public.apply_retention()', 'select public.set_retention_period(12, 36)']) {
					expect(await dbError(tx, (sp) => sp.unsafe(call)), `${who}: ${call}`).toEqual(NOT_ALLOWED);
				}
				expect(one(await tx`select public.retention_period() as m`).m).toBe(36);
			}
			await actAs(tx, ANON);
			for (const call of ['select * from public.retention_status()', 'select public.apply_retention()', 'select public.set_retention_period(12, 36)']) {
				const err = await dbError(tx, (sp) => sp.unsafe(call));
				expect(err.code, call).toBe('42501');
				expect(err.message, call).toMatch(/permission denied for function/);
			}
			// The job's own function is not reachable by anyone through the Data API.
			await actAs(tx, w.people.admin);
			expect((await dbError(tx, (sp) => sp`select private.apply_retention()`)).code).toBe('42501');
		});
	});
});
