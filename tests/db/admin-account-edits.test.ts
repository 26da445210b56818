/**
 * Admin account edits (20261130210000): a staff account's units set in one all-or-nothing change
 * at the version the admin saw, and the database's part of a name / e-mail change (the check
 * before Auth's admin API, then the save) — admins only, stale versions refused.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, connect, createWorld, dbError, one, type Sql, type Tx, type World } from './helpers';

let sql: Sql;
let w: World;
let deptA: string;
let deptB: string;
let officeA: string;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
	const t = randomBytes(3).toString('hex');
	deptA = one(await sql<{ id: string }[]>`insert into public.departments (name_zh) values (${'甲局' + t}) returning id`).id;
	deptB = one(await sql<{ id: string }[]>`insert into public.departments (name_zh) values (${'乙局' + t}) returning id`).id;
	officeA = one(await sql<{ id: string }[]>`insert into public.street_offices (district_id, name_zh, name_en) values (${w.districtA}, ${'甲街道' + t}, ${'Street A ' + t}) returning id`).id;
});

afterAll(async () => {
	await sql?.end();
});

async function err(tx: Tx, fn: (sp: Tx) => Promise<unknown>) {
	const e = await dbError(tx, fn);
	return `${e.code} ${e.message}`;
}

const account = async (tx: Tx, id: string) =>
	one(await tx<{ version: number; district_ids: string[]; department_ids: string[]; street_office_ids: string[]; email: string; display_name: string }[]>`
		select * from public.admin_account(${id})`);

describe('admin_set_staff_units', () => {
	it('refuses everyone but admins, and anon cannot call it', async () => {
		for (const who of [w.people.staffA, w.people.teacherA1, w.people.childA1, w.people.leadA, w.people.nobody]) {
			await asUser(sql, who, async (tx) => {
				expect(await err(tx, (sp) => sp`select public.admin_set_staff_units(${w.ids.staffA}, 1, '{}', '{}', '{}')`)).toBe('42501 not_allowed');
				expect(await err(tx, (sp) => sp`select public.admin_check_account_edit(${w.ids.staffA}, 1, '王', 'a@b.cn')`)).toBe('42501 not_allowed');
				expect(await err(tx, (sp) => sp`select public.admin_save_account(${w.ids.staffA}, 1, '王', 'a@b.cn')`)).toBe('42501 not_allowed');
			});
		}
		await asUser(sql, { kind: 'anon' }, async (tx) => {
			expect((await dbError(tx, (sp) => sp`select public.admin_set_staff_units(${w.ids.staffA}, 1, '{}', '{}', '{}')`)).code).toBe('42501');
		});
	});

	it('sets all three lists at once at the version shown; the old version is then stale', async () => {
		await asUser(sql, w.people.admin, async (tx) => {
			const before = await account(tx, w.ids.staffA);
			expect(before.district_ids).toEqual([w.districtA]);
			const v = one(await tx<{ v: number }[]>`select public.admin_set_staff_units(${w.ids.staffA}, ${before.version},
				${[w.districtB]}::uuid[], ${[deptA, deptB]}::uuid[], ${[officeA]}::uuid[]) as v`).v;
			expect(v).toBeGreaterThan(before.version);
			const after = await account(tx, w.ids.staffA);
			expect(after.version).toBe(v);
			expect(after.district_ids).toEqual([w.districtB]);
			expect([...after.department_ids].sort()).toEqual([deptA, deptB].sort());
			expect(after.street_office_ids).toEqual([officeA]);
			// A second admin's form, rendered at the first version, changes nothing.
			expect(await err(tx, (sp) => sp`select public.admin_set_staff_units(${w.ids.staffA}, ${before.version}, '{}', '{}', '{}')`)).toBe('PT409 stale_version');
			expect(await err(tx, (sp) => sp`select public.admin_set_staff_units(${w.ids.staffA}, null, '{}', '{}', '{}')`)).toBe('PT409 stale_version');
			expect((await account(tx, w.ids.staffA)).department_ids).toHaveLength(2);
			// Removing everything at the current version; a save that changes nothing still moves the version.
			const v2 = one(await tx<{ v: number }[]>`select public.admin_set_staff_units(${w.ids.staffA}, ${v}, null, null, null) as v`).v;
			const empty = await account(tx, w.ids.staffA);
			expect([empty.district_ids, empty.department_ids, empty.street_office_ids]).toEqual([[], [], []]);
			const v3 = one(await tx<{ v: number }[]>`select public.admin_set_staff_units(${w.ids.staffA}, ${v2}, null, null, null) as v`).v;
			expect(v3).toBe(v2 + 1);
		});
	});

	it('all or nothing: one unknown unit changes none of the lists', async () => {
		await asUser(sql, w.people.admin, async (tx) => {
			const before = await account(tx, w.ids.staffB);
			const bad: [string, (sp: Tx) => Promise<unknown>][] = [
				['P0001 field_invalid:street_office_ids', (sp) => sp`select public.admin_set_staff_units(${w.ids.staffB}, ${before.version}, ${[w.districtA]}::uuid[], ${[deptA]}::uuid[], array[gen_random_uuid()])`],
				['P0001 field_invalid:district_ids', (sp) => sp`select public.admin_set_staff_units(${w.ids.staffB}, ${before.version}, array[null::uuid], '{}', '{}')`],
				['P0001 field_invalid:department_ids', (sp) => sp`select public.admin_set_staff_units(${w.ids.staffB}, ${before.version}, '{}', array[gen_random_uuid()], '{}')`],
				['P0001 field_invalid:units', (sp) => sp`select public.admin_set_staff_units(${w.ids.staffB}, ${before.version}, (select array_agg(gen_random_uuid()) from generate_series(1, 51)), '{}', '{}')`],
				['PT404 not_found', (sp) => sp`select public.admin_set_staff_units(${w.ids.teacherA1}, 1, '{}', '{}', '{}')`],
				['PT404 not_found', (sp) => sp`select public.admin_set_staff_units(${w.ids.childA1}, 1, '{}', '{}', '{}')`]
			];
			for (const [expected, call] of bad) expect(await err(tx, call)).toBe(expected);
			expect(await account(tx, w.ids.staffB)).toEqual(before);
		});
	});

	it('a unit changed by any other path is a new version too (the membership trigger)', async () => {
		await asUser(sql, w.people.admin, async (tx) => {
			const before = await account(tx, w.ids.staffB);
			await tx`select public.set_staff_unit(${w.ids.staffB}, ${deptA}, null, true)`;
			const mid = await account(tx, w.ids.staffB);
			expect(mid.version).toBeGreaterThan(before.version);
			expect(await err(tx, (sp) => sp`select public.admin_set_staff_units(${w.ids.staffB}, ${before.version}, '{}', '{}', '{}')`)).toBe('PT409 stale_version');
			await tx`select public.admin_set_staff_district(${w.ids.staffB}, ${w.districtA}, true)`;
			expect((await account(tx, w.ids.staffB)).version).toBeGreaterThan(mid.version);
		});
	});
});

describe('admin_check_account_edit and admin_save_account', () => {
	it('checks version, name and e-mail before Auth is asked; a taken e-mail is email_taken', async () => {
		await asUser(sql, w.people.admin, async (tx) => {
			const a = await account(tx, w.ids.teacherA1);
			const other = await account(tx, w.ids.staffA);
			expect(one(await tx<{ e: string }[]>`select public.admin_check_account_edit(${w.ids.teacherA1}, ${a.version}, '新名字', ${'  ' + a.email.toUpperCase() + ' '}) as e`).e).toBe(a.email.toLowerCase());
			const bad: [string, (sp: Tx) => Promise<unknown>][] = [
				['P0001 email_taken', (sp) => sp`select public.admin_check_account_edit(${w.ids.teacherA1}, ${a.version}, '新名字', ${other.email.toUpperCase()})`],
				['PT409 stale_version', (sp) => sp`select public.admin_check_account_edit(${w.ids.teacherA1}, ${a.version + 1}, '新名字', ${a.email})`],
				['P0001 field_required:display_name', (sp) => sp`select public.admin_check_account_edit(${w.ids.teacherA1}, ${a.version}, ' ', ${a.email})`],
				['P0001 field_too_long:display_name', (sp) => sp`select public.admin_check_account_edit(${w.ids.teacherA1}, ${a.version}, ${'名'.repeat(101)}, ${a.email})`],
				['P0001 field_required:email', (sp) => sp`select public.admin_check_account_edit(${w.ids.teacherA1}, ${a.version}, '王', '  ')`],
				['P0001 field_invalid:email', (sp) => sp`select public.admin_check_account_edit(${w.ids.teacherA1}, ${a.version}, '王', 'no-at-sign')`],
				['PT404 not_found', (sp) => sp`select public.admin_check_account_edit(${w.ids.childA1}, 1, '王', 'a@b.cn')`],
				['PT404 not_found', (sp) => sp`select public.admin_check_account_edit(${w.ids.admin}, 1, '王', 'a@b.cn')`]
			];
			for (const [expected, call] of bad) expect(await err(tx, call)).toBe(expected);
		});
	});

	it('saves the name at the version shown only when Auth holds the e-mail asked for', async () => {
		await asUser(sql, w.people.admin, async (tx) => {
			const a = await account(tx, w.ids.teacherA1);
			// Auth has not changed the e-mail: nothing saved.
			expect(await err(tx, (sp) => sp`select public.admin_save_account(${w.ids.teacherA1}, ${a.version}, '新名字', 'not-yet@example.cn')`)).toBe('P0001 field_invalid:email');
			const v = one(await tx<{ v: number }[]>`select public.admin_save_account(${w.ids.teacherA1}, ${a.version}, ' 新名字 ', ${a.email.toUpperCase()}) as v`).v;
			const after = await account(tx, w.ids.teacherA1);
			expect([after.display_name, after.version]).toEqual(['新名字', v]);
			expect(v).toBe(a.version + 1);
			expect(await err(tx, (sp) => sp`select public.admin_save_account(${w.ids.teacherA1}, ${a.version}, '再改', ${a.email})`)).toBe('PT409 stale_version');
			expect((await account(tx, w.ids.teacherA1)).display_name).toBe('新名字');
		});
	});
});
