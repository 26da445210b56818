-- ============================================================================
-- Submissions: proposals, their moderation, audit trail, answers and notifications
-- ============================================================================
-- Flow of this slice:
--   child ──submit_proposal──▶ submitted ──approve_submission──▶ approved ──answer_submission──▶ answered
--                                 │  ▲
--            return_submission ───┘  └── resubmit_proposal (returned → submitted)
-- Every transition is one security-definer function (one transaction): it checks the
-- caller, their relation to the submission and the current state (row locked with
-- `for update`), then writes the new state, a submission_events row and notifications.
-- Nobody writes these tables directly: anon and authenticated have no write privileges.
--
-- Errors: message = a stable key the app translates, SQLSTATE = HTTP status in PostgREST:
--   42501 not_allowed | PT404 not_found | P0001 invalid_state, field_required:<field>,
--   field_too_long:<field>, goal_required, goal_unknown, comment_required

-- ============================================================================
-- Types
-- ============================================================================
create type public.submission_kind as enum ('proposal');

create type public.submission_state as enum ('submitted', 'returned', 'approved', 'answered');

create type public.answer_decision as enum ('adopted', 'partly_adopted', 'under_study', 'not_feasible', 'referred');

create type public.notification_kind as enum ('submitted', 'returned', 'approved', 'answered');

-- ============================================================================
-- Tables
-- ============================================================================
create table public.submissions (
  id uuid primary key default gen_random_uuid(),
  kind public.submission_kind not null default 'proposal',
  class_id uuid not null references public.classes (id),
  author_id uuid not null references public.profiles (id) on delete cascade,
  state public.submission_state not null default 'submitted',
  title text not null check (char_length(title) between 1 and 1000),
  problem text not null check (char_length(problem) between 1 and 20000),
  suggestions text check (char_length(suggestions) between 1 and 20000),
  who_should_act text check (char_length(who_should_act) between 1 and 1000),
  -- The class's age band when the child submitted (the form adapts to it).
  age_band public.age_band not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Latest (re)submission.
  submitted_at timestamptz,
  -- Idempotency key chosen by the client for one submission (p_request_id of submit_proposal):
  -- a repeated call of the same author with the same key returns this row instead of a new one.
  client_request_id uuid,
  constraint submissions_proposal_fields check (
    kind <> 'proposal' or (suggestions is not null and who_should_act is not null)
  ),
  -- Nulls are distinct: submissions without a key never conflict.
  constraint submissions_author_client_request_key unique (author_id, client_request_id)
);

create index submissions_class_id_idx on public.submissions (class_id);
create index submissions_author_id_idx on public.submissions (author_id);
create index submissions_state_idx on public.submissions (state);

comment on table public.submissions is
  'What children send: mock CPPCC proposals (street reports later). Written only by the rpc functions.';
comment on column public.submissions.client_request_id is
  'Idempotency key of the submitting request (submit_proposal p_request_id), unique per author; null when none was given.';

create trigger submissions_set_updated_at
  before update on public.submissions
  for each row execute function private.set_updated_at();

create table public.submission_events (
  id bigint generated always as identity primary key,
  submission_id uuid not null references public.submissions (id) on delete cascade,
  actor_id uuid references public.profiles (id) on delete set null,
  from_state public.submission_state,
  to_state public.submission_state not null,
  comment text check (char_length(comment) between 1 and 10000),
  created_at timestamptz not null default now()
);

create index submission_events_submission_id_idx on public.submission_events (submission_id, id);

comment on table public.submission_events is
  'Audit trail: one row per transition (from_state null for the first submission). Order by id.';

create table public.answers (
  id uuid primary key default gen_random_uuid(),
  submission_id uuid not null unique references public.submissions (id) on delete cascade,
  staff_id uuid references public.profiles (id) on delete set null,
  decision public.answer_decision not null,
  reply text not null check (char_length(reply) between 1 and 20000),
  created_at timestamptz not null default now()
);

comment on table public.answers is 'The staff answer to a submission: a decision and a reply a child can read.';

create table public.answer_goals (
  answer_id uuid not null references public.answers (id) on delete cascade,
  goal_id uuid not null references public.ledger_goals (id),
  primary key (answer_id, goal_id)
);

