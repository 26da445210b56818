/**
 * The benchmark's data set: one city (districts, schools, classes, children, teachers, staff) and
 * a number of submissions in every state with their events, answers and public copies, built
 * with `generate_series` as superuser in the benchmark's own database.
 *
 * Every id is `md5('<kind>:<n>')::uuid`, so the callers the benchmark acts as (and their rows) can
 * be named without asking the database. Triggers (and so foreign-key checks) are off while
 * loading (`session_replication_role = replica`): the columns the triggers would set
 * (profiles from auth.users, submissions.district_id, version, forwarded_at, answered_at,
 * submission_events.actor_role) are set here, consistently, from the same formulas.
 */
import { createHash } from 'node:crypto';
import type postgres from 'postgres';

/** Sizes of the city. The city: 16 districts, 1,000 schools, 30,000 classes, 10^6 children. */
export interface City {
	districts: number;
	schools: number;
	classes: number;
	children: number;
}

export const CITY: City = { districts: 16, schools: 1000, classes: 30_000, children: 1_000_000 };
/** For developing the benchmark on a busy machine: the same shape, 1/100 of the people. */
export const SMALL_CITY: City = { districts: 16, schools: 100, classes: 3000, children: 10_000 };

/** Staff accounts per district; staff `s` serves district `s % districts`. */
export const STAFF_PER_DISTRICT = 2;

/** Deterministic ids, the same formulas as the SQL below. */
export const ids = {
	district: (d: number) => md5uuid(`district:${d}`),
	school: (s: number) => md5uuid(`school:${s}`),
	class: (c: number) => md5uuid(`class:${c}`),
	child: (i: number) => md5uuid(`child:${i}`),
	teacher: (t: number) => md5uuid(`teacher:${t}`),
	staff: (s: number) => md5uuid(`staff:${s}`),
	submission: (n: number) => md5uuid(`sub:${n}`)
};

