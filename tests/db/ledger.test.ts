/**
 * The 2023 ledger as seeded: declared counts per category, the 28 known goals copied exactly
 * from shared/data/ledger-2023.csv, the declared-vs-known summary, and that anyone reads it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, connect, dbError, one, rolledBack, type Sql } from './helpers';

let sql: Sql;

beforeAll(() => {
	sql = connect();
});

afterAll(async () => {
	await sql?.end();
});

/** The project's copy of the 2023 ledger CSV; ../shared/data holds the original beside a clone. */
const CSV = path.resolve(import.meta.dirname, '..', 'fixtures', 'data', 'ledger-2023.csv');
const SHARED_CSV = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'ledger-2023.csv');

const DECLARED = { policy: 14, service: 42, rights: 15, space: 26, environment: 40 };
const KNOWN = { policy: 2, service: 6, rights: 6, space: 7, environment: 7 };

describe('ledger 2023', () => {
	it('has its edition with a source note', async () => {
		const e = one(await sql<{ title_zh: string; source: string }[]>`select * from public.ledger_editions where year = 2023`);
		expect(e.title_zh).toContain('2023');
		expect(e.source).toMatch(/newspaper report/);
		expect(e.source).toMatch(/28 of the 137/);
	});

	it('declares 137 goals: policy 14, service 42, rights 15, space 26, environment 40', async () => {
		const rows = await sql`select category, declared_count from public.ledger_category_targets where edition = 2023`;
		expect(Object.fromEntries(rows.map((r) => [r.category, r.declared_count]))).toEqual(DECLARED);
		expect(rows.reduce((n, r) => n + r.declared_count, 0)).toBe(137);
	});

	it('knows the 28 goals of the report, with stable codes', async () => {
		const rows = await sql`select category, code, title_zh, title_en from public.ledger_goals where edition = 2023 order by code`;
		expect(rows).toHaveLength(28);
		const spc06 = rows.find((r) => r.code === 'SPC-06');
		expect({ ...spc06 }).toEqual({
			category: 'space',
			code: 'SPC-06',
			title_zh: '校园周边安全出行：设置行人过街设施，完善过街标线和提示标志',
			title_en: 'Safe travel near campuses: pedestrian crossings, markings and warning signs'
		});
		// The figure of new school places as the Chinese original gives it (the English source garbles it).
		const srv02 = rows.find((r) => r.code === 'SRV-02');
		expect(srv02?.title_en).toContain('20,000 new school places');
		expect(srv02?.title_zh).toContain('新增中小学学位2万个');
		const pol01 = rows.find((r) => r.code === 'POL-01');
		expect(pol01?.title_en).toContain('"street housekeeper"');
		expect(pol01?.title_zh).toContain('"街巷小管家""模拟政协提案"');
	});

	it.skipIf(!existsSync(SHARED_CSV))('the project copy of the CSV equals shared/data/ledger-2023.csv', () => {
		expect(readFileSync(CSV, 'utf8')).toBe(readFileSync(SHARED_CSV, 'utf8'));
	});

	it('matches the ledger CSV exactly', async () => {
		const records: Record<string, string>[] = parse(readFileSync(CSV, 'utf8'), { columns: true, skip_empty_lines: true });
		expect(Object.keys(records[0] ?? {})).toEqual(['edition', 'category', 'code', 'title_en', 'title_zh']);
		const fromCsv = records
			.map((r) => ({ edition: Number(r.edition), category: r.category, code: r.code, title_en: r.title_en, title_zh: r.title_zh }))
			.sort((a, b) => (a.code ?? '').localeCompare(b.code ?? ''));
		const rows = await sql`select edition::int, category::text, code, title_en, title_zh from public.ledger_goals
			where edition = 2023 order by code`;
		expect(rows.map((r) => ({ ...r }))).toEqual(fromCsv);
	});

	it('ledger_category_summary shows declared against known for every category', async () => {
		const rows = await sql`select category, declared_count, known_count from public.ledger_category_summary where edition = 2023`;
		expect(rows).toHaveLength(5);
		for (const r of rows) {
			expect(r.declared_count).toBe(DECLARED[r.category as keyof typeof DECLARED]);
			expect(r.known_count).toBe(KNOWN[r.category as keyof typeof KNOWN]);
		}
	});

	it('ledger_category_summary also lists categories with no known goal or no declared count', async () => {
		await rolledBack(sql, async (tx) => {
			await tx`insert into public.ledger_editions (year, title_zh, title_en, source) values (2099, '测试', 'test', 'test')`;
			await tx`insert into public.ledger_category_targets (edition, category, declared_count) values (2099, 'rights', 3)`;
			await tx`insert into public.ledger_goals (edition, category, code, title_zh, title_en) values (2099, 'space', 'SPC-01', '甲', 'a')`;
			const rows = await tx`select category, declared_count, known_count from public.ledger_category_summary where edition = 2099 order by category`;
			expect(rows.map((r) => ({ ...r }))).toEqual([
				{ category: 'policy', declared_count: null, known_count: 0 },
				{ category: 'service', declared_count: null, known_count: 0 },
				{ category: 'rights', declared_count: 3, known_count: 0 },
				{ category: 'space', declared_count: null, known_count: 1 },
				{ category: 'environment', declared_count: null, known_count: 0 }
			]);
		});
	});

	it('goal codes are unique per edition and well-formed', async () => {
		await rolledBack(sql, async (tx) => {
			const dup = await dbError(tx, (sp) => sp`insert into public.ledger_goals (edition, category, code, title_zh, title_en) values (2023, 'space', 'SPC-06', 'x', 'x')`);
			expect(dup.code).toBe('23505');
			const bad = await dbError(tx, (sp) => sp`insert into public.ledger_goals (edition, category, code, title_zh, title_en) values (2023, 'space', 'spc6', 'x', 'x')`);
			expect(bad.code).toBe('23514');
		});
	});

	it('anyone reads it, anon included', async () => {
		await asUser(sql, ANON, async (tx) => {
			const [{ n }] = await tx<[{ n: number }]>`select count(*)::int as n from public.ledger_goals where edition = 2023`;
			expect(n).toBe(28);
			const summary = await tx`select sum(declared_count)::int as declared, sum(known_count)::int as known
				from public.ledger_category_summary where edition = 2023`;
			expect({ ...summary[0] }).toEqual({ declared: 137, known: 28 });
		});
	});
});
