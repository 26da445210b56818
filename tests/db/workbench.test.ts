/**
 * The teachers' workbench in the database (issue 10 §1): creating classes, adding children in
 * bulk all-or-nothing, renaming, moving (history stays), removing, co-teachers, the overview —
 * and that only the class's teachers (or the school's, for a new class) and admins can.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	actAs, asSuperuser, asUser, connect, createAccount, createWorld, dbError, one, proposal, rolledBack, submit,
	type Actor, type Sql, type Tx, type World
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

const CODE_CHARS = /^[ACEFGHJKMNPRTWXY34679]{6}$/;

/** The school year now in the city (it starts in September), as private.current_school_year(). */
async function schoolYear(_tx?: Tx): Promise<number> {
	const parts = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric' }).formatToParts(new Date());
	const year = Number(parts.find((p) => p.type === 'year')!.value);
	return Number(parts.find((p) => p.type === 'month')!.value) >= 9 ? year : year - 1;
}

async function codeOf(tx: Tx, classId: string): Promise<string> {
	await asSuperuser(tx);
	return one(await tx<{ code: string }[]>`select code from public.classes where id = ${classId}`).code;
}

const handle = (code: string, n: number) => `${code.toLowerCase()}-${n}@login-card.invalid`;

/** As the server does between begin and finish: Auth accounts marked for the batch (superuser here). */
async function makeAccounts(tx: Tx, batch: string, code: string, first: number, count: number): Promise<string[]> {
	await asSuperuser(tx);
	const ids: string[] = [];
	for (let n = first; n < first + count; n++) ids.push(await createAccount(tx, { enrolment_batch: batch }, handle(code, n)));
	return ids;
}

async function begin(tx: Tx, who: Actor, classId: string, count: number) {
	await actAs(tx, who);
	return one(await tx<{ batch_id: string; class_code: string; first_number: number }[]>`
		select * from public.begin_enrolment(${classId}, ${count})`);
}

function children(ids: string[], first: number, names?: string[]) {
	return ids.map((id, i) => ({ account_id: id, student_number: first + i, display_name: names?.[i] ?? `开心熊猫${first + i}` }));
}

