-- ============================================================================
-- Polls on local spaces (issue 8): one secret ballot per child, results safe to show
-- ============================================================================
-- draft ──schedule_poll──▶ scheduled ──(opens_at)──▶ open ──(closes_at)──▶ closed
--   │                          │                      └──close_poll_early──▶ closed (early)
--   └── update_poll (draft, scheduled, or open before the first ballot; options frozen after it)
-- closed ──write_poll_reply──▶ "what we will do", shown with the results and on the linked goals
--
-- The state is never stored: it is derived from published_at (set by schedule_poll),
-- opens_at, closes_at and closed_early_at against now(), so a poll closes at its closing second
-- with no job running.
--
-- Secret ballot. Who voted (private.poll_turnout: poll_id, voter_id; its primary key is the "one
-- ballot per child" rule) is kept apart from what was chosen (private.poll_ballots: a random uuid,
-- the poll, the voter's age band and the chosen options; no voter id, no timestamp, no sequence).
-- Both live in the schema `private`, which the Data API does not expose and on which nobody but
-- the owner has privileges: no role can read either through the Data API. Only aggregates leave,
-- through poll_results() / poll_breakdown(), which apply the minimum cell size and the live-or-
-- after-close rule. What an operator with SQL access can still infer: supabase/README.md.
--
-- Tally at city scale. Counting ballots on every read is linear in ballots, and one counter row per
-- option is a lock hot spot. cast_ballot() adds 1 to one of 16 shards (picked at random) of
-- private.poll_tally (per option and age band) and private.poll_turnout_tally (per age band), in the
-- ballot's own transaction, so the counters are exact; a read sums at most 12 × 3 × 16 rows
-- whatever the number of ballots. private.recount_poll() checks them against the ballots.
--
-- Communities. The organisation had no community (社区) or street office: `communities` is the
-- minimum a community poll needs (a community in a district; schools.community_id says which
-- community a school serves, so a child votes in their school's community). Street offices are not
-- modelled.
--
-- Errors: 42501 not_allowed | PT404 not_found | PT409 stale_version, already_voted | PT403
-- consent_required, class_archived | P0001 invalid_state, poll_not_open, poll_closed,
-- options_frozen, too_many_choices, field_required:<field>, field_too_long:<field>,
-- field_invalid:<field>, goal_unknown

-- ============================================================================
-- Communities
-- ============================================================================
create table public.communities (
  id uuid primary key default gen_random_uuid(),
  district_id uuid not null references public.districts (id),
  name_zh text not null check (char_length(name_zh) between 1 and 100),
  name_en text not null check (char_length(name_en) between 1 and 100)
);

create index communities_district_id_idx on public.communities (district_id);

comment on table public.communities is
  'Communities (社区) of a district: the area of a community poll. Schools say which one they serve.';

alter table public.schools add column community_id uuid references public.communities (id);

create index schools_community_id_idx on public.schools (community_id);

comment on column public.schools.community_id is
  'The community the school serves (null: none recorded); its children vote in that community''s polls.';

alter table public.communities enable row level security;

create policy "People with a role can read communities"
  on public.communities for select to authenticated
  using ((select private.current_app_role()) is not null);

-- ============================================================================
-- Types
-- ============================================================================
create type public.poll_scope as enum ('class', 'school', 'community', 'district', 'city');
create type public.poll_kind as enum ('single', 'multiple');

-- ============================================================================
-- Polls, options, linked goals
-- ============================================================================
create table public.polls (
  id uuid primary key default gen_random_uuid(),
  scope public.poll_scope not null,
  -- The area, denormalised downwards so every read rule is one comparison: a class poll has
  -- class, school and district; a school poll school and district; a community poll community
  -- and district; a district poll district; a city poll none.
  class_id uuid references public.classes (id),
  school_id uuid references public.schools (id),
  community_id uuid references public.communities (id),
  district_id uuid references public.districts (id),
  area_id uuid generated always as (
    case scope
      when 'class' then class_id
      when 'school' then school_id
      when 'community' then community_id
      when 'district' then district_id
    end
  ) stored,
  question_zh text not null check (char_length(question_zh) between 1 and 1000),
  question_en text check (char_length(question_en) between 1 and 1000),
  explanation_zh text check (char_length(explanation_zh) between 1 and 4000),
  explanation_en text check (char_length(explanation_en) between 1 and 4000),
  kind public.poll_kind not null,
  max_choices smallint not null check (max_choices between 1 and 12),
  age_bands public.age_band[] not null check (cardinality(age_bands) between 1 and 3),
  opens_at timestamptz not null,
  closes_at timestamptz not null,
  results_live boolean not null default false,
  min_cell_size smallint not null default 5 check (min_cell_size between 3 and 100),
  created_by uuid references public.profiles (id) on delete set null,
  created_by_role public.app_role not null,
  created_at timestamptz not null default now(),
  -- Set by schedule_poll: from then on the poll is visible in its area (scheduled, open, closed).
  published_at timestamptz,
  closed_early_at timestamptz,
  reply text check (char_length(reply) between 1 and 20000),
  replied_at timestamptz,
  version integer not null default 1,
  constraint polls_window check (closes_at > opens_at),
  constraint polls_choices check ((kind = 'single') = (max_choices = 1)),
  constraint polls_area check (
    case scope
      when 'class' then class_id is not null and school_id is not null and district_id is not null and community_id is null
      when 'school' then class_id is null and school_id is not null and district_id is not null and community_id is null
      when 'community' then class_id is null and school_id is null and community_id is not null and district_id is not null
      when 'district' then class_id is null and school_id is null and community_id is null and district_id is not null
      when 'city' then class_id is null and school_id is null and community_id is null and district_id is null
    end
  ),
  constraint polls_reply_when_replied check ((reply is null) = (replied_at is null))
);

create index polls_class_id_idx on public.polls (class_id);
create index polls_school_id_idx on public.polls (school_id);
create index polls_community_id_idx on public.polls (community_id);
create index polls_district_id_idx on public.polls (district_id, closes_at);
create index polls_created_by_idx on public.polls (created_by, created_at);
create index polls_area_id_idx on public.polls (area_id, closes_at);
create index polls_city_idx on public.polls (closes_at) where scope = 'city';

comment on table public.polls is
  'Polls on local spaces. The state (draft, scheduled, open, closed) is derived from published_at, opens_at, closes_at and closed_early_at against now(); written only by the poll rpc functions.';
comment on column public.polls.area_id is 'The id of the class, school, community or district the poll is for (null: the city).';
comment on column public.polls.min_cell_size is 'No count is shown unless the total and every shown cell reach it (3–100, default 5).';
comment on column public.polls.results_live is 'True: results are shown while the poll is open; false: only once it is closed.';

create table public.poll_options (
  id uuid primary key default gen_random_uuid(),
  poll_id uuid not null references public.polls (id) on delete cascade,
  position smallint not null check (position between 1 and 12),
  label text not null check (char_length(label) between 1 and 400),
  label_en text check (char_length(label_en) between 1 and 400),
  unique (poll_id, position)
);

comment on table public.poll_options is 'The 2–12 options of a poll, in order. Frozen once the first ballot is cast.';

create table public.poll_goals (
  poll_id uuid not null references public.polls (id) on delete cascade,
  goal_id uuid not null references public.ledger_goals (id),
  primary key (poll_id, goal_id)
);

create index poll_goals_goal_id_idx on public.poll_goals (goal_id, poll_id);

comment on table public.poll_goals is 'The ledger goals a poll is about (its results and reply show on their pages).';

-- ============================================================================
-- Turnout and ballot box (private: never exposed)
-- ============================================================================
create table private.poll_turnout (
  poll_id uuid not null references public.polls (id) on delete cascade,
  -- Goes with the child's profile on erasure; the ballot and the counts stay.
  voter_id uuid not null references public.profiles (id) on delete cascade,
  primary key (poll_id, voter_id)
);

create index poll_turnout_voter_id_idx on private.poll_turnout (voter_id);

comment on table private.poll_turnout is
  'Who has voted in which poll (one row per child and poll: the primary key is the one-ballot rule). Nothing about the choice.';

create table private.poll_ballots (
  -- Random: says nothing about order or time.
  id uuid primary key default gen_random_uuid(),
  poll_id uuid not null references public.polls (id) on delete cascade,
  age_band public.age_band not null,
  option_ids uuid[] not null check (cardinality(option_ids) between 1 and 12)
);

create index poll_ballots_poll_id_idx on private.poll_ballots (poll_id);

comment on table private.poll_ballots is
  'The ballot box: what was chosen, with the voter''s age band (for breakdowns) and nothing that links a ballot to a person: no voter id, no timestamp, no sequential id.';

create table private.poll_turnout_tally (
  poll_id uuid not null references public.polls (id) on delete cascade,
  age_band public.age_band not null,
  shard smallint not null check (shard between 0 and 15),
  voters bigint not null default 0,
  primary key (poll_id, age_band, shard)
);

comment on table private.poll_turnout_tally is 'Voters per poll and age band, in 16 shards (summed on read): written in the ballot''s transaction.';

create table private.poll_tally (
  poll_id uuid not null references public.polls (id) on delete cascade,
  option_id uuid not null,
  age_band public.age_band not null,
  shard smallint not null check (shard between 0 and 15),
  votes bigint not null default 0,
  primary key (poll_id, option_id, age_band, shard)
);

comment on table private.poll_tally is 'Votes per option and age band, in 16 shards (summed on read): written in the ballot''s transaction.';

revoke all on private.poll_turnout, private.poll_ballots, private.poll_turnout_tally, private.poll_tally
  from public, anon, authenticated, service_role;

-- ============================================================================
-- Helpers: the caller's poll area, age bands, ballots
-- ============================================================================
-- The areas a person votes in or follows: a child's class, school, community and district; the
-- same for every class a teacher teaches. Empty for anyone else.
create or replace function private.my_poll_area_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(distinct a.id) filter (where a.id is not null), '{}')
  from (
    select c.id as class_id, s.id as school_id, s.community_id, s.district_id
    from public.classes c
    join public.schools s on s.id = c.school_id
    where c.id = any (private.my_student_class_ids() || private.my_taught_class_ids())
  ) x
  cross join lateral (values (x.class_id), (x.school_id), (x.community_id), (x.district_id)) as a (id)
$$;

comment on function private.my_poll_area_ids() is
  'Ids of the class, school, community and district of the caller''s class (a child) or of every class they teach (a teacher); empty for anyone else. Use as = any ((select private.my_poll_area_ids())::uuid[]).';

-- The age bands whose polls a person reads: a child only their class's; adults all; nobody else none.
create or replace function private.my_poll_age_bands()
returns public.age_band[]
language sql
stable
security definer
set search_path = ''
as $$
  select case private.current_app_role()
    when 'student' then (
      select coalesce(array_agg(c.age_band), '{}')
      from public.classes c
      where c.id = any (private.my_student_class_ids())
    )
    when 'teacher' then enum_range(null::public.age_band)
    when 'staff' then enum_range(null::public.age_band)
    when 'admin' then enum_range(null::public.age_band)
    else '{}'::public.age_band[]
  end
$$;

comment on function private.my_poll_age_bands() is
  'Age bands whose polls the caller reads: a child''s own class''s band; every band for adults; none without a role.';

-- The polls the caller has voted in (their own turnout rows; a child votes in a few polls a year).
create or replace function private.my_voted_poll_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(t.poll_id), '{}')
  from private.poll_turnout t
  where t.voter_id = (select auth.uid())
