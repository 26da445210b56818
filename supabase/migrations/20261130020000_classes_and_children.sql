-- ============================================================================
-- Teachers' workbench (issue 10 §1): classes, children in bulk, moves, co-teachers, overview
-- ============================================================================
-- A teacher belongs to schools (public.school_teachers, from app_metadata `school_ids`, and the
-- schools of `class_ids`). Teachers of a school (and admins) create its classes; the class code is
-- generated here from characters nobody misreads. Children are added in bulk in three steps, so
-- that the accounts are made with Supabase Auth's admin API (the app server, service role) and the
-- database part is one transaction:
--   1. begin_enrolment(class, count): checks the caller, reserves numbers, returns a batch id;
--   2. the server creates `count` Auth users (login handle, secret words, app_metadata
--      {enrolment_batch: <batch id>}: no role, so no profile yet, and only the service role can
--      write app_metadata — the marker proves the server made the account for this batch);
--   3. finish_enrolment(batch, children): in one transaction gives every account its role, class,
--      number and nickname (through the same app_metadata trigger as any account), or none.
--   If step 2 or 3 fails, the server deletes the accounts it made and calls cancel_enrolment.
-- A child can be renamed (nicknames unique in the class), moved to another class of the same
-- school (their login handle follows; their submissions stay with the class they were written in)
-- or removed from the class (the card stops working; their submissions stay).
--
-- Errors: 42501 not_allowed | PT404 not_found | PT403 class_archived | PT409 stale_version |
-- P0001 field_required:<field>, field_too_long:<field>, field_invalid:<field>, class_exists,
-- nickname_taken, invalid_state

-- ============================================================================
-- Teachers of a school
-- ============================================================================
create table public.school_teachers (
  school_id uuid not null references public.schools (id),
  teacher_id uuid not null references public.profiles (id) on delete cascade,
  primary key (school_id, teacher_id)
);

create index school_teachers_teacher_id_idx on public.school_teachers (teacher_id);

comment on table public.school_teachers is
  'Which teachers (and counsellors, role teacher) belong to which school: they may create its classes and be added to them.';

-- Everyone who teaches a class of a school, or leads its safeguarding, belongs to it.
insert into public.school_teachers (school_id, teacher_id)
select distinct c.school_id, ct.teacher_id
from public.class_teachers ct
join public.classes c on c.id = ct.class_id
join public.profiles p on p.id = ct.teacher_id and p.role = 'teacher'
on conflict do nothing;

insert into public.school_teachers (school_id, teacher_id)
select l.school_id, l.lead_id
from public.school_safeguarding_leads l
join public.profiles p on p.id = l.lead_id and p.role = 'teacher'
on conflict do nothing;

-- ============================================================================
-- Classes: school year
-- ============================================================================
-- A school year starts on 1 September in the city (Asia/Shanghai): 2026 means 2026–2027.
create or replace function private.current_school_year()
returns integer
language sql
stable
set search_path = ''
as $$
  select case
    when extract(month from (pg_catalog.now() at time zone 'Asia/Shanghai')) >= 9
      then extract(year from (pg_catalog.now() at time zone 'Asia/Shanghai'))::integer
    else extract(year from (pg_catalog.now() at time zone 'Asia/Shanghai'))::integer - 1
  end
$$;

comment on function private.current_school_year() is
  'The school year now in Asia/Shanghai, by the year it starts in (September): 2026 = 2026–2027.';

alter table public.classes
  add column school_year smallint not null default private.current_school_year()
  check (school_year between 2000 and 2100);

comment on column public.classes.school_year is
  'The school year of the class, by the year it starts in (2026 = 2026–2027).';

-- ============================================================================
-- Enrolment batches (private: only the functions read them)
-- ============================================================================
create table private.enrolment_batches (
  id uuid primary key default gen_random_uuid(),
  class_id uuid not null references public.classes (id) on delete cascade,
  created_by uuid not null,
  first_number integer not null check (first_number between 1 and 999),
  child_count integer not null check (child_count between 1 and 60),
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  cancelled_at timestamptz,
  check (first_number + child_count - 1 <= 999)
);

create index enrolment_batches_class_id_idx on private.enrolment_batches (class_id, created_at);

comment on table private.enrolment_batches is
  'Children being added to a class: numbers reserved for an hour until finish_enrolment or cancel_enrolment.';

