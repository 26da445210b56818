-- ============================================================================
-- The staff routed page's tab totals from counters (issue 11 §7)
-- ============================================================================
-- /staff/routed showed three totals per unit (a district, a department or a street office):
-- waiting (approved), overdue (approved, due before today) and answered. They were exact head
-- counts on submissions, which read one index entry per item: they grew with the data (BENCHMARKS.md,
-- "Issue 11 §7 re-run": 9,450 / 9,105 / 40,992 entries for one district at 10^6). Now:
--   * waiting: dashboard_counts.open_items, a new counter of the dashboards' rollups (20261130140000,
--     20261130200000), kept by the same triggers in the writing transaction: the submissions of
--     the group in state approved (due date or not). answered is the existing dashboard_counts.answered
--     (state answered). A district is one row (dim 'district'); a department one row per district
--     its items are in (dim 'department', department_id set); a street office one row (its district).
--   * overdue cannot be a stored counter: an item becomes overdue when the day passes, with no
--     write. It is the sum of dashboard_due (open items per group and DUE DAY) over the days before
--     today: a range scan of dashboard_due_district_idx / _department_idx / _street_office_idx that
--     reads one row per due day (per district, for a department), never one per item.
-- The view public.staff_unit_totals gives the three per unit; RLS of the rollups applies (invoker).

alter table public.dashboard_counts
  add column open_items integer not null default 0 check (open_items >= 0);

comment on column public.dashboard_counts.open_items is
  'Open items of the group: submissions in state approved (forwarded, not yet answered), with or without a due date. The staff routed page''s "waiting" total (20261201010000).';

alter table private.dashboard_contributions
  add column open boolean not null default false;

create or replace function private.dashboard_contribution(p_sub public.submissions)
returns private.dashboard_contributions
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  c private.dashboard_contributions;
  v_decision public.answer_decision;
  v_days integer;
  v_from date;
  v_to date;
begin
  c.submission_id := p_sub.id;
  c.district_id := p_sub.district_id;
  select coalesce(cl.school_id::text, '') into c.school_key from public.classes cl where cl.id = p_sub.class_id;
  c.school_key := coalesce(c.school_key, '');
  c.department_id := p_sub.department_id;
  c.department_key := coalesce(p_sub.department_id::text, '');
  c.street_office_id := p_sub.street_office_id;
  c.street_office_key := coalesce(p_sub.street_office_id::text, '');
  select coalesce(g.category::text, '') into c.category_key from public.ledger_goals g where g.id = p_sub.suggested_goal_id;
  c.category_key := coalesce(c.category_key, '');
  c.forwarded := p_sub.forwarded_at is not null;
  c.rejected := p_sub.state = 'rejected';
  c.answered := p_sub.state = 'answered';
  if c.answered then
    select a.decision into v_decision from public.answers a where a.submission_id = p_sub.id;
  end if;
  c.adopted := c.answered and coalesce(v_decision in ('adopted', 'partly_adopted'), false);
  c.done := c.answered and p_sub.progress_stage is not distinct from 'done';
  if c.answered and p_sub.forwarded_at is not null and p_sub.answered_at is not null then
    v_from := (p_sub.forwarded_at at time zone 'Asia/Shanghai')::date;
    v_to := (p_sub.answered_at at time zone 'Asia/Shanghai')::date;
    v_days := v_to - v_from;
    c.days_bucket := least(greatest(v_days, 0), 61) + 1;
    c.work_bucket := private.working_days_between(v_from, v_to, 61) + 1;
  end if;
  c.open := p_sub.state = 'approved';
  if c.open then
    c.due_on := p_sub.due_on;
  end if;
  return c;
end;
$$;

comment on function private.dashboard_contribution(public.submissions) is
  'What a submission adds to the dashboards: its five groups and measures (see 20261130140000, 20261130200000, 20261201010000).';

