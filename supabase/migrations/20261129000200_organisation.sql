-- ============================================================================
-- Organisation: districts, schools, classes, people and who belongs where
-- ============================================================================
-- A person's role lives in public.profiles.role and is set only from
-- auth.users.raw_app_meta_data (writable by the service role alone) by the trigger
-- private.handle_new_user. An account without a valid role gets no profile and can
-- do nothing: every policy below requires a profile.

-- ============================================================================
-- Types
-- ============================================================================
create type public.app_role as enum ('student', 'teacher', 'staff', 'admin');

create type public.age_band as enum ('6-9', '10-13', '14-17');

-- ============================================================================
-- Tables
-- ============================================================================
create table public.districts (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'),
  name_zh text not null check (char_length(name_zh) between 1 and 100),
  name_en text not null check (char_length(name_en) between 1 and 100)
);

comment on table public.districts is 'Districts (区) of the city.';

create table public.schools (
  id uuid primary key default gen_random_uuid(),
  district_id uuid not null references public.districts (id),
  name_zh text not null check (char_length(name_zh) between 1 and 200),
  name_en text not null check (char_length(name_en) between 1 and 200)
);

create index schools_district_id_idx on public.schools (district_id);

comment on table public.schools is 'Schools; each in one district.';

create table public.classes (
  id uuid primary key default gen_random_uuid(),
  school_id uuid not null references public.schools (id),
  name text not null check (char_length(name) between 1 and 100),
  grade smallint not null check (grade between 1 and 12),
  -- The class login code printed on login cards (upper case letters and digits).
  code text not null unique check (code ~ '^[A-Z0-9]{4,16}$'),
  age_band public.age_band not null generated always as (
    case
      when grade <= 3 then '6-9'::public.age_band
      when grade <= 7 then '10-13'::public.age_band
      else '14-17'::public.age_band
    end
  ) stored
);

create index classes_school_id_idx on public.classes (school_id);

comment on table public.classes is 'School classes. age_band is derived from grade: 1-3 → 6-9, 4-7 → 10-13, 8-12 → 14-17.';
comment on column public.classes.code is 'Class login code (printed on the login cards), unique.';

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  role public.app_role not null,
  -- A child's nickname (never a real name); an adult's name.
  display_name text not null check (char_length(display_name) between 1 and 100),
  locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en'))
);

comment on table public.profiles is
  'One per account with a role; created from auth.users.raw_app_meta_data by private.handle_new_user.';

create table public.class_students (
  class_id uuid not null references public.classes (id),
  student_id uuid not null references public.profiles (id) on delete cascade,
  student_number smallint not null check (student_number between 1 and 999),
  guardian_consent boolean not null default false,
  primary key (class_id, student_id),
  -- A child belongs to one class; a number identifies one child within a class.
  unique (student_id),
  unique (class_id, student_number)
);

comment on table public.class_students is 'The children of a class, with their number on the login card.';

create table public.class_teachers (
  class_id uuid not null references public.classes (id),
  teacher_id uuid not null references public.profiles (id) on delete cascade,
  primary key (class_id, teacher_id)
);

create index class_teachers_teacher_id_idx on public.class_teachers (teacher_id);

comment on table public.class_teachers is 'Who teaches (and moderates) which class.';

create table public.staff_districts (
  staff_id uuid not null references public.profiles (id) on delete cascade,
  district_id uuid not null references public.districts (id),
  primary key (staff_id, district_id)
);

create index staff_districts_district_id_idx on public.staff_districts (district_id);

comment on table public.staff_districts is 'The districts whose forwarded submissions a staff member answers.';

-- ============================================================================
-- Helpers for policies and functions (security definer: they read across RLS)
-- ============================================================================
create or replace function private.current_app_role()
returns public.app_role
language sql
stable
security definer
set search_path = ''
as $$
  select p.role from public.profiles p where p.id = (select auth.uid())
$$;

comment on function private.current_app_role() is 'The caller''s role, null without a profile.';