create index answer_goals_goal_id_idx on public.answer_goals (goal_id);

comment on table public.answer_goals is 'The ledger goals an answer is tied to (at least one).';

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  recipient_id uuid not null references public.profiles (id) on delete cascade,
  submission_id uuid not null references public.submissions (id) on delete cascade,
  kind public.notification_kind not null,
  created_at timestamptz not null default now(),
  read_at timestamptz
);

create index notifications_recipient_id_idx on public.notifications (recipient_id, created_at desc);

comment on table public.notifications is
  'submitted → the teachers of the class; returned, approved, answered → the author.';

-- ============================================================================
-- Row level security
-- ============================================================================
alter table public.submissions enable row level security;
alter table public.submission_events enable row level security;
alter table public.answers enable row level security;
alter table public.answer_goals enable row level security;
alter table public.notifications enable row level security;

-- submissions ----------------------------------------------------------------
create policy "Children can read their own submissions"
  on public.submissions for select to authenticated
  using (author_id = (select auth.uid()));

create policy "Teachers can read their class's submissions"
  on public.submissions for select to authenticated
  using (private.teaches_class(class_id));

create policy "Staff can read forwarded submissions of their districts"
  on public.submissions for select to authenticated
  using (state in ('approved', 'answered') and private.is_staff_of_class_district(class_id));

create policy "Admins can read all submissions"
  on public.submissions for select to authenticated
  using ((select private.is_admin()));