/** `md5(text)::uuid` as Postgres spells it. */
export function md5uuid(text: string): string {
	const h = createHash('md5').update(text, 'utf8').digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The city the database holds now, or null when none was built. */
export async function currentCity(sql: postgres.Sql): Promise<City | null> {
	const [t] = await sql`select to_regclass('bench.city') as t`;
	if (!t?.t) return null;
	const [row] = await sql<City[]>`select districts, schools, classes, children from bench.city`;
	return row ?? null;
}

function sameCity(a: City, b: City): boolean {
	return a.districts === b.districts && a.schools === b.schools && a.classes === b.classes && a.children === b.children;
}

/**
 * Make sure the database holds `city` (people and organisation, no submissions yet). A city of
 * other sizes is removed first. Reuses an existing one of the same size (building 10^6 children
 * takes minutes).
 *
 * @returns seconds spent building (0 when reused)
 */
export async function ensureCity(sql: postgres.Sql, city: City, log: (s: string) => void): Promise<number> {
	const have = await currentCity(sql);
	if (have && sameCity(have, city)) return 0;
	const t0 = performance.now();
	if (have) {
		log('removing the previous city');
		await dropCity(sql);
	}
	const { districts: D, schools: S, classes: C, children: K } = city;
	const T = C; // teacher t teaches class t (teacher 0 also classes 1 and 2)
	const F = D * STAFF_PER_DISTRICT;
	await sql.begin(async (tx) => {
		await tx.unsafe(`set local session_replication_role = replica`);
		await tx.unsafe(`create schema if not exists bench`);
		await tx.unsafe(`create table bench.city (districts int, schools int, classes int, children int, built_at timestamptz default now())`);
		log(`districts ${D}, schools ${S}, classes ${C}`);
		await tx.unsafe(`
			insert into public.districts (id, code, name_zh, name_en)
			select md5('district:' || d)::uuid, 'BENCH' || d, '第' || d || '区', 'District ' || d
			from generate_series(0, ${D - 1}) d;
			insert into public.schools (id, district_id, name_zh, name_en)
			select md5('school:' || s)::uuid, md5('district:' || (s % ${D}))::uuid, '第' || s || '小学', 'School ' || s
			from generate_series(0, ${S - 1}) s;
			insert into public.classes (id, school_id, name, grade, code)
			select md5('class:' || c)::uuid, md5('school:' || (c % ${S}))::uuid,
			       ((c / ${S}) % 12 + 1) || '年级' || (c / ${S} / 12 + 1) || '班', (c / ${S}) % 12 + 1,
			       'B' || lpad(c::text, 7, '0')
			from generate_series(0, ${C - 1}) c;`);
		log(`accounts: ${K} children, ${T} teachers, ${F} staff, 1 admin (auth.users + profiles)`);
		// auth.users in Supabase's shape (empty token strings, confirmed e-mail); no password: the
		// benchmark signs its own JWTs for the callers it acts as.
		await tx.unsafe(`
			create temporary table people on commit drop as
			select md5('child:' || i)::uuid as id, 'student'::public.app_role as role, '小朋友' || i as name,
			       'bench-child-' || i || '@login-card.invalid' as email
			from generate_series(0, ${K - 1}) i
			union all
			select md5('teacher:' || t)::uuid, 'teacher', '老师' || t, 'bench-teacher-' || t || '@bench.invalid'
			from generate_series(0, ${T - 1}) t
			union all
			select md5('staff:' || f)::uuid, 'staff', '工作人员' || f, 'bench-staff-' || f || '@bench.invalid'
			from generate_series(0, ${F - 1}) f
			union all
			select md5('admin:0')::uuid, 'admin', '管理员', 'bench-admin-0@bench.invalid';
			insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
				confirmation_token, recovery_token, email_change_token_new, email_change,
				raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
			select '00000000-0000-0000-0000-000000000000', id, 'authenticated', 'authenticated', email, '', now(),
			       '', '', '', '', jsonb_build_object('provider', 'email', 'providers', array['email'], 'role', role), '{}', now(), now()
			from people;
			insert into public.profiles (id, role, display_name, locale)
			select id, role, name, 'zh-CN' from people;`);
		log('memberships');
		await tx.unsafe(`
			insert into public.class_students (class_id, student_id, student_number, guardian_consent)
			select md5('class:' || (i % ${C}))::uuid, md5('child:' || i)::uuid, i / ${C} + 1, true
			from generate_series(0, ${K - 1}) i;
			insert into public.class_teachers (class_id, teacher_id)
			select md5('class:' || t)::uuid, md5('teacher:' || t)::uuid from generate_series(0, ${T - 1}) t
			union all
			select md5('class:' || c)::uuid, md5('teacher:0')::uuid from generate_series(1, least(2, ${C - 1})) c;
			insert into public.staff_districts (staff_id, district_id)
			select md5('staff:' || f)::uuid, md5('district:' || (f % ${D}))::uuid from generate_series(0, ${F - 1}) f;`);
		await tx.unsafe(`insert into bench.city (districts, schools, classes, children) values (${D}, ${S}, ${C}, ${K})`);
	});
	log('vacuum analyze');
	await sql.unsafe(`vacuum analyze auth.users, public.profiles, public.class_students, public.class_teachers, public.staff_districts, public.classes, public.schools, public.districts`);
	return (performance.now() - t0) / 1000;
}

/** Remove the benchmark's city and everything that refers to it (the seed's demo rows stay). */
async function dropCity(sql: postgres.Sql): Promise<void> {
	await clearSubmissions(sql);
	await sql.begin(async (tx) => {
		await tx.unsafe(`set local session_replication_role = replica`);
		await tx.unsafe(`
			delete from public.staff_districts where district_id in (select id from public.districts where code like 'BENCH%');
			delete from public.class_teachers where class_id in (select c.id from public.classes c where c.code like 'B%' and c.code ~ '^B[0-9]{7}$');
			delete from public.class_students where class_id in (select c.id from public.classes c where c.code ~ '^B[0-9]{7}$');
			delete from public.profiles where id in (select id from auth.users where email like 'bench-%');
			delete from auth.users where email like 'bench-%';
			delete from public.classes where code ~ '^B[0-9]{7}$';
			delete from public.schools where district_id in (select id from public.districts where code like 'BENCH%');
			delete from public.districts where code like 'BENCH%';
			drop table bench.city;`);
	});
}

/** Remove every submission (and its events, answers, public copies, notifications). */
export async function clearSubmissions(sql: postgres.Sql): Promise<void> {
	// cascade: and whatever else refers to them (the safety layer's case and access logs).
	await sql.unsafe(`truncate public.submissions, public.submission_events, public.answers, public.answer_goals,
		public.published_answers, public.published_answer_goals, public.notifications restart identity cascade`);
}

/**
 * The states, in shares of 100 (by `h = hash(n) % 100`): submitted 12 (a quarter of them
 * resubmitted after a return), returned 8, approved 15, answered 65 — most of a year's proposals
 * have been answered, a few weeks' worth wait.
 */
export const STATE_SHARES = { submitted: 12, returned: 8, approved: 15, answered: 65 } as const;

/**
 * Replace all submissions by `n` of them, spread over the last year, authors spread over every
 * child (`author = (n * 7919 + 13) % children`), with 1–3 events each, an answer (1–2 goals)
 * and its public copy for each answered one.
 *
 * @returns seconds spent
 */
export async function buildSubmissions(sql: postgres.Sql, city: City, n: number, log: (s: string) => void): Promise<number> {
	const t0 = performance.now();
	const { districts: D, schools: S, classes: C, children: K } = city;
	await clearSubmissions(sql);
	const [g] = await sql<{ n: number }[]>`select count(*)::int as n from public.ledger_goals where edition = 2023`;
	if (!g || g.n === 0) throw new Error('no 2023 ledger goals: the seed did not run');
	await sql.begin(async (tx) => {
		await tx.unsafe(`set local session_replication_role = replica`);
		await tx.unsafe(`
			drop table if exists bench.gen;
			create unlogged table bench.gen as
			select n, md5('sub:' || n)::uuid as id, a as author_idx, a % ${C} as class_idx, (a % ${C}) % ${S} % ${D} as district_idx,
			       case when h < 12 then 'submitted' when h < 20 then 'returned' when h < 35 then 'approved' else 'answered' end::public.submission_state as state,
			       h < 12 and h % 4 = 0 as resubmitted, h,
			       now() - interval '375 days' + (n::float8 / ${n}) * interval '365 days' as ts
			from (select n,
			             -- The first 60 go to class 0 (teacher 0's), so its lists fill whole pages at every size:
			             -- a page's cost compared across sizes is then the same page, not a fuller one.
			             case when n <= 60 then (n % ${Math.max(1, Math.floor(K / C))}) * ${C} else (n::bigint * 7919 + 13) % ${K} end as a,
			             (n::bigint * 2654435761 % 1000003) % 100 as h
			      from generate_series(1, ${n}) n) x;
			analyze bench.gen;`);
		log(`submissions ${n}`);
		await tx.unsafe(`
			insert into public.submissions (id, kind, class_id, author_id, state, title, problem, suggestions, who_should_act,
				age_band, created_at, updated_at, submitted_at, client_request_id, version, forwarded_at, district_id, answered_at, due_on,
				public_title, public_problem, public_suggestions, public_who_should_act)
			select g.id, 'proposal', c.id, md5('child:' || g.author_idx)::uuid, g.state,
			       '提案 ' || g.n || '：让公园多一些树荫',
			       '夏天公园里太热了，放学后我们没有阴凉的地方玩。第 ' || g.n || ' 号。',
			       '在操场和公园多种树，再装几个饮水机。',
			       '区园林绿化局',
			       c.age_band, g.ts,
			       g.ts + case g.state when 'submitted' then (case when g.resubmitted then interval '3 days' else interval '0' end)
			                           when 'returned' then interval '1 day' when 'approved' then interval '2 days'
			                           else interval '10 days' end,
			       g.ts + case when g.resubmitted then interval '3 days' else interval '0' end,
			       gen_random_uuid(),
			       case g.state when 'submitted' then (case when g.resubmitted then 3 else 1 end) when 'answered' then 3 else 2 end,
			       case when g.state in ('approved', 'answered') then g.ts + interval '2 days' end,
			       md5('district:' || g.district_idx)::uuid,
			       case when g.state = 'answered' then g.ts + interval '10 days' end,
			       -- The due date the forwarding trigger sets (15 working days ≈ 21 calendar days after
			       -- the forwarding day in Asia/Shanghai): most approved ones are overdue, as in a city
			       -- that has fallen behind — the overdue list's worst case.
			       case when g.state in ('approved', 'answered') then ((g.ts + interval '2 days') at time zone 'Asia/Shanghai')::date + 21 end,
			       -- The public copy the teacher approved (forwarded ones only): here the same words.
			       case when g.state in ('approved', 'answered') then '提案 ' || g.n || '：让公园多一些树荫' end,
			       case when g.state in ('approved', 'answered') then '夏天公园里太热了，放学后我们没有阴凉的地方玩。第 ' || g.n || ' 号。' end,
			       case when g.state in ('approved', 'answered') then '在操场和公园多种树，再装几个饮水机。' end,
			       case when g.state in ('approved', 'answered') then '区园林绿化局' end
			from bench.gen g
			join public.classes c on c.id = md5('class:' || g.class_idx)::uuid
			order by g.n;`);
		log('events');
		await tx.unsafe(`
			insert into public.submission_events (submission_id, actor_id, from_state, to_state, comment, created_at, actor_role)
			select g.id, e.actor, e.from_state, e.to_state, e.comment, e.at, e.role
			from bench.gen g
			cross join lateral (values
				(1, md5('child:' || g.author_idx)::uuid, null::public.submission_state, 'submitted'::public.submission_state,
				 null::text, g.ts, 'student'::public.app_role, true),
				(2, md5('teacher:' || g.class_idx)::uuid, 'submitted', 'returned', '请把你的建议写得更具体一些，比如种在哪里。',
				 g.ts + interval '1 day', 'teacher', g.state = 'returned' or g.resubmitted),
				(3, md5('child:' || g.author_idx)::uuid, 'returned', 'submitted', null, g.ts + interval '3 days', 'student', g.resubmitted),
				(2, md5('teacher:' || g.class_idx)::uuid, 'submitted', 'approved', case when g.h % 2 = 0 then '很好的建议，转给区里。' end,
				 g.ts + interval '2 days', 'teacher', g.state in ('approved', 'answered')),
				(3, md5('staff:' || g.district_idx)::uuid, 'approved', 'answered', null, g.ts + interval '10 days', 'staff', g.state = 'answered')
			) e(step, actor, from_state, to_state, comment, at, role, present)
			where e.present
			order by g.n, e.step;`);
		log('answers and their public copies');
		await tx.unsafe(`
			create temporary table goals on commit drop as
			select row_number() over (order by code) - 1 as k, id from public.ledger_goals where edition = 2023;
			insert into public.answers (id, submission_id, staff_id, decision, reply, created_at)
			select md5('answer:' || g.n)::uuid, g.id, md5('staff:' || g.district_idx)::uuid,
			       (array['adopted', 'partly_adopted', 'under_study', 'not_feasible', 'referred'])[1 + g.h % 5]::public.answer_decision,
			       '谢谢你的建议！明年春天我们会在公园里种树，并增加两个饮水点。', g.ts + interval '10 days'
			from bench.gen g where g.state = 'answered';
			create temporary table answer_goal_pick on commit drop as
			select g.n, g.id, go.id as goal_id, g.h, g.ts
			from bench.gen g join goals go on go.k = g.n % ${g.n}
			where g.state = 'answered'
			union
			select g.n, g.id, go.id, g.h, g.ts
			from bench.gen g join goals go on go.k = (g.n + 7) % ${g.n}
			where g.state = 'answered' and g.h % 3 = 0;
			insert into public.answer_goals (answer_id, goal_id) select md5('answer:' || n)::uuid, goal_id from answer_goal_pick;
			-- From the generator's formulas, not by joining the tables just filled (their statistics
			-- are those of before the truncate, and a nested loop over 10^6 rows never ends).
			insert into public.published_answers (submission_id, edition, title, decision, reply, district_name_zh, district_name_en, answered_at)
			select g.id, 2023, '提案 ' || g.n || '：让公园多一些树荫',
			       (array['adopted', 'partly_adopted', 'under_study', 'not_feasible', 'referred'])[1 + g.h % 5]::public.answer_decision,
			       '谢谢你的建议！明年春天我们会在公园里种树，并增加两个饮水点。', d.name_zh, d.name_en, g.ts + interval '10 days'
			from bench.gen g
			join public.districts d on d.id = md5('district:' || g.district_idx)::uuid
			where g.state = 'answered';
			insert into public.published_answer_goals (submission_id, goal_id, decision, answered_at)
			select id, goal_id, (array['adopted', 'partly_adopted', 'under_study', 'not_feasible', 'referred'])[1 + h % 5]::public.answer_decision,
			       ts + interval '10 days'
			from answer_goal_pick;
			drop table bench.gen;`);
		// The counters the row triggers would have kept (triggers are off while loading).
		log('counters');
		await tx.unsafe(`select private.recount_inbox(), private.recount_published_answers(), private.recount_ledger_categories(), private.recount_dashboards()`);
	});
	log('vacuum analyze');
	await sql.unsafe(`vacuum analyze public.submissions, public.dashboard_counts, public.dashboard_due, public.submission_events, public.answers, public.answer_goals, public.published_answers, public.published_answer_goals, public.notifications, public.published_answer_categories, public.ledger_answered_goals, public.ledger_category_counts`);
	// Write the load's dirty pages now, so the checkpoint they cause does not run during the
	// measurements (it doubled even single-row reads in the first 10^6 runs).
	log('checkpoint');
	await sql.unsafe('checkpoint');
	return (performance.now() - t0) / 1000;
}