$$;

comment on function private.my_voted_poll_ids() is
  'Polls the caller has cast a ballot in (from the turnout, never the ballot box).';

-- The state of a poll at a moment: the one rule for draft / scheduled / open / closed.
create or replace function private.poll_state(
  p_published_at timestamptz,
  p_opens_at timestamptz,
  p_closes_at timestamptz,
  p_closed_early_at timestamptz,
  p_at timestamptz
)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select case
    when p_published_at is null then 'draft'
    when p_closed_early_at is not null and p_closed_early_at <= p_at then 'closed'
    when p_at >= p_closes_at then 'closed'
    when p_at >= p_opens_at then 'open'
    else 'scheduled'
  end
$$;

comment on function private.poll_state(timestamptz, timestamptz, timestamptz, timestamptz, timestamptz) is
  'draft (not scheduled), scheduled (before opens_at), open (opens_at <= at < closes_at, not closed early), closed. Opening and closing instants are exact to the microsecond: a ballot at closes_at is too late.';

-- ============================================================================
-- Read rules
-- ============================================================================
alter table public.polls enable row level security;
alter table public.poll_options enable row level security;
alter table public.poll_goals enable row level security;

-- Who reads a poll: its creator and admins (drafts too); once scheduled, the children of its area
-- in its age bands, the teachers of classes in its area, staff of its district, every adult for a
-- city poll; and anyone signed in once a city or district poll is closed. Anon (the public pages)
-- reads closed city and district polls through public_polls() and poll_results() instead: a
-- policy that anon evaluates cannot call the private helpers.
create policy "People can read the polls of their area, their own, and closed public ones"
  on public.polls for select to authenticated
  using (
    created_by = (select auth.uid())
    or (select private.is_admin())
    or (published_at is not null
        and (scope = 'city'
             or area_id = any ((select private.my_poll_area_ids())::uuid[])
             or district_id = any ((select private.my_staff_district_ids())::uuid[]))
        and age_bands && (select private.my_poll_age_bands()))
    or (scope in ('city', 'district') and published_at is not null
        and (closed_early_at is not null or closes_at <= now()))
  );

