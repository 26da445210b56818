-- Notifications of routing and progress (issue 11 §2, §3), in a file of their own: a value added
-- by `alter type … add value` cannot be used in the transaction that adds it.
--   overdue  → the staff an overdue forwarded item is routed to (district, department, street office)
--   progress → the author, on each progress update after an answer
alter type public.notification_kind add value if not exists 'overdue';
alter type public.notification_kind add value if not exists 'progress';
