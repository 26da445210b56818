/**
 * The demo school and accounts of supabase/seed.sql, in the shape Supabase Auth reads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, connect, one, rolledBack, user, asUser, type Sql } from './helpers';

let sql: Sql;

beforeAll(() => {
	sql = connect();
});

afterAll(async () => {
	await sql?.end();
});

const CLASS_ID = 'c1000000-0000-4000-8000-000000000052';

const ADULTS = [
	{ email: 'teacher@demo.child-voice.test', password: 'demo-teacher-2026', role: 'teacher', display_name: '林老师' },
	{ email: 'staff@demo.child-voice.test', password: 'demo-staff-2026', role: 'staff', display_name: '王科长' },
	{ email: 'admin@demo.child-voice.test', password: 'demo-admin-2026', role: 'admin', display_name: '管理员' },
	{ email: 'counsellor@demo.child-voice.test', password: 'demo-counsellor-2026', role: 'teacher', display_name: '周老师' },
	{ email: 'teacher2@demo.child-voice.test', password: 'demo-teacher2-2026', role: 'teacher', display_name: '陈老师' }
];
const CHILDREN = [
	{ n: 1, words: 'panda kite river', nickname: '小熊猫' },
	{ n: 2, words: 'mango cloud tiger', nickname: '小芒果' },
	{ n: 3, words: 'lotus drum rocket', nickname: '小莲花' },
	{ n: 4, words: 'maple star ferry', nickname: '小枫叶' },
	{ n: 5, words: 'bamboo lamp comet', nickname: '小竹子' },
	{ n: 6, words: 'cedar harbor lantern', nickname: '小星星' }
];

describe('demo organisation', () => {
	it('district DEMO, its primary school, class 五年级二班 (grade 5, code DEMO52)', async () => {
		const [row] = await sql`select d.code, d.name_zh as d_zh, d.name_en as d_en, s.name_zh as s_zh, s.name_en as s_en,
				c.id, c.name, c.grade, c.code as class_code, c.age_band
			from public.classes c join public.schools s on s.id = c.school_id join public.districts d on d.id = s.district_id
			where c.code = 'DEMO52'`;
		expect({ ...row }).toEqual({
			code: 'DEMO', d_zh: '示范区', d_en: 'Demo District', s_zh: '示范小学', s_en: 'Demo Primary School',
			id: CLASS_ID, name: '五年级二班', grade: 5, class_code: 'DEMO52', age_band: '10-13'
		});
	});
});

describe('demo accounts', () => {
	it('adults: password, role, name and their class / district', async () => {
		for (const a of ADULTS) {
			const [u] = await sql<{ id: string; password_ok: boolean; wrong_ok: boolean; role: string; display_name: string }[]>`select u.id, u.encrypted_password = extensions.crypt(${a.password}, u.encrypted_password) as password_ok,
					u.encrypted_password = extensions.crypt('wrong', u.encrypted_password) as wrong_ok,
					p.role, p.display_name
				from auth.users u join public.profiles p on p.id = u.id where u.email = ${a.email}`;
			expect(u, a.email).toBeDefined();
			const { password_ok, wrong_ok, role, display_name } = u!; // defined: asserted just above
			expect({ password_ok, wrong_ok, role, display_name }).toEqual({
				password_ok: true, wrong_ok: false, role: a.role, display_name: a.display_name
			});
		}
		const [t] = await sql<[{ n: number }]>`select count(*)::int as n from public.class_teachers ct join auth.users u on u.id = ct.teacher_id
			where u.email = 'teacher@demo.child-voice.test' and ct.class_id = ${CLASS_ID}`;
		expect(t.n).toBe(1);
		const s = one(await sql<{ code: string }[]>`select d.code from public.staff_districts sd join auth.users u on u.id = sd.staff_id
			join public.districts d on d.id = sd.district_id where u.email = 'staff@demo.child-voice.test'`);
		expect(s.code).toBe('DEMO');
	});

	it('children: login handle, secret words, nickname, number, consent; no e-mail or name', async () => {
		for (const c of CHILDREN) {
			const email = `demo52-${c.n}@login-card.invalid`;
			const [u] = await sql`select u.encrypted_password = extensions.crypt(${c.words}, u.encrypted_password) as password_ok,
					p.role, p.display_name, cs.class_id, cs.student_number, cs.guardian_consent, u.raw_user_meta_data
				from auth.users u join public.profiles p on p.id = u.id join public.class_students cs on cs.student_id = u.id
				where u.email = ${email}`;
			expect({ ...u }, email).toEqual({
				password_ok: true, role: 'student', display_name: c.nickname, class_id: CLASS_ID, student_number: c.n,
				guardian_consent: c.n !== 6, raw_user_meta_data: {}
			});
		}
		const [{ n }] = await sql<[{ n: number }]>`select count(*)::int as n from public.class_students where class_id = ${CLASS_ID}`;
		expect(n).toBe(6);
	});

	it('guardian consent: recorded by the teacher for children 1-5 (who gave it, how, when); none for child 6', async () => {
		const rows = await sql`select cs.student_number, g.guardian, g.method, g.given_on <= current_date as past,
				u.email as recorded_by
			from public.class_students cs
			left join public.guardian_consents g on g.student_id = cs.student_id and g.withdrawn_at is null
			left join auth.users u on u.id = g.recorded_by
			where cs.class_id = ${CLASS_ID} order by cs.student_number`;
		expect(rows.map((r) => r.student_number)).toEqual([1, 2, 3, 4, 5, 6]);
		for (const r of rows.slice(0, 5)) {
			expect(r.guardian, `child ${r.student_number}`).toMatch(/^(妈妈|爸爸|奶奶|外公)$/);
			expect(['paper_form', 'in_person', 'message']).toContain(r.method);
			expect(r.past).toBe(true);
			expect(r.recorded_by).toBe('teacher@demo.child-voice.test');
		}
		expect({ ...rows[5] }).toEqual({ student_number: 6, guardian: null, method: null, past: null, recorded_by: null });
		const [archived] = await sql`select code, archived_at is not null as archived from public.classes where code = 'DEMO41'`;
		expect({ ...archived }).toEqual({ code: 'DEMO41', archived: true });
	});

	it('auth rows have the shape Supabase Auth reads (no NULL tokens, confirmed, email identity)', async () => {
		const users = await sql`select u.id, u.email, u.aud, u.role, u.instance_id, u.email_confirmed_at,
				u.confirmation_token, u.recovery_token, u.email_change_token_new, u.email_change,
				u.raw_app_meta_data, u.encrypted_password
			from auth.users u where u.email like '%@demo.child-voice.test' or u.email like 'demo52-%@login-card.invalid'
				or u.email in ('demo21-1@login-card.invalid', 'demo81-1@login-card.invalid')`;
		// 5 adults and 6 children of DEMO52; 黄老师 and one child each of DEMO21 (6–9) and DEMO81 (14–17); 刘科员, the department staff member of the routing section; 王干事, the street-office staff member of the dashboards section.
		expect(users).toHaveLength(16);
		for (const u of users) {
			expect(u.aud).toBe('authenticated');
			expect(u.role).toBe('authenticated');
			expect(u.instance_id).toBe('00000000-0000-0000-0000-000000000000');
			expect(u.email_confirmed_at).toBeInstanceOf(Date);
			expect([u.confirmation_token, u.recovery_token, u.email_change_token_new, u.email_change]).toEqual(['', '', '', '']);
			expect(u.raw_app_meta_data.provider).toBe('email');
			expect(u.raw_app_meta_data.providers).toEqual(['email']);
			expect(u.encrypted_password).toMatch(/^\$2[aby]\$/);
			const ids = await sql`select provider, provider_id, identity_data from auth.identities where user_id = ${u.id}`;
			expect(ids.map((i) => ({ ...i }))).toEqual([
				{ provider: 'email', provider_id: u.id, identity_data: { sub: u.id, email: u.email, email_verified: true } }
			]);
		}
	});

	it('the demo teacher sees the six children and the staff member sees none of them', async () => {
		const teacher = one(await sql<{ id: string }[]>`select id from auth.users where email = 'teacher@demo.child-voice.test'`);
		const names = await asUser(sql, user(teacher.id), (tx) =>
			tx`select p.display_name from public.profiles p join public.class_students cs on cs.student_id = p.id order by cs.student_number`
		);
		expect(names.map((r) => r.display_name)).toEqual(CHILDREN.map((c) => c.nickname));
		const staff = one(await sql<{ id: string }[]>`select id from auth.users where email = 'staff@demo.child-voice.test'`);
		const seen = await asUser(sql, user(staff.id), (tx) => tx`select id from public.profiles where role = 'student'`);
		expect(seen).toHaveLength(0);
	});

	it('has a demo proposal in each state, seen by the people who deal with it', async () => {
		const ids = (n: number) => `a0000000-0000-4000-8000-00000000000${n}`;
		const rows = await sql`select id, state, version >= 1 as versioned, district_id from public.submissions
			where id = any(${[1, 2, 3, 4].map(ids)}::uuid[]) order by id`;
		expect(rows.map((r) => r.state)).toEqual(['submitted', 'returned', 'approved', 'answered']);
		expect(new Set(rows.map((r) => r.district_id))).toEqual(new Set(['d0000000-0000-4000-8000-000000000001']));
		const teacher = one(await sql<{ id: string }[]>`select id from auth.users where email = 'teacher@demo.child-voice.test'`);
		const queue = await asUser(sql, user(teacher.id), (tx) => tx`select id, teacher_comment from public.class_queue where id = any(${[1, 2, 3, 4].map(ids)}::uuid[]) order by id`);
		expect(queue).toHaveLength(4);
		expect(queue[1]?.teacher_comment).toMatch(/图书角/);
		const staff = one(await sql<{ id: string }[]>`select id from auth.users where email = 'staff@demo.child-voice.test'`);
		const inbox = await asUser(sql, user(staff.id), (tx) => tx`select id, state from public.district_inbox where id = any(${[1, 2, 3, 4].map(ids)}::uuid[]) order by id`);
		expect(inbox.map((r) => r.state)).toEqual(['approved', 'answered']);
		const published = await asUser(sql, ANON, (tx) => tx`select code from public.public_goal_answers where submission_id = ${ids(4)} order by code`);
		expect(published.map((r) => r.code)).toEqual(['SPC-01', 'SPC-04']);
	});

	it('has the safety layer demo: a safeguarding lead, an escalated item, a rejected one, a masked public copy', async () => {
		const ids = (n: number) => `a0000000-0000-4000-8000-00000000000${n}`;
		const counsellor = one(await sql<{ id: string }[]>`select id from auth.users where email = 'counsellor@demo.child-voice.test'`);
		const leads = await sql`select s.name_zh from public.school_safeguarding_leads l join public.schools s on s.id = l.school_id
			where l.lead_id = ${counsellor.id}`;
		expect(leads.map((r) => r.name_zh)).toEqual(['示范小学']);
		const rows = await sql`select id, state, rejection_reason from public.submissions where id = any(${[5, 6, 7].map(ids)}::uuid[]) order by id`;
		expect(rows.map((r) => [r.state, r.rejection_reason])).toEqual([['rejected', 'duplicate'], ['escalated', null], ['answered', null]]);
		// The lead sees the escalated one in their queue; the class teacher does not.
		const queue = await asUser(sql, user(counsellor.id), (tx) => tx`select id, safeguarding_types from public.safeguarding_queue()`);
		expect(queue.map((r) => ({ ...r }))).toEqual([{ id: ids(6), safeguarding_types: ['bullying'] }]);
		const teacher = one(await sql<{ id: string }[]>`select id from auth.users where email = 'teacher@demo.child-voice.test'`);
		const classQueue = await asUser(sql, user(teacher.id), (tx) => tx`select id from public.class_queue where id = any(${[5, 6, 7].map(ids)}::uuid[]) order by id`);
		expect(classQueue.map((r) => r.id)).toEqual([ids(5), ids(7)]);
		// The public page has the masked title, never the child's name.
		const published = await asUser(sql, ANON, (tx) => tx`select title from public.published_answers where submission_id = ${ids(7)}`);
		expect(published.map((r) => r.title)).toEqual(['姓名 ***：希望图书馆周末开到晚上']);
	});

	it('running the seed again changes nothing', async () => {
		const seed = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'supabase', 'seed.sql'), 'utf8');
		await rolledBack(sql, async (tx) => {
			const count = () => tx`select
				(select count(*) from auth.users)::int as users, (select count(*) from auth.identities)::int as identities,
				(select count(*) from public.profiles)::int as profiles, (select count(*) from public.ledger_goals)::int as goals,
				(select count(*) from public.classes)::int as classes, (select count(*) from public.submissions)::int as submissions,
				(select count(*) from public.submission_events)::int as events, (select count(*) from public.published_answers)::int as published`;
			const [before] = await count();
			await tx.unsafe(seed);
			const [after] = await count();
			expect({ ...after }).toEqual({ ...before });
		});
	});
});

describe('routing demo (street offices, a department, deadlines, progress)', () => {
	it('the department staff member reads what is routed to the department (one overdue, reminded), not the rest of the district', async () => {
		const liu = one(await sql<{ id: string }[]>`select id from auth.users where email = 'transport@demo.child-voice.test'`);
		const rows = await asUser(sql, user(liu.id), (tx) =>
			tx`select id::text, state, due_on < (now() at time zone 'Asia/Shanghai')::date as overdue from public.staff_items order by id`
		);
		expect(rows.map((r) => ({ ...r }))).toEqual([
			{ id: 'a0000000-0000-4000-8000-000000000003', state: 'approved', overdue: false },
			{ id: 'a0000000-0000-4000-8000-000000000008', state: 'approved', overdue: true }
		]);
		const [reminded] = await sql`select count(*)::int as n from public.notifications where submission_id = 'a0000000-0000-4000-8000-000000000008' and kind = 'overdue'`;
		expect(reminded!.n).toBeGreaterThanOrEqual(2);
		const [progress] = await sql`select progress_stage from public.published_answers where submission_id = 'a0000000-0000-4000-8000-000000000004'`;
		expect(progress!.progress_stage).toBe('in_progress');
	});

	it('the published street report a…501 shows its latest progress to anyone, and its author was told', async () => {
		const rows = await asUser(sql, ANON, (tx) =>
			tx`select progress_stage, progress_note from public.published_answers where submission_id = 'a0000000-0000-4000-8000-000000000501'`
		);
		expect(rows.map((r) => ({ ...r }))).toEqual([{ progress_stage: 'in_progress', progress_note: '滑梯已经围起来了，新的板子下周装好。' }]);
		const [told] = await sql`select recipient_id::text from public.notifications where submission_id = 'a0000000-0000-4000-8000-000000000501' and kind = 'progress'`;
		expect(told!.recipient_id).toBe('10000000-0000-4000-8000-000000000103');
	});
});