create or replace function private.dashboard_apply(c private.dashboard_contributions, p_sign integer)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Subtracting updates the rows the addition made (an upsert would check its proposed row,
  -- with negative counts, against the constraints before finding the conflict).
  if p_sign < 0 then
    update public.dashboard_counts t set
      submissions = t.submissions - 1,
      open_items = t.open_items - c.open::integer,
      forwarded = t.forwarded - c.forwarded::integer,
      rejected = t.rejected - c.rejected::integer,
      answered = t.answered - c.answered::integer,
      adopted = t.adopted - c.adopted::integer,
      done = t.done - c.done::integer,
      answer_days = private.dashboard_hist_add(t.answer_days, c.days_bucket, -1),
      answer_working_days = private.dashboard_hist_add(t.answer_working_days, c.work_bucket, -1)
    from (values ('district', c.district_id::text), ('school', c.school_key), ('department', c.department_key),
      ('category', c.category_key), ('street_office', c.street_office_key)) as g (dim, group_key)
    where t.dim = g.dim and t.group_key = g.group_key and t.district_id = c.district_id;
    if c.due_on is not null then
      update public.dashboard_due t set items = t.items - 1
      from (values ('district', c.district_id::text), ('school', c.school_key), ('department', c.department_key),
        ('category', c.category_key), ('street_office', c.street_office_key)) as g (dim, group_key)
      where t.dim = g.dim and t.group_key = g.group_key and t.district_id = c.district_id and t.due_on = c.due_on;
    end if;
    return;
  end if;

  insert into public.dashboard_counts as t
    (dim, group_key, district_id, department_id, street_office_id, submissions, open_items, forwarded, rejected, answered,
     adopted, done, answer_days, answer_working_days)
  select g.dim, g.group_key, c.district_id, g.department_id, g.street_office_id, 1, c.open::integer,
    c.forwarded::integer, c.rejected::integer, c.answered::integer, c.adopted::integer, c.done::integer,
    private.dashboard_hist_add(null, c.days_bucket, 1), private.dashboard_hist_add(null, c.work_bucket, 1)
  from (values
    ('district', c.district_id::text, null::uuid, null::uuid),
    ('school', c.school_key, null::uuid, null::uuid),
    ('department', c.department_key, c.department_id, null::uuid),
    ('category', c.category_key, null::uuid, null::uuid),
    ('street_office', c.street_office_key, null::uuid, c.street_office_id)) as g (dim, group_key, department_id, street_office_id)
  on conflict (dim, group_key, district_id) do update set
    submissions = t.submissions + 1,
    open_items = t.open_items + excluded.open_items,
    forwarded = t.forwarded + excluded.forwarded,
    rejected = t.rejected + excluded.rejected,
    answered = t.answered + excluded.answered,
    adopted = t.adopted + excluded.adopted,
    done = t.done + excluded.done,
    answer_days = private.dashboard_hist_add(t.answer_days, c.days_bucket, 1),
    answer_working_days = private.dashboard_hist_add(t.answer_working_days, c.work_bucket, 1);

  if c.due_on is not null then
    insert into public.dashboard_due as t (dim, group_key, district_id, department_id, street_office_id, due_on, items)
    select g.dim, g.group_key, c.district_id, g.department_id, g.street_office_id, c.due_on, 1
    from (values
      ('district', c.district_id::text, null::uuid, null::uuid),
      ('school', c.school_key, null::uuid, null::uuid),
      ('department', c.department_key, c.department_id, null::uuid),
      ('category', c.category_key, null::uuid, null::uuid),
      ('street_office', c.street_office_key, null::uuid, c.street_office_id)) as g (dim, group_key, department_id, street_office_id)
    on conflict (dim, group_key, district_id, due_on) do update set items = t.items + 1;
  end if;
end;
$$;

comment on function private.dashboard_apply(private.dashboard_contributions, integer) is
  'Add (p_sign 1) or subtract (-1) one submission''s contribution to its five groups.';

