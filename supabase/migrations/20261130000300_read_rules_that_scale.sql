-- ============================================================================
-- Read rules that scale: the caller's scope once per query, not once per row
-- ============================================================================
-- Before, the read rules of classes, profiles, class_students, class_teachers and submissions
-- were several permissive policies OR-ed together, each calling a security-definer helper with a
-- column of the row (private.teaches_class(class_id), ...): the planner cannot inline those, so
-- every row of the table was checked for every caller. Now each table has one select policy whose
-- helpers take no row argument and return the caller's scope as an array, wrapped in
-- `(select …)` so Postgres runs them once per statement (an initPlan) and compares columns with
-- `= any (…)`, which the indexes serve. The rules are exactly as strict as before (the RLS
-- matrix in tests/db/rls.test.ts is unchanged).
--
-- submissions.district_id (the district of its class's school, set on insert) lets the staff rule
-- and the inbox filter and order by one index instead of joining through classes and schools.

-- ============================================================================
-- The caller's scope (security definer: they read membership across RLS)
-- ============================================================================
create or replace function private.my_student_class_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(cs.class_id), '{}')
  from public.class_students cs
  join public.profiles p on p.id = cs.student_id and p.role = 'student'
  where cs.student_id = (select auth.uid())
$$;

comment on function private.my_student_class_ids() is
  'Classes the caller is a child of (at most one); empty for anyone else. Use as = any ((select private.my_student_class_ids())::uuid[]).';

create or replace function private.my_taught_class_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(ct.class_id), '{}')
  from public.class_teachers ct
  join public.profiles p on p.id = ct.teacher_id and p.role = 'teacher'
  where ct.teacher_id = (select auth.uid())
$$;

comment on function private.my_taught_class_ids() is
  'Classes the caller teaches (role teacher); empty for anyone else.';

create or replace function private.my_taught_student_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(cs.student_id), '{}')
  from public.class_students cs
  join public.class_teachers ct on ct.class_id = cs.class_id
  join public.profiles p on p.id = ct.teacher_id and p.role = 'teacher'
  where ct.teacher_id = (select auth.uid())
$$;

comment on function private.my_taught_student_ids() is
  'Account ids of the children in the classes the caller teaches (role teacher); empty for anyone else.';

create or replace function private.my_staff_district_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(sd.district_id), '{}')
  from public.staff_districts sd
  join public.profiles p on p.id = sd.staff_id and p.role = 'staff'
  where sd.staff_id = (select auth.uid())
$$;

comment on function private.my_staff_district_ids() is
  'Districts the caller is staff of (role staff); empty for anyone else.';

create or replace function private.my_staff_school_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(s.id), '{}')
  from public.schools s
  where s.district_id = any ((select private.my_staff_district_ids())::uuid[])
$$;

comment on function private.my_staff_school_ids() is
  'Schools in the districts the caller is staff of; empty for anyone else.';

-- The classes whose queue the caller reads: taught ones, or every class for an admin.
create or replace function private.my_queue_class_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when private.is_admin() then (select coalesce(array_agg(c.id), '{}') from public.classes c)
    else private.my_taught_class_ids()
  end
$$;

comment on function private.my_queue_class_ids() is
  'Classes whose submissions class_queue lists for the caller: the ones they teach; all for an admin.';

-- The districts whose inbox the caller reads: staffed ones, or every district for an admin.
create or replace function private.my_inbox_district_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when private.is_admin() then (select coalesce(array_agg(d.id), '{}') from public.districts d)
    else private.my_staff_district_ids()
  end
$$;

comment on function private.my_inbox_district_ids() is
  'Districts whose forwarded submissions district_inbox lists for the caller: the ones they serve; all for an admin.';

-- ============================================================================
-- submissions.district_id
-- ============================================================================
alter table public.submissions add column district_id uuid references public.districts (id);

update public.submissions s
set district_id = sc.district_id
from public.classes c
join public.schools sc on sc.id = c.school_id
where c.id = s.class_id;

alter table public.submissions alter column district_id set not null;

comment on column public.submissions.district_id is
  'District of the class''s school when it was submitted (set on insert): routes it to that district''s staff.';

create or replace function private.set_submission_district()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  select sc.district_id into new.district_id
  from public.classes c
  join public.schools sc on sc.id = c.school_id
  where c.id = new.class_id;
  return new;
end;
$$;

comment on function private.set_submission_district() is
  'Trigger: submissions.district_id from its class on insert (whatever the statement set).';

create trigger submissions_set_district
  before insert on public.submissions
  for each row execute function private.set_submission_district();

-- Lists: a class's queue by state, oldest waiting first / newest first; a district's inbox by
-- state and forwarding time. The single-column indexes they replace go.
create index submissions_class_state_submitted_idx on public.submissions (class_id, state, submitted_at);
create index submissions_class_updated_idx on public.submissions (class_id, updated_at);
create index submissions_district_state_forwarded_idx on public.submissions (district_id, state, forwarded_at);
create index submissions_author_updated_idx on public.submissions (author_id, updated_at);
drop index public.submissions_class_id_idx;
drop index public.submissions_author_id_idx;
drop index public.submissions_state_idx;
drop index public.submissions_state_forwarded_at_idx;

