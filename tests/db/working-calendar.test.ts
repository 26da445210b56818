/**
 * The working calendar maintained by admins (issue 11 §2): a year saved whole at the version shown,
 * audited; due dates across an entered holiday and an adjusted working day (调休); open items'
 * due dates counted again; the /admin warning when next year is missing and due dates reach it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, asSuperuser, connect, createWorld, dbError, one, rolledBack, submit, type Sql, type Tx, type World } from './helpers';

let sql: Sql;
let w: World;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
});
afterAll(async () => {
	await sql.end();
});

/** An invented year far from the real ones (never loaded by a migration). */
const YEAR = 2091;
// 2091-01-01 is a Monday; 2091-01-06 a Saturday.
const DAYS = [
	{ day: `${YEAR}-01-01`, working: false, name: '元旦' },
	{ day: `${YEAR}-01-02`, working: false, name: '元旦' },
	{ day: `${YEAR}-01-06`, working: true, name: '元旦（调休上班）' }
];

/** The n-th working day after `from` (private: read as the superuser; the caller is admin again after). */
const due = async (tx: Tx, from: string, n: number) => {
	await asSuperuser(tx);
	const d = one(await tx<{ d: string }[]>`select private.add_working_days(${from}::date, ${n})::text as d`).d;
	await actAs(tx, w.people.admin);
	return d;
};
const save = (tx: Tx, version: number, days: unknown, year = YEAR) =>
	tx<{ v: number }[]>`select public.admin_save_calendar_year(${year}, ${version}, ${tx.json(days as never)}) as v`;
const read = async (tx: Tx, year = YEAR) =>
	one(await tx<{ r: { loaded: boolean; version: number; days: { day: string; working: boolean; name: string }[] } }[]>`select public.admin_calendar_year(${year}) as r`).r;

