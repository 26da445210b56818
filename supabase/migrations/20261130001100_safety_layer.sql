-- ============================================================================
-- Safety layer, part 2 (issue 7): screening results, the public copy, reject, escalate,
-- safeguarding leads, their private log, and a log of who read an escalated item
-- ============================================================================
--                                 ┌──reject_submission (reason)────────▶ rejected (stays in the class)
-- child ──submit_proposal──▶ submitted ──approve_submission (public copy)──▶ approved ──▶ answered
--   │ (a safeguarding signal)      ├──escalate_submission (teacher, reason)──┐
--   └──────────────────────────────┴───────────────────────────────────────▶ escalated
--                                  ◀──release_submission (a lead: wrongly flagged)──┘
--
-- 1. Screening. The app's server screens a child's text ($lib/safety) before it calls
--    submit_proposal / resubmit_proposal and passes what it found as p_flags (jsonb, shape in
--    private.screening_flags). The database keeps it in submissions.flags and enforces the
--    consequence: a safeguarding signal makes the submission `escalated` instead of `submitted`,
--    its school's safeguarding leads are notified and its class teachers never see it in their
--    queue. Escalated items are never forwarded and never public.
-- 2. The original stays inside the school. title, problem, suggestions, who_should_act and flags
--    are no longer selectable through the Data API by anyone (column privileges, as author_id):
--    staff of the district read forwarded rows of `submissions`, and RLS cannot hide columns per
--    person. The child (own rows), the class's teachers and admins read the original through
--    my_submissions and class_queue, which call the definer helper private.original_text; nobody
--    reads an escalated item's text except its author and, through a logged function, the
--    school's safeguarding leads. What leaves the school is the public copy: public_title,
--    public_problem, public_suggestions, public_who_should_act, which the teacher writes when
--    approving (the app pre-fills it with the detected details masked). district_inbox and
--    published_answers read the public copy only.
-- 3. Safeguarding leads: school_safeguarding_leads (admins designate teachers or counsellors,
--    both with role teacher). Leads read escalated items only through safeguarding_queue() and
--    safeguarding_item(), which log every read in safeguarding_access_log (admins read it, nobody
--    else); they record what they did in safeguarding_actions (append-only) and may release a
--    wrongly flagged item back to the class queue (flags kept as history).
-- 4. Reject with a reason a child understands: rejected with a rejection_reason and a comment.

-- ============================================================================
-- Types
-- ============================================================================
create type public.rejection_reason as enum ('not_suitable', 'duplicate', 'not_a_proposal');

-- flagged:   the check on submit found a safeguarding signal (no actor: the app's server)
-- escalated: a teacher raised a concern from the review page (note = their reason)
-- note, contacted_guardian, contacted_counsellor, contacted_police: what a lead did
-- closed, reopened: the lead's case is done / open again (the item stays escalated)
-- released:  a lead sent a wrongly flagged item back to the class queue (note = why)
create type public.safeguarding_action_kind as enum (
  'flagged', 'escalated', 'note', 'contacted_guardian', 'contacted_counsellor', 'contacted_police',
  'closed', 'reopened', 'released'
);

-- ============================================================================
-- submissions: screening result, public copy, rejection reason
-- ============================================================================
alter table public.submissions
  add column flags jsonb,
  add column public_title text constraint submissions_public_title_length check (char_length(public_title) between 1 and 1000),
  add column public_problem text constraint submissions_public_problem_length check (char_length(public_problem) between 1 and 20000),
  add column public_suggestions text constraint submissions_public_suggestions_length check (char_length(public_suggestions) between 1 and 20000),
  add column public_who_should_act text constraint submissions_public_who_length check (char_length(public_who_should_act) between 1 and 1000),
  add column rejection_reason public.rejection_reason;

comment on column public.submissions.flags is
  'What the app''s server found when the child sent it (private.screening_flags shape): personal details and safeguarding signals with field and UTF-16 offsets into the stored text, and whether the child chose to send anyway. Null: not screened. Inside the school only (not selectable through the Data API).';
comment on column public.submissions.public_title is
  'The public copy written by the teacher on approval (details masked): what staff and the public page read. Null before approval.';
comment on column public.submissions.rejection_reason is 'Why a teacher rejected it (state rejected); null otherwise.';

-- Proposals forwarded before this migration were approved on their full text, which staff have
-- already read: their public copy is that text (nothing is newly exposed).
update public.submissions
set public_title = title,
    public_problem = problem,
    public_suggestions = suggestions,
    public_who_should_act = who_should_act
where state in ('approved', 'answered');

alter table public.submissions
  add constraint submissions_public_copy_when_forwarded check (
    state not in ('approved', 'answered')
    or (public_title is not null and public_problem is not null
        and (kind <> 'proposal' or (public_suggestions is not null and public_who_should_act is not null)))
  ),
  add constraint submissions_rejection_reason_when_rejected check ((state = 'rejected') = (rejection_reason is not null));

-- ============================================================================
-- Safeguarding leads, their log, and the access log
-- ============================================================================
create table public.school_safeguarding_leads (
  school_id uuid not null references public.schools (id) on delete cascade,
  lead_id uuid not null references public.profiles (id) on delete cascade,
  designated_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (school_id, lead_id)
);

create index school_safeguarding_leads_lead_id_idx on public.school_safeguarding_leads (lead_id);
create index school_safeguarding_leads_designated_by_idx on public.school_safeguarding_leads (designated_by);

comment on table public.school_safeguarding_leads is
  'The safeguarding leads of a school (teachers or counsellors, role teacher), designated by an admin: they handle its escalated items.';

create table public.safeguarding_actions (
  id bigint generated always as identity primary key,
  submission_id uuid not null references public.submissions (id) on delete cascade,
  -- The school of the item's class, so the read rule is one indexed comparison.
  school_id uuid not null references public.schools (id),
  -- An adult (a teacher or a lead); null for `flagged` (the automatic check) and after erasure.
  actor_id uuid references public.profiles (id) on delete set null,
  kind public.safeguarding_action_kind not null,
  note text constraint safeguarding_actions_note_length check (char_length(note) between 1 and 4000),
  created_at timestamptz not null default now()
);

create index safeguarding_actions_submission_id_idx on public.safeguarding_actions (submission_id, id);
create index safeguarding_actions_school_id_idx on public.safeguarding_actions (school_id, created_at);
create index safeguarding_actions_actor_id_idx on public.safeguarding_actions (actor_id);

comment on table public.safeguarding_actions is
  'Append-only case log of escalated items: how it was escalated, what the school''s safeguarding leads did, release. Leads of the school and admins read it.';

create table public.safeguarding_access_log (
  id bigint generated always as identity primary key,
  -- Kept (null) when the item is erased: who read what, when, outlives the text.
  submission_id uuid references public.submissions (id) on delete set null,
  school_id uuid not null references public.schools (id),
  reader_id uuid references public.profiles (id) on delete set null,
  -- queue: seen in the list with its flagged wording; detail: opened in full.
  context text not null constraint safeguarding_access_log_context check (context in ('queue', 'detail')),
  read_at timestamptz not null default now()
);

create index safeguarding_access_log_submission_id_idx on public.safeguarding_access_log (submission_id);
create index safeguarding_access_log_school_id_idx on public.safeguarding_access_log (school_id, read_at);
create index safeguarding_access_log_reader_id_idx on public.safeguarding_access_log (reader_id);

comment on table public.safeguarding_access_log is
  'Every read of an escalated item''s text by a safeguarding lead (who, when, list or detail). Written only by safeguarding_queue() and safeguarding_item(); readable by admins only.';

-- ============================================================================
-- Helpers
-- ============================================================================
-- The schools the caller is a safeguarding lead of (role teacher); empty for anyone else.
create or replace function private.my_lead_school_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(l.school_id), '{}')
  from public.school_safeguarding_leads l
  join public.profiles p on p.id = l.lead_id and p.role = 'teacher'
  where l.lead_id = (select auth.uid())