create policy "People can read the options of the polls they can read"
  on public.poll_options for select to authenticated
  using (poll_id in (select p.id from public.polls p));

create policy "People can read the goals of the polls they can read"
  on public.poll_goals for select to authenticated
  using (poll_id in (select p.id from public.polls p));

-- The polls a page lists, with their state and whether the caller has voted.
create or replace view public.poll_list
with (security_invoker = true)
as
select
  p.id,
  p.scope,
  p.class_id,
  p.school_id,
  p.community_id,
  p.district_id,
  p.question_zh,
  p.question_en,
  p.explanation_zh,
  p.explanation_en,
  p.kind,
  p.max_choices,
  p.age_bands,
  p.opens_at,
  p.closes_at,
  p.results_live,
  p.min_cell_size,
  case
    when p.published_at is null then 'draft'
    when p.closed_early_at is not null then 'closed'
    when now() >= p.closes_at then 'closed'
    when now() >= p.opens_at then 'open'
    else 'scheduled'
  end as state,
  p.closed_early_at,
  p.reply,
  p.replied_at,
  p.created_at,
  p.created_by = (select auth.uid()) as mine,
  p.id = any ((select private.my_voted_poll_ids())::uuid[]) as voted,
  p.version
from public.polls p;

comment on view public.poll_list is
  'Polls the caller can read with their state (derived from now()), whether the caller created it (mine) and has voted in it (voted).';

-- ============================================================================
-- Internal checks shared by the write functions
-- ============================================================================
-- Fail unless the caller created the poll or is an admin; return it locked.
create or replace function private.lock_poll_for_owner(p_poll_id uuid, p_version integer)
returns public.polls
language plpgsql
set search_path = ''
as $$
declare
  v_poll public.polls;
  v_role public.app_role := private.current_app_role();
begin
  if (select auth.uid()) is null or v_role is null or v_role = 'student' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  -- Wait for ballots in flight (they hold this lock shared), so the turnout read below is final.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('poll:' || p_poll_id::text, 0));
  select p.* into v_poll from public.polls p where p.id = p_poll_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if v_poll.created_by is distinct from (select auth.uid()) and v_role <> 'admin' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  perform private.check_version(p_version, v_poll.version);
  return v_poll;
end;
$$;

comment on function private.lock_poll_for_owner(uuid, integer) is
  'Checks the caller created the poll (or is an admin) and was shown its current version; waits for ballots in flight; returns the row locked. Errors: 42501 not_allowed, PT404 not_found, PT409 stale_version.';

-- Check and set the area of a poll for its creator: teachers their classes and those classes'
-- schools; staff their districts and the communities in them; admins anything.
create or replace function private.poll_area(p_scope public.poll_scope, p_area_id uuid)
returns table (class_id uuid, school_id uuid, community_id uuid, district_id uuid)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_role public.app_role := private.current_app_role();
begin
  if p_scope is null then
    raise exception using errcode = 'P0001', message = 'field_required:scope';
  end if;
  if p_scope = 'city' then
    if v_role <> 'admin' then
      raise exception using errcode = '42501', message = 'not_allowed';
    end if;
    return query select null::uuid, null::uuid, null::uuid, null::uuid;
    return;
  end if;
  if p_area_id is null then
    raise exception using errcode = 'P0001', message = 'field_required:area';
  end if;
  if p_scope = 'class' then
    return query
      select c.id, s.id, null::uuid, s.district_id
      from public.classes c join public.schools s on s.id = c.school_id
      where c.id = p_area_id and c.archived_at is null
        and (v_role = 'admin' or (v_role = 'teacher' and c.id = any (private.my_taught_class_ids())));
  elsif p_scope = 'school' then
    return query
      select null::uuid, s.id, null::uuid, s.district_id
      from public.schools s
      where s.id = p_area_id
        and (v_role = 'admin' or (v_role = 'teacher' and exists (
          select 1 from public.classes c where c.school_id = s.id and c.id = any (private.my_taught_class_ids()))));
  elsif p_scope = 'community' then
    return query
      select null::uuid, null::uuid, cm.id, cm.district_id
      from public.communities cm
      where cm.id = p_area_id
        and (v_role = 'admin' or (v_role = 'staff' and cm.district_id = any (private.my_staff_district_ids())));
  else
    return query
      select null::uuid, null::uuid, null::uuid, d.id
      from public.districts d
      where d.id = p_area_id
        and (v_role = 'admin' or (v_role = 'staff' and d.id = any (private.my_staff_district_ids())));
  end if;
  if not found then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
end;
$$;

comment on function private.poll_area(public.poll_scope, uuid) is
  'The area columns of a poll of p_scope on p_area_id, when the caller may create it there: teachers a class they teach or its school; staff their district or a community in it; admins anything, the city only them. Errors: 42501 not_allowed, P0001 field_required:scope, field_required:area.';

