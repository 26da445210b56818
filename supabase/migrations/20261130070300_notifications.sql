-- ============================================================================
-- Notifications for every role (issue 9 §5): a counter for the bell, staff collapsed per item,
-- staff told of forwarded and answered items, mark as read
-- ============================================================================
-- Who is told what (in-app only: no e-mail, no SMS):
--   child (author):          returned, approved, answered, rejected (the moderation and answer
--                            functions), updated (progress after the answer: private.notify_author)
--   teachers of the class:   submitted (a new or resubmitted item arrived; released by a lead)
--   safeguarding leads:      escalated
--   staff of the district:   forwarded (arrived in the inbox), answered (by a colleague): ONE line
--                            per item whatever happens to it (a new event moves the line to the top
--                            and makes it unread again), see private.collapse_staff_notification
-- A withdrawn or escalated item's lines for anyone but its author are deleted (they would point at
-- something the reader can no longer open).
-- The bell reads notification_counts: one primary-key row per person (unread, total), kept by
-- statement triggers on notifications in the writing transaction. Anonymous visitors read nothing.

-- ============================================================================
-- The counter
-- ============================================================================
create table public.notification_counts (
  recipient_id uuid primary key references public.profiles (id) on delete cascade,
  unread integer not null default 0 check (unread >= 0),
  total integer not null default 0 check (total >= 0)
);

comment on table public.notification_counts is
  'Per person: notifications unread and in all (the bell and the list''s tabs). Kept by triggers on notifications; never written by people. recipient_id is not selectable (RLS gives each person their own row).';

create index notifications_unread_idx on public.notifications (recipient_id, created_at desc) where read_at is null;

create or replace function private.count_notifications_inserted()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.notification_counts as c (recipient_id, unread, total)
  select n.recipient_id, count(*) filter (where n.read_at is null), count(*)
  from new_rows n
  group by n.recipient_id
  order by n.recipient_id
  on conflict (recipient_id) do update set unread = c.unread + excluded.unread, total = c.total + excluded.total;
  return null;
end;
$$;

create or replace function private.count_notifications_updated()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- recipient_id never changes (nothing updates it); read_at may go either way (a collapsed staff
  -- line becomes unread again).
  update public.notification_counts c
  set unread = c.unread + d.delta
  from (
    select n.recipient_id, (count(*) filter (where n.read_at is null) - count(*) filter (where o.read_at is null))::integer as delta
    from new_rows n join old_rows o on o.id = n.id
    group by n.recipient_id
  ) d
  where c.recipient_id = d.recipient_id and d.delta <> 0;
  return null;
end;
$$;

create or replace function private.count_notifications_deleted()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.notification_counts c
  set unread = c.unread - d.unread, total = c.total - d.total
  from (
    select o.recipient_id, (count(*) filter (where o.read_at is null))::integer as unread, count(*)::integer as total
    from old_rows o
    group by o.recipient_id
  ) d
  where c.recipient_id = d.recipient_id;
  return null;
end;
$$;

create or replace function private.reset_notification_counts()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.notification_counts;
  return null;
end;
$$;

comment on function private.count_notifications_inserted() is 'Trigger: notification_counts + the inserted rows per recipient.';
comment on function private.count_notifications_updated() is 'Trigger: notification_counts.unread follows read_at.';
comment on function private.count_notifications_deleted() is 'Trigger: notification_counts − the deleted rows per recipient.';
comment on function private.reset_notification_counts() is 'Trigger: notifications were truncated.';

create trigger notifications_count_insert
  after insert on public.notifications
  referencing new table as new_rows
  for each statement execute function private.count_notifications_inserted();
create trigger notifications_count_update
  after update on public.notifications
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.count_notifications_updated();
create trigger notifications_count_delete
  after delete on public.notifications
  referencing old table as old_rows
  for each statement execute function private.count_notifications_deleted();
create trigger notifications_reset_counts
  after truncate on public.notifications
  for each statement execute function private.reset_notification_counts();

create or replace function private.recount_notifications()
returns void
language sql
security definer
set search_path = ''
as $$
  delete from public.notification_counts;
  insert into public.notification_counts (recipient_id, unread, total)
  select n.recipient_id, count(*) filter (where n.read_at is null), count(*)
  from public.notifications n
  group by n.recipient_id;
$$;

comment on function private.recount_notifications() is
  'Rebuild notification_counts from the notifications (after a bulk load with triggers off, or to check them). Owner only.';

select private.recount_notifications();

-- ============================================================================
-- Staff: one line per item
-- ============================================================================
-- Every writer of a submission's notifications holds that submission's row lock (the definer
-- functions select it `for update`), so two lines for one staff member and item cannot race in.
create or replace function private.collapse_staff_notification()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select 1 from public.profiles p where p.id = new.recipient_id and p.role = 'staff') then
    update public.notifications n
    set kind = new.kind, created_at = new.created_at, read_at = null
    where n.recipient_id = new.recipient_id and n.submission_id = new.submission_id;
    if found then
      return null;
    end if;
  end if;
  return new;
end;
$$;

