-- ============================================================================
-- Places below the district, and the people of departments (issue 11 §1, the rest)
-- ============================================================================
-- district → street office (街道) → community (社区) → schools. A community belongs to at most one
-- street office of its own district (a composite foreign key keeps both in one district).
--
-- Staff belong to districts (staff_districts, as before), and now also to departments
-- (责任部门, city-wide) and street offices (街道办). What a staff member reads is their districts'
-- forwarded items as before, plus the items routed to their department or street office (see
-- 20261130090200). Memberships come from app_metadata when the account is made
-- (`department_ids`, `street_office_ids`, arrays of ids, staff only) or are written by admins.
--
-- The caller's department and street office ids are helpers without a row argument that return
-- arrays, used as `x = any ((select private.my_staff_department_ids())::uuid[])`: evaluated once
-- per statement, as in 20261130000300.

create table public.street_offices (
  id uuid primary key default gen_random_uuid(),
  district_id uuid not null references public.districts (id),
  name_zh text not null check (char_length(name_zh) between 1 and 100),
  name_en text not null check (char_length(name_en) between 1 and 100),
  -- Target of communities' composite foreign key (a community's street office is in its district).
  unique (id, district_id)
);

create index street_offices_district_id_idx on public.street_offices (district_id);

comment on table public.street_offices is
  'Street offices (街道) of a district: between the district and its communities; items can be routed to one.';

alter table public.communities add column street_office_id uuid;
alter table public.communities
  add constraint communities_street_office_fk foreign key (street_office_id, district_id)
  references public.street_offices (id, district_id);

create index communities_street_office_id_idx on public.communities (street_office_id, district_id);

comment on column public.communities.street_office_id is
  'The street office the community belongs to (null: none recorded); always one of the community''s district.';

create table public.department_staff (
  department_id uuid not null references public.departments (id) on delete cascade,
  staff_id uuid not null references public.profiles (id) on delete cascade,
  primary key (department_id, staff_id)
);

create index department_staff_staff_id_idx on public.department_staff (staff_id);

comment on table public.department_staff is
  'Staff accounts (role staff) of a responsible department: they read and answer the items routed to it.';

create table public.street_office_staff (
  street_office_id uuid not null references public.street_offices (id) on delete cascade,
  staff_id uuid not null references public.profiles (id) on delete cascade,
  primary key (street_office_id, staff_id)
);

create index street_office_staff_staff_id_idx on public.street_office_staff (staff_id);

comment on table public.street_office_staff is
  'Staff accounts (role staff) of a street office: they read and answer the items routed to it.';

-- ============================================================================
-- The caller's scope
-- ============================================================================
create or replace function private.my_staff_department_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(ds.department_id), '{}')
  from public.department_staff ds
  join public.profiles p on p.id = ds.staff_id and p.role = 'staff'
  where ds.staff_id = (select auth.uid())
$$;

comment on function private.my_staff_department_ids() is
  'Departments the caller is staff of (role staff); empty for anyone else. Use as = any ((select private.my_staff_department_ids())::uuid[]).';

create or replace function private.my_staff_street_office_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(ss.street_office_id), '{}')
  from public.street_office_staff ss
  join public.profiles p on p.id = ss.staff_id and p.role = 'staff'
  where ss.staff_id = (select auth.uid())
$$;

comment on function private.my_staff_street_office_ids() is
  'Street offices the caller is staff of (role staff); empty for anyone else.';

-- ============================================================================
-- Memberships from app_metadata (a trigger of its own beside handle_new_user)
-- ============================================================================
create or replace function private.staff_units_from_app_metadata()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_meta jsonb;
  v_key text;
  v_item jsonb;
  v_id uuid;