create or replace function private.recount_dashboards()
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  r record;
begin
  delete from public.dashboard_counts;
  delete from public.dashboard_due;
  delete from private.dashboard_contributions;
  insert into private.dashboard_contributions
  select c.* from public.submissions s cross join lateral private.dashboard_contribution(s) c;

  create temporary table pg_temp.dashboard_groups_tmp on commit drop as
  select g.dim, g.group_key, c.district_id, g.department_id, g.street_office_id, c.open, c.forwarded, c.rejected,
    c.answered, c.adopted, c.done, c.days_bucket, c.work_bucket, c.due_on
  from private.dashboard_contributions c
  cross join lateral (values
    ('district', c.district_id::text, null::uuid, null::uuid),
    ('school', c.school_key, null::uuid, null::uuid),
    ('department', c.department_key, c.department_id, null::uuid),
    ('category', c.category_key, null::uuid, null::uuid),
    ('street_office', c.street_office_key, null::uuid, c.street_office_id)) as g (dim, group_key, department_id, street_office_id);

  insert into public.dashboard_counts
    (dim, group_key, district_id, department_id, street_office_id, submissions, open_items, forwarded, rejected, answered, adopted, done)
  select dim, group_key, district_id, max(department_id::text)::uuid, max(street_office_id::text)::uuid, count(*), count(*) filter (where open),
    count(*) filter (where forwarded), count(*) filter (where rejected), count(*) filter (where answered),
    count(*) filter (where adopted), count(*) filter (where done)
  from pg_temp.dashboard_groups_tmp
  group by dim, group_key, district_id;

  for r in
    select dim, group_key, district_id, days_bucket, count(*)::integer as n
    from pg_temp.dashboard_groups_tmp where days_bucket is not null
    group by 1, 2, 3, 4
  loop
    update public.dashboard_counts t set answer_days[r.days_bucket] = r.n
    where t.dim = r.dim and t.group_key = r.group_key and t.district_id = r.district_id;
  end loop;

  for r in
    select dim, group_key, district_id, work_bucket, count(*)::integer as n
    from pg_temp.dashboard_groups_tmp where work_bucket is not null
    group by 1, 2, 3, 4
  loop
    update public.dashboard_counts t set answer_working_days[r.work_bucket] = r.n
    where t.dim = r.dim and t.group_key = r.group_key and t.district_id = r.district_id;
  end loop;

  insert into public.dashboard_due (dim, group_key, district_id, department_id, street_office_id, due_on, items)
  select dim, group_key, district_id, max(department_id::text)::uuid, max(street_office_id::text)::uuid, due_on, count(*)
  from pg_temp.dashboard_groups_tmp where due_on is not null
  group by dim, group_key, district_id, due_on;

  drop table pg_temp.dashboard_groups_tmp;
end;
$$;

comment on function private.recount_dashboards() is
  'Rebuild the dashboards from the submissions (after a bulk load with triggers off, after loading a working calendar, or to check the counters). Owner only.';

select private.recount_dashboards();

-- ============================================================================
-- Reading: the three totals of each unit
-- ============================================================================
-- One branch per kind, each filtering on the column its index leads with: a reader's
-- `kind = … and unit_id = …` is pushed into the branches (the other kinds' fold to false), so a
-- unit's counters are read by key (at most one row per district) and its due rows as one range
-- (dashboard_due_district_idx / _department_idx / _street_office_idx, due days before today).
create view public.staff_unit_totals
with (security_invoker = true) as
select
  'district'::text as kind,
  c.district_id as unit_id,
  c.open_items as waiting,
  coalesce((
    select sum(d.items) from public.dashboard_due d
    where d.district_id = c.district_id and d.dim = 'district'
      and d.due_on < (now() at time zone 'Asia/Shanghai')::date
  ), 0)::integer as overdue,
  c.answered
from public.dashboard_counts c
where c.dim = 'district' and c.group_key = c.district_id::text
union all
select
  'department'::text,
  c.department_id,
  sum(c.open_items)::integer,
  coalesce((
    select sum(d.items) from public.dashboard_due d
    where d.department_id = c.department_id
      and d.due_on < (now() at time zone 'Asia/Shanghai')::date
  ), 0)::integer,
  sum(c.answered)::integer
from public.dashboard_counts c
where c.department_id is not null
group by c.department_id
union all
select
  'street_office'::text,
  c.street_office_id,
  sum(c.open_items)::integer,
  coalesce((
    select sum(d.items) from public.dashboard_due d
    where d.street_office_id = c.street_office_id
      and d.due_on < (now() at time zone 'Asia/Shanghai')::date
  ), 0)::integer,
  sum(c.answered)::integer
from public.dashboard_counts c
where c.street_office_id is not null
group by c.street_office_id;

comment on view public.staff_unit_totals is
$$The staff routed page's tab totals per unit, from the dashboards' rollups (never by counting items):
kind ('district' | 'department' | 'street_office'), unit_id, waiting (items in state approved),
overdue (approved, due before today in Asia/Shanghai), answered (items in state answered); summed
over the rollup rows the caller may read (RLS of dashboard_counts / dashboard_due). A unit with no
item ever has no row (read it as zeros). Read one unit: where kind = … and unit_id = … .$$;

revoke all on public.staff_unit_totals from anon, authenticated;
grant select on public.staff_unit_totals to authenticated;

notify pgrst, 'reload schema';
