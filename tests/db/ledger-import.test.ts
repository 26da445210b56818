/**
 * Importing a ledger edition (save_ledger_import_draft, import_ledger): only admins, drafts are
 * the importing admin's own, the import writes every goal or none, re-importing updates goals by
 * code so answers stay linked, departments are shared by name, and the limits hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, asSuperuser, ANON, connect, createWorld, dbError, one, rolledBack, type Actor, type Sql, type Tx, type World } from './helpers';

let sql: Sql;
let w: World;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
});

afterAll(async () => {
	await sql?.end();
});

type Goal = { code: string; category: string; title_zh: string; title_en: string; departments?: string[] };

const GOALS: Goal[] = [
	{ code: 'SPC-01', category: 'space', title_zh: '口袋公园', title_en: 'Pocket parks', departments: ['市园林绿化局', '市规划自然资源委'] },
	{ code: 'SRV-01', category: 'service', title_zh: '新增学位', title_en: 'New school places', departments: ['市教委'] },
	{ code: 'ENV-01', category: 'environment', title_zh: '儿童友好医院', title_en: 'Child-friendly hospitals', departments: ['市教委', '市卫生健康委'] }
];

async function draft(tx: Tx, who: Actor, edition = 2099, rows: unknown[] = [['x']]): Promise<string> {
	await actAs(tx, who);
	const r = one(
		await tx<{ id: string }[]>`select public.save_ledger_import_draft(${edition}::smallint, 'ledger.xlsx', ${tx.json(['a'])}, ${tx.json(rows as never)}) as id`
	);
	return r.id;
}

function importLedger(tx: Tx, draftId: string, goals: unknown, edition = 2099, declared: unknown = null) {
	return tx<{ r: { created: number; updated: number; unchanged: number; kept: number } }[]>`
		select public.import_ledger(${draftId}, ${edition}::smallint, ${tx.json(goals as never)}, ${declared === null ? null : tx.json(declared as never)}) as r`;
}

describe('who may import', () => {
	it.each(['childA1', 'teacherA1', 'staffA', 'leadA', 'nobody'] as const)('%s may neither save a draft nor import', async (who) => {
		await rolledBack(sql, async (tx) => {
			const id = await draft(tx, w.people.admin);
			await actAs(tx, w.people[who]);
			expect((await dbError(tx, (sp) => sp`select public.save_ledger_import_draft(2099::smallint, 'a.csv', '["a"]', '[["x"]]')`)).message).toBe('not_allowed');
			expect((await dbError(tx, (sp) => importLedger(sp, id, GOALS))).message).toBe('not_allowed');
			expect(await tx`select * from public.ledger_import_drafts`).toHaveLength(0);
		});
	});

	it('anon cannot even call them', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, ANON);
			expect((await dbError(tx, (sp) => sp`select public.save_ledger_import_draft(2099::smallint, 'a.csv', '["a"]', '[["x"]]')`)).code).toBe('42501');
		});
	});

	it("a draft is its admin's own: another admin neither reads nor imports it", async () => {
		await rolledBack(sql, async (tx) => {
			const id = await draft(tx, w.people.admin);
			expect(await tx`select id from public.ledger_import_drafts`).toHaveLength(1);
			await asSuperuser(tx);
			const other = one(await tx<{ id: string }[]>`select id from public.profiles where role = 'admin' and id <> ${w.ids.admin} limit 1`);
			await actAs(tx, { kind: 'user', id: other.id });
			expect(await tx`select id from public.ledger_import_drafts`).toHaveLength(0);
			expect((await dbError(tx, (sp) => importLedger(sp, id, GOALS))).message).toBe('not_found');
		});
	});
});

describe('the import', () => {
	it('creates a new edition with its goals, departments (shared by name) and declared counts, and removes the draft', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await draft(tx, w.people.admin);
			const { r } = one(await importLedger(tx, id, GOALS, 2099, { space: 26, service: 42 }));
			expect(r).toEqual({ created: 3, updated: 0, unchanged: 0, kept: 0 });
			await asSuperuser(tx);
			const edition = one(await tx<{ title_zh: string; source: string }[]>`select * from public.ledger_editions where year = 2099`);
			expect(edition.title_zh).toContain('2099');
			expect(edition.source).toContain('ledger.xlsx');
			const goals = await tx<{ code: string; departments: string[] }[]>`
				select g.code, array_agg(d.name_zh order by d.name_zh) as departments
				from public.ledger_goals g
				join public.ledger_goal_departments gd on gd.goal_id = g.id
				join public.departments d on d.id = gd.department_id
				where g.edition = 2099 group by g.code order by g.code`;
			expect(goals).toEqual([
				{ code: 'ENV-01', departments: ['市卫生健康委', '市教委'].sort() },
				{ code: 'SPC-01', departments: ['市园林绿化局', '市规划自然资源委'].sort() },
				{ code: 'SRV-01', departments: ['市教委'] }
			]);
			expect(one(await tx<{ n: number }[]>`select count(*)::int as n from public.departments where name_zh = '市教委'`).n).toBe(1);
			const summary = await tx`select category, declared_count, known_count from public.ledger_category_summary where edition = 2099 order by category`;
			expect(summary.find((s) => s.category === 'space')).toEqual({ category: 'space', declared_count: 26, known_count: 1 });
			expect(summary.find((s) => s.category === 'rights')).toEqual({ category: 'rights', declared_count: null, known_count: 0 });
			expect(await tx`select * from public.ledger_import_drafts where id = ${id}`).toHaveLength(0);
			// Anyone reads departments and who answers for a goal.
			await actAs(tx, ANON);
			expect((await tx`select * from public.ledger_goal_departments gd join public.ledger_goals g on g.id = gd.goal_id where g.edition = 2099`).length).toBe(5);
		});
	});

	it('re-importing an edition updates changed goals in place: same id, answers still linked; goals missing from the file are kept', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			const before = one(
				await tx<{ id: string; code: string; category: string; title_en: string; links: number; total: number }[]>`
					select g.id, g.code, g.category, g.title_en,
					  (select count(*)::int from public.answer_goals ag where ag.goal_id = g.id) as links,
					  (select count(*)::int from public.ledger_goals x where x.edition = 2023) as total
					from public.ledger_goals g where g.edition = 2023
					order by (select count(*) from public.answer_goals ag where ag.goal_id = g.id) desc, g.code limit 1`
			);
			// A goal that answers are tied to (the seed's demo answers), so the links are put to the test.
			expect(before.links).toBeGreaterThan(0);
			const other = one(await tx<Goal[]>`select code, category::text, title_zh, title_en from public.ledger_goals where edition = 2023 and id <> ${before.id} order by code limit 1`);
			const id = await draft(tx, w.people.admin, 2023);
			const { r } = one(
				await importLedger(
					tx,
					id,
					[{ code: before.code, category: before.category, title_zh: '更正后的目标', title_en: 'The corrected goal' }, other],
					2023
				)
			);
			expect(r).toEqual({ created: 0, updated: 1, unchanged: 1, kept: before.total - 2 });
			await asSuperuser(tx);
			const after = one(
				await tx<{ id: string; title_zh: string; links: number }[]>`
					select g.id, g.title_zh, (select count(*)::int from public.answer_goals ag where ag.goal_id = g.id) as links
					from public.ledger_goals g where g.edition = 2023 and g.code = ${before.code}`
			);
			expect(after).toEqual({ id: before.id, title_zh: '更正后的目标', links: before.links });
			expect(one(await tx<{ n: number }[]>`select count(*)::int as n from public.ledger_goals where edition = 2023`).n).toBe(before.total);
		});
	});

	it.each([
		[2, { ...GOALS[1], category: '公园' }, 'invalid_goal:2:category'],
		[2, { ...GOALS[1], code: 'spc-1' }, 'invalid_goal:2:code'],
		[3, { ...GOALS[2], title_zh: '   ' }, 'invalid_goal:3:title_zh'],
		[3, { ...GOALS[2], title_en: 'x'.repeat(1001) }, 'invalid_goal:3:title_en'],
		[2, { ...GOALS[1], departments: '市教委' }, 'invalid_goal:2:departments'],
		[2, { ...GOALS[1], departments: Array.from({ length: 21 }, (_, i) => `部门${i}`) }, 'invalid_goal:2:departments'],
		[3, { ...GOALS[2], code: GOALS[0]!.code }, 'duplicate_code:3']
	])('a bad row (%i) refuses the whole import: %j → %s, nothing written, the draft kept', async (row, bad, message) => {
		await rolledBack(sql, async (tx) => {
			const id = await draft(tx, w.people.admin);
			const goals = [...GOALS];
			goals[row - 1] = bad as Goal;
			expect((await dbError(tx, (sp) => importLedger(sp, id, goals))).message).toBe(message);
			await asSuperuser(tx);
			expect(await tx`select * from public.ledger_goals where edition = 2099`).toHaveLength(0);
			expect(await tx`select * from public.ledger_editions where year = 2099`).toHaveLength(0);
			expect(await tx`select * from public.ledger_import_drafts where id = ${id}`).toHaveLength(1);
		});
	});

	it('bounds what one call takes: rows, emptiness, the edition, declared counts', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.admin);
			const tooMany = Array.from({ length: 2001 }, () => ['x']);
			expect((await dbError(tx, (sp) => sp`select public.save_ledger_import_draft(2099::smallint, 'a.csv', '["a"]', ${sp.json(tooMany)})`)).message).toBe('import_too_large');
			expect((await dbError(tx, (sp) => sp`select public.save_ledger_import_draft(2099::smallint, 'a.csv', '["a"]', '[]')`)).message).toBe('import_empty');
			expect((await dbError(tx, (sp) => sp`select public.save_ledger_import_draft(1999::smallint, 'a.csv', '["a"]', '[["x"]]')`)).message).toBe('invalid_edition');
			const id = await draft(tx, w.people.admin);
			expect((await dbError(tx, (sp) => importLedger(sp, id, []))).message).toBe('import_empty');
			expect((await dbError(tx, (sp) => importLedger(sp, id, { code: 'SPC-01' }))).message).toBe('import_empty');
			const many = Array.from({ length: 2001 }, (_, i) => ({ ...GOALS[0], code: `SPC-${String(i).padStart(3, '0')}` }));
			expect((await dbError(tx, (sp) => importLedger(sp, id, many))).message).toBe('import_too_large');
			for (const declared of [{ parks: 3 }, { space: -1 }, { space: 2.5 }, { space: '3' }, [1, 2]])
				expect((await dbError(tx, (sp) => importLedger(sp, id, GOALS, 2099, declared))).message, JSON.stringify(declared)).toBe('invalid_declared');
		});
	});
});
