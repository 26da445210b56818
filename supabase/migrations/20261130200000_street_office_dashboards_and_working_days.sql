-- ============================================================================
-- Dashboards for street-office staff, and the median in working days (issue 11 §5, §2)
-- ============================================================================
-- Adds to the rollups of 20261130140000 (kept by the same triggers, in the writing transaction):
--   * a fifth group per submission, dim 'street_office' (group_key = the street office it is routed
--     to, '' = none; street_office_id set on those rows so the office's staff read them by RLS);
--   * answer_working_days: a second 62-bucket histogram, of WORKING days from forwarding to answer,
--     counted by the maintained working calendar (private.is_working_day, 20261130090200/090300):
--     the working days d with forwarded date < d <= answered date (Asia/Shanghai), the same count
--     the due dates use (private.add_working_days). Element i counts answers after i-1 working
--     days (0–60), element 62 after more than 60. The calendar days histogram stays as it was.
--   * street-office staff read the school rows of the schools in their offices' communities, and
--     the street_office rows of their offices (scalable policies: the caller's ids once per query).
-- A working calendar loaded later for a year that already has answers changes nothing stored:
-- run private.recount_dashboards() after loading one (supabase/README.md, *Working calendar*).

-- ============================================================================
-- Columns
-- ============================================================================
alter table public.dashboard_counts drop constraint dashboard_counts_dim_check;
alter table public.dashboard_counts add constraint dashboard_counts_dim_check
  check (dim in ('district', 'school', 'department', 'category', 'street_office'));
alter table public.dashboard_due drop constraint dashboard_due_dim_check;
alter table public.dashboard_due add constraint dashboard_due_dim_check
  check (dim in ('district', 'school', 'department', 'category', 'street_office'));

alter table public.dashboard_counts
  add column street_office_id uuid references public.street_offices (id) on delete cascade,
  add column answer_working_days integer[] not null default array_fill(0, array[62])
    check (cardinality(answer_working_days) = 62);
alter table public.dashboard_due
  add column street_office_id uuid references public.street_offices (id) on delete cascade;

create index dashboard_counts_street_office_idx on public.dashboard_counts (street_office_id) where street_office_id is not null;
create index dashboard_due_street_office_idx on public.dashboard_due (street_office_id, due_on) where street_office_id is not null;

comment on column public.dashboard_counts.street_office_id is
  'Set on street_office rows only: the street office''s staff read them (RLS).';
comment on column public.dashboard_counts.answer_working_days is
  'Histogram of working days (private.is_working_day) from forwarding to answer, Asia/Shanghai dates: [i] = answers after i-1 working days (i = 1..61), [62] = after more than 60.';

alter table private.dashboard_contributions
  add column street_office_key text not null default '',
  add column street_office_id uuid,
  add column work_bucket smallint check (work_bucket between 1 and 62);

-- ============================================================================
-- Working days between two dates
-- ============================================================================
create or replace function private.working_days_between(p_from date, p_to date, p_cap integer default 61)
returns integer
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_day date := p_from;
  v_n integer := 0;
begin
  if p_from is null or p_to is null then
    return null;
  end if;
  -- At most p_cap working days are counted (one index probe per day, ~90 days for 61).
  while v_day < p_to and v_n < p_cap loop
    v_day := v_day + 1;
    if private.is_working_day(v_day) then
      v_n := v_n + 1;
    end if;
  end loop;
  return v_n;
end;
$$;

comment on function private.working_days_between(date, date, integer) is
  'Working days d with p_from < d <= p_to (the count private.add_working_days walks), at most p_cap; 0 when p_to <= p_from; null when either is null.';

-- ============================================================================
-- Contributions: five groups, two histograms
-- ============================================================================
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
  if p_sub.state = 'approved' then
    c.due_on := p_sub.due_on;
  end if;
  return c;
end;
$$;

comment on function private.dashboard_contribution(public.submissions) is
  'What a submission adds to the dashboards: its five groups and measures (see 20261130140000, 20261130200000).';

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
    (dim, group_key, district_id, department_id, street_office_id, submissions, forwarded, rejected, answered,
     adopted, done, answer_days, answer_working_days)
  select g.dim, g.group_key, c.district_id, g.department_id, g.street_office_id, 1,
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

-- Rerouting to another street office changes what it contributes: the trigger now listens to it.
drop trigger submissions_dashboard on public.submissions;
create trigger submissions_dashboard
  after insert or delete or update of state, district_id, class_id, department_id, street_office_id, suggested_goal_id,
    forwarded_at, answered_at, due_on, progress_stage
  on public.submissions
  for each row execute function private.dashboard_on_submission();

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
  select g.dim, g.group_key, c.district_id, g.department_id, g.street_office_id, c.forwarded, c.rejected,
    c.answered, c.adopted, c.done, c.days_bucket, c.work_bucket, c.due_on
  from private.dashboard_contributions c
  cross join lateral (values
    ('district', c.district_id::text, null::uuid, null::uuid),
    ('school', c.school_key, null::uuid, null::uuid),
    ('department', c.department_key, c.department_id, null::uuid),
    ('category', c.category_key, null::uuid, null::uuid),
    ('street_office', c.street_office_key, null::uuid, c.street_office_id)) as g (dim, group_key, department_id, street_office_id);

  insert into public.dashboard_counts
    (dim, group_key, district_id, department_id, street_office_id, submissions, forwarded, rejected, answered, adopted, done)
  select dim, group_key, district_id, max(department_id::text)::uuid, max(street_office_id::text)::uuid, count(*),
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
-- Reading: the working-day median beside the calendar one
-- ============================================================================
create or replace view public.dashboard_groups
with (security_invoker = true) as
select
  c.dim,
  c.group_key,
  sum(c.submissions)::integer as submissions,
  sum(c.forwarded)::integer as forwarded,
  sum(c.rejected)::integer as rejected,
  sum(c.answered)::integer as answered,
  sum(c.adopted)::integer as adopted,
  sum(c.done)::integer as done,
  private.dashboard_median_days(array_agg(c.answer_days)) as median_days_to_answer,
  coalesce((
    select sum(d.items) from public.dashboard_due d
    where d.dim = c.dim and d.group_key = c.group_key
      and d.due_on < (now() at time zone 'Asia/Shanghai')::date
  ), 0)::integer as overdue,
  private.dashboard_median_days(array_agg(c.answer_working_days)) as median_working_days_to_answer
from public.dashboard_counts c
group by c.dim, c.group_key;

comment on view public.dashboard_groups is
$$Dashboard per group (dim, group_key), summed over the rows the caller may read (RLS of
dashboard_counts / dashboard_due): staff their districts' rows, their departments' and street
offices' rows and the school rows of their street offices' communities; admins all. Columns:
submissions, forwarded, rejected (approval rate = forwarded / (forwarded + rejected)), answered
(answer rate = answered / forwarded), adopted, done, median_days_to_answer (calendar days,
Asia/Shanghai; 61 = more than 60; null = no answers), overdue (open items due before today),
median_working_days_to_answer (working days by the working calendar; 61 = more than 60; null = no answers).$$;

-- ============================================================================
-- Row level security: street-office staff
-- ============================================================================
create or replace function private.my_street_office_school_keys()
returns text[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(s.id::text), '{}')
  from public.schools s
  join public.communities cm on cm.id = s.community_id
  where cm.street_office_id = any (private.my_staff_street_office_ids())
$$;

comment on function private.my_street_office_school_keys() is
  'Ids (as text, the dashboards'' group_key) of the schools in the communities of the caller''s street offices; empty for anyone else. Use as = any ((select private.my_street_office_school_keys())::text[]).';

drop policy "Staff and admins can read the dashboard counts of their districts and departments" on public.dashboard_counts;
drop policy "Staff and admins can read the due dates of their districts and departments" on public.dashboard_due;

create policy "Staff and admins can read the dashboard counts of their districts, departments and street offices"
  on public.dashboard_counts for select to authenticated
  using (
    district_id = any ((select private.my_inbox_district_ids())::uuid[])
    or department_id = any ((select private.my_staff_department_ids())::uuid[])
    or street_office_id = any ((select private.my_staff_street_office_ids())::uuid[])
    or (dim = 'school' and group_key = any ((select private.my_street_office_school_keys())::text[]))
  );

create policy "Staff and admins can read the due dates of their districts, departments and street offices"
  on public.dashboard_due for select to authenticated
  using (
    district_id = any ((select private.my_inbox_district_ids())::uuid[])
    or department_id = any ((select private.my_staff_department_ids())::uuid[])
    or street_office_id = any ((select private.my_staff_street_office_ids())::uuid[])
    or (dim = 'school' and group_key = any ((select private.my_street_office_school_keys())::text[]))
  );

revoke all on public.dashboard_groups from anon, authenticated;
grant select on public.dashboard_groups to authenticated;

revoke execute on all functions in schema private from public;
grant execute on function private.my_staff_department_ids(), private.my_staff_street_office_ids(),
  private.my_street_office_school_keys() to authenticated;
grant execute on function private.dashboard_median_days(integer[]) to authenticated;

notify pgrst, 'reload schema';
