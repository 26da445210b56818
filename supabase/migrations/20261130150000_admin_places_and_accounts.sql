-- ============================================================================
-- Admin pages: places, departments and the accounts of staff and teachers (issue 11 §6)
-- ============================================================================
-- Admins list, create and edit districts, street offices (街道), communities (社区), schools and
-- responsible departments (责任部门). Every write goes through one security-definer function per
-- kind that checks the caller is an admin, the version the admin was shown (PT409 stale_version:
-- two admins editing the same row never overwrite each other unseen) and the input; the tables
-- gain a `version` bumped by every update (private.bump_version, as submissions).
--
-- Lists: admin_places reads one page of one kind (20 by default, at most 100), filtered by district
-- and by words in either name, with the total from the same filter.
--
-- Accounts: staff and teacher accounts are made by the app server with Auth's admin API (the
-- service-role key), with app_metadata {role, display_name, locale, district_ids, department_ids,
-- street_office_ids | class_ids}; the profile and memberships come from the existing triggers.
-- Before it calls Auth the server asks admin_check_new_account, which checks the caller is an
-- admin and every id names something that exists (so the service role is never used for anyone
-- else, and a bad id is a field error rather than Auth's "Database error creating new user").
-- admin_accounts lists staff and teachers with their units; admin_set_staff_district adds or
-- removes a staff member's district (set_staff_unit does departments and street offices,
-- add_class_teacher classes).
--
-- Errors: 42501 not_allowed | PT404 not_found | PT409 stale_version | P0001 field_required:<field>,
-- field_too_long:<field>, field_invalid:<field>, name_taken, code_taken.

alter table public.districts add column version integer not null default 1 check (version >= 1);
alter table public.street_offices add column version integer not null default 1 check (version >= 1);
alter table public.communities add column version integer not null default 1 check (version >= 1);
alter table public.schools add column version integer not null default 1 check (version >= 1);
alter table public.departments add column version integer not null default 1 check (version >= 1);

create trigger districts_bump_version before update on public.districts
  for each row execute function private.bump_version();
create trigger street_offices_bump_version before update on public.street_offices
  for each row execute function private.bump_version();
create trigger communities_bump_version before update on public.communities
  for each row execute function private.bump_version();
create trigger schools_bump_version before update on public.schools
  for each row execute function private.bump_version();
create trigger departments_bump_version before update on public.departments
  for each row execute function private.bump_version();

-- Name search of long lists (schools, departments) reads these instead of every row.
create index schools_district_name_idx on public.schools (district_id, name_zh, id);
create index street_offices_name_idx on public.street_offices (name_zh, id);

-- ============================================================================
-- Shared checks
-- ============================================================================
create or replace function private.admin_name(p_value text, p_field text, p_max integer, p_required boolean default true)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v text := private.clean_text(p_value);
begin
  if v is null then
    if p_required then
      raise exception using errcode = 'P0001', message = 'field_required:' || p_field;
    end if;
    return null;
  end if;
  if char_length(v) > p_max then
    raise exception using errcode = 'P0001', message = 'field_too_long:' || p_field;
  end if;
  return v;
end;
$$;

comment on function private.admin_name(text, text, integer, boolean) is
  'A name typed by an admin, cleaned (private.clean_text); raises field_required:<field> when empty and required, field_too_long:<field> over p_max characters.';

create or replace function private.admin_only()
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
end;
$$;

comment on function private.admin_only() is 'Raises 42501 not_allowed unless the caller is an admin.';

-- ============================================================================
-- Districts
-- ============================================================================
create or replace function public.admin_save_district(p_id uuid, p_version integer, p_code text, p_name_zh text, p_name_en text)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_code text := upper(coalesce(private.clean_text(p_code), ''));
  v_zh text;
  v_en text;
  v_row public.districts;
  v_id uuid;