-- Validate the poll's fields; raise field_* errors in argument order.
create or replace function private.check_poll_fields(
  p_question_zh text,
  p_kind public.poll_kind,
  p_max_choices integer,
  p_options jsonb,
  p_age_bands public.age_band[],
  p_opens_at timestamptz,
  p_closes_at timestamptz,
  p_min_cell_size integer,
  p_goal_ids uuid[]
)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  v_item jsonb;
begin
  perform private.input_text(p_question_zh, 'question_zh', 1000);
  if p_kind is null then
    raise exception using errcode = 'P0001', message = 'field_required:kind';
  end if;
  if p_options is null or jsonb_typeof(p_options) <> 'array' or jsonb_array_length(p_options) < 2
     or jsonb_array_length(p_options) > 12 then
    raise exception using errcode = 'P0001', message = 'field_invalid:options';
  end if;
  for v_item in select * from jsonb_array_elements(p_options) loop
    if jsonb_typeof(v_item) <> 'object' or jsonb_typeof(v_item -> 'label') is distinct from 'string'
       or (v_item ? 'label_en' and jsonb_typeof(v_item -> 'label_en') not in ('string', 'null')) then
      raise exception using errcode = 'P0001', message = 'field_invalid:options';
    end if;
    perform private.input_text(v_item ->> 'label', 'options', 400);
    perform private.input_text(v_item ->> 'label_en', 'options', 400, false);
  end loop;
  if p_kind = 'single' and p_max_choices is distinct from 1 then
    raise exception using errcode = 'P0001', message = 'field_invalid:max_choices';
  end if;
  if p_kind = 'multiple' and (p_max_choices is null or p_max_choices < 2 or p_max_choices > jsonb_array_length(p_options)) then
    raise exception using errcode = 'P0001', message = 'field_invalid:max_choices';
  end if;
  if p_age_bands is null or cardinality(p_age_bands) = 0 or array_position(p_age_bands, null) is not null then
    raise exception using errcode = 'P0001', message = 'field_required:age_bands';
  end if;
  if p_opens_at is null then
    raise exception using errcode = 'P0001', message = 'field_required:opens_at';
  end if;
  if p_closes_at is null then
    raise exception using errcode = 'P0001', message = 'field_required:closes_at';
  end if;
  if p_closes_at <= p_opens_at or p_closes_at > p_opens_at + interval '366 days' then
    raise exception using errcode = 'P0001', message = 'field_invalid:closes_at';
  end if;
  if p_min_cell_size is null or p_min_cell_size not between 3 and 100 then
    raise exception using errcode = 'P0001', message = 'field_invalid:min_cell_size';
  end if;
  if p_goal_ids is not null and (cardinality(p_goal_ids) > 20 or exists (
       select 1 from unnest(p_goal_ids) g (id)
       where g.id is null or not exists (select 1 from public.ledger_goals lg where lg.id = g.id))) then
    raise exception using errcode = 'P0001', message = 'goal_unknown';
  end if;
end;
$$;

comment on function private.check_poll_fields(text, public.poll_kind, integer, jsonb, public.age_band[], timestamptz, timestamptz, integer, uuid[]) is
  'Validates a poll''s fields for create_poll / update_poll. Errors: P0001 field_required / field_too_long / field_invalid:<field>, goal_unknown.';

-- Write the options and goals of a poll (replacing any).
create or replace function private.set_poll_options_and_goals(p_poll_id uuid, p_options jsonb, p_goal_ids uuid[])
returns void
language plpgsql
set search_path = ''
as $$
begin
  delete from public.poll_options o where o.poll_id = p_poll_id;
  insert into public.poll_options (poll_id, position, label, label_en)
  select p_poll_id, e.ord, private.clean_text(e.item ->> 'label'), private.clean_text(e.item ->> 'label_en')
  from jsonb_array_elements(p_options) with ordinality as e (item, ord);
  delete from public.poll_goals g where g.poll_id = p_poll_id;
  insert into public.poll_goals (poll_id, goal_id)
  select distinct p_poll_id, g.id from unnest(coalesce(p_goal_ids, '{}')) g (id);
end;
$$;

comment on function private.set_poll_options_and_goals(uuid, jsonb, uuid[]) is
  'Replaces a poll''s options (in the given order) and linked goals. Errors: P0001 options_frozen (the trigger, once a ballot exists).';

-- Options are frozen once the first ballot is cast, whoever writes them.
create or replace function private.guard_poll_options()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select 1 from private.poll_turnout t where t.poll_id = coalesce(new.poll_id, old.poll_id))
     and exists (select 1 from public.polls p where p.id = coalesce(new.poll_id, old.poll_id)) then
    raise exception using errcode = 'P0001', message = 'options_frozen';
  end if;
  return coalesce(new, old);
end;
$$;

comment on function private.guard_poll_options() is
  'Trigger on poll_options: refuses any change (P0001 options_frozen) once the poll has a ballot.';

create trigger poll_options_frozen
  before insert or update or delete on public.poll_options
  for each row execute function private.guard_poll_options();

