-- ============================================================================
-- Street reports are approved only through their own review
-- ============================================================================
-- approve_submission forwarded any submitted item, so a teacher calling it through the Data API
-- could forward a street report without its public place text and without confirming its photos
-- (approve_street_report's work). It now refuses street reports (invalid_state); the pages never
-- called it for one, and bulk_approve already leaves them for their own review. Otherwise as in
-- 20261130001100.
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
  -- A street report has its own review (approve_street_report: its place, its photos confirmed
  -- one by one before anything is public); this one would forward it without them.
  if v_sub.state <> 'submitted' or v_sub.kind = 'street_report' then
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
P0001 invalid_state (not submitted, escalated ones included; a street report, which
approve_street_report approves), field_required:public_<field>,
field_too_long:public_<field>, field_too_long:comment.$$;
