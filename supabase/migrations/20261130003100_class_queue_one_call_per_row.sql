-- ============================================================================
-- The class queue: one helper call per row instead of one per column
-- ============================================================================
-- Since 20261130001100 the child's original words are not selectable through the Data API, so
-- class_queue reads them, the nickname and the screening flags through security-definer helpers,
-- one call per column and row (original_text × 4, author_display_name, original_flags), each
-- re-running the caller's scope. Measured at 10^6 submissions (BENCHMARKS.md "City scale"), a
-- full page of 20 cost about 0.45 ms a row for the title and nickname alone. Now one call per row
-- returns all of them, with the same rule: a teacher of the class or an admin, never while
-- escalated (class_queue never lists escalated items, and children have no queue).

create or replace function private.queue_texts(p_submission_id uuid)
returns table (
  author_display_name text,
  title text,
  problem text,
  suggestions text,
  who_should_act text,
  flags jsonb
)
language sql
stable
security definer
set search_path = ''
as $$
  select p.display_name, s.title, s.problem, s.suggestions, s.who_should_act, s.flags
  from public.submissions s
  left join public.profiles p on p.id = s.author_id
  where s.id = p_submission_id
    and s.state <> 'escalated'
    and (s.class_id = any ((select private.my_taught_class_ids())::uuid[]) or (select private.is_admin()))
$$;

comment on function private.queue_texts(uuid) is
  'For class_queue: the author''s nickname (null once erased), the original text and the screening flags of a submission, for a teacher of its class or an admin, never while escalated; no row otherwise (security definer).';

create or replace view public.class_queue
with (security_invoker = true)
as
select
  s.id,
  s.class_id,
  c.name as class_name,
  t.author_display_name,
  t.title,
  t.problem,
  t.suggestions,
  t.who_should_act,
  s.state,
  s.submitted_at,
  s.updated_at,
  private.latest_teacher_comment(s.id) as teacher_comment,
  s.version,
  t.flags,
  s.public_title,
  s.public_problem,
  s.public_suggestions,
  s.public_who_should_act,
  s.rejection_reason,
  private.was_released(s.id) as released
from public.submissions s
join public.classes c on c.id = s.class_id
left join lateral private.queue_texts(s.id) t on true
where s.class_id = any ((select private.my_queue_class_ids())::uuid[])
  and s.state <> 'escalated';

revoke execute on function private.queue_texts(uuid) from public;
grant execute on function private.queue_texts(uuid) to authenticated;

notify pgrst, 'reload schema';
