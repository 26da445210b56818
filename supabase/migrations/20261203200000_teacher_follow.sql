-- Issue 11 §2–§3, the teachers' side: after a teacher forwards a proposal or street report, the
-- class's teachers (class teacher and co-teachers) follow what happened to it, read-only.
--
-- What they already read through RLS (teachers of the class read its submissions in any state but
-- escalated, and whatever follows a readable submission): the answer, its goals, the progress
-- updates with their photos, the routing columns and due date on `submissions`. What only the
-- child could read: whether the staff were reminded of an overdue item (private.overdue_reminders,
-- through private.reminded_at for the author). This migration lets the class's teachers read that
-- one fact too, and pre-joins what the teacher's item page shows in one view.

-- The author (as before) or a teacher of the item's class, never while escalated (the item then
-- belongs to the safeguarding leads). my_taught_class_ids() is role teacher only: a safeguarding
-- lead without the class, staff and admins get null here. Reads class_teachers now, so a teacher
-- taken off the class stops reading it with the next statement.
create or replace function private.reminded_at(p_submission_id uuid)
returns timestamptz
language sql
stable
security definer
set search_path = ''
as $$
  select r.first_reminded_at from private.overdue_reminders r
  where r.submission_id = p_submission_id
    and (
      p_submission_id in (select private.own_submission_ids())
      or exists (
        select 1 from public.submissions s
        where s.id = p_submission_id
          and s.state <> 'escalated'
          and s.class_id = any (private.my_taught_class_ids())
      )
    )
$$;

comment on function private.reminded_at(uuid) is
  'When the staff of an overdue submission were first reminded, for its author and the teachers of its class (not while escalated); null otherwise and for anyone else.';

-- One row per forwarded item (approved or answered) of the classes the caller teaches: where it
-- went, when it is due, whether the staff were reminded, and how far the work after the answer
-- is. Teachers only (admins read the staff views); RLS on submissions applies as well.
create or replace view public.class_item_followup
with (security_invoker = true)
as
select
  s.id,
  s.class_id,
  s.kind,
  s.state,
  s.forwarded_at,
  s.due_on,
  private.reminded_at(s.id) as reminded_at,
  d.name_zh as district_name_zh,
  d.name_en as district_name_en,
  dep.name_zh as department_name_zh,
  dep.name_en as department_name_en,
  so.name_zh as street_office_name_zh,
  so.name_en as street_office_name_en,
  s.answered_at,
  s.progress_stage
from public.submissions s
left join public.districts d on d.id = s.district_id
left join public.departments dep on dep.id = s.department_id
left join public.street_offices so on so.id = s.street_office_id
where s.class_id = any ((select private.my_taught_class_ids())::uuid[])
  and s.state in ('approved', 'answered');

comment on view public.class_item_followup is
  'The forwarded (approved or answered) items of the classes the caller teaches: routing (district, department, street office names), forwarded_at, due_on (working days, Asia/Shanghai), reminded_at (the staff were reminded of it overdue), answered_at and the latest progress stage. Teachers of the class only.';

revoke all on public.class_item_followup from anon, authenticated;
grant select on public.class_item_followup to authenticated;

notify pgrst, 'reload schema';
