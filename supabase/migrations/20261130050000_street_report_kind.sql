-- ============================================================================
-- Street reports (issue 9 §1): the second kind of submission.
-- ============================================================================
-- `alter type … add value` cannot be used in the transaction that adds it, so it stands alone:
-- the next migration (20261130050100_street_reports.sql) uses the new value.
alter type public.submission_kind add value if not exists 'street_report';
