-- ============================================================================
-- The class queue, one class at a time, read in each tab's order from an index
-- ============================================================================
-- The teacher's queue filtered on every class the teacher teaches (`class_id = any(…)`), so
-- Postgres read all of those classes' rows, sorted them and kept 20: the page's cost grew with
-- the classes' sizes (BENCHMARKS.md "City scale": the waiting tab 4.1 → 11.9 ms from 10^5 to 10^6
-- submissions). The page now shows one class at a time (`?class=`, as the staff inbox shows one
-- district): `class_id = <one id>` is a leakproof comparison, so under RLS it is an index
-- condition, and each tab's page is the first 20 entries of an index in the tab's order
-- (the id breaks ties, as the pages order by it last):
--   * waiting (submitted, oldest sent first):  (class_id, submitted_at, id) where submitted
--   * one state (newest change first):          (class_id, updated_at desc, id) where <that state>
--   * all (newest change first):                (class_id, updated_at desc, id)
-- One partial index per state, not (class_id, state, …): an enum comparison is not leakproof, so
-- under RLS `state = 'answered'` cannot be an index condition, but it does select a partial
-- index whose predicate it matches (as the staff inbox's tabs do). Together the partial ones are
-- the size of one index, and a write touches only the one its state matches.
-- They replace (class_id, state, submitted_at) and (class_id, updated_at), which lacked the id
-- (an extra sort step) and the state tabs' order. The full one also serves the foreign key.

create index submissions_class_waiting_idx
  on public.submissions (class_id, submitted_at, id)
  where state = 'submitted';

create index submissions_class_returned_idx
  on public.submissions (class_id, updated_at desc, id)
  where state = 'returned';

create index submissions_class_approved_idx
  on public.submissions (class_id, updated_at desc, id)
  where state = 'approved';

create index submissions_class_answered_idx
  on public.submissions (class_id, updated_at desc, id)
  where state = 'answered';

create index submissions_class_rejected_idx
  on public.submissions (class_id, updated_at desc, id)
  where state = 'rejected';

create index submissions_class_all_idx
  on public.submissions (class_id, updated_at desc, id);

drop index public.submissions_class_state_submitted_idx;
drop index public.submissions_class_updated_idx;