describe('create_class', () => {
	it('a teacher of the school creates a class with a generated unambiguous code, and teaches it', async () => {
		await asUser(sql, w.people.teacherA1, async (tx) => {
			const year = await schoolYear(tx);
			const made = one(await tx<{ id: string; code: string }[]>`select * from public.create_class(${w.schoolA}, '  三年级一班 ', 3, ${year})`);
			expect(made.code).toMatch(CODE_CHARS);
			const row = one(await tx`select name, grade, age_band, school_year, code from public.classes where id = ${made.id}`);
			expect({ ...row }).toEqual({ name: '三年级一班', grade: 3, age_band: '6-9', school_year: year, code: made.code });
			expect(await tx`select 1 from public.class_teachers where class_id = ${made.id} and teacher_id = ${w.ids.teacherA1}`).toHaveLength(1);
			// The same name in the same school year again (a double submit): refused.
			expect((await dbError(tx, (sp) => sp`select public.create_class(${w.schoolA}, '三年级一班', 3, ${year})`)).message).toBe('class_exists');
			// Next school year is fine.
			await tx`select public.create_class(${w.schoolA}, '三年级一班', 4, ${year + 1})`;
		});
	});

	it('codes are unique, enforced by the database, and drawn only from the unambiguous characters', async () => {
		await asUser(sql, w.people.admin, async (tx) => {
			const year = await schoolYear(tx);
			const codes = new Set<string>();
			for (let i = 0; i < 40; i++) {
				const made = one(await tx<{ code: string }[]>`select code from public.create_class(${w.schoolB}, ${'班' + i}, 9, ${year})`);
				expect(made.code).toMatch(CODE_CHARS);
				codes.add(made.code);
			}
			expect(codes.size).toBe(40);
			// An admin creates without becoming a teacher of it.
			expect(await tx`select 1 from public.class_teachers ct join public.classes c on c.id = ct.class_id where c.name = '班0'`).toHaveLength(0);
			await asSuperuser(tx);
			const [code] = [...codes];
			const e = await dbError(tx, (sp) => sp`insert into public.classes (school_id, name, grade, code) values (${w.schoolA}, 'x', 1, ${code!})`);
			expect(e.code).toBe('23505');
		});
	});

	it('only teachers of the school and admins; inputs are checked', async () => {
		await rolledBack(sql, async (tx) => {
			const year = await schoolYear(tx);
			for (const who of [w.people.teacherB, w.people.childA1, w.people.staffA, w.people.nobody]) {
				await actAs(tx, who);
				const e = await dbError(tx, (sp) => sp`select public.create_class(${w.schoolA}, '四年级二班', 4, ${year})`);
				expect(e.message).toBe('not_allowed');
			}
			await actAs(tx, w.people.teacherA1);
			const cases: [string | null, number | null, number | null, string][] = [
				['   ', 4, year, 'field_required:name'],
				['x'.repeat(101), 4, year, 'field_too_long:name'],
				['a', null, year, 'field_required:grade'],
				['a', 13, year, 'field_invalid:grade'],
				['a', 0, year, 'field_invalid:grade'],
				['a', 4, null, 'field_required:school_year'],
				['a', 4, year - 1, 'field_invalid:school_year'],
				['a', 4, year + 2, 'field_invalid:school_year']
			];
			for (const [name, grade, y, message] of cases) {
				const e = await dbError(tx, (sp) => sp`select public.create_class(${w.schoolA}, ${name}, ${grade}, ${y})`);
				expect(e.message, `${name} ${grade} ${y}`).toBe(message);
			}
			const e = await dbError(tx, (sp) => sp`select public.create_class(${randomUUID()}, 'a', 4, ${year})`);
			expect(e.message).toBe('not_found');
			await actAs(tx, { kind: 'anon' });
			expect((await dbError(tx, (sp) => sp`select public.create_class(${w.schoolA}, 'a', 4, ${year})`)).code).toBe('42501');
		});
	});

	it('a teacher with a school and no class (app_metadata school_ids) can create one; a lead belongs to their school', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await createAccount(tx, { role: 'teacher', display_name: '新老师', school_ids: [w.schoolB] });
			expect(await tx`select school_id from public.school_teachers where teacher_id = ${id}`).toEqual([{ school_id: w.schoolB }]);
			expect(await tx`select school_id from public.school_teachers where teacher_id = ${w.ids.leadA}`).toEqual([{ school_id: w.schoolA }]);
			const year = await schoolYear(tx);
			await actAs(tx, { kind: 'user', id });
			const made = one(await tx<{ id: string }[]>`select id from public.create_class(${w.schoolB}, '初一一班', 7, ${year})`);
			expect(await tx`select id from public.classes where id = ${made.id}`).toHaveLength(1);
			await asSuperuser(tx);
			const e = await dbError(tx, (sp) => createAccount(sp, { role: 'teacher', display_name: 'x', school_ids: [randomUUID()] }));
			expect(e.message).toMatch(/^invalid_app_metadata: school/);
		});
	});
});

