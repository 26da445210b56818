-- ============================================================================
-- Dashboards (issue 11 §5): rollups kept in the writing transaction
-- ============================================================================
-- Per district, school, department and ledger category: submissions, approval rate, answer rate,
-- median time to answer, overdue, adopted and done. Read from counters that triggers keep in step
-- with the submissions (as district_inbox_counts, 20261130000500), never by scanning submissions.
--
-- Each submission contributes to four groups, all within its district (so RLS can use the
-- district, and a city view sums at most 16 rows per group):
--   district   (group_key = district id)
--   school     (group_key = school id of its class)
--   department (group_key = the department it is routed to, '' = none)
--   category   (group_key = ledger category of its suggested goal, '' = none)
-- What it contributes is remembered in private.dashboard_contributions (one row per submission),
-- so a change subtracts exactly what was added before, whatever changed (state, routing, the
-- answer's decision, a deletion whose answer rows cascade away first).
--
-- Measures of a group (dashboard_counts):
--   submissions: every submission, any state (withdrawn and returned ones too);
--   forwarded: approved by a teacher at some point (forwarded_at set);
--   rejected: rejected by a teacher;  approval rate = forwarded / (forwarded + rejected);
--   answered: state answered;          answer rate = answered / forwarded;
--   adopted: answered as adopted or partly adopted; done: latest progress update is done;
--   answer_days: histogram of CALENDAR days from forwarding to answer (Asia/Shanghai dates):
--     element i (1-based) counts answers given i-1 days after forwarding, for 0–60 days;
--     element 62 counts answers after more than 60 days. The median read from it
--     (private.dashboard_median_days) is exact in whole days up to 60, else "more than 60".
-- Overdue: open (approved) items per group and due date (dashboard_due); overdue today = the sum
-- of the rows with due_on before today (Asia/Shanghai), so it grows with time without any write.

-- ============================================================================
-- Tables
-- ============================================================================
create table public.dashboard_counts (
  dim text not null check (dim in ('district', 'school', 'department', 'category')),
  group_key text not null check (char_length(group_key) <= 64),
  district_id uuid not null references public.districts (id) on delete cascade,
  -- Set on department rows only: the department's staff read them (RLS).
  department_id uuid references public.departments (id) on delete cascade,
  submissions integer not null default 0 check (submissions >= 0),
  forwarded integer not null default 0 check (forwarded >= 0),
  rejected integer not null default 0 check (rejected >= 0),
  answered integer not null default 0 check (answered >= 0),
  adopted integer not null default 0 check (adopted >= 0),
  done integer not null default 0 check (done >= 0),
  answer_days integer[] not null default array_fill(0, array[62]) check (cardinality(answer_days) = 62),
  primary key (dim, group_key, district_id)
);

create index dashboard_counts_district_idx on public.dashboard_counts (district_id, dim);
create index dashboard_counts_department_idx on public.dashboard_counts (department_id) where department_id is not null;

comment on table public.dashboard_counts is
  'Dashboard counters per group (dim: district, school, department, category; group_key: its id or category code, '''' = none) within a district. Kept by triggers on submissions and answers; never written by people. See migration 20261130140000 for each measure.';
comment on column public.dashboard_counts.answer_days is
  'Histogram of calendar days (Asia/Shanghai) from forwarding to answer: [i] = answers after i-1 days (i = 1..61), [62] = after more than 60 days.';

create table public.dashboard_due (
  dim text not null check (dim in ('district', 'school', 'department', 'category')),
  group_key text not null check (char_length(group_key) <= 64),
  district_id uuid not null references public.districts (id) on delete cascade,
  department_id uuid references public.departments (id) on delete cascade,
  due_on date not null,
  items integer not null default 0 check (items >= 0),
  primary key (dim, group_key, district_id, due_on)
);

create index dashboard_due_district_idx on public.dashboard_due (district_id, dim, due_on);
create index dashboard_due_department_idx on public.dashboard_due (department_id, due_on) where department_id is not null;

comment on table public.dashboard_due is
  'Open (approved, not yet answered) items per group and due date. Overdue today = sum(items) where due_on < today in Asia/Shanghai. Kept by triggers.';

-- What each submission contributes now. No foreign key: the row must outlive a cascade long
-- enough for the delete trigger to subtract it (the trigger deletes it).
create table private.dashboard_contributions (
  submission_id uuid primary key,
  district_id uuid not null,
  school_key text not null,
  department_key text not null,
  department_id uuid,
  category_key text not null,
  forwarded boolean not null,
  rejected boolean not null,
  answered boolean not null,
  adopted boolean not null,
  done boolean not null,
  days_bucket smallint check (days_bucket between 1 and 62),
  due_on date
);

comment on table private.dashboard_contributions is
  'What each submission adds to dashboard_counts / dashboard_due now (kept by the same triggers).';

-- ============================================================================
-- Contributions
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
begin
  c.submission_id := p_sub.id;
  c.district_id := p_sub.district_id;
  select coalesce(cl.school_id::text, '') into c.school_key from public.classes cl where cl.id = p_sub.class_id;
  c.school_key := coalesce(c.school_key, '');
  c.department_id := p_sub.department_id;
  c.department_key := coalesce(p_sub.department_id::text, '');
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
    v_days := (p_sub.answered_at at time zone 'Asia/Shanghai')::date - (p_sub.forwarded_at at time zone 'Asia/Shanghai')::date;
    c.days_bucket := least(greatest(v_days, 0), 61) + 1;
  end if;
  if p_sub.state = 'approved' then
    c.due_on := p_sub.due_on;
  end if;
  return c;
end;
$$;

comment on function private.dashboard_contribution(public.submissions) is
  'What a submission adds to the dashboards: its four groups and measures (see 20261130140000).';

create or replace function private.dashboard_hist_add(p_hist integer[], p_bucket smallint, p_sign integer)
returns integer[]
language plpgsql
immutable
set search_path = ''
as $$
declare
  v integer[] := coalesce(p_hist, array_fill(0, array[62]));
begin
  if p_bucket is not null then
    v[p_bucket] := v[p_bucket] + p_sign;
  end if;
  return v;
end;
$$;

comment on function private.dashboard_hist_add(integer[], smallint, integer) is
  'The histogram with p_sign added to bucket p_bucket (null bucket: unchanged; null histogram: 62 zeros).';

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
      answer_days = private.dashboard_hist_add(t.answer_days, c.days_bucket, -1)
    from (values ('district', c.district_id::text), ('school', c.school_key), ('department', c.department_key),
      ('category', c.category_key)) as g (dim, group_key)
    where t.dim = g.dim and t.group_key = g.group_key and t.district_id = c.district_id;
    if c.due_on is not null then
      update public.dashboard_due t set items = t.items - 1
      from (values ('district', c.district_id::text), ('school', c.school_key), ('department', c.department_key),
        ('category', c.category_key)) as g (dim, group_key)
      where t.dim = g.dim and t.group_key = g.group_key and t.district_id = c.district_id and t.due_on = c.due_on;
    end if;
    return;
  end if;

  insert into public.dashboard_counts as t
    (dim, group_key, district_id, department_id, submissions, forwarded, rejected, answered, adopted, done, answer_days)
  select g.dim, g.group_key, c.district_id, g.department_id, 1,
    c.forwarded::integer, c.rejected::integer, c.answered::integer, c.adopted::integer, c.done::integer,
    private.dashboard_hist_add(null, c.days_bucket, 1)
  from (values
    ('district', c.district_id::text, null::uuid),
    ('school', c.school_key, null::uuid),
    ('department', c.department_key, c.department_id),
    ('category', c.category_key, null::uuid)) as g (dim, group_key, department_id)
  on conflict (dim, group_key, district_id) do update set
    submissions = t.submissions + 1,
    forwarded = t.forwarded + excluded.forwarded,
    rejected = t.rejected + excluded.rejected,
    answered = t.answered + excluded.answered,
    adopted = t.adopted + excluded.adopted,
    done = t.done + excluded.done,
    answer_days = private.dashboard_hist_add(t.answer_days, c.days_bucket, 1);

  if c.due_on is not null then
    insert into public.dashboard_due as t (dim, group_key, district_id, department_id, due_on, items)
    select g.dim, g.group_key, c.district_id, g.department_id, c.due_on, 1
    from (values
      ('district', c.district_id::text, null::uuid),
      ('school', c.school_key, null::uuid),
      ('department', c.department_key, c.department_id),
      ('category', c.category_key, null::uuid)) as g (dim, group_key, department_id)
    on conflict (dim, group_key, district_id, due_on) do update set items = t.items + 1;
  end if;
end;
$$;

comment on function private.dashboard_apply(private.dashboard_contributions, integer) is
  'Add (p_sign 1) or subtract (-1) one submission''s contribution to its four groups.';

create or replace function private.dashboard_refresh(p_submission_id uuid, p_row public.submissions)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_old private.dashboard_contributions;
  v_new private.dashboard_contributions;
begin
  select * into v_old from private.dashboard_contributions where submission_id = p_submission_id;
  if p_row.id is not null then
    v_new := private.dashboard_contribution(p_row);
  end if;
  if v_old.submission_id is not null and v_new.submission_id is not null and v_old is not distinct from v_new then
    return;
  end if;
  if v_old.submission_id is not null then
    perform private.dashboard_apply(v_old, -1);
    delete from private.dashboard_contributions where submission_id = p_submission_id;
  end if;
  if v_new.submission_id is not null then
    perform private.dashboard_apply(v_new, 1);
    insert into private.dashboard_contributions values (v_new.*);
  end if;
end;
$$;

comment on function private.dashboard_refresh(uuid, public.submissions) is
  'Replace what a submission contributes to the dashboards by what p_row contributes (p_row null: it is gone).';

create or replace function private.dashboard_on_submission()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    perform private.dashboard_refresh(old.id, null);
  else
    perform private.dashboard_refresh(new.id, new);
  end if;
  return null;
end;
$$;

comment on function private.dashboard_on_submission() is 'Trigger: keeps the dashboards in step with a submission.';

create trigger submissions_dashboard
  after insert or delete or update of state, district_id, class_id, department_id, suggested_goal_id,
    forwarded_at, answered_at, due_on, progress_stage
  on public.submissions
  for each row execute function private.dashboard_on_submission();

create or replace function private.dashboard_on_answer()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_sub public.submissions;
  v_id uuid := case when tg_op = 'DELETE' then old.submission_id else new.submission_id end;
begin
  select s.* into v_sub from public.submissions s where s.id = v_id;
  -- Gone with its submission: the submission's own trigger subtracts it.
  if found then
    perform private.dashboard_refresh(v_id, v_sub);
  end if;
  return null;
end;
$$;

comment on function private.dashboard_on_answer() is 'Trigger: an answer''s decision counts as adopted or not.';

create trigger answers_dashboard
  after insert or delete or update of decision, submission_id on public.answers
  for each row execute function private.dashboard_on_answer();

create or replace function private.reset_dashboards()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.dashboard_counts;
  delete from public.dashboard_due;
  delete from private.dashboard_contributions;
  return null;
end;
$$;

comment on function private.reset_dashboards() is 'Trigger: submissions were truncated, so every dashboard is empty.';

create trigger submissions_reset_dashboards
  after truncate on public.submissions
  for each statement execute function private.reset_dashboards();

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
  select g.dim, g.group_key, c.district_id, g.department_id, c.forwarded, c.rejected, c.answered,
    c.adopted, c.done, c.days_bucket, c.due_on
  from private.dashboard_contributions c
  cross join lateral (values
    ('district', c.district_id::text, null::uuid),
    ('school', c.school_key, null::uuid),
    ('department', c.department_key, c.department_id),
    ('category', c.category_key, null::uuid)) as g (dim, group_key, department_id);

  insert into public.dashboard_counts
    (dim, group_key, district_id, department_id, submissions, forwarded, rejected, answered, adopted, done)
  select dim, group_key, district_id, max(department_id::text)::uuid, count(*),
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

  insert into public.dashboard_due (dim, group_key, district_id, department_id, due_on, items)
  select dim, group_key, district_id, max(department_id::text)::uuid, due_on, count(*)
  from pg_temp.dashboard_groups_tmp where due_on is not null
  group by dim, group_key, district_id, due_on;

  drop table pg_temp.dashboard_groups_tmp;
end;
$$;

comment on function private.recount_dashboards() is
  'Rebuild the dashboards from the submissions (after a bulk load with triggers off, or to check the counters). Owner only.';

select private.recount_dashboards();

-- ============================================================================
-- Reading: per group, summed over the rows the caller may read
-- ============================================================================
create or replace function private.dashboard_median_days(p_hists integer[])
returns integer
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_sum integer[] := array_fill(0, array[62]);
  v_total integer := 0;
  v_seen integer := 0;
  i integer;
  j integer;
begin
  if p_hists is null or cardinality(p_hists) = 0 then
    return null;
  end if;
  -- One histogram (1-D), or one per row of a group (2-D, from array_agg): summed per bucket.
  if array_ndims(p_hists) = 1 then
    for i in 1 .. least(array_length(p_hists, 1), 62) loop
      v_sum[i] := coalesce(p_hists[i], 0);
    end loop;
  else
    for j in 1 .. array_length(p_hists, 1) loop
      for i in 1 .. least(array_length(p_hists, 2), 62) loop
        v_sum[i] := v_sum[i] + coalesce(p_hists[j][i], 0);
      end loop;
    end loop;
  end if;
  for i in 1 .. 62 loop
    v_total := v_total + v_sum[i];
  end loop;
  if v_total = 0 then
    return null;
  end if;
  -- The lower median: the day of the ceil(n/2)-th answer.
  for i in 1 .. 62 loop
    v_seen := v_seen + v_sum[i];
    if v_seen * 2 >= v_total then
      return i - 1;
    end if;
  end loop;
  return null;
end;
$$;

comment on function private.dashboard_median_days(integer[]) is
  'Median calendar days to answer from answer_days histograms (one, or array_agg of several: summed per bucket); lower median, whole days; 61 means more than 60 days; null when no answers.';

create view public.dashboard_groups
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
  ), 0)::integer as overdue
from public.dashboard_counts c
group by c.dim, c.group_key;

comment on view public.dashboard_groups is
$$Dashboard per group (dim, group_key), summed over the rows the caller may read (RLS of
dashboard_counts / dashboard_due): staff their districts' rows and their departments' rows, admins
all. Columns: submissions, forwarded, rejected (approval rate = forwarded / (forwarded + rejected)),
answered (answer rate = answered / forwarded), adopted, done, median_days_to_answer (calendar days,
Asia/Shanghai; 61 = more than 60; null = no answers), overdue (open items due before today).$$;

-- ============================================================================
-- Row level security and grants
-- ============================================================================
alter table public.dashboard_counts enable row level security;
alter table public.dashboard_due enable row level security;
alter table private.dashboard_contributions enable row level security;

create policy "Staff and admins can read the dashboard counts of their districts and departments"
  on public.dashboard_counts for select to authenticated
  using (
    district_id = any ((select private.my_inbox_district_ids())::uuid[])
    or department_id = any ((select private.my_staff_department_ids())::uuid[])
  );

create policy "Staff and admins can read the due dates of their districts and departments"
  on public.dashboard_due for select to authenticated
  using (
    district_id = any ((select private.my_inbox_district_ids())::uuid[])
    or department_id = any ((select private.my_staff_department_ids())::uuid[])
  );

revoke all on public.dashboard_counts, public.dashboard_due, public.dashboard_groups from anon, authenticated;
revoke all on private.dashboard_contributions from anon, authenticated;
grant select on public.dashboard_counts, public.dashboard_due, public.dashboard_groups to authenticated;

revoke execute on all functions in schema private from public;
grant execute on function private.my_staff_department_ids() to authenticated;
grant execute on function private.dashboard_median_days(integer[]) to authenticated;

notify pgrst, 'reload schema';
