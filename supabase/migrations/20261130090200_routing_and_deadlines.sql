-- ============================================================================
-- Routing and deadlines (issue 11 §2)
-- ============================================================================
-- A forwarded (approved) submission goes to its district's staff (submissions.district_id, as
-- before) and, below and beside the district, to
--   * a street office (街道): the street office of the community its school serves, when known;
--   * a department (责任部门): the department of the goal the teacher (while submitted) or staff
--     (while approved) suggested, when the goal has one (several: the first by Chinese name).
-- Staff who can read it may reassign it to another department or street office of its district
-- with a note. Every routing step is in submission_routing_log (forwarded, suggested,
-- reassigned): who, when, where to, the note.
--
-- Deadlines: when forwarded, due_on = the Nth working day after the forwarding day (Asia/Shanghai),
-- N = ledger_editions.answer_working_days of the edition of that year (else the latest earlier
-- one; default 15). Working days: Monday–Friday, except the public holidays, plus the adjusted
-- working days (调休) of private.working_calendar, filled from chinese-days (see supabase/README.md,
-- *Working calendar*, for the yearly update). Overdue: still approved after due_on (Shanghai).
-- private.send_overdue_reminders() (pg_cron, daily) notifies the staff of each overdue item once a
-- day, and the child reads that the answer is late and that they were reminded
-- (my_submission_followup, 20261130090400).
--
-- Errors: 42501 not_allowed | PT404 not_found | PT409 stale_version | P0001 invalid_state,
-- field_required:<field>, field_too_long:<field>, field_invalid:<field>, unchanged, goal_unknown.

-- ============================================================================
-- Working calendar
-- ============================================================================
create table private.working_calendar (
  day date primary key,
  working boolean not null,
  name text not null
);

comment on table private.working_calendar is
  'China''s public holidays (working false) and adjusted working days (调休, working true) from chinese-days; any other day is a working day exactly when it is Monday–Friday.';

create table private.working_calendar_years (
  year smallint primary key,
  source text not null,
  loaded_at timestamptz not null default now()
);

comment on table private.working_calendar_years is
  'The years private.working_calendar holds (a year not here counts Monday–Friday only).';

create or replace function private.is_working_day(p_day date)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    (select wc.working from private.working_calendar wc where wc.day = p_day),
    extract(isodow from p_day) < 6
  )
$$;

comment on function private.is_working_day(date) is
  'True when p_day is a working day in mainland China: the calendar''s holiday or adjusted working day, else Monday–Friday.';

create or replace function private.add_working_days(p_from date, p_days integer)
returns date
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_day date := p_from;
  v_left integer := p_days;
begin
  if p_from is null or p_days is null or p_days < 0 or p_days > 366 then
    raise exception using errcode = 'P0001', message = 'field_invalid:working_days';
  end if;
  -- At most a few hundred steps (the longest holiday is 8 days): one index probe each.
  while v_left > 0 loop
    v_day := v_day + 1;
    if private.is_working_day(v_day) then
      v_left := v_left - 1;
    end if;
  end loop;
  return v_day;
end;
$$;

comment on function private.add_working_days(date, integer) is
  'The p_days-th working day after p_from (p_from itself not counted; 0 → p_from). Errors: P0001 field_invalid:working_days (null, negative or over 366).';

-- ============================================================================
-- Working days to answer, per ledger edition
-- ============================================================================
alter table public.ledger_editions
  add column answer_working_days smallint not null default 15 check (answer_working_days between 1 and 60);

comment on column public.ledger_editions.answer_working_days is
  'Working days staff have to answer a submission forwarded in this edition''s year (default 15).';

create or replace function private.answer_working_days(p_day date)
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    (select e.answer_working_days from public.ledger_editions e
     where e.year <= extract(year from p_day) order by e.year desc limit 1),
    (select e.answer_working_days from public.ledger_editions e order by e.year limit 1),
    15
  )
$$;

comment on function private.answer_working_days(date) is
  'Working days to answer an item forwarded on p_day: of the edition of that year, else the latest earlier one, else the earliest, else 15.';

create or replace function public.set_answer_working_days(p_edition smallint, p_days smallint)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if p_days is null or p_days not between 1 and 60 then
    raise exception using errcode = 'P0001', message = 'field_invalid:working_days';
  end if;
  update public.ledger_editions set answer_working_days = p_days where year = p_edition;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