describe('adding children in bulk', () => {
	it('reserves numbers after the class, then makes every account a child of the class in one step', async () => {
		await rolledBack(sql, async (tx) => {
			const b = await begin(tx, w.people.teacherA1, w.classA1, 3);
			expect(b.first_number).toBe(3); // A1 has children 1 and 2
			const code = await codeOf(tx, w.classA1);
			expect(b.class_code).toBe(code);
			const ids = await makeAccounts(tx, b.batch_id, code, 3, 3);
			await actAs(tx, w.people.teacherA1);
			const done = one(await tx<{ n: number }[]>`select public.finish_enrolment(${b.batch_id}, ${tx.json(children(ids, 3, ['开心熊猫', '勇敢海豚', 'Happy Panda']))}, 'zh-CN') as n`);
			expect(done.n).toBe(3);
			const rows = await tx`select cs.student_number, p.display_name, p.role, p.locale from public.class_students cs
				join public.profiles p on p.id = cs.student_id where cs.class_id = ${w.classA1} and cs.student_number >= 3 order by 1`;
			expect(rows.map((r) => ({ ...r }))).toEqual([
				{ student_number: 3, display_name: '开心熊猫', role: 'student', locale: 'zh-CN' },
				{ student_number: 4, display_name: '勇敢海豚', role: 'student', locale: 'zh-CN' },
				{ student_number: 5, display_name: 'Happy Panda', role: 'student', locale: 'zh-CN' }
			]);
			await asSuperuser(tx);
			const meta = await tx`select raw_app_meta_data as m from auth.users where id = ${ids[0]!}`;
			expect(meta[0]!.m).toMatchObject({ role: 'student', class_id: w.classA1, student_number: 3 });
			expect(meta[0]!.m.enrolment_batch).toBeUndefined();
			// Finished: not again.
			await actAs(tx, w.people.teacherA1);
			expect((await dbError(tx, (sp) => sp`select public.finish_enrolment(${b.batch_id}, ${sp.json(children(ids, 3))})`)).message).toBe('invalid_state');
			// The next batch starts after them.
			expect((await begin(tx, w.people.teacherA1, w.classA1, 2)).first_number).toBe(6);
		});
	});

	it('all or nothing: one bad child (a nickname taken, an account not made for the batch, a wrong handle) and no account becomes a child', async () => {
		await rolledBack(sql, async (tx) => {
			const b = await begin(tx, w.people.teacherA1, w.classA1, 3);
			const code = await codeOf(tx, w.classA1);
			const ids = await makeAccounts(tx, b.batch_id, code, b.first_number, 3);
			const stranger = await createAccount(tx, { enrolment_batch: randomUUID() }, handle(code, 99));
			const wrongHandle = await createAccount(tx, { enrolment_batch: b.batch_id }, handle(code, 98));
			const adult = w.ids.teacherA2;
			const taken = one(await tx<{ name: string }[]>`select display_name as name from public.profiles where id = ${w.ids.childA1}`).name;
			const bad: [unknown[], string][] = [
				[children(ids, b.first_number, ['甲', '乙', taken.toUpperCase()]), 'nickname_taken'],
				[children(ids, b.first_number, ['甲', '甲', '丙']), 'nickname_taken'],
				[children(ids, b.first_number, ['甲', ' ', '丙']), 'field_required:display_name'],
				[children(ids, b.first_number, ['甲', 'x'.repeat(31), '丙']), 'field_too_long:display_name'],
				[[...children(ids.slice(0, 2), b.first_number), { account_id: stranger, student_number: b.first_number + 2, display_name: '丙' }], 'field_invalid:children'],
				[[...children(ids.slice(0, 2), b.first_number), { account_id: wrongHandle, student_number: b.first_number + 2, display_name: '丙' }], 'field_invalid:children'],
				[[...children(ids.slice(0, 2), b.first_number), { account_id: adult, student_number: b.first_number + 2, display_name: '丙' }], 'field_invalid:children'],
				[children(ids.slice(0, 2), b.first_number), 'field_invalid:children'],
				[children([ids[0]!, ids[1]!, ids[1]!], b.first_number), 'field_invalid:children'],
				[children(ids, b.first_number + 1), 'field_invalid:children']
			];
			await actAs(tx, w.people.teacherA1);
			for (const [list, message] of bad) {
				const e = await dbError(tx, (sp) => sp`select public.finish_enrolment(${b.batch_id}, ${sp.json(list as never)})`);
				expect(e.message, JSON.stringify(list)).toBe(message);
				const made = await tx`select 1 from public.profiles where id = any(${ids}::uuid[])`;
				expect(made).toHaveLength(0);
			}
			expect((await dbError(tx, (sp) => sp`select public.finish_enrolment(${b.batch_id}, ${sp.json(children(ids, b.first_number))}, 'fr')`)).message).toBe('field_invalid:locale');
			// A number taken meanwhile (a child made another way) fails the whole batch in the trigger.
			await asSuperuser(tx);
			await createAccount(tx, { role: 'student', display_name: '插队', class_id: w.classA1, student_number: b.first_number + 1 }, `other-${randomUUID()}@test.child-voice.test`);
			await actAs(tx, w.people.teacherA1);
			const e = await dbError(tx, (sp) => sp`select public.finish_enrolment(${b.batch_id}, ${sp.json(children(ids, b.first_number))})`);
			expect(e.code).toBe('22023');
			expect(await tx`select 1 from public.profiles where id = any(${ids}::uuid[])`).toHaveLength(0);
		});
	});

	it('only the class teachers (and admins) begin; only whoever began finishes or cancels; archived classes and bad counts are refused', async () => {
		await rolledBack(sql, async (tx) => {
			for (const who of [w.people.teacherA2, w.people.teacherB, w.people.childA1, w.people.staffA, w.people.leadA]) {
				await actAs(tx, who);
				expect((await dbError(tx, (sp) => sp`select * from public.begin_enrolment(${w.classA1}, 3)`)).message).toBe('not_allowed');
			}
			await actAs(tx, w.people.teacherA1);
			for (const n of [0, 61, -1]) expect((await dbError(tx, (sp) => sp`select * from public.begin_enrolment(${w.classA1}, ${n})`)).message).toBe('field_invalid:count');
			expect((await dbError(tx, (sp) => sp`select * from public.begin_enrolment(${w.classA1}, null)`)).message).toBe('field_required:count');
			expect((await dbError(tx, (sp) => sp`select * from public.begin_enrolment(${randomUUID()}, 3)`)).message).toBe('not_found');
			const b = await begin(tx, w.people.admin, w.classA1, 2);
			const code = await codeOf(tx, w.classA1);
			const ids = await makeAccounts(tx, b.batch_id, code, b.first_number, 2);
			// A co-teacher of the class did not begin it.
			await actAs(tx, w.people.teacherA1);
			expect((await dbError(tx, (sp) => sp`select public.finish_enrolment(${b.batch_id}, ${sp.json(children(ids, b.first_number))})`)).message).toBe('not_allowed');
			expect((await dbError(tx, (sp) => sp`select public.cancel_enrolment(${b.batch_id})`)).message).toBe('not_allowed');
			await actAs(tx, w.people.admin);
			expect(one(await tx`select public.finish_enrolment(${b.batch_id}, ${tx.json(children(ids, b.first_number))}) as n`).n).toBe(2);
			expect((await dbError(tx, (sp) => sp`select public.cancel_enrolment(${b.batch_id})`)).message).toBe('invalid_state');
			await tx`select public.archive_class(${w.classA2}, true)`;
			await actAs(tx, w.people.teacherA2);
			expect((await dbError(tx, (sp) => sp`select * from public.begin_enrolment(${w.classA2}, 3)`)).message).toBe('class_archived');
		});
	});

	it('a cancelled batch frees its numbers; a batch left unfinished holds them for an hour; leftover accounts keep theirs', async () => {
		await rolledBack(sql, async (tx) => {
			const first = await begin(tx, w.people.teacherA1, w.classA1, 4);
			expect(first.first_number).toBe(3);
			// A second teacher adding children at the same time gets the numbers after.
			expect((await begin(tx, w.people.teacherA1, w.classA1, 2)).first_number).toBe(7);
			await tx`select public.cancel_enrolment(${first.batch_id})`;
			await asSuperuser(tx);
			await tx`update private.enrolment_batches set cancelled_at = now() where class_id = ${w.classA1}`;
			expect((await begin(tx, w.people.teacherA1, w.classA1, 2)).first_number).toBe(3);
			// An account made for an interrupted batch still has the handle of number 5: skipped.
			await asSuperuser(tx);
			await tx`update private.enrolment_batches set cancelled_at = now() where class_id = ${w.classA1}`;
			const code = await codeOf(tx, w.classA1);
			await createAccount(tx, { enrolment_batch: randomUUID() }, handle(code, 4));
			expect((await begin(tx, w.people.teacherA1, w.classA1, 2)).first_number).toBe(5);
			// An hour later an unfinished batch can no longer be finished, and its numbers are free.
			await asSuperuser(tx);
			await tx`update private.enrolment_batches set created_at = now() - interval '61 minutes' where class_id = ${w.classA1}`;
			const late = await tx<{ id: string }[]>`select id from private.enrolment_batches where class_id = ${w.classA1} and cancelled_at is null`;
			await actAs(tx, w.people.teacherA1);
			expect((await dbError(tx, (sp) => sp`select public.finish_enrolment(${late[0]!.id}, '[]'::jsonb)`)).message).toBe('invalid_state');
			expect((await begin(tx, w.people.teacherA1, w.classA1, 1)).first_number).toBe(3);
		});
	});
});