begin
  perform private.admin_only();
  if v_code = '' then
    raise exception using errcode = 'P0001', message = 'field_required:code';
  end if;
  if v_code !~ '^[A-Z0-9][A-Z0-9_-]{0,31}$' then
    raise exception using errcode = 'P0001', message = 'field_invalid:code';
  end if;
  v_zh := private.admin_name(p_name_zh, 'name_zh', 100);
  v_en := private.admin_name(p_name_en, 'name_en', 100);
  if p_id is not null then
    select * into v_row from public.districts d where d.id = p_id for update;
    if not found then
      raise exception using errcode = 'PT404', message = 'not_found';
    end if;
    perform private.check_version(p_version, v_row.version);
  end if;
  if exists (select 1 from public.districts d where d.code = v_code and d.id is distinct from p_id) then
    raise exception using errcode = 'P0001', message = 'code_taken';
  end if;
  if exists (select 1 from public.districts d where d.name_zh = v_zh and d.id is distinct from p_id) then
    raise exception using errcode = 'P0001', message = 'name_taken';
  end if;
  if p_id is null then
    insert into public.districts (code, name_zh, name_en) values (v_code, v_zh, v_en) returning id into v_id;
  else
    update public.districts set code = v_code, name_zh = v_zh, name_en = v_en where id = p_id;
    v_id := p_id;
  end if;
  return v_id;
end;
$$;

comment on function public.admin_save_district(uuid, integer, text, text, text) is
$$An admin creates (p_id null) or edits a district.
Inputs: p_id; p_version: the version the admin was shown (edits only); p_code: A–Z, 0–9, _ and -, up
to 32, upper-cased; p_name_zh, p_name_en: 1–100 characters after trimming.
Effect: one districts row inserted or updated (version + 1); returns its id.
Errors: 42501 not_allowed; PT404 not_found; PT409 stale_version; P0001 field_required:code|name_zh|name_en,
field_too_long:name_zh|name_en, field_invalid:code, code_taken, name_taken (another district has it).$$;

-- ============================================================================
-- Street offices (街道)
-- ============================================================================
create or replace function public.admin_save_street_office(p_id uuid, p_version integer, p_district_id uuid, p_name_zh text, p_name_en text)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_zh text;
  v_en text;
  v_row public.street_offices;
  v_id uuid;
begin
  perform private.admin_only();
  if p_district_id is null then
    raise exception using errcode = 'P0001', message = 'field_required:district_id';
  end if;
  if not exists (select 1 from public.districts d where d.id = p_district_id) then
    raise exception using errcode = 'P0001', message = 'field_invalid:district_id';
  end if;
  v_zh := private.admin_name(p_name_zh, 'name_zh', 100);
  v_en := private.admin_name(p_name_en, 'name_en', 100);
  if p_id is not null then
    select * into v_row from public.street_offices so where so.id = p_id for update;
    if not found then
      raise exception using errcode = 'PT404', message = 'not_found';
    end if;
    perform private.check_version(p_version, v_row.version);
    -- Its communities are in its district (composite foreign key): it cannot move while it has any.
    if v_row.district_id <> p_district_id
       and exists (select 1 from public.communities c where c.street_office_id = p_id) then
      raise exception using errcode = 'P0001', message = 'field_invalid:district_id';
    end if;
  end if;
  if exists (select 1 from public.street_offices so
             where so.district_id = p_district_id and so.name_zh = v_zh and so.id is distinct from p_id) then
    raise exception using errcode = 'P0001', message = 'name_taken';
  end if;
  if p_id is null then
    insert into public.street_offices (district_id, name_zh, name_en) values (p_district_id, v_zh, v_en) returning id into v_id;
  else
    update public.street_offices set district_id = p_district_id, name_zh = v_zh, name_en = v_en where id = p_id;
    v_id := p_id;
  end if;
  return v_id;
end;
$$;

comment on function public.admin_save_street_office(uuid, integer, uuid, text, text) is
$$An admin creates (p_id null) or edits a street office (街道).
Inputs: p_id; p_version (edits); p_district_id; p_name_zh, p_name_en: 1–100 characters.
Effect: one street_offices row inserted or updated (version + 1); returns its id.
Errors: 42501 not_allowed; PT404 not_found; PT409 stale_version; P0001 field_required:district_id|name_zh|name_en,
field_too_long:name_zh|name_en, field_invalid:district_id (no such district, or moving an office that
has communities), name_taken (same Chinese name in the district).$$;

