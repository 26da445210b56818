-- ============================================================================
-- Guardian consent (监护人同意) and archived classes
-- ============================================================================
-- Children of classes in the age bands 6-9 and 10-13 (under 14) need a recorded consent of a
-- guardian before the database accepts anything they send. The rule is a trigger on
-- public.submissions (insert, and any change of state into `submitted`), so it holds whichever
-- function writes the row: submit_proposal, resubmit_proposal, or a later one.
--
-- public.guardian_consents is the record: who gave it (the guardian's relationship or name, as the
-- teacher writes it), how (paper form, in person, message), on which day, which teacher or admin
-- recorded it, and when it was withdrawn. At most one consent of a child is in force (not
-- withdrawn); a withdrawn one stays as history until the child is erased.
-- class_students.guardian_consent is the flag the child reads ("a grown-up at home said yes"): it
-- says only whether a consent is in force, and the two functions below keep it in step.
--
-- An account made with app_metadata `guardian_consent: true` (the programme enrolling a class whose
-- consent forms it already holds) gets a consent with method `enrolment`, so every child allowed
-- to submit has a record.
--
-- Archived classes (classes.archived_at): at the end of a school year an admin archives a class;
-- its children can still sign in and read, but nothing new is sent (no submission, no
-- resubmission) and its teachers moderate nothing more. Staff still answer what was forwarded.
--
-- Errors: 42501 not_allowed | PT404 not_found | PT409 stale_version | PT403 consent_required,
-- class_archived | P0001 invalid_state, field_required:<field>, field_too_long:<field>,
-- field_invalid:<field>

-- ============================================================================
-- Types and tables
-- ============================================================================
create type public.consent_method as enum ('paper_form', 'in_person', 'message', 'enrolment');

create table public.guardian_consents (
  id uuid primary key default gen_random_uuid(),
  student_id uuid not null references public.profiles (id) on delete cascade,
  -- Who gave it, as the teacher writes it ("妈妈", "grandfather"): the fewest words that say who.
  -- Null only for `enrolment` (the programme holds the form).
  guardian text check (char_length(guardian) between 1 and 100),
  method public.consent_method not null,
  given_on date not null,
  recorded_by uuid references public.profiles (id) on delete set null,
  recorded_at timestamptz not null default now(),
  withdrawn_at timestamptz,
  withdrawn_by uuid references public.profiles (id) on delete set null,
  version integer not null default 1 check (version >= 1),
  constraint guardian_consents_guardian_named check (method = 'enrolment' or guardian is not null),
  constraint guardian_consents_withdrawn_after check (withdrawn_at is null or withdrawn_at >= recorded_at)
);

-- One consent in force per child; the refusal trigger looks it up here.
create unique index guardian_consents_in_force_idx
  on public.guardian_consents (student_id) where withdrawn_at is null;
create index guardian_consents_student_id_idx on public.guardian_consents (student_id, recorded_at);
create index guardian_consents_recorded_by_idx on public.guardian_consents (recorded_by);
create index guardian_consents_withdrawn_by_idx on public.guardian_consents (withdrawn_by);

comment on table public.guardian_consents is
  'Guardian consents of children (needed under 14 before they can submit). Written only by record_guardian_consent / withdraw_guardian_consent (and enrolment).';
comment on column public.guardian_consents.guardian is
  'Who gave consent, as the teacher wrote it (relationship or name); null for method enrolment.';
comment on column public.guardian_consents.version is
  'Bumped by every update (trigger); withdraw_guardian_consent takes the version the teacher was shown.';

create trigger guardian_consents_bump_version
  before update on public.guardian_consents
  for each row execute function private.bump_version();

alter table public.classes add column archived_at timestamptz;

comment on column public.classes.archived_at is
  'When an admin archived the class (end of a school year): read-only, no new submissions; null while active.';

-- ============================================================================
-- Consent at enrolment (app_metadata guardian_consent: true)
-- ============================================================================
-- Statement-level, so enrolling a whole city at once is one insert, not one per child.
create or replace function private.consent_at_enrolment()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.guardian_consents (student_id, guardian, method, given_on)
  select a.student_id, null, 'enrolment', (now() at time zone 'Asia/Shanghai')::date
  from added a
  where a.guardian_consent
    and not exists (select 1 from public.guardian_consents g where g.student_id = a.student_id and g.withdrawn_at is null);
  return null;
end;
$$;

comment on function private.consent_at_enrolment() is
  'Trigger (statement): a child enrolled with guardian_consent = true gets a consent record with method enrolment.';

create trigger class_students_consent_at_enrolment
  after insert on public.class_students
  referencing new table as added
  for each statement execute function private.consent_at_enrolment();