describe('renaming, moving and removing a child', () => {
	it('rename: unique in the class (any case), trimmed, bounded; only the class teachers', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			await tx`select public.rename_child(${w.classA1}, 1, ${w.ids.childA1}, '  Brave Dolphin ')`;
			expect(one(await tx`select display_name from public.profiles where id = ${w.ids.childA1}`).display_name).toBe('Brave Dolphin');
			// Renaming to its own name in another case is fine; to a classmate's is not.
			await tx`select public.rename_child(${w.classA1}, 1, ${w.ids.childA1}, 'brave dolphin')`;
			await tx`select public.rename_child(${w.classA1}, 2, ${w.ids.childA1b}, 'Sunny Kite')`;
			expect((await dbError(tx, (sp) => sp`select public.rename_child(${w.classA1}, 2, ${w.ids.childA1b}, 'BRAVE DOLPHIN')`)).message).toBe('nickname_taken');
			expect((await dbError(tx, (sp) => sp`select public.rename_child(${w.classA1}, 2, ${w.ids.childA1b}, '')`)).message).toBe('field_required:display_name');
			expect((await dbError(tx, (sp) => sp`select public.rename_child(${w.classA1}, 2, ${w.ids.childA1b}, ${'长'.repeat(31)})`)).message).toBe('field_too_long:display_name');
			expect((await dbError(tx, (sp) => sp`select public.rename_child(${w.classA1}, 2, ${w.ids.childA1}, 'x')`)).message).toBe('stale_version');
			expect((await dbError(tx, (sp) => sp`select public.rename_child(${w.classA1}, 9, ${w.ids.childA1}, 'x')`)).message).toBe('not_found');
			for (const who of [w.people.teacherA2, w.people.teacherB, w.people.childA1, w.people.staffA]) {
				await actAs(tx, who);
				expect((await dbError(tx, (sp) => sp`select public.rename_child(${w.classA1}, 1, ${w.ids.childA1}, 'x')`)).message).toBe('not_allowed');
			}
		});
	});

	it('move: to a class of the same school under its next number; the card follows, sessions end, submissions stay with the old class', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const written = await submit(tx, proposal({ title: 'before the move' }));
			await asSuperuser(tx);
			await tx`insert into auth.sessions (id, user_id, created_at, updated_at) values (gen_random_uuid(), ${w.ids.childA1}, now(), now())`;
			await tx`insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
				values (${w.ids.childA1}, ${w.ids.childA1}, jsonb_build_object('sub', ${w.ids.childA1}::text, 'email', 'old@login-card.invalid'), 'email', now(), now())`;
			const codeA2 = await codeOf(tx, w.classA2);
			await actAs(tx, w.people.teacherA1);
			const n = one(await tx<{ n: number }[]>`select public.move_child(${w.classA1}, 1, ${w.ids.childA1}, ${w.classA2}) as n`).n;
			expect(n).toBe(2); // A2 has child 1
			await asSuperuser(tx);
			expect(await tx`select class_id, student_number from public.class_students where student_id = ${w.ids.childA1}`).toEqual([{ class_id: w.classA2, student_number: 2 }]);
			const u = one(await tx`select email, raw_app_meta_data as m from auth.users where id = ${w.ids.childA1}`);
			expect(u.email).toBe(handle(codeA2, 2));
			expect(u.m).toMatchObject({ class_id: w.classA2, student_number: 2 });
			expect(one(await tx`select email from auth.identities where user_id = ${w.ids.childA1} and provider = 'email'`).email).toBe(handle(codeA2, 2));
			expect(await tx`select 1 from auth.sessions where user_id = ${w.ids.childA1}`).toHaveLength(0);
			// History: the submission stays with class A1, whose teacher still reads it with the nickname.
			expect(one(await tx`select class_id from public.submissions where id = ${written}`).class_id).toBe(w.classA1);
			await actAs(tx, w.people.teacherA1);
			const queue = one(await tx`select class_id, author_display_name from public.class_queue where id = ${written}`);
			expect(queue.class_id).toBe(w.classA1);
			expect(queue.author_display_name).toMatch(/^小明/);
			expect(await tx`select 1 from public.class_children(${w.classA1}) where student_id = ${w.ids.childA1}`).toHaveLength(0);
			// The new class's teacher has the child, and not the old submission.
			await actAs(tx, w.people.teacherA2);
			expect(await tx`select student_number from public.class_children(${w.classA2}) where student_id = ${w.ids.childA1}`).toEqual([{ student_number: 2 }]);
			expect(await tx`select 1 from public.class_queue where id = ${written}`).toHaveLength(0);
			// The child still reads their own.
			await actAs(tx, w.people.childA1);
			expect(await tx`select title from public.my_submissions where id = ${written}`).toEqual([{ title: 'before the move' }]);
		});
	});

	it('move is refused across schools, into the same or an archived class, with a nickname clash, a stale child, or by anyone else', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const move = (to: string, id = w.ids.childA1) => dbError(tx, (sp) => sp`select public.move_child(${w.classA1}, 1, ${id}, ${to})`);
			expect((await move(w.classB1)).message).toBe('field_invalid:to_class_id');
			expect((await move(w.classA1)).message).toBe('field_invalid:to_class_id');
			expect((await move(randomUUID())).message).toBe('field_invalid:to_class_id');
			expect((await move(w.classA2, w.ids.childA1b)).message).toBe('stale_version');
			await asSuperuser(tx);
			const a2name = one(await tx`select display_name from public.profiles where id = ${w.ids.childA2}`).display_name;
			await tx`update public.profiles set display_name = ${a2name} where id = ${w.ids.childA1}`;
			await actAs(tx, w.people.teacherA1);
			expect((await move(w.classA2)).message).toBe('nickname_taken');
			for (const who of [w.people.teacherA2, w.people.teacherB, w.people.childA1]) {
				await actAs(tx, who);
				expect((await move(w.classA2)).message).toBe('not_allowed');
			}
			await actAs(tx, w.people.admin);
			await tx`select public.archive_class(${w.classA2}, true)`;
			await actAs(tx, w.people.teacherA1);
			expect((await move(w.classA2)).message).toBe('class_archived');
		});
	});

	it('remove: the card stops at once (banned, sessions gone, handle freed), submissions stay with the class', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1b);
			const written = await submit(tx, proposal({ title: 'before leaving' }));
			await asSuperuser(tx);
			await tx`insert into auth.sessions (id, user_id, created_at, updated_at) values (gen_random_uuid(), ${w.ids.childA1b}, now(), now())`;
			await actAs(tx, w.people.teacherA2);
			expect((await dbError(tx, (sp) => sp`select public.remove_child(${w.classA1}, 2, ${w.ids.childA1b})`)).message).toBe('not_allowed');
			await actAs(tx, w.people.teacherA1);
			expect((await dbError(tx, (sp) => sp`select public.remove_child(${w.classA1}, 2, ${w.ids.childA1})`)).message).toBe('stale_version');
			await tx`select public.remove_child(${w.classA1}, 2, ${w.ids.childA1b})`;
			await asSuperuser(tx);
			expect(await tx`select 1 from public.class_students where student_id = ${w.ids.childA1b}`).toHaveLength(0);
			const u = one(await tx`select email, banned_until > now() + interval '50 years' as banned from auth.users where id = ${w.ids.childA1b}`);
			expect({ ...u }).toEqual({ email: `removed-${w.ids.childA1b}@login-card.invalid`, banned: true });
			expect(await tx`select 1 from auth.sessions where user_id = ${w.ids.childA1b}`).toHaveLength(0);
			expect(one(await tx`select class_id, author_id from public.submissions where id = ${written}`)).toEqual({ class_id: w.classA1, author_id: w.ids.childA1b });
			// Number 2 is free again for a new child.
			expect((await begin(tx, w.people.teacherA1, w.classA1, 1)).first_number).toBe(2);
		});
	});
});

