-- ============================================================================
-- The answered items a staff member exports (issue 11 §5): by what they may read
-- ============================================================================
-- The export matched published answers by the district's name, so department-only and
-- street-office-only staff got none. This view is the public copy of the answered items whose
-- submission the caller may read (security_invoker: the submissions' select policy decides:
-- their districts', and those routed to their departments or street offices; admins all).
-- Only published_answers' columns: no author, class, school or account, ever.
create view public.my_answered_items
with (security_invoker = true) as
select pa.submission_id, pa.title, pa.decision, pa.reply, pa.district_name_zh, pa.district_name_en, pa.answered_at,
  pa.progress_stage, pa.progress_note, pa.cosigners
from public.published_answers pa
-- Staff and admins only (a child reads their own submission, but this list is the staff's export).
where (select private.current_app_role()) in ('staff', 'admin')
  and exists (select 1 from public.submissions s where s.id = pa.submission_id);

comment on view public.my_answered_items is
$$The public copy of the answered items whose submission the caller may read (RLS of submissions:
staff their districts' and those routed to their departments or street offices, admins all).
Columns: submission_id, title, decision, reply, district_name_zh, district_name_en, answered_at,
progress_stage, progress_note, cosigners (published_answers' columns only).$$;

revoke all on public.my_answered_items from anon, authenticated;
grant select on public.my_answered_items to authenticated;

notify pgrst, 'reload schema';
