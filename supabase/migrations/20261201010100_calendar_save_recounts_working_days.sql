-- ============================================================================
-- Saving a calendar year recounts the dashboards' working-day histogram (issue 11 §5, §2)
-- ============================================================================
-- admin_save_calendar_year (20261130220000) counted open items' due dates again, but not
-- dashboard_counts.answer_working_days (20261130200000): after a save, the median working days to
-- answer still used the old calendar until someone ran private.recount_dashboards(). Now the save
-- finds the days whose working status it changed and refreshes the contribution of exactly the
-- answers whose forwarded→answered span holds one of them (bounded: see the function), in the
-- same transaction. A calendar loaded by a migration (a new chinese-days year) still needs
-- private.recount_dashboards() after it (supabase/README.md, *Working calendar*).
-- Also: the two calendar reads' docstrings get their "Effect:" line (the catalog test asks every rpc for one).

-- Answers by the time they were given (any district): the save's candidates as one range.
create index submissions_answered_at_idx on public.submissions (answered_at) where state = 'answered';

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
  v_first date;
  v_last date;
  v_sub public.submissions;
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

  -- The year's rows as they were, to find the days whose working status the save changes.
  create temporary table if not exists pg_temp.calendar_before (day date primary key, working boolean) on commit drop;
  truncate pg_temp.calendar_before;
  insert into pg_temp.calendar_before (day, working)
  select wc.day, wc.working from private.working_calendar wc where wc.day between v_start and v_end;

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

  -- The dashboards' working-day histogram (dashboard_counts.answer_working_days, 20261130200000)
  -- of the answers whose span (forwarded date, answered date] holds a day whose status changed.
  -- A day in neither the old rows nor the new counts Monday–Friday before and after: unchanged.
  create temporary table if not exists pg_temp.calendar_changed (day date primary key) on commit drop;
  truncate pg_temp.calendar_changed;
  insert into pg_temp.calendar_changed (day)
  select x.day
  from (select b.day from pg_temp.calendar_before b union select i.day from pg_temp.calendar_input i) x
  left join pg_temp.calendar_before b on b.day = x.day
  left join pg_temp.calendar_input i on i.day = x.day
  where coalesce(b.working, extract(isodow from x.day) < 6) is distinct from coalesce(i.working, extract(isodow from x.day) < 6);
  select min(c.day), max(c.day) into v_first, v_last from pg_temp.calendar_changed c;
  -- Bounded: only answers given from the first changed day on, and less than 366 days after the
  -- last one (submissions_answered_at_idx, one range). An answer given later spans over 366 days:
  -- at least 100 working days under any calendar (a year holds at most 80 entries), so it stays in
  -- the last bucket ("more than 60") whatever changed. Each candidate's contribution is computed
  -- again (private.dashboard_refresh: at most ~90 calendar probes) and applied only if it differs;
  -- a year saved before any answer reaches it (the usual case: next year's calendar) touches none.
  -- A full private.recount_dashboards() would read every submission: never per request.
  if v_first is not null then
    for v_sub in
      select s.* from public.submissions s
      where s.state = 'answered'
        and s.answered_at >= (v_first::timestamp at time zone 'Asia/Shanghai')
        and s.answered_at < ((v_last + 366)::timestamp at time zone 'Asia/Shanghai')
        and s.forwarded_at is not null
        and exists (
          select 1 from pg_temp.calendar_changed c
          where c.day > (s.forwarded_at at time zone 'Asia/Shanghai')::date
            and c.day <= (s.answered_at at time zone 'Asia/Shanghai')::date)
    loop
      perform private.dashboard_refresh(v_sub.id, v_sub);
    end loop;
  end if;

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
reaches the year get it counted again; the dashboards' working-day histogram of the answers whose
forwarded→answered span holds a day whose status changed is counted again (20261201010100);
audited in private.working_calendar_changes.
Returns the new version.
Errors: 42501 not_allowed; PT409 stale_version; P0001 field_invalid:year, field_required:days,
field_too_long:days, field_invalid:days.$$;

comment on function public.admin_calendar_year(integer) is
$$Admins: one year of the working calendar.
Returns {year, loaded (boolean), version (0 when not loaded), source, updated_at, days: [{day, working, name}] by day};
working false = public holiday, true = adjusted working day (调休); other days count Monday–Friday.
Effect: none (reads).
Errors: 42501 not_allowed; P0001 field_invalid:year (not 2000–2100).$$;

comment on function public.admin_calendar_status() is
$$Admins: whether next year's calendar is missing while due dates already reach it.
Returns {next_year, next_year_loaded, open_items_due_next_year, due_if_forwarded_today (date), warning}
(today in Asia/Shanghai).
Effect: none (reads).
Errors: 42501 not_allowed.$$;

revoke execute on function public.admin_save_calendar_year(integer, integer, jsonb) from public, anon, service_role;
grant execute on function public.admin_save_calendar_year(integer, integer, jsonb) to authenticated;