$$;

comment on function private.my_lead_school_ids() is
  'Schools the caller is a safeguarding lead of (role teacher); empty for anyone else. Use as = any ((select private.my_lead_school_ids())::uuid[]).';

-- A child's original words, for the people inside the school who may read them: the author
-- (always, their own words), a teacher of the class and admins (not while escalated: then only
-- the leads, through the logged safeguarding_item()). Null for anyone else.
create or replace function private.original_text(p_submission_id uuid, p_field text)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case p_field
    when 'title' then s.title
    when 'problem' then s.problem
    when 'suggestions' then s.suggestions
    when 'who_should_act' then s.who_should_act
  end
  from public.submissions s
  where s.id = p_submission_id
    and (
      s.author_id = (select auth.uid())
      or (s.state <> 'escalated'
          and (s.class_id = any ((select private.my_taught_class_ids())::uuid[]) or (select private.is_admin())))
    )
$$;

comment on function private.original_text(uuid, text) is
  'Original text of a submission field (title, problem, suggestions, who_should_act) for its author, a teacher of its class or an admin (not while escalated); null otherwise (security definer).';

-- The screening result, for a teacher of the class and admins (not while escalated).
create or replace function private.original_flags(p_submission_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select s.flags
  from public.submissions s
  where s.id = p_submission_id
    and s.state <> 'escalated'
    and (s.class_id = any ((select private.my_taught_class_ids())::uuid[]) or (select private.is_admin()))
$$;

comment on function private.original_flags(uuid) is
  'submissions.flags for a teacher of its class or an admin (not while escalated); null otherwise (security definer).';

-- The comment of the latest return or rejection (the teacher's note to the child).
create or replace function private.latest_teacher_comment(p_submission_id uuid)
returns text
language sql
stable
set search_path = ''
as $$
  select e.comment
  from public.submission_events e
  where e.submission_id = p_submission_id and e.to_state in ('returned', 'rejected')
  order by e.id desc
  limit 1
$$;

comment on function private.latest_teacher_comment(uuid) is
  'Comment of the latest return or rejection of a submission (security invoker: the caller''s RLS applies).';

-- Whether a safeguarding lead released it (escalated → submitted) at some point.
create or replace function private.was_released(p_submission_id uuid)
returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (
    select 1 from public.submission_events e
    where e.submission_id = p_submission_id and e.from_state = 'escalated' and e.to_state = 'submitted'
  )
$$;

comment on function private.was_released(uuid) is
  'True when a safeguarding lead released the submission back to its class at some point (security invoker).';

-- The lead's case status: closed when the latest status-changing action is `closed`.
create or replace function private.safeguarding_status(p_submission_id uuid)
returns text
language sql
stable
set search_path = ''
as $$
  select case when (
    select a.kind from public.safeguarding_actions a
    where a.submission_id = p_submission_id and a.kind in ('flagged', 'escalated', 'closed', 'reopened', 'released')
    order by a.id desc limit 1
  ) = 'closed' then 'closed' else 'open' end
$$;

comment on function private.safeguarding_status(uuid) is
  'open or closed: the case of an escalated item is closed when its latest flagged/escalated/closed/reopened/released action is closed.';

-- Validate and normalise the app's screening result (p_flags of submit_proposal and
-- resubmit_proposal). Shape:
--   { "personal_details": [{ "field", "type", "start", "end", "text" }, …],
--     "safeguarding":     [{ "field", "type", "start", "end", "text" }, …],
--     "confirmed": boolean }   -- the child was warned of the personal details and sent anyway
-- field: title | problem | suggestions | who_should_act; type: a PersonalDetailType /
-- SafeguardingType of $lib/safety; start < end: UTF-16 offsets into the stored (trimmed) text;
-- text: the detected words (≤ 1000 characters); at most 200 items per list.
-- Errors: P0001 invalid_flags.
create or replace function private.screening_flags(p_flags jsonb)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_list text;
  v_item jsonb;
  v_items jsonb;
  v_types text[];
  v_out jsonb := '{}';
begin
  if p_flags is null then
    return null;
  end if;
  if jsonb_typeof(p_flags) <> 'object'
     or (p_flags ? 'confirmed' and jsonb_typeof(p_flags -> 'confirmed') <> 'boolean') then
    raise exception using errcode = 'P0001', message = 'invalid_flags';
  end if;
  foreach v_list in array array['personal_details', 'safeguarding'] loop
    v_items := coalesce(p_flags -> v_list, '[]');
    if jsonb_typeof(v_items) <> 'array' or jsonb_array_length(v_items) > 200 then
      raise exception using errcode = 'P0001', message = 'invalid_flags';
    end if;
    v_types := case v_list
      when 'personal_details' then
        array['phone', 'id_number', 'email', 'messaging_id', 'address', 'name', 'licence_plate', 'bank_card']
      else array['self_harm', 'abuse_at_home', 'sexual_abuse', 'neglect', 'bullying', 'running_away']
    end;
    for v_item in select x from jsonb_array_elements(v_items) as t (x) loop
      if not coalesce(
        jsonb_typeof(v_item) = 'object'
        and (v_item ->> 'field') in ('title', 'problem', 'suggestions', 'who_should_act')
        and (v_item ->> 'type') = any (v_types)
        and jsonb_typeof(v_item -> 'start') = 'number'
        and jsonb_typeof(v_item -> 'end') = 'number'
        and (v_item ->> 'start') ~ '^[0-9]{1,6}$'
        and (v_item ->> 'end') ~ '^[0-9]{1,6}$'
        and (v_item ->> 'start')::integer < (v_item ->> 'end')::integer
        and jsonb_typeof(v_item -> 'text') = 'string'
        and char_length(v_item ->> 'text') between 1 and 1000,
        false
      ) then
        raise exception using errcode = 'P0001', message = 'invalid_flags';
      end if;
    end loop;
    v_out := v_out || jsonb_build_object(v_list, (
      select coalesce(jsonb_agg(jsonb_build_object(
        'field', x ->> 'field', 'type', x ->> 'type',
        'start', (x ->> 'start')::integer, 'end', (x ->> 'end')::integer, 'text', x ->> 'text'
      ) order by n), '[]')
      from jsonb_array_elements(v_items) with ordinality as t (x, n)
    ));
  end loop;
  return v_out || jsonb_build_object('confirmed', coalesce((p_flags ->> 'confirmed')::boolean, false));
end;
$$;

comment on function private.screening_flags(jsonb) is
  'The app''s screening result, validated and normalised to {personal_details: [...], safeguarding: [...], confirmed}; null stays null (not screened). Errors: P0001 invalid_flags.';

-- Notify the school's safeguarding leads of an escalated item.
create or replace function private.notify_leads(p_submission_id uuid, p_school_id uuid)
returns void
language sql
set search_path = ''
as $$
  insert into public.notifications (recipient_id, submission_id, kind)
  select l.lead_id, p_submission_id, 'escalated'
  from public.school_safeguarding_leads l
  where l.school_id = p_school_id
$$;

comment on function private.notify_leads(uuid, uuid) is
  'Notification `escalated` to each safeguarding lead of the school (runs in the calling definer function).';

-- The school of a class.
create or replace function private.school_of_class(p_class_id uuid)
returns uuid
language sql
stable
set search_path = ''
as $$
  select c.school_id from public.classes c where c.id = p_class_id
$$;

comment on function private.school_of_class(uuid) is 'The school of a class (runs in the calling definer function).';

-- The common checks of a teacher's action on a submission, in the documented order: role →
-- exists (row locked) → teaches its class → version shown. The state is the caller's to check.
create or replace function private.lock_for_teacher(p_submission_id uuid, p_version integer)
returns public.submissions
language plpgsql
set search_path = ''
as $$
declare
  v_sub public.submissions;
begin
  if (select auth.uid()) is null or private.current_app_role() is distinct from 'teacher' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select s.* into v_sub from public.submissions s where s.id = p_submission_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if not private.teaches_class(v_sub.class_id) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  perform private.check_version(p_version, v_sub.version);
  return v_sub;
end;
$$;

comment on function private.lock_for_teacher(uuid, integer) is
  'Checks the caller is a teacher of the submission''s class and was shown its current version; returns the row locked for update (runs in the calling definer function). Errors: 42501 not_allowed, PT404 not_found, PT409 stale_version.';

-- The same for a safeguarding lead of the submission's school.
create or replace function private.lock_for_lead(p_submission_id uuid, p_version integer)
returns public.submissions
language plpgsql
set search_path = ''
as $$
declare
  v_sub public.submissions;
begin
  if (select auth.uid()) is null or private.current_app_role() is distinct from 'teacher' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select s.* into v_sub from public.submissions s where s.id = p_submission_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if not (private.school_of_class(v_sub.class_id) = any (private.my_lead_school_ids())) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  perform private.check_version(p_version, v_sub.version);
  return v_sub;
end;
$$;

comment on function private.lock_for_lead(uuid, integer) is
  'Checks the caller is a safeguarding lead of the submission''s school and was shown its current version; returns the row locked for update. Errors: 42501 not_allowed, PT404 not_found, PT409 stale_version.';

-- ============================================================================
-- Row level security
-- ============================================================================
alter table public.school_safeguarding_leads enable row level security;
alter table public.safeguarding_actions enable row level security;
alter table public.safeguarding_access_log enable row level security;

-- Escalated items leave the class teachers' reach: only their author and (through the logged
-- functions) the school's leads read them; admins read the row (no text: column privileges).
drop policy "People can read their own, their classes' and their districts' forwarded submissions" on public.submissions;