-- ============================================================================
-- Write functions
-- ============================================================================
create or replace function public.create_poll(
  p_scope public.poll_scope,
  p_area_id uuid,
  p_question_zh text,
  p_question_en text,
  p_explanation_zh text,
  p_explanation_en text,
  p_kind public.poll_kind,
  p_max_choices integer,
  p_options jsonb,
  p_age_bands public.age_band[],
  p_opens_at timestamptz,
  p_closes_at timestamptz,
  p_results_live boolean default false,
  p_min_cell_size integer default 5,
  p_goal_ids uuid[] default null
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_role public.app_role := private.current_app_role();
  v_area record;
  v_id uuid;
begin
  if (select auth.uid()) is null or v_role is null or v_role = 'student' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select * into v_area from private.poll_area(p_scope, p_area_id);
  perform private.check_poll_fields(p_question_zh, p_kind, p_max_choices, p_options, p_age_bands,
    p_opens_at, p_closes_at, p_min_cell_size, p_goal_ids);
  insert into public.polls (scope, class_id, school_id, community_id, district_id, question_zh, question_en,
    explanation_zh, explanation_en, kind, max_choices, age_bands, opens_at, closes_at, results_live,
    min_cell_size, created_by, created_by_role)
  values (p_scope, v_area.class_id, v_area.school_id, v_area.community_id, v_area.district_id,
    private.clean_text(p_question_zh),
    private.input_text(p_question_en, 'question_en', 1000, false),
    private.input_text(p_explanation_zh, 'explanation_zh', 4000, false),
    private.input_text(p_explanation_en, 'explanation_en', 4000, false),
    p_kind, p_max_choices, (select array_agg(distinct b order by b) from unnest(p_age_bands) b),
    p_opens_at, p_closes_at, coalesce(p_results_live, false), p_min_cell_size, (select auth.uid()), v_role)
  returning id into v_id;
  perform private.set_poll_options_and_goals(v_id, p_options, p_goal_ids);
  return v_id;
end;
$$;

comment on function public.create_poll(public.poll_scope, uuid, text, text, text, text, public.poll_kind, integer, jsonb, public.age_band[], timestamptz, timestamptz, boolean, integer, uuid[]) is
$$A new poll, in draft (only its creator and admins see it until schedule_poll).
Inputs: p_scope and p_area_id (class/school: a teacher of a class there; community/district: staff
of that district; city (p_area_id ignored): admins; admins may use any scope); p_question_zh
(required, ≤ 1000 code points), p_question_en, p_explanation_zh, p_explanation_en (optional);
p_kind single (p_max_choices 1) or multiple (2 ≤ p_max_choices ≤ options); p_options: jsonb array
of 2–12 {label, label_en?} (≤ 400 each); p_age_bands (1–3); p_opens_at < p_closes_at (≤ 366 days
apart; timestamptz: the app sends Asia/Shanghai wall time with its offset); p_results_live;
p_min_cell_size 3–100 (default 5); p_goal_ids: ≤ 20 ledger goals.
Effect: inserts the poll (version 1), its options and goal links; returns its id.
Errors: 42501 not_allowed (not an adult, or the area is not the caller's); P0001
field_required:scope|area|question_zh|kind|age_bands|opens_at|closes_at, field_too_long:<field>,
field_invalid:options|max_choices|closes_at|min_cell_size, goal_unknown.$$;

create or replace function public.update_poll(
  p_poll_id uuid,
  p_version integer,
  p_question_zh text,
  p_question_en text,
  p_explanation_zh text,
  p_explanation_en text,
  p_kind public.poll_kind,
  p_max_choices integer,
  p_options jsonb,
  p_age_bands public.age_band[],
  p_opens_at timestamptz,
  p_closes_at timestamptz,
  p_results_live boolean default false,
  p_min_cell_size integer default 5,
  p_goal_ids uuid[] default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_poll public.polls;
  v_state text;
  v_same_options boolean;
begin
  v_poll := private.lock_poll_for_owner(p_poll_id, p_version);
  v_state := private.poll_state(v_poll.published_at, v_poll.opens_at, v_poll.closes_at, v_poll.closed_early_at, now());
  if v_state = 'closed' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  perform private.check_poll_fields(p_question_zh, p_kind, p_max_choices, p_options, p_age_bands,
    p_opens_at, p_closes_at, p_min_cell_size, p_goal_ids);
  if exists (select 1 from private.poll_turnout t where t.poll_id = v_poll.id) then
    -- After the first ballot only the texts around the options and the closing time may change.
    select coalesce(jsonb_agg(jsonb_build_object('label', o.label, 'label_en', o.label_en) order by o.position), '[]')
           = (select coalesce(jsonb_agg(jsonb_build_object('label', private.clean_text(e ->> 'label'),
                'label_en', private.clean_text(e ->> 'label_en')) order by ord), '[]')
              from jsonb_array_elements(p_options) with ordinality x (e, ord))
      into v_same_options
      from public.poll_options o where o.poll_id = v_poll.id;
    if not v_same_options or p_kind <> v_poll.kind or p_max_choices <> v_poll.max_choices
       or p_opens_at <> v_poll.opens_at or p_min_cell_size <> v_poll.min_cell_size
       or (select array_agg(distinct b order by b) from unnest(p_age_bands) b) <> v_poll.age_bands then
      raise exception using errcode = 'P0001', message = 'options_frozen';
    end if;
  end if;
  update public.polls set
    question_zh = private.clean_text(p_question_zh),
    question_en = private.input_text(p_question_en, 'question_en', 1000, false),
    explanation_zh = private.input_text(p_explanation_zh, 'explanation_zh', 4000, false),
    explanation_en = private.input_text(p_explanation_en, 'explanation_en', 4000, false),
    kind = p_kind,
    max_choices = p_max_choices,
    age_bands = (select array_agg(distinct b order by b) from unnest(p_age_bands) b),
    opens_at = p_opens_at,
    closes_at = p_closes_at,
    results_live = coalesce(p_results_live, false),
    min_cell_size = p_min_cell_size,
    version = version + 1
  where id = v_poll.id;
  if not exists (select 1 from private.poll_turnout t where t.poll_id = v_poll.id) then
    perform private.set_poll_options_and_goals(v_poll.id, p_options, p_goal_ids);
  else
    delete from public.poll_goals g where g.poll_id = v_poll.id;
    insert into public.poll_goals (poll_id, goal_id)
    select distinct v_poll.id, g.id from unnest(coalesce(p_goal_ids, '{}')) g (id);
  end if;
end;
$$;

comment on function public.update_poll(uuid, integer, text, text, text, text, public.poll_kind, integer, jsonb, public.age_band[], timestamptz, timestamptz, boolean, integer, uuid[]) is
$$Changes a poll that is not closed; the fields as for create_poll (the scope and area never change).
Once a ballot is cast the options, kind, choice limit, opening time, age bands and minimum cell size
are frozen: only the texts, the closing time, live results and the goals may change.
Effect: the poll's fields, options and goals replaced; version + 1.
Errors: 42501 not_allowed (not its creator or an admin); PT404 not_found; PT409 stale_version;
P0001 invalid_state (closed), options_frozen, and create_poll's field errors.$$;

create or replace function public.schedule_poll(p_poll_id uuid, p_version integer)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_poll public.polls;
begin
  v_poll := private.lock_poll_for_owner(p_poll_id, p_version);
  if v_poll.published_at is not null then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  if v_poll.closes_at <= now() then
    raise exception using errcode = 'P0001', message = 'field_invalid:closes_at';
  end if;
  update public.polls set published_at = now(), version = version + 1 where id = v_poll.id;
end;
$$;

comment on function public.schedule_poll(uuid, integer) is
$$Publishes a draft: from now on the poll is scheduled (before opens_at), then open, then closed.
Effect: published_at = now(), version + 1.
Errors: 42501 not_allowed (not its creator or an admin); PT404 not_found; PT409 stale_version;
P0001 invalid_state (not a draft), field_invalid:closes_at (the closing time has passed).$$;

create or replace function public.close_poll_early(p_poll_id uuid, p_version integer)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_poll public.polls;
  v_state text;
begin
  v_poll := private.lock_poll_for_owner(p_poll_id, p_version);
  v_state := private.poll_state(v_poll.published_at, v_poll.opens_at, v_poll.closes_at, v_poll.closed_early_at, now());
  if v_state not in ('scheduled', 'open') then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  update public.polls set closed_early_at = now(), version = version + 1 where id = v_poll.id;
end;
$$;

comment on function public.close_poll_early(uuid, integer) is
$$Closes a scheduled or open poll now (its creator or an admin). Ballots already being cast finish
first (they hold the poll's lock shared); later ones get poll_closed.
Effect: closed_early_at = now(), version + 1.
Errors: 42501 not_allowed; PT404 not_found; PT409 stale_version; P0001 invalid_state (draft or
already closed).$$;

create or replace function public.write_poll_reply(p_poll_id uuid, p_version integer, p_reply text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_poll public.polls;
  v_reply text;
begin
  v_poll := private.lock_poll_for_owner(p_poll_id, p_version);
  if private.poll_state(v_poll.published_at, v_poll.opens_at, v_poll.closes_at, v_poll.closed_early_at, now()) <> 'closed' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  v_reply := private.input_text(p_reply, 'reply', 20000);
  update public.polls set reply = v_reply, replied_at = now(), version = version + 1 where id = v_poll.id;
end;
$$;

comment on function public.write_poll_reply(uuid, integer, text) is
$$"What we will do": the creator's (or an admin's) reply to a closed poll, which children read with
the results and the public reads on the linked goals' pages. May be rewritten.
Effect: reply, replied_at = now(), version + 1.
Errors: 42501 not_allowed; PT404 not_found; PT409 stale_version; P0001 invalid_state (not closed),
field_required:reply, field_too_long:reply (20000).$$;

-- cast_ballot -------------------------------------------------------------------
create or replace function public.cast_ballot(p_poll_id uuid, p_version integer, p_option_ids uuid[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_poll public.polls;
  v_me record;
  v_state text;
  v_choices uuid[];
  v_shard smallint;
  v_rows integer;
begin
  if v_uid is null or private.current_app_role() is distinct from 'student' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  -- Shared with other ballots, exclusive with changes and early closing (lock_poll_for_owner):
  -- never a row lock on the poll, so a thousand ballots a second do not queue on one row.
  perform pg_catalog.pg_advisory_xact_lock_shared(pg_catalog.hashtextextended('poll:' || p_poll_id::text, 0));
  select p.* into v_poll from public.polls p where p.id = p_poll_id;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  select c.id as class_id, c.age_band, c.archived_at, s.id as school_id, s.community_id, s.district_id,
         cs.guardian_consent
    into v_me
    from public.class_students cs
    join public.classes c on c.id = cs.class_id
    join public.schools s on s.id = c.school_id
   where cs.student_id = v_uid;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  -- Out of the poll's area or age band, or a draft: the child cannot see it, so it is not found.
  if v_poll.published_at is null
     or not (v_me.age_band = any (v_poll.age_bands))
     or not (case v_poll.scope
               when 'city' then true
               when 'district' then v_poll.district_id = v_me.district_id
               when 'community' then v_poll.community_id is not distinct from v_me.community_id
               when 'school' then v_poll.school_id = v_me.school_id
               when 'class' then v_poll.class_id = v_me.class_id
             end) then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  perform private.check_version(p_version, v_poll.version);
  v_state := private.poll_state(v_poll.published_at, v_poll.opens_at, v_poll.closes_at, v_poll.closed_early_at, now());
  if v_state = 'scheduled' then
    raise exception using errcode = 'P0001', message = 'poll_not_open';
  elsif v_state = 'closed' then
    raise exception using errcode = 'P0001', message = 'poll_closed';
  end if;
  if v_me.archived_at is not null then
    raise exception using errcode = 'PT403', message = 'class_archived';
  end if;
  if v_me.age_band in ('6-9', '10-13') and not v_me.guardian_consent then
    raise exception using errcode = 'PT403', message = 'consent_required';
  end if;
  -- The choices: known options of this poll, no repeats, within the limit.
  if p_option_ids is null or cardinality(p_option_ids) = 0 then
    raise exception using errcode = 'P0001', message = 'field_required:options';
  end if;
  if cardinality(p_option_ids) > 12 then
    raise exception using errcode = 'P0001', message = 'field_invalid:options';
  end if;
  if cardinality(p_option_ids) > v_poll.max_choices then
    raise exception using errcode = 'P0001', message = 'too_many_choices';
  end if;
  select array_agg(distinct o.id order by o.id) into v_choices
    from public.poll_options o
   where o.poll_id = v_poll.id and o.id = any (p_option_ids);
  if v_choices is null or cardinality(v_choices) <> cardinality(p_option_ids) then
    raise exception using errcode = 'P0001', message = 'field_invalid:options';
  end if;

  -- One ballot per child: the turnout's primary key. A parallel request by the same child waits
  -- here for the first to commit, then inserts nothing.
  insert into private.poll_turnout (poll_id, voter_id) values (v_poll.id, v_uid) on conflict do nothing;
  get diagnostics v_rows = row_count;
  if v_rows = 0 then
    raise exception using errcode = 'PT409', message = 'already_voted';
  end if;

  insert into private.poll_ballots (poll_id, age_band, option_ids) values (v_poll.id, v_me.age_band, v_choices);

  v_shard := floor(random() * 16)::smallint;
  insert into private.poll_turnout_tally as t (poll_id, age_band, shard, voters)
  values (v_poll.id, v_me.age_band, v_shard, 1)
  on conflict (poll_id, age_band, shard) do update set voters = t.voters + 1;
  -- In option id order, so two ballots lock their counter rows in the same order.
  insert into private.poll_tally as t (poll_id, option_id, age_band, shard, votes)
  select v_poll.id, c.id, v_me.age_band, v_shard, 1 from unnest(v_choices) c (id) order by c.id
  on conflict (poll_id, option_id, age_band, shard) do update set votes = t.votes + 1;
end;
$$;

comment on function public.cast_ballot(uuid, integer, uuid[]) is
$$A child's secret ballot.
Inputs: p_poll_id; p_version: the version of the poll the child was shown; p_option_ids: the
chosen options (1, or 1–max_choices for a multiple-choice poll).
Effect: one turnout row (the child, the poll) and, apart from it, one ballot (random id, the poll,
the child's age band, the choices) and +1 on one shard of the turnout and option counters, in one
transaction.
Errors: 42501 not_allowed (not a child); PT404 not_found (no such poll, a draft, or outside the
child's class/school/community/district or age band); PT409 stale_version, already_voted (also for
parallel requests: one ballot is stored, the others get this); P0001 poll_not_open (before
opens_at), poll_closed (at or after closes_at, or closed early), field_required:options,
field_invalid:options (an option of another poll, a repeat), too_many_choices (more than
max_choices); PT403 consent_required (under 14 without a guardian's consent), class_archived.$$;

-- ============================================================================
-- Results (the only way counts leave the database)
-- ============================================================================
-- Whether the caller may read the poll: the select rule of public.polls, restated for the definer
-- functions below (tests/db/polls-secrecy.test.ts checks they agree for every role).
create or replace function private.can_read_poll(p_poll public.polls)
returns boolean
language sql
stable
set search_path = ''
as $$
  -- coalesce: for anon (or a deleted creator) the first comparison is null, and null must mean
  -- "no", not "unknown" (an `if not can_read_poll(...)` would let it through).
  select coalesce(
    p_poll.created_by = (select auth.uid())
    or private.is_admin()
    or (p_poll.published_at is not null
        and (p_poll.scope = 'city'
             or p_poll.area_id = any (private.my_poll_area_ids())
             or p_poll.district_id = any (private.my_staff_district_ids()))
        and p_poll.age_bands && private.my_poll_age_bands())
    or (p_poll.scope in ('city', 'district') and p_poll.published_at is not null
        and (p_poll.closed_early_at is not null or p_poll.closes_at <= now())),
    false)
$$;

comment on function private.can_read_poll(public.polls) is
  'The select rule of public.polls for one poll, for the definer result functions.';

-- Sums of the sharded counters of one poll: voters per age band, votes per option and band.
create or replace function private.poll_sums(p_poll_id uuid)
returns table (age_band public.age_band, option_id uuid, n bigint)
language sql
stable
set search_path = ''
as $$
  select t.age_band, null::uuid, sum(t.voters)::bigint
    from private.poll_turnout_tally t where t.poll_id = p_poll_id group by t.age_band
  union all
  select t.age_band, t.option_id, sum(t.votes)::bigint
    from private.poll_tally t where t.poll_id = p_poll_id group by t.age_band, t.option_id
$$;

comment on function private.poll_sums(uuid) is
  'Voters per age band (option_id null) and votes per option and age band of a poll, from the sharded counters (at most 16 rows per cell).';

create or replace function public.poll_results(p_poll_id uuid)
returns table (
  state text,
  voters bigint,
  withheld text,
  option_id uuid,
  "position" smallint,
  label text,
  label_en text,
  votes bigint
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_poll public.polls;
  v_state text;
  v_visible boolean;
begin
  select p.* into v_poll from public.polls p where p.id = p_poll_id;
  if not found or not private.can_read_poll(v_poll) then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  v_state := private.poll_state(v_poll.published_at, v_poll.opens_at, v_poll.closes_at, v_poll.closed_early_at, now());
  v_visible := v_state = 'closed' or (v_state = 'open' and v_poll.results_live);
  return query
    with sums as materialized (select * from private.poll_sums(v_poll.id)),
    total as (select coalesce(sum(s.n), 0)::bigint as voters from sums s where s.option_id is null),
    per_option as (
      select o.id, o.position, o.label, o.label_en, coalesce(sum(s.n), 0)::bigint as n
      from public.poll_options o left join sums s on s.option_id = o.id
      where o.poll_id = v_poll.id
      group by o.id, o.position, o.label, o.label_en
    ),
    verdict as (
      select case
        when not v_visible then 'not_yet'
        when (select t.voters from total t) < v_poll.min_cell_size then 'too_few'
        when exists (select 1 from per_option x where x.n < v_poll.min_cell_size) then 'small_cells'
      end as withheld
    )
    select v_state, (select t.voters from total t), (select v.withheld from verdict v),
           p.id, p.position, p.label, p.label_en,
           case when (select v.withheld from verdict v) is null then p.n end
    from per_option p
    order by p.position;
end;
$$;

comment on function public.poll_results(uuid) is
$$The results of a poll the caller can read (anon: closed city and district polls), one row per
option in order. state: draft | scheduled | open | closed; voters: how many have voted (turnout,
never who); withheld: null (counts shown), not_yet (before closing and the poll does not show live
results, or not open), too_few (fewer voters than min_cell_size), small_cells (an option has fewer
votes than min_cell_size: showing the others would tell about it); votes: null whenever withheld.
Read from the sharded counters: the same cost at any number of ballots.
Effect: none (reads).
Errors: PT404 not_found (no such poll, or the caller cannot read it).$$;

create or replace function public.poll_breakdown(p_poll_id uuid)
returns table (age_band public.age_band, voters bigint, option_id uuid, votes bigint)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_poll public.polls;
  v_state text;
begin
  select p.* into v_poll from public.polls p where p.id = p_poll_id;
  if not found or not private.can_read_poll(v_poll) then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  v_state := private.poll_state(v_poll.published_at, v_poll.opens_at, v_poll.closes_at, v_poll.closed_early_at, now());
  if not (v_state = 'closed' or (v_state = 'open' and v_poll.results_live)) then
    return;
  end if;
  return query
    with sums as (select * from private.poll_sums(v_poll.id)),
    bands as (select s.age_band, sum(s.n)::bigint as voters from sums s where s.option_id is null group by s.age_band having sum(s.n) > 0),
    cells as (
      select b.age_band, b.voters, o.id as option_id, o.position,
             coalesce((select sum(s.n) from sums s where s.age_band = b.age_band and s.option_id = o.id), 0)::bigint as votes
      from bands b cross join public.poll_options o where o.poll_id = v_poll.id
    )
    select c.age_band, c.voters, c.option_id, c.votes from cells c
    where (select count(*) from bands) >= 2
      and not exists (select 1 from cells x where x.votes < v_poll.min_cell_size or x.voters < v_poll.min_cell_size)
    order by c.age_band, c.position;
end;
$$;

comment on function public.poll_breakdown(uuid) is
$$Votes per age band and option of a poll whose results are shown (as poll_results: closed, or open
with live results), only when at least two age bands voted and every band's voters and every
band × option cell reach min_cell_size; otherwise no rows (the breakdown is withheld whole).
Effect: none (reads).
Errors: PT404 not_found (no such poll, or the caller cannot read it).$$;

-- The public list: closed city and district polls (newest closing first), all or those linked to
-- one ledger goal. No identity: the creator is never returned.
create or replace function public.public_polls(p_goal_id uuid default null, p_limit integer default 20, p_offset integer default 0)
returns table (
  id uuid,
  scope public.poll_scope,
  district_name_zh text,
  district_name_en text,
  question_zh text,
  question_en text,
  explanation_zh text,
  explanation_en text,
  kind public.poll_kind,
  max_choices smallint,
  min_cell_size smallint,
  closed_at timestamptz,
  reply text,
  replied_at timestamptz,
  total bigint
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if p_limit is null or p_limit not between 1 and 50 or p_offset is null or p_offset not between 0 and 1000000 then
    raise exception using errcode = 'P0001', message = 'field_invalid:range';
  end if;
  return query
    with closed as (
      select p.*, least(coalesce(p.closed_early_at, p.closes_at), p.closes_at) as closed_at
      from public.polls p
      where p.scope in ('city', 'district') and p.published_at is not null
        and (p.closed_early_at is not null or p.closes_at <= now())
        and (p_goal_id is null or p.id in (select g.poll_id from public.poll_goals g where g.goal_id = p_goal_id))
    )
    select c.id, c.scope, d.name_zh, d.name_en, c.question_zh, c.question_en, c.explanation_zh, c.explanation_en,
           c.kind, c.max_choices, c.min_cell_size, c.closed_at, c.reply, c.replied_at, count(*) over ()
    from closed c
    left join public.districts d on d.id = c.district_id
    order by c.closed_at desc, c.id
    limit p_limit offset p_offset;
end;
$$;

comment on function public.public_polls(uuid, integer, integer) is
$$The public list of closed city and district polls (anyone, anon included), newest closed first:
all of them, or those linked to ledger goal p_goal_id. One page of p_limit (1–50) from p_offset;
total = how many in all. No creator, no turnout, no counts (those come from poll_results).
Effect: none (reads).
Errors: P0001 field_invalid:range.$$;

-- ============================================================================
-- Recount: the counters against the ballot box (operators, tests)
-- ============================================================================
create or replace function private.recount_poll(p_poll_id uuid)
returns table (age_band public.age_band, option_id uuid, counted bigint, tallied bigint)
language sql
stable
set search_path = ''
as $$
  with counted as (
    select b.age_band, null::uuid as option_id, count(*)::bigint as n
      from private.poll_ballots b where b.poll_id = p_poll_id group by b.age_band
    union all
    select b.age_band, c.id, count(*)::bigint
      from private.poll_ballots b cross join lateral unnest(b.option_ids) c (id)
     where b.poll_id = p_poll_id group by b.age_band, c.id
  ),
  tallied as (select * from private.poll_sums(p_poll_id))
  select coalesce(c.age_band, t.age_band), coalesce(c.option_id, t.option_id), coalesce(c.n, 0), coalesce(t.n, 0)
  from counted c
  full join tallied t on t.age_band = c.age_band and t.option_id is not distinct from c.option_id
  where coalesce(c.n, 0) <> coalesce(t.n, 0)
$$;

comment on function private.recount_poll(uuid) is
  'Counts a poll''s ballots (per age band; per option and band) and returns every cell where the sharded counters differ (no rows: they agree). Also checks the turnout: see private.check_poll_turnout.';

create or replace function private.check_poll_turnout(p_poll_id uuid)
returns boolean
language sql
stable
set search_path = ''
as $$
  select (select count(*) from private.poll_turnout t where t.poll_id = p_poll_id)
       = (select count(*) from private.poll_ballots b where b.poll_id = p_poll_id)
$$;

comment on function private.check_poll_turnout(uuid) is
  'True when the poll has as many turnout rows as ballots (a child erased since voting makes it false: the turnout row goes with the profile, the ballot stays).';

create or replace function private.rebuild_poll_tally(p_poll_id uuid)
returns void
language plpgsql
set search_path = ''
as $$
begin
  delete from private.poll_turnout_tally t where t.poll_id = p_poll_id;
  delete from private.poll_tally t where t.poll_id = p_poll_id;
  insert into private.poll_turnout_tally (poll_id, age_band, shard, voters)
  select p_poll_id, b.age_band, 0, count(*) from private.poll_ballots b where b.poll_id = p_poll_id group by b.age_band;
  insert into private.poll_tally (poll_id, option_id, age_band, shard, votes)
  select p_poll_id, c.id, b.age_band, 0, count(*)
  from private.poll_ballots b cross join lateral unnest(b.option_ids) c (id)
  where b.poll_id = p_poll_id group by b.age_band, c.id;
end;
$$;

comment on function private.rebuild_poll_tally(uuid) is
  'Rebuilds a poll''s counters from its ballots (after a bulk load with triggers off, or if recount_poll finds a difference). Owner only.';

-- ============================================================================
-- Grants
-- ============================================================================
revoke all on public.communities, public.polls, public.poll_options, public.poll_goals, public.poll_list from anon;
revoke insert, update, delete, truncate, references, trigger
  on public.communities, public.polls, public.poll_options, public.poll_goals, public.poll_list
  from authenticated;
grant select on public.communities, public.polls, public.poll_options, public.poll_goals, public.poll_list to authenticated;

revoke execute on all functions in schema private from public;
grant execute on function
  private.my_poll_area_ids(),
  private.my_poll_age_bands(),
  private.my_voted_poll_ids()
  to authenticated;

revoke execute on function
  public.create_poll(public.poll_scope, uuid, text, text, text, text, public.poll_kind, integer, jsonb, public.age_band[], timestamptz, timestamptz, boolean, integer, uuid[]),
  public.update_poll(uuid, integer, text, text, text, text, public.poll_kind, integer, jsonb, public.age_band[], timestamptz, timestamptz, boolean, integer, uuid[]),
  public.schedule_poll(uuid, integer),
  public.close_poll_early(uuid, integer),
  public.write_poll_reply(uuid, integer, text),
  public.cast_ballot(uuid, integer, uuid[]),
  public.poll_results(uuid),
  public.poll_breakdown(uuid),
  public.public_polls(uuid, integer, integer)
  from public, anon, service_role;
grant execute on function
  public.create_poll(public.poll_scope, uuid, text, text, text, text, public.poll_kind, integer, jsonb, public.age_band[], timestamptz, timestamptz, boolean, integer, uuid[]),
  public.update_poll(uuid, integer, text, text, text, text, public.poll_kind, integer, jsonb, public.age_band[], timestamptz, timestamptz, boolean, integer, uuid[]),
  public.schedule_poll(uuid, integer),
  public.close_poll_early(uuid, integer),
  public.write_poll_reply(uuid, integer, text),
  public.cast_ballot(uuid, integer, uuid[]),
  public.poll_results(uuid),
  public.poll_breakdown(uuid),
  public.public_polls(uuid, integer, integer)
  to authenticated;
-- Public results: anon reads closed city and district polls' aggregates.
grant execute on function public.poll_results(uuid), public.poll_breakdown(uuid), public.public_polls(uuid, integer, integer) to anon;