-- ============================================================================
-- The refusal: no consent, no submission; archived classes send nothing
-- ============================================================================
create or replace function private.guard_submission()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_class public.classes;
begin
  select c.* into v_class from public.classes c where c.id = new.class_id;
  if tg_op = 'INSERT' or (new.state = 'submitted' and old.state is distinct from 'submitted') then
    if v_class.archived_at is not null then
      raise exception using errcode = 'PT403', message = 'class_archived';
    end if;
    if v_class.age_band in ('6-9', '10-13')
       and not exists (
         select 1 from public.guardian_consents g
         where g.student_id = new.author_id and g.withdrawn_at is null
       ) then
      raise exception using errcode = 'PT403', message = 'consent_required';
    end if;
  elsif new.state is distinct from old.state and v_class.archived_at is not null
        and not (old.state = 'approved' and new.state = 'answered') then
    -- Archived: read-only for the school; staff may still answer what was forwarded.
    raise exception using errcode = 'PT403', message = 'class_archived';
  end if;
  return new;
end;
$$;

comment on function private.guard_submission() is
$$Trigger on submissions, before insert and before update: a new submission, or a change of state
into submitted, needs the class not archived (PT403 class_archived) and, in the age bands 6-9 and
10-13, a guardian consent in force for the author (PT403 consent_required); in an archived class no
other change of state is allowed either, except approved → answered.$$;

create trigger submissions_guard
  before insert on public.submissions
  for each row execute function private.guard_submission();

-- Only a change of state can be refused: other updates (versions, erasure) skip the lookup.
create trigger submissions_guard_state
  before update on public.submissions
  for each row
  when (new.state is distinct from old.state)
  execute function private.guard_submission();

-- ============================================================================
-- Row level security
-- ============================================================================
alter table public.guardian_consents enable row level security;

-- The child sees only class_students.guardian_consent (whether one is in force), never the record.
create policy "Teachers can read the consents of the children they teach"
  on public.guardian_consents for select to authenticated
  using (
    student_id = any ((select private.my_taught_student_ids())::uuid[])
    or (select private.is_admin())
  );

-- ============================================================================
-- View: a class's children and their consent in force
-- ============================================================================
create view public.class_consents
with (security_invoker = true)
as
select
  cs.class_id,
  c.name as class_name,
  c.code as class_code,
  c.age_band,
  c.archived_at,
  cs.student_number,
  p.display_name,
  g.id as consent_id,
  g.guardian,
  g.method,
  g.given_on,
  g.recorded_at,
  g.version
from public.class_students cs
join public.classes c on c.id = cs.class_id
join public.profiles p on p.id = cs.student_id
left join public.guardian_consents g on g.student_id = cs.student_id and g.withdrawn_at is null;

comment on view public.class_consents is
  'Children of the classes the caller teaches (admins: all) by number, with the consent in force (consent_id null: none). Children see their own row without the record.';

-- ============================================================================
-- Helpers
-- ============================================================================
-- The child with this number in a class the caller teaches (or any class, for an admin).
create or replace function private.class_child(p_class_id uuid, p_student_number integer)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_role public.app_role := private.current_app_role();
  v_student uuid;
begin
  if v_role is null or v_role not in ('teacher', 'admin') then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if not exists (select 1 from public.classes c where c.id = p_class_id) then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if v_role = 'teacher' and not private.teaches_class(p_class_id) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select cs.student_id into v_student
  from public.class_students cs
  where cs.class_id = p_class_id and cs.student_number = p_student_number;
  if v_student is null then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  return v_student;
end;
$$;

comment on function private.class_child(uuid, integer) is
  'Account id of the child with this number in a class the caller teaches (admins: any class). 42501 not_allowed / PT404 not_found.';