describe('co-teachers, colleagues, classes of the school', () => {
	it('a teacher of the class adds a teacher of the same school; nobody else, and no one from outside the school', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			const colleagues = await tx`select teacher_id, teaches_class from public.school_colleagues(${w.classA1})`;
			const byId = Object.fromEntries(colleagues.map((c) => [c.teacher_id, c.teaches_class]));
			expect(byId).toEqual({ [w.ids.teacherA1]: true, [w.ids.teacherA2]: false, [w.ids.leadA]: false });
			for (const id of [w.ids.teacherB, w.ids.childA1, w.ids.staffA, randomUUID()]) {
				expect((await dbError(tx, (sp) => sp`select public.add_class_teacher(${w.classA1}, ${id})`)).message).toBe('field_invalid:teacher_id');
			}
			await actAs(tx, w.people.teacherA2);
			expect((await dbError(tx, (sp) => sp`select public.add_class_teacher(${w.classA1}, ${w.ids.teacherA2})`)).message).toBe('not_allowed');
			await actAs(tx, w.people.teacherA1);
			await tx`select public.add_class_teacher(${w.classA1}, ${w.ids.teacherA2})`;
			await tx`select public.add_class_teacher(${w.classA1}, ${w.ids.teacherA2})`;
			await actAs(tx, w.people.teacherA2);
			expect(await tx`select student_number from public.class_children(${w.classA1}) order by 1`).toEqual([{ student_number: 1 }, { student_number: 2 }]);
		});
	});

	it('school_classes lists the other active classes of the same school only; school_teachers rows by school', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.teacherA1);
			expect((await tx`select id from public.school_classes(${w.classA1})`).map((r) => r.id)).toEqual([w.classA2]);
			const mine = await tx`select distinct school_id from public.school_teachers`;
			expect(mine.map((r) => r.school_id)).toEqual([w.schoolA]);
			for (const who of [w.people.childA1, w.people.staffA]) {
				await actAs(tx, who);
				expect(await tx`select 1 from public.school_teachers`).toHaveLength(0);
				expect((await dbError(tx, (sp) => sp`select * from public.school_classes(${w.classA1})`)).message).toBe('not_allowed');
				expect((await dbError(tx, (sp) => sp`select * from public.school_colleagues(${w.classA1})`)).message).toBe('not_allowed');
			}
			await actAs(tx, w.people.teacherB);
			expect((await dbError(tx, (sp) => sp`select * from public.school_classes(${w.classA1})`)).message).toBe('not_allowed');
		});
	});
});

