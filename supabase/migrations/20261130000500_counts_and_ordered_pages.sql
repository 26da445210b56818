-- ============================================================================
-- Counts that do not grow with the data, and pages read in index order
-- ============================================================================
-- Measured at 10^6 submissions (BENCHMARKS.md "City scale"), the staff inbox and the public answer
-- lists still read every row of a district / edition / goal for each page, because
--   * every tab showed an exact count (`count=exact`: O(rows counted), 230–720 ms at 10^6), and
--   * the answered tab ordered by answers.created_at, a joined column no index can give, and a goal
--     page ordered published answers of one goal by a column of another table.
-- Now:
--   * Counters kept by triggers in the same transaction as the change they count:
--     district_inbox_counts (forwarded submissions per district and state),
--     published_answer_counts (per edition and decision) and published_goal_answer_counts (per goal
--     and decision). Reading a tab's total is one primary-key lookup. private.recount_*() rebuild
--     them from the rows (after a bulk load with triggers off, or to check them).
--   * submissions.answered_at (set when the state becomes answered) and, in
--     published_answer_goals, the answer's decision and answered_at: each list filters and orders
--     on columns of one table, with an index in exactly the list's order, so a page of 20 reads
--     about 20 index entries whatever the size.
-- Small per-class and per-child lists keep exact counts, grouped in SQL by two views.

-- ============================================================================
-- submissions.answered_at
-- ============================================================================
alter table public.submissions add column answered_at timestamptz;

comment on column public.submissions.answered_at is
  'When it was answered (the state became answered); null before. Orders the staff''s answered tab.';

-- Backfill without touching updated_at or version: nothing changed for the people reading it.
alter table public.submissions disable trigger submissions_set_updated_at;
alter table public.submissions disable trigger submissions_bump_version;
update public.submissions s
set answered_at = a.created_at
from public.answers a
where a.submission_id = s.id and s.state = 'answered';
alter table public.submissions enable trigger submissions_set_updated_at;
alter table public.submissions enable trigger submissions_bump_version;

create or replace function private.set_submission_answered_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.state = 'answered' and old.state is distinct from 'answered' then
    new.answered_at := pg_catalog.now();
  end if;
  return new;
end;
$$;

comment on function private.set_submission_answered_at() is
  'Trigger: submissions.answered_at = now() when the state becomes answered (the transaction time, as answers.created_at).';

create trigger submissions_set_answered_at
  before update of state on public.submissions
  for each row execute function private.set_submission_answered_at();

grant select (answered_at) on public.submissions to authenticated;

-- ============================================================================
-- Staff inbox: one partial index per tab, in the tab's order
-- ============================================================================
-- With the page filtered on one district (`district_id = $1`, a leakproof uuid comparison, so an
-- index condition even under RLS) each tab is an ordered index scan that stops after the page.
-- The partial predicates are proven from the view's and the query's `state` conditions at plan
-- time (enum equality itself is not leakproof and could not be an index condition).
drop index public.submissions_inbox_answered_idx;
drop index public.submissions_district_state_forwarded_idx;

-- Waiting tab (state approved, oldest forwarded first): submissions_inbox_waiting_idx
-- (district_id, forwarded_at, id) where state = 'approved', from 20261130000400, stays.
create index submissions_inbox_answered_idx
  on public.submissions (district_id, answered_at desc, id) where state = 'answered';
create index submissions_inbox_all_idx
  on public.submissions (district_id, forwarded_at desc, id) where state in ('approved', 'answered');

-- ============================================================================
-- Counters of the staff inbox
-- ============================================================================
create table public.district_inbox_counts (
  district_id uuid not null references public.districts (id) on delete cascade,
  state public.submission_state not null,
  submissions integer not null default 0 check (submissions >= 0),
  primary key (district_id, state)
);

comment on table public.district_inbox_counts is
  'Forwarded submissions (states approved and answered) per district and state: the staff inbox''s tab totals. Kept by triggers on submissions; never written by people.';

