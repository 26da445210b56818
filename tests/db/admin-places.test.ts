/**
 * Admin pages (20261130150000): creating and editing districts, street offices, communities,
 * schools and departments — admins only, on the version they saw, with clear errors for bad
 * input — one page of each, and the checks and lists for staff and teacher accounts.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, connect, createWorld, dbError, one, type Actor, type Sql, type Tx, type World } from './helpers';

let sql: Sql;
let w: World;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
});

afterAll(async () => {
	await sql?.end();
});

const tag = () => randomBytes(3).toString('hex').toUpperCase();
const others = () => [w.people.teacherA1, w.people.staffA, w.people.childA1, w.people.leadA, w.people.nobody];

async function err(tx: Tx, fn: (sp: Tx) => Promise<unknown>) {
	const e = await dbError(tx, fn);
	return `${e.code} ${e.message}`;
}

describe('every admin write and read refuses everyone but admins', () => {
	const calls: [string, (sp: Tx) => Promise<unknown>][] = [
		['admin_save_district', (sp) => sp`select public.admin_save_district(null, null, 'ZZ1', '某区', 'Some')`],
		['admin_save_street_office', (sp) => sp`select public.admin_save_street_office(null, null, ${w.districtA}, '某街道', 'Some')`],
		['admin_save_community', (sp) => sp`select public.admin_save_community(null, null, ${w.districtA}, null, '某社区', 'Some')`],
		['admin_save_school', (sp) => sp`select public.admin_save_school(null, null, ${w.districtA}, null, '某小学', 'Some')`],
		['admin_save_department', (sp) => sp`select public.admin_save_department(null, null, '某局', null)`],
		['admin_places', (sp) => sp`select * from public.admin_places('districts')`],
		['admin_check_new_account', (sp) => sp`select public.admin_check_new_account('staff', '王', '{}', '{}', '{}', '{}')`],
		['admin_accounts', (sp) => sp`select * from public.admin_accounts('staff')`],
		['admin_account', (sp) => sp`select * from public.admin_account(${w.ids.staffA})`],
		['admin_set_staff_district', (sp) => sp`select public.admin_set_staff_district(${w.ids.staffA}, ${w.districtB}, true)`]
	];
	it.each(calls)('%s', async (_name, call) => {
		for (const who of others()) {
			await asUser(sql, who, async (tx) => {
				expect(await err(tx, call)).toBe('42501 not_allowed');
			});
		}
	});

	it('anon cannot call them at all, and nobody writes the tables directly', async () => {
		await asUser(sql, { kind: 'anon' }, async (tx) => {
			expect((await dbError(tx, (sp) => sp`select * from public.admin_places('districts')`)).code).toBe('42501');
		});
		for (const who of [w.people.admin, w.people.staffA] as Actor[]) {
			await asUser(sql, who, async (tx) => {
				for (const table of ['districts', 'street_offices', 'communities', 'schools', 'departments']) {
					expect((await dbError(tx, (sp) => sp.unsafe(`update public.${table} set name_zh = name_zh`))).code).toBe('42501');
				}
			});
		}
	});
});

describe('districts', () => {
	it('an admin creates one, edits it on the version seen, and a stale version is refused', async () => {
		await asUser(sql, w.people.admin, async (tx) => {
			const t = tag();
			const id = one(await tx<{ id: string }[]>`select public.admin_save_district(null, null, ${' x' + t + ' '}, ${' 新区' + t}, ${'New ' + t}) as id`).id;
			const row = one(await tx`select code, name_zh, version from public.districts where id = ${id}`);
			expect({ ...row }).toEqual({ code: 'X' + t, name_zh: '新区' + t, version: 1 });
			await tx`select public.admin_save_district(${id}, 1, ${'X' + t}, ${'新区改' + t}, ${'New ' + t})`;
			expect(one(await tx`select version from public.districts where id = ${id}`).version).toBe(2);
			expect(await err(tx, (sp) => sp`select public.admin_save_district(${id}, 1, ${'X' + t}, '再改', 'Again')`)).toBe('PT409 stale_version');
			expect(await err(tx, (sp) => sp`select public.admin_save_district(${id}, null, ${'X' + t}, '再改', 'Again')`)).toBe('PT409 stale_version');
		});
	});

	it('refuses bad input with the field or a clear key', async () => {
		await asUser(sql, w.people.admin, async (tx) => {
			const taken = one(await tx<{ code: string; name_zh: string }[]>`select code, name_zh from public.districts where id = ${w.districtA}`);
			const cases: [string, string | null, string | null, string | null][] = [
				['P0001 field_required:code', '  ', '区', 'D'],
				['P0001 field_invalid:code', 'a b', '区', 'D'],
				['P0001 field_invalid:code', '-X', '区', 'D'],
				['P0001 field_required:name_zh', 'Q' + tag(), '\u200b ', 'D'],
				['P0001 field_required:name_en', 'Q' + tag(), '区', null],
				['P0001 field_too_long:name_zh', 'Q' + tag(), '区'.repeat(101), 'D'],
				['P0001 code_taken', taken.code.toLowerCase(), '别的区' + tag(), 'D'],
				['P0001 name_taken', 'Q' + tag(), taken.name_zh, 'D']
			];
			for (const [expected, code, zh, en] of cases) {
				expect(await err(tx, (sp) => sp`select public.admin_save_district(null, null, ${code}, ${zh}, ${en})`), String(code)).toBe(expected);
			}
			expect(await err(tx, (sp) => sp`select public.admin_save_district(gen_random_uuid(), 1, 'Q1', '区', 'D')`)).toBe('PT404 not_found');
		});
	});
});

describe('street offices, communities and schools', () => {
	it('keep a community in its street office\'s district and a school in its community\'s', async () => {
		await asUser(sql, w.people.admin, async (tx) => {
			const t = tag();
			const so = one(await tx<{ id: string }[]>`select public.admin_save_street_office(null, null, ${w.districtA}, ${'街道' + t}, ${'Street ' + t}) as id`).id;
			expect(await err(tx, (sp) => sp`select public.admin_save_street_office(null, null, ${w.districtA}, ${'街道' + t}, 'Again')`)).toBe('P0001 name_taken');
			// A community of district B cannot be under district A's street office.
			expect(await err(tx, (sp) => sp`select public.admin_save_community(null, null, ${w.districtB}, ${so}, ${'社区' + t}, 'C')`)).toBe(
				'P0001 field_invalid:street_office_id'
			);
			const c = one(await tx<{ id: string }[]>`select public.admin_save_community(null, null, ${w.districtA}, ${so}, ${'社区' + t}, 'C') as id`).id;
			// The street office cannot move to another district while it has communities.
			expect(await err(tx, (sp) => sp`select public.admin_save_street_office(${so}, 1, ${w.districtB}, ${'街道' + t}, 'S')`)).toBe(
				'P0001 field_invalid:district_id'
			);
			expect(await err(tx, (sp) => sp`select public.admin_save_school(${w.schoolB}, 1, ${w.districtB}, ${c}, '乙中学', 'B')`)).toBe(
				'P0001 field_invalid:community_id'
			);
			const v = one(await tx<{ version: number }[]>`select version from public.schools where id = ${w.schoolA}`).version;
			await tx`select public.admin_save_school(${w.schoolA}, ${v}, ${w.districtA}, ${c}, ${'甲小学改' + t}, 'School A')`;
			expect({ ...one(await tx`select community_id, version from public.schools where id = ${w.schoolA}`) }).toEqual({ community_id: c, version: v + 1 });
			expect(await err(tx, (sp) => sp`select public.admin_save_school(${w.schoolA}, ${v}, ${w.districtA}, null, '甲', 'A')`)).toBe('PT409 stale_version');
			expect(await err(tx, (sp) => sp`select public.admin_save_school(null, null, null, null, '甲', 'A')`)).toBe('P0001 field_required:district_id');
			expect(await err(tx, (sp) => sp`select public.admin_save_school(null, null, gen_random_uuid(), null, '甲', 'A')`)).toBe('P0001 field_invalid:district_id');
			expect(await err(tx, (sp) => sp`select public.admin_save_community(gen_random_uuid(), 1, ${w.districtA}, null, '甲', 'A')`)).toBe('PT404 not_found');
			// One page of each, filtered by words found literally.
			const page = await tx`select id, parent_id, total from public.admin_places('communities', ${'社区' + t})`;
			expect(page.map((r) => ({ id: r.id, parent: r.parent_id, total: Number(r.total) }))).toEqual([{ id: c, parent: so, total: 1 }]);
			expect(await tx`select 1 from public.admin_places('schools', '%')`).toHaveLength(0);
			expect(await tx`select 1 from public.admin_places('schools', null, null, 1000, 0)`).not.toHaveLength(0);
			expect((await tx`select 1 from public.admin_places('schools', null, null, 1000, 0)`).length).toBeLessThanOrEqual(100);
			expect(await err(tx, (sp) => sp`select * from public.admin_places('profiles')`)).toBe('P0001 field_invalid:kind');
		});
	});
});

describe('departments', () => {
	it('keeps the Chinese name unique (the ledger import finds departments by it) and English optional', async () => {
		await asUser(sql, w.people.admin, async (tx) => {
			const t = tag();
			const id = one(await tx<{ id: string }[]>`select public.admin_save_department(null, null, ${'教育局' + t}, '  ') as id`).id;
			expect(one(await tx`select name_en from public.departments where id = ${id}`).name_en).toBeNull();
			expect(await err(tx, (sp) => sp`select public.admin_save_department(null, null, ${'教育局' + t}, 'Education')`)).toBe('P0001 name_taken');
			await tx`select public.admin_save_department(${id}, 1, ${'教育局' + t}, 'Education')`;
			expect(await err(tx, (sp) => sp`select public.admin_save_department(${id}, 1, ${'教育局' + t}, 'Education')`)).toBe('PT409 stale_version');
			expect(await err(tx, (sp) => sp`select public.admin_save_department(null, null, ${'局'.repeat(201)}, null)`)).toBe('P0001 field_too_long:name_zh');
			expect(await err(tx, (sp) => sp`select public.admin_save_department(null, null, '', null)`)).toBe('P0001 field_required:name_zh');
		});
	});
});

describe('accounts', () => {
	it('checks a new account before Auth makes it: role, name, units that exist', async () => {
		await asUser(sql, w.people.admin, async (tx) => {
			const dept = one(await tx<{ id: string }[]>`select public.admin_save_department(null, null, ${'民政局' + tag()}, null) as id`).id;
			await tx`select public.admin_check_new_account('staff', '王科员', ${[w.districtA]}::uuid[], ${[dept]}::uuid[], '{}', '{}')`;
			await tx`select public.admin_check_new_account('teacher', '李老师', '{}', '{}', '{}', ${[w.classA1]}::uuid[])`;
			const bad: [string, (sp: Tx) => Promise<unknown>][] = [
				['P0001 field_invalid:role', (sp) => sp`select public.admin_check_new_account('admin', '王', '{}', '{}', '{}', '{}')`],
				['P0001 field_invalid:role', (sp) => sp`select public.admin_check_new_account('student', '王', '{}', '{}', '{}', '{}')`],
				['P0001 field_required:display_name', (sp) => sp`select public.admin_check_new_account('staff', ' ', '{}', '{}', '{}', '{}')`],
				['P0001 field_invalid:department_ids', (sp) => sp`select public.admin_check_new_account('staff', '王', '{}', array[gen_random_uuid()], '{}', '{}')`],
				['P0001 field_invalid:district_ids', (sp) => sp`select public.admin_check_new_account('staff', '王', array[null::uuid], '{}', '{}', '{}')`],
				['P0001 field_invalid:units', (sp) => sp`select public.admin_check_new_account('staff', '王', '{}', '{}', '{}', ${[w.classA1]}::uuid[])`],
				['P0001 field_invalid:units', (sp) => sp`select public.admin_check_new_account('teacher', '王', ${[w.districtA]}::uuid[], '{}', '{}', '{}')`],
				['P0001 field_invalid:class_ids', (sp) => sp`select public.admin_check_new_account('teacher', '王', '{}', '{}', '{}', array[gen_random_uuid()])`]
			];
			for (const [expected, call] of bad) expect(await err(tx, call)).toBe(expected);
		});
	});

	it('lists staff with their units, and an admin adds and removes a district', async () => {
		await asUser(sql, w.people.admin, async (tx) => {
			const me = one(await tx`select * from public.admin_account(${w.ids.staffA})`);
			expect(me.district_ids).toEqual([w.districtA]);
			await tx`select public.admin_set_staff_district(${w.ids.staffA}, ${w.districtB}, true)`;
			await tx`select public.admin_set_staff_district(${w.ids.staffA}, ${w.districtB}, true)`;
			expect([...one(await tx`select * from public.admin_account(${w.ids.staffA})`).district_ids].sort()).toEqual([w.districtA, w.districtB].sort());
			await tx`select public.admin_set_staff_district(${w.ids.staffA}, ${w.districtA}, false)`;
			expect(one(await tx`select * from public.admin_account(${w.ids.staffA})`).district_ids).toEqual([w.districtB]);
			expect(await err(tx, (sp) => sp`select public.admin_set_staff_district(${w.ids.teacherA1}, ${w.districtB}, true)`)).toBe('PT404 not_found');
			expect(await err(tx, (sp) => sp`select public.admin_set_staff_district(${w.ids.staffA}, gen_random_uuid(), true)`)).toBe('PT404 not_found');
			expect(await err(tx, (sp) => sp`select * from public.admin_account(${w.ids.childA1})`)).toBe('PT404 not_found');
			const name = one(await tx<{ display_name: string }[]>`select display_name from public.profiles where id = ${w.ids.staffA}`).display_name;
			const rows = await tx`select id, role, districts, total from public.admin_accounts('staff', ${name})`;
			expect(rows.map((r) => r.id)).toContain(w.ids.staffA);
			expect(rows.every((r) => r.role === 'staff')).toBe(true);
			// No child is ever listed.
			expect(await err(tx, (sp) => sp`select * from public.admin_accounts('student')`)).toBe('P0001 field_invalid:role');
			const teachers = await tx`select id, classes from public.admin_accounts('teacher', null, 100, 0)`;
			expect(teachers.map((r) => r.id)).not.toContain(w.ids.childA1);
		});
	});
});

describe('the shared preamble of the admin_save_* functions (private.admin_save_guard, 20261130200200)', () => {
	it('raises each of its errors, for every table, and is not callable by people', async () => {
		await asUser(sql, w.people.admin, async (tx) => {
			const t = tag();
			const d = one(await tx<{ id: string }[]>`select public.admin_save_district(null, null, ${'G' + t}, ${'守区' + t}, 'Guard') as id`).id;
			const so = one(await tx<{ id: string }[]>`select public.admin_save_street_office(null, null, ${d}, ${'守街' + t}, 'G') as id`).id;
			const c = one(await tx<{ id: string }[]>`select public.admin_save_community(null, null, ${d}, ${so}, ${'守社' + t}, 'G') as id`).id;
			const s = one(await tx<{ id: string }[]>`select public.admin_save_school(null, null, ${d}, ${c}, ${'守校' + t}, 'G') as id`).id;
			const dep = one(await tx<{ id: string }[]>`select public.admin_save_department(null, null, ${'守局' + t}, null) as id`).id;
			const d2 = one(await tx<{ id: string }[]>`select public.admin_save_district(null, null, ${'H' + t}, ${'守二区' + t}, 'Guard 2') as id`).id;
			await tx`reset role`;
			const guard = (table: string | null, id: string | null, version: number | null, name: string, district: string | null = null, code: string | null = null) =>
				err(tx, (sp) => sp`select private.admin_save_guard(${table}, ${id}::uuid, ${version}::int, ${name}, ${district}::uuid, ${code})`);
			expect(await guard('profiles', null, null, 'x')).toBe('P0001 field_invalid:table');
			expect(await guard(null, null, null, 'x')).toBe('P0001 field_invalid:table');
			const missing = '00000000-0000-4000-8000-0000000000ff';
			for (const [table, id, district] of [['districts', d, null], ['street_offices', so, d], ['communities', c, d], ['schools', s, d], ['departments', dep, null]] as const) {
				expect(await guard(table, missing, 1, 'x', district), table).toBe('PT404 not_found');
				expect(await guard(table, id, 7, 'x', district), table).toBe('PT409 stale_version');
				const own = one(await tx<{ name_zh: string }[]>`select name_zh from ${tx(table)} where id = ${id}`).name_zh;
				// Its own name is free for itself, taken for a new row (in the same district for the district-bound ones).
				await tx`select private.admin_save_guard(${table}, ${id}::uuid, 1, ${own}, ${district}::uuid, null)`;
				expect(await guard(table, null, null, own, district), table).toBe('P0001 name_taken');
			}
			// Another district may use a street office's, community's or school's name.
			await tx`select private.admin_save_guard('schools', null, null, ${'守校' + t}, ${d2}::uuid, null)`;
			expect(await guard('districts', null, null, 'new', null, 'G' + t)).toBe('P0001 code_taken');
			expect(await guard('street_offices', so, 1, 'x', d2)).toBe('P0001 field_invalid:district_id');
			// People never call it directly.
			await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: w.ids.admin, role: 'authenticated' })}, true)`;
			await tx`set local role authenticated`;
			expect(await err(tx, (sp) => sp`select private.admin_save_guard('districts', null, null, 'x', null, null)`)).toMatch(/^42501 /);
		});
	});
});