describe('the class overview', () => {
	it('counts children who signed in, submitted, had an answer; consent; locked cards — for the class teachers only', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			await submit(tx, proposal({ title: 'overview one' }));
			await submit(tx, proposal({ title: 'overview two' }));
			await asSuperuser(tx);
			await tx`update auth.users set last_sign_in_at = now() where id = ${w.ids.childA1}`;
			await tx`update public.submissions set state = 'answered', public_title = 't', public_problem = 'p',
				public_suggestions = 's', public_who_should_act = 'w' where author_id = ${w.ids.childA1} and title = 'overview one'`;
			await tx`update public.class_students set guardian_consent = false where student_id = ${w.ids.childA1b}`;
			const code = await codeOf(tx, w.classA1);
			await tx`insert into private.sign_in_attempts (identifier, class_code, outcome)
				select ${handle(code, 2)}, ${code}, 'failed' from generate_series(1, 5)`;
			await actAs(tx, w.people.teacherA1);
			const o = one(await tx`select * from public.class_overview(${w.classA1})`);
			expect({ ...o }).toEqual({ children: 2, signed_in: 1, submitted: 1, answered: 1, consent_needed: true, consent_given: 1, locked_cards: 1 });
			const rows = await tx`select student_number, signed_in, submissions, answered, guardian_consent, locked_until is not null as locked
				from public.class_children(${w.classA1})`;
			expect(rows.map((r) => ({ ...r }))).toEqual([
				{ student_number: 1, signed_in: true, submissions: 2, answered: 1, guardian_consent: true, locked: false },
				{ student_number: 2, signed_in: false, submissions: 0, answered: 0, guardian_consent: false, locked: true }
			]);
			await actAs(tx, w.people.teacherB);
			expect(one(await tx`select consent_needed from public.class_overview(${w.classB1})`).consent_needed).toBe(false);
			for (const who of [w.people.teacherA2, w.people.teacherB, w.people.childA1, w.people.staffA, w.people.leadA]) {
				await actAs(tx, who);
				expect((await dbError(tx, (sp) => sp`select * from public.class_overview(${w.classA1})`)).message).toBe('not_allowed');
				expect((await dbError(tx, (sp) => sp`select * from public.class_children(${w.classA1})`)).message).toBe('not_allowed');
			}
		});
	});
});