begin
  if new.role <> 'staff' then
    return new;
  end if;
  select u.raw_app_meta_data into v_meta from auth.users u where u.id = new.id;
  foreach v_key in array array['department_ids', 'street_office_ids'] loop
    continue when v_meta is null or not v_meta ? v_key;
    if jsonb_typeof(v_meta -> v_key) <> 'array' then
      raise exception using errcode = '22023', message = format('invalid_app_metadata: %s must be an array', v_key);
    end if;
    for v_item in select * from jsonb_array_elements(v_meta -> v_key) loop
      begin
        v_id := (v_item #>> '{}')::uuid;
      exception when invalid_text_representation then
        v_id := null;
      end;
      if v_key = 'department_ids' then
        if v_id is null or not exists (select 1 from public.departments d where d.id = v_id) then
          raise exception using errcode = '22023', message = format('invalid_app_metadata: department %s does not exist', v_item);
        end if;
        insert into public.department_staff (department_id, staff_id) values (v_id, new.id) on conflict do nothing;
      else
        if v_id is null or not exists (select 1 from public.street_offices so where so.id = v_id) then
          raise exception using errcode = '22023', message = format('invalid_app_metadata: street office %s does not exist', v_item);
        end if;
        insert into public.street_office_staff (street_office_id, staff_id) values (v_id, new.id) on conflict do nothing;
      end if;
    end loop;
  end loop;
  return new;
end;
$$;

comment on function private.staff_units_from_app_metadata() is
  'Trigger on profiles insert: a staff account''s departments and street offices from app_metadata department_ids / street_office_ids. Errors: 22023 invalid_app_metadata: ...';

create trigger profiles_staff_units
  after insert on public.profiles
  for each row execute function private.staff_units_from_app_metadata();

-- ============================================================================
-- Admins manage memberships
-- ============================================================================
create or replace function public.set_staff_unit(p_staff_id uuid, p_department_id uuid, p_street_office_id uuid, p_member boolean)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if (p_department_id is null) = (p_street_office_id is null) then
    raise exception using errcode = 'P0001', message = 'field_required:unit';
  end if;
  if not exists (select 1 from public.profiles p where p.id = p_staff_id and p.role = 'staff') then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if p_department_id is not null then
    if not exists (select 1 from public.departments d where d.id = p_department_id) then
      raise exception using errcode = 'PT404', message = 'not_found';
    end if;
    if p_member then
      insert into public.department_staff (department_id, staff_id) values (p_department_id, p_staff_id) on conflict do nothing;
    else
      delete from public.department_staff where department_id = p_department_id and staff_id = p_staff_id;
    end if;
  else
    if not exists (select 1 from public.street_offices so where so.id = p_street_office_id) then
      raise exception using errcode = 'PT404', message = 'not_found';
    end if;
    if p_member then
      insert into public.street_office_staff (street_office_id, staff_id) values (p_street_office_id, p_staff_id) on conflict do nothing;
    else
      delete from public.street_office_staff where street_office_id = p_street_office_id and staff_id = p_staff_id;
    end if;
  end if;
end;
$$;

comment on function public.set_staff_unit(uuid, uuid, uuid, boolean) is
$$An admin adds a staff account to, or removes it from, a department or a street office.
Inputs: p_staff_id (a profile with role staff); exactly one of p_department_id, p_street_office_id;
p_member: true adds (idempotent), false removes.
Effect: a department_staff / street_office_staff row added or removed; the account then reads (or no
longer reads) the items routed to that unit.
Errors: 42501 not_allowed (not an admin); PT404 not_found (no such staff, department or street
office); P0001 field_required:unit (neither or both units given).$$;

-- ============================================================================
-- Row level security
-- ============================================================================
alter table public.street_offices enable row level security;
alter table public.department_staff enable row level security;
alter table public.street_office_staff enable row level security;

create policy "People with a role can read street offices"
  on public.street_offices for select to authenticated
  using ((select private.current_app_role()) is not null);

create policy "Staff can read their own departments and admins all"
  on public.department_staff for select to authenticated
  using (staff_id = (select auth.uid()) or (select private.is_admin()));

create policy "Staff can read their own street offices and admins all"
  on public.street_office_staff for select to authenticated
  using (staff_id = (select auth.uid()) or (select private.is_admin()));

revoke all on public.street_offices, public.department_staff, public.street_office_staff from anon, authenticated;
grant select on public.street_offices, public.department_staff, public.street_office_staff to authenticated;

revoke execute on function public.set_staff_unit(uuid, uuid, uuid, boolean) from public, anon, service_role;
grant execute on function public.set_staff_unit(uuid, uuid, uuid, boolean) to authenticated;

revoke execute on all functions in schema private from public;
grant execute on function private.my_staff_department_ids(), private.my_staff_street_office_ids() to authenticated;

notify pgrst, 'reload schema';
