-- ============================================================================
-- A plan for each request's own values (plan_cache_mode for the API roles)
-- ============================================================================
-- The Data API runs every statement prepared (PostgREST's default, and the stand-in's), and after
-- five runs Postgres may keep one generic plan for the statement, made without the values. A
-- generic plan cannot use a partial index whose predicate only the value proves: the lists'
-- tabs filter `state = $2`, and their pages are read from one partial index per tab (the class
-- queue, 20261130004000; the staff inbox, 20261130000500). Measured on the city benchmark's data
-- (10^6 submissions): the class queue's waiting tab took 3 ms with its custom plan and 19 ms with
-- the generic one, which read every row of the class and sorted them; which plan Postgres keeps
-- depends on cost estimates, so a page could turn slow without any change.
--
-- So the roles the Data API switches to plan each statement for its values. PostgREST applies an
-- impersonated role's own settings in each request's transaction (since 11.1; the stand-in does
-- the same, supabase/local/api/schema-cache.ts). Planning these statements costs a fraction of a
-- millisecond; the statements inside the rpc functions are planned per call too (no measurable
-- change to submit_proposal on the benchmark's data). The database owner's sessions (migrations,
-- maintenance) keep the default.

alter role anon set plan_cache_mode = 'force_custom_plan';
alter role authenticated set plan_cache_mode = 'force_custom_plan';

notify pgrst, 'reload config';