describe('admin_save_calendar_year', () => {
	it('a year without a calendar counts Monday–Friday; once entered, its holiday is skipped and its adjusted Saturday counts', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.admin);
			expect(await due(tx, `${YEAR - 1}-12-29`, 1)).toBe(`${YEAR}-01-01`);
			expect(await due(tx, `${YEAR}-01-05`, 1)).toBe(`${YEAR}-01-08`);
			expect(await read(tx)).toMatchObject({ loaded: false, version: 0, days: [] });

			expect(one(await save(tx, 0, DAYS)).v).toBe(1);
			// Across the holiday (Mon 1st, Tue 2nd off): the first working day after Fri 29 Dec is Wed 3 Jan.
			expect(await due(tx, `${YEAR - 1}-12-29`, 1)).toBe(`${YEAR}-01-03`);
			expect(await due(tx, `${YEAR - 1}-12-29`, 3)).toBe(`${YEAR}-01-05`);
			// The adjusted working Saturday counts, the Sunday after it does not.
			expect(await due(tx, `${YEAR}-01-05`, 1)).toBe(`${YEAR}-01-06`);
			expect(await due(tx, `${YEAR}-01-05`, 2)).toBe(`${YEAR}-01-08`);
			expect(await read(tx)).toMatchObject({ loaded: true, version: 1, days: DAYS });
		});
	});

	it('is all-or-nothing, at the version shown, audited, for admins only', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.staffA);
			expect((await dbError(tx, (sp) => save(sp, 0, DAYS))).code).toBe('42501');
			expect((await dbError(tx, (sp) => sp`select public.admin_calendar_year(${YEAR})`)).code).toBe('42501');
			expect((await dbError(tx, (sp) => sp`select public.admin_calendar_status()`)).code).toBe('42501');
			await actAs(tx, w.people.teacherA1);
			expect((await dbError(tx, (sp) => save(sp, 0, DAYS))).code).toBe('42501');

			await actAs(tx, w.people.admin);
			await save(tx, 0, DAYS);
			// A second admin's page still showed version 0.
			expect((await dbError(tx, (sp) => save(sp, 0, DAYS.slice(0, 1)))).code).toBe('PT409');
			// Each bad entry refuses the whole year; nothing of it is written.
			const bad: unknown[][] = [
				[...DAYS, { day: `${YEAR}-01-03`, working: true, name: '周三上班' }], // adjusted working day on a weekday
				[...DAYS, { day: `${YEAR + 1}-01-01`, working: false, name: '元旦' }], // another year
				[...DAYS, { day: `${YEAR}-01-01`, working: false, name: '又一个' }], // twice
				[...DAYS, { day: `${YEAR}-03-01`, working: false, name: ' ' }], // no name
				[...DAYS, { day: `${YEAR}-03-01`, working: false, name: '长'.repeat(41) }],
				[...DAYS, { day: 'not a date', working: false, name: '坏' }],
				[...DAYS, { day: `${YEAR}-02-30`, working: false, name: '坏' }],
				[...DAYS, { day: `${YEAR}-03-02`, working: 'maybe', name: '坏' }],
				[{ day: `${YEAR}-03-02`, name: '缺' }]
			];
			for (const days of bad) expect((await dbError(tx, (sp) => save(sp, 1, days))).message, JSON.stringify(days.at(-1))).toBe('field_invalid:days');
			expect((await dbError(tx, (sp) => save(sp, 1, []))).message).toBe('field_required:days');
			expect((await dbError(tx, (sp) => save(sp, 1, { day: 'x' }))).message).toBe('field_invalid:days');
			const many = Array.from({ length: 81 }, (_, i) => ({ day: new Date(Date.UTC(YEAR, 3, 1) + i * 86_400_000).toISOString().slice(0, 10), working: false, name: '假' }));
			expect((await dbError(tx, (sp) => save(sp, 1, many))).message).toBe('field_too_long:days');
			expect((await dbError(tx, (sp) => save(sp, 0, DAYS, 1999))).message).toBe('field_invalid:year');
			expect(await read(tx)).toMatchObject({ version: 1, days: DAYS });

			// A correction: the 2nd was not a holiday after all.
			const corrected = DAYS.filter((d) => d.day !== `${YEAR}-01-02`);
			expect(one(await save(tx, 1, corrected)).v).toBe(2);
			expect(await read(tx)).toMatchObject({ version: 2, days: corrected });
			expect(await due(tx, `${YEAR - 1}-12-29`, 1)).toBe(`${YEAR}-01-02`);

			await asSuperuser(tx);
			const audit = await tx<{ actor_id: string; before: unknown[]; after: unknown[] }[]>`
				select actor_id, before, after from private.working_calendar_changes where year = ${YEAR} order by id`;
			expect(audit).toEqual([
				{ actor_id: w.ids.admin, before: [], after: DAYS },
				{ actor_id: w.ids.admin, before: DAYS, after: corrected }
			]);
		});
	});

	it("counts again the due date of open items that reach the year, and leaves the others", async () => {
		await rolledBack(sql, async (tx) => {
			const item = async (forwardedAt: string, state = 'approved') => {
				await actAs(tx, w.people.childA1);
				const id = await submit(tx);
				await asSuperuser(tx);
				await tx`update public.submissions set state = 'approved', forwarded_at = ${forwardedAt},
					public_title = 't', public_problem = 'p', public_suggestions = 's', public_who_should_act = 'w' where id = ${id}`;
				if (state !== 'approved') await tx`update public.submissions set state = ${state} where id = ${id}`;
				return id;
			};
			const dueOf = async (id: string) => one(await tx<{ d: string }[]>`select due_on::text as d from public.submissions where id = ${id}`).d;
			// Forwarded on Wed 20 Dec (Shanghai): 15 working days Monday–Friday → Wed 10 Jan.
			const open = await item(`${YEAR - 1}-12-20 02:00:00+00`);
			const before = await dueOf(open);
			expect(before).toBe(`${YEAR}-01-10`);
			await actAs(tx, w.people.admin);
			await save(tx, 0, DAYS);
			await asSuperuser(tx);
			// Two holidays skipped, the adjusted Saturday counted: one day later.
			expect(await dueOf(open)).toBe(`${YEAR}-01-11`);
			const [audit] = await tx<{ shifted: number }[]>`select shifted from private.working_calendar_changes where year = ${YEAR}`;
			expect(audit!.shifted).toBeGreaterThanOrEqual(1);
		});
	});
});