-- submission_events, answers, answer_goals: whoever can read the submission, events narrowed for staff
-- (the subqueries run with the caller's RLS on submissions / answers)
-- Events: the author, teachers of the class and admins read all of them; anyone else who can read
-- the submission (staff of its district) only the events of the states they deal with: the
-- forwarding (approved, with the teacher's approval comment) and the answer. The return comments
-- and the (re)submissions are the child's exchange with the school and stay there.
create policy "People can read the events of submissions they can read"
  on public.submission_events for select to authenticated
  using (
    exists (select 1 from public.submissions s where s.id = submission_events.submission_id)
    and (
      (select private.current_app_role()) in ('student', 'teacher', 'admin')
      or submission_events.to_state in ('approved', 'answered')
    )
  );

create policy "People can read the answers of submissions they can read"
  on public.answers for select to authenticated
  using (exists (select 1 from public.submissions s where s.id = answers.submission_id));

create policy "People can read the goals of answers they can read"
  on public.answer_goals for select to authenticated
  using (exists (select 1 from public.answers a where a.id = answer_goals.answer_id));

-- notifications --------------------------------------------------------------
create policy "People can read their own notifications"
  on public.notifications for select to authenticated
  using (recipient_id = (select auth.uid()));

-- ============================================================================
-- Views (security_invoker: the caller's RLS applies)
-- ============================================================================
-- The comment of the latest return (the teacher's note to the child).
create or replace function private.latest_return_comment(p_submission_id uuid)
returns text
language sql
stable
set search_path = ''
as $$
  select e.comment
  from public.submission_events e
  where e.submission_id = p_submission_id and e.to_state = 'returned'
  order by e.id desc
  limit 1
$$;

comment on function private.latest_return_comment(uuid) is
  'Comment of the latest return of a submission (security invoker: the caller''s RLS applies).';

-- submissions.author_id is not selectable by authenticated (column privileges, see Grants), so the
-- invoker views below must not reference it: these two definer helpers read it for them.
-- The ids of the caller's own submissions (my_submissions' filter).
create or replace function private.own_submission_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select s.id from public.submissions s where s.author_id = (select auth.uid())
$$;

comment on function private.own_submission_ids() is
  'Ids of the caller''s own submissions (security definer: reads author_id, which authenticated cannot select).';

-- The author's nickname, only for a teacher of the submission's class, its author or an admin
-- (null for anyone else and for an unknown id).
create or replace function private.author_display_name(p_submission_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select p.display_name
  from public.submissions s
  join public.profiles p on p.id = s.author_id
  where s.id = p_submission_id
    and (s.author_id = (select auth.uid()) or private.teaches_class(s.class_id) or private.is_admin())
$$;

comment on function private.author_display_name(uuid) is
  'Nickname of a submission''s author for a teacher of its class, its author or an admin; null otherwise (security definer).';

create view public.my_submissions
with (security_invoker = true)
as
select
  s.id,
  s.kind,
  s.title,
  s.problem,
  s.suggestions,
  s.who_should_act,
  s.state,
  case when s.state = 'returned' then private.latest_return_comment(s.id) end as teacher_comment,
  s.created_at,
  s.updated_at,
  s.submitted_at,
  a.decision,
  a.reply,
  a.created_at as answered_at
from public.submissions s
left join public.answers a on a.submission_id = s.id
where s.id in (select private.own_submission_ids());

comment on view public.my_submissions is
  'The caller''s own submissions; teacher_comment is the latest return comment while the state is returned.';

create view public.class_queue
with (security_invoker = true)
as
select
  s.id,
  s.class_id,
  c.name as class_name,
  private.author_display_name(s.id) as author_display_name,
  s.title,
  s.problem,
  s.suggestions,
  s.who_should_act,
  s.state,
  s.submitted_at,
  s.updated_at,
  private.latest_return_comment(s.id) as teacher_comment
from public.submissions s
join public.classes c on c.id = s.class_id
where private.teaches_class(s.class_id) or (select private.is_admin());

comment on view public.class_queue is
  'Submissions of the classes the caller teaches (all states), with the child''s nickname; teacher_comment = latest return comment.';

create view public.district_inbox
with (security_invoker = true)
as
select
  s.id,
  d.id as district_id,
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
  (select max(e.created_at) from public.submission_events e
    where e.submission_id = s.id and e.to_state = 'approved') as approved_at,
  a.decision,
  a.reply,
  a.created_at as answered_at
from public.submissions s
join public.classes c on c.id = s.class_id
join public.schools sc on sc.id = c.school_id
join public.districts d on d.id = sc.district_id
left join public.answers a on a.submission_id = s.id
where s.state in ('approved', 'answered')
  and (private.is_staff_of_district(d.id) or (select private.is_admin()));

comment on view public.district_inbox is
  'Forwarded (approved) and answered submissions of the caller''s districts. No child identity: no author columns.';

create view public.submission_answer_goals
with (security_invoker = true)
as
select
  a.submission_id,
  g.id as goal_id,
  g.code,
  g.category,
  g.title_zh,
  g.title_en
from public.answer_goals ag
join public.answers a on a.id = ag.answer_id
join public.ledger_goals g on g.id = ag.goal_id;

comment on view public.submission_answer_goals is 'The ledger goals of the answers the caller can read.';

-- ============================================================================
-- Functions (rpc)
-- ============================================================================

-- submit_proposal -------------------------------------------------------------
create or replace function public.submit_proposal(
  p_title text,
  p_problem text,
  p_suggestions text,
  p_who_should_act text,
  p_request_id uuid default null
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_class_id uuid;
  v_age_band public.age_band;
  v_title text;
  v_problem text;
  v_suggestions text;
  v_who text;
  v_id uuid;
begin
  if v_uid is null or private.current_app_role() is distinct from 'student' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select c.id, c.age_band into v_class_id, v_age_band
  from public.class_students cs
  join public.classes c on c.id = cs.class_id
  where cs.student_id = v_uid;
  if v_class_id is null then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;

  -- A repeated request (double click, Back + re-post): the submission made with this key, as is.
  if p_request_id is not null then
    select s.id into v_id
    from public.submissions s
    where s.author_id = v_uid and s.client_request_id = p_request_id;
    if v_id is not null then
      return v_id;
    end if;
  end if;

  v_title := private.input_text(p_title, 'title', 1000);
  v_problem := private.input_text(p_problem, 'problem', 20000);
  v_suggestions := private.input_text(p_suggestions, 'suggestions', 20000);
  v_who := private.input_text(p_who_should_act, 'who_should_act', 1000);

  -- The unique constraint decides between concurrent calls with the same key: the second waits
  -- for the first's transaction; if it committed, nothing is inserted here (v_id stays null) and
  -- the committed row is returned; if it rolled back, this call inserts.
  insert into public.submissions
    (kind, class_id, author_id, state, title, problem, suggestions, who_should_act, age_band, submitted_at,
     client_request_id)
  values
    ('proposal', v_class_id, v_uid, 'submitted', v_title, v_problem, v_suggestions, v_who, v_age_band, now(),
     p_request_id)
  on conflict on constraint submissions_author_client_request_key do nothing
  returning id into v_id;

  if v_id is null then
    select s.id into strict v_id
    from public.submissions s
    where s.author_id = v_uid and s.client_request_id = p_request_id;
    return v_id;
  end if;

  insert into public.submission_events (submission_id, actor_id, from_state, to_state)
  values (v_id, v_uid, null, 'submitted');

  insert into public.notifications (recipient_id, submission_id, kind)
  select ct.teacher_id, v_id, 'submitted'
  from public.class_teachers ct
  where ct.class_id = v_class_id;

  return v_id;
end;
$$;

comment on function public.submit_proposal(text, text, text, text, uuid) is
$$Child (student with a class) submits a new mock CPPCC proposal.
Inputs: p_title (≤ 1000), p_problem (≤ 20000), p_suggestions (≤ 20000), p_who_should_act (≤ 1000); all
required; trimmed; blank or only invisible characters counts as missing; lengths in code points.
p_request_id (optional, default null): an idempotency key the client makes once per form (a uuid).
When the caller already has a submission with this key, its id is returned and nothing is written
(no check of the text, no event, no notification), whatever its state now; also when two calls with
the same key run at the same time (the unique key (author_id, client_request_id) makes the second
wait, then return the first's id). Null: every call makes a new proposal.
Effect: submissions row in state submitted (class and age band of the child's class,
client_request_id = p_request_id), event null → submitted, notification `submitted` to each teacher
of the class. Returns the submission id.
Errors: 42501 not_allowed (not a student with a class; checked before the key); P0001
field_required:<field>, field_too_long:<field>.$$;

-- resubmit_proposal -----------------------------------------------------------
create or replace function public.resubmit_proposal(
  p_submission_id uuid,
  p_title text,
  p_problem text,
  p_suggestions text,
  p_who_should_act text
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_sub public.submissions;
  v_title text;
  v_problem text;
  v_suggestions text;
  v_who text;
begin
  if v_uid is null or private.current_app_role() is distinct from 'student' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select s.* into v_sub from public.submissions s where s.id = p_submission_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if v_sub.author_id <> v_uid then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if v_sub.state <> 'returned' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;

  v_title := private.input_text(p_title, 'title', 1000);
  v_problem := private.input_text(p_problem, 'problem', 20000);
  v_suggestions := private.input_text(p_suggestions, 'suggestions', 20000);
  v_who := private.input_text(p_who_should_act, 'who_should_act', 1000);

  update public.submissions
  set state = 'submitted',
      title = v_title,
      problem = v_problem,
      suggestions = v_suggestions,
      who_should_act = v_who,
      submitted_at = now()
  where id = v_sub.id;

  insert into public.submission_events (submission_id, actor_id, from_state, to_state)
  values (v_sub.id, v_uid, 'returned', 'submitted');

  insert into public.notifications (recipient_id, submission_id, kind)
  select ct.teacher_id, v_sub.id, 'submitted'
  from public.class_teachers ct
  where ct.class_id = v_sub.class_id;
end;
$$;

comment on function public.resubmit_proposal(uuid, text, text, text, text) is
$$The author sends a returned proposal again with its text replaced.
Inputs: p_submission_id; p_title, p_problem, p_suggestions, p_who_should_act as for submit_proposal.
Effect: returned → submitted, text replaced, submitted_at = now(), event returned → submitted,
notification `submitted` to each teacher of the class.
Errors: 42501 not_allowed (not its author); PT404 not_found; P0001 invalid_state (not returned),
field_required:<field>, field_too_long:<field>.$$;

-- moderation (shared by approve and return) -----------------------------------
create or replace function private.moderate_submission(
  p_submission_id uuid,
  p_to_state public.submission_state,
  p_comment text,
  p_comment_required boolean
)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_sub public.submissions;
  v_comment text;
begin
  if v_uid is null or private.current_app_role() is distinct from 'teacher' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  -- The row lock serializes concurrent moderation: the second caller sees the new state.
  select s.* into v_sub from public.submissions s where s.id = p_submission_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if not private.teaches_class(v_sub.class_id) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if v_sub.state <> 'submitted' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;

  v_comment := private.input_text(p_comment, 'comment', 10000, false);
  if p_comment_required and v_comment is null then
    raise exception using errcode = 'P0001', message = 'comment_required';
  end if;

  update public.submissions set state = p_to_state where id = v_sub.id;

  insert into public.submission_events (submission_id, actor_id, from_state, to_state, comment)
  values (v_sub.id, v_uid, 'submitted', p_to_state, v_comment);

  insert into public.notifications (recipient_id, submission_id, kind)
  values (v_sub.author_id, v_sub.id, p_to_state::text::public.notification_kind);
end;
$$;

comment on function private.moderate_submission(uuid, public.submission_state, text, boolean) is
$$The body of approve_submission and return_submission: checks the caller is a teacher of the
submission's class and the state is submitted, then moves it to p_to_state with an event and a
notification to the author, in the caller's transaction.$$;

-- approve_submission ----------------------------------------------------------
create or replace function public.approve_submission(
  p_submission_id uuid,
  p_comment text default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.moderate_submission(p_submission_id, 'approved', p_comment, false);
end;
$$;

comment on function public.approve_submission(uuid, text) is
$$A teacher of the submission's class approves it and forwards it to the district's staff.
Inputs: p_submission_id; p_comment optional (≤ 10000, blank = none).
Effect: submitted → approved, event with the comment, notification `approved` to the author.
Errors: 42501 not_allowed (not a teacher of its class); PT404 not_found; P0001 invalid_state
(not submitted), field_too_long:comment.$$;

-- return_submission -----------------------------------------------------------
create or replace function public.return_submission(
  p_submission_id uuid,
  p_comment text
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.moderate_submission(p_submission_id, 'returned', p_comment, true);
end;
$$;

comment on function public.return_submission(uuid, text) is
$$A teacher of the submission's class returns it to the child with a kind comment.
Inputs: p_submission_id; p_comment required (≤ 10000; blank or only invisible characters = missing).
Effect: submitted → returned, event with the comment (shown as teacher_comment), notification
`returned` to the author.
Errors: 42501 not_allowed (not a teacher of its class); PT404 not_found; P0001 invalid_state
(not submitted), comment_required, field_too_long:comment.$$;

-- ============================================================================
-- Grants
-- ============================================================================
-- Reads only, and only for signed-in people (anon gets nothing: its requests fail with
-- 42501 instead of returning empty lists).
revoke all
  on public.submissions, public.submission_events, public.answers, public.answer_goals,
     public.notifications, public.my_submissions, public.class_queue, public.district_inbox,
     public.submission_answer_goals
  from anon;
revoke insert, update, delete, truncate, references, trigger
  on public.submissions, public.submission_events, public.answers, public.answer_goals,
     public.notifications, public.my_submissions, public.class_queue, public.district_inbox,
     public.submission_answer_goals
  from authenticated;
grant select
  on public.submission_events, public.answers, public.answer_goals,
     public.notifications, public.my_submissions, public.class_queue, public.district_inbox,
     public.submission_answer_goals
  to authenticated;
-- submissions: every column but author_id (the child's stable id). RLS still filters rows by it
-- (policy expressions are not subject to the caller's column privileges); the views get the
-- author's rows and nickname through private.own_submission_ids / private.author_display_name.
-- A new column must be added here to be readable.
revoke select on public.submissions from anon, authenticated;
grant select
  (id, kind, class_id, state, title, problem, suggestions, who_should_act, age_band, created_at,
   updated_at, submitted_at, client_request_id)
  on public.submissions
  to authenticated;

revoke execute on function
  public.submit_proposal(text, text, text, text, uuid),
  public.resubmit_proposal(uuid, text, text, text, text),
  public.approve_submission(uuid, text),
  public.return_submission(uuid, text)
  from public, anon, service_role;
grant execute on function
  public.submit_proposal(text, text, text, text, uuid),
  public.resubmit_proposal(uuid, text, text, text, text),
  public.approve_submission(uuid, text),
  public.return_submission(uuid, text)
  to authenticated;

revoke execute on all functions in schema private from public;
grant execute on function
  private.latest_return_comment(uuid),
  private.own_submission_ids(),
  private.author_display_name(uuid)
  to authenticated;