create or replace function private.count_inbox_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and old.state = new.state and old.district_id = new.district_id then
    return null;
  end if;
  if tg_op in ('UPDATE', 'DELETE') and old.state in ('approved', 'answered') then
    update public.district_inbox_counts c
    set submissions = c.submissions - 1
    where c.district_id = old.district_id and c.state = old.state;
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.state in ('approved', 'answered') then
    insert into public.district_inbox_counts as c (district_id, state, submissions)
    values (new.district_id, new.state, 1)
    on conflict (district_id, state) do update set submissions = c.submissions + 1;
  end if;
  return null;
end;
$$;

comment on function private.count_inbox_change() is
  'Trigger: keeps district_inbox_counts in step with submissions entering or leaving the forwarded states.';

create trigger submissions_count_inbox
  after insert or delete or update of state, district_id on public.submissions
  for each row execute function private.count_inbox_change();

create or replace function private.recount_inbox()
returns void
language sql
security definer
set search_path = ''
as $$
  delete from public.district_inbox_counts;
  insert into public.district_inbox_counts (district_id, state, submissions)
  select s.district_id, s.state, count(*)
  from public.submissions s
  where s.state in ('approved', 'answered')
  group by s.district_id, s.state;
$$;

comment on function private.recount_inbox() is
  'Rebuild district_inbox_counts from the submissions (after a bulk load with triggers off, or to check the counters). Owner only.';

create or replace function private.reset_inbox_counts()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.district_inbox_counts;
  return null;
end;
$$;

comment on function private.reset_inbox_counts() is 'Trigger: submissions were truncated, so no district has forwarded ones.';

create trigger submissions_reset_inbox_counts
  after truncate on public.submissions
  for each statement execute function private.reset_inbox_counts();

select private.recount_inbox();

-- ============================================================================
-- Public answers: decision and time on each goal link, counters per edition and per goal
-- ============================================================================
alter table public.published_answer_goals
  add column decision public.answer_decision,
  add column answered_at timestamptz;

update public.published_answer_goals pg
set decision = pa.decision, answered_at = pa.answered_at
from public.published_answers pa
where pa.submission_id = pg.submission_id;

alter table public.published_answer_goals
  alter column decision set not null,
  alter column answered_at set not null;

comment on column public.published_answer_goals.decision is 'Copy of published_answers.decision (kept by triggers): lets a goal page filter on one table.';
comment on column public.published_answer_goals.answered_at is 'Copy of published_answers.answered_at (kept by triggers): lets a goal page read newest first from one index.';

create or replace function private.copy_published_answer_to_goal()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  select pa.decision, pa.answered_at into new.decision, new.answered_at
  from public.published_answers pa
  where pa.submission_id = new.submission_id;
  return new;
end;
$$;

comment on function private.copy_published_answer_to_goal() is
  'Trigger: published_answer_goals.decision and answered_at from their published answer, whatever the statement set.';

create trigger published_answer_goals_copy_answer
  before insert or update of submission_id, decision, answered_at on public.published_answer_goals
  for each row execute function private.copy_published_answer_to_goal();

create or replace function private.propagate_published_answer()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.decision is distinct from new.decision or old.answered_at is distinct from new.answered_at then
    -- Both columns in the SET list: column triggers (the goal counters) fire on what a
    -- statement names, not on what a BEFORE trigger changes.
    update public.published_answer_goals pg
    set decision = new.decision, answered_at = new.answered_at
    where pg.submission_id = new.submission_id;
  end if;
  return null;
end;
$$;

comment on function private.propagate_published_answer() is
  'Trigger: a changed decision or answer time of a published answer reaches its goal links.';

create trigger published_answers_propagate
  after update of decision, answered_at on public.published_answers
  for each row execute function private.propagate_published_answer();

drop index public.published_answer_goals_goal_id_idx;
create index published_answer_goals_goal_answered_idx
  on public.published_answer_goals (goal_id, answered_at desc, submission_id);
create index published_answer_goals_goal_decision_idx
  on public.published_answer_goals (goal_id, decision, answered_at desc, submission_id);

