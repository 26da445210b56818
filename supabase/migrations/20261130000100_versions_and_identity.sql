-- ============================================================================
-- Versions and identity: nobody acts on a version they never saw; no child's account id
-- through a side door
-- ============================================================================
-- 1. submissions.version: an integer bumped by every change of the row. Every moderation and
--    answer function (and the child's resubmission) takes the version the person was shown
--    (p_version) and refuses a mismatch with SQLSTATE PT409 (HTTP 409), message `stale_version`,
--    before looking at the state: a teacher whose page still shows v1 is told that it changed,
--    whether it was resubmitted, returned or approved by someone else meanwhile.
-- 2. submissions.forwarded_at: when it was approved (forwarded to the district), stored on the
--    row instead of computed per row from the events; district_inbox.approved_at reads it.
-- 3. Columns that hold a child's account id are not selectable through the Data API by anyone,
--    like submissions.author_id: submission_events.actor_id, notifications.recipient_id, and
--    submissions.client_request_id (the idempotency key, now random per form, is the author's
--    business only). submission_events.actor_role says who acted without saying which account.
--    tests/db/grants.test.ts finds every column that references profiles(id) / auth.users(id) in
--    an exposed schema and asserts who may select it, so a new table cannot forget.

-- ============================================================================
-- Columns
-- ============================================================================
alter table public.submissions
  add column version integer not null default 1 constraint submissions_version_positive check (version >= 1),
  add column forwarded_at timestamptz;

comment on column public.submissions.version is
  'Bumped by every update (trigger). Actions take the version the person was shown (p_version) and refuse another with stale_version.';
comment on column public.submissions.forwarded_at is
  'When a teacher approved it (forwarded to the district''s staff); null before. Kept when answered.';

update public.submissions s
set forwarded_at = (
  select max(e.created_at) from public.submission_events e
  where e.submission_id = s.id and e.to_state = 'approved'
)
where s.state in ('approved', 'answered');

-- The staff inbox lists forwarded items of a class's district oldest first.
create index submissions_state_forwarded_at_idx on public.submissions (state, forwarded_at);

alter table public.submission_events
  add column actor_role public.app_role;

comment on column public.submission_events.actor_role is
  'Role of the account that made the transition (student, teacher, staff, admin), set on insert; actor_id itself is not readable through the Data API.';

update public.submission_events e
set actor_role = p.role
from public.profiles p
where p.id = e.actor_id;

-- Foreign keys that had no index starting with their column.
create index submission_events_actor_id_idx on public.submission_events (actor_id);
create index notifications_submission_id_idx on public.notifications (submission_id);
create index answers_staff_id_idx on public.answers (staff_id);

-- ============================================================================
-- Triggers
-- ============================================================================
create or replace function private.bump_version()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.version := old.version + 1;
  return new;
end;
$$;

comment on function private.bump_version() is
  'Trigger: every update of a submission makes a new version (whatever the statement set version to).';

create trigger submissions_bump_version
  before update on public.submissions
  for each row execute function private.bump_version();

-- Whoever writes an event, the actor's role is recorded with it (one place, so no function forgets).
create or replace function private.set_event_actor_role()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.actor_id is not null then
    select p.role into new.actor_role from public.profiles p where p.id = new.actor_id;
  end if;
  return new;
end;
$$;

comment on function private.set_event_actor_role() is
  'Trigger: submission_events.actor_role from the actor''s profile on insert.';

create trigger submission_events_set_actor_role
  before insert on public.submission_events
  for each row execute function private.set_event_actor_role();

-- ============================================================================
-- Version check
-- ============================================================================
create or replace function private.check_version(p_seen integer, p_current integer)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_seen is distinct from p_current then
    raise exception using errcode = 'PT409', message = 'stale_version';
  end if;
end;
$$;

comment on function private.check_version(integer, integer) is
  'Raises PT409 stale_version unless the version the caller was shown (p_seen; null = none) is the current one.';

-- ============================================================================
-- Functions (rpc): the versioned actions replace the unversioned ones
-- ============================================================================
drop function public.resubmit_proposal(uuid, text, text, text, text);
drop function public.approve_submission(uuid, text);
drop function public.return_submission(uuid, text);
drop function public.answer_submission(uuid, public.answer_decision, text, uuid[]);
drop function private.moderate_submission(uuid, public.submission_state, text, boolean);

-- submit_proposal ---------------------------------------------------------------
-- Now says whether this call made the proposal: a repeated request key (double click, Back +
-- re-post) returns the first proposal with created = false, so the page can say "this was already
-- sent on <date>" instead of a success message for something that was not sent now.
drop function public.submit_proposal(text, text, text, text, uuid);

create or replace function public.submit_proposal(
  p_title text,
  p_problem text,
  p_suggestions text,
  p_who_should_act text,
  p_request_id uuid default null
)
returns table (id uuid, created boolean)
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

  -- A repeated request: the submission made with this key, as is.
  if p_request_id is not null then
    select s.id into v_id
    from public.submissions s
    where s.author_id = v_uid and s.client_request_id = p_request_id;
    if v_id is not null then
      return query select v_id, false;
      return;
    end if;
  end if;

  v_title := private.input_text(p_title, 'title', 1000);
  v_problem := private.input_text(p_problem, 'problem', 20000);
  v_suggestions := private.input_text(p_suggestions, 'suggestions', 20000);
  v_who := private.input_text(p_who_should_act, 'who_should_act', 1000);

  -- The unique key decides between concurrent calls with the same key: the second waits for the
  -- first's transaction; if it committed, nothing is inserted here and the committed row is
  -- returned; if it rolled back, this call inserts.
  insert into public.submissions
    (kind, class_id, author_id, state, title, problem, suggestions, who_should_act, age_band, submitted_at,
     client_request_id)
  values
    ('proposal', v_class_id, v_uid, 'submitted', v_title, v_problem, v_suggestions, v_who, v_age_band, now(),
     p_request_id)
  on conflict on constraint submissions_author_client_request_key do nothing
  returning submissions.id into v_id;

  if v_id is null then
    select s.id into strict v_id
    from public.submissions s
    where s.author_id = v_uid and s.client_request_id = p_request_id;
    return query select v_id, false;
    return;
  end if;

  insert into public.submission_events (submission_id, actor_id, from_state, to_state)
  values (v_id, v_uid, null, 'submitted');

  insert into public.notifications (recipient_id, submission_id, kind)
  select ct.teacher_id, v_id, 'submitted'
  from public.class_teachers ct
  where ct.class_id = v_class_id;

  return query select v_id, true;
end;
$$;

comment on function public.submit_proposal(text, text, text, text, uuid) is
$$Child (student with a class) submits a new mock CPPCC proposal.
Inputs: p_title (≤ 1000), p_problem (≤ 20000), p_suggestions (≤ 20000), p_who_should_act (≤ 1000); all
required; trimmed; blank or only invisible characters counts as missing; lengths in code points.
p_request_id (optional, default null): an idempotency key the client makes at random once per form
(a uuid, derived from nothing). When the caller already has a submission with this key, that one is
returned with created = false and nothing is written (no check of the text, no event, no
notification), whatever its state now; also when two calls with the same key run at the same time
(the unique key (author_id, client_request_id) makes the second wait, then return the first's id).
Null: every call makes a new proposal.
Effect: submissions row in state submitted (class and age band of the child's class,
client_request_id = p_request_id), event null → submitted, notification `submitted` to each teacher
of the class. Returns one row (id, created): created = true when this call made it.
Errors: 42501 not_allowed (not a student with a class; checked before the key); P0001
field_required:<field>, field_too_long:<field>.$$;

-- resubmit_proposal -----------------------------------------------------------
create or replace function public.resubmit_proposal(
  p_submission_id uuid,
  p_version integer,
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
  perform private.check_version(p_version, v_sub.version);
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

comment on function public.resubmit_proposal(uuid, integer, text, text, text, text) is
$$The author sends a returned proposal again with its text replaced.
Inputs: p_submission_id; p_version: the version the child was shown; p_title, p_problem,
p_suggestions, p_who_should_act as for submit_proposal.
Effect: returned → submitted, text replaced, submitted_at = now(), version + 1, event returned →
submitted, notification `submitted` to each teacher of the class.
Errors: 42501 not_allowed (not its author); PT404 not_found; PT409 stale_version (p_version is not
the current version); P0001 invalid_state (not returned), field_required:<field>, field_too_long:<field>.$$;

-- moderation (shared by approve and return) -----------------------------------
create or replace function private.moderate_submission(
  p_submission_id uuid,
  p_version integer,
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
  -- The row lock serializes concurrent moderation: the second caller sees the new version.
  select s.* into v_sub from public.submissions s where s.id = p_submission_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if not private.teaches_class(v_sub.class_id) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  perform private.check_version(p_version, v_sub.version);
  if v_sub.state <> 'submitted' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;

  v_comment := private.input_text(p_comment, 'comment', 10000, false);
  if p_comment_required and v_comment is null then
    raise exception using errcode = 'P0001', message = 'comment_required';
  end if;

  update public.submissions
  set state = p_to_state,
      forwarded_at = case when p_to_state = 'approved' then now() else forwarded_at end
  where id = v_sub.id;

  insert into public.submission_events (submission_id, actor_id, from_state, to_state, comment)
  values (v_sub.id, v_uid, 'submitted', p_to_state, v_comment);

  insert into public.notifications (recipient_id, submission_id, kind)
  values (v_sub.author_id, v_sub.id, p_to_state::text::public.notification_kind);
end;
$$;

comment on function private.moderate_submission(uuid, integer, public.submission_state, text, boolean) is
$$The body of approve_submission and return_submission: checks the caller is a teacher of the
submission's class, the version they were shown is current and the state is submitted, then moves
it to p_to_state (approved: forwarded_at = now()) with an event and a notification to the author, in
the caller's transaction.$$;

-- approve_submission ----------------------------------------------------------
create or replace function public.approve_submission(
  p_submission_id uuid,
  p_version integer,
  p_comment text default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.moderate_submission(p_submission_id, p_version, 'approved', p_comment, false);
end;
$$;

comment on function public.approve_submission(uuid, integer, text) is
$$A teacher of the submission's class approves it and forwards it to the district's staff.
Inputs: p_submission_id; p_version: the version the teacher was shown; p_comment optional
(≤ 10000, blank = none).
Effect: submitted → approved, forwarded_at = now(), version + 1, event with the comment,
notification `approved` to the author.
Errors: 42501 not_allowed (not a teacher of its class); PT404 not_found; PT409 stale_version;
P0001 invalid_state (not submitted), field_too_long:comment.$$;

-- return_submission -----------------------------------------------------------
create or replace function public.return_submission(
  p_submission_id uuid,
  p_version integer,
  p_comment text
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.moderate_submission(p_submission_id, p_version, 'returned', p_comment, true);
end;
$$;

comment on function public.return_submission(uuid, integer, text) is
$$A teacher of the submission's class returns it to the child with a kind comment.
Inputs: p_submission_id; p_version: the version the teacher was shown; p_comment required
(≤ 10000; blank or only invisible characters = missing).
Effect: submitted → returned, version + 1, event with the comment (shown as teacher_comment),
notification `returned` to the author.
Errors: 42501 not_allowed (not a teacher of its class); PT404 not_found; PT409 stale_version;
P0001 invalid_state (not submitted), comment_required, field_too_long:comment.$$;

-- answer_submission -----------------------------------------------------------
create or replace function public.answer_submission(
  p_submission_id uuid,
  p_version integer,
  p_decision public.answer_decision,
  p_reply text,
  p_goal_ids uuid[]
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_sub public.submissions;
  v_district public.districts;
  v_reply text;
  v_goal_ids uuid[];
  v_edition smallint;
  v_answer_id uuid;
  v_now timestamptz := now();
begin
  if v_uid is null or private.current_app_role() is distinct from 'staff' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  -- The row lock serializes two staff answering at once: the second sees the new version.
  select s.* into v_sub from public.submissions s where s.id = p_submission_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  select d.* into v_district
  from public.classes c
  join public.schools sc on sc.id = c.school_id
  join public.districts d on d.id = sc.district_id
  where c.id = v_sub.class_id;
  if not private.is_staff_of_district(v_district.id) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  perform private.check_version(p_version, v_sub.version);
  if v_sub.state <> 'approved' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;

  if p_decision is null then
    raise exception using errcode = 'P0001', message = 'field_required:decision';
  end if;
  v_reply := private.input_text(p_reply, 'reply', 20000);

  -- Bounded before any work on it: a goal list is a handful of ids.
  if cardinality(p_goal_ids) > 100 then
    raise exception using errcode = 'P0001', message = 'goal_unknown';
  end if;
  select coalesce(array_agg(distinct x.id), '{}') into v_goal_ids
  from unnest(p_goal_ids) as x (id)
  where x.id is not null;
  if cardinality(v_goal_ids) = 0 then
    raise exception using errcode = 'P0001', message = 'goal_required';
  end if;
  if (select count(*) from public.ledger_goals g where g.id = any (v_goal_ids)) <> cardinality(v_goal_ids) then
    raise exception using errcode = 'P0001', message = 'goal_unknown';
  end if;
  select max(g.edition) into v_edition from public.ledger_goals g where g.id = any (v_goal_ids);

  insert into public.answers (submission_id, staff_id, decision, reply, created_at)
  values (v_sub.id, v_uid, p_decision, v_reply, v_now)
  returning id into v_answer_id;

  insert into public.answer_goals (answer_id, goal_id)
  select v_answer_id, g from unnest(v_goal_ids) as g;

  update public.submissions set state = 'answered' where id = v_sub.id;

  insert into public.submission_events (submission_id, actor_id, from_state, to_state)
  values (v_sub.id, v_uid, 'approved', 'answered');

  insert into public.published_answers
    (submission_id, edition, title, decision, reply, district_name_zh, district_name_en, answered_at)
  values
    (v_sub.id, v_edition, v_sub.title, p_decision, v_reply, v_district.name_zh, v_district.name_en, v_now);

  insert into public.published_answer_goals (submission_id, goal_id)
  select v_sub.id, g from unnest(v_goal_ids) as g;

  insert into public.notifications (recipient_id, submission_id, kind)
  values (v_sub.author_id, v_sub.id, 'answered');

  return v_answer_id;
end;
$$;

comment on function public.answer_submission(uuid, integer, public.answer_decision, text, uuid[]) is
$$Staff of the submission's district answer a forwarded (approved) proposal.
Inputs: p_submission_id; p_version: the version the staff member was shown; p_decision
(answer_decision); p_reply required (≤ 20000, blank or only invisible characters = missing);
p_goal_ids: 1–100 ledger goal ids (duplicates and nulls ignored).
Effect: approved → answered, version + 1; answers + answer_goals rows; event approved → answered;
the public copy in published_answers + published_answer_goals (title, decision, reply, district
names, answered_at, edition; no author, class or school); notification `answered` to the author.
Of two staff answering at once, the first wins; the second gets stale_version.
Returns the answer id.
Errors: 42501 not_allowed (not staff of its district); PT404 not_found; PT409 stale_version;
P0001 invalid_state (not approved), field_required:decision, field_required:reply,
field_too_long:reply, goal_required, goal_unknown (also more than 100 ids).$$;

-- ============================================================================
-- Views: the version the page shows; approved_at stored
-- ============================================================================
create or replace view public.my_submissions
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
  a.created_at as answered_at,
  s.version
from public.submissions s
left join public.answers a on a.submission_id = s.id
where s.id in (select private.own_submission_ids());

create or replace view public.class_queue
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
  private.latest_return_comment(s.id) as teacher_comment,
  s.version
from public.submissions s
join public.classes c on c.id = s.class_id
where private.teaches_class(s.class_id) or (select private.is_admin());

create or replace view public.district_inbox
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
  s.forwarded_at as approved_at,
  a.decision,
  a.reply,
  a.created_at as answered_at,
  s.version
from public.submissions s
join public.classes c on c.id = s.class_id
join public.schools sc on sc.id = c.school_id
join public.districts d on d.id = sc.district_id
left join public.answers a on a.submission_id = s.id
where s.state in ('approved', 'answered')
  and (private.is_staff_of_district(d.id) or (select private.is_admin()));

comment on view public.district_inbox is
  'Forwarded (approved) and answered submissions of the caller''s districts; approved_at = submissions.forwarded_at. No child identity: no author columns.';

-- ============================================================================
-- Grants
-- ============================================================================
-- submissions: the key of the submitting request is no longer readable (it is the author's
-- business; the rpc compares it). version and forwarded_at are.
revoke select (client_request_id) on public.submissions from authenticated;
grant select (version, forwarded_at) on public.submissions to authenticated;

-- submission_events, notifications: every column but the account ids. RLS still filters by them.
-- A new column must be added here to be readable.
revoke select on public.submission_events, public.notifications from anon, authenticated;
grant select (id, submission_id, from_state, to_state, comment, created_at, actor_role)
  on public.submission_events to authenticated;
grant select (id, submission_id, kind, created_at, read_at)
  on public.notifications to authenticated;

revoke execute on function
  public.submit_proposal(text, text, text, text, uuid),
  public.resubmit_proposal(uuid, integer, text, text, text, text),
  public.approve_submission(uuid, integer, text),
  public.return_submission(uuid, integer, text),
  public.answer_submission(uuid, integer, public.answer_decision, text, uuid[])
  from public, anon, service_role;
grant execute on function
  public.submit_proposal(text, text, text, text, uuid),
  public.resubmit_proposal(uuid, integer, text, text, text, text),
  public.approve_submission(uuid, integer, text),
  public.return_submission(uuid, integer, text),
  public.answer_submission(uuid, integer, public.answer_decision, text, uuid[])
  to authenticated;

revoke execute on all functions in schema private from public;
