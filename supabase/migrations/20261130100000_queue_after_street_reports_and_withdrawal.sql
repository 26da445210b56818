-- The review queue after street reports and withdrawal: the "dangerous now" flag, no withdrawn items
-- ============================================================================
-- 20261130080000 left class_queue_cards.dangerous_now false for every row until street reports
-- landed (20261130050100). Same view, same columns and types: the flag is now true for a street
-- report whose child said "it's dangerous now" (street_reports.urgency = 'urgent'), read through
-- the caller's RLS on street_reports (security_invoker) by its primary key, one row per card.
-- A withdrawn item (20261130070100: the child took it back) leaves the queue as it leaves
-- class_queue: the cards, their counts per kind and the title search skip it too.
-- Bulk approve leaves street reports to their own review page (photos to confirm, a public copy
-- of the place): bulk_approve answers needs_review for them.

create or replace view public.class_queue_cards
with (security_invoker = true)
as
select
  s.id,
  s.class_id,
  s.kind,
  private.original_text(s.id, 'title') as title,
  s.state,
  s.age_band,
  private.author_display_name(s.id) as author_display_name,
  private.author_student_number(s.id) as student_number,
  s.submitted_at,
  s.updated_at,
  s.version,
  private.has_flag(private.original_flags(s.id), 'personal_details') as personal_details,
  -- A safeguarding signal on an item in the class queue: a lead released it (wrongly flagged).
  private.has_flag(private.original_flags(s.id), 'safeguarding') or private.was_released(s.id) as safeguarding,
  -- A street report its child called "dangerous now": the teacher sees it at once.
  coalesce((select r.urgency = 'urgent' from public.street_reports r where r.submission_id = s.id), false) as dangerous_now
from public.submissions s
where s.class_id = any ((select private.my_queue_class_ids())::uuid[])
  and s.state <> 'escalated'
  and s.state <> 'withdrawn';

comment on view public.class_queue_cards is
  'class_queue''s rows as the queue''s cards: kind, original title, state, age band, the child''s nickname and number, times, version, and flags (personal details, safeguarding, dangerous_now). Read one class at a time (class_id = …).';

create or replace function public.bulk_approve(p_items jsonb)
returns table (submission_id uuid, outcome text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_item jsonb;
  v_id uuid;
  v_version integer;
  v_sub public.submissions;
  v_outcome text;
begin
  if (select auth.uid()) is null or private.current_app_role() is distinct from 'teacher' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if p_items is null or jsonb_typeof(p_items) <> 'array' then
    raise exception using errcode = 'P0001', message = 'invalid_items';
  end if;
  if jsonb_array_length(p_items) > 100 then
    raise exception using errcode = 'P0001', message = 'too_many_items';
  end if;
  for v_item in select x from jsonb_array_elements(p_items) as t (x) loop
    if jsonb_typeof(v_item) <> 'object'
       or coalesce(v_item ->> 'id', '') !~ '^[0-9a-fA-F-]{36}$'
       or coalesce(v_item ->> 'version', '') !~ '^[0-9]{1,9}$' then
      raise exception using errcode = 'P0001', message = 'invalid_items';
    end if;
    v_id := (v_item ->> 'id')::uuid;
    v_version := (v_item ->> 'version')::integer;
    begin
      v_sub := private.lock_for_teacher(v_id, v_version);
      if v_sub.state <> 'submitted' then
        raise exception using errcode = 'P0001', message = 'invalid_state';
      end if;
      -- A street report has its own review (photos to confirm, a public copy of the place).
      if v_sub.kind <> 'proposal' then
        raise exception using errcode = 'P0001', message = 'needs_review';
      end if;
      if private.has_flag(v_sub.flags, 'personal_details') or private.has_flag(v_sub.flags, 'safeguarding')
         or private.was_released(v_sub.id) then
        raise exception using errcode = 'P0001', message = 'flagged';
      end if;
      -- A clean item's public copy is its text.
      perform public.approve_submission(
        v_sub.id, v_version, v_sub.title, v_sub.problem, v_sub.suggestions, v_sub.who_should_act);
      v_outcome := 'approved';
    exception
      when sqlstate 'PT409' then v_outcome := 'changed';
      when sqlstate 'P0001' then
        v_outcome := case sqlerrm when 'invalid_state' then 'changed' when 'flagged' then 'flagged' else 'needs_review' end;
      when sqlstate '42501' or sqlstate 'PT404' then v_outcome := 'not_allowed';
    end;
    submission_id := v_id;
    outcome := v_outcome;
    return next;
  end loop;
end;
$$;

comment on function public.bulk_approve(jsonb) is
$$A teacher approves several clean items at once, each against the version they were shown.
Inputs: p_items: a JSON array of at most 100 {"id": uuid, "version": integer}.
Result: one row per item, in order (submission_id, outcome): approved; changed (another version
or no longer waiting); flagged (personal details or a safeguarding signal: review it on its own);
needs_review (its text cannot be the public copy as it is, or a street report, which has a review of its own); not_allowed (not a teacher of its
class, or no such item).
Effect: each approved item as approve_submission with its text as the public copy; each item in
its own subtransaction (one refused item does not undo the others).
Errors: 42501 not_allowed (not a teacher); P0001 invalid_items, too_many_items.$$;

create or replace view public.class_queue_kind_counts
with (security_invoker = true)
as
select s.class_id, s.state, s.kind, count(*)::integer as submissions
from public.submissions s
where s.class_id = any ((select private.my_queue_class_ids())::uuid[])
  and s.state <> 'escalated'
  and s.state <> 'withdrawn'
group by s.class_id, s.state, s.kind;

comment on view public.class_queue_kind_counts is
  'class_queue''s rows per class, state and kind (the tabs'' totals under a kind filter); a class has hundreds at most.';

create or replace function public.class_queue_search(p_class_id uuid, p_query text, p_kind text default null)
returns table (id uuid, state public.submission_state, kind public.submission_kind, submitted_at timestamptz, updated_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_role public.app_role := private.current_app_role();
  v_query text := lower(btrim(coalesce(p_query, '')));
begin
  if v_role is null or v_role not in ('teacher', 'admin') then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if char_length(v_query) > 50 then
    raise exception using errcode = 'P0001', message = 'field_too_long:query';
  end if;
  if v_query = '' then
    raise exception using errcode = 'P0001', message = 'field_required:query';
  end if;
  if not exists (select 1 from public.classes c where c.id = p_class_id) then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if v_role = 'teacher' and not private.teaches_class(p_class_id) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  return query
    select s.id, s.state, s.kind, s.submitted_at, s.updated_at
    from public.submissions s
    where s.class_id = p_class_id
      and s.state <> 'escalated'
      and s.state <> 'withdrawn'
      and (p_kind is null or s.kind::text = p_kind)
      and strpos(lower(s.title), v_query) > 0
    order by s.updated_at desc, s.id
    limit 200;
end;
$$;

comment on function public.class_queue_search(uuid, text, text) is
$$Items of one class whose title contains the query (any characters, "路灯" too; case-insensitive),
for the queue's search.
Inputs: p_class_id (a class the caller teaches; admins: any); p_query (1–50 characters after
trimming); p_kind (a submission_kind, or null for every kind).
Result: up to 200 rows (id, state, kind, submitted_at, updated_at), newest change first; escalated
items never. The app reads the cards of the page it shows from class_queue_cards.
Effect: none (reads). Bounded by the class's rows (read from its index), not the city's.
Errors: 42501 not_allowed; PT404 not_found; P0001 field_required:query, field_too_long:query.$$;
