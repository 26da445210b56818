-- ============================================================================
-- Street reports (街巷小管家, issue 9 §1)
-- ============================================================================
-- A child reports what they see around school and home: a topic from picture cards, a short
-- description, how urgent it feels ("it's dangerous now" puts it first in the teacher's queue), and
-- where — a neighbourhood place kept by the district's staff, or a few words of their own — with up
-- to 3 photos (bytes in the private Storage bucket `street-report-photos`, next migration).
--
-- One table of submissions: a street report is a `submissions` row of kind `street_report`
-- (title → title, description → problem, "what would make it better" → suggestions, optional) plus
-- its own fields in `street_reports`. So it takes the proposals' moderation flow and safety layer
-- unchanged: the consent and archive triggers, the screening flags (private.screening_flags, through
-- private.street_report_flags for the place field), escalation to the school's safeguarding leads,
-- the original text inside the school (street_reports.place_text is hidden like submissions.title),
-- return / reject / escalate / answer_submission as they are. Approval has its own function
-- (approve_street_report) because a report's public copy has other fields than a proposal's.
--
-- Routing: the place a child picks is one of their school's district (checked), so the report goes
-- to that district's staff like a proposal (submissions.district_id); the place's community is kept
-- on the report (street_reports.community_id) for community / street-office routing.
--
-- Publication: when answer_submission publishes an answered street report (published_answers), a
-- trigger copies its public fields to published_street_reports and its teacher-confirmed photos to
-- published_street_report_photos (anyone reads both; Open311 and the public page read only them).
--
-- Errors as elsewhere: 42501 not_allowed | PT404 not_found | PT409 stale_version |
-- P0001 invalid_state, field_required:<field>, field_too_long:<field>, field_invalid:<field>,
-- invalid_flags, place_exists.

-- ============================================================================
-- Types
-- ============================================================================
create type public.street_report_topic as enum (
  'broken_facility', 'safety_hazard', 'rubbish', 'noise', 'traffic', 'trees_green', 'accessibility', 'other'
);

-- As a child sees it: `urgent` is "it's dangerous now".
create type public.street_report_urgency as enum ('normal', 'soon', 'urgent');

create type public.place_kind as enum (
  'park', 'playground', 'crossing', 'street', 'square', 'underpass', 'waterside', 'other'
);

-- ============================================================================
-- Neighbourhood places, kept by staff per district
-- ============================================================================
create table public.neighbourhood_places (
  id uuid primary key default gen_random_uuid(),
  district_id uuid not null references public.districts (id),
  -- The community (社区) it belongs to, when known; street offices come later.
  community_id uuid references public.communities (id),
  kind public.place_kind not null,
  name_zh text not null constraint neighbourhood_places_name_zh_length check (char_length(name_zh) between 1 and 100),
  name_en text constraint neighbourhood_places_name_en_length check (char_length(name_en) between 1 and 100),
  -- The staff member or admin who added it (an adult).
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- No longer offered to children (kept: reports point at it).
  retired_at timestamptz,
  version integer not null default 1 constraint neighbourhood_places_version_positive check (version >= 1),
  constraint neighbourhood_places_name_key unique (district_id, name_zh)
);

create index neighbourhood_places_community_id_idx on public.neighbourhood_places (community_id);
create index neighbourhood_places_created_by_idx on public.neighbourhood_places (created_by);

comment on table public.neighbourhood_places is
  'Places near schools children can pick in a street report (parks, crossings, playgrounds, streets), kept by the staff of their district.';

-- ============================================================================
-- A street report's own fields
-- ============================================================================
create table public.street_reports (
  submission_id uuid primary key references public.submissions (id) on delete cascade,
  topic public.street_report_topic not null,
  urgency public.street_report_urgency not null,
  place_id uuid references public.neighbourhood_places (id),
  -- The place's community when it has one (routing to a community / street office).
  community_id uuid references public.communities (id),
  -- The child's own words for where (original: inside the school only, like submissions.title).
  place_text text constraint street_reports_place_text_length check (char_length(place_text) between 1 and 1000),
  -- The public copy of place_text the teacher approved (details masked); null when there is none.
  public_place_text text constraint street_reports_public_place_text_length check (char_length(public_place_text) between 1 and 1000)
);

create index street_reports_place_id_idx on public.street_reports (place_id);
create index street_reports_community_id_idx on public.street_reports (community_id);

comment on table public.street_reports is
  'The street-report fields of a submission of kind street_report (topic, urgency, place). Written only by the rpc functions.';
comment on column public.street_reports.place_text is
  'Where, in the child''s own words (original, inside the school: not selectable through the Data API; the school reads it in street_report_details).';

-- ============================================================================
-- Photos (bytes in Storage: bucket street-report-photos, object <submission id>/<photo id>.jpg)
-- ============================================================================
create table public.street_report_photos (
  id uuid primary key default gen_random_uuid(),
  submission_id uuid not null references public.street_reports (submission_id) on delete cascade,
  -- The report's class, so the read rule compares with the caller's classes once per statement.
  class_id uuid not null references public.classes (id),
  position smallint not null constraint street_report_photos_position_range check (position between 1 and 3),
  object_name text not null unique,
  -- As re-encoded by the app server: JPEG, no metadata, longest side at most 1600 px.
  width integer not null constraint street_report_photos_width_range check (width between 1 and 1600),
  height integer not null constraint street_report_photos_height_range check (height between 1 and 1600),
  bytes integer not null constraint street_report_photos_bytes_range check (bytes between 1 and 2097152),
  -- A teacher of the class saw no face, name, school badge or house number in it: it may be public.
  confirmed_at timestamptz,
  confirmed_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint street_report_photos_position_key unique (submission_id, position)
);

create index street_report_photos_class_id_idx on public.street_report_photos (class_id);
create index street_report_photos_confirmed_by_idx on public.street_report_photos (confirmed_by);

comment on table public.street_report_photos is
  'Up to 3 photos of a street report, re-encoded by the app server (no metadata). Public only once a teacher confirmed it (confirmed_at).';

-- Objects whose rows went (erasure, retention): the Storage bytes to remove through the Storage API.
create table private.street_report_photo_removals (
  object_name text primary key,
  queued_at timestamptz not null default now()
);

comment on table private.street_report_photo_removals is
  'Storage objects of deleted photo rows, to be removed through the Storage API (SQL may not delete Storage objects).';

-- ============================================================================
-- The public copies
-- ============================================================================
create table public.published_street_reports (
  submission_id uuid primary key references public.published_answers (submission_id) on delete cascade,
  topic public.street_report_topic not null,
  urgency public.street_report_urgency not null,
  -- The teacher's public copy of the description (submissions.public_problem).
  description text not null,
  place_kind public.place_kind,
  place_name_zh text,
  place_name_en text,
  community_name_zh text,
  community_name_en text,
  -- The public copy of the child's words for where.
  place_text text,
  -- The day it was forwarded, in Asia/Shanghai (a day, not a time: less to tell who sent it).
  reported_on date not null,
  answered_at timestamptz not null
);

create index published_street_reports_answered_idx on public.published_street_reports (answered_at desc, submission_id);

comment on table public.published_street_reports is
  'Public copy of an answered street report (written when it is published). No author, class or school: never add them.';

create table public.published_street_report_photos (
  photo_id uuid primary key references public.street_report_photos (id) on delete cascade,
  submission_id uuid not null references public.published_street_reports (submission_id) on delete cascade,
  position smallint not null,
  object_name text not null,
  width integer not null,
  height integer not null
);

create index published_street_report_photos_submission_idx on public.published_street_report_photos (submission_id, position);

comment on table public.published_street_report_photos is
  'The teacher-confirmed photos of a published street report (Storage objects anyone may read through a signed URL).';

-- ============================================================================
-- Row level security: one policy per table and command; nobody writes directly
-- ============================================================================
alter table public.neighbourhood_places enable row level security;
alter table public.street_reports enable row level security;
alter table public.street_report_photos enable row level security;
alter table public.published_street_reports enable row level security;
alter table public.published_street_report_photos enable row level security;
alter table private.street_report_photo_removals enable row level security;

create policy "People with a role can read neighbourhood places"
  on public.neighbourhood_places for select to authenticated
  using ((select private.current_app_role()) is not null);

create policy "People can read the street-report fields of submissions they can read"
  on public.street_reports for select to authenticated
  using (exists (select 1 from public.submissions s where s.id = street_reports.submission_id));

-- Inside the school (the author, the class's teachers, admins) every photo; outside it (staff of
-- the district) only the confirmed ones.
create policy "People can read the photos of street reports they can read, outside the school only confirmed ones"
  on public.street_report_photos for select to authenticated
  using (
    exists (select 1 from public.submissions s where s.id = street_report_photos.submission_id)
    and (
      confirmed_at is not null
      or class_id = any ((select private.my_taught_class_ids())::uuid[])
      or submission_id in (select private.own_submission_ids())
      or (select private.is_admin())
    )
  );

create policy "Anyone can read published street reports"
  on public.published_street_reports for select to anon, authenticated
  using (true);

create policy "Anyone can read the confirmed photos of published street reports"
  on public.published_street_report_photos for select to anon, authenticated
  using (true);

-- ============================================================================
-- Helpers
-- ============================================================================

-- The screening flags of a street report: the proposal's shape (private.screening_flags) with
-- the fields title, problem (the description), suggestions and place_text.
create or replace function private.street_report_flags(p_flags jsonb)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_list text;
  v_items jsonb;
  v_mapped jsonb;
  v_out jsonb;
begin
  if p_flags is null then
    return null;
  end if;
  if jsonb_typeof(p_flags) <> 'object' then
    raise exception using errcode = 'P0001', message = 'invalid_flags';
  end if;
  v_mapped := p_flags;
  foreach v_list in array array['personal_details', 'safeguarding'] loop
    v_items := coalesce(p_flags -> v_list, '[]');
    if jsonb_typeof(v_items) <> 'array' then
      raise exception using errcode = 'P0001', message = 'invalid_flags';
    end if;
    -- who_should_act is no field of a street report; place_text is checked as one of the four.
    if exists (select 1 from jsonb_array_elements(v_items) as t (x)
               where jsonb_typeof(x) = 'object' and x ->> 'field' = 'who_should_act') then
      raise exception using errcode = 'P0001', message = 'invalid_flags';
    end if;
    v_mapped := jsonb_set(v_mapped, array[v_list], (
      select coalesce(jsonb_agg(case when jsonb_typeof(x) = 'object' and x ->> 'field' = 'place_text'
        then jsonb_set(x, '{field}', '"who_should_act"') else x end order by n), '[]')
      from jsonb_array_elements(v_items) with ordinality as t (x, n)
    ));
  end loop;
  v_out := private.screening_flags(v_mapped);
  foreach v_list in array array['personal_details', 'safeguarding'] loop
    v_out := jsonb_set(v_out, array[v_list], (
      select coalesce(jsonb_agg(case when x ->> 'field' = 'who_should_act'
        then jsonb_set(x, '{field}', '"place_text"') else x end order by n), '[]')
      from jsonb_array_elements(v_out -> v_list) with ordinality as t (x, n)
    ));
  end loop;
  return v_out;
end;
$$;

comment on function private.street_report_flags(jsonb) is
  'The app''s screening of a street report, validated by private.screening_flags with field one of title, problem, suggestions, place_text. Errors: P0001 invalid_flags.';

-- The place a child picked: an active place of the district of their class's school.
create or replace function private.street_report_place(p_place_id uuid, p_class_id uuid)
returns public.neighbourhood_places
language plpgsql
stable
set search_path = ''
as $$
declare
  v_place public.neighbourhood_places;
begin
  select p.* into v_place
  from public.neighbourhood_places p
  join public.schools sc on sc.district_id = p.district_id
  join public.classes c on c.school_id = sc.id
  where p.id = p_place_id and c.id = p_class_id and p.retired_at is null;
  if not found then
    raise exception using errcode = 'P0001', message = 'field_invalid:place_id';
  end if;
  return v_place;
end;
$$;

comment on function private.street_report_place(uuid, uuid) is
  'The active neighbourhood place of the class''s district with that id (runs in the calling definer function). Errors: P0001 field_invalid:place_id.';

-- The photos a new report will have: [{width, height, bytes}], at most 3, as the app server
-- re-encoded them.
create or replace function private.street_report_photo_list(p_photos jsonb)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_photos is null then
    return '[]';
  end if;
  if jsonb_typeof(p_photos) <> 'array' or jsonb_array_length(p_photos) > 3
     or exists (
       select 1 from jsonb_array_elements(p_photos) as t (x)
       where not coalesce(
         jsonb_typeof(x) = 'object'
         and (x ->> 'width') ~ '^[0-9]{1,4}$' and (x ->> 'width')::integer between 1 and 1600
         and (x ->> 'height') ~ '^[0-9]{1,4}$' and (x ->> 'height')::integer between 1 and 1600
         and (x ->> 'bytes') ~ '^[0-9]{1,7}$' and (x ->> 'bytes')::integer between 1 and 2097152,
         false)
     ) then
    raise exception using errcode = 'P0001', message = 'field_invalid:photos';
  end if;
  return p_photos;
end;
$$;

comment on function private.street_report_photo_list(jsonb) is
  'Validates a new report''s photos: an array of at most 3 {width, height (1–1600), bytes (≤ 2 MiB)}. Errors: P0001 field_invalid:photos.';

-- The child's own words for where, for the people who read the original (as private.original_text).
create or replace function private.street_report_place_text(p_submission_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select r.place_text
  from public.street_reports r
  join public.submissions s on s.id = r.submission_id
  where r.submission_id = p_submission_id
    and (
      s.author_id = (select auth.uid())
      or (s.state <> 'escalated'
          and (s.class_id = any ((select private.my_taught_class_ids())::uuid[]) or (select private.is_admin())))
    )
$$;

comment on function private.street_report_place_text(uuid) is
  'street_reports.place_text for the report''s author, a teacher of its class or an admin (not while escalated); null otherwise (security definer).';

-- ============================================================================
-- View: a report's fields with its place, for everyone who reads the report
-- ============================================================================
create view public.street_report_details
with (security_invoker = true)
as
select
  r.submission_id,
  r.topic,
  r.urgency,
  r.place_id,
  p.kind as place_kind,
  p.name_zh as place_name_zh,
  p.name_en as place_name_en,
  r.community_id,
  cm.name_zh as community_name_zh,
  cm.name_en as community_name_en,
  private.street_report_place_text(r.submission_id) as place_text,
  r.public_place_text
from public.street_reports r
left join public.neighbourhood_places p on p.id = r.place_id
left join public.communities cm on cm.id = r.community_id;

comment on view public.street_report_details is
  'A street report''s fields with its place and community. place_text is the child''s original (author, class teachers, admins; null for staff, who read public_place_text).';

create view public.public_street_reports
with (security_invoker = true)
as
select
  a.submission_id,
  a.title,
  r.description,
  r.topic,
  r.urgency,
  r.place_kind,
  r.place_name_zh,
  r.place_name_en,
  r.community_name_zh,
  r.community_name_en,
  r.place_text,
  a.decision,
  a.reply,
  a.district_name_zh,
  a.district_name_en,
  r.reported_on,
  r.answered_at
from public.published_street_reports r
join public.published_answers a on a.submission_id = r.submission_id;

comment on view public.public_street_reports is
  'Answered street reports as the public reads them (the teacher''s public copy, place, answer). No child identity, no school.';

-- ============================================================================
-- Triggers
-- ============================================================================

-- Publication: answer_submission writes published_answers; a street report's public fields and
-- confirmed photos follow in the same transaction.
create or replace function private.publish_street_report()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.published_street_reports
    (submission_id, topic, urgency, description, place_kind, place_name_zh, place_name_en,
     community_name_zh, community_name_en, place_text, reported_on, answered_at)
  select r.submission_id, r.topic, r.urgency, s.public_problem, p.kind, p.name_zh, p.name_en,
         cm.name_zh, cm.name_en, r.public_place_text,
         (coalesce(s.forwarded_at, new.answered_at) at time zone 'Asia/Shanghai')::date, new.answered_at
  from public.street_reports r
  join public.submissions s on s.id = r.submission_id
  left join public.neighbourhood_places p on p.id = r.place_id
  left join public.communities cm on cm.id = r.community_id
  where r.submission_id = new.submission_id
  on conflict (submission_id) do nothing;

  if found then
    insert into public.published_street_report_photos (photo_id, submission_id, position, object_name, width, height)
    select ph.id, ph.submission_id, ph.position, ph.object_name, ph.width, ph.height
    from public.street_report_photos ph
    where ph.submission_id = new.submission_id and ph.confirmed_at is not null
    on conflict (photo_id) do nothing;
  end if;
  return null;
end;
$$;

comment on function private.publish_street_report() is
  'Trigger: when a street report''s answer is published, its public copy and its confirmed photos become public.';

create trigger published_answers_publish_street_report
  after insert on public.published_answers
  for each row execute function private.publish_street_report();

-- Erasure keeps a published item without its author and original words: the place words go too.
create or replace function private.forget_street_report_words()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.street_reports set place_text = null where submission_id = new.id and place_text is not null;
  return null;
end;
$$;

comment on function private.forget_street_report_words() is
  'Trigger: when a submission''s author is erased (author_id set null), the child''s own words for the place go.';

create trigger submissions_forget_street_report_words
  after update of author_id on public.submissions
  for each row when (old.author_id is not null and new.author_id is null)
  execute function private.forget_street_report_words();

-- A deleted photo row leaves its Storage object: queue it for removal through the Storage API.
create or replace function private.queue_photo_removal()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.street_report_photo_removals (object_name) values (old.object_name)
  on conflict (object_name) do nothing;
  return null;
end;
$$;

comment on function private.queue_photo_removal() is
  'Trigger: a deleted photo''s Storage object goes to private.street_report_photo_removals.';

create trigger street_report_photos_queue_removal
  after delete on public.street_report_photos
  for each row execute function private.queue_photo_removal();

-- ============================================================================
-- Functions (rpc)
-- ============================================================================

-- submit_street_report ----------------------------------------------------------
create or replace function public.submit_street_report(
  p_title text,
  p_description text,
  p_topic public.street_report_topic,
  p_urgency public.street_report_urgency,
  p_place_id uuid,
  p_place_text text,
  p_suggestions text default null,
  p_photos jsonb default null,
  p_request_id uuid default null,
  p_flags jsonb default null
)
returns table (id uuid, created boolean, photo_names text[])
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_class_id uuid;
  v_school_id uuid;
  v_age_band public.age_band;
  v_title text;
  v_description text;
  v_place_text text;
  v_suggestions text;
  v_place public.neighbourhood_places;
  v_photos jsonb;
  v_flags jsonb;
  v_state public.submission_state;
  v_id uuid;
  v_names text[];
  v_photo jsonb;
  v_position integer;
  v_photo_id uuid;
begin
  if v_uid is null or private.current_app_role() is distinct from 'student' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select c.id, c.school_id, c.age_band into v_class_id, v_school_id, v_age_band
  from public.class_students cs
  join public.classes c on c.id = cs.class_id
  where cs.student_id = v_uid;
  if v_class_id is null then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;

  -- A repeated request: the report made with this key, as is.
  if p_request_id is not null then
    select s.id into v_id
    from public.submissions s
    where s.author_id = v_uid and s.client_request_id = p_request_id;
    if v_id is not null then
      return query select v_id, false,
        (select coalesce(array_agg(ph.object_name order by ph.position), '{}') from public.street_report_photos ph where ph.submission_id = v_id);
      return;
    end if;
  end if;

  v_title := private.input_text(p_title, 'title', 1000);
  v_description := private.input_text(p_description, 'description', 20000);
  if p_topic is null then
    raise exception using errcode = 'P0001', message = 'field_required:topic';
  end if;
  if p_urgency is null then
    raise exception using errcode = 'P0001', message = 'field_required:urgency';
  end if;
  v_place_text := private.input_text(p_place_text, 'place_text', 1000, false);
  if p_place_id is null and v_place_text is null then
    raise exception using errcode = 'P0001', message = 'field_required:place';
  end if;
  if p_place_id is not null then
    v_place := private.street_report_place(p_place_id, v_class_id);
  end if;
  v_suggestions := private.input_text(p_suggestions, 'suggestions', 20000, false);
  v_photos := private.street_report_photo_list(p_photos);
  v_flags := private.street_report_flags(p_flags);
  v_state := case when jsonb_array_length(coalesce(v_flags -> 'safeguarding', '[]')) > 0
    then 'escalated' else 'submitted' end;

  insert into public.submissions
    (kind, class_id, author_id, state, title, problem, suggestions, age_band, submitted_at, client_request_id, flags)
  values
    ('street_report', v_class_id, v_uid, v_state, v_title, v_description, v_suggestions, v_age_band, now(),
     p_request_id, v_flags)
  on conflict on constraint submissions_author_client_request_key do nothing
  returning submissions.id into v_id;

  if v_id is null then
    select s.id into strict v_id
    from public.submissions s
    where s.author_id = v_uid and s.client_request_id = p_request_id;
    return query select v_id, false,
      (select coalesce(array_agg(ph.object_name order by ph.position), '{}') from public.street_report_photos ph where ph.submission_id = v_id);
    return;
  end if;

  insert into public.street_reports (submission_id, topic, urgency, place_id, community_id, place_text)
  values (v_id, p_topic, p_urgency, v_place.id, v_place.community_id, v_place_text);

  v_names := '{}';
  for v_photo, v_position in select x, n from jsonb_array_elements(v_photos) with ordinality as t (x, n) loop
    v_photo_id := gen_random_uuid();
    insert into public.street_report_photos (id, submission_id, class_id, position, object_name, width, height, bytes)
    values (v_photo_id, v_id, v_class_id, v_position, v_id::text || '/' || v_photo_id::text || '.jpg',
            (v_photo ->> 'width')::integer, (v_photo ->> 'height')::integer, (v_photo ->> 'bytes')::integer);
    v_names := v_names || (v_id::text || '/' || v_photo_id::text || '.jpg');
  end loop;

  insert into public.submission_events (submission_id, actor_id, from_state, to_state)
  values (v_id, v_uid, null, v_state);

  if v_state = 'escalated' then
    insert into public.safeguarding_actions (submission_id, school_id, actor_id, kind)
    values (v_id, v_school_id, null, 'flagged');
    perform private.notify_leads(v_id, v_school_id);
  else
    insert into public.notifications (recipient_id, submission_id, kind)
    select ct.teacher_id, v_id, 'submitted'
    from public.class_teachers ct
    where ct.class_id = v_class_id;
  end if;

  return query select v_id, true, v_names;
end;
$$;

comment on function public.submit_street_report(text, text, public.street_report_topic, public.street_report_urgency, uuid, text, text, jsonb, uuid, jsonb) is
$$Child (student with a class) sends a street report (街巷小管家): a submission of kind street_report.
Inputs: p_title (≤ 1000), p_description (≤ 20000, stored as problem) required; p_topic, p_urgency
required (`urgent` = "it's dangerous now"); where: p_place_id (an active neighbourhood place of the
district of the child's school) and/or p_place_text (≤ 1000), at least one; p_suggestions optional
("what would make it better"); p_photos optional: [{width, height, bytes}] of at most 3 photos the
app server re-encoded (JPEG, longest side ≤ 1600, ≤ 2 MiB); p_request_id and p_flags as
submit_proposal (flags fields: title, problem, suggestions, place_text). Lengths in code points.
Effect: as submit_proposal (state submitted, or escalated on a safeguarding signal, with the same
events, safeguarding log and notifications), plus street_reports (community from the place) and one
street_report_photos row per photo. Returns one row (id, created, photo_names): the Storage object
names (bucket street-report-photos) the app server then uploads the photos to, as the child.
A repeated p_request_id returns the first report and its photo names, created = false.
Errors: 42501 not_allowed; P0001 field_required:title|description|topic|urgency|place,
field_too_long:<field>, field_invalid:place_id|photos, invalid_flags; PT403 consent_required,
class_archived (triggers).$$;

-- resubmit_street_report --------------------------------------------------------
create or replace function public.resubmit_street_report(
  p_submission_id uuid,
  p_version integer,
  p_title text,
  p_description text,
  p_topic public.street_report_topic,
  p_urgency public.street_report_urgency,
  p_place_id uuid,
  p_place_text text,
  p_suggestions text default null,
  p_flags jsonb default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_sub public.submissions;
  v_title text;
  v_description text;
  v_place_text text;
  v_suggestions text;
  v_place public.neighbourhood_places;
  v_flags jsonb;
  v_state public.submission_state;
  v_school_id uuid;
begin
  if v_uid is null or private.current_app_role() is distinct from 'student' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select s.* into v_sub from public.submissions s where s.id = p_submission_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if v_sub.author_id is distinct from v_uid then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  perform private.check_version(p_version, v_sub.version);
  if v_sub.state <> 'returned' or v_sub.kind <> 'street_report' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;

  v_title := private.input_text(p_title, 'title', 1000);
  v_description := private.input_text(p_description, 'description', 20000);
  if p_topic is null then
    raise exception using errcode = 'P0001', message = 'field_required:topic';
  end if;
  if p_urgency is null then
    raise exception using errcode = 'P0001', message = 'field_required:urgency';
  end if;
  v_place_text := private.input_text(p_place_text, 'place_text', 1000, false);
  if p_place_id is null and v_place_text is null then
    raise exception using errcode = 'P0001', message = 'field_required:place';
  end if;
  if p_place_id is not null then
    v_place := private.street_report_place(p_place_id, v_sub.class_id);
  end if;
  v_suggestions := private.input_text(p_suggestions, 'suggestions', 20000, false);
  v_flags := private.street_report_flags(p_flags);
  v_state := case when jsonb_array_length(coalesce(v_flags -> 'safeguarding', '[]')) > 0
    then 'escalated' else 'submitted' end;

  update public.submissions
  set state = v_state, title = v_title, problem = v_description, suggestions = v_suggestions,
      flags = v_flags, submitted_at = now()
  where id = v_sub.id;
  update public.street_reports
  set topic = p_topic, urgency = p_urgency, place_id = v_place.id, community_id = v_place.community_id,
      place_text = v_place_text
  where submission_id = v_sub.id;

  insert into public.submission_events (submission_id, actor_id, from_state, to_state)
  values (v_sub.id, v_uid, 'returned', v_state);

  if v_state = 'escalated' then
    v_school_id := private.school_of_class(v_sub.class_id);
    insert into public.safeguarding_actions (submission_id, school_id, actor_id, kind)
    values (v_sub.id, v_school_id, null, 'flagged');
    perform private.notify_leads(v_sub.id, v_school_id);
  else
    insert into public.notifications (recipient_id, submission_id, kind)
    select ct.teacher_id, v_sub.id, 'submitted'
    from public.class_teachers ct
    where ct.class_id = v_sub.class_id;
  end if;
end;
$$;

comment on function public.resubmit_street_report(uuid, integer, text, text, public.street_report_topic, public.street_report_urgency, uuid, text, text, jsonb) is
$$The author resubmits a returned street report with changed words (photos stay as they are).
Inputs as submit_street_report; p_version: the version the child was shown.
Effect: returned → submitted (or escalated on a safeguarding signal, as resubmit_proposal), text,
fields and flags replaced, version + 1, event, notification `submitted` to the class's teachers.
Errors: 42501 not_allowed (not its author); PT404 not_found; PT409 stale_version; P0001
invalid_state (not returned, or not a street report), field_* as submit_street_report, invalid_flags.$$;

-- approve_street_report -----------------------------------------------------------
create or replace function public.approve_street_report(
  p_submission_id uuid,
  p_version integer,
  p_public_title text,
  p_public_description text,
  p_public_place_text text,
  p_comment text default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_sub public.submissions;
  v_report public.street_reports;
  v_title text;
  v_description text;
  v_place_text text;
  v_comment text;
begin
  v_sub := private.lock_for_teacher(p_submission_id, p_version);
  if v_sub.state <> 'submitted' or v_sub.kind <> 'street_report' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  select r.* into strict v_report from public.street_reports r where r.submission_id = v_sub.id;

  v_title := private.input_text(p_public_title, 'public_title', 1000);
  v_description := private.input_text(p_public_description, 'public_description', 20000);
  -- A public copy of the child's place words only when they wrote some.
  v_place_text := private.input_text(p_public_place_text, 'public_place_text', 1000, v_report.place_text is not null);
  if v_report.place_text is null then
    v_place_text := null;
  end if;
  v_comment := private.input_text(p_comment, 'comment', 10000, false);

  update public.submissions
  set state = 'approved',
      forwarded_at = now(),
      public_title = v_title,
      public_problem = v_description
  where id = v_sub.id;
  update public.street_reports set public_place_text = v_place_text where submission_id = v_sub.id;

  insert into public.submission_events (submission_id, actor_id, from_state, to_state, comment)
  values (v_sub.id, v_uid, 'submitted', 'approved', v_comment);

  insert into public.notifications (recipient_id, submission_id, kind)
  values (v_sub.author_id, v_sub.id, 'approved');
end;
$$;

comment on function public.approve_street_report(uuid, integer, text, text, text, text) is
$$A teacher of the report's class approves a street report and forwards its public copy to the district's staff.
Inputs: p_submission_id; p_version: the version shown; p_public_title (≤ 1000), p_public_description
(≤ 20000) required; p_public_place_text (≤ 1000): required when the child wrote a place in words,
ignored otherwise; p_comment optional (≤ 10000). The app pre-fills the copy with details masked and
screens it again before calling. Photos go public only one by one (confirm_street_report_photo).
Effect: submitted → approved, forwarded_at = now(), public_title / public_problem and
street_reports.public_place_text stored, version + 1, event with the comment, notification
`approved` to the author. Answered with answer_submission like a proposal.
Errors: 42501 not_allowed; PT404 not_found; PT409 stale_version; P0001 invalid_state (not submitted,
or not a street report), field_required:public_title|public_description|public_place_text,
field_too_long:<field>.$$;

-- confirm_street_report_photo -----------------------------------------------------
create or replace function public.confirm_street_report_photo(
  p_photo_id uuid,
  p_version integer,
  p_confirmed boolean
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_photo public.street_report_photos;
  v_sub public.submissions;
begin
  if v_uid is null or private.current_app_role() is distinct from 'teacher' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select ph.* into v_photo from public.street_report_photos ph where ph.id = p_photo_id;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  v_sub := private.lock_for_teacher(v_photo.submission_id, p_version);
  if v_sub.state not in ('submitted', 'approved') then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  if p_confirmed is null then
    raise exception using errcode = 'P0001', message = 'field_required:confirmed';
  end if;

  update public.street_report_photos
  set confirmed_at = case when p_confirmed then now() end,
      confirmed_by = case when p_confirmed then v_uid end
  where id = v_photo.id;
  -- A new version of the report: a page that showed the photo's old state is stale.
  update public.submissions set updated_at = now() where id = v_sub.id;
end;
$$;

comment on function public.confirm_street_report_photo(uuid, integer, boolean) is
$$A teacher of the report's class confirms (p_confirmed true) that a photo shows no face, name, school
badge or house number — only then may it be public and seen outside the school — or takes it back.
p_version: the report's version shown. Allowed while submitted or approved (an answered report's
public copy is made). Effect: confirmed_at/by set or cleared, the report's version + 1.
Errors: 42501 not_allowed; PT404 not_found; PT409 stale_version; P0001 invalid_state,
field_required:confirmed.$$;

-- create_neighbourhood_place / update_neighbourhood_place -----------------------
create or replace function public.create_neighbourhood_place(
  p_district_id uuid,
  p_kind public.place_kind,
  p_name_zh text,
  p_name_en text,
  p_community_id uuid default null
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_name_zh text;
  v_name_en text;
  v_id uuid;
begin
  if v_uid is null or private.current_app_role() not in ('staff', 'admin') then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if not exists (select 1 from public.districts d where d.id = p_district_id) then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if not (p_district_id = any (private.my_inbox_district_ids())) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if p_kind is null then
    raise exception using errcode = 'P0001', message = 'field_required:kind';
  end if;
  v_name_zh := private.input_text(p_name_zh, 'name_zh', 100);
  v_name_en := private.input_text(p_name_en, 'name_en', 100, false);
  if p_community_id is not null
     and not exists (select 1 from public.communities c where c.id = p_community_id and c.district_id = p_district_id) then
    raise exception using errcode = 'P0001', message = 'field_invalid:community_id';
  end if;
  insert into public.neighbourhood_places (district_id, community_id, kind, name_zh, name_en, created_by)
  values (p_district_id, p_community_id, p_kind, v_name_zh, v_name_en, v_uid)
  on conflict on constraint neighbourhood_places_name_key do nothing
  returning id into v_id;
  if v_id is null then
    raise exception using errcode = 'P0001', message = 'place_exists';
  end if;
  return v_id;
end;
$$;

comment on function public.create_neighbourhood_place(uuid, public.place_kind, text, text, uuid) is
$$Staff of the district (or an admin) add a neighbourhood place children can pick in a street report.
Inputs: p_district_id; p_kind; p_name_zh (1–100) required; p_name_en (≤ 100) optional;
p_community_id optional, a community of the same district.
Effect: one neighbourhood_places row (created_by = caller); returns its id.
Errors: 42501 not_allowed; PT404 not_found (no such district); P0001 field_required:kind|name_zh,
field_too_long:name_zh|name_en, field_invalid:community_id, place_exists (same Chinese name in the district).$$;

create or replace function public.update_neighbourhood_place(
  p_place_id uuid,
  p_version integer,
  p_kind public.place_kind,
  p_name_zh text,
  p_name_en text,
  p_community_id uuid,
  p_retired boolean
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_place public.neighbourhood_places;
  v_name_zh text;
  v_name_en text;
begin
  if v_uid is null or private.current_app_role() not in ('staff', 'admin') then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select p.* into v_place from public.neighbourhood_places p where p.id = p_place_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if not (v_place.district_id = any (private.my_inbox_district_ids())) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if p_version is distinct from v_place.version then
    raise exception using errcode = 'PT409', message = 'stale_version';
  end if;
  if p_kind is null then
    raise exception using errcode = 'P0001', message = 'field_required:kind';
  end if;
  v_name_zh := private.input_text(p_name_zh, 'name_zh', 100);
  v_name_en := private.input_text(p_name_en, 'name_en', 100, false);
  if p_community_id is not null
     and not exists (select 1 from public.communities c where c.id = p_community_id and c.district_id = v_place.district_id) then
    raise exception using errcode = 'P0001', message = 'field_invalid:community_id';
  end if;
  if exists (select 1 from public.neighbourhood_places p
             where p.district_id = v_place.district_id and p.name_zh = v_name_zh and p.id <> v_place.id) then
    raise exception using errcode = 'P0001', message = 'place_exists';
  end if;
  update public.neighbourhood_places
  set kind = p_kind, name_zh = v_name_zh, name_en = v_name_en, community_id = p_community_id,
      retired_at = case when coalesce(p_retired, false) then coalesce(retired_at, now()) end,
      updated_at = now(), version = version + 1
  where id = v_place.id;
end;
$$;

comment on function public.update_neighbourhood_place(uuid, integer, public.place_kind, text, text, uuid, boolean) is
$$Staff of the place's district (or an admin) change a neighbourhood place, at the version shown.
Inputs as create_neighbourhood_place; p_retired true: no longer offered to children (reports keep it).
Effect: the place's fields replaced, version + 1.
Errors: 42501 not_allowed; PT404 not_found; PT409 stale_version; P0001 field_*, place_exists.$$;

-- ============================================================================
-- Grants
-- ============================================================================
revoke all on public.neighbourhood_places, public.street_reports, public.street_report_photos,
  public.street_report_details, public.published_street_reports, public.published_street_report_photos,
  public.public_street_reports
  from anon, authenticated;
grant select on public.neighbourhood_places, public.street_report_photos, public.street_report_details,
  public.published_street_reports, public.published_street_report_photos, public.public_street_reports
  to authenticated;
-- The child's own words for the place are read through street_report_details only.
grant select (submission_id, topic, urgency, place_id, community_id, public_place_text)
  on public.street_reports to authenticated;
grant select on public.published_street_reports, public.published_street_report_photos, public.public_street_reports
  to anon;

revoke all on private.street_report_photo_removals from public, anon, authenticated;

revoke execute on all functions in schema private from public;
grant execute on function private.street_report_place_text(uuid) to authenticated;

revoke execute on function
  public.submit_street_report(text, text, public.street_report_topic, public.street_report_urgency, uuid, text, text, jsonb, uuid, jsonb),
  public.resubmit_street_report(uuid, integer, text, text, public.street_report_topic, public.street_report_urgency, uuid, text, text, jsonb),
  public.approve_street_report(uuid, integer, text, text, text, text),
  public.confirm_street_report_photo(uuid, integer, boolean),
  public.create_neighbourhood_place(uuid, public.place_kind, text, text, uuid),
  public.update_neighbourhood_place(uuid, integer, public.place_kind, text, text, uuid, boolean)
  from public, anon, service_role;
grant execute on function
  public.submit_street_report(text, text, public.street_report_topic, public.street_report_urgency, uuid, text, text, jsonb, uuid, jsonb),
  public.resubmit_street_report(uuid, integer, text, text, public.street_report_topic, public.street_report_urgency, uuid, text, text, jsonb),
  public.approve_street_report(uuid, integer, text, text, text, text),
  public.confirm_street_report_photo(uuid, integer, boolean),
  public.create_neighbourhood_place(uuid, public.place_kind, text, text, uuid),
  public.update_neighbourhood_place(uuid, integer, public.place_kind, text, text, uuid, boolean)
  to authenticated;
