-- The working calendar maintained in the product (issue 11 §2): admins see a year's public holidays
-- and adjusted working days (调休) and enter or correct them when the State Council publishes them
-- (chinese-days 1.5.7 has no 2027). A year is saved whole (all-or-nothing), at the version shown,
-- and every save is audited. Open items' due dates that reach the year are counted again.

alter table private.working_calendar_years
  add column version integer not null default 1,
  add column updated_by uuid,
  add column updated_at timestamptz not null default now();

comment on column private.working_calendar_years.version is
  'Raised by each admin save of the year (a year not loaded has version 0).';
comment on column private.working_calendar_years.updated_by is
  'The admin who saved the year last (null: loaded by a migration). No foreign key: the audit outlives accounts.';

create table private.working_calendar_changes (
  id bigint generated always as identity primary key,
  year smallint not null,
  actor_id uuid not null,
  changed_at timestamptz not null default now(),
  before jsonb not null,
  after jsonb not null,
  shifted integer not null
);

create index working_calendar_changes_year_idx on private.working_calendar_changes (year, id);

comment on table private.working_calendar_changes is
  'Audit of admin saves of a calendar year, append-only: who, when, the year''s days before and after ([{day, working, name}]), and how many open items got a new due date. actor_id: an admin.';

-- ----------------------------------------------------------------------------
-- Reading a year
-- ----------------------------------------------------------------------------
create or replace function public.admin_calendar_year(p_year integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.admin_only();
  if p_year is null or p_year < 2000 or p_year > 2100 then
    raise exception using errcode = 'P0001', message = 'field_invalid:year';
  end if;
  return jsonb_build_object(
    'year', p_year,
    'loaded', exists (select 1 from private.working_calendar_years y where y.year = p_year),
    'version', coalesce((select y.version from private.working_calendar_years y where y.year = p_year), 0),
    'source', (select y.source from private.working_calendar_years y where y.year = p_year),
    'updated_at', (select y.updated_at from private.working_calendar_years y where y.year = p_year),
    'days', coalesce((
      select jsonb_agg(jsonb_build_object('day', wc.day, 'working', wc.working, 'name', wc.name) order by wc.day)
      from private.working_calendar wc
      where wc.day between make_date(p_year, 1, 1) and make_date(p_year, 12, 31)
    ), '[]'::jsonb)
  );
end;
$$;

comment on function public.admin_calendar_year(integer) is
$$Admins: one year of the working calendar.
Returns {year, loaded (boolean), version (0 when not loaded), source, updated_at, days: [{day, working, name}] by day};
working false = public holiday, true = adjusted working day (调休); other days count Monday–Friday.
Effect: none (reads only).
Errors: 42501 not_allowed; P0001 field_invalid:year (not 2000–2100).$$;

create or replace function public.admin_calendar_status()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_today date := (now() at time zone 'Asia/Shanghai')::date;
  v_next integer := extract(year from v_today)::integer + 1;
  v_start date := make_date(v_next, 1, 1);
  v_loaded boolean;
  v_open_due boolean;
  v_new_due date;
begin
  perform private.admin_only();
  v_loaded := exists (select 1 from private.working_calendar_years y where y.year = v_next);
  -- Open items already due next year (the overdue partial index on due_on serves this).
  v_open_due := exists (select 1 from public.submissions s where s.state = 'approved' and s.due_on >= v_start);
  -- What an item forwarded today would get.
  v_new_due := private.add_working_days(v_today, private.answer_working_days(v_today));
  return jsonb_build_object(
    'next_year', v_next,
    'next_year_loaded', v_loaded,
    'open_items_due_next_year', v_open_due,
    'due_if_forwarded_today', v_new_due,
    'warning', not v_loaded and (v_open_due or v_new_due >= v_start)
  );
end;
$$;

comment on function public.admin_calendar_status() is
$$Admins: whether next year's calendar is missing while due dates already reach it.
Returns {next_year, next_year_loaded, open_items_due_next_year, due_if_forwarded_today (date), warning}
(today in Asia/Shanghai). Effect: none (reads only). Errors: 42501 not_allowed.$$;

-- ----------------------------------------------------------------------------
-- Saving a year (all-or-nothing)
-- ----------------------------------------------------------------------------
create or replace function public.admin_save_calendar_year(p_year integer, p_version integer, p_days jsonb)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_current integer;
  v_before jsonb;
  v_after jsonb;
  v_count integer;
  v_shifted integer;
  v_start date;
  v_end date;
begin
  perform private.admin_only();
  if p_year is null or p_year < 2000 or p_year > 2100 then
    raise exception using errcode = 'P0001', message = 'field_invalid:year';
  end if;
  v_start := make_date(p_year, 1, 1);
  v_end := make_date(p_year, 12, 31);
  -- One save of a year at a time: the second waits and then sees the new version.
  perform pg_advisory_xact_lock(hashtext('working_calendar'), p_year);
  v_current := coalesce((select y.version from private.working_calendar_years y where y.year = p_year), 0);
  perform private.check_version(p_version, v_current);

  if p_days is null or jsonb_typeof(p_days) <> 'array' then
    raise exception using errcode = 'P0001', message = 'field_invalid:days';
  end if;
  v_count := jsonb_array_length(p_days);
  if v_count = 0 then
    raise exception using errcode = 'P0001', message = 'field_required:days';
  end if;
  if v_count > 80 then
    raise exception using errcode = 'P0001', message = 'field_too_long:days';
  end if;

  create temporary table if not exists pg_temp.calendar_input (day date, working boolean, name text) on commit drop;
  truncate pg_temp.calendar_input;
  begin
    insert into pg_temp.calendar_input (day, working, name)
    select (e ->> 'day')::date, (e ->> 'working')::boolean, btrim(e ->> 'name')
    from jsonb_array_elements(p_days) e;
  exception when others then
    raise exception using errcode = 'P0001', message = 'field_invalid:days';
  end;
  -- Every day in the year, once; a name of 1–40 characters; an adjusted working day is a
  -- Saturday or Sunday (any other day is a working day already).
  if exists (
    select 1 from pg_temp.calendar_input i
    where i.day is null or i.working is null or i.name is null or i.name = '' or char_length(i.name) > 40
       or i.day < v_start or i.day > v_end
       or (i.working and extract(isodow from i.day) < 6)
  ) or (select count(distinct i.day) from pg_temp.calendar_input i) <> v_count then
    raise exception using errcode = 'P0001', message = 'field_invalid:days';
  end if;

  v_before := coalesce((
    select jsonb_agg(jsonb_build_object('day', wc.day, 'working', wc.working, 'name', wc.name) order by wc.day)
    from private.working_calendar wc where wc.day between v_start and v_end
  ), '[]'::jsonb);
  delete from private.working_calendar wc where wc.day between v_start and v_end;
  insert into private.working_calendar (day, working, name)
  select i.day, i.working, i.name from pg_temp.calendar_input i;
  v_after := (
    select jsonb_agg(jsonb_build_object('day', wc.day, 'working', wc.working, 'name', wc.name) order by wc.day)
    from private.working_calendar wc where wc.day between v_start and v_end
  );
  insert into private.working_calendar_years (year, source, version, updated_by, updated_at)
  values (p_year, 'admin', 1, v_uid, now())
  on conflict (year) do update
    set source = 'admin', version = private.working_calendar_years.version + 1, updated_by = v_uid, updated_at = now();

  -- Open items whose count of working days may cross the year: due on or after its first day,
  -- forwarded on or before its last (their due date is counted again with the new calendar).
  with moved as (
    update public.submissions s
    set due_on = private.add_working_days(
      (s.forwarded_at at time zone 'Asia/Shanghai')::date,
      private.answer_working_days((s.forwarded_at at time zone 'Asia/Shanghai')::date))
    where s.state = 'approved'
      and s.due_on >= v_start
      and s.forwarded_at is not null
      and (s.forwarded_at at time zone 'Asia/Shanghai')::date <= v_end
    returning 1
  )
  select count(*) into v_shifted from moved;

  insert into private.working_calendar_changes (year, actor_id, before, after, shifted)
  values (p_year, v_uid, v_before, v_after, v_shifted);
  return v_current + 1;
end;
$$;

comment on function public.admin_save_calendar_year(integer, integer, jsonb) is
$$Admins: replace one year's public holidays and adjusted working days (调休) as a whole.
Inputs: p_year (2000–2100); p_version: the year's version shown (0 when not loaded);
p_days: [{day: 'YYYY-MM-DD', working: boolean (false holiday, true adjusted working day), name: 1–40 characters}],
1–80 entries, each day of that year once, an adjusted working day only on a Saturday or Sunday.
Effect: the year's rows replaced, version + 1, source 'admin'; open (approved) items whose due date
reaches the year get it counted again; audited in private.working_calendar_changes.
Returns the new version.
Errors: 42501 not_allowed; PT409 stale_version; P0001 field_invalid:year, field_required:days,
field_too_long:days, field_invalid:days.$$;

revoke execute on function public.admin_calendar_year(integer), public.admin_calendar_status(),
  public.admin_save_calendar_year(integer, integer, jsonb) from public, anon, service_role;
grant execute on function public.admin_calendar_year(integer), public.admin_calendar_status(),
  public.admin_save_calendar_year(integer, integer, jsonb) to authenticated;
