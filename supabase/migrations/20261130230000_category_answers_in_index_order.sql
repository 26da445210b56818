-- A category page's answers in index order (issue 11 §7).
--
-- Measured at 10^5 submissions, the page (public_category_answers where edition and category,
-- order by answered_at desc, submission_id, limit 20) read and sorted every answer of the
-- category (21,754 rows) before the limit: 73–427 ms. The cause is row level security: an enum
-- comparison (enum_eq) is not leakproof, so under RLS `category = $2` is an index condition but
-- never an equivalence class, and Postgres cannot see that published_answer_categories_page_idx
-- (edition, category, answered_at desc, submission_id) is in (answered_at desc, submission_id)
-- order once the category is fixed. It can prove a partial index's predicate, as the review
-- queue's partial indexes per state already rely on: one partial index per category, in the page's
-- order, makes the page the first 20 entries of an index, each joined to its published answer by
-- primary key (measured: 1.1 ms instead of 833 ms for the same 20 rows, as anon).
-- A new value of public.ledger_category needs its own index here (the enum has five, fixed by
-- the ledger's five categories).
--
-- The view now also takes submission_id from published_answer_categories (the same value: the
-- join is on it), so both columns of the order are the index's. Same columns, same rows.

create index published_answer_categories_policy_page_idx
  on public.published_answer_categories (edition, answered_at desc, submission_id) where category = 'policy';
create index published_answer_categories_service_page_idx
  on public.published_answer_categories (edition, answered_at desc, submission_id) where category = 'service';
create index published_answer_categories_rights_page_idx
  on public.published_answer_categories (edition, answered_at desc, submission_id) where category = 'rights';
create index published_answer_categories_space_page_idx
  on public.published_answer_categories (edition, answered_at desc, submission_id) where category = 'space';
create index published_answer_categories_environment_page_idx
  on public.published_answer_categories (edition, answered_at desc, submission_id) where category = 'environment';

create or replace view public.public_category_answers
with (security_invoker = true)
as
select
  pc.edition,
  pc.category,
  pc.submission_id,
  pa.title,
  pc.decision,
  pa.reply,
  pa.district_name_zh,
  pa.district_name_en,
  pc.answered_at,
  pa.cosigners
from public.published_answer_categories pc
join public.published_answers pa on pa.submission_id = pc.submission_id;

comment on view public.public_category_answers is
  'Published answers per ledger edition and category of their goals, once each (the public copy: teacher''s title, decision, reply, district), newest first in the order of the per-category indexes published_answer_categories_<category>_page_idx (order by answered_at desc, submission_id). No child identity.';

notify pgrst, 'reload schema';