drop index public.published_answers_edition_idx;
create index published_answers_edition_answered_idx
  on public.published_answers (edition, answered_at desc, submission_id);
create index published_answers_edition_decision_idx
  on public.published_answers (edition, decision, answered_at desc, submission_id);

create table public.published_answer_counts (
  edition smallint not null references public.ledger_editions (year) on delete cascade,
  decision public.answer_decision not null,
  answers integer not null default 0 check (answers >= 0),
  primary key (edition, decision)
);

comment on table public.published_answer_counts is
  'Published answers per ledger edition and decision: the public ledger''s tab totals. Kept by triggers; never written by people.';

create table public.published_goal_answer_counts (
  goal_id uuid not null references public.ledger_goals (id) on delete cascade,
  decision public.answer_decision not null,
  answers integer not null default 0 check (answers >= 0),
  primary key (goal_id, decision)
);

comment on table public.published_goal_answer_counts is
  'Published answers per ledger goal and decision: a goal page''s tab totals. Kept by triggers; never written by people.';

create or replace function private.count_published_answer_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and old.edition = new.edition and old.decision = new.decision then
    return null;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    update public.published_answer_counts c
    set answers = c.answers - 1
    where c.edition = old.edition and c.decision = old.decision;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into public.published_answer_counts as c (edition, decision, answers)
    values (new.edition, new.decision, 1)
    on conflict (edition, decision) do update set answers = c.answers + 1;
  end if;
  return null;
end;
$$;

comment on function private.count_published_answer_change() is 'Trigger: keeps published_answer_counts in step with published_answers.';

create trigger published_answers_count
  after insert or delete or update of edition, decision on public.published_answers
  for each row execute function private.count_published_answer_change();

create or replace function private.count_published_goal_answer_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and old.goal_id = new.goal_id and old.decision = new.decision then
    return null;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    update public.published_goal_answer_counts c
    set answers = c.answers - 1
    where c.goal_id = old.goal_id and c.decision = old.decision;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into public.published_goal_answer_counts as c (goal_id, decision, answers)
    values (new.goal_id, new.decision, 1)
    on conflict (goal_id, decision) do update set answers = c.answers + 1;
  end if;
  return null;
end;
$$;

comment on function private.count_published_goal_answer_change() is 'Trigger: keeps published_goal_answer_counts in step with published_answer_goals.';

create trigger published_answer_goals_count
  after insert or delete or update of goal_id, decision on public.published_answer_goals
  for each row execute function private.count_published_goal_answer_change();

create or replace function private.recount_published_answers()
returns void
language sql
security definer
set search_path = ''
as $$
  delete from public.published_answer_counts;
  insert into public.published_answer_counts (edition, decision, answers)
  select pa.edition, pa.decision, count(*) from public.published_answers pa group by pa.edition, pa.decision;
  delete from public.published_goal_answer_counts;
  insert into public.published_goal_answer_counts (goal_id, decision, answers)
  select pg.goal_id, pg.decision, count(*) from public.published_answer_goals pg group by pg.goal_id, pg.decision;
$$;

comment on function private.recount_published_answers() is
  'Rebuild published_answer_counts and published_goal_answer_counts from the rows. Owner only.';

create or replace function private.reset_published_answer_counts()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'published_answers' then
    delete from public.published_answer_counts;
  end if;
  delete from public.published_goal_answer_counts;
  return null;
end;
$$;

comment on function private.reset_published_answer_counts() is 'Trigger: published answers (or their goal links) were truncated.';

create trigger published_answers_reset_counts
  after truncate on public.published_answers
  for each statement execute function private.reset_published_answer_counts();
create trigger published_answer_goals_reset_counts
  after truncate on public.published_answer_goals
  for each statement execute function private.reset_published_answer_counts();

select private.recount_published_answers();

