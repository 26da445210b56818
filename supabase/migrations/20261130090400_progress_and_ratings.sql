-- ============================================================================
-- After the answer: progress updates and whether the answer helped (issue 11 §3)
-- ============================================================================
-- An answer that adopts (fully or partly) or puts under study is followed by dated progress
-- updates: planned → in progress → done, or not possible at any point; a short note each. Stages
-- never go back; done and not possible are final. Each update notifies the child (`progress`) and
-- is the latest progress on the public copy (published_answers.progress_*).
--
-- After the final update the child may say whether the answer helped (helped / partly / not
-- helped), and change their mind. Ratings live in private.answer_ratings, which nobody reads:
-- only counts leave, through answer_rating_summary, per district and department, and only when at
-- least 5 ratings make the cell (no per-child rating is readable by staff, teachers or admins).
-- Photos on progress updates are not in this slice.
--
-- Errors: 42501 not_allowed | PT404 not_found | PT409 stale_version | P0001 invalid_state,
-- field_required:<field>, field_too_long:<field>, stage_backwards, progress_final, not_followed_up.

create type public.progress_stage as enum ('planned', 'in_progress', 'done', 'not_possible');
create type public.answer_helpfulness as enum ('helped', 'partly', 'not_helped');

create table public.submission_progress (
  id bigint generated always as identity primary key,
  submission_id uuid not null references public.submissions (id) on delete cascade,
  stage public.progress_stage not null,
  note text not null check (char_length(note) between 1 and 500),
  staff_id uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now()
);

create index submission_progress_submission_idx on public.submission_progress (submission_id, id);
create index submission_progress_staff_id_idx on public.submission_progress (staff_id);

comment on table public.submission_progress is
  'Dated progress updates after an adopted, partly adopted or under-study answer, append-only. staff_id: the adult who wrote it.';

alter table public.submissions add column progress_stage public.progress_stage;
comment on column public.submissions.progress_stage is 'The latest progress update''s stage (null: none yet).';
grant select (progress_stage) on public.submissions to authenticated;

alter table public.published_answers
  add column progress_stage public.progress_stage,
  add column progress_note text,
  add column progress_at timestamptz;

comment on column public.published_answers.progress_stage is 'The latest progress update (stage, note, when): what public pages show after the answer.';

alter table public.submission_progress enable row level security;

create policy "People can read the progress of submissions they can read"
  on public.submission_progress for select to authenticated
  using (exists (select 1 from public.submissions s where s.id = submission_progress.submission_id));

revoke all on public.submission_progress from anon, authenticated;
grant select on public.submission_progress to authenticated;

-- ============================================================================
-- add_progress_update
-- ============================================================================
create or replace function private.progress_rank(p_stage public.progress_stage)
returns integer
language sql
immutable
set search_path = ''
as $$
  select case p_stage when 'planned' then 1 when 'in_progress' then 2 else 3 end
$$;

comment on function private.progress_rank(public.progress_stage) is 'Order of progress stages: planned 1, in progress 2, done / not possible 3 (final).';

create or replace function public.add_progress_update(
  p_submission_id uuid,
  p_version integer,
  p_stage public.progress_stage,
  p_note text
)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_sub public.submissions;
  v_decision public.answer_decision;
  v_note text;
  v_id bigint;
  v_now timestamptz := now();
begin
  if v_uid is null or private.current_app_role() is distinct from 'staff' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select s.* into v_sub from public.submissions s where s.id = p_submission_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if not (v_sub.state in ('approved', 'answered') and private.is_staff_of_submission(v_sub)) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  perform private.check_version(p_version, v_sub.version);
  if v_sub.state <> 'answered' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  select a.decision into v_decision from public.answers a where a.submission_id = v_sub.id;
  if v_decision not in ('adopted', 'partly_adopted', 'under_study') then
    raise exception using errcode = 'P0001', message = 'not_followed_up';
  end if;
  if p_stage is null then
    raise exception using errcode = 'P0001', message = 'field_required:stage';
  end if;
  if v_sub.progress_stage in ('done', 'not_possible') then
    raise exception using errcode = 'P0001', message = 'progress_final';
  end if;
  if v_sub.progress_stage is not null and private.progress_rank(p_stage) < private.progress_rank(v_sub.progress_stage) then
    raise exception using errcode = 'P0001', message = 'stage_backwards';
  end if;
  v_note := private.input_text(p_note, 'note', 500);

  insert into public.submission_progress (submission_id, stage, note, staff_id, created_at)
  values (v_sub.id, p_stage, v_note, v_uid, v_now)
  returning id into v_id;
  update public.submissions set progress_stage = p_stage where id = v_sub.id;
  update public.published_answers
  set progress_stage = p_stage, progress_note = v_note, progress_at = v_now
  where submission_id = v_sub.id;
  insert into public.notifications (recipient_id, submission_id, kind)
  values (v_sub.author_id, v_sub.id, 'progress');
  return v_id;
end;
$$;

comment on function public.add_progress_update(uuid, integer, public.progress_stage, text) is
$$Staff of an answered item report what happened since the answer.
Inputs: p_submission_id; p_version: the version shown; p_stage (progress_stage: never before the
current one; none after done or not_possible); p_note required (≤ 500).
Effect: a submission_progress row, submissions.progress_stage (version + 1), the public copy's
latest progress (published_answers.progress_*), notification `progress` to the author.
Returns the update's id.
Errors: 42501 not_allowed (not staff of the item); PT404 not_found; PT409 stale_version; P0001
invalid_state (not answered), not_followed_up (the decision was not adopted, partly adopted or
under study), field_required:stage, stage_backwards, progress_final, field_required:note,
field_too_long:note.$$;

