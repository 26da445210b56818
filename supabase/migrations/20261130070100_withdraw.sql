-- ============================================================================
-- Withdrawal (issue 9 §4): a child takes back what they sent before the teacher acts on it
-- ============================================================================
-- child ──submit──▶ submitted ──withdraw_submission──▶ withdrawn (final)
--                  returned  ──withdraw_submission──▶ withdrawn
-- Which states: `submitted` (nobody has acted on it yet) and `returned` (the teacher asked for a
-- change and the next move is the child's: a child who no longer wants to go on may drop it instead
-- of leaving it open for ever). Never once approved, answered or rejected (the teacher or the
-- city has decided; the public copy may already be out), and never while escalated (a
-- safeguarding concern stays with the school's leads whatever the child does).
-- Withdrawn is final: the child writes a new one to try again. The text stays the child's (their
-- list, tab "all"), leaves the teacher's queue and its counts, and is deleted by retention like
-- anything never published.

-- ============================================================================
-- The teacher's queue and its totals without withdrawn items
-- ============================================================================
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
  and s.state <> 'escalated'
  and s.state <> 'withdrawn';

comment on view public.class_queue is
  'Submissions of the classes the caller teaches (admins: all), escalated and withdrawn ones excepted, with the child''s nickname, the original text, the screening flags and the public copy; teacher_comment = latest return or rejection comment; released = a safeguarding lead released it.';

create or replace view public.class_queue_counts
with (security_invoker = true)
as
select s.class_id, s.state, count(*)::integer as submissions
from public.submissions s
where s.class_id = any ((select private.my_queue_class_ids())::uuid[])
  and s.state <> 'escalated'
  and s.state <> 'withdrawn'
group by s.class_id, s.state;

comment on view public.class_queue_counts is
  'class_queue''s rows per class and state (escalated ones are the safeguarding leads'', withdrawn ones the child''s); a class has hundreds at most.';

-- ============================================================================
-- withdraw_submission
-- ============================================================================
create or replace function public.withdraw_submission(p_submission_id uuid, p_version integer)
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
  select s.* into v_sub from public.submissions s where s.id = p_submission_id for update;
  -- Someone else's submission is as unknown to a child as one that does not exist.
  if not found or v_sub.author_id <> v_uid then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  perform private.check_version(p_version, v_sub.version);
  if v_sub.state not in ('submitted', 'returned') then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;

  update public.submissions set state = 'withdrawn' where id = v_sub.id;

  insert into public.submission_events (submission_id, actor_id, from_state, to_state)
  values (v_sub.id, v_uid, v_sub.state, 'withdrawn');

  -- The teachers' "a new proposal arrived" lines would point at something no longer theirs to read.
  delete from public.notifications n
  where n.submission_id = v_sub.id and n.recipient_id <> v_sub.author_id;
end;
$$;

comment on function public.withdraw_submission(uuid, integer) is
$$The author takes back a submission the teacher has not acted on.
Inputs: p_submission_id; p_version: the version the child was shown.
Effect: submitted or returned → withdrawn (final), version + 1, event <state> → withdrawn; it
leaves the class queue and its counts (class_queue, class_queue_counts); the teachers'
notifications about it are deleted.
Errors: 42501 not_allowed (not a child); PT404 not_found (no such submission, or not the caller's);
PT409 stale_version; P0001 invalid_state (approved, answered, rejected, escalated or already
withdrawn); PT403 class_archived (the class was archived).$$;

revoke execute on function public.withdraw_submission(uuid, integer) from public, anon, service_role;
grant execute on function public.withdraw_submission(uuid, integer) to authenticated;

notify pgrst, 'reload schema';