comment on function private.collapse_staff_notification() is
  'Trigger: a staff member has one notification per submission; a new one replaces its kind and time and makes it unread again instead of adding a line.';

create trigger notifications_collapse_staff
  before insert on public.notifications
  for each row execute function private.collapse_staff_notification();

-- ============================================================================
-- notify helpers (for the definer functions, including later ones such as progress updates)
-- ============================================================================
create or replace function private.notify(p_recipient_id uuid, p_submission_id uuid, p_kind public.notification_kind)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.notifications (recipient_id, submission_id, kind)
  select p_recipient_id, p_submission_id, p_kind
  where p_recipient_id is not null
$$;

comment on function private.notify(uuid, uuid, public.notification_kind) is
  'One notification (staff: collapsed into their line for the item). Call from a definer function that holds the submission''s row lock.';

create or replace function private.notify_author(p_submission_id uuid, p_kind public.notification_kind)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.notifications (recipient_id, submission_id, kind)
  select s.author_id, s.id, p_kind from public.submissions s where s.id = p_submission_id
$$;

comment on function private.notify_author(uuid, public.notification_kind) is
  'Tell the child who wrote it (e.g. `updated` for a progress update after the answer).';

create or replace function private.notify_district_staff(
  p_submission_id uuid,
  p_kind public.notification_kind,
  p_except uuid default null
)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.notifications (recipient_id, submission_id, kind)
  select sd.staff_id, s.id, p_kind
  from public.submissions s
  join public.staff_districts sd on sd.district_id = s.district_id
  join public.profiles p on p.id = sd.staff_id and p.role = 'staff'
  where s.id = p_submission_id and sd.staff_id is distinct from p_except
$$;

comment on function private.notify_district_staff(uuid, public.notification_kind, uuid) is
  'Tell the staff of the submission''s district (one line per item each), except p_except (the one who acted).';

-- What every transition means for people other than the author and the class's teachers (whom
-- the functions themselves notify): one trigger, so a function written later cannot forget it.
create or replace function private.notify_on_event()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  case new.to_state
    when 'approved' then
      perform private.notify_district_staff(new.submission_id, 'forwarded');
    when 'answered' then
      perform private.notify_district_staff(new.submission_id, 'answered', new.actor_id);
    when 'escalated', 'withdrawn' then
      delete from public.notifications n
      using public.submissions s
      where s.id = new.submission_id and n.submission_id = s.id and n.recipient_id <> s.author_id;
    else
      null;
  end case;
  return null;
end;
$$;

comment on function private.notify_on_event() is
  'Trigger on submission_events: approved → staff of the district `forwarded`; answered → the other staff of the district `answered`; escalated or withdrawn → everyone''s lines but the author''s deleted (the safeguarding leads are notified after the event).';

create trigger submission_events_notify
  after insert on public.submission_events
  for each row execute function private.notify_on_event();

-- ============================================================================
-- The list
-- ============================================================================
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
  coalesce(private.original_text(n.submission_id, 'title'), s.public_title) as title
from public.notifications n
left join public.submissions s on s.id = n.submission_id;

comment on view public.my_notifications is
  'The caller''s notifications (RLS) with the submission''s kind, state and a title the caller may read (null when they may not).';

-- ============================================================================
-- mark_notifications_read
-- ============================================================================
create or replace function public.mark_notifications_read(p_ids uuid[] default null, p_up_to timestamptz default null)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_count integer;
begin
  if v_uid is null or private.current_app_role() is null then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if cardinality(p_ids) > 100 then
    raise exception using errcode = 'P0001', message = 'field_invalid:ids';
  end if;
  update public.notifications n
  set read_at = now()
  where n.recipient_id = v_uid
    and n.read_at is null
    and (p_ids is null or n.id = any (p_ids))
    and (p_up_to is null or n.created_at <= p_up_to);
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

comment on function public.mark_notifications_read(uuid[], timestamptz) is
$$The caller marks their own notifications read.
Inputs: p_ids: up to 100 ids (others' ids are ignored); null = all unread ones. p_up_to: only those
created at or before this time (the newest the page showed, so "mark all" never marks a line the
person has not seen); null = no bound.
Effect: read_at = now() on the caller's matching unread notifications; notification_counts follows.
Returns how many were marked.
Errors: 42501 not_allowed (not signed in, or no profile); P0001 field_invalid:ids (more than 100).$$;

-- ============================================================================
-- Row level security and grants
-- ============================================================================
alter table public.notification_counts enable row level security;

create policy "People can read their own notification counts"
  on public.notification_counts for select to authenticated
  using (recipient_id = (select auth.uid()));

revoke all on public.notification_counts, public.my_notifications from anon, authenticated;
grant select (unread, total) on public.notification_counts to authenticated;
grant select on public.my_notifications to authenticated;

revoke execute on function public.mark_notifications_read(uuid[], timestamptz) from public, anon, service_role;
grant execute on function public.mark_notifications_read(uuid[], timestamptz) to authenticated;

revoke execute on all functions in schema private from public;

notify pgrst, 'reload schema';
