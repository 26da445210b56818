-- ============================================================================
-- The author hears of co-signs (附议), one line per item, not one per co-sign (issue 9 §5)
-- ============================================================================
-- Each co-sign adds to the author's unread `cosigned` notification of that submission (its
-- `cosigns`: how many children co-signed since the author last read it) and moves it to the top;
-- once read, the next co-sign starts a new line. A partial unique index makes "one unread line per
-- item and author" a rule, so two co-signs at the same moment add up instead of adding lines.
-- The line's counters (notification_counts) follow from the insert/update triggers as for any
-- notification. An erased author (author_id null) hears nothing.

alter table public.notifications
  add column cosigns integer not null default 0 constraint notifications_cosigns_range check (cosigns >= 0);

-- Readable like the other columns but the account ids (migration 20261130000100).
grant select (cosigns) on public.notifications to authenticated;

comment on column public.notifications.cosigns is
  'For kind cosigned: how many children co-signed the item since the author last read this line (0 for other kinds).';

create unique index notifications_one_unread_cosigned_idx
  on public.notifications (recipient_id, submission_id)
  where kind = 'cosigned' and read_at is null;

create or replace function private.notify_author_of_cosign()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.notifications as n (recipient_id, submission_id, kind, cosigns)
  select s.author_id, s.id, 'cosigned', 1
  from public.submissions s
  where s.id = new.submission_id and s.author_id is not null
  on conflict (recipient_id, submission_id) where kind = 'cosigned' and read_at is null
  do update set cosigns = n.cosigns + 1, created_at = now();
  return null;
end;
$$;

comment on function private.notify_author_of_cosign() is
  'Trigger: a co-sign adds one to the author''s unread cosigned notification of the item (or starts one).';

create trigger cosignatures_notify_author
  after insert on public.cosignatures
  for each row execute function private.notify_author_of_cosign();

revoke execute on function private.notify_author_of_cosign() from public, anon, authenticated;

-- The view gains the count (a new last column: the view's earlier columns stay as they are).
create or replace view public.my_notifications
with (security_invoker = true)
as
select
  n.id,
  n.submission_id,
  n.kind,
  n.created_at,
  n.read_at,
  s.kind as submission_kind,
  s.state,
  -- The author and the school read the original title, staff the public copy; an escalated item
  -- shows no title to a lead here (the logged safeguarding pages show it).
  coalesce(private.original_text(n.submission_id, 'title'), s.public_title) as title,
  n.cosigns
from public.notifications n
left join public.submissions s on s.id = n.submission_id;

comment on view public.my_notifications is
  'The caller''s notifications (RLS) with the submission''s kind, state, a title the caller may read (null when they may not) and, for kind cosigned, how many co-signed since last read.';
