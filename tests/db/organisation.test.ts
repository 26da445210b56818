/**
 * Organisation: age bands from grades, and profiles + memberships made from
 * auth.users.raw_app_meta_data by private.handle_new_user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { connect, createAccount, createWorld, dbError, one, rolledBack, type Sql, type Tx, type World } from './helpers';

let sql: Sql;
let w: World;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
});

afterAll(async () => {
	await sql?.end();
});

async function profileOf(tx: Tx, id: string) {
	const [p] = await tx`select role, display_name, locale from public.profiles where id = ${id}`;
	return p ? { ...p } : null;
}

describe('classes', () => {
	it('derive the age band from the grade: 1–3 → 6-9, 4–7 → 10-13, 8–12 → 14-17', async () => {
		await rolledBack(sql, async (tx) => {
			const bands: Record<number, string> = {};
			for (let grade = 1; grade <= 12; grade++) {
				const c = one(await tx<{ age_band: string }[]>`insert into public.classes (school_id, name, grade, code)
					values (${w.schoolA}, ${'g' + grade}, ${grade}, ${'G' + grade + w.tag}) returning age_band`);
				bands[grade] = c.age_band;
			}
			expect(bands).toEqual({
				1: '6-9', 2: '6-9', 3: '6-9',
				4: '10-13', 5: '10-13', 6: '10-13', 7: '10-13',
				8: '14-17', 9: '14-17', 10: '14-17', 11: '14-17', 12: '14-17'
			});
		});
	});

	it('follow a grade change, and refuse grades outside 1–12 and malformed codes', async () => {
		await rolledBack(sql, async (tx) => {
			const c = one(await tx<{ age_band: string }[]>`update public.classes set grade = 8 where id = ${w.classA1} returning age_band`);
			expect(c.age_band).toBe('14-17');
			for (const grade of [0, 13]) {
				const e = await dbError(tx, (sp) => sp`insert into public.classes (school_id, name, grade, code) values (${w.schoolA}, 'x', ${grade}, ${'X' + w.tag})`);
				expect(e.code).toBe('23514');
			}
			const dup = await dbError(tx, (sp) => sp`insert into public.classes (school_id, name, grade, code) values (${w.schoolA}, 'x', 3, ${'A1' + w.tag})`);
			expect(dup.code).toBe('23505');
			const lower = await dbError(tx, (sp) => sp`insert into public.classes (school_id, name, grade, code) values (${w.schoolA}, 'x', 3, 'demo53')`);
			expect(lower.code).toBe('23514');
			const set = await dbError(tx, (sp) => sp`update public.classes set age_band = '6-9' where id = ${w.classA1}`);
			expect(set.code).toBe('428C9'); // generated column
		});
	});
});

describe('profiles from app metadata', () => {
	it('a student: profile with nickname + class membership with number and consent', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await createAccount(tx, {
				role: 'student', display_name: ' 小星星 ', class_id: w.classA2, student_number: 7, guardian_consent: true
			});
			expect(await profileOf(tx, id)).toEqual({ role: 'student', display_name: '小星星', locale: 'zh-CN' });
			const [m] = await tx`select class_id, student_number, guardian_consent from public.class_students where student_id = ${id}`;
			expect({ ...m }).toEqual({ class_id: w.classA2, student_number: 7, guardian_consent: true });
		});
	});

	it('guardian consent defaults to false; locale en is kept', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await createAccount(tx, { role: 'student', display_name: 'Kiki', class_id: w.classA2, student_number: 8, locale: 'en' });
			expect(await profileOf(tx, id)).toEqual({ role: 'student', display_name: 'Kiki', locale: 'en' });
			const m = one(await tx<{ guardian_consent: boolean }[]>`select guardian_consent from public.class_students where student_id = ${id}`);
			expect(m.guardian_consent).toBe(false);
		});
	});

	it('a teacher with classes, a staff member with districts, an admin', async () => {
		await rolledBack(sql, async (tx) => {
			const t = await createAccount(tx, { role: 'teacher', display_name: '吴老师', class_ids: [w.classA1, w.classA2] });
			const s = await createAccount(tx, { role: 'staff', display_name: '郑科长', district_ids: [w.districtA, w.districtB] });
			const a = await createAccount(tx, { role: 'admin', display_name: 'Coordinator' });
			const t0 = await createAccount(tx, { role: 'teacher', display_name: '新老师' });
			expect((await profileOf(tx, t))?.role).toBe('teacher');
			expect((await profileOf(tx, s))?.role).toBe('staff');
			expect(await profileOf(tx, a)).toEqual({ role: 'admin', display_name: 'Coordinator', locale: 'zh-CN' });
			expect((await profileOf(tx, t0))?.role).toBe('teacher');
			const classes = await tx`select class_id from public.class_teachers where teacher_id = ${t}`;
			expect(classes.map((c) => c.class_id).sort()).toEqual([w.classA1, w.classA2].sort());
			const districts = await tx`select district_id from public.staff_districts where staff_id = ${s}`;
			expect(districts.map((d) => d.district_id).sort()).toEqual([w.districtA, w.districtB].sort());
			const [{ n }] = await tx<[{ n: number }]>`select count(*)::int as n from public.class_teachers where teacher_id = ${t0}`;
			expect(n).toBe(0);
		});
	});

	it('no role: the account exists but has no profile (and can do nothing)', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await createAccount(tx, null);
			const u = one(await tx<{ id: string }[]>`select id from auth.users where id = ${id}`);
			expect(u.id).toBe(id);
			expect(await profileOf(tx, id)).toBeNull();
		});
	});

	it('invalid metadata refuses the account with a clear 22023 error', async () => {
		await rolledBack(sql, async (tx) => {
			const cases: [Record<string, unknown>, RegExp][] = [
				[{ role: 'superuser', display_name: 'x' }, /invalid_app_metadata: role "superuser" is not one of/],
				[{ role: 42, display_name: 'x' }, /invalid_app_metadata: role 42/],
				[{ role: 'admin' }, /invalid_app_metadata: display_name is required/],
				[{ role: 'admin', display_name: '\u200b \u3000' }, /invalid_app_metadata: display_name is required/],
				[{ role: 'admin', display_name: 'x'.repeat(101) }, /invalid_app_metadata: display_name is required/],
				[{ role: 'admin', display_name: 'x', locale: 'fr' }, /invalid_app_metadata: locale 'fr'/],
				[{ role: 'student', display_name: 'x' }, /invalid_app_metadata: a student needs class_id and student_number/],
				[{ role: 'student', display_name: 'x', class_id: w.classA1 }, /a student needs class_id and student_number/],
				[{ role: 'student', display_name: 'x', class_id: 'DEMO52', student_number: 1 }, /class_id must be a uuid/],
				[{ role: 'student', display_name: 'x', class_id: randomUUID(), student_number: 1 }, /invalid_app_metadata: class .* does not exist/],
				[{ role: 'student', display_name: 'x', class_id: w.classA1, student_number: 0 }, /student_number must be between 1 and 999/],
				[{ role: 'student', display_name: 'x', class_id: w.classA1, student_number: 'one' }, /student_number an integer/],
				[{ role: 'student', display_name: 'x', class_id: w.classA1, student_number: 1 }, /student number 1 is taken/],
				[{ role: 'teacher', display_name: 'x', class_ids: w.classA1 }, /class_ids must be an array/],
				[{ role: 'teacher', display_name: 'x', class_ids: [w.classA1, randomUUID()] }, /invalid_app_metadata: class .* does not exist/],
				[{ role: 'teacher', display_name: 'x', class_ids: ['nope'] }, /invalid_app_metadata: class "nope" does not exist/],
				[{ role: 'staff', display_name: 'x', district_ids: [randomUUID()] }, /invalid_app_metadata: district .* does not exist/],
				[{ role: 'staff', display_name: 'x', district_ids: {} }, /district_ids must be an array/]
			];
			for (const [meta, message] of cases) {
				const email = `${randomUUID()}@test.child-voice.test`;
				const e = await dbError(tx, (sp) => createAccount(sp, meta, email));
				expect(e.code, JSON.stringify(meta)).toBe('22023');
				expect(e.message, JSON.stringify(meta)).toMatch(message);
				const [{ n }] = await tx<[{ n: number }]>`select count(*)::int as n from auth.users where email = ${email}`;
				expect(n).toBe(0);
			}
			// Other accounts are not affected.
			const ok = await createAccount(tx, { role: 'admin', display_name: 'still fine' });
			expect((await profileOf(tx, ok))?.role).toBe('admin');
		});
	});

	it('Supabase Auth admin createUser: inserted without a role, app metadata merged by update → profile', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await createAccount(tx, null);
			expect(await profileOf(tx, id)).toBeNull();
			await tx`update auth.users set raw_app_meta_data = raw_app_meta_data || ${tx.json({
				role: 'student', display_name: '小海豚', class_id: w.classA1, student_number: 42
			})} where id = ${id}`;
			expect(await profileOf(tx, id)).toEqual({ role: 'student', display_name: '小海豚', locale: 'zh-CN' });
			const [m] = await tx`select class_id, student_number from public.class_students where student_id = ${id}`;
			expect({ ...m }).toEqual({ class_id: w.classA1, student_number: 42 });

			// Later metadata changes (sign-ins, provider updates) do not touch an existing profile.
			await tx`update auth.users set raw_app_meta_data = raw_app_meta_data || ${tx.json({ role: 'admin', display_name: 'X' })} where id = ${id}`;
			expect(await profileOf(tx, id)).toEqual({ role: 'student', display_name: '小海豚', locale: 'zh-CN' });
			await tx`update auth.users set last_sign_in_at = now() where id = ${id}`;
			expect((await profileOf(tx, id))?.role).toBe('student');
		});
	});

	it('works when Auth itself writes auth.users (as supabase_auth_admin, with no rights in public)', async () => {
		await rolledBack(sql, async (tx) => {
			const [{ exists }] = await tx<[{ exists: boolean }]>`select exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') as exists`;
			expect(exists).toBe(true);
			await tx`set local role supabase_auth_admin`;
			const [{ can }] = await tx<[{ can: boolean }]>`select has_table_privilege('public.profiles', 'INSERT') as can`;
			expect(can).toBe(false);
			const id = await createAccount(tx, { provider: 'email', providers: ['email'] });
			await tx`update auth.users set raw_app_meta_data = raw_app_meta_data || ${tx.json({
				role: 'teacher', display_name: '孙老师', class_ids: [w.classA1]
			})} where id = ${id}`;
			const bad = await dbError(tx, (sp) => createAccount(sp, { role: 'student', display_name: 'x' }));
			expect(bad.code).toBe('22023');
			await tx`reset role`;
			expect(await profileOf(tx, id)).toEqual({ role: 'teacher', display_name: '孙老师', locale: 'zh-CN' });
			const m = one(await tx<{ class_id: string }[]>`select class_id from public.class_teachers where teacher_id = ${id}`);
			expect(m.class_id).toBe(w.classA1);
		});
	});

	it('deleting the account removes the profile and memberships', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await createAccount(tx, { role: 'student', display_name: '临时', class_id: w.classA1, student_number: 77 });
			await tx`delete from auth.users where id = ${id}`;
			expect(await profileOf(tx, id)).toBeNull();
			const [{ n }] = await tx<[{ n: number }]>`select count(*)::int as n from public.class_students where student_id = ${id}`;
			expect(n).toBe(0);
		});
	});
});