create policy "People can read their own, their classes' and their districts' forwarded submissions"
  on public.submissions for select to authenticated
  using (
    author_id = (select auth.uid())
    or (class_id = any ((select private.my_taught_class_ids())::uuid[]) and state <> 'escalated')
    or (state in ('approved', 'answered') and district_id = any ((select private.my_staff_district_ids())::uuid[]))
    or (select private.is_admin())
  );

create policy "Leads and admins can read safeguarding lead designations"
  on public.school_safeguarding_leads for select to authenticated
  using (lead_id = (select auth.uid()) or (select private.is_admin()));

create policy "Leads can read the safeguarding log of their schools"
  on public.safeguarding_actions for select to authenticated
  using (school_id = any ((select private.my_lead_school_ids())::uuid[]) or (select private.is_admin()));

create policy "Admins can read the safeguarding access log"
  on public.safeguarding_access_log for select to authenticated
  using ((select private.is_admin()));

-- ============================================================================
-- Views: the original through the helper; staff read the public copy
-- ============================================================================
create or replace view public.my_submissions
with (security_invoker = true)
as
select
  s.id,
  s.kind,
  private.original_text(s.id, 'title') as title,
  private.original_text(s.id, 'problem') as problem,
  private.original_text(s.id, 'suggestions') as suggestions,
  private.original_text(s.id, 'who_should_act') as who_should_act,
  s.state,
  case when s.state in ('returned', 'rejected') then private.latest_teacher_comment(s.id) end as teacher_comment,
  s.created_at,
  s.updated_at,
  s.submitted_at,
  a.decision,
  a.reply,
  a.created_at as answered_at,
  s.version,
  s.rejection_reason
