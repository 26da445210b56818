-- ============================================================================
-- Admin account edits: a staff account's units in one change, names and e-mails (issue 11 §6)
-- ============================================================================
-- Until now an admin changed a staff account's units one call per unit (admin_set_staff_district,
-- set_staff_unit): a form that failed half way left half the change, and two admins editing the
-- same account overwrote each other unseen. Now:
--
-- * profiles gain a `version`, bumped by every update of the row (private.bump_version) and by every
--   change of a staff account's units (a trigger on the three membership tables touches the
--   profile), so whatever path changes an account, the version an admin saw is no longer current.
-- * admin_set_staff_units sets all three unit lists at once, at the version the admin saw (PT409
--   stale_version), all or nothing.
-- * admin_check_account_edit / admin_save_account: the name and sign-in e-mail of a staff or
--   teacher account. The e-mail lives in auth.users and is changed by the app server with Auth's
--   admin API (as accounts are made): the server first asks admin_check_account_edit (the caller is
--   an admin, the version is current, the name is valid, no other account signs in with that
--   e-mail), then has Auth change the e-mail, then admin_save_account saves the name and bumps the
--   version (it re-checks the version and that Auth holds the e-mail the admin asked for).
--
-- Errors: 42501 not_allowed | PT404 not_found | PT409 stale_version | P0001 field_required:<field>,
-- field_too_long:<field>, field_invalid:<field>, email_taken.

alter table public.profiles add column version integer not null default 1 check (version >= 1);

create trigger profiles_bump_version before update on public.profiles
  for each row execute function private.bump_version();

create or replace function private.touch_staff_profile()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- A membership added or removed is a new version of the account (the profile's update trigger
  -- bumps it); a profile being deleted (cascade) matches no row.
  update public.profiles p set version = p.version
  where p.id = case when tg_op = 'DELETE' then old.staff_id else new.staff_id end;
  return null;
end;
$$;

comment on function private.touch_staff_profile() is
  'Trigger on staff_districts, department_staff, street_office_staff: a staff account''s units changed, so its profile gets a new version.';

create trigger staff_districts_touch_profile after insert or delete on public.staff_districts
  for each row execute function private.touch_staff_profile();
create trigger department_staff_touch_profile after insert or delete on public.department_staff
  for each row execute function private.touch_staff_profile();
create trigger street_office_staff_touch_profile after insert or delete on public.street_office_staff
  for each row execute function private.touch_staff_profile();

-- admin_account now also returns the version the page shows (a new column: drop, then create).
drop function public.admin_account(uuid);

create function public.admin_account(p_id uuid)
returns table (
  id uuid, role public.app_role, display_name text, email text,
  district_ids uuid[], department_ids uuid[], street_office_ids uuid[], class_ids uuid[], version integer
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
            where ct.teacher_id = p.id and c.archived_at is null),
      p.version
    from public.profiles p join auth.users u on u.id = p.id
    where p.id = p_id;
end;
$$;

comment on function public.admin_account(uuid) is
$$One staff or teacher account for admins: id, role, display_name, email, the ids of its
districts, departments, street offices and (active) classes, and version (what an edit sends back).
Effect: none (reads).
Errors: 42501 not_allowed; PT404 not_found (no staff or teacher account with that id).$$;