end;
$$;

comment on function public.set_answer_working_days(smallint, smallint) is
$$An admin sets how many working days staff have to answer items forwarded in an edition's year.
Inputs: p_edition (year), p_days 1–60.
Effect: ledger_editions.answer_working_days; items forwarded from then on get due dates from it
(items already forwarded keep theirs).
Errors: 42501 not_allowed; PT404 not_found (no such edition); P0001 field_invalid:working_days.$$;

-- ============================================================================
-- Routing columns
-- ============================================================================
alter table public.submissions
  add column suggested_goal_id uuid references public.ledger_goals (id),
  add column department_id uuid references public.departments (id),
  add column street_office_id uuid references public.street_offices (id),
  add column due_on date;

comment on column public.submissions.suggested_goal_id is 'The ledger goal a teacher or staff suggested for it (routes it to the goal''s department).';
comment on column public.submissions.department_id is 'The department it is routed to (null: none); its staff read and answer it beside the district''s.';
comment on column public.submissions.street_office_id is 'The street office it is routed to (null: none); its staff read and answer it beside the district''s.';
comment on column public.submissions.due_on is 'The working day by which it should be answered (Asia/Shanghai), set when forwarded.';

create index submissions_suggested_goal_id_idx on public.submissions (suggested_goal_id);
-- A department's / street office's inbox by state and forwarding time, as the district's.
create index submissions_department_state_forwarded_idx on public.submissions (department_id, state, forwarded_at);
create index submissions_street_office_state_forwarded_idx on public.submissions (street_office_id, state, forwarded_at);
-- Overdue lists (oldest due first) per district, department, street office; and the reminder job.
create index submissions_district_overdue_idx on public.submissions (district_id, due_on, id) where state = 'approved';
create index submissions_department_overdue_idx on public.submissions (department_id, due_on, id) where state = 'approved' and department_id is not null;
create index submissions_street_office_overdue_idx on public.submissions (street_office_id, due_on, id) where state = 'approved' and street_office_id is not null;
create index submissions_overdue_idx on public.submissions (due_on) where state = 'approved';

grant select (suggested_goal_id, department_id, street_office_id, due_on) on public.submissions to authenticated;

-- ============================================================================
-- Routing log
-- ============================================================================
create type public.routing_kind as enum ('forwarded', 'suggested', 'reassigned');

create table public.submission_routing_log (
  id bigint generated always as identity primary key,
  submission_id uuid not null references public.submissions (id) on delete cascade,
  actor_id uuid references public.profiles (id) on delete set null,
  kind public.routing_kind not null,
  department_id uuid references public.departments (id),
  street_office_id uuid references public.street_offices (id),
  goal_id uuid references public.ledger_goals (id),
  note text check (char_length(note) between 1 and 1000),
  created_at timestamptz not null default now()
);

create index submission_routing_log_submission_idx on public.submission_routing_log (submission_id, id);
create index submission_routing_log_actor_id_idx on public.submission_routing_log (actor_id);
create index submission_routing_log_department_id_idx on public.submission_routing_log (department_id);
create index submission_routing_log_street_office_id_idx on public.submission_routing_log (street_office_id);
create index submission_routing_log_goal_id_idx on public.submission_routing_log (goal_id);

comment on table public.submission_routing_log is
  'Audit of routing, append-only: forwarded (where it went), suggested (a goal, and its department), reassigned (by staff, with a note). department_id / street_office_id: the routing after the step. actor_id: an adult (teacher or staff).';

alter table public.submission_routing_log enable row level security;

create policy "Staff and admins can read the routing of submissions they can read"
  on public.submission_routing_log for select to authenticated
  using (
    (select private.current_app_role()) in ('staff', 'admin')
    and exists (select 1 from public.submissions s where s.id = submission_routing_log.submission_id)
  );

revoke all on public.submission_routing_log from anon, authenticated;
grant select on public.submission_routing_log to authenticated;

-- ============================================================================
-- Who reads a submission: as before, plus staff of its department or street office
-- ============================================================================
drop policy "People can read their own, their classes' and their districts' forwarded submissions" on public.submissions;