-- ============================================================================
-- Helpers
-- ============================================================================
create or replace function private.my_teacher_school_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(st.school_id), '{}')
  from public.school_teachers st
  join public.profiles p on p.id = st.teacher_id and p.role = 'teacher'
  where st.teacher_id = (select auth.uid())
$$;

comment on function private.my_teacher_school_ids() is
  'Schools the caller belongs to as a teacher (role teacher); empty for anyone else.';

-- The letters and digits of class codes: no 0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B, U/V (look-alikes).
create or replace function private.class_code_alphabet()
returns text
language sql
immutable
set search_path = ''
as $$
  select 'ACEFGHJKMNPRTWXY34679'
$$;

comment on function private.class_code_alphabet() is
  'The characters of generated class codes: none that a child could read as another (0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B, U/V).';

create or replace function private.new_class_code()
returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_alphabet text := private.class_code_alphabet();
  v_bytes bytea;
  v_code text;
begin
  -- 6 of 21 characters: 85 million codes; a clash is retried by the caller.
  v_bytes := extensions.gen_random_bytes(6);
  v_code := '';
  for i in 0..5 loop
    v_code := v_code || substr(v_alphabet, 1 + (get_byte(v_bytes, i) % length(v_alphabet)), 1);
  end loop;
  return v_code;
end;
$$;

comment on function private.new_class_code() is 'A random class code of 6 characters from class_code_alphabet().';

-- The caller may manage this class: a teacher of it, or an admin. Returns the class row.
create or replace function private.managed_class(p_class_id uuid)
returns public.classes
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_role public.app_role := private.current_app_role();
  v_class public.classes;
begin
  if v_role is null or v_role not in ('teacher', 'admin') then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select * into v_class from public.classes c where c.id = p_class_id;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if v_role = 'teacher' and not private.teaches_class(p_class_id) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  return v_class;
end;
$$;

comment on function private.managed_class(uuid) is
  'The class, when the caller teaches it or is an admin. 42501 not_allowed / PT404 not_found.';

-- A nickname as stored: trimmed, 1–30 characters, not a second one in the class.
create or replace function private.class_nickname(p_class_id uuid, p_name text, p_except uuid default null)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_name text := private.input_text(p_name, 'display_name', 30);
begin
  if exists (
    select 1 from public.class_students cs join public.profiles p on p.id = cs.student_id
    where cs.class_id = p_class_id and lower(p.display_name) = lower(v_name)
      and cs.student_id is distinct from p_except
  ) then
    raise exception using errcode = 'P0001', message = 'nickname_taken';
  end if;
  return v_name;
end;
$$;

comment on function private.class_nickname(uuid, text, uuid) is
  'A child''s nickname, trimmed and checked: P0001 field_required:display_name, field_too_long:display_name (30), nickname_taken (another child of the class has it, case-insensitively).';

-- The first of `p_count` consecutive free numbers of a class: after every child and every live
-- batch, and clear of any Auth account that already has one of their login handles.
create or replace function private.free_numbers(p_class_id uuid, p_code text, p_count integer)
returns integer
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_first integer;
  v_taken integer;
begin
  select greatest(
    coalesce((select max(cs.student_number) from public.class_students cs where cs.class_id = p_class_id), 0),
    coalesce((select max(b.first_number + b.child_count - 1) from private.enrolment_batches b
              where b.class_id = p_class_id and b.finished_at is null and b.cancelled_at is null
                and b.created_at > now() - interval '1 hour'), 0)
  ) + 1 into v_first;
  loop
    exit when v_first + p_count - 1 > 999;
    -- An account left over from an interrupted batch (or a child removed earlier) keeps its handle.
    select max(n) into v_taken
    from generate_series(v_first, v_first + p_count - 1) n
    where exists (
      select 1 from auth.users u
      where u.instance_id = '00000000-0000-0000-0000-000000000000'
        and lower(u.email) = private.login_card_identifier(p_code, n)
    );
    exit when v_taken is null;
    v_first := v_taken + 1;
  end loop;
  return v_first;
end;
$$;

comment on function private.free_numbers(uuid, text, integer) is
  'The first of p_count consecutive student numbers free in the class (children, live batches, existing login handles); may exceed 999 - p_count + 1 when there is no room.';