-- ============================================================================
-- Communities (社区)
-- ============================================================================
create or replace function public.admin_save_community(
  p_id uuid, p_version integer, p_district_id uuid, p_street_office_id uuid, p_name_zh text, p_name_en text
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_zh text;
  v_en text;
  v_row public.communities;
  v_id uuid;
begin
  perform private.admin_only();
  if p_district_id is null then
    raise exception using errcode = 'P0001', message = 'field_required:district_id';
  end if;
  if not exists (select 1 from public.districts d where d.id = p_district_id) then
    raise exception using errcode = 'P0001', message = 'field_invalid:district_id';
  end if;
  if p_street_office_id is not null and not exists (
    select 1 from public.street_offices so where so.id = p_street_office_id and so.district_id = p_district_id
  ) then
    raise exception using errcode = 'P0001', message = 'field_invalid:street_office_id';
  end if;
  v_zh := private.admin_name(p_name_zh, 'name_zh', 100);
  v_en := private.admin_name(p_name_en, 'name_en', 100);
  if p_id is not null then
    select * into v_row from public.communities c where c.id = p_id for update;
    if not found then
      raise exception using errcode = 'PT404', message = 'not_found';
    end if;
    perform private.check_version(p_version, v_row.version);
  end if;
  if exists (select 1 from public.communities c
             where c.district_id = p_district_id and c.name_zh = v_zh and c.id is distinct from p_id) then
    raise exception using errcode = 'P0001', message = 'name_taken';
  end if;
  if p_id is null then
    insert into public.communities (district_id, street_office_id, name_zh, name_en)
    values (p_district_id, p_street_office_id, v_zh, v_en) returning id into v_id;
  else
    update public.communities
    set district_id = p_district_id, street_office_id = p_street_office_id, name_zh = v_zh, name_en = v_en
    where id = p_id;
    v_id := p_id;
  end if;
  return v_id;
end;
$$;

comment on function public.admin_save_community(uuid, integer, uuid, uuid, text, text) is
$$An admin creates (p_id null) or edits a community (社区).
Inputs: p_id; p_version (edits); p_district_id; p_street_office_id (optional, a street office of that
district); p_name_zh, p_name_en: 1–100 characters.
Effect: one communities row inserted or updated (version + 1); returns its id.
Errors: 42501 not_allowed; PT404 not_found; PT409 stale_version; P0001 field_required:district_id|name_zh|name_en,
field_too_long:name_zh|name_en, field_invalid:district_id|street_office_id, name_taken.$$;

-- ============================================================================
-- Schools
-- ============================================================================
create or replace function public.admin_save_school(
  p_id uuid, p_version integer, p_district_id uuid, p_community_id uuid, p_name_zh text, p_name_en text
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_zh text;
  v_en text;
  v_row public.schools;
  v_id uuid;
begin
  perform private.admin_only();
  if p_district_id is null then
    raise exception using errcode = 'P0001', message = 'field_required:district_id';
  end if;
  if not exists (select 1 from public.districts d where d.id = p_district_id) then
    raise exception using errcode = 'P0001', message = 'field_invalid:district_id';
  end if;
  if p_community_id is not null and not exists (
    select 1 from public.communities c where c.id = p_community_id and c.district_id = p_district_id
  ) then
    raise exception using errcode = 'P0001', message = 'field_invalid:community_id';
  end if;
  v_zh := private.admin_name(p_name_zh, 'name_zh', 200);
  v_en := private.admin_name(p_name_en, 'name_en', 200);
  if p_id is not null then
    select * into v_row from public.schools s where s.id = p_id for update;
    if not found then
      raise exception using errcode = 'PT404', message = 'not_found';
    end if;
    perform private.check_version(p_version, v_row.version);
  end if;
  if exists (select 1 from public.schools s
             where s.district_id = p_district_id and s.name_zh = v_zh and s.id is distinct from p_id) then
    raise exception using errcode = 'P0001', message = 'name_taken';
  end if;
  if p_id is null then
    insert into public.schools (district_id, community_id, name_zh, name_en)
    values (p_district_id, p_community_id, v_zh, v_en) returning id into v_id;
  else
    update public.schools
    set district_id = p_district_id, community_id = p_community_id, name_zh = v_zh, name_en = v_en
    where id = p_id;
    v_id := p_id;
  end if;
  return v_id;
end;
$$;

comment on function public.admin_save_school(uuid, integer, uuid, uuid, text, text) is
$$An admin creates (p_id null) or edits a school.
Inputs: p_id; p_version (edits); p_district_id; p_community_id (optional, a community of that
district); p_name_zh, p_name_en: 1–200 characters.
Effect: one schools row inserted or updated (version + 1); returns its id.
Errors: 42501 not_allowed; PT404 not_found; PT409 stale_version; P0001 field_required:district_id|name_zh|name_en,
field_too_long:name_zh|name_en, field_invalid:district_id|community_id, name_taken.$$;

-- ============================================================================
-- Departments (责任部门)
-- ============================================================================
create or replace function public.admin_save_department(p_id uuid, p_version integer, p_name_zh text, p_name_en text)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_zh text;
  v_en text;
  v_row public.departments;
  v_id uuid;
begin
  perform private.admin_only();
  v_zh := private.admin_name(p_name_zh, 'name_zh', 200);
  -- The ledger import makes departments with a Chinese name only; an English one is optional.
  v_en := private.admin_name(p_name_en, 'name_en', 200, false);
  if p_id is not null then
    select * into v_row from public.departments d where d.id = p_id for update;
    if not found then
      raise exception using errcode = 'PT404', message = 'not_found';
    end if;
    perform private.check_version(p_version, v_row.version);
  end if;
  -- The ledger import finds departments by their Chinese name: it must stay unique.
  if exists (select 1 from public.departments d where d.name_zh = v_zh and d.id is distinct from p_id) then
    raise exception using errcode = 'P0001', message = 'name_taken';
  end if;
  if p_id is null then
    insert into public.departments (name_zh, name_en) values (v_zh, v_en) returning id into v_id;
  else
    update public.departments set name_zh = v_zh, name_en = v_en where id = p_id;
    v_id := p_id;
  end if;
  return v_id;
end;
$$;

comment on function public.admin_save_department(uuid, integer, text, text) is
$$An admin creates (p_id null) or edits a responsible department (责任部门).
Inputs: p_id; p_version (edits); p_name_zh: 1–200 characters, unique (the ledger import finds
departments by it); p_name_en: optional, up to 200.
Effect: one departments row inserted or updated (version + 1); returns its id.
Errors: 42501 not_allowed; PT404 not_found; PT409 stale_version; P0001 field_required:name_zh,
field_too_long:name_zh|name_en, name_taken.$$;

-- ============================================================================
-- One page of places
-- ============================================================================
create or replace function public.admin_places(
  p_kind text, p_query text default null, p_district_id uuid default null,
  p_limit integer default 20, p_offset integer default 0
)
returns table (
  id uuid, version integer, code text, name_zh text, name_en text,
  district_id uuid, district_name_zh text, district_name_en text,
  parent_id uuid, parent_name_zh text, parent_name_en text, total bigint
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_q text := private.clean_text(left(p_query, 200));
  v_like text;
  v_limit integer := least(greatest(coalesce(p_limit, 20), 1), 100);
  v_offset integer := greatest(coalesce(p_offset, 0), 0);
begin
  perform private.admin_only();
  -- Words are matched literally: % _ and \ typed by the admin are not patterns.
  v_like := case when v_q is null then null
    else '%' || replace(replace(replace(v_q, '\', '\\'), '%', '\%'), '_', '\_') || '%' end;
  if p_kind = 'districts' then
    return query
      select d.id, d.version, d.code, d.name_zh, d.name_en, d.id, d.name_zh, d.name_en,
        null::uuid, null::text, null::text, count(*) over ()
      from public.districts d
      where (v_like is null or d.name_zh ilike v_like or d.name_en ilike v_like or d.code ilike v_like)
      order by d.code, d.id limit v_limit offset v_offset;
  elsif p_kind = 'street_offices' then
    return query
      select so.id, so.version, null::text, so.name_zh, so.name_en, d.id, d.name_zh, d.name_en,
        null::uuid, null::text, null::text, count(*) over ()
      from public.street_offices so join public.districts d on d.id = so.district_id
      where (p_district_id is null or so.district_id = p_district_id)
        and (v_like is null or so.name_zh ilike v_like or so.name_en ilike v_like)
      order by so.name_zh, so.id limit v_limit offset v_offset;
  elsif p_kind = 'communities' then
    return query
      select c.id, c.version, null::text, c.name_zh, c.name_en, d.id, d.name_zh, d.name_en,
        so.id, so.name_zh, so.name_en, count(*) over ()
      from public.communities c join public.districts d on d.id = c.district_id
      left join public.street_offices so on so.id = c.street_office_id
      where (p_district_id is null or c.district_id = p_district_id)
        and (v_like is null or c.name_zh ilike v_like or c.name_en ilike v_like)
      order by c.name_zh, c.id limit v_limit offset v_offset;
  elsif p_kind = 'schools' then
    return query
      select s.id, s.version, null::text, s.name_zh, s.name_en, d.id, d.name_zh, d.name_en,
        c.id, c.name_zh, c.name_en, count(*) over ()
      from public.schools s join public.districts d on d.id = s.district_id
      left join public.communities c on c.id = s.community_id
      where (p_district_id is null or s.district_id = p_district_id)
        and (v_like is null or s.name_zh ilike v_like or s.name_en ilike v_like)
      order by s.name_zh, s.id limit v_limit offset v_offset;
  elsif p_kind = 'departments' then
    return query
      select dp.id, dp.version, null::text, dp.name_zh, dp.name_en, null::uuid, null::text, null::text,
        null::uuid, null::text, null::text, count(*) over ()
      from public.departments dp
      where (v_like is null or dp.name_zh ilike v_like or dp.name_en ilike v_like)
      order by dp.name_zh, dp.id limit v_limit offset v_offset;
  else
    raise exception using errcode = 'P0001', message = 'field_invalid:kind';
  end if;
end;
$$;

comment on function public.admin_places(text, text, uuid, integer, integer) is
$$One page of places or departments for admins.
Inputs: p_kind: districts | street_offices | communities | schools | departments; p_query: words found
literally in either name (or a district's code), up to 200 characters; p_district_id: only that
district's (not for districts or departments); p_limit 1–100 (default 20); p_offset ≥ 0.
Result: rows (id, version, code (districts), name_zh, name_en, district_id, district_name_zh,
district_name_en, parent_id / parent_name_zh / parent_name_en (a community's street office, a
school's community), total under the filter), by code (districts) or Chinese name.
Effect: none (reads). Errors: 42501 not_allowed; P0001 field_invalid:kind.$$;

-- ============================================================================
-- Accounts of staff and teachers
-- ============================================================================
create or replace function public.admin_check_new_account(
  p_role text, p_display_name text, p_district_ids uuid[], p_department_ids uuid[],
  p_street_office_ids uuid[], p_class_ids uuid[]
)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.admin_only();
  if p_role is null or p_role not in ('staff', 'teacher') then
    raise exception using errcode = 'P0001', message = 'field_invalid:role';
  end if;
  perform private.admin_name(p_display_name, 'display_name', 100);
  if coalesce(cardinality(p_district_ids), 0) + coalesce(cardinality(p_department_ids), 0)
     + coalesce(cardinality(p_street_office_ids), 0) + coalesce(cardinality(p_class_ids), 0) > 50 then
    raise exception using errcode = 'P0001', message = 'field_invalid:units';
  end if;
  if p_role = 'teacher' then
    if coalesce(cardinality(p_district_ids), 0) + coalesce(cardinality(p_department_ids), 0)
       + coalesce(cardinality(p_street_office_ids), 0) > 0 then
      raise exception using errcode = 'P0001', message = 'field_invalid:units';
    end if;
    if exists (select 1 from unnest(coalesce(p_class_ids, '{}')) x(id)
               where x.id is null or not exists (select 1 from public.classes c where c.id = x.id and c.archived_at is null)) then
      raise exception using errcode = 'P0001', message = 'field_invalid:class_ids';
    end if;
  else
    if coalesce(cardinality(p_class_ids), 0) > 0 then
      raise exception using errcode = 'P0001', message = 'field_invalid:units';
    end if;
    if exists (select 1 from unnest(coalesce(p_district_ids, '{}')) x(id)
               where x.id is null or not exists (select 1 from public.districts d where d.id = x.id)) then
      raise exception using errcode = 'P0001', message = 'field_invalid:district_ids';
    end if;
    if exists (select 1 from unnest(coalesce(p_department_ids, '{}')) x(id)
               where x.id is null or not exists (select 1 from public.departments d where d.id = x.id)) then
      raise exception using errcode = 'P0001', message = 'field_invalid:department_ids';
    end if;
    if exists (select 1 from unnest(coalesce(p_street_office_ids, '{}')) x(id)
               where x.id is null or not exists (select 1 from public.street_offices so where so.id = x.id)) then
      raise exception using errcode = 'P0001', message = 'field_invalid:street_office_ids';
    end if;
  end if;
end;
$$;

comment on function public.admin_check_new_account(text, text, uuid[], uuid[], uuid[], uuid[]) is
$$The server asks before it makes a staff or teacher account with Auth's admin API (service role).
Inputs: p_role: staff | teacher; p_display_name: 1–100 characters; staff: p_district_ids,
p_department_ids, p_street_office_ids (each existing); teacher: p_class_ids (active classes); at
most 50 in all.
Effect: none: raises unless the caller is an admin and the account would be made as asked.
Errors: 42501 not_allowed; P0001 field_invalid:role|units|district_ids|department_ids|street_office_ids|class_ids,
field_required:display_name, field_too_long:display_name.$$;

create or replace function public.admin_accounts(
  p_role text, p_query text default null, p_limit integer default 20, p_offset integer default 0
)
returns table (
  id uuid, role public.app_role, display_name text, email text, districts text[], departments text[],
  street_offices text[], classes text[], total bigint
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_q text := private.clean_text(left(p_query, 200));
  v_like text;
begin
  perform private.admin_only();
  if p_role is null or p_role not in ('staff', 'teacher') then
    raise exception using errcode = 'P0001', message = 'field_invalid:role';
  end if;
  v_like := case when v_q is null then null
    else '%' || replace(replace(replace(v_q, '\', '\\'), '%', '\%'), '_', '\_') || '%' end;
  return query
    with page as (
      select p.id, p.role, p.display_name, u.email::text as email, count(*) over () as total
      from public.profiles p join auth.users u on u.id = p.id
      where p.role = p_role::public.app_role
        and (v_like is null or p.display_name ilike v_like or u.email ilike v_like)
      order by p.display_name, p.id
      limit least(greatest(coalesce(p_limit, 20), 1), 100)
      offset greatest(coalesce(p_offset, 0), 0)
    )
    select pg.id, pg.role, pg.display_name, pg.email,
      array(select d.name_zh || ' / ' || d.name_en from public.staff_districts sd join public.districts d on d.id = sd.district_id
            where sd.staff_id = pg.id order by d.code),
      array(select coalesce(dp.name_zh || ' / ' || dp.name_en, dp.name_zh) from public.department_staff ds
            join public.departments dp on dp.id = ds.department_id where ds.staff_id = pg.id order by dp.name_zh),
      array(select so.name_zh || ' / ' || so.name_en from public.street_office_staff ss
            join public.street_offices so on so.id = ss.street_office_id where ss.staff_id = pg.id order by so.name_zh),
      array(select c.name || ' (' || c.code || ')' from public.class_teachers ct join public.classes c on c.id = ct.class_id
            where ct.teacher_id = pg.id and c.archived_at is null order by c.code),
      pg.total
    from page pg
    order by pg.display_name, pg.id;
end;
$$;

comment on function public.admin_accounts(text, text, integer, integer) is
$$One page of staff or teacher accounts for admins, with their units.
Inputs: p_role: staff | teacher; p_query: words in the name or e-mail (literal); p_limit 1–100; p_offset ≥ 0.
Result: rows (id, role, display_name, email (the sign-in address), districts, departments,
street_offices, classes (active; "name (code)"): names as "中文 / English", total), by name.
Effect: none. Errors: 42501 not_allowed; P0001 field_invalid:role.$$;

create or replace function public.admin_account(p_id uuid)
returns table (
  id uuid, role public.app_role, display_name text, email text,
  district_ids uuid[], department_ids uuid[], street_office_ids uuid[], class_ids uuid[]
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.admin_only();
  if not exists (select 1 from public.profiles p where p.id = p_id and p.role in ('staff', 'teacher')) then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  return query
    select p.id, p.role, p.display_name, u.email::text,
      array(select sd.district_id from public.staff_districts sd where sd.staff_id = p.id),
      array(select ds.department_id from public.department_staff ds where ds.staff_id = p.id),
      array(select ss.street_office_id from public.street_office_staff ss where ss.staff_id = p.id),
      array(select ct.class_id from public.class_teachers ct join public.classes c on c.id = ct.class_id
            where ct.teacher_id = p.id and c.archived_at is null)
    from public.profiles p join auth.users u on u.id = p.id
    where p.id = p_id;
end;
$$;

comment on function public.admin_account(uuid) is
$$One staff or teacher account for admins: id, role, display_name, email, and the ids of its
districts, departments, street offices and (active) classes.
Effect: none (reads).
Errors: 42501 not_allowed; PT404 not_found (no staff or teacher account with that id).$$;

create or replace function public.admin_set_staff_district(p_staff_id uuid, p_district_id uuid, p_member boolean)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.admin_only();
  if not exists (select 1 from public.profiles p where p.id = p_staff_id and p.role = 'staff') then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if p_district_id is null or not exists (select 1 from public.districts d where d.id = p_district_id) then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if coalesce(p_member, false) then
    insert into public.staff_districts (staff_id, district_id) values (p_staff_id, p_district_id) on conflict do nothing;
  else
    delete from public.staff_districts where staff_id = p_staff_id and district_id = p_district_id;
  end if;
end;
$$;

comment on function public.admin_set_staff_district(uuid, uuid, boolean) is
$$An admin adds a staff account to, or removes it from, a district (idempotent).
Inputs: p_staff_id (role staff); p_district_id; p_member: true adds, false (or null) removes.
Effect: a staff_districts row added or removed: the account then reads (or no longer reads) the
district's forwarded items.
Errors: 42501 not_allowed; PT404 not_found (no such staff account or district).$$;

-- ============================================================================
-- Grants
-- ============================================================================
revoke execute on function
  public.admin_save_district(uuid, integer, text, text, text),
  public.admin_save_street_office(uuid, integer, uuid, text, text),
  public.admin_save_community(uuid, integer, uuid, uuid, text, text),
  public.admin_save_school(uuid, integer, uuid, uuid, text, text),
  public.admin_save_department(uuid, integer, text, text),
  public.admin_places(text, text, uuid, integer, integer),
  public.admin_check_new_account(text, text, uuid[], uuid[], uuid[], uuid[]),
  public.admin_accounts(text, text, integer, integer),
  public.admin_account(uuid),
  public.admin_set_staff_district(uuid, uuid, boolean)
from public, anon, service_role;

grant execute on function
  public.admin_save_district(uuid, integer, text, text, text),
  public.admin_save_street_office(uuid, integer, uuid, text, text),
  public.admin_save_community(uuid, integer, uuid, uuid, text, text),
  public.admin_save_school(uuid, integer, uuid, uuid, text, text),
  public.admin_save_department(uuid, integer, text, text),
  public.admin_places(text, text, uuid, integer, integer),
  public.admin_check_new_account(text, text, uuid[], uuid[], uuid[], uuid[]),
  public.admin_accounts(text, text, integer, integer),
  public.admin_account(uuid),
  public.admin_set_staff_district(uuid, uuid, boolean)
to authenticated;

revoke execute on all functions in schema private from public;

notify pgrst, 'reload schema';