create policy "People can read their own, their classes' and their districts' forwarded submissions"
  on public.submissions for select to authenticated
  using (
    author_id = (select auth.uid())
    or (class_id = any ((select private.my_taught_class_ids())::uuid[]) and state <> 'escalated')
    or (state in ('approved', 'answered') and (
      district_id = any ((select private.my_staff_district_ids())::uuid[])
      or department_id = any ((select private.my_staff_department_ids())::uuid[])
      or street_office_id = any ((select private.my_staff_street_office_ids())::uuid[])
    ))
    or (select private.is_admin())
  );

-- Staff of the item: its district, or the department / street office it is routed to.
create or replace function private.is_staff_of_submission(p_sub public.submissions)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  -- coalesce: a null department or street office compares as null, which must mean no.
  select coalesce(private.current_app_role() = 'staff'
    and (p_sub.district_id = any (private.my_staff_district_ids())
      or p_sub.department_id = any (private.my_staff_department_ids())
      or p_sub.street_office_id = any (private.my_staff_street_office_ids())), false)
$$;

comment on function private.is_staff_of_submission(public.submissions) is
  'True when the caller is staff of the submission''s district, or of the department or street office it is routed to.';

-- ============================================================================
-- Routing when forwarded
-- ============================================================================
create or replace function private.route_on_forward()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_day date;
begin
  v_day := (coalesce(new.forwarded_at, now()) at time zone 'Asia/Shanghai')::date;
  new.due_on := private.add_working_days(v_day, private.answer_working_days(v_day));
  if new.street_office_id is null then
    select cm.street_office_id into new.street_office_id
    from public.classes c
    join public.schools sc on sc.id = c.school_id
    join public.communities cm on cm.id = sc.community_id
    where c.id = new.class_id;
  end if;
  if new.department_id is null and new.suggested_goal_id is not null then
    new.department_id := private.goal_department(new.suggested_goal_id);
  end if;
  insert into public.submission_routing_log (submission_id, actor_id, kind, department_id, street_office_id, goal_id)
  values (new.id, (select auth.uid()), 'forwarded', new.department_id, new.street_office_id, new.suggested_goal_id);
  return new;
end;
$$;

comment on function private.route_on_forward() is
  'Trigger: when a submission becomes approved, its due date, its street office (of its school''s community) and department (of the suggested goal), logged as forwarded.';

create or replace function private.goal_department(p_goal_id uuid)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select d.id
  from public.ledger_goal_departments gd
  join public.departments d on d.id = gd.department_id
  where gd.goal_id = p_goal_id
  order by d.name_zh
  limit 1
$$;

comment on function private.goal_department(uuid) is
  'The department a goal routes to: its responsible department (several: the first by Chinese name); null when none is set.';

create trigger submissions_route_on_forward
  before update of state on public.submissions
  for each row
  when (new.state = 'approved' and old.state is distinct from 'approved')
  execute function private.route_on_forward();

-- Items forwarded before this migration get their due date now (no routing log: nothing moved).
update public.submissions s
set due_on = private.add_working_days(
  (s.forwarded_at at time zone 'Asia/Shanghai')::date,
  private.answer_working_days((s.forwarded_at at time zone 'Asia/Shanghai')::date))
where s.forwarded_at is not null and s.due_on is null;

