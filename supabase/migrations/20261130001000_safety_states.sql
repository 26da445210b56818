-- ============================================================================
-- Safety layer, part 1: the new enum values (issue 7)
-- ============================================================================
-- A new enum value cannot be used in the transaction that adds it, so they come first, alone.
--   submission_state  escalated: a safeguarding concern (found by the check on submit, or raised
--                     by a teacher); only the school's safeguarding leads handle it; never
--                     forwarded, never public.
--                     rejected: a teacher turned it down with a reason; it never leaves the class.
--   notification_kind rejected → the author; escalated → the school's safeguarding leads.
alter type public.submission_state add value if not exists 'escalated';
alter type public.submission_state add value if not exists 'rejected';
alter type public.notification_kind add value if not exists 'rejected';
alter type public.notification_kind add value if not exists 'escalated';
