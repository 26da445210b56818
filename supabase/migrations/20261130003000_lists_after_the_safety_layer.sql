-- ============================================================================
-- The lists of 20261130000500 with the safety layer of 20261130001100
-- ============================================================================
-- 20261130001100 re-created district_inbox from the view before 20261130000500 (answered_at from
-- the answer, district_id from the joined district), and class_queue stopped listing escalated
-- items. Both lists keep their index order and their totals:
--   * district_inbox: the public copy (safety layer) with submissions.answered_at and
--     submissions.district_id, which the per-tab indexes order and filter on;
--   * class_queue_counts: the same rows as class_queue (no escalated ones), so the tabs' totals
--     match the list.

create or replace view public.district_inbox
with (security_invoker = true)
as
select
  s.id,
  s.district_id,
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
  s.answered_at,
  s.version
from public.submissions s
join public.classes c on c.id = s.class_id
join public.schools sc on sc.id = c.school_id
join public.districts d on d.id = s.district_id
left join public.answers a on a.submission_id = s.id
where s.state in ('approved', 'answered')
  and s.district_id = any ((select private.my_inbox_district_ids())::uuid[]);

comment on view public.district_inbox is
  'Forwarded (approved) and answered submissions of the caller''s districts: the public copy the teacher approved (title, problem, suggestions, who_should_act), never the original. No child identity. answered_at = submissions.answered_at.';

create or replace view public.class_queue_counts
with (security_invoker = true)
as
select s.class_id, s.state, count(*)::integer as submissions
from public.submissions s
where s.class_id = any ((select private.my_queue_class_ids())::uuid[])
  and s.state <> 'escalated'
group by s.class_id, s.state;

comment on view public.class_queue_counts is
  'class_queue''s rows per class and state (escalated ones are the safeguarding leads'', not the class''s); a class has hundreds at most.';

notify pgrst, 'reload schema';