create or replace function private.is_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.profiles p where p.id = (select auth.uid()) and p.role = 'admin'
  )
$$;

comment on function private.is_admin() is 'True when the caller is an admin.';

create or replace function private.is_student_of_class(p_class_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.class_students cs
    join public.profiles p on p.id = cs.student_id and p.role = 'student'
    where cs.class_id = p_class_id and cs.student_id = (select auth.uid())
  )
$$;

comment on function private.is_student_of_class(uuid) is 'True when the caller is a child of the class.';

create or replace function private.teaches_class(p_class_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.class_teachers ct
    join public.profiles p on p.id = ct.teacher_id and p.role = 'teacher'
    where ct.class_id = p_class_id and ct.teacher_id = (select auth.uid())
  )
$$;

comment on function private.teaches_class(uuid) is 'True when the caller is a teacher of the class.';

create or replace function private.teaches_student(p_student_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.class_students cs
    join public.class_teachers ct on ct.class_id = cs.class_id
    join public.profiles p on p.id = ct.teacher_id and p.role = 'teacher'
    where cs.student_id = p_student_id and ct.teacher_id = (select auth.uid())
  )
$$;

comment on function private.teaches_student(uuid) is 'True when the caller teaches the class of the child.';

create or replace function private.is_staff_of_district(p_district_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.staff_districts sd
    join public.profiles p on p.id = sd.staff_id and p.role = 'staff'
    where sd.district_id = p_district_id and sd.staff_id = (select auth.uid())
  )
$$;

comment on function private.is_staff_of_district(uuid) is 'True when the caller is staff of the district.';

create or replace function private.is_staff_of_class_district(p_class_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.classes c
    join public.schools s on s.id = c.school_id
    join public.staff_districts sd on sd.district_id = s.district_id
    join public.profiles p on p.id = sd.staff_id and p.role = 'staff'
    where c.id = p_class_id and sd.staff_id = (select auth.uid())
  )
$$;

comment on function private.is_staff_of_class_district(uuid) is
  'True when the caller is staff of the district of the class''s school.';