describe('saving a year counts the dashboards\' working days again (20261201010100)', () => {
	/** An answered item of district A, forwarded and answered at these Shanghai times. */
	const answered = async (tx: Tx, forwardedAt: string, answeredAt: string) => {
		await actAs(tx, w.people.childA1);
		const id = await submit(tx);
		await asSuperuser(tx);
		await tx`update public.submissions set state = 'approved', forwarded_at = ${forwardedAt}::timestamptz,
			public_title = 't', public_problem = 'p', public_suggestions = 's', public_who_should_act = 'w' where id = ${id}`;
		const v = one(await tx<{ version: number }[]>`select version from public.submissions where id = ${id}`).version;
		await actAs(tx, w.people.staffA);
		await tx`select public.answer_submission(${id}, ${v}, 'adopted'::public.answer_decision, '答复', ${[w.goal]}::uuid[])`;
		await asSuperuser(tx);
		await tx`update public.submissions set answered_at = ${answeredAt}::timestamptz where id = ${id}`;
		return id;
	};
	const median = async (tx: Tx) => {
		await actAs(tx, w.people.staffA);
		const r = one(await tx<{ wd: number | null }[]>`select median_working_days_to_answer as wd from public.dashboard_groups
			where dim = 'district' and group_key = ${w.districtA}`).wd;
		await asSuperuser(tx);
		return r;
	};
	/** Every dashboard counter of district A as text, sorted. */
	const counters = async (tx: Tx) => {
		await asSuperuser(tx);
		const rows = await tx<{ k: string }[]>`select dim || ' ' || group_key || ' ' || submissions || '/' || open_items || '/' || answered
			|| ' ' || answer_days::text || ' ' || answer_working_days::text as k
			from public.dashboard_counts where district_id = ${w.districtA} order by 1`;
		return rows.map((r) => r.k);
	};
	/** The counters equal what private.recount_dashboards() rebuilds from the rows. */
	const expectAsRecounted = async (tx: Tx) => {
		const kept = await counters(tx);
		await tx`select private.recount_dashboards()`;
		expect(kept).toEqual(await counters(tx));
	};

	it('an answer spanning a day that becomes a holiday, or an adjusted working day, moves the median; the counters equal a recount', async () => {
		await rolledBack(sql, async (tx) => {
			// March 2091: Mon 5, Wed 7, Fri 9, Sat 10, Fri 16. No calendar yet: Monday–Friday.
			await answered(tx, `${YEAR}-03-05 10:00+08`, `${YEAR}-03-09 10:00+08`); // Tue–Fri: 4 working days
			await answered(tx, `${YEAR}-03-05 10:00+08`, `${YEAR}-03-08 10:00+08`); // 3
			await answered(tx, `${YEAR}-03-09 10:00+08`, `${YEAR}-03-16 10:00+08`); // Mon 12–Fri 16: 5
			await answered(tx, `${YEAR}-06-04 10:00+08`, `${YEAR}-06-06 10:00+08`); // far from the changed days: 2
			// Across the new year (Fri 29 Dec → Thu 4 Jan): 4 working days, 2 once 1–2 January are holidays.
			await answered(tx, `${YEAR - 1}-12-29 10:00+08`, `${YEAR}-01-04 10:00+08`);
			// Lower median of 2, 3, 4, 4, 5.
			expect(await median(tx)).toBe(4);
			await expectAsRecounted(tx);

			await actAs(tx, w.people.admin);
			const holiday = { day: `${YEAR}-03-07`, working: false, name: '假日' };
			await save(tx, 0, [...DAYS, holiday]);
			// 2 (Jan), 2 (June), 2 (Mar 5→8), 3 (Mar 5→9), 5: the median is 2.
			expect(await median(tx)).toBe(2);
			await expectAsRecounted(tx);

			// A correction: 7 March is a working day again, Sat 10 March an adjusted working day (调休).
			await actAs(tx, w.people.admin);
			await save(tx, 1, [...DAYS, { day: `${YEAR}-03-10`, working: true, name: '调休上班' }]);
			// 2 (Jan), 2 (June), 3, 4, 6 (Sat 10 and Mon 12–Fri 16): the median is 3.
			expect(await median(tx)).toBe(3);
			await expectAsRecounted(tx);
		});
	});
});

describe('admin_calendar_status', () => {
	it('warns while next year is missing and an open item is already due in it', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			const next = one(await tx<{ y: number }[]>`select extract(year from (now() at time zone 'Asia/Shanghai'))::integer + 1 as y`).y;
			await tx`delete from private.working_calendar where extract(year from day) = ${next}`;
			await tx`delete from private.working_calendar_years where year = ${next}`;
			// No open item due next year (those of other tests are rolled back; the seed's are moved).
			await tx`update public.submissions set due_on = ${`${next - 1}-06-01`} where state = 'approved' and due_on >= ${`${next}-01-01`}`;
			const status = async () => {
				await actAs(tx, w.people.admin);
				const s = one(await tx<{ s: { next_year: number; next_year_loaded: boolean; open_items_due_next_year: boolean; due_if_forwarded_today: string; warning: boolean } }[]>`select public.admin_calendar_status() as s`).s;
				await asSuperuser(tx);
				return s;
			};
			const first = await status();
			expect(first).toMatchObject({ next_year: next, next_year_loaded: false, open_items_due_next_year: false });
			// Unless today's forwarding already reaches it (late December), no warning yet.
			expect(first.warning).toBe(first.due_if_forwarded_today >= `${next}-01-01`);

			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			await asSuperuser(tx);
			await tx`update public.submissions set state = 'approved', forwarded_at = now(),
				public_title = 't', public_problem = 'p', public_suggestions = 's', public_who_should_act = 'w' where id = ${id}`;
			await tx`update public.submissions set due_on = ${`${next}-01-05`} where id = ${id}`;
			expect(await status()).toMatchObject({ open_items_due_next_year: true, warning: true });

			await actAs(tx, w.people.admin);
			await save(tx, 0, [{ day: `${next}-01-01`, working: false, name: '元旦' }], next);
			expect(await status()).toMatchObject({ next_year_loaded: true, warning: false });
		});
	});
});