-- ============================================================================
-- suggest_goal, reassign_submission
-- ============================================================================
create or replace function public.suggest_goal(p_submission_id uuid, p_version integer, p_goal_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_role public.app_role := private.current_app_role();
  v_sub public.submissions;
  v_department uuid;
begin
  if v_uid is null or v_role is null or v_role not in ('teacher', 'staff') then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select s.* into v_sub from public.submissions s where s.id = p_submission_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if v_role = 'teacher' then
    if not (v_sub.class_id = any (private.my_taught_class_ids())) or v_sub.state = 'escalated' then
      raise exception using errcode = '42501', message = 'not_allowed';
    end if;
  elsif not (v_sub.state in ('approved', 'answered') and private.is_staff_of_submission(v_sub)) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  perform private.check_version(p_version, v_sub.version);
  if (v_role = 'teacher' and v_sub.state <> 'submitted') or (v_role = 'staff' and v_sub.state <> 'approved') then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  if p_goal_id is null then
    raise exception using errcode = 'P0001', message = 'field_required:goal';
  end if;
  if not exists (select 1 from public.ledger_goals g where g.id = p_goal_id) then
    raise exception using errcode = 'P0001', message = 'goal_unknown';
  end if;

  if v_role = 'teacher' then
    -- Routed when the teacher approves it (route_on_forward).
    update public.submissions set suggested_goal_id = p_goal_id where id = v_sub.id;
    return;
  end if;
  v_department := coalesce(private.goal_department(p_goal_id), v_sub.department_id);
  update public.submissions set suggested_goal_id = p_goal_id, department_id = v_department where id = v_sub.id;
  insert into public.submission_routing_log (submission_id, actor_id, kind, department_id, street_office_id, goal_id)
  values (v_sub.id, v_uid, 'suggested', v_department, v_sub.street_office_id, p_goal_id);
end;
$$;

comment on function public.suggest_goal(uuid, integer, uuid) is
$$A teacher (while submitted) or staff of the item (while approved) suggest the ledger goal it is about.
Inputs: p_submission_id; p_version: the version shown; p_goal_id.
Effect: suggested_goal_id set, version + 1. Staff: the item is routed to the goal's department at
once (a goal without a department keeps the current one), logged as `suggested`; teacher: it is
routed when approved.
Errors: 42501 not_allowed (not a teacher of its class / staff of the item); PT404 not_found;
PT409 stale_version; P0001 invalid_state, field_required:goal, goal_unknown.$$;

create or replace function public.reassign_submission(
  p_submission_id uuid,
  p_version integer,
  p_department_id uuid,
  p_street_office_id uuid,
  p_note text
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_sub public.submissions;
  v_note text;
begin
  if v_uid is null or private.current_app_role() is distinct from 'staff' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select s.* into v_sub from public.submissions s where s.id = p_submission_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if not (v_sub.state in ('approved', 'answered') and private.is_staff_of_submission(v_sub)) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  perform private.check_version(p_version, v_sub.version);
  if v_sub.state <> 'approved' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  if p_department_id is not null and not exists (select 1 from public.departments d where d.id = p_department_id) then
    raise exception using errcode = 'P0001', message = 'field_invalid:department';
  end if;
  if p_street_office_id is not null and not exists (
    select 1 from public.street_offices so where so.id = p_street_office_id and so.district_id = v_sub.district_id
  ) then
    raise exception using errcode = 'P0001', message = 'field_invalid:street_office';
  end if;
  v_note := private.input_text(p_note, 'note', 1000);
  if p_department_id is not distinct from v_sub.department_id
     and p_street_office_id is not distinct from v_sub.street_office_id then
    raise exception using errcode = 'P0001', message = 'unchanged';
  end if;

  update public.submissions
  set department_id = p_department_id, street_office_id = p_street_office_id
  where id = v_sub.id;
  insert into public.submission_routing_log (submission_id, actor_id, kind, department_id, street_office_id, note)
  values (v_sub.id, v_uid, 'reassigned', p_department_id, p_street_office_id, v_note);
end;
$$;

comment on function public.reassign_submission(uuid, integer, uuid, uuid, text) is
$$Staff of a forwarded item route it to another department and/or street office, with a note.
Inputs: p_submission_id; p_version: the version shown; p_department_id (null: none);
p_street_office_id (null: none; else one of the item's district); p_note required (≤ 1000).
Effect: department_id and street_office_id replaced (the district's staff keep it; the staff of
the old department / street office no longer read it), version + 1, `reassigned` in
submission_routing_log with the note. The due date stays.
Errors: 42501 not_allowed (not staff of the item); PT404 not_found; PT409 stale_version;
P0001 invalid_state (not approved), field_invalid:department, field_invalid:street_office,
field_required:note, field_too_long:note, unchanged.$$;

-- ============================================================================
-- answer_submission: staff of the item (district, department or street office) answer it
-- ============================================================================
create or replace function public.answer_submission(
  p_submission_id uuid,
  p_version integer,
  p_decision public.answer_decision,
  p_reply text,
  p_goal_ids uuid[]
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_sub public.submissions;
  v_district public.districts;
  v_reply text;
  v_goal_ids uuid[];
  v_edition smallint;
  v_answer_id uuid;
  v_now timestamptz := now();
begin
  if v_uid is null or private.current_app_role() is distinct from 'staff' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  -- The row lock serializes two staff answering at once: the second sees the new version.
  select s.* into v_sub from public.submissions s where s.id = p_submission_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  select d.* into v_district from public.districts d where d.id = v_sub.district_id;
  if not private.is_staff_of_submission(v_sub) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  perform private.check_version(p_version, v_sub.version);
  if v_sub.state <> 'approved' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;

  if p_decision is null then
    raise exception using errcode = 'P0001', message = 'field_required:decision';
  end if;
  v_reply := private.input_text(p_reply, 'reply', 20000);

  -- Bounded before any work on it: a goal list is a handful of ids.
  if cardinality(p_goal_ids) > 100 then
    raise exception using errcode = 'P0001', message = 'goal_unknown';
  end if;
  select coalesce(array_agg(distinct x.id), '{}') into v_goal_ids
  from unnest(p_goal_ids) as x (id)
  where x.id is not null;
  if cardinality(v_goal_ids) = 0 then
    raise exception using errcode = 'P0001', message = 'goal_required';
  end if;
  if (select count(*) from public.ledger_goals g where g.id = any (v_goal_ids)) <> cardinality(v_goal_ids) then
    raise exception using errcode = 'P0001', message = 'goal_unknown';
  end if;
  select max(g.edition) into v_edition from public.ledger_goals g where g.id = any (v_goal_ids);

  insert into public.answers (submission_id, staff_id, decision, reply, created_at)
  values (v_sub.id, v_uid, p_decision, v_reply, v_now)
  returning id into v_answer_id;

  insert into public.answer_goals (answer_id, goal_id)
  select v_answer_id, g from unnest(v_goal_ids) as g;

  update public.submissions set state = 'answered' where id = v_sub.id;

  insert into public.submission_events (submission_id, actor_id, from_state, to_state)
  values (v_sub.id, v_uid, 'approved', 'answered');

  insert into public.published_answers
    (submission_id, edition, title, decision, reply, district_name_zh, district_name_en, answered_at)
  values
    (v_sub.id, v_edition, v_sub.public_title, p_decision, v_reply, v_district.name_zh, v_district.name_en, v_now);

  insert into public.published_answer_goals (submission_id, goal_id)
  select v_sub.id, g from unnest(v_goal_ids) as g;

  insert into public.notifications (recipient_id, submission_id, kind)
  values (v_sub.author_id, v_sub.id, 'answered');

  return v_answer_id;
end;
$$;

comment on function public.answer_submission(uuid, integer, public.answer_decision, text, uuid[]) is
$$Staff of the submission's district, or of the department or street office it is routed to,
answer a forwarded (approved) proposal.
Inputs: p_submission_id; p_version: the version the staff member was shown; p_decision
(answer_decision); p_reply required (≤ 20000, blank or only invisible characters = missing);
p_goal_ids: 1–100 ledger goal ids (duplicates and nulls ignored).
Effect: approved → answered, version + 1; answers + answer_goals rows; event approved → answered;
the public copy in published_answers + published_answer_goals (the teacher's public title — never
the child's original —, decision, reply, district names, answered_at, edition; no author, class or
school); notification `answered` to the author.
Of two staff answering at once, the first wins; the second gets stale_version.
Returns the answer id.
Errors: 42501 not_allowed (not staff of the item); PT404 not_found; PT409 stale_version;
P0001 invalid_state (not approved), field_required:decision, field_required:reply,
field_too_long:reply, goal_required, goal_unknown (also more than 100 ids).$$;

-- ============================================================================
-- Overdue reminders
-- ============================================================================
create table private.overdue_reminders (
  submission_id uuid primary key references public.submissions (id) on delete cascade,
  first_reminded_at timestamptz not null default now(),
  last_reminded_on date not null,
  reminders integer not null default 1
);

comment on table private.overdue_reminders is
  'When the staff of an overdue item were reminded (at most once a Shanghai day).';

create or replace function private.send_overdue_reminders()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_today date := (now() at time zone 'Asia/Shanghai')::date;
  v_items integer;
begin
  with due as (
    select s.id, s.district_id, s.department_id, s.street_office_id
    from public.submissions s
    left join private.overdue_reminders r on r.submission_id = s.id
    where s.state = 'approved' and s.due_on < v_today
      and (r.submission_id is null or r.last_reminded_on < v_today)
  ),
  notified as (
    insert into public.notifications (recipient_id, submission_id, kind)
    select distinct x.staff_id, due.id, 'overdue'::public.notification_kind
    from due
    cross join lateral (
      select sd.staff_id from public.staff_districts sd where sd.district_id = due.district_id
      union select ds.staff_id from public.department_staff ds where ds.department_id = due.department_id
      union select ss.staff_id from public.street_office_staff ss where ss.street_office_id = due.street_office_id
    ) x
    returning 1
  ),
  recorded as (
    insert into private.overdue_reminders (submission_id, last_reminded_on)
    select due.id, v_today from due
    on conflict (submission_id) do update
      set last_reminded_on = excluded.last_reminded_on, reminders = private.overdue_reminders.reminders + 1
    returning 1
  )
  select count(*) into v_items from recorded;
  return v_items;
end;
$$;

comment on function private.send_overdue_reminders() is
$$The daily reminder job (pg_cron, as the database owner; not callable through the Data API): each forwarded item
still unanswered after its due date (Asia/Shanghai) gets a notification `overdue` to every staff
member of its district, department and street office, at most once a Shanghai day.
Returns how many items were reminded.$$;

create or replace function private.reminded_at(p_submission_id uuid)
returns timestamptz
language sql
stable
security definer
set search_path = ''
as $$
  select r.first_reminded_at from private.overdue_reminders r
  where r.submission_id = p_submission_id
    and p_submission_id in (select private.own_submission_ids())
$$;

comment on function private.reminded_at(uuid) is
  'When the staff of the caller''s own overdue submission were first reminded; null otherwise (and for anyone but the author).';

-- ============================================================================
-- Views
-- ============================================================================
-- Staff's items: their districts' (admins: all) and the ones routed to their department or
-- street office, with the routing and the due date. Schools and classes are not joined: staff of a
-- department read items from every district, never a class.
create or replace view public.staff_items
with (security_invoker = true)
as
select
  s.id,
  s.district_id,
  d.name_zh as district_name_zh,
  d.name_en as district_name_en,
  s.age_band,
  s.public_title as title,
  s.public_problem as problem,
  s.public_suggestions as suggestions,
  s.public_who_should_act as who_should_act,
  s.state,
  s.forwarded_at as approved_at,
  s.answered_at,
  s.due_on,
  s.suggested_goal_id,
  s.department_id,
  dep.name_zh as department_name_zh,
  dep.name_en as department_name_en,
  s.street_office_id,
  so.name_zh as street_office_name_zh,
  so.name_en as street_office_name_en,
  a.decision,
  a.reply,
  s.version
from public.submissions s
join public.districts d on d.id = s.district_id
left join public.departments dep on dep.id = s.department_id
left join public.street_offices so on so.id = s.street_office_id
left join public.answers a on a.submission_id = s.id
where s.state in ('approved', 'answered')
  and (
    s.district_id = any ((select private.my_inbox_district_ids())::uuid[])
    or s.department_id = any ((select private.my_staff_department_ids())::uuid[])
    or s.street_office_id = any ((select private.my_staff_street_office_ids())::uuid[])
  );

comment on view public.staff_items is
  'Forwarded and answered submissions the caller serves: their districts'' (admins: all) and those routed to their department or street office; the public copy, routing and due date. Overdue: state approved and due_on before today (Asia/Shanghai). No child identity.';

revoke all on public.staff_items from anon, authenticated;
grant select on public.staff_items to authenticated;

-- ============================================================================
-- Grants
-- ============================================================================
revoke execute on function public.suggest_goal(uuid, integer, uuid), public.reassign_submission(uuid, integer, uuid, uuid, text),
  public.set_answer_working_days(smallint, smallint) from public, anon, service_role;
grant execute on function public.suggest_goal(uuid, integer, uuid), public.reassign_submission(uuid, integer, uuid, uuid, text),
  public.set_answer_working_days(smallint, smallint) to authenticated;
revoke execute on all functions in schema private from public;
grant execute on function private.reminded_at(uuid) to authenticated;

notify pgrst, 'reload schema';