-- ============================================================================
-- Views
-- ============================================================================
-- The staff inbox: answered_at from the submission (ordered by its index), not from the answer.
create or replace view public.district_inbox
with (security_invoker = true)
as
select
  s.id,
  s.district_id,
  d.name_zh as district_name_zh,
  d.name_en as district_name_en,
  sc.name_zh as school_name_zh,
  sc.name_en as school_name_en,
  c.name as class_name,
  s.age_band,
  s.title,
  s.problem,
  s.suggestions,
  s.who_should_act,
  s.state,
  s.forwarded_at as approved_at,
  a.decision,
  a.reply,
  s.answered_at,
  s.version
from public.submissions s
join public.classes c on c.id = s.class_id
join public.schools sc on sc.id = c.school_id
join public.districts d on d.id = s.district_id
left join public.answers a on a.submission_id = s.id
where s.state in ('approved', 'answered')
  and s.district_id = any ((select private.my_inbox_district_ids())::uuid[]);

-- Published answers per goal: decision and time from the goal link, so filter and order use its index.
create or replace view public.public_goal_answers
with (security_invoker = true)
as
select
  pg.goal_id,
  g.edition,
  g.code,
  pa.submission_id,
  pa.title,
  pg.decision,
  pa.reply,
  pa.district_name_zh,
  pa.district_name_en,
  pg.answered_at
from public.published_answer_goals pg
join public.published_answers pa on pa.submission_id = pg.submission_id
join public.ledger_goals g on g.id = pg.goal_id;

-- Tab totals of the small lists, grouped in SQL: a class's queue and a child's own submissions.
create view public.class_queue_counts
with (security_invoker = true)
as
select s.class_id, s.state, count(*)::integer as submissions
from public.submissions s
where s.class_id = any ((select private.my_queue_class_ids())::uuid[])
group by s.class_id, s.state;

comment on view public.class_queue_counts is
  'Submissions per class and state of the classes whose queue the caller reads (class_queue''s scope); a class has hundreds at most.';

create view public.my_submission_counts
with (security_invoker = true)
as
select s.state, count(*)::integer as submissions
from public.submissions s
where s.id in (select private.own_submission_ids())
group by s.state;

comment on view public.my_submission_counts is 'The caller''s own submissions per state.';

-- ============================================================================
-- The admin branch of the queue scope runs only for admins
-- ============================================================================
-- As a plain SQL CASE, the "every class" subquery was planned (a sequential scan of classes) in
-- every teacher's statement; as PL/pgSQL it is not even planned for them.
create or replace function private.my_queue_class_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if private.is_admin() then
    return (select coalesce(array_agg(c.id), '{}') from public.classes c);
  end if;
  return private.my_taught_class_ids();
end;
$$;

create or replace function private.my_inbox_district_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if private.is_admin() then
    return (select coalesce(array_agg(d.id), '{}') from public.districts d);
  end if;
  return private.my_staff_district_ids();
end;
$$;

-- ============================================================================
-- Row level security and grants
-- ============================================================================
alter table public.district_inbox_counts enable row level security;
alter table public.published_answer_counts enable row level security;
alter table public.published_goal_answer_counts enable row level security;

create policy "Staff can read the inbox counts of their districts"
  on public.district_inbox_counts for select to authenticated
  using (district_id = any ((select private.my_inbox_district_ids())::uuid[]));

create policy "Anyone can read published answer counts"
  on public.published_answer_counts for select to anon, authenticated
  using (true);

create policy "Anyone can read published goal answer counts"
  on public.published_goal_answer_counts for select to anon, authenticated
  using (true);

revoke all on public.district_inbox_counts, public.published_answer_counts,
  public.published_goal_answer_counts, public.class_queue_counts, public.my_submission_counts
  from anon, authenticated;
grant select on public.district_inbox_counts, public.class_queue_counts, public.my_submission_counts
  to authenticated;
grant select on public.published_answer_counts, public.published_goal_answer_counts
  to anon, authenticated;

revoke execute on all functions in schema private from public;
grant execute on function private.my_queue_class_ids(), private.my_inbox_district_ids() to authenticated;

notify pgrst, 'reload schema';