-- ============================================================================
-- Ratings: did the answer help? (aggregated only)
-- ============================================================================
create table private.answer_ratings (
  submission_id uuid primary key references public.submissions (id) on delete cascade,
  district_id uuid not null references public.districts (id),
  department_id uuid references public.departments (id),
  rating public.answer_helpfulness not null,
  rated_at timestamptz not null default now()
);

create index answer_ratings_district_idx on private.answer_ratings (district_id);
create index answer_ratings_department_idx on private.answer_ratings (department_id);

comment on table private.answer_ratings is
  'Whether the answer helped, one per answered submission (its author''s). Nobody reads it: answer_rating_summary gives counts only.';

create or replace function public.rate_answer(p_submission_id uuid, p_rating public.answer_helpfulness)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_sub public.submissions;
begin
  if v_uid is null or private.current_app_role() is distinct from 'student' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select s.* into v_sub from public.submissions s where s.id = p_submission_id;
  if not found or v_sub.author_id <> v_uid then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if v_sub.state <> 'answered' or v_sub.progress_stage is null or v_sub.progress_stage not in ('done', 'not_possible') then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  if p_rating is null then
    raise exception using errcode = 'P0001', message = 'field_required:rating';
  end if;
  insert into private.answer_ratings (submission_id, district_id, department_id, rating)
  values (v_sub.id, v_sub.district_id, v_sub.department_id, p_rating)
  on conflict (submission_id) do update set rating = excluded.rating, rated_at = now();
end;
$$;

comment on function public.rate_answer(uuid, public.answer_helpfulness) is
$$The author says whether the answer helped, after the final progress update (done or not possible).
Inputs: p_submission_id (their own); p_rating (answer_helpfulness). Again: the rating is replaced.
Effect: a row in private.answer_ratings, which nobody reads; counts only leave through
answer_rating_summary.
Errors: 42501 not_allowed (not a child); PT404 not_found (not their own); P0001 invalid_state (not
answered, or no final progress update yet), field_required:rating.$$;

create or replace function private.my_answer_rating(p_submission_id uuid)
returns public.answer_helpfulness
language sql
stable
security definer
set search_path = ''
as $$
  select r.rating from private.answer_ratings r
  where r.submission_id = p_submission_id
    and p_submission_id in (select private.own_submission_ids())
$$;

comment on function private.my_answer_rating(uuid) is 'The caller''s own rating of their submission''s answer; null for anyone else.';

create or replace function public.answer_rating_summary()
returns table (
  scope text,
  scope_id uuid,
  name_zh text,
  name_en text,
  ratings integer,
  helped integer,
  partly integer,
  not_helped integer
)
language sql
stable
security definer
set search_path = ''
as $$
  with scopes as (
    select 'district'::text as scope, d.id, d.name_zh, d.name_en
    from public.districts d
    where private.is_admin() or d.id = any (private.my_staff_district_ids())
    union all
    select 'department', dep.id, dep.name_zh, dep.name_en
    from public.departments dep
    where private.is_admin() or dep.id = any (private.my_staff_department_ids())
  ),
  counted as (
    select sc.scope, sc.id, sc.name_zh, sc.name_en,
      count(r.*)::integer as ratings,
      count(*) filter (where r.rating = 'helped')::integer as helped,
      count(*) filter (where r.rating = 'partly')::integer as partly,
      count(*) filter (where r.rating = 'not_helped')::integer as not_helped
    from scopes sc
    left join private.answer_ratings r
      on (sc.scope = 'district' and r.district_id = sc.id) or (sc.scope = 'department' and r.department_id = sc.id)
    group by sc.scope, sc.id, sc.name_zh, sc.name_en
  )
  -- Fewer than 5 ratings in a cell: no counts at all (one child's rating could be told apart).
  select c.scope, c.id, c.name_zh, c.name_en, c.ratings,
    case when c.ratings >= 5 then c.helped end,
    case when c.ratings >= 5 then c.partly end,
    case when c.ratings >= 5 then c.not_helped end
  from counted c
  where c.ratings > 0
  order by c.scope desc, c.name_zh
$$;

comment on function public.answer_rating_summary() is
$$Whether answers helped, counted per district and department the caller serves (admins: all);
rows only where there is at least one rating. helped / partly / not_helped are null when a cell
has fewer than 5 ratings. Nothing per child or per submission ever leaves.
Effect: none (reads private.answer_ratings). Errors: none; anyone who serves no district or
department (children, teachers) gets no rows.$$;

-- ============================================================================
-- The child's follow-up of their own items
-- ============================================================================
create or replace view public.my_submission_followup
with (security_invoker = true)
as
select
  s.id,
  s.due_on,
  (s.state = 'approved' and s.due_on < (now() at time zone 'Asia/Shanghai')::date) as late,
  private.reminded_at(s.id) as reminded_at,
  s.progress_stage,
  private.my_answer_rating(s.id) as my_rating
from public.submissions s
where s.id in (select private.own_submission_ids());

comment on view public.my_submission_followup is
  'The caller''s own submissions: the answer''s due date, late (unanswered after it, Asia/Shanghai), when the staff were reminded, the latest progress stage and the caller''s own rating.';

revoke all on public.my_submission_followup from anon, authenticated;
grant select on public.my_submission_followup to authenticated;

revoke execute on function public.add_progress_update(uuid, integer, public.progress_stage, text),
  public.rate_answer(uuid, public.answer_helpfulness), public.answer_rating_summary() from public, anon, service_role;
grant execute on function public.add_progress_update(uuid, integer, public.progress_stage, text),
  public.rate_answer(uuid, public.answer_helpfulness), public.answer_rating_summary() to authenticated;

revoke execute on all functions in schema private from public;
grant execute on function private.my_answer_rating(uuid) to authenticated;

notify pgrst, 'reload schema';