-- ============================================================================
-- Accounts: school membership from app_metadata (adds `school_ids`; teachers of a class belong
-- to its school)
-- ============================================================================
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

  elsif v_role = 'teacher' then
    if v_meta ? 'class_ids' then
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
        -- A teacher of a class belongs to its school.
        insert into public.school_teachers (school_id, teacher_id)
        select c.school_id, p_user_id from public.classes c where c.id = v_id
        on conflict do nothing;
      end loop;
    end if;
    if v_meta ? 'school_ids' then
      if jsonb_typeof(v_meta -> 'school_ids') <> 'array' then
        raise exception using errcode = '22023', message = 'invalid_app_metadata: school_ids must be an array';
      end if;
      for v_item in select * from jsonb_array_elements(v_meta -> 'school_ids') loop
        begin
          v_id := (v_item #>> '{}')::uuid;
        exception when invalid_text_representation then
          v_id := null;
        end;
        if v_id is null or not exists (select 1 from public.schools s where s.id = v_id) then
          raise exception using errcode = '22023',
            message = format('invalid_app_metadata: school %s does not exist', v_item);
        end if;
        insert into public.school_teachers (school_id, teacher_id) values (v_id, p_user_id)
        on conflict do nothing;
      end loop;
    end if;

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
  'Creates the profile and memberships of a new account from its app metadata (teachers: class_ids, school_ids; a class''s teacher belongs to its school). Errors: 22023 invalid_app_metadata: ...';

-- A safeguarding lead (a teacher or counsellor) belongs to the school they lead.
create or replace function private.lead_joins_school()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.school_teachers (school_id, teacher_id)
  select new.school_id, new.lead_id
  where exists (select 1 from public.profiles p where p.id = new.lead_id and p.role = 'teacher')
  on conflict do nothing;
  return new;
end;
$$;

comment on function private.lead_joins_school() is
  'Trigger on school_safeguarding_leads: the designated lead (role teacher) belongs to the school.';

create trigger school_safeguarding_leads_join_school
  after insert on public.school_safeguarding_leads
  for each row execute function private.lead_joins_school();

-- ============================================================================
-- Row level security
-- ============================================================================
alter table public.school_teachers enable row level security;

create policy "Teachers can read who teaches at their schools"
  on public.school_teachers for select to authenticated
  using (
    school_id = any ((select private.my_teacher_school_ids())::uuid[])
    or (select private.is_admin())
  );

revoke all on public.school_teachers from anon;
revoke insert, update, delete, truncate, references, trigger on public.school_teachers from authenticated;
grant select on public.school_teachers to authenticated;

-- ============================================================================
-- Functions (rpc)
-- ============================================================================
create or replace function public.create_class(p_school_id uuid, p_name text, p_grade integer, p_school_year integer)
returns table (id uuid, code text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_role public.app_role := private.current_app_role();
  v_name text;
  v_year integer := private.current_school_year();
  v_id uuid;
  v_code text;
begin
  if v_role is null or v_role not in ('teacher', 'admin') then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if not exists (select 1 from public.schools s where s.id = p_school_id) then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if v_role = 'teacher' and not p_school_id = any (private.my_teacher_school_ids()) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  v_name := private.input_text(p_name, 'name', 100);
  if p_grade is null then
    raise exception using errcode = 'P0001', message = 'field_required:grade';
  end if;
  if p_grade not between 1 and 12 then
    raise exception using errcode = 'P0001', message = 'field_invalid:grade';
  end if;
  if p_school_year is null then
    raise exception using errcode = 'P0001', message = 'field_required:school_year';
  end if;
  -- This school year or the next (classes are set up before September).
  if p_school_year not between v_year and v_year + 1 then
    raise exception using errcode = 'P0001', message = 'field_invalid:school_year';
  end if;
  -- Serialize creation per school, so a double submit makes one class.
  perform pg_advisory_xact_lock(hashtextextended('create_class:' || p_school_id::text, 0));
  if exists (
    select 1 from public.classes c
    where c.school_id = p_school_id and c.school_year = p_school_year and lower(c.name) = lower(v_name)
  ) then
    raise exception using errcode = 'P0001', message = 'class_exists';
  end if;
  -- The unique constraint on classes.code decides; a clash (rare) draws again.
  for attempt in 1..20 loop
    begin
      v_code := private.new_class_code();
      insert into public.classes (school_id, name, grade, code, school_year)
      values (p_school_id, v_name, p_grade, v_code, p_school_year)
      returning classes.id into v_id;
      exit;
    exception when unique_violation then
      v_id := null;
    end;
  end loop;
  if v_id is null then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  if v_role = 'teacher' then
    insert into public.class_teachers (class_id, teacher_id) values (v_id, (select auth.uid()));
  end if;
  return query select v_id, v_code;
end;
$$;

comment on function public.create_class(uuid, text, integer, integer) is
$$A teacher of the school (or an admin) creates a class.
Inputs: p_school_id; p_name (1–100 characters, trimmed); p_grade 1–12 (the age band follows:
1–3 → 6-9, 4–7 → 10-13, 8–12 → 14-17); p_school_year, the year the school year starts in: this
one or the next (Asia/Shanghai, years start in September).
Result: one row (id, code): the new class and its generated login code (6 characters from
ACEFGHJKMNPRTWXY34679, unique: classes.code is a unique column).
Effect: inserts the class; a teacher caller becomes its teacher.
Errors: 42501 not_allowed (not a teacher of the school, nor an admin); PT404 not_found (no such
school); P0001 field_required:name, field_too_long:name, field_required:grade, field_invalid:grade,
field_required:school_year, field_invalid:school_year, class_exists (the school has a class of that
name in that year).$$;

create or replace function public.begin_enrolment(p_class_id uuid, p_count integer)
returns table (batch_id uuid, class_code text, first_number integer)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_class public.classes := private.managed_class(p_class_id);
  v_first integer;
  v_batch uuid;
begin
  if v_class.archived_at is not null then
    raise exception using errcode = 'PT403', message = 'class_archived';
  end if;
  if p_count is null then
    raise exception using errcode = 'P0001', message = 'field_required:count';
  end if;
  if p_count not between 1 and 60 then
    raise exception using errcode = 'P0001', message = 'field_invalid:count';
  end if;
  -- One enrolment at a time per class: numbers are counted, then reserved.
  perform 1 from public.classes c where c.id = p_class_id for update;
  v_first := private.free_numbers(p_class_id, v_class.code, p_count);
  if v_first + p_count - 1 > 999 then
    raise exception using errcode = 'P0001', message = 'field_invalid:count';
  end if;
  insert into private.enrolment_batches (class_id, created_by, first_number, child_count)
  values (p_class_id, (select auth.uid()), v_first, p_count)
  returning id into v_batch;
  return query select v_batch, v_class.code, v_first;
end;
$$;

comment on function public.begin_enrolment(uuid, integer) is
$$Step 1 of adding children to a class (a teacher of the class or an admin).
Inputs: p_class_id; p_count, how many children (1–60).
Result: one row (batch_id, class_code, first_number): the numbers first_number …
first_number + p_count - 1 are reserved for an hour (after the class's highest number, clear of any
Auth account that already has such a login handle).
Effect: records the batch. The app server then creates one Auth user per number with the login
handle `<code>-<number>@login-card.invalid`, the secret words as password and app_metadata
{"enrolment_batch": "<batch_id>"}, and calls finish_enrolment (or cancel_enrolment).
Errors: 42501 not_allowed; PT404 not_found; PT403 class_archived; P0001 field_required:count,
field_invalid:count (not 1–60, or no room below 1000).$$;

create or replace function public.finish_enrolment(p_batch_id uuid, p_children jsonb, p_locale text default 'zh-CN')
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_batch private.enrolment_batches%rowtype;
  v_class public.classes;
  v_child jsonb;
  v_account uuid;
  v_number integer;
  v_names text[] := '{}';
  v_name text;
begin
  select * into v_batch from private.enrolment_batches b where b.id = p_batch_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  v_class := private.managed_class(v_batch.class_id);
  if v_batch.created_by is distinct from (select auth.uid()) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if v_batch.finished_at is not null or v_batch.cancelled_at is not null
     or v_batch.created_at < now() - interval '1 hour' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  if v_class.archived_at is not null then
    raise exception using errcode = 'PT403', message = 'class_archived';
  end if;
  if p_locale is null or p_locale not in ('zh-CN', 'en') then
    raise exception using errcode = 'P0001', message = 'field_invalid:locale';
  end if;
  if p_children is null or jsonb_typeof(p_children) <> 'array' or jsonb_array_length(p_children) <> v_batch.child_count then
    raise exception using errcode = 'P0001', message = 'field_invalid:children';
  end if;
  for v_child in select * from jsonb_array_elements(p_children) loop
    begin
      v_account := (v_child ->> 'account_id')::uuid;
      v_number := (v_child ->> 'student_number')::integer;
    exception when invalid_text_representation or numeric_value_out_of_range then
      raise exception using errcode = 'P0001', message = 'field_invalid:children';
    end;
    if v_account is null or v_number is null
       or v_number not between v_batch.first_number and v_batch.first_number + v_batch.child_count - 1 then
      raise exception using errcode = 'P0001', message = 'field_invalid:children';
    end if;
    -- Only an account the server made for this batch, with this card's handle, and no role yet.
    if not exists (
      select 1 from auth.users u
      where u.id = v_account
        and u.raw_app_meta_data ->> 'enrolment_batch' = p_batch_id::text
        and lower(u.email) = private.login_card_identifier(v_class.code, v_number)
    ) or exists (select 1 from public.profiles p where p.id = v_account) then
      raise exception using errcode = 'P0001', message = 'field_invalid:children';
    end if;
    v_name := private.class_nickname(v_batch.class_id, v_child ->> 'display_name');
    if lower(v_name) = any (v_names) then
      raise exception using errcode = 'P0001', message = 'nickname_taken';
    end if;
    v_names := v_names || lower(v_name);
    -- The same path as any account: the app_metadata trigger makes the profile and membership
    -- (and refuses a number taken meanwhile); all in this one transaction.
    update auth.users u
    set raw_app_meta_data = (u.raw_app_meta_data - 'enrolment_batch') || jsonb_build_object(
          'role', 'student', 'display_name', v_name, 'class_id', v_batch.class_id,
          'student_number', v_number, 'locale', p_locale),
        updated_at = now()
    where u.id = v_account;
  end loop;
  update private.enrolment_batches b set finished_at = now() where b.id = p_batch_id;
  return v_batch.child_count;
end;
$$;

comment on function public.finish_enrolment(uuid, jsonb, text) is
$$Step 3 of adding children: makes every account of the batch a child of the class, or none.
Inputs: p_batch_id from begin_enrolment (by the same person, within the hour); p_children, a JSON
array of exactly the batch's count of {"account_id", "student_number", "display_name"}: each
account made by the server for this batch (app_metadata enrolment_batch) with the card's login
handle, numbers within the batch, nicknames 1–30 characters and unique in the class; p_locale
`zh-CN` / `en`, the children's language.
Result: how many children were added.
Effect: in one transaction, sets each account's app_metadata to role student, nickname, class,
number and locale (the trigger makes the profile and class membership); marks the batch finished.
Any refusal leaves nothing changed (the server then deletes the accounts).
Errors: 42501 not_allowed; PT404 not_found (no such batch); PT403 class_archived; P0001
invalid_state (finished, cancelled or older than an hour), field_invalid:locale,
field_invalid:children, field_required:display_name, field_too_long:display_name, nickname_taken.$$;

create or replace function public.cancel_enrolment(p_batch_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_batch private.enrolment_batches%rowtype;
begin
  select * into v_batch from private.enrolment_batches b where b.id = p_batch_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  perform private.managed_class(v_batch.class_id);
  if v_batch.created_by is distinct from (select auth.uid()) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if v_batch.finished_at is not null then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  update private.enrolment_batches b set cancelled_at = coalesce(b.cancelled_at, now()) where b.id = p_batch_id;
end;
$$;

comment on function public.cancel_enrolment(uuid) is
$$After a failed enrolment (the server has deleted the accounts it made): frees the batch's numbers.
Inputs: p_batch_id.
Effect: marks the batch cancelled (again: no change).
Errors: 42501 not_allowed (not the person who began it); PT404 not_found; P0001 invalid_state
(already finished).$$;

create or replace function public.rename_child(p_class_id uuid, p_student_number integer, p_student_id uuid, p_display_name text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_class public.classes := private.managed_class(p_class_id);
  v_student uuid := private.class_child(p_class_id, p_student_number);
  v_name text;
begin
  if p_student_id is distinct from v_student then
    raise exception using errcode = 'PT409', message = 'stale_version';
  end if;
  if v_class.archived_at is not null then
    raise exception using errcode = 'PT403', message = 'class_archived';
  end if;
  perform 1 from public.classes c where c.id = p_class_id for update;
  v_name := private.class_nickname(p_class_id, p_display_name, v_student);
  update public.profiles p set display_name = v_name where p.id = v_student;
end;
$$;

comment on function public.rename_child(uuid, integer, uuid, text) is
$$A teacher of the class (or an admin) changes a child's nickname.
Inputs: p_class_id; p_student_number; p_student_id, the account the page showed; p_display_name,
the new nickname (never a real name; 1–30 characters, trimmed; unique in the class).
Effect: profiles.display_name.
Errors: 42501 not_allowed; PT404 not_found; PT409 stale_version (another child has the number
now); PT403 class_archived; P0001 field_required:display_name, field_too_long:display_name,
nickname_taken.$$;

create or replace function public.move_child(p_class_id uuid, p_student_number integer, p_student_id uuid, p_to_class_id uuid)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_from public.classes := private.managed_class(p_class_id);
  v_student uuid := private.class_child(p_class_id, p_student_number);
  v_to public.classes;
  v_number integer;
  v_handle text;
begin
  if p_student_id is distinct from v_student then
    raise exception using errcode = 'PT409', message = 'stale_version';
  end if;
  select * into v_to from public.classes c where c.id = p_to_class_id;
  if not found or v_to.school_id <> v_from.school_id or v_to.id = v_from.id then
    raise exception using errcode = 'P0001', message = 'field_invalid:to_class_id';
  end if;
  if v_from.archived_at is not null or v_to.archived_at is not null then
    raise exception using errcode = 'PT403', message = 'class_archived';
  end if;
  -- Both classes, in a fixed order: two moves the other way cannot deadlock.
  perform 1 from public.classes c where c.id in (p_class_id, p_to_class_id) order by c.id for update;
  perform private.class_nickname(p_to_class_id, (select p.display_name from public.profiles p where p.id = v_student));
  v_number := private.free_numbers(p_to_class_id, v_to.code, 1);
  if v_number > 999 then
    raise exception using errcode = 'P0001', message = 'field_invalid:to_class_id';
  end if;
  v_handle := private.login_card_identifier(v_to.code, v_number);
  update public.class_students cs set class_id = p_to_class_id, student_number = v_number
  where cs.student_id = v_student;
  -- The login handle follows the card; the old one is free for a new child. Every session ends.
  update auth.users u set email = v_handle, updated_at = now(),
    raw_app_meta_data = u.raw_app_meta_data || jsonb_build_object('class_id', p_to_class_id, 'student_number', v_number)
  where u.id = v_student;
  update auth.identities i set identity_data = i.identity_data || jsonb_build_object('email', v_handle), updated_at = now()
  where i.user_id = v_student and i.provider = 'email';
  delete from auth.sessions s where s.user_id = v_student;
  delete from private.sign_in_resets r where r.identifier = private.login_card_identifier(v_from.code, p_student_number);
  return v_number;
end;
$$;

comment on function public.move_child(uuid, integer, uuid, uuid) is
$$A teacher of the class (or an admin) moves a child to another class of the same school.
Inputs: p_class_id, p_student_number (the child now); p_student_id, the account the page showed;
p_to_class_id, the class they move to.
Result: the child's number in the new class (after its highest, clear of existing login handles).
Effect: the class membership (consent goes with the child), the login handle
(`<new code>-<number>@login-card.invalid`, in auth.users and the e-mail identity) and the
app_metadata's class and number; every Auth session of the child ends. Their submissions stay
with the class they were written in (its teachers keep reading them). The server then gives the
card new secret words.
Errors: 42501 not_allowed; PT404 not_found; PT409 stale_version; PT403 class_archived (either
class); P0001 field_invalid:to_class_id (not another class of the same school, or full),
nickname_taken (the new class has a child with that nickname).$$;

create or replace function public.remove_child(p_class_id uuid, p_student_number integer, p_student_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_class public.classes := private.managed_class(p_class_id);
  v_student uuid := private.class_child(p_class_id, p_student_number);
  v_identifier text;
begin
  if p_student_id is distinct from v_student then
    raise exception using errcode = 'PT409', message = 'stale_version';
  end if;
  if v_class.archived_at is not null then
    raise exception using errcode = 'PT403', message = 'class_archived';
  end if;
  delete from public.class_students cs where cs.student_id = v_student;
  -- The card stops working at once and its number's handle is free: the account stays (their
  -- submissions keep their author), banned, under a handle that is no card's.
  v_identifier := private.login_card_identifier(v_class.code, p_student_number);
  delete from private.sign_in_attempts a where a.identifier = v_identifier;
  delete from private.sign_in_resets r where r.identifier = v_identifier;
  delete from auth.sessions s where s.user_id = v_student;
  update auth.users u
  set email = 'removed-' || u.id::text || '@login-card.invalid',
      raw_app_meta_data = u.raw_app_meta_data - 'class_id' - 'student_number',
      banned_until = now() + interval '100 years',
      updated_at = now()
  where u.id = v_student;
  update auth.identities i set identity_data = i.identity_data || jsonb_build_object('email', 'removed-' || v_student::text || '@login-card.invalid')
  where i.user_id = v_student and i.provider = 'email';
end;
$$;

comment on function public.remove_child(uuid, integer, uuid) is
$$A teacher of the class (or an admin) removes a child from the class (they left the school).
Inputs: p_class_id; p_student_number; p_student_id, the account the page showed.
Effect: deletes the class membership; the login card stops working at once (sessions deleted,
account banned, login handle changed to one that is no card's, so the number can be given again);
the profile and the child's submissions stay, with the class they were written in.
Errors: 42501 not_allowed; PT404 not_found; PT409 stale_version; PT403 class_archived.$$;

create or replace function public.add_class_teacher(p_class_id uuid, p_teacher_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_class public.classes := private.managed_class(p_class_id);
begin
  if v_class.archived_at is not null then
    raise exception using errcode = 'PT403', message = 'class_archived';
  end if;
  if p_teacher_id is null then
    raise exception using errcode = 'P0001', message = 'field_required:teacher_id';
  end if;
  if not exists (
    select 1 from public.school_teachers st
    join public.profiles p on p.id = st.teacher_id and p.role = 'teacher'
    where st.school_id = v_class.school_id and st.teacher_id = p_teacher_id
  ) then
    raise exception using errcode = 'P0001', message = 'field_invalid:teacher_id';
  end if;
  insert into public.class_teachers (class_id, teacher_id) values (p_class_id, p_teacher_id)
  on conflict do nothing;
end;
$$;

comment on function public.add_class_teacher(uuid, uuid) is
$$A teacher of the class (or an admin) adds a co-teacher.
Inputs: p_class_id; p_teacher_id, a teacher of the class's school (school_teachers).
Effect: class_teachers (already a teacher of the class: no change).
Errors: 42501 not_allowed; PT404 not_found; PT403 class_archived; P0001 field_required:teacher_id,
field_invalid:teacher_id (not a teacher of the school).$$;

create or replace function public.school_colleagues(p_class_id uuid)
returns table (teacher_id uuid, display_name text, teaches_class boolean)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_class public.classes := private.managed_class(p_class_id);
begin
  return query
    select p.id, p.display_name,
      exists (select 1 from public.class_teachers ct where ct.class_id = p_class_id and ct.teacher_id = p.id)
    from public.school_teachers st
    join public.profiles p on p.id = st.teacher_id and p.role = 'teacher'
    where st.school_id = v_class.school_id
    order by p.display_name, p.id;
end;
$$;

comment on function public.school_colleagues(uuid) is
$$The teachers of a class's school, for choosing a co-teacher.
Inputs: p_class_id (a class the caller teaches; admins: any).
Result: rows (teacher_id, display_name, teaches_class: already a teacher of this class), by name.
Effect: none (reads).
Errors: 42501 not_allowed; PT404 not_found.$$;

create or replace function public.school_classes(p_class_id uuid)
returns table (id uuid, name text, code text, grade smallint, school_year smallint)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_class public.classes := private.managed_class(p_class_id);
begin
  return query
    select c.id, c.name, c.code, c.grade, c.school_year
    from public.classes c
    where c.school_id = v_class.school_id and c.id <> p_class_id and c.archived_at is null
    order by c.school_year desc, c.grade, c.name, c.id;
end;
$$;

comment on function public.school_classes(uuid) is
$$The other active classes of a class's school, for moving a child.
Inputs: p_class_id (a class the caller teaches; admins: any).
Result: rows (id, name, code, grade, school_year).
Effect: none (reads).
Errors: 42501 not_allowed; PT404 not_found.$$;

create or replace function public.class_children(p_class_id uuid)
returns table (
  student_number integer, student_id uuid, display_name text, signed_in boolean, submissions integer,
  answered integer, guardian_consent boolean, locked_until timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_class public.classes := private.managed_class(p_class_id);
begin
  return query
    select cs.student_number::integer, cs.student_id, p.display_name,
      u.last_sign_in_at is not null,
      (select count(*)::integer from public.submissions s where s.class_id = p_class_id and s.author_id = cs.student_id),
      (select count(*)::integer from public.submissions s where s.class_id = p_class_id and s.author_id = cs.student_id and s.state = 'answered'),
      cs.guardian_consent,
      l.retry_at
    from public.class_students cs
    join public.profiles p on p.id = cs.student_id
    left join auth.users u on u.id = cs.student_id
    cross join lateral private.sign_in_lock(private.login_card_identifier(v_class.code, cs.student_number), null, null) l
    where cs.class_id = p_class_id
    order by cs.student_number;
end;
$$;

comment on function public.class_children(uuid) is
$$The children of a class for its teachers' overview, by number (a class has at most 999).
Inputs: p_class_id (a class the caller teaches; admins: any).
Result: rows (student_number, student_id (the account, inside the school), display_name (nickname),
signed_in (has ever signed in), submissions and answered (how many of their submissions in this
class, and how many answered), guardian_consent (in force), locked_until (the card is locked
until then after 5 failed sign-ins; null: not locked)).
Effect: none (reads).
Errors: 42501 not_allowed; PT404 not_found.$$;

create or replace function public.class_overview(p_class_id uuid)
returns table (
  children integer, signed_in integer, submitted integer, answered integer, consent_needed boolean,
  consent_given integer, locked_cards integer
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_class public.classes := private.managed_class(p_class_id);
begin
  return query
    select count(*)::integer,
      count(*) filter (where u.last_sign_in_at is not null)::integer,
      count(*) filter (where exists (select 1 from public.submissions s where s.class_id = p_class_id and s.author_id = cs.student_id))::integer,
      count(*) filter (where exists (select 1 from public.submissions s where s.class_id = p_class_id and s.author_id = cs.student_id and s.state = 'answered'))::integer,
      v_class.age_band in ('6-9', '10-13'),
      count(*) filter (where cs.guardian_consent)::integer,
      count(*) filter (where l.retry_at is not null)::integer
    from public.class_students cs
    left join auth.users u on u.id = cs.student_id
    cross join lateral private.sign_in_lock(private.login_card_identifier(v_class.code, cs.student_number), null, null) l
    where cs.class_id = p_class_id;
end;
$$;

comment on function public.class_overview(uuid) is
$$How a class is doing, in numbers, for its teachers.
Inputs: p_class_id (a class the caller teaches; admins: any).
Result: one row: children; signed_in (children who have signed in at least once); submitted
(children with at least one submission in this class); answered (children with at least one
answered submission); consent_needed (the age band needs a guardian's consent: 6-9, 10-13);
consent_given (children with a consent in force); locked_cards (cards locked now).
Effect: none (reads).
Errors: 42501 not_allowed; PT404 not_found.$$;

-- ============================================================================
-- Grants
-- ============================================================================
revoke all on private.enrolment_batches from public, anon, authenticated, service_role;

revoke execute on function
  public.create_class(uuid, text, integer, integer),
  public.begin_enrolment(uuid, integer),
  public.finish_enrolment(uuid, jsonb, text),
  public.cancel_enrolment(uuid),
  public.rename_child(uuid, integer, uuid, text),
  public.move_child(uuid, integer, uuid, uuid),
  public.remove_child(uuid, integer, uuid),
  public.add_class_teacher(uuid, uuid),
  public.school_colleagues(uuid),
  public.school_classes(uuid),
  public.class_children(uuid),
  public.class_overview(uuid)
  from public, anon, authenticated, service_role;
grant execute on function
  public.create_class(uuid, text, integer, integer),
  public.begin_enrolment(uuid, integer),
  public.finish_enrolment(uuid, jsonb, text),
  public.cancel_enrolment(uuid),
  public.rename_child(uuid, integer, uuid, text),
  public.move_child(uuid, integer, uuid, uuid),
  public.remove_child(uuid, integer, uuid),
  public.add_class_teacher(uuid, uuid),
  public.school_colleagues(uuid),
  public.school_classes(uuid),
  public.class_children(uuid),
  public.class_overview(uuid)
  to authenticated;

revoke execute on all functions in schema private from public;
grant execute on function private.my_teacher_school_ids() to authenticated;
