-- A child is told when children of their school co-sign what they sent (issue 9 §5): its own
-- file, as `alter type … add value` must be committed before the value is used.
alter type public.notification_kind add value if not exists 'cosigned';