from public.submissions s
left join public.answers a on a.submission_id = s.id
where s.id in (select private.own_submission_ids());

comment on view public.my_submissions is
  'The caller''s own submissions with their original text; teacher_comment is the latest return or rejection comment while returned or rejected.';

create or replace view public.class_queue
with (security_invoker = true)
as
select
  s.id,
  s.class_id,
  c.name as class_name,
  private.author_display_name(s.id) as author_display_name,
  private.original_text(s.id, 'title') as title,
  private.original_text(s.id, 'problem') as problem,
  private.original_text(s.id, 'suggestions') as suggestions,
  private.original_text(s.id, 'who_should_act') as who_should_act,
  s.state,
  s.submitted_at,
  s.updated_at,
  private.latest_teacher_comment(s.id) as teacher_comment,
  s.version,
  private.original_flags(s.id) as flags,
  s.public_title,
  s.public_problem,
  s.public_suggestions,
  s.public_who_should_act,
  s.rejection_reason,
  private.was_released(s.id) as released
from public.submissions s
join public.classes c on c.id = s.class_id
where s.class_id = any ((select private.my_queue_class_ids())::uuid[])
  and s.state <> 'escalated';

comment on view public.class_queue is
  'Submissions of the classes the caller teaches (admins: all), escalated ones excepted, with the child''s nickname, the original text, the screening flags and the public copy; teacher_comment = latest return or rejection comment; released = a safeguarding lead released it.';

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
  s.public_title as title,
  s.public_problem as problem,
  s.public_suggestions as suggestions,
  s.public_who_should_act as who_should_act,
  s.state,
  s.forwarded_at as approved_at,
  a.decision,
  a.reply,
  a.created_at as answered_at,
  s.version
from public.submissions s
join public.classes c on c.id = s.class_id
join public.schools sc on sc.id = c.school_id
join public.districts d on d.id = s.district_id
left join public.answers a on a.submission_id = s.id
where s.state in ('approved', 'answered')
  and s.district_id = any ((select private.my_inbox_district_ids())::uuid[]);

comment on view public.district_inbox is
  'Forwarded (approved) and answered submissions of the caller''s districts: the public copy the teacher approved (title, problem, suggestions, who_should_act), never the original. No child identity.';

drop function private.latest_return_comment(uuid);

-- ============================================================================
-- Functions (rpc)
-- ============================================================================
drop function public.submit_proposal(text, text, text, text, uuid);
drop function public.resubmit_proposal(uuid, integer, text, text, text, text);
drop function public.approve_submission(uuid, integer, text);

-- submit_proposal ---------------------------------------------------------------
create or replace function public.submit_proposal(
  p_title text,
  p_problem text,
  p_suggestions text,
  p_who_should_act text,
  p_request_id uuid default null,
  p_flags jsonb default null
)
returns table (id uuid, created boolean)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_class_id uuid;
  v_school_id uuid;
  v_age_band public.age_band;
  v_title text;
  v_problem text;
  v_suggestions text;
  v_who text;
  v_flags jsonb;
  v_state public.submission_state;
  v_id uuid;
begin
  if v_uid is null or private.current_app_role() is distinct from 'student' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select c.id, c.school_id, c.age_band into v_class_id, v_school_id, v_age_band
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
  v_flags := private.screening_flags(p_flags);
  v_state := case when jsonb_array_length(coalesce(v_flags -> 'safeguarding', '[]')) > 0
    then 'escalated' else 'submitted' end;

  insert into public.submissions
    (kind, class_id, author_id, state, title, problem, suggestions, who_should_act, age_band, submitted_at,
     client_request_id, flags)
  values
    ('proposal', v_class_id, v_uid, v_state, v_title, v_problem, v_suggestions, v_who, v_age_band, now(),
     p_request_id, v_flags)
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
  values (v_id, v_uid, null, v_state);

  if v_state = 'escalated' then
    insert into public.safeguarding_actions (submission_id, school_id, actor_id, kind)
    values (v_id, v_school_id, null, 'flagged');
    perform private.notify_leads(v_id, v_school_id);
  else
    insert into public.notifications (recipient_id, submission_id, kind)
    select ct.teacher_id, v_id, 'submitted'
    from public.class_teachers ct
    where ct.class_id = v_class_id;
  end if;

  return query select v_id, true;
end;
$$;

comment on function public.submit_proposal(text, text, text, text, uuid, jsonb) is
$$Child (student with a class) submits a new mock CPPCC proposal.
Inputs: p_title (≤ 1000), p_problem (≤ 20000), p_suggestions (≤ 20000), p_who_should_act (≤ 1000); all
required; trimmed; blank or only invisible characters counts as missing; lengths in code points.
p_request_id (optional, default null): an idempotency key the client makes at random once per form
(a uuid, derived from nothing). When the caller already has a submission with this key, that one is
returned with created = false and nothing is written (no check of the text, no event, no
notification), whatever its state now; also when two calls with the same key run at the same time.
Null: every call makes a new proposal.
p_flags (optional, default null = not screened): the app server's screening of the trimmed text,
{personal_details: [{field, type, start, end, text}], safeguarding: [...], confirmed: boolean}
(private.screening_flags), stored in flags.
Effect: submissions row (class and age band of the child's class, client_request_id = p_request_id,
flags). Without a safeguarding signal: state submitted, event null → submitted, notification
`submitted` to each teacher of the class. With one: state escalated (never in the class queue,
never forwarded), event null → escalated, safeguarding_actions `flagged`, notification `escalated`
to each safeguarding lead of the school. Returns one row (id, created): created = true when this
call made it.
Errors: 42501 not_allowed (not a student with a class; checked before the key); P0001
field_required:<field>, field_too_long:<field>, invalid_flags.$$;

