-- ============================================================================
-- The review queue (issue 10 §2): cards, kind filter, title search, what changed on a
-- resubmission, praise, bulk approve
-- ============================================================================
-- The queue stays one class at a time and each tab's page is still read from its index in the
-- tab's order (20261130004000): class_queue_cards has the same base rows and predicates as
-- class_queue, so `class_id = <id>` and the tab's state pick the same partial index; the card's
-- costly columns (title, nickname, number, flags: definer helpers) are computed for the 20 rows
-- shown only.
--
-- Kind filter: `kind = <kind>` is an enum comparison (not leakproof), so under RLS it filters the
-- rows the tab's index yields in order instead of being an index condition: bounded by one class's
-- rows in that tab (hundreds at most), and free while most items are of the kind asked for.
--
-- Title search (class_queue_search): within the one class shown, the class's rows are read from
-- submissions_class_all_idx and their titles matched with strpos(lower(title), lower(query)), which
-- finds any substring, "路灯" (two characters) included. No trigram index: measured on 10^6 titles
-- in 30,000 classes plus a class of 1,000 (embedded Postgres 17, C.UTF-8), the class-bounded match
-- took 0.7–1.2 ms; with a GIN trigram index on title (33 MB for 10^6 titles, and a write cost on
-- every submit) the planner ANDed the class index with the city-wide trigram matches and took
-- 2.7–7.2 ms for a three-character query, and a two-character query ("路灯", no trigram inside)
-- cannot use the trigram index at all. A search is bounded by the class and returns at most 200
-- matches; the query is at most 50 characters.
--
-- Resubmissions: when a returned item is sent again, its text before the change is kept in
-- private.submission_revisions (one row per submission: the latest previous text), so the teacher
-- sees what they asked and what changed (submission_changes). Erasure (author_id set to null, or
-- the submission deleted) drops it.
--
-- Praise: an optional word of praise on approval, which the child reads and staff never do
-- (unlike the approval event's comment, which staff of the district read): submission_praise,
-- written by approve_submission_with_praise (approve_submission with its version check, then the
-- praise, in one transaction).
--
-- Bulk approve: bulk_approve(items) approves each selected clean item (no personal details, no
-- safeguarding signal, never released from escalation) against the version the teacher was shown,
-- each in its own subtransaction, and reports every item.
--
-- "Dangerous now": class_queue_cards.dangerous_now is false for every row until street reports
-- (their urgency) land: wire it there (create or replace the view with the urgency test in that
-- column; it keeps its name and type).
--
-- Errors: 42501 not_allowed | PT404 not_found | PT409 stale_version | P0001 invalid_state,
-- field_too_long:<field>, too_many_items

-- ============================================================================
-- Helpers
-- ============================================================================
-- The author's number in the class the submission was written in (null when they have left it),
-- for a teacher of the class or an admin: one query, as private.author_display_name.
create or replace function private.author_student_number(p_submission_id uuid)
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select cs.student_number::integer
  from public.submissions s
  join public.class_students cs on cs.class_id = s.class_id and cs.student_id = s.author_id
  where s.id = p_submission_id
    and exists (
      select 1 from public.profiles me
      where me.id = (select auth.uid())
        and (me.role = 'admin'
             or (me.role = 'teacher'
                 and exists (select 1 from public.class_teachers ct where ct.class_id = s.class_id and ct.teacher_id = me.id)))
    )
$$;

comment on function private.author_student_number(uuid) is
  'The author''s student number in the submission''s class (null if they left it), for a teacher of the class or an admin; null for anyone else (security definer).';

-- Whether the stored screening result has anything in the list ('personal_details' or
-- 'safeguarding'); a flags value the caller may not read counts as none (the view's rows are the
-- caller's already).
create or replace function private.has_flag(p_flags jsonb, p_list text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select coalesce(jsonb_array_length(p_flags -> p_list) > 0, false)
$$;

comment on function private.has_flag(jsonb, text) is
  'True when the screening flags (private.screening_flags shape) have at least one entry in the list.';

-- ============================================================================
-- The queue's cards
-- ============================================================================
create view public.class_queue_cards
with (security_invoker = true)
as
select
  s.id,
  s.class_id,
  s.kind,
  private.original_text(s.id, 'title') as title,
  s.state,
  s.age_band,
  private.author_display_name(s.id) as author_display_name,
  private.author_student_number(s.id) as student_number,
  s.submitted_at,
  s.updated_at,
  s.version,
  private.has_flag(private.original_flags(s.id), 'personal_details') as personal_details,
  -- A safeguarding signal on an item in the class queue: a lead released it (wrongly flagged).
  private.has_flag(private.original_flags(s.id), 'safeguarding') or private.was_released(s.id) as safeguarding,
  -- Street reports' urgency is wired here when they land (see the header).
  false as dangerous_now
from public.submissions s
where s.class_id = any ((select private.my_queue_class_ids())::uuid[])
  and s.state <> 'escalated';

comment on view public.class_queue_cards is
  'class_queue''s rows as the queue''s cards: kind, original title, state, age band, the child''s nickname and number, times, version, and flags (personal details, safeguarding, dangerous_now). Read one class at a time (class_id = …).';

create view public.class_queue_kind_counts
with (security_invoker = true)
as
select s.class_id, s.state, s.kind, count(*)::integer as submissions
from public.submissions s
where s.class_id = any ((select private.my_queue_class_ids())::uuid[])
  and s.state <> 'escalated'
group by s.class_id, s.state, s.kind;

comment on view public.class_queue_kind_counts is
  'class_queue''s rows per class, state and kind (the tabs'' totals under a kind filter); a class has hundreds at most.';

-- ============================================================================
-- Previous text of a resubmitted item
-- ============================================================================
create table private.submission_revisions (
  submission_id uuid primary key references public.submissions (id) on delete cascade,
  title text not null,
  problem text,
  suggestions text,
  who_should_act text,
  -- When it was sent again with the text that replaced this one.
  replaced_at timestamptz not null default now()
);

comment on table private.submission_revisions is
  'The text a returned submission had before the child changed and sent it again (the latest such text only): what the teacher compares. Read through public.submission_changes.';

revoke all on private.submission_revisions from public, anon, authenticated, service_role;

create or replace function private.keep_previous_text()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.author_id is null and old.author_id is not null then
    -- Erasure: the child's earlier words go with them.
    delete from private.submission_revisions r where r.submission_id = old.id;
  elsif old.state = 'returned' and new.state in ('submitted', 'escalated') then
    insert into private.submission_revisions as r (submission_id, title, problem, suggestions, who_should_act)
    values (old.id, old.title, old.problem, old.suggestions, old.who_should_act)
    on conflict (submission_id) do update
      set title = excluded.title, problem = excluded.problem, suggestions = excluded.suggestions,
          who_should_act = excluded.who_should_act, replaced_at = now();
  end if;
  return null;
end;
$$;

comment on function private.keep_previous_text() is
  'Trigger: keeps a returned submission''s text when it is sent again (private.submission_revisions); drops it when the author is erased.';

create trigger submissions_keep_previous_text
  after update of state, author_id on public.submissions
  for each row execute function private.keep_previous_text();

create or replace function public.submission_changes(p_submission_id uuid)
returns table (
  asked text, returned_at timestamptz, replaced_at timestamptz,
  title text, problem text, suggestions text, who_should_act text
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_role public.app_role := private.current_app_role();
  v_sub public.submissions;
begin
  if v_role is null or v_role not in ('teacher', 'admin') then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select s.* into v_sub from public.submissions s where s.id = p_submission_id;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if v_sub.state = 'escalated' or (v_role = 'teacher' and not private.teaches_class(v_sub.class_id)) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  return query
    select
      (select e.comment from public.submission_events e
        where e.submission_id = v_sub.id and e.to_state = 'returned' order by e.id desc limit 1),
      (select e.created_at from public.submission_events e
        where e.submission_id = v_sub.id and e.to_state = 'returned' order by e.id desc limit 1),
      r.replaced_at, r.title, r.problem, r.suggestions, r.who_should_act
    from private.submission_revisions r
    where r.submission_id = v_sub.id;
end;
$$;

comment on function public.submission_changes(uuid) is
$$What the teacher asked when they last returned a resubmitted item, and its text before the child
changed it.
Inputs: p_submission_id (of a class the caller teaches; admins: any; never while escalated).
Result: no row when it was never sent again after a return; else one row (asked: the latest
return comment; returned_at; replaced_at: when it was sent again; title, problem, suggestions,
who_should_act: the text before). The current text is class_queue's.
Effect: none (reads).
Errors: 42501 not_allowed; PT404 not_found.$$;

-- ============================================================================
-- Title search in one class
-- ============================================================================
create or replace function public.class_queue_search(p_class_id uuid, p_query text, p_kind text default null)
returns table (id uuid, state public.submission_state, kind public.submission_kind, submitted_at timestamptz, updated_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_role public.app_role := private.current_app_role();
  v_query text := lower(btrim(coalesce(p_query, '')));
begin
  if v_role is null or v_role not in ('teacher', 'admin') then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if char_length(v_query) > 50 then
    raise exception using errcode = 'P0001', message = 'field_too_long:query';
  end if;
  if v_query = '' then
    raise exception using errcode = 'P0001', message = 'field_required:query';
  end if;
  if not exists (select 1 from public.classes c where c.id = p_class_id) then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if v_role = 'teacher' and not private.teaches_class(p_class_id) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  return query
    select s.id, s.state, s.kind, s.submitted_at, s.updated_at
    from public.submissions s
    where s.class_id = p_class_id
      and s.state <> 'escalated'
      and (p_kind is null or s.kind::text = p_kind)
      and strpos(lower(s.title), v_query) > 0
    order by s.updated_at desc, s.id
    limit 200;
end;
$$;

comment on function public.class_queue_search(uuid, text, text) is
$$Items of one class whose title contains the query (any characters, "路灯" too; case-insensitive),
for the queue's search.
Inputs: p_class_id (a class the caller teaches; admins: any); p_query (1–50 characters after
trimming); p_kind (a submission_kind, or null for every kind).
Result: up to 200 rows (id, state, kind, submitted_at, updated_at), newest change first; escalated
items never. The app reads the cards of the page it shows from class_queue_cards.
Effect: none (reads). Bounded by the class's rows (read from its index), not the city's.
Errors: 42501 not_allowed; PT404 not_found; P0001 field_required:query, field_too_long:query.$$;

-- The kinds of submission, in the enum's order: the queue's kind filter is made from them.
create or replace function public.submission_kinds()
returns text[]
language sql
stable
security definer
set search_path = ''
as $$
  select enum_range(null::public.submission_kind)::text[]
$$;

comment on function public.submission_kinds() is
$$The values of submission_kind in their order (the queue's kind filter).
Result: text[]. Effect: none. Errors: none.$$;

-- ============================================================================
-- Praise
-- ============================================================================
create table public.submission_praise (
  submission_id uuid primary key references public.submissions (id) on delete cascade,
  -- The submission's class, so the teachers' read rule is one comparison.
  class_id uuid not null references public.classes (id) on delete cascade,
  praise text not null constraint submission_praise_length check (char_length(praise) between 1 and 500),
  created_at timestamptz not null default now()
);

create index submission_praise_class_id_idx on public.submission_praise (class_id);

comment on table public.submission_praise is
  'A teacher''s word of praise given with the approval: the child reads it on their submission''s page; the class''s teachers and admins too; staff never.';

alter table public.submission_praise enable row level security;

create policy "Authors and the class's teachers can read its praise"
  on public.submission_praise for select to authenticated
  using (
    submission_id in (select private.own_submission_ids())
    or class_id = any ((select private.my_queue_class_ids())::uuid[])
  );

revoke all on public.submission_praise from anon, authenticated;
grant select on public.submission_praise to authenticated;

create or replace function public.approve_submission_with_praise(
  p_submission_id uuid,
  p_version integer,
  p_public_title text,
  p_public_problem text,
  p_public_suggestions text,
  p_public_who_should_act text,
  p_praise text default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_praise text := private.input_text(p_praise, 'praise', 500, false);
  v_class_id uuid;
begin
  -- The approval itself, with its checks (teacher of the class, the version shown, state).
  perform public.approve_submission(
    p_submission_id, p_version, p_public_title, p_public_problem, p_public_suggestions, p_public_who_should_act);
  if v_praise is not null then
    select s.class_id into strict v_class_id from public.submissions s where s.id = p_submission_id;
    insert into public.submission_praise (submission_id, class_id, praise)
    values (p_submission_id, v_class_id, v_praise)
    on conflict (submission_id) do update set praise = excluded.praise, created_at = now();
  end if;
end;
$$;

comment on function public.approve_submission_with_praise(uuid, integer, text, text, text, text, text) is
$$approve_submission, with an optional word of praise the child reads (staff never do).
Inputs: as approve_submission (p_version: the version the teacher was shown); p_praise optional
(≤ 500, blank = none).
Effect: as approve_submission; the praise in submission_praise.
Errors: as approve_submission; P0001 field_too_long:praise.$$;

-- ============================================================================
-- Bulk approve
-- ============================================================================
create or replace function public.bulk_approve(p_items jsonb)
returns table (submission_id uuid, outcome text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_item jsonb;
  v_id uuid;
  v_version integer;
  v_sub public.submissions;
  v_outcome text;
begin
  if (select auth.uid()) is null or private.current_app_role() is distinct from 'teacher' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if p_items is null or jsonb_typeof(p_items) <> 'array' then
    raise exception using errcode = 'P0001', message = 'invalid_items';
  end if;
  if jsonb_array_length(p_items) > 100 then
    raise exception using errcode = 'P0001', message = 'too_many_items';
  end if;
  for v_item in select x from jsonb_array_elements(p_items) as t (x) loop
    if jsonb_typeof(v_item) <> 'object'
       or coalesce(v_item ->> 'id', '') !~ '^[0-9a-fA-F-]{36}$'
       or coalesce(v_item ->> 'version', '') !~ '^[0-9]{1,9}$' then
      raise exception using errcode = 'P0001', message = 'invalid_items';
    end if;
    v_id := (v_item ->> 'id')::uuid;
    v_version := (v_item ->> 'version')::integer;
    begin
      v_sub := private.lock_for_teacher(v_id, v_version);
      if v_sub.state <> 'submitted' then
        raise exception using errcode = 'P0001', message = 'invalid_state';
      end if;
      if private.has_flag(v_sub.flags, 'personal_details') or private.has_flag(v_sub.flags, 'safeguarding')
         or private.was_released(v_sub.id) then
        raise exception using errcode = 'P0001', message = 'flagged';
      end if;
      -- A clean item's public copy is its text.
      perform public.approve_submission(
        v_sub.id, v_version, v_sub.title, v_sub.problem, v_sub.suggestions, v_sub.who_should_act);
      v_outcome := 'approved';
    exception
      when sqlstate 'PT409' then v_outcome := 'changed';
      when sqlstate 'P0001' then
        v_outcome := case sqlerrm when 'invalid_state' then 'changed' when 'flagged' then 'flagged' else 'needs_review' end;
      when sqlstate '42501' or sqlstate 'PT404' then v_outcome := 'not_allowed';
    end;
    submission_id := v_id;
    outcome := v_outcome;
    return next;
  end loop;
end;
$$;

comment on function public.bulk_approve(jsonb) is
$$A teacher approves several clean items at once, each against the version they were shown.
Inputs: p_items: a JSON array of at most 100 {"id": uuid, "version": integer}.
Result: one row per item, in order (submission_id, outcome): approved; changed (another version
or no longer waiting); flagged (personal details or a safeguarding signal: review it on its own);
needs_review (its text cannot be the public copy as it is); not_allowed (not a teacher of its
class, or no such item).
Effect: each approved item as approve_submission with its text as the public copy; each item in
its own subtransaction (one refused item does not undo the others).
Errors: 42501 not_allowed (not a teacher); P0001 invalid_items, too_many_items.$$;

-- ============================================================================
-- Grants
-- ============================================================================
revoke execute on function
  public.submission_changes(uuid),
  public.class_queue_search(uuid, text, text),
  public.submission_kinds(),
  public.approve_submission_with_praise(uuid, integer, text, text, text, text, text),
  public.bulk_approve(jsonb)
  from public, anon, authenticated, service_role;
grant execute on function
  public.submission_changes(uuid),
  public.class_queue_search(uuid, text, text),
  public.submission_kinds(),
  public.approve_submission_with_praise(uuid, integer, text, text, text, text, text),
  public.bulk_approve(jsonb)
  to authenticated;

revoke execute on function private.author_student_number(uuid), private.has_flag(jsonb, text), private.keep_previous_text()
  from public, anon, authenticated, service_role;
grant execute on function private.author_student_number(uuid), private.has_flag(jsonb, text) to authenticated;

revoke all on public.class_queue_cards, public.class_queue_kind_counts from anon, authenticated;
grant select on public.class_queue_cards, public.class_queue_kind_counts to authenticated;

notify pgrst, 'reload schema';