-- Foreign keys that had no index starting with their column.
create index published_answers_edition_idx on public.published_answers (edition, answered_at);

-- ============================================================================
-- One select policy per table, scope evaluated once per statement
-- ============================================================================
drop policy "Children can read their own class" on public.classes;
drop policy "Teachers can read the classes they teach" on public.classes;
drop policy "Staff can read the classes of their districts" on public.classes;
drop policy "Admins can read all classes" on public.classes;

create policy "People can read the classes they belong to, teach or serve"
  on public.classes for select to authenticated
  using (
    id = any ((select private.my_student_class_ids())::uuid[])
    or id = any ((select private.my_taught_class_ids())::uuid[])
    or school_id = any ((select private.my_staff_school_ids())::uuid[])
    or (select private.is_admin())
  );

drop policy "People can read their own profile" on public.profiles;
drop policy "Teachers can read the profiles of the children they teach" on public.profiles;
drop policy "Admins can read all profiles" on public.profiles;

create policy "People can read their own profile and those of the children they teach"
  on public.profiles for select to authenticated
  using (
    id = (select auth.uid())
    or id = any ((select private.my_taught_student_ids())::uuid[])
    or (select private.is_admin())
  );

drop policy "Children can read their own class membership" on public.class_students;
drop policy "Teachers can read the children of their classes" on public.class_students;
drop policy "Admins can read all class memberships" on public.class_students;

create policy "People can read their own class membership and their classes' children"
  on public.class_students for select to authenticated
  using (
    student_id = (select auth.uid())
    or class_id = any ((select private.my_taught_class_ids())::uuid[])
    or (select private.is_admin())
  );

drop policy "Teachers can read who teaches their classes" on public.class_teachers;
drop policy "Admins can read all class teachers" on public.class_teachers;

create policy "Teachers can read who teaches their classes"
  on public.class_teachers for select to authenticated
  using (
    class_id = any ((select private.my_taught_class_ids())::uuid[])
    or (select private.is_admin())
  );

drop policy "Staff can read their own districts" on public.staff_districts;
drop policy "Admins can read all staff districts" on public.staff_districts;

create policy "Staff can read their own districts"
  on public.staff_districts for select to authenticated
  using (
    staff_id = (select auth.uid())
    or (select private.is_admin())
  );

drop policy "Children can read their own submissions" on public.submissions;
drop policy "Teachers can read their class's submissions" on public.submissions;
drop policy "Staff can read forwarded submissions of their districts" on public.submissions;
drop policy "Admins can read all submissions" on public.submissions;

create policy "People can read their own, their classes' and their districts' forwarded submissions"
  on public.submissions for select to authenticated
  using (
    author_id = (select auth.uid())
    or class_id = any ((select private.my_taught_class_ids())::uuid[])
    or (state in ('approved', 'answered') and district_id = any ((select private.my_staff_district_ids())::uuid[]))
    or (select private.is_admin())
  );

-- ============================================================================
-- Views: the same scope, once per statement
-- ============================================================================
create or replace view public.class_queue
with (security_invoker = true)
as
select
  s.id,
  s.class_id,
  c.name as class_name,
  private.author_display_name(s.id) as author_display_name,
  s.title,
  s.problem,
  s.suggestions,
  s.who_should_act,
  s.state,
  s.submitted_at,
  s.updated_at,
  private.latest_return_comment(s.id) as teacher_comment,
  s.version
from public.submissions s
join public.classes c on c.id = s.class_id
where s.class_id = any ((select private.my_queue_class_ids())::uuid[]);

create or replace view public.district_inbox
with (security_invoker = true)
as
select
  s.id,
  d.id as district_id,
  d.name_zh as district_name_zh,
  d.name_en as district_name_en,
  sc.name_zh as school_name_zh,
  sc.name_en as school_name_en,
  c.name as class_name,
  s.age_band,
  s.title,
  s.problem,
  s.suggestions,
  s.who_should_act,
  s.state,
  s.forwarded_at as approved_at,
  a.decision,
  a.reply,
  a.created_at as answered_at,
  s.version
from public.submissions s
join public.classes c on c.id = s.class_id
join public.schools sc on sc.id = c.school_id
join public.districts d on d.id = s.district_id
left join public.answers a on a.submission_id = s.id
where s.state in ('approved', 'answered')
  and s.district_id = any ((select private.my_inbox_district_ids())::uuid[]);

-- ============================================================================
-- Grants
-- ============================================================================
grant select (district_id) on public.submissions to authenticated;

revoke execute on all functions in schema private from public;
grant execute on function
  private.my_student_class_ids(),
  private.my_taught_class_ids(),
  private.my_taught_student_ids(),
  private.my_staff_district_ids(),
  private.my_staff_school_ids(),
  private.my_queue_class_ids(),
  private.my_inbox_district_ids()
  to authenticated;