-- ============================================================================
-- Functions (rpc)
-- ============================================================================
create or replace function public.record_guardian_consent(
  p_class_id uuid,
  p_student_number integer,
  p_guardian text,
  p_method public.consent_method,
  p_given_on date
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_student uuid := private.class_child(p_class_id, p_student_number);
  v_guardian text;
  v_today date := (now() at time zone 'Asia/Shanghai')::date;
  v_id uuid;
begin
  if (select c.archived_at from public.classes c where c.id = p_class_id) is not null then
    raise exception using errcode = 'PT403', message = 'class_archived';
  end if;
  -- The page showed "no consent"; one recorded meanwhile makes what the teacher saw stale.
  perform 1 from public.class_students cs where cs.student_id = v_student for update;
  if exists (select 1 from public.guardian_consents g where g.student_id = v_student and g.withdrawn_at is null) then
    raise exception using errcode = 'PT409', message = 'stale_version';
  end if;
  v_guardian := private.input_text(p_guardian, 'guardian', 100);
  if p_method is null then
    raise exception using errcode = 'P0001', message = 'field_required:method';
  end if;
  if p_method = 'enrolment' then
    raise exception using errcode = 'P0001', message = 'field_invalid:method';
  end if;
  if p_given_on is null then
    raise exception using errcode = 'P0001', message = 'field_required:given_on';
  end if;
  -- Not in the future (the city's date), and not older than a school career.
  if p_given_on > v_today or p_given_on < v_today - 366 * 12 then
    raise exception using errcode = 'P0001', message = 'field_invalid:given_on';
  end if;

  insert into public.guardian_consents (student_id, guardian, method, given_on, recorded_by)
  values (v_student, v_guardian, p_method, p_given_on, v_uid)
  returning id into v_id;
  update public.class_students set guardian_consent = true where student_id = v_student;
  return v_id;
end;
$$;

comment on function public.record_guardian_consent(uuid, integer, text, public.consent_method, date) is
$$A teacher of the class (or an admin) records that a guardian consented for the child with this
number.
Inputs: p_class_id; p_student_number; p_guardian: who gave it, as written (relationship or name,
1-100 characters, trimmed); p_method: paper_form, in_person or message; p_given_on: the day it was
given (not after today in Asia/Shanghai, not more than 12 years ago).
Effect: a guardian_consents row in force (recorded_by = the caller, recorded_at = now());
class_students.guardian_consent = true. Returns its id.
Errors: 42501 not_allowed (not a teacher of the class or an admin); PT404 not_found (no such class
or number); PT403 class_archived; PT409 stale_version (a consent is already in force: the page
showed none); P0001 field_required:guardian, field_too_long:guardian, field_required:method,
field_invalid:method (enrolment), field_required:given_on, field_invalid:given_on.$$;

create or replace function public.withdraw_guardian_consent(p_consent_id uuid, p_version integer)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_role public.app_role := private.current_app_role();
  v_consent public.guardian_consents;
begin
  if v_role is null or v_role not in ('teacher', 'admin') then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select g.* into v_consent from public.guardian_consents g where g.id = p_consent_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if v_role = 'teacher' and not private.teaches_student(v_consent.student_id) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  perform private.check_version(p_version, v_consent.version);
  if v_consent.withdrawn_at is not null then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  update public.guardian_consents
  set withdrawn_at = now(), withdrawn_by = v_uid
  where id = v_consent.id;
  update public.class_students set guardian_consent = false where student_id = v_consent.student_id;
end;
$$;

comment on function public.withdraw_guardian_consent(uuid, integer) is
$$A teacher of the child's class (or an admin) records that the guardian withdrew consent.
Inputs: p_consent_id; p_version: the version of the consent the teacher was shown.
Effect: withdrawn_at = now(), withdrawn_by = the caller, version + 1;
class_students.guardian_consent = false. From then on the child cannot submit (consent_required)
until a new consent is recorded; what was sent before stays.
Errors: 42501 not_allowed (not a teacher of the child's class or an admin); PT404 not_found;
PT409 stale_version; P0001 invalid_state (already withdrawn).$$;

create or replace function public.archive_class(p_class_id uuid, p_archived boolean)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_class public.classes;
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select c.* into v_class from public.classes c where c.id = p_class_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if p_archived is null then
    raise exception using errcode = 'P0001', message = 'field_required:archived';
  end if;
  if (v_class.archived_at is not null) = p_archived then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  update public.classes
  set archived_at = case when p_archived then now() end
  where id = v_class.id;
end;
$$;

comment on function public.archive_class(uuid, boolean) is
$$An admin archives a class at the end of a school year (p_archived = true), or makes it active
again (false).
Inputs: p_class_id; p_archived.
Effect: classes.archived_at = now() (or null). Archived: its children can read but not submit or
resubmit (class_archived), its teachers cannot moderate or record consent; staff still answer what
was forwarded. Its submissions are deleted by retention like any other's.
Errors: 42501 not_allowed (not an admin); PT404 not_found; P0001 field_required:archived,
invalid_state (already archived / already active).$$;

-- ============================================================================
-- Grants
-- ============================================================================
revoke all on public.guardian_consents, public.class_consents from anon;
revoke insert, update, delete, truncate, references, trigger
  on public.guardian_consents, public.class_consents
  from authenticated;
grant select on public.guardian_consents, public.class_consents to authenticated;

revoke execute on function
  public.record_guardian_consent(uuid, integer, text, public.consent_method, date),
  public.withdraw_guardian_consent(uuid, integer),
  public.archive_class(uuid, boolean)
  from public, anon, service_role;
grant execute on function
  public.record_guardian_consent(uuid, integer, text, public.consent_method, date),
  public.withdraw_guardian_consent(uuid, integer),
  public.archive_class(uuid, boolean)
  to authenticated;

revoke execute on all functions in schema private from public;
