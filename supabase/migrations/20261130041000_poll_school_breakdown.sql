-- ============================================================================
-- Polls: breakdown by school (issue 8) with the secrecy bar of the age-band breakdown
-- ============================================================================
-- A community, district or city poll spans schools; its results may be broken down by school,
-- only where every cell reaches the poll's minimum cell size, and never so that the schools not
-- shown, taken together, reveal a small cell (complementary disclosure: see
-- poll_school_breakdown's comment).
--
-- The ballot carries the voter's school in those polls (null in class and school polls, and in
-- ballots cast before this migration), so the school counters can be recounted. The counters are
-- sharded like the others (16 shards, the ballot's shard) and written in cast_ballot's
-- transaction, after the age-band counters and in option id order (one global lock order). A
-- read sums at most schools × (options + 1) × 16 rows, whatever the number of ballots. What an
-- operator with SQL access can infer from a school on the ballot: supabase/README.md.

alter table private.poll_ballots add column school_id uuid;

-- No foreign key: a key check on public.schools would take a share lock on the school's row in
-- every ballot (a lock hot spot at a thousand ballots a second from one school's classrooms).
comment on column private.poll_ballots.school_id is
  'The voter''s school in a community, district or city poll (null in class and school polls, and in ballots cast before 20261130041000). Not a foreign key (no lock on the school''s row per ballot).';

create table private.poll_school_turnout_tally (
  poll_id uuid not null references public.polls (id) on delete cascade,
  school_id uuid not null,
  shard smallint not null check (shard between 0 and 15),
  voters bigint not null default 0,
  primary key (poll_id, school_id, shard)
);

comment on table private.poll_school_turnout_tally is
  'Voters per poll and school (community, district and city polls), in 16 shards (summed on read): written in the ballot''s transaction.';

create table private.poll_school_tally (
  poll_id uuid not null references public.polls (id) on delete cascade,
  school_id uuid not null,
  option_id uuid not null,
  shard smallint not null check (shard between 0 and 15),
  votes bigint not null default 0,
  primary key (poll_id, school_id, option_id, shard)
);

comment on table private.poll_school_tally is
  'Votes per option and school (community, district and city polls), in 16 shards (summed on read): written in the ballot''s transaction.';

revoke all on private.poll_school_turnout_tally, private.poll_school_tally
  from public, anon, authenticated, service_role;

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

  -- The school only where a poll spans schools (community, district, city): the per-school
  -- breakdown. A class or school poll's ballots are all of the poll's school.
  insert into private.poll_ballots (poll_id, age_band, school_id, option_ids)
  values (v_poll.id, v_me.age_band, case when v_poll.scope in ('community', 'district', 'city') then v_me.school_id end, v_choices);

  v_shard := floor(random() * 16)::smallint;
  insert into private.poll_turnout_tally as t (poll_id, age_band, shard, voters)
  values (v_poll.id, v_me.age_band, v_shard, 1)
  on conflict (poll_id, age_band, shard) do update set voters = t.voters + 1;
  -- In option id order, so two ballots lock their counter rows in the same order.
  insert into private.poll_tally as t (poll_id, option_id, age_band, shard, votes)
  select v_poll.id, c.id, v_me.age_band, v_shard, 1 from unnest(v_choices) c (id) order by c.id
  on conflict (poll_id, option_id, age_band, shard) do update set votes = t.votes + 1;
  -- The school counters (community, district and city polls), after the others and in option id
  -- order, on the same shard: every ballot locks its counter rows in the same global order
  -- (table, then key), so two ballots never wait for each other in a cycle.
  if v_poll.scope in ('community', 'district', 'city') then
    insert into private.poll_school_turnout_tally as t (poll_id, school_id, shard, voters)
    values (v_poll.id, v_me.school_id, v_shard, 1)
    on conflict (poll_id, school_id, shard) do update set voters = t.voters + 1;
    insert into private.poll_school_tally as t (poll_id, school_id, option_id, shard, votes)
    select v_poll.id, v_me.school_id, c.id, v_shard, 1 from unnest(v_choices) c (id) order by c.id
    on conflict (poll_id, school_id, option_id, shard) do update set votes = t.votes + 1;
  end if;
end;
$$;

comment on function public.cast_ballot(uuid, integer, uuid[]) is
$$A child's secret ballot.
Inputs: p_poll_id; p_version: the version of the poll the child was shown; p_option_ids: the
chosen options (1, or 1–max_choices for a multiple-choice poll).
Effect: one turnout row (the child, the poll) and, apart from it, one ballot (random id, the poll,
the child's age band, the child's school in a community, district or city poll, the choices) and
+1 on one shard of the turnout and option counters (per age band; and per school in a community,
district or city poll), in one transaction.
Errors: 42501 not_allowed (not a child); PT404 not_found (no such poll, a draft, or outside the
child's class/school/community/district or age band); PT409 stale_version, already_voted (also for
parallel requests: one ballot is stored, the others get this); P0001 poll_not_open (before
opens_at), poll_closed (at or after closes_at, or closed early), field_required:options,
field_invalid:options (an option of another poll, a repeat), too_many_choices (more than
max_choices); PT403 consent_required (under 14 without a guardian's consent), class_archived.$$;

-- ============================================================================
-- The breakdown by school (the only way school counts leave the database)
-- ============================================================================
create or replace function public.poll_school_breakdown(p_poll_id uuid)
returns table (
  withheld text,
  school_id uuid,
  school_name_zh text,
  school_name_en text,
  voters bigint,
  option_id uuid,
  "position" smallint,
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
  v_min bigint;
begin
  select p.* into v_poll from public.polls p where p.id = p_poll_id;
  if not found or not private.can_read_poll(v_poll) then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  v_state := private.poll_state(v_poll.published_at, v_poll.opens_at, v_poll.closes_at, v_poll.closed_early_at, now());
  if not (v_state = 'closed' or (v_state = 'open' and v_poll.results_live))
     or v_poll.scope not in ('community', 'district', 'city') then
    return;
  end if;
  v_min := v_poll.min_cell_size;
  return query
    with sv as (
      select t.school_id, sum(t.voters)::bigint as n
      from private.poll_school_turnout_tally t where t.poll_id = v_poll.id
      group by t.school_id having sum(t.voters) > 0
    ),
    so as (
      select t.school_id, t.option_id, sum(t.votes)::bigint as n
      from private.poll_school_tally t where t.poll_id = v_poll.id
      group by t.school_id, t.option_id
    ),
    -- Every school that voted × every option (no vote for an option is a 0 cell).
    cells as materialized (
      select s.id as school_id, s.name_zh, s.name_en, sv.n as voters, o.id as option_id, o.position,
             coalesce(so.n, 0)::bigint as votes
      from sv
      join public.schools s on s.id = sv.school_id
      cross join public.poll_options o
      left join so on so.school_id = sv.school_id and so.option_id = o.id
      where o.poll_id = v_poll.id
    ),
    -- The schools whose voters and every option cell reach the minimum.
    shown as materialized (
      select c.school_id, min(c.voters) as voters from cells c group by c.school_id
      having min(c.voters) >= v_min and min(c.votes) >= v_min
    ),
    totals as materialized (select * from private.poll_sums(v_poll.id)),
    total_voters as (select coalesce(sum(t.n), 0)::bigint as n from totals t where t.option_id is null),
    total_votes as (
      select o.id, coalesce((select sum(t.n) from totals t where t.option_id = o.id), 0)::bigint as n
      from public.poll_options o where o.poll_id = v_poll.id
    ),
    -- The rest: every voter and vote not in a shown school (the other schools, and ballots cast
    -- before schools were recorded).
    rest_voters as (
      select (select x.n from total_voters x) - coalesce((select sum(h.voters) from shown h), 0)::bigint as n
    ),
    rest_votes as (
      select o.id, o.n - coalesce((select sum(c.votes) from cells c
                                   where c.option_id = o.id and c.school_id in (select h.school_id from shown h)), 0) as n
      from total_votes o
    ),
    verdict as (
      select case
        when (select x.n from total_voters x) < v_min or exists (select 1 from total_votes x where x.n < v_min) then 'results_withheld'
        when not exists (select 1 from shown) then 'small_schools'
        when (select r.n from rest_voters r) > 0
             and ((select r.n from rest_voters r) < v_min or exists (select 1 from rest_votes r where r.n < v_min)) then 'complementary'
      end as w
    ),
    result_rows as (
      select v.w, null::uuid as school_id, null::text as name_zh, null::text as name_en, null::bigint as voters,
             null::uuid as option_id, null::smallint as position, null::bigint as votes
      from verdict v where v.w is not null
      union all
      select null::text, c.school_id, c.name_zh, c.name_en, c.voters, c.option_id, c.position, c.votes
      from cells c
      where (select v.w from verdict v) is null and c.school_id in (select h.school_id from shown h)
    )
    select o.w, o.school_id, o.name_zh, o.name_en, o.voters, o.option_id, o.position, o.votes
    from result_rows o
    order by o.name_zh nulls first, o.school_id, o.position;
end;
$$;

comment on function public.poll_school_breakdown(uuid) is
$$Votes per school and option of a community, district or city poll whose results are shown (as
poll_results: closed, or open with live results). No rows: no breakdown applies (a class or school
poll, or results not shown yet). Otherwise either the shown schools' cells (withheld null, one row
per school and option, ordered by school name then option) or a single row with withheld set and
every other column null — the whole breakdown is withheld:
- results_withheld: poll_results withholds the counts (total or an option below min_cell_size);
- small_schools: no school has voters and every option cell (zeros included) at min_cell_size;
- complementary: the schools not shown, taken together (total minus the shown schools: the rest
  of the schools, and ballots cast before schools were recorded), have fewer voters than
  min_cell_size, or an option cell below it (zeros included), while having any voter at all.
  Showing the shown schools would then reveal that small cell by subtraction from the totals.
A school is shown only when its voters and each of its option cells reach min_cell_size. What the
rule does not cover: differencing between two reads of a live poll (as for poll_results), and
combining this with the age-band breakdown (both only show cells at the minimum).
Read from the sharded school counters: the cost grows with the schools that voted, never with
ballots.
Effect: none (reads).
Errors: PT404 not_found (no such poll, or the caller cannot read it).$$;

-- ============================================================================
-- Recount and rebuild, with the school counters
-- ============================================================================
drop function private.recount_poll(uuid);

create function private.recount_poll(p_poll_id uuid)
returns table (age_band public.age_band, school_id uuid, option_id uuid, counted bigint, tallied bigint)
language sql
stable
set search_path = ''
as $$
  with counted as (
    select b.age_band, null::uuid as school_id, null::uuid as option_id, count(*)::bigint as n
      from private.poll_ballots b where b.poll_id = p_poll_id group by b.age_band
    union all
    select b.age_band, null::uuid, c.id, count(*)::bigint
      from private.poll_ballots b cross join lateral unnest(b.option_ids) c (id)
     where b.poll_id = p_poll_id group by b.age_band, c.id
    union all
    select null::public.age_band, b.school_id, null::uuid, count(*)::bigint
      from private.poll_ballots b where b.poll_id = p_poll_id and b.school_id is not null group by b.school_id
    union all
    select null::public.age_band, b.school_id, c.id, count(*)::bigint
      from private.poll_ballots b cross join lateral unnest(b.option_ids) c (id)
     where b.poll_id = p_poll_id and b.school_id is not null group by b.school_id, c.id
  ),
  tallied as (
    select s.age_band, null::uuid as school_id, s.option_id, s.n from private.poll_sums(p_poll_id) s
    union all
    select null::public.age_band, t.school_id, null::uuid, sum(t.voters)::bigint
      from private.poll_school_turnout_tally t where t.poll_id = p_poll_id group by t.school_id
    union all
    select null::public.age_band, t.school_id, t.option_id, sum(t.votes)::bigint
      from private.poll_school_tally t where t.poll_id = p_poll_id group by t.school_id, t.option_id
  )
  -- A union grouped by cell, not a full join: a cell's key has nulls (no age band, no school).
  select x.age_band, x.school_id, x.option_id, sum(x.counted)::bigint, sum(x.tallied)::bigint
  from (
    select c.age_band, c.school_id, c.option_id, c.n as counted, 0::bigint as tallied from counted c
    union all
    select t.age_band, t.school_id, t.option_id, 0::bigint, t.n from tallied t
  ) x
  group by x.age_band, x.school_id, x.option_id
  having sum(x.counted) <> sum(x.tallied)
$$;

comment on function private.recount_poll(uuid) is
  'Counts a poll''s ballots (per age band; per option and band; per school and per option and school, for ballots that carry a school) and returns every cell where the sharded counters differ: age-band cells have school_id null, school cells age_band null (no rows: they agree). Also checks the turnout: see private.check_poll_turnout.';

create or replace function private.rebuild_poll_tally(p_poll_id uuid)
returns void
language plpgsql
set search_path = ''
as $$
begin
  delete from private.poll_turnout_tally t where t.poll_id = p_poll_id;
  delete from private.poll_tally t where t.poll_id = p_poll_id;
  delete from private.poll_school_turnout_tally t where t.poll_id = p_poll_id;
  delete from private.poll_school_tally t where t.poll_id = p_poll_id;
  insert into private.poll_turnout_tally (poll_id, age_band, shard, voters)
  select p_poll_id, b.age_band, 0, count(*) from private.poll_ballots b where b.poll_id = p_poll_id group by b.age_band;
  insert into private.poll_tally (poll_id, option_id, age_band, shard, votes)
  select p_poll_id, c.id, b.age_band, 0, count(*)
  from private.poll_ballots b cross join lateral unnest(b.option_ids) c (id)
  where b.poll_id = p_poll_id group by b.age_band, c.id;
  insert into private.poll_school_turnout_tally (poll_id, school_id, shard, voters)
  select p_poll_id, b.school_id, 0, count(*) from private.poll_ballots b
  where b.poll_id = p_poll_id and b.school_id is not null group by b.school_id;
  insert into private.poll_school_tally (poll_id, school_id, option_id, shard, votes)
  select p_poll_id, b.school_id, c.id, 0, count(*)
  from private.poll_ballots b cross join lateral unnest(b.option_ids) c (id)
  where b.poll_id = p_poll_id and b.school_id is not null group by b.school_id, c.id;
end;
$$;

comment on function private.rebuild_poll_tally(uuid) is
  'Rebuilds a poll''s counters (age band and school) from its ballots (after a bulk load with triggers off, or if recount_poll finds a difference). Owner only.';

-- ============================================================================
-- Grants
-- ============================================================================
revoke execute on function private.recount_poll(uuid), private.rebuild_poll_tally(uuid) from public;
revoke execute on function public.poll_school_breakdown(uuid) from public, anon, service_role;
grant execute on function public.poll_school_breakdown(uuid) to authenticated;
-- Public results: anon reads closed city and district polls' aggregates (can_read_poll decides).
grant execute on function public.poll_school_breakdown(uuid) to anon;