-- A staff or teacher account, locked, at the version the admin saw.
create or replace function private.admin_account_at(p_id uuid, p_version integer, p_roles public.app_role[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_version integer;
begin
  select p.version into v_version from public.profiles p
  where p.id = p_id and p.role = any (p_roles)
  for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if p_version is null or p_version <> v_version then
    raise exception using errcode = 'PT409', message = 'stale_version';
  end if;
end;
$$;

comment on function private.admin_account_at(uuid, integer, public.app_role[]) is
  'Locks an account of one of p_roles; PT404 not_found if there is none, PT409 stale_version unless p_version is its version.';

create or replace function public.admin_set_staff_units(
  p_staff_id uuid, p_version integer, p_district_ids uuid[], p_department_ids uuid[], p_street_office_ids uuid[]
)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_d uuid[] := coalesce(p_district_ids, '{}');
  v_dp uuid[] := coalesce(p_department_ids, '{}');
  v_so uuid[] := coalesce(p_street_office_ids, '{}');
  v_version integer;
begin
  perform private.admin_only();
  perform private.admin_account_at(p_staff_id, p_version, array['staff']::public.app_role[]);
  if cardinality(v_d) + cardinality(v_dp) + cardinality(v_so) > 50 then
    raise exception using errcode = 'P0001', message = 'field_invalid:units';
  end if;
  if exists (select 1 from unnest(v_d) x(id) where x.id is null or not exists (select 1 from public.districts d where d.id = x.id)) then
    raise exception using errcode = 'P0001', message = 'field_invalid:district_ids';
  end if;
  if exists (select 1 from unnest(v_dp) x(id) where x.id is null or not exists (select 1 from public.departments d where d.id = x.id)) then
    raise exception using errcode = 'P0001', message = 'field_invalid:department_ids';
  end if;
  if exists (select 1 from unnest(v_so) x(id) where x.id is null or not exists (select 1 from public.street_offices so where so.id = x.id)) then
    raise exception using errcode = 'P0001', message = 'field_invalid:street_office_ids';
  end if;
  delete from public.staff_districts where staff_id = p_staff_id and district_id <> all (v_d);
  insert into public.staff_districts (staff_id, district_id) select p_staff_id, x.id from unnest(v_d) x(id) on conflict do nothing;
  delete from public.department_staff where staff_id = p_staff_id and department_id <> all (v_dp);
  insert into public.department_staff (department_id, staff_id) select x.id, p_staff_id from unnest(v_dp) x(id) on conflict do nothing;
  delete from public.street_office_staff where staff_id = p_staff_id and street_office_id <> all (v_so);
  insert into public.street_office_staff (street_office_id, staff_id) select x.id, p_staff_id from unnest(v_so) x(id) on conflict do nothing;
  -- A save that changes nothing is still a save: the next one must have seen it.
  update public.profiles p set version = p.version where p.id = p_staff_id returning p.version into v_version;
  return v_version;
end;
$$;

comment on function public.admin_set_staff_units(uuid, integer, uuid[], uuid[], uuid[]) is
$$An admin sets a staff account's districts, departments and street offices in one change.
Inputs: p_staff_id (role staff); p_version: the account's version the admin saw (admin_account);
the three lists as they should be (null = none; each id existing; at most 50 in all).
Effect: memberships added and removed to match, all or nothing; the account's new version returned.
The account then reads the items forwarded or routed to exactly those units.
Errors: 42501 not_allowed; PT404 not_found (no such staff account); PT409 stale_version;
P0001 field_invalid:units|district_ids|department_ids|street_office_ids.$$;

create or replace function private.admin_account_email(p_email text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v text := lower(btrim(coalesce(p_email, '')));
begin
  if v = '' then
    raise exception using errcode = 'P0001', message = 'field_required:email';
  end if;
  if char_length(v) > 254 or v !~ '^[^[:space:]@]+@[^[:space:]@]+\.[^[:space:]@]+$' then
    raise exception using errcode = 'P0001', message = 'field_invalid:email';
  end if;
  return v;
end;
$$;

comment on function private.admin_account_email(text) is
  'A sign-in e-mail typed by an admin, trimmed and lower case; P0001 field_required:email / field_invalid:email.';

create or replace function public.admin_check_account_edit(p_id uuid, p_version integer, p_display_name text, p_email text)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_email text;
  v_version integer;
begin
  perform private.admin_only();
  select p.version into v_version from public.profiles p where p.id = p_id and p.role in ('staff', 'teacher');
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if p_version is null or p_version <> v_version then
    raise exception using errcode = 'PT409', message = 'stale_version';
  end if;
  perform private.admin_name(p_display_name, 'display_name', 100);
  v_email := private.admin_account_email(p_email);
  -- Auth's own rule (lower(email) per instance and audience), read first so the admin gets a
  -- field error before any service-role call.
  if exists (select 1 from auth.users u where lower(u.email) = v_email and u.id <> p_id) then
    raise exception using errcode = 'P0001', message = 'email_taken';
  end if;
  return v_email;
end;
$$;

comment on function public.admin_check_account_edit(uuid, integer, text, text) is
$$The server asks before it changes a staff or teacher account's sign-in e-mail with Auth's admin API.
Inputs: p_id; p_version (admin_account); p_display_name 1–100 characters; p_email (an address).
Result: the e-mail as Auth will hold it (trimmed, lower case).
Effect: none: raises unless the caller is an admin and admin_save_account would succeed.
Errors: 42501 not_allowed; PT404 not_found; PT409 stale_version; P0001 field_required:display_name|email,
field_too_long:display_name, field_invalid:email, email_taken (another account signs in with it).$$;

create or replace function public.admin_save_account(p_id uuid, p_version integer, p_display_name text, p_email text)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_name text;
  v_email text;
  v_version integer;
begin
  perform private.admin_only();
  perform private.admin_account_at(p_id, p_version, array['staff', 'teacher']::public.app_role[]);
  v_name := private.admin_name(p_display_name, 'display_name', 100);
  v_email := private.admin_account_email(p_email);
  -- The e-mail is Auth's: the server changed it first; a mismatch means it did not.
  if not exists (select 1 from auth.users u where u.id = p_id and lower(u.email) = v_email) then
    raise exception using errcode = 'P0001', message = 'field_invalid:email';
  end if;
  update public.profiles p set display_name = v_name where p.id = p_id returning p.version into v_version;
  return v_version;
end;
$$;

comment on function public.admin_save_account(uuid, integer, text, text) is
$$An admin saves a staff or teacher account's name, after the server had Auth change its e-mail.
Inputs: p_id; p_version (admin_account); p_display_name 1–100 characters; p_email: the sign-in
e-mail the admin asked for (Auth must already hold it).
Effect: profiles.display_name set; the account's new version returned.
Errors: 42501 not_allowed; PT404 not_found; PT409 stale_version; P0001 field_required:display_name|email,
field_too_long:display_name, field_invalid:email (Auth does not hold that e-mail).$$;

revoke execute on function
  public.admin_account(uuid),
  public.admin_set_staff_units(uuid, integer, uuid[], uuid[], uuid[]),
  public.admin_check_account_edit(uuid, integer, text, text),
  public.admin_save_account(uuid, integer, text, text)
from public, anon, service_role;

grant execute on function
  public.admin_account(uuid),
  public.admin_set_staff_units(uuid, integer, uuid[], uuid[], uuid[]),
  public.admin_check_account_edit(uuid, integer, text, text),
  public.admin_save_account(uuid, integer, text, text)
to authenticated;

revoke execute on all functions in schema private from public;

notify pgrst, 'reload schema';