describe('a new card (reset)', () => {
	it('ends every session of the child and revokes their refresh tokens; only the class teachers can', async () => {
		await rolledBack(sql, async (tx) => {
			const session = randomUUID();
			await tx`insert into auth.sessions (id, user_id, created_at, updated_at) values (${session}, ${w.ids.childA1}, now(), now())`;
			await tx`insert into auth.refresh_tokens (instance_id, token, user_id, revoked, session_id, created_at)
				values ('00000000-0000-0000-0000-000000000000', ${'rt-' + session.slice(0, 8)}, ${w.ids.childA1}, false, ${session}, now())`;
			for (const who of [w.people.teacherA2, w.people.teacherB, w.people.childA1, w.people.admin]) {
				await actAs(tx, who);
				expect((await dbError(tx, (sp) => sp`select public.end_login_card_sessions(${w.classA1}, 1)`)).message).toBe('not_allowed');
			}
			await actAs(tx, w.people.teacherA1);
			expect(one(await tx`select public.login_card_account(${w.classA1}, 1) as id`).id).toBe(w.ids.childA1);
			await tx`select public.end_login_card_sessions(${w.classA1}, 1)`;
			await asSuperuser(tx);
			expect(await tx`select 1 from auth.sessions where user_id = ${w.ids.childA1}`).toHaveLength(0);
			expect(await tx`select 1 from auth.refresh_tokens where user_id = ${w.ids.childA1}`).toHaveLength(0);
		});
	});
});
