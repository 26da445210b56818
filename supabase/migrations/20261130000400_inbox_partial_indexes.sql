-- ============================================================================
-- The staff inbox's tabs, one partial index each
-- ============================================================================
-- Under RLS a query's `state = 'approved'` cannot be an index condition: enum equality is not
-- leakproof, so Postgres applies it only after the policy. A partial index whose predicate the
-- query implies still serves it (the planner proves the predicate from the query's quals):
-- counts per tab become index-only scans of one district's rows in that state, and pages are
-- read in forwarding order. Measured in rolled-back transactions at 10^6 submissions (see
-- BENCHMARKS.md "City scale"): the waiting tab's count 4,342 ms (cold) → 84 ms.
create index submissions_inbox_waiting_idx
  on public.submissions (district_id, forwarded_at, id) where state = 'approved';
create index submissions_inbox_answered_idx
  on public.submissions (district_id, forwarded_at, id) where state = 'answered';