-- resubmit_proposal -----------------------------------------------------------
create or replace function public.resubmit_proposal(
  p_submission_id uuid,
  p_version integer,
  p_title text,
  p_problem text,
  p_suggestions text,
  p_who_should_act text,
  p_flags jsonb default null
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
  v_flags jsonb;
  v_state public.submission_state;
  v_school_id uuid;
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
  v_flags := private.screening_flags(p_flags);
  v_state := case when jsonb_array_length(coalesce(v_flags -> 'safeguarding', '[]')) > 0
    then 'escalated' else 'submitted' end;

  update public.submissions
  set state = v_state,
      title = v_title,
      problem = v_problem,
      suggestions = v_suggestions,
      who_should_act = v_who,
      flags = v_flags,
      submitted_at = now()
  where id = v_sub.id;

  insert into public.submission_events (submission_id, actor_id, from_state, to_state)
  values (v_sub.id, v_uid, 'returned', v_state);

  if v_state = 'escalated' then
    v_school_id := private.school_of_class(v_sub.class_id);
    insert into public.safeguarding_actions (submission_id, school_id, actor_id, kind)
    values (v_sub.id, v_school_id, null, 'flagged');
    perform private.notify_leads(v_sub.id, v_school_id);
  else
    insert into public.notifications (recipient_id, submission_id, kind)
    select ct.teacher_id, v_sub.id, 'submitted'
    from public.class_teachers ct
    where ct.class_id = v_sub.class_id;
  end if;
end;
$$;

comment on function public.resubmit_proposal(uuid, integer, text, text, text, text, jsonb) is
$$The author sends a returned proposal again with its text replaced.
Inputs: p_submission_id; p_version: the version the child was shown; p_title, p_problem,
p_suggestions, p_who_should_act and p_flags as for submit_proposal (the flags are replaced too).
Effect: returned → submitted (with a safeguarding signal in p_flags: → escalated, as for
submit_proposal), text and flags replaced, submitted_at = now(), version + 1, event, notification
`submitted` to each teacher of the class (escalated: `flagged` log entry and notification
`escalated` to the school's safeguarding leads).
Errors: 42501 not_allowed (not its author); PT404 not_found; PT409 stale_version (p_version is not
the current version); P0001 invalid_state (not returned), field_required:<field>,
field_too_long:<field>, invalid_flags.$$;

-- approve_submission ----------------------------------------------------------
create or replace function public.approve_submission(
  p_submission_id uuid,
  p_version integer,
  p_public_title text,
  p_public_problem text,
  p_public_suggestions text,
  p_public_who_should_act text,
  p_comment text default null
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
  v_comment text;
begin
  v_sub := private.lock_for_teacher(p_submission_id, p_version);
  if v_sub.state <> 'submitted' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;

  v_title := private.input_text(p_public_title, 'public_title', 1000);
  v_problem := private.input_text(p_public_problem, 'public_problem', 20000);
  v_suggestions := private.input_text(p_public_suggestions, 'public_suggestions', 20000);
  v_who := private.input_text(p_public_who_should_act, 'public_who_should_act', 1000);
  v_comment := private.input_text(p_comment, 'comment', 10000, false);

  update public.submissions
  set state = 'approved',
      forwarded_at = now(),
      public_title = v_title,
      public_problem = v_problem,
      public_suggestions = v_suggestions,
      public_who_should_act = v_who
  where id = v_sub.id;

  insert into public.submission_events (submission_id, actor_id, from_state, to_state, comment)
  values (v_sub.id, v_uid, 'submitted', 'approved', v_comment);

  insert into public.notifications (recipient_id, submission_id, kind)
  values (v_sub.author_id, v_sub.id, 'approved');
end;
$$;

comment on function public.approve_submission(uuid, integer, text, text, text, text, text) is
$$A teacher of the submission's class approves it and forwards its public copy to the district's staff.
Inputs: p_submission_id; p_version: the version the teacher was shown; p_public_title (≤ 1000),
p_public_problem (≤ 20000), p_public_suggestions (≤ 20000), p_public_who_should_act (≤ 1000): the
public copy, required (the app pre-fills it with the detected personal details masked and
re-screens it on the server before calling); p_comment optional (≤ 10000, blank = none).
Effect: submitted → approved, forwarded_at = now(), public copy stored (what district_inbox and,
once answered, published_answers show; the original stays inside the school), version + 1, event
with the comment, notification `approved` to the author.
Errors: 42501 not_allowed (not a teacher of its class); PT404 not_found; PT409 stale_version;
P0001 invalid_state (not submitted; escalated ones included), field_required:public_<field>,
field_too_long:public_<field>, field_too_long:comment.$$;

-- reject_submission -----------------------------------------------------------
create or replace function public.reject_submission(
  p_submission_id uuid,
  p_version integer,
  p_reason public.rejection_reason,
  p_comment text default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_sub public.submissions;
  v_comment text;
begin
  v_sub := private.lock_for_teacher(p_submission_id, p_version);
  if v_sub.state <> 'submitted' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  if p_reason is null then
    raise exception using errcode = 'P0001', message = 'field_required:reason';
  end if;
  v_comment := private.input_text(p_comment, 'comment', 10000, false);

  update public.submissions set state = 'rejected', rejection_reason = p_reason where id = v_sub.id;

  insert into public.submission_events (submission_id, actor_id, from_state, to_state, comment)
  values (v_sub.id, v_uid, 'submitted', 'rejected', v_comment);

  insert into public.notifications (recipient_id, submission_id, kind)
  values (v_sub.author_id, v_sub.id, 'rejected');
end;
$$;

comment on function public.reject_submission(uuid, integer, public.rejection_reason, text) is
$$A teacher of the submission's class turns it down with a reason the child can understand.
Inputs: p_submission_id; p_version: the version the teacher was shown; p_reason: not_suitable |
duplicate | not_a_proposal (required); p_comment optional (≤ 10000, blank = none): a kind word
to the child.
Effect: submitted → rejected (final; it never leaves the class), rejection_reason = p_reason,
version + 1, event with the comment (my_submissions.teacher_comment), notification `rejected`
to the author.
Errors: 42501 not_allowed (not a teacher of its class); PT404 not_found; PT409 stale_version;
P0001 invalid_state (not submitted), field_required:reason, field_too_long:comment. A p_reason
that is not a rejection_reason fails before the function runs (22P02).$$;

-- escalate_submission ---------------------------------------------------------
create or replace function public.escalate_submission(
  p_submission_id uuid,
  p_version integer,
  p_reason text
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_sub public.submissions;
  v_reason text;
  v_school_id uuid;
begin
  v_sub := private.lock_for_teacher(p_submission_id, p_version);
  -- Before it is public: an answered item is already on the public page.
  if v_sub.state not in ('submitted', 'returned', 'rejected', 'approved') then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  v_reason := private.input_text(p_reason, 'reason', 4000);
  v_school_id := private.school_of_class(v_sub.class_id);

  update public.submissions set state = 'escalated', rejection_reason = null where id = v_sub.id;

  -- The reason is the leads' business: it goes in their log, not in the event the child reads.
  insert into public.submission_events (submission_id, actor_id, from_state, to_state)
  values (v_sub.id, v_uid, v_sub.state, 'escalated');

  insert into public.safeguarding_actions (submission_id, school_id, actor_id, kind, note)
  values (v_sub.id, v_school_id, v_uid, 'escalated', v_reason);

  perform private.notify_leads(v_sub.id, v_school_id);
end;
$$;

comment on function public.escalate_submission(uuid, integer, text) is
$$A teacher of the submission's class raises a safeguarding concern about it.
Inputs: p_submission_id; p_version: the version the teacher was shown; p_reason required
(≤ 4000): what worries them, for the safeguarding leads only.
Effect: submitted, returned, rejected or approved (pulled back from the district's inbox) →
escalated: out of the class queue and the inbox, never public; version + 1; event (no comment);
safeguarding_actions `escalated` with the reason; notification `escalated` to each safeguarding
lead of the school.
Errors: 42501 not_allowed (not a teacher of its class); PT404 not_found; PT409 stale_version;
P0001 invalid_state (answered or already escalated), field_required:reason, field_too_long:reason.$$;

-- record_safeguarding_action --------------------------------------------------
create or replace function public.record_safeguarding_action(
  p_submission_id uuid,
  p_version integer,
  p_kind public.safeguarding_action_kind,
  p_note text default null
)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_sub public.submissions;
  v_note text;
  v_status text;
  v_id bigint;
begin
  v_sub := private.lock_for_lead(p_submission_id, p_version);
  if v_sub.state <> 'escalated' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  if p_kind is null then
    raise exception using errcode = 'P0001', message = 'field_required:kind';
  end if;
  if p_kind not in ('note', 'contacted_guardian', 'contacted_counsellor', 'contacted_police', 'closed', 'reopened') then
    raise exception using errcode = 'P0001', message = 'field_invalid:kind';
  end if;
  v_status := private.safeguarding_status(v_sub.id);
  if (p_kind = 'closed' and v_status = 'closed') or (p_kind = 'reopened' and v_status = 'open') then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  v_note := private.input_text(p_note, 'note', 4000, p_kind = 'note');

  insert into public.safeguarding_actions (submission_id, school_id, actor_id, kind, note)
  values (v_sub.id, private.school_of_class(v_sub.class_id), v_uid, p_kind, v_note)
  returning id into v_id;
  return v_id;
end;
$$;

comment on function public.record_safeguarding_action(uuid, integer, public.safeguarding_action_kind, text) is
$$A safeguarding lead of the item's school records what they did.
Inputs: p_submission_id; p_version: the version the lead was shown; p_kind: note |
contacted_guardian | contacted_counsellor | contacted_police | closed | reopened; p_note (≤ 4000):
required for note, optional otherwise.
Effect: one safeguarding_actions row (append-only; the item stays escalated and its version does
not change); closed / reopened change the case's status (safeguarding_queue). Returns its id.
Errors: 42501 not_allowed (not a safeguarding lead of its school); PT404 not_found; PT409
stale_version; P0001 invalid_state (not escalated; closing a closed case; reopening an open one),
field_required:kind, field_invalid:kind (flagged, escalated and released are written by the other
functions), field_required:note, field_too_long:note.$$;

-- release_submission ----------------------------------------------------------
create or replace function public.release_submission(
  p_submission_id uuid,
  p_version integer,
  p_reason text
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_sub public.submissions;
  v_reason text;
begin
  v_sub := private.lock_for_lead(p_submission_id, p_version);
  if v_sub.state <> 'escalated' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  v_reason := private.input_text(p_reason, 'reason', 4000);

  -- Back to the class queue as it was sent; the flags stay as history.
  update public.submissions set state = 'submitted' where id = v_sub.id;

  insert into public.submission_events (submission_id, actor_id, from_state, to_state)
  values (v_sub.id, v_uid, 'escalated', 'submitted');

  insert into public.safeguarding_actions (submission_id, school_id, actor_id, kind, note)
  values (v_sub.id, private.school_of_class(v_sub.class_id), v_uid, 'released', v_reason);

  insert into public.notifications (recipient_id, submission_id, kind)
  select ct.teacher_id, v_sub.id, 'submitted'
  from public.class_teachers ct
  where ct.class_id = v_sub.class_id;
end;
$$;

comment on function public.release_submission(uuid, integer, text) is
$$A safeguarding lead of the item's school releases a wrongly flagged item back to its class.
Inputs: p_submission_id; p_version: the version the lead was shown; p_reason required (≤ 4000):
why it is not a concern, for the safeguarding log.
Effect: escalated → submitted (in the class queue again, flags kept as history; class_queue.released
= true), version + 1, event escalated → submitted (no comment), safeguarding_actions `released`
with the reason, notification `submitted` to each teacher of the class.
Errors: 42501 not_allowed (not a safeguarding lead of its school); PT404 not_found; PT409
stale_version; P0001 invalid_state (not escalated), field_required:reason, field_too_long:reason.$$;

-- safeguarding_queue ----------------------------------------------------------
create or replace function public.safeguarding_queue(
  p_status text default 'open',
  p_limit integer default 20,
  p_offset integer default 0
)
returns table (
  id uuid,
  school_name_zh text,
  school_name_en text,
  class_name text,
  age_band public.age_band,
  escalated_at timestamptz,
  escalated_by public.app_role,
  safeguarding_types text[],
  flagged_wording text[],
  status text,
  last_action public.safeguarding_action_kind,
  last_action_at timestamptz,
  version integer,
  total bigint
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_schools uuid[];
begin
  if v_uid is null or private.current_app_role() is distinct from 'teacher' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  v_schools := private.my_lead_school_ids();
  if cardinality(v_schools) = 0 then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if p_status is null or p_status not in ('open', 'closed') then
    raise exception using errcode = 'P0001', message = 'field_invalid:status';
  end if;
  if p_limit is null or p_limit not between 1 and 100 or p_offset is null or p_offset < 0 then
    raise exception using errcode = 'P0001', message = 'field_invalid:range';
  end if;

  return query
  with items as (
    select
      s.id,
      sc.id as school_id,
      sc.name_zh,
      sc.name_en,
      c.name as class_name,
      s.age_band,
      e.created_at as escalated_at,
      e.actor_role as escalated_by,
      coalesce((select array_agg(distinct x ->> 'type' order by x ->> 'type')
        from jsonb_array_elements(coalesce(s.flags -> 'safeguarding', '[]')) as t (x)), '{}') as types,
      coalesce((select array_agg(x ->> 'text' order by n)
        from jsonb_array_elements(coalesce(s.flags -> 'safeguarding', '[]')) with ordinality as t (x, n)), '{}') as wording,
      private.safeguarding_status(s.id) as status,
      la.kind as last_kind,
      la.created_at as last_at,
      s.version
    from public.submissions s
    join public.classes c on c.id = s.class_id
    join public.schools sc on sc.id = c.school_id
    left join lateral (
      select ev.created_at, ev.actor_role from public.submission_events ev
      where ev.submission_id = s.id and ev.to_state = 'escalated' order by ev.id desc limit 1
    ) e on true
    left join lateral (
      select a.kind, a.created_at from public.safeguarding_actions a
      where a.submission_id = s.id order by a.id desc limit 1
    ) la on true
    where s.state = 'escalated' and c.school_id = any (v_schools)
  ),
  chosen as (
    select i.*, count(*) over () as total
    from items i
    where i.status = p_status
    order by
      case when p_status = 'open' then i.escalated_at end asc,
      case when p_status = 'closed' then i.last_at end desc,
      i.id
    limit p_limit offset p_offset
  ),
  -- Every item shown is a read of it (a data-modifying WITH runs once, whatever the query reads).
  logged as (
    insert into public.safeguarding_access_log (submission_id, school_id, reader_id, context)
    select ch.id, ch.school_id, v_uid, 'queue' from chosen ch
  )
  select ch.id, ch.name_zh, ch.name_en, ch.class_name, ch.age_band, ch.escalated_at, ch.escalated_by,
    ch.types, ch.wording, ch.status, ch.last_kind, ch.last_at, ch.version, ch.total
  from chosen ch
  order by
    case when p_status = 'open' then ch.escalated_at end asc,
    case when p_status = 'closed' then ch.last_at end desc,
    ch.id;
end;
$$;

comment on function public.safeguarding_queue(text, integer, integer) is
$$A safeguarding lead's private queue: the escalated items of the schools they lead, with the
safeguarding types and the flagged wording the check found.
Inputs: p_status: open (default; oldest escalation first) or closed (latest action first);
p_limit 1–100 (default 20), p_offset ≥ 0: one page.
Effect: every item returned is logged in safeguarding_access_log (context queue, the caller, now).
Returns the page's rows with total = how many items have that status (0 rows when none):
id, school and class names, age band, escalated_at and escalated_by (the role that escalated it:
student = the check on the child's own submission, teacher = a teacher), safeguarding_types,
flagged_wording, status, the latest action and when, version.
Errors: 42501 not_allowed (not a teacher who is a safeguarding lead); P0001 field_invalid:status,
field_invalid:range.$$;

-- safeguarding_counts ---------------------------------------------------------
create or replace function public.safeguarding_counts()
returns table (status text, total bigint)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_schools uuid[];
begin
  if (select auth.uid()) is null or private.current_app_role() is distinct from 'teacher' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  v_schools := private.my_lead_school_ids();
  if cardinality(v_schools) = 0 then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  return query
  select st.status, count(s.id)
  from (values ('open'), ('closed')) as st (status)
  left join (
    select s.id, private.safeguarding_status(s.id) as status
    from public.submissions s
    join public.classes c on c.id = s.class_id
    where s.state = 'escalated' and c.school_id = any (v_schools)
  ) s on s.status = st.status
  group by st.status
  order by st.status desc;
end;
$$;

comment on function public.safeguarding_counts() is
$$How many escalated items of the schools the caller leads are open and closed (the queue's tabs).
Counts only: nothing of the items is read, so nothing is logged.
Effect: none (read only). Returns two rows (status open / closed, total).
Errors: 42501 not_allowed (not a teacher who is a safeguarding lead).$$;

-- safeguarding_item -----------------------------------------------------------
create or replace function public.safeguarding_item(p_submission_id uuid)
returns table (
  id uuid,
  school_name_zh text,
  school_name_en text,
  class_name text,
  age_band public.age_band,
  author_display_name text,
  student_number integer,
  title text,
  problem text,
  suggestions text,
  who_should_act text,
  flags jsonb,
  submitted_at timestamptz,
  escalated_at timestamptz,
  escalated_by public.app_role,
  status text,
  version integer
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_sub public.submissions;
  v_school_id uuid;
begin
  if v_uid is null or private.current_app_role() is distinct from 'teacher' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select s.* into v_sub from public.submissions s where s.id = p_submission_id;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  v_school_id := private.school_of_class(v_sub.class_id);
  if not (v_school_id = any (private.my_lead_school_ids())) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if v_sub.state <> 'escalated' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;

  insert into public.safeguarding_access_log (submission_id, school_id, reader_id, context)
  values (v_sub.id, v_school_id, v_uid, 'detail');

  return query
  select v_sub.id, sc.name_zh, sc.name_en, c.name, v_sub.age_band, p.display_name, cs.student_number::integer,
    v_sub.title, v_sub.problem, v_sub.suggestions, v_sub.who_should_act, v_sub.flags, v_sub.submitted_at,
    e.created_at, e.actor_role, private.safeguarding_status(v_sub.id), v_sub.version
  from public.classes c
  join public.schools sc on sc.id = c.school_id
  left join public.profiles p on p.id = v_sub.author_id
  left join public.class_students cs on cs.student_id = v_sub.author_id and cs.class_id = v_sub.class_id
  left join lateral (
    select ev.created_at, ev.actor_role from public.submission_events ev
    where ev.submission_id = v_sub.id and ev.to_state = 'escalated' order by ev.id desc limit 1
  ) e on true
  where c.id = v_sub.class_id;
end;
$$;

comment on function public.safeguarding_item(uuid) is
$$A safeguarding lead opens an escalated item of a school they lead: the child's whole text, the
screening flags, who the child is inside the school (nickname, class, student number) and the
case status. Its case log is in safeguarding_actions.
Inputs: p_submission_id.
Effect: logs the read in safeguarding_access_log (context detail, the caller, now). Returns one row.
Errors: 42501 not_allowed (not a safeguarding lead of its school); PT404 not_found; P0001
invalid_state (not escalated, e.g. released meanwhile).$$;

-- designate_safeguarding_lead / remove_safeguarding_lead -----------------------
create or replace function public.designate_safeguarding_lead(p_school_id uuid, p_lead_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if not exists (select 1 from public.schools s where s.id = p_school_id) then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if not exists (select 1 from public.profiles p where p.id = p_lead_id and p.role = 'teacher') then
    raise exception using errcode = 'P0001', message = 'lead_not_teacher';
  end if;
  insert into public.school_safeguarding_leads (school_id, lead_id, designated_by)
  values (p_school_id, p_lead_id, (select auth.uid()))
  on conflict do nothing;
end;
$$;

comment on function public.designate_safeguarding_lead(uuid, uuid) is
$$An admin designates a teacher or counsellor (an account with role teacher) as a safeguarding
lead of a school.
Inputs: p_school_id; p_lead_id: the account's id.
Effect: school_safeguarding_leads row (designated_by = the admin, created_at); nothing when it
exists already. The lead then reads the school's escalated items through safeguarding_queue and
safeguarding_item and is notified of new ones.
Errors: 42501 not_allowed (not an admin); PT404 not_found (no such school); P0001
lead_not_teacher (no such account, or not role teacher).$$;

create or replace function public.remove_safeguarding_lead(p_school_id uuid, p_lead_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  delete from public.school_safeguarding_leads l where l.school_id = p_school_id and l.lead_id = p_lead_id;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
end;
$$;

comment on function public.remove_safeguarding_lead(uuid, uuid) is
$$An admin ends a safeguarding lead's designation for a school.
Inputs: p_school_id, p_lead_id.
Effect: deletes the school_safeguarding_leads row; the account no longer reads the school's
escalated items (their earlier actions and reads stay in the logs).
Errors: 42501 not_allowed (not an admin); PT404 not_found (no such designation).$$;

-- answer_submission: the public copy, never the original, is published ---------
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
    (v_sub.id, v_edition, v_sub.public_title, p_decision, v_reply, v_district.name_zh, v_district.name_en, v_now);

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
the public copy in published_answers + published_answer_goals (the teacher's public title — never
the child's original —, decision, reply, district names, answered_at, edition; no author, class or
school); notification `answered` to the author.
Of two staff answering at once, the first wins; the second gets stale_version.
Returns the answer id.
Errors: 42501 not_allowed (not staff of its district); PT404 not_found; PT409 stale_version;
P0001 invalid_state (not approved), field_required:decision, field_required:reply,
field_too_long:reply, goal_required, goal_unknown (also more than 100 ids).$$;

-- ============================================================================
-- Grants
-- ============================================================================
-- The child's original words and the screening result: inside the school only, through the views.
revoke select (title, problem, suggestions, who_should_act) on public.submissions from authenticated;
grant select (public_title, public_problem, public_suggestions, public_who_should_act, rejection_reason)
  on public.submissions to authenticated;

revoke all on public.school_safeguarding_leads, public.safeguarding_actions, public.safeguarding_access_log from anon;
revoke insert, update, delete, truncate, references, trigger
  on public.school_safeguarding_leads, public.safeguarding_actions, public.safeguarding_access_log
  from authenticated;
grant select on public.school_safeguarding_leads, public.safeguarding_actions, public.safeguarding_access_log
  to authenticated;

revoke execute on function
  public.submit_proposal(text, text, text, text, uuid, jsonb),
  public.resubmit_proposal(uuid, integer, text, text, text, text, jsonb),
  public.approve_submission(uuid, integer, text, text, text, text, text),
  public.reject_submission(uuid, integer, public.rejection_reason, text),
  public.escalate_submission(uuid, integer, text),
  public.record_safeguarding_action(uuid, integer, public.safeguarding_action_kind, text),
  public.release_submission(uuid, integer, text),
  public.safeguarding_queue(text, integer, integer),
  public.safeguarding_counts(),
  public.safeguarding_item(uuid),
  public.designate_safeguarding_lead(uuid, uuid),
  public.remove_safeguarding_lead(uuid, uuid),
  public.answer_submission(uuid, integer, public.answer_decision, text, uuid[])
  from public, anon, service_role;
grant execute on function
  public.submit_proposal(text, text, text, text, uuid, jsonb),
  public.resubmit_proposal(uuid, integer, text, text, text, text, jsonb),
  public.approve_submission(uuid, integer, text, text, text, text, text),
  public.reject_submission(uuid, integer, public.rejection_reason, text),
  public.escalate_submission(uuid, integer, text),
  public.record_safeguarding_action(uuid, integer, public.safeguarding_action_kind, text),
  public.release_submission(uuid, integer, text),
  public.safeguarding_queue(text, integer, integer),
  public.safeguarding_counts(),
  public.safeguarding_item(uuid),
  public.designate_safeguarding_lead(uuid, uuid),
  public.remove_safeguarding_lead(uuid, uuid),
  public.answer_submission(uuid, integer, public.answer_decision, text, uuid[])
  to authenticated;

revoke execute on all functions in schema private from public;
grant execute on function
  private.my_lead_school_ids(),
  private.original_text(uuid, text),
  private.original_flags(uuid),
  private.latest_teacher_comment(uuid),
  private.was_released(uuid)
  to authenticated;