-- ============================================================================
-- Profiles from auth.users (raw_app_meta_data)
-- ============================================================================
-- raw_app_meta_data keys:
--   role            student | teacher | staff | admin (absent: no profile, the account can do nothing)
--   display_name    required with a role (a child's nickname)
--   locale          optional: zh-CN (default) | en
--   class_id        student: required, an existing class
--   student_number  student: required, 1-999, unique in the class
--   guardian_consent student: optional boolean (default false)
--   class_ids       teacher: optional array of existing class ids
--   district_ids    staff: optional array of existing district ids
-- Invalid metadata raises SQLSTATE 22023 `invalid_app_metadata: <what>` and the account is
-- not created: no silent half-made accounts.
--
-- Runs on insert and, for an account that has no profile yet, when raw_app_meta_data is
-- updated: Supabase Auth's admin createUser inserts the user with {provider, providers} and
-- merges the given app_metadata with an update in the same transaction.

create or replace function private.profile_from_app_metadata(p_user_id uuid, p_meta jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_meta jsonb := coalesce(p_meta, '{}'::jsonb);
  v_role public.app_role;
  v_name text;
  v_locale text := coalesce(nullif(v_meta ->> 'locale', ''), 'zh-CN');
  v_class_id uuid;
  v_number integer;
  v_consent boolean;
  v_item jsonb;
  v_id uuid;
begin
  if v_meta ->> 'role' is null then
    return; -- no role: no profile
  end if;
  if jsonb_typeof(v_meta -> 'role') <> 'string'
     or not (v_meta ->> 'role') = any (enum_range(null::public.app_role)::text[]) then
    raise exception using errcode = '22023',
      message = format('invalid_app_metadata: role %s is not one of student, teacher, staff, admin', v_meta -> 'role');
  end if;
  v_role := (v_meta ->> 'role')::public.app_role;

  v_name := private.clean_text(v_meta ->> 'display_name');
  if v_name is null or char_length(v_name) > 100 then
    raise exception using errcode = '22023',
      message = 'invalid_app_metadata: display_name is required (1-100 characters)';
  end if;
  if v_locale not in ('zh-CN', 'en') then
    raise exception using errcode = '22023',
      message = format('invalid_app_metadata: locale %L is not zh-CN or en', v_locale);
  end if;

  insert into public.profiles (id, role, display_name, locale)
  values (p_user_id, v_role, v_name, v_locale);

  if v_role = 'student' then
    begin
      v_class_id := (v_meta ->> 'class_id')::uuid;
      v_number := (v_meta ->> 'student_number')::integer;
      v_consent := coalesce((v_meta ->> 'guardian_consent')::boolean, false);
    exception when invalid_text_representation or numeric_value_out_of_range then
      raise exception using errcode = '22023',
        message = 'invalid_app_metadata: class_id must be a uuid, student_number an integer, guardian_consent a boolean';
    end;
    if v_class_id is null or v_number is null then
      raise exception using errcode = '22023',
        message = 'invalid_app_metadata: a student needs class_id and student_number';
    end if;
    if not exists (select 1 from public.classes c where c.id = v_class_id) then
      raise exception using errcode = '22023',
        message = format('invalid_app_metadata: class %s does not exist', v_class_id);
    end if;
    if v_number not between 1 and 999 then
      raise exception using errcode = '22023',
        message = 'invalid_app_metadata: student_number must be between 1 and 999';
    end if;
    if exists (select 1 from public.class_students cs where cs.class_id = v_class_id and cs.student_number = v_number) then
      raise exception using errcode = '22023',
        message = format('invalid_app_metadata: student number %s is taken in class %s', v_number, v_class_id);
    end if;
    insert into public.class_students (class_id, student_id, student_number, guardian_consent)
    values (v_class_id, p_user_id, v_number, v_consent);

  elsif v_role = 'teacher' and v_meta ? 'class_ids' then
    if jsonb_typeof(v_meta -> 'class_ids') <> 'array' then
      raise exception using errcode = '22023', message = 'invalid_app_metadata: class_ids must be an array';
    end if;
    for v_item in select * from jsonb_array_elements(v_meta -> 'class_ids') loop
      begin
        v_id := (v_item #>> '{}')::uuid;
      exception when invalid_text_representation then
        v_id := null;
      end;
      if v_id is null or not exists (select 1 from public.classes c where c.id = v_id) then
        raise exception using errcode = '22023',
          message = format('invalid_app_metadata: class %s does not exist', v_item);
      end if;
      insert into public.class_teachers (class_id, teacher_id) values (v_id, p_user_id)
      on conflict do nothing;
    end loop;

  elsif v_role = 'staff' and v_meta ? 'district_ids' then
    if jsonb_typeof(v_meta -> 'district_ids') <> 'array' then
      raise exception using errcode = '22023', message = 'invalid_app_metadata: district_ids must be an array';
    end if;
    for v_item in select * from jsonb_array_elements(v_meta -> 'district_ids') loop
      begin
        v_id := (v_item #>> '{}')::uuid;
      exception when invalid_text_representation then
        v_id := null;
      end;
      if v_id is null or not exists (select 1 from public.districts d where d.id = v_id) then
        raise exception using errcode = '22023',
          message = format('invalid_app_metadata: district %s does not exist', v_item);
      end if;
      insert into public.staff_districts (staff_id, district_id) values (p_user_id, v_id)
      on conflict do nothing;
    end loop;
  end if;
end;
$$;

comment on function private.profile_from_app_metadata(uuid, jsonb) is
  'Creates the profile and memberships of a new account from its app metadata. Errors: 22023 invalid_app_metadata: ...';

create or replace function private.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT'
     or not exists (select 1 from public.profiles p where p.id = new.id) then
    perform private.profile_from_app_metadata(new.id, new.raw_app_meta_data);
  end if;
  return new;
end;
$$;

comment on function private.handle_new_user() is
  'Trigger on auth.users: creates the profile from raw_app_meta_data on insert, or on the first update that gives a role.';

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function private.handle_new_user();

create trigger on_auth_user_app_metadata_updated
  after update of raw_app_meta_data on auth.users
  for each row
  when (new.raw_app_meta_data is distinct from old.raw_app_meta_data)
  execute function private.handle_new_user();

-- ============================================================================
-- Row level security
-- ============================================================================
alter table public.districts enable row level security;
alter table public.schools enable row level security;
alter table public.classes enable row level security;
alter table public.profiles enable row level security;
alter table public.class_students enable row level security;
alter table public.class_teachers enable row level security;
alter table public.staff_districts enable row level security;

-- districts ------------------------------------------------------------------
create policy "People with a role can read districts"
  on public.districts for select to authenticated
  using ((select private.current_app_role()) is not null);

-- schools --------------------------------------------------------------------
create policy "People with a role can read schools"
  on public.schools for select to authenticated
  using ((select private.current_app_role()) is not null);

-- classes --------------------------------------------------------------------
create policy "Children can read their own class"
  on public.classes for select to authenticated
  using (private.is_student_of_class(id));

create policy "Teachers can read the classes they teach"
  on public.classes for select to authenticated
  using (private.teaches_class(id));

create policy "Staff can read the classes of their districts"
  on public.classes for select to authenticated
  using (private.is_staff_of_class_district(id));

create policy "Admins can read all classes"
  on public.classes for select to authenticated
  using ((select private.is_admin()));

-- profiles -------------------------------------------------------------------
create policy "People can read their own profile"
  on public.profiles for select to authenticated
  using (id = (select auth.uid()));

create policy "Teachers can read the profiles of the children they teach"
  on public.profiles for select to authenticated
  using (private.teaches_student(id));

create policy "Admins can read all profiles"
  on public.profiles for select to authenticated
  using ((select private.is_admin()));

-- class_students -------------------------------------------------------------
create policy "Children can read their own class membership"
  on public.class_students for select to authenticated
  using (student_id = (select auth.uid()));

create policy "Teachers can read the children of their classes"
  on public.class_students for select to authenticated
  using (private.teaches_class(class_id));

create policy "Admins can read all class memberships"
  on public.class_students for select to authenticated
  using ((select private.is_admin()));

-- class_teachers -------------------------------------------------------------
create policy "Teachers can read who teaches their classes"
  on public.class_teachers for select to authenticated
  using (private.teaches_class(class_id));

create policy "Admins can read all class teachers"
  on public.class_teachers for select to authenticated
  using ((select private.is_admin()));

-- staff_districts ------------------------------------------------------------
create policy "Staff can read their own districts"
  on public.staff_districts for select to authenticated
  using (staff_id = (select auth.uid()));

create policy "Admins can read all staff districts"
  on public.staff_districts for select to authenticated
  using ((select private.is_admin()));

-- ============================================================================
-- Grants
-- ============================================================================
-- Supabase grants every privilege on new public tables to anon and authenticated. All
-- writes go through rpc functions, so take the write privileges back (defence in depth:
-- without write policies RLS would refuse them anyway). Anon reads only the ledger and
-- the published answers, so it gets nothing here at all.
revoke all
  on public.districts, public.schools, public.classes, public.profiles,
     public.class_students, public.class_teachers, public.staff_districts
  from anon;
revoke insert, update, delete, truncate, references, trigger
  on public.districts, public.schools, public.classes, public.profiles,
     public.class_students, public.class_teachers, public.staff_districts
  from authenticated;
grant select
  on public.districts, public.schools, public.classes, public.profiles,
     public.class_students, public.class_teachers, public.staff_districts
  to authenticated;

revoke execute on all functions in schema private from public;
grant usage on schema private to authenticated;
grant execute on function
  private.current_app_role(),
  private.is_admin(),
  private.is_student_of_class(uuid),
  private.teaches_class(uuid),
  private.teaches_student(uuid),
  private.is_staff_of_district(uuid),
  private.is_staff_of_class_district(uuid)
  to authenticated;
