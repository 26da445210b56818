-- ============================================================================
-- One preamble for the five admin_save_* functions (20261130150000), behaviour unchanged
-- ============================================================================
-- Each of them locked the row being edited, checked the version the admin saw and refused a
-- Chinese name (and a district's code) another row already has. That part is now one private
-- helper; each function keeps its own permission check first (private.admin_only) and its own
-- field checks, then calls the helper, then writes. Errors, their order and their codes are as
-- before (tests/db/admin-places.test.ts).

create or replace function private.admin_save_guard(
  p_table text,
  p_id uuid,
  p_version integer,
  p_name_zh text,
  p_district_id uuid default null,
  p_code text default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_version integer;
  v_district uuid;
  v_taken boolean;
begin
  -- The five place tables only (their names go into dynamic SQL).
  if p_table is null or p_table not in ('districts', 'street_offices', 'communities', 'schools', 'departments') then
    raise exception using errcode = 'P0001', message = 'field_invalid:table';
  end if;
  if p_id is not null then
    if p_table = 'street_offices' then
      select so.version, so.district_id into v_version, v_district from public.street_offices so where so.id = p_id for update;
    else
      execute format('select t.version from public.%I t where t.id = $1 for update', p_table) into v_version using p_id;
    end if;
    if v_version is null then
      raise exception using errcode = 'PT404', message = 'not_found';
    end if;
    perform private.check_version(p_version, v_version);
    -- A street office's communities are in its district (composite foreign key): it cannot move
    -- to another district while it has any.
    if p_table = 'street_offices' and v_district <> p_district_id
       and exists (select 1 from public.communities c where c.street_office_id = p_id) then
      raise exception using errcode = 'P0001', message = 'field_invalid:district_id';
    end if;
  end if;
  if p_code is not null and exists (select 1 from public.districts d where d.code = p_code and d.id is distinct from p_id) then
    raise exception using errcode = 'P0001', message = 'code_taken';
  end if;
  -- Districts and departments: unique in the city; the others: unique within their district.
  if p_table in ('districts', 'departments') then
    execute format('select exists (select 1 from public.%I t where t.name_zh = $1 and t.id is distinct from $2)', p_table)
      into v_taken using p_name_zh, p_id;
  else
    execute format('select exists (select 1 from public.%I t where t.district_id = $3 and t.name_zh = $1 and t.id is distinct from $2)', p_table)
      into v_taken using p_name_zh, p_id, p_district_id;
  end if;
  if v_taken then
    raise exception using errcode = 'P0001', message = 'name_taken';
  end if;
end;
$$;

comment on function private.admin_save_guard(text, uuid, integer, text, uuid, text) is
$$The shared preamble of the admin_save_* functions, after their permission and field checks.
Inputs: p_table (districts, street_offices, communities, schools, departments); p_id (null: a new
row); p_version: the version the admin saw (edits); p_name_zh: the cleaned Chinese name;
p_district_id: the row's district (not for districts and departments); p_code: a district's code.
Effect: locks the edited row (for update) until the transaction ends.
Errors: P0001 field_invalid:table; PT404 not_found; PT409 stale_version; P0001
field_invalid:district_id (a street office with communities moving district), code_taken, name_taken.$$;

-- ============================================================================
-- The five functions, each with its own checks, then the guard, then the write
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
  perform private.admin_save_guard('districts', p_id, p_version, v_zh, null, v_code);
  if p_id is null then
    insert into public.districts (code, name_zh, name_en) values (v_code, v_zh, v_en) returning id into v_id;
  else
    update public.districts set code = v_code, name_zh = v_zh, name_en = v_en where id = p_id;
    v_id := p_id;
  end if;
  return v_id;
end;
$$;

create or replace function public.admin_save_street_office(p_id uuid, p_version integer, p_district_id uuid, p_name_zh text, p_name_en text)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_zh text;
  v_en text;
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
  perform private.admin_save_guard('street_offices', p_id, p_version, v_zh, p_district_id);
  if p_id is null then
    insert into public.street_offices (district_id, name_zh, name_en) values (p_district_id, v_zh, v_en) returning id into v_id;
  else
    update public.street_offices set district_id = p_district_id, name_zh = v_zh, name_en = v_en where id = p_id;
    v_id := p_id;
  end if;
  return v_id;
end;
$$;

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
  perform private.admin_save_guard('communities', p_id, p_version, v_zh, p_district_id);
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
  perform private.admin_save_guard('schools', p_id, p_version, v_zh, p_district_id);
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

create or replace function public.admin_save_department(p_id uuid, p_version integer, p_name_zh text, p_name_en text)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_zh text;
  v_en text;
  v_id uuid;
begin
  perform private.admin_only();
  v_zh := private.admin_name(p_name_zh, 'name_zh', 200);
  -- The ledger import makes departments with a Chinese name only; an English one is optional.
  v_en := private.admin_name(p_name_en, 'name_en', 200, false);
  -- The ledger import finds departments by their Chinese name: it stays unique (the guard).
  perform private.admin_save_guard('departments', p_id, p_version, v_zh);
  if p_id is null then
    insert into public.departments (name_zh, name_en) values (v_zh, v_en) returning id into v_id;
  else
    update public.departments set name_zh = v_zh, name_en = v_en where id = p_id;
    v_id := p_id;
  end if;
  return v_id;
end;
$$;

-- create or replace keeps the comments and grants of 20261130150000; the helper is private.
revoke execute on all functions in schema private from public;

notify pgrst, 'reload schema';
