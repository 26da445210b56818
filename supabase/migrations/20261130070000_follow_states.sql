-- ============================================================================
-- Following what happened (issue 9 §4–§5): new enum values, in a file of their own
-- ============================================================================
-- `alter type … add value` cannot be used by later statements of the same transaction, so the
-- values come first, alone.
--   submission_state withdrawn: the child took it back before the teacher acted (final).
--   notification_kind forwarded: staff of the district, an item arrived in their inbox.
--   notification_kind updated: the author, a progress update after the answer (written by the
--     routing work through private.notify).
alter type public.submission_state add value if not exists 'withdrawn';
alter type public.notification_kind add value if not exists 'forwarded';
alter type public.notification_kind add value if not exists 'updated';
