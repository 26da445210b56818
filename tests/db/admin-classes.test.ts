/**
 * Classes for admins (20261130080100): a page of schools with their counts, a school's classes —
 * admins only — and that an admin can set up a class for a school and give it a teacher.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, connect, createWorld, dbError, one, type Sql, type World } from './helpers';

let sql: Sql;
let w: World;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
});

afterAll(async () => {
	await sql?.end();
});

describe('admin_schools', () => {
	it('gives an admin a page of schools of a district with classes and children, and the total', async () => {
		await asUser(sql, w.people.admin, async (tx) => {
			const rows = await tx`select * from public.admin_schools(${w.districtA})`;
			expect(rows).toHaveLength(1);
			const a = one(rows);
			expect({ id: a.id, classes: a.classes, archived: a.archived_classes, children: a.children, total: Number(a.total) }).toEqual({
				id: w.schoolA, classes: 2, archived: 0, children: 3, total: 1
			});
			// Every district: at least this world's two schools; pages are bounded.
			const all = await tx`select id, total from public.admin_schools(null, 1000, 0)`;
			expect(all.length).toBeLessThanOrEqual(100);
			expect(Number(one(all).total)).toBeGreaterThanOrEqual(2);
			expect(await tx`select 1 from public.admin_schools(null, 1, 0)`).toHaveLength(1);
		});
	});

	it('refuses everyone but admins', async () => {
		for (const who of [w.people.teacherA1, w.people.staffA, w.people.childA1, w.people.leadA, w.people.nobody]) {
			await asUser(sql, who, async (tx) => {
				expect((await dbError(tx, (sp) => sp`select * from public.admin_schools()`)).message).toBe('not_allowed');
				expect((await dbError(tx, (sp) => sp`select * from public.admin_school_classes(${w.schoolA})`)).message).toBe('not_allowed');
			});
		}
	});
});

describe('admin_school_classes', () => {
	it("lists a school's classes with children and teachers; an admin sets up a class and gives it a teacher of the school", async () => {
		await asUser(sql, w.people.admin, async (tx) => {
			const before = await tx`select id, children, teachers from public.admin_school_classes(${w.schoolA}) order by name`;
			expect(before.map((r) => ({ ...r }))).toEqual(
				expect.arrayContaining([{ id: w.classA1, children: 2, teachers: 1 }, { id: w.classA2, children: 1, teachers: 1 }])
			);
			const made = one(await tx<{ id: string }[]>`select * from public.create_class(${w.schoolA}, '六年级一班', 6, 2026)`);
			// The admin is not its teacher; a teacher of the school can be added.
			expect(one(await tx`select teachers from public.admin_school_classes(${w.schoolA}) where id = ${made.id}`).teachers).toBe(0);
			await tx`select public.add_class_teacher(${made.id}, ${w.ids.teacherA1})`;
			expect(one(await tx`select teachers from public.admin_school_classes(${w.schoolA}) where id = ${made.id}`).teachers).toBe(1);
			// A teacher of another school is refused.
			expect((await dbError(tx, (sp) => sp`select public.add_class_teacher(${made.id}, ${w.ids.teacherB})`)).message).toBe('field_invalid:teacher_id');
			expect((await dbError(tx, (sp) => sp`select * from public.admin_school_classes(gen_random_uuid())`)).code).toBe('PT404');
		});
	});
});
