-- ============================================================================
-- The public ledger per category: summary counters, each answer once per category, polls
-- (issue 11 §4)
-- ============================================================================
-- The ledger page opens with a summary per category: declared goals, goals with children's input
-- (at least one published answer), answers, adopted (fully or partly) and done (latest progress
-- "done"). Like the tab totals of 20261130000500 they are counters kept in the transaction that
-- changes what they count, never a scan of the answers per page view:
--   * public.published_answer_categories: one row per published answer and (edition, category) of
--     its goals (an answer to two goals of one category is listed once on that category's page),
--     with the answer's decision, "done" and time, so a category page reads newest first from one
--     index;
--   * public.ledger_answered_goals: one row per goal that has at least one published answer (the
--     "only goals with answers" filter);
--   * public.ledger_category_counts: per edition and category, the numbers above.
-- Triggers recompute the state of the one answer / goal a change touches (a handful of rows) and
-- apply the difference to the counters, so they are right whatever the statement did (several
-- rows at once, a cascade, a goal moved to another category by a re-import).
-- private.recount_ledger_categories() rebuilds all three from the rows (after a bulk load with
-- triggers off, or to check them).
-- public_category_polls: the closed public polls linked to any goal of a category (the same rows
-- and rules as public_polls; results still only through poll_results).

create table public.published_answer_categories (
  submission_id uuid not null,
  edition smallint not null,
  category public.ledger_category not null,
  decision public.answer_decision not null,
  done boolean not null,
  answered_at timestamptz not null,
  -- How many of the answer's goals are in this category (at least 1).
  goals integer not null check (goals > 0),
  primary key (submission_id, edition, category)
);

create index published_answer_categories_page_idx
  on public.published_answer_categories (edition, category, answered_at desc, submission_id);

comment on table public.published_answer_categories is
  'Published answers per ledger edition and category of their goals (once each, however many goals of the category). Kept by triggers from published_answer_goals; never written by people. No child identity.';

create table public.ledger_answered_goals (
  goal_id uuid primary key references public.ledger_goals (id) on delete cascade,
  edition smallint not null,
  category public.ledger_category not null
);

create index ledger_answered_goals_edition_idx on public.ledger_answered_goals (edition, category);

comment on table public.ledger_answered_goals is
  'Ledger goals with at least one published answer (goals with children''s input). Kept by triggers; never written by people.';

create table public.ledger_category_counts (
  edition smallint not null references public.ledger_editions (year) on delete cascade,
  category public.ledger_category not null,
  goals_with_answers integer not null default 0 check (goals_with_answers >= 0),
  answers integer not null default 0 check (answers >= 0),
  adopted integer not null default 0 check (adopted >= 0),
  done integer not null default 0 check (done >= 0),
  primary key (edition, category)
);

comment on table public.ledger_category_counts is
  'Per ledger edition and category: goals with at least one published answer, published answers (each once), adopted (fully or partly), done (latest progress done). Kept by triggers; never written by people.';

-- ============================================================================
-- Keeping them
-- ============================================================================
create or replace function private.bump_ledger_category(
  p_edition smallint, p_category public.ledger_category,
  p_goals integer, p_answers integer, p_adopted integer, p_done integer)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Update first: a check constraint judges an INSERT's proposed values (a -1) before ON CONFLICT.
  update public.ledger_category_counts c
  set goals_with_answers = c.goals_with_answers + p_goals,
      answers = c.answers + p_answers,
      adopted = c.adopted + p_adopted,
      done = c.done + p_done
  where c.edition = p_edition and c.category = p_category;
  if not found then
    insert into public.ledger_category_counts as c (edition, category, goals_with_answers, answers, adopted, done)
    values (p_edition, p_category, p_goals, p_answers, p_adopted, p_done)
    on conflict (edition, category) do update
    set goals_with_answers = c.goals_with_answers + p_goals,
        answers = c.answers + p_answers,
        adopted = c.adopted + p_adopted,
        done = c.done + p_done;
  end if;
end;
$$;

comment on function private.bump_ledger_category(smallint, public.ledger_category, integer, integer, integer, integer) is
  'Adds the given differences to one row of ledger_category_counts (creating it).';

-- One published answer: its rows in published_answer_categories and their counters from its goal links now.
create or replace function private.refresh_answer_categories(p_submission_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  r record;
begin
  -- Take the old rows out of the counters ...
  for r in
    delete from public.published_answer_categories pc where pc.submission_id = p_submission_id
    returning pc.edition, pc.category, pc.decision, pc.done
  loop
    perform private.bump_ledger_category(r.edition, r.category, 0, -1,
      case when r.decision in ('adopted', 'partly_adopted') then -1 else 0 end, case when r.done then -1 else 0 end);
  end loop;
  -- ... and put the current ones in.
  for r in
    insert into public.published_answer_categories as pc (submission_id, edition, category, decision, done, answered_at, goals)
    select pa.submission_id, g.edition, g.category, pa.decision, coalesce(pa.progress_stage = 'done', false), pa.answered_at, count(*)::integer
    from public.published_answers pa
    join public.published_answer_goals pg on pg.submission_id = pa.submission_id
    join public.ledger_goals g on g.id = pg.goal_id
    where pa.submission_id = p_submission_id
    group by pa.submission_id, g.edition, g.category, pa.decision, pa.progress_stage, pa.answered_at
    returning pc.edition, pc.category, pc.decision, pc.done
  loop
    perform private.bump_ledger_category(r.edition, r.category, 0, 1,
      case when r.decision in ('adopted', 'partly_adopted') then 1 else 0 end, case when r.done then 1 else 0 end);
  end loop;
end;
$$;

comment on function private.refresh_answer_categories(uuid) is
  'Recomputes one published answer''s published_answer_categories rows from its goal links and applies the difference to ledger_category_counts. Idempotent.';

-- One goal: whether it has a published answer, where (edition, category) it counts.
create or replace function private.refresh_answered_goal(p_goal_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_old public.ledger_answered_goals;
  v_goal public.ledger_goals;
  v_has boolean;
begin
  delete from public.ledger_answered_goals a where a.goal_id = p_goal_id returning a.* into v_old;
  if v_old.goal_id is not null then
    perform private.bump_ledger_category(v_old.edition, v_old.category, -1, 0, 0, 0);
  end if;
  select g.* into v_goal from public.ledger_goals g where g.id = p_goal_id;
  v_has := found and exists (select 1 from public.published_answer_goals pg where pg.goal_id = p_goal_id);
  if v_has then
    insert into public.ledger_answered_goals (goal_id, edition, category) values (v_goal.id, v_goal.edition, v_goal.category);
    perform private.bump_ledger_category(v_goal.edition, v_goal.category, 1, 0, 0, 0);
  end if;
end;
$$;

comment on function private.refresh_answered_goal(uuid) is
  'Recomputes whether one goal has a published answer (ledger_answered_goals) and applies the difference to ledger_category_counts. Idempotent.';

create or replace function private.ledger_counts_on_goal_link()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform private.refresh_answer_categories(old.submission_id);
    perform private.refresh_answered_goal(old.goal_id);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    if tg_op = 'INSERT' or new.submission_id <> old.submission_id then
      perform private.refresh_answer_categories(new.submission_id);
    end if;
    if tg_op = 'INSERT' or new.goal_id <> old.goal_id then
      perform private.refresh_answered_goal(new.goal_id);
    end if;
  end if;
  return null;
end;
$$;

comment on function private.ledger_counts_on_goal_link() is
  'Trigger: a published answer''s goal link came, went or changed: its answer and goal are recounted per category.';

create trigger published_answer_goals_ledger_counts
  after insert or delete or update of submission_id, goal_id, decision, answered_at on public.published_answer_goals
  for each row execute function private.ledger_counts_on_goal_link();

create or replace function private.ledger_counts_on_answer()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.decision is distinct from new.decision
     or old.progress_stage is distinct from new.progress_stage
     or old.answered_at is distinct from new.answered_at then
    perform private.refresh_answer_categories(new.submission_id);
  end if;
  return null;
end;
$$;

comment on function private.ledger_counts_on_answer() is
  'Trigger: a published answer''s decision, latest progress or time changed: its category rows follow.';

create trigger published_answers_ledger_counts
  after update of decision, progress_stage, answered_at on public.published_answers
  for each row execute function private.ledger_counts_on_answer();

-- A re-import may move a goal to another category (or edition): its answers and itself move too.
create or replace function private.ledger_counts_on_goal()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_sub uuid;
begin
  if old.category is distinct from new.category or old.edition is distinct from new.edition then
    perform private.refresh_answered_goal(new.id);
    for v_sub in select pg.submission_id from public.published_answer_goals pg where pg.goal_id = new.id loop
      perform private.refresh_answer_categories(v_sub);
    end loop;
  end if;
  return null;
end;
$$;

comment on function private.ledger_counts_on_goal() is
  'Trigger: a goal changed category or edition: its answered flag and its answers'' category rows are recounted.';

create trigger ledger_goals_ledger_counts
  after update of category, edition on public.ledger_goals
  for each row execute function private.ledger_counts_on_goal();

create or replace function private.recount_ledger_categories()
returns void
language sql
security definer
set search_path = ''
as $$
  delete from public.published_answer_categories;
  insert into public.published_answer_categories (submission_id, edition, category, decision, done, answered_at, goals)
  select pa.submission_id, g.edition, g.category, pa.decision, coalesce(pa.progress_stage = 'done', false), pa.answered_at, count(*)::integer
  from public.published_answers pa
  join public.published_answer_goals pg on pg.submission_id = pa.submission_id
  join public.ledger_goals g on g.id = pg.goal_id
  group by pa.submission_id, g.edition, g.category, pa.decision, pa.progress_stage, pa.answered_at;
  delete from public.ledger_answered_goals;
  insert into public.ledger_answered_goals (goal_id, edition, category)
  select g.id, g.edition, g.category from public.ledger_goals g
  where exists (select 1 from public.published_answer_goals pg where pg.goal_id = g.id);
  delete from public.ledger_category_counts;
  insert into public.ledger_category_counts (edition, category, goals_with_answers, answers, adopted, done)
  select k.edition, k.category,
    (select count(*) from public.ledger_answered_goals a where a.edition = k.edition and a.category = k.category),
    (select count(*) from public.published_answer_categories pc where pc.edition = k.edition and pc.category = k.category),
    (select count(*) from public.published_answer_categories pc where pc.edition = k.edition and pc.category = k.category
       and pc.decision in ('adopted', 'partly_adopted')),
    (select count(*) from public.published_answer_categories pc where pc.edition = k.edition and pc.category = k.category and pc.done)
  from (select distinct a.edition, a.category from public.ledger_answered_goals a) k;
$$;

comment on function private.recount_ledger_categories() is
  'Rebuild published_answer_categories, ledger_answered_goals and ledger_category_counts from the rows. Owner only.';

create or replace function private.reset_ledger_categories()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.published_answer_categories;
  delete from public.ledger_answered_goals;
  delete from public.ledger_category_counts;
  return null;
end;
$$;

comment on function private.reset_ledger_categories() is 'Trigger: published answers (or their goal links) were truncated.';

create trigger published_answers_reset_ledger_categories
  after truncate on public.published_answers
  for each statement execute function private.reset_ledger_categories();
create trigger published_answer_goals_reset_ledger_categories
  after truncate on public.published_answer_goals
  for each statement execute function private.reset_ledger_categories();

select private.recount_ledger_categories();

-- ============================================================================
-- Views
-- ============================================================================
-- A category's published answers, each once, newest first (the index of published_answer_categories).
create view public.public_category_answers
with (security_invoker = true)
as
select
  pc.edition,
  pc.category,
  pa.submission_id,
  pa.title,
  pc.decision,
  pa.reply,
  pa.district_name_zh,
  pa.district_name_en,
  pc.answered_at,
  pa.cosigners
from public.published_answer_categories pc
join public.published_answers pa on pa.submission_id = pc.submission_id;

comment on view public.public_category_answers is
  'Published answers per ledger edition and category of their goals, once each (the public copy: teacher''s title, decision, reply, district). No child identity.';

-- ============================================================================
-- Closed public polls of a category
-- ============================================================================
create or replace function public.public_category_polls(
  p_edition smallint,
  p_category public.ledger_category,
  p_limit integer default 20,
  p_offset integer default 0
)
returns table (
  id uuid,
  scope public.poll_scope,
  district_name_zh text,
  district_name_en text,
  question_zh text,
  question_en text,
  explanation_zh text,
  explanation_en text,
  kind public.poll_kind,
  max_choices smallint,
  min_cell_size smallint,
  closed_at timestamptz,
  reply text,
  replied_at timestamptz,
  total bigint
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if p_limit is null or p_limit not between 1 and 50 or p_offset is null or p_offset not between 0 and 1000000 then
    raise exception using errcode = 'P0001', message = 'field_invalid:range';
  end if;
  return query
    with closed as (
      select p.*, least(coalesce(p.closed_early_at, p.closes_at), p.closes_at) as closed_at
      from public.polls p
      where p.scope in ('city', 'district') and p.published_at is not null
        and (p.closed_early_at is not null or p.closes_at <= now())
        and p.id in (
          select pg.poll_id from public.poll_goals pg
          join public.ledger_goals g on g.id = pg.goal_id
          where g.edition = p_edition and g.category = p_category)
    )
    select c.id, c.scope, d.name_zh, d.name_en, c.question_zh, c.question_en, c.explanation_zh, c.explanation_en,
           c.kind, c.max_choices, c.min_cell_size, c.closed_at, c.reply, c.replied_at, count(*) over ()
    from closed c
    left join public.districts d on d.id = c.district_id
    order by c.closed_at desc, c.id
    limit p_limit offset p_offset;
end;
$$;

comment on function public.public_category_polls(smallint, public.ledger_category, integer, integer) is
$$The closed city and district polls linked to any goal of ledger edition p_edition and category
p_category (anyone, anon included), newest closed first: the rows and rules of public_polls. One
page of p_limit (1–50) from p_offset; total = how many in all. No creator, no turnout, no counts
(those come from poll_results, which applies the minimum cell size and the results rule).
Effect: none (reads).
Errors: P0001 field_invalid:range.$$;

-- ============================================================================
-- Row level security and grants
-- ============================================================================
alter table public.published_answer_categories enable row level security;
alter table public.ledger_answered_goals enable row level security;
alter table public.ledger_category_counts enable row level security;

create policy "Anyone can read the categories of published answers"
  on public.published_answer_categories for select to anon, authenticated
  using (true);

create policy "Anyone can read which ledger goals have answers"
  on public.ledger_answered_goals for select to anon, authenticated
  using (true);

create policy "Anyone can read the ledger category counts"
  on public.ledger_category_counts for select to anon, authenticated
  using (true);

revoke all on public.published_answer_categories, public.ledger_answered_goals, public.ledger_category_counts,
  public.public_category_answers
  from anon, authenticated;
grant select on public.published_answer_categories, public.ledger_answered_goals, public.ledger_category_counts,
  public.public_category_answers
  to anon, authenticated;

revoke execute on all functions in schema private from public;
revoke execute on function public.public_category_polls(smallint, public.ledger_category, integer, integer) from public, anon, service_role;
grant execute on function public.public_category_polls(smallint, public.ledger_category, integer, integer) to anon, authenticated;

notify pgrst, 'reload schema';
