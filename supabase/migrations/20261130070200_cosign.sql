-- ============================================================================
-- Co-signing (附议, issue 9 §4): children of the same school co-sign a forwarded proposal once
-- ============================================================================
-- * cosignatures: one row per (submission, child), the primary key makes "once" a rule of the
--   database. Who co-signed stays inside the school: the child reads their own rows, the teachers
--   of the school read the school's (RLS); staff, other schools and the public never see a row,
--   and the child-id column is classified `school` in tests/db/grants.test.ts.
-- * cosign_counts: the number per submission, kept by a trigger in the co-sign's transaction, for
--   everyone who can see the submission: children and teachers of its school, staff of its
--   district, admins. The number alone names nobody.
-- * published_answers.cosigners: the same number on the public copy ("You said, we did"), set when
--   the answer is published and kept in step afterwards.
-- * school_proposals: how a child finds what to co-sign (the public copy the teacher approved,
--   never the original, never the author), paged.
-- What can be co-signed: a submission in state approved or answered (forwarded by a teacher), of
-- the child's own school, not the child's own, once; by a child whose class is not archived and
-- who has a guardian's consent where the age band needs one (as for sending).

-- ============================================================================
-- Helper
-- ============================================================================
create or replace function private.my_student_school_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(c.school_id), '{}')
  from public.class_students cs
  join public.classes c on c.id = cs.class_id
  join public.profiles p on p.id = cs.student_id and p.role = 'student'
  where cs.student_id = (select auth.uid())
$$;

comment on function private.my_student_school_ids() is
  'The school of the caller''s class when the caller is a child (at most one); empty for anyone else. Use as = any ((select private.my_student_school_ids())::uuid[]).';

-- ============================================================================
-- Tables
-- ============================================================================
create table public.cosignatures (
  submission_id uuid not null references public.submissions (id) on delete cascade,
  student_id uuid not null references public.profiles (id) on delete cascade,
  -- The submission's school, so the read rule is one comparison with the caller's schools.
  school_id uuid not null references public.schools (id),
  created_at timestamptz not null default now(),
  primary key (submission_id, student_id)
);

create index cosignatures_student_id_idx on public.cosignatures (student_id, created_at desc);
create index cosignatures_school_id_idx on public.cosignatures (school_id);

comment on table public.cosignatures is
  'Children who co-signed (附议) a forwarded proposal of their school, once each (primary key). Written only by cosign_submission; read by the child (own rows) and the school''s teachers.';

create table public.cosign_counts (
  submission_id uuid primary key references public.submissions (id) on delete cascade,
  school_id uuid not null references public.schools (id),
  district_id uuid not null references public.districts (id),
  cosigners integer not null default 0 check (cosigners >= 0)
);

create index cosign_counts_school_id_idx on public.cosign_counts (school_id);
create index cosign_counts_district_id_idx on public.cosign_counts (district_id);

comment on table public.cosign_counts is
  'How many children co-signed a submission (no row: none). Kept by a trigger on cosignatures; readable by whoever can see the submission.';

alter table public.published_answers add column cosigners integer not null default 0 check (cosigners >= 0);

comment on column public.published_answers.cosigners is
  'How many children co-signed it (a number, nobody''s identity); kept in step with cosign_counts.';

-- ============================================================================
-- Counters
-- ============================================================================
create or replace function private.count_cosignature_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_delta integer := case when tg_op = 'INSERT' then 1 else -1 end;
  v_row public.cosignatures := case when tg_op = 'INSERT' then new else old end;
begin
  if tg_op = 'INSERT' then
    insert into public.cosign_counts as c (submission_id, school_id, district_id, cosigners)
    select v_row.submission_id, v_row.school_id, s.district_id, 1
    from public.submissions s where s.id = v_row.submission_id
    on conflict (submission_id) do update set cosigners = c.cosigners + 1;
  else
    update public.cosign_counts c set cosigners = c.cosigners - 1 where c.submission_id = v_row.submission_id;
  end if;
  update public.published_answers pa set cosigners = pa.cosigners + v_delta where pa.submission_id = v_row.submission_id;
  return null;
end;
$$;

comment on function private.count_cosignature_change() is
  'Trigger: cosign_counts and published_answers.cosigners follow cosignatures (insert +1, delete −1, e.g. an erased child).';

create trigger cosignatures_count
  after insert or delete on public.cosignatures
  for each row execute function private.count_cosignature_change();

-- Whoever publishes an answer (answer_submission today, or a later version of it), the public
-- copy starts with the number of co-signers so far.
create or replace function private.published_answer_cosigners()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.cosigners := coalesce((select c.cosigners from public.cosign_counts c where c.submission_id = new.submission_id), 0);
  return new;
end;
$$;

comment on function private.published_answer_cosigners() is
  'Trigger: published_answers.cosigners from cosign_counts when the public copy is written.';

create trigger published_answers_cosigners
  before insert on public.published_answers
  for each row execute function private.published_answer_cosigners();

-- ============================================================================
-- Views
-- ============================================================================
-- The goal pages read the public count too (added at the end: create or replace keeps the rest).
create or replace view public.public_goal_answers
with (security_invoker = true)
as
select
  pg.goal_id,
  g.edition,
  g.code,
  pa.submission_id,
  pa.title,
  pg.decision,
  pa.reply,
  pa.district_name_zh,
  pa.district_name_en,
  pg.answered_at,
  pa.cosigners
from public.published_answer_goals pg
join public.published_answers pa on pa.submission_id = pg.submission_id
join public.ledger_goals g on g.id = pg.goal_id;

-- ============================================================================
-- Row level security
-- ============================================================================
alter table public.cosignatures enable row level security;
alter table public.cosign_counts enable row level security;

create policy "Children and their school's teachers can read co-signatures"
  on public.cosignatures for select to authenticated
  using (
    student_id = (select auth.uid())
    or school_id = any ((select private.my_teacher_school_ids())::uuid[])
  );

create policy "People can read the co-sign counts of submissions they can see"
  on public.cosign_counts for select to authenticated
  using (
    school_id = any ((select private.my_student_school_ids())::uuid[])
    or school_id = any ((select private.my_teacher_school_ids())::uuid[])
    or district_id = any ((select private.my_staff_district_ids())::uuid[])
    or (select private.is_admin())
  );

-- ============================================================================
-- cosign_submission
-- ============================================================================
create or replace function public.cosign_submission(p_submission_id uuid, p_version integer)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_class public.classes;
  v_sub public.submissions;
  v_school_id uuid;
  v_count integer;
begin
  if v_uid is null or private.current_app_role() is distinct from 'student' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select c.* into v_class
  from public.class_students cs join public.classes c on c.id = cs.class_id
  where cs.student_id = v_uid;
  if not found then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  -- A share lock: the state cannot change under the check, and co-signers do not wait for each other.
  select s.* into v_sub from public.submissions s where s.id = p_submission_id for share;
  v_school_id := private.school_of_class(v_sub.class_id);
  -- Another school's item, or one not forwarded, is as unknown to a child as a missing one.
  if v_sub.id is null or v_school_id is distinct from v_class.school_id
     or (v_sub.state not in ('approved', 'answered') and v_sub.author_id <> v_uid) then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  perform private.check_version(p_version, v_sub.version);
  if v_sub.author_id = v_uid then
    raise exception using errcode = 'P0001', message = 'cosign_own';
  end if;
  if v_sub.state not in ('approved', 'answered') then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  if v_class.archived_at is not null then
    raise exception using errcode = 'PT403', message = 'class_archived';
  end if;
  if v_class.age_band in ('6-9', '10-13')
     and not exists (select 1 from public.guardian_consents g where g.student_id = v_uid and g.withdrawn_at is null) then
    raise exception using errcode = 'PT403', message = 'consent_required';
  end if;

  insert into public.cosignatures (submission_id, student_id, school_id)
  values (v_sub.id, v_uid, v_school_id)
  on conflict (submission_id, student_id) do nothing;
  if not found then
    raise exception using errcode = 'PT409', message = 'already_cosigned';
  end if;

  select c.cosigners into v_count from public.cosign_counts c where c.submission_id = v_sub.id;
  return v_count;
end;
$$;

comment on function public.cosign_submission(uuid, integer) is
$$A child co-signs (附议) a forwarded proposal of their own school.
Inputs: p_submission_id; p_version: the version the child was shown.
Effect: one cosignatures row (once per child: the primary key), cosign_counts + 1 and, when the
answer is public, published_answers.cosigners + 1. The submission itself does not change (its
version stays: nobody else's page goes stale). Returns the number of co-signers now.
Errors: 42501 not_allowed (not a child with a class); PT404 not_found (no such submission, another
school's, or not forwarded); PT409 stale_version; P0001 cosign_own (the child's own), invalid_state
(the child's own that is not forwarded); PT403 class_archived, consent_required (age bands 6-9 and
10-13 without a guardian's consent in force); PT409 already_cosigned.$$;

-- ============================================================================
-- school_proposals: what a child can co-sign
-- ============================================================================
create or replace function public.school_proposals(
  p_limit integer default 20,
  p_offset integer default 0,
  p_submission_id uuid default null
)
returns table (
  id uuid,
  kind public.submission_kind,
  title text,
  problem text,
  suggestions text,
  who_should_act text,
  state public.submission_state,
  forwarded_at timestamptz,
  decision public.answer_decision,
  reply text,
  answered_at timestamptz,
  cosigners integer,
  cosigned boolean,
  mine boolean,
  version integer,
  total bigint
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_school_id uuid;
begin
  if v_uid is null or private.current_app_role() is distinct from 'student' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select c.school_id into v_school_id
  from public.class_students cs join public.classes c on c.id = cs.class_id
  where cs.student_id = v_uid;
  if v_school_id is null then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  return query
  select s.id, s.kind, s.public_title, s.public_problem, s.public_suggestions, s.public_who_should_act, s.state,
    s.forwarded_at, a.decision, a.reply, s.answered_at, coalesce(cc.cosigners, 0),
    exists (select 1 from public.cosignatures x where x.submission_id = s.id and x.student_id = v_uid),
    s.author_id = v_uid, s.version, count(*) over ()
  from public.submissions s
  left join public.answers a on a.submission_id = s.id
  left join public.cosign_counts cc on cc.submission_id = s.id
  where s.class_id in (select c.id from public.classes c where c.school_id = v_school_id)
    and s.state in ('approved', 'answered')
    and (p_submission_id is null or s.id = p_submission_id)
  order by s.forwarded_at desc, s.id
  limit least(greatest(coalesce(p_limit, 20), 0), 100)
  offset greatest(coalesce(p_offset, 0), 0);
end;
$$;

comment on function public.school_proposals(integer, integer, uuid) is
$$The forwarded proposals (approved or answered) of the calling child's school, newest forwarded
first: the public copy the teacher approved (never the original words, never the author), the
answer when there is one, the number of co-signers, whether the caller co-signed it, whether it is
the caller's own, its version (for cosign_submission) and total (rows in all).
Inputs: p_limit (0–100, default 20), p_offset (≥ 0); p_submission_id: only that one (its page).
Effect: none (a read).
Errors: 42501 not_allowed (not a child with a class).$$;

-- ============================================================================
-- submission_cosigners: who co-signed, for the teachers of the school
-- ============================================================================
create or replace function public.submission_cosigners(p_submission_id uuid)
returns table (display_name text, class_name text, student_number integer, cosigned_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_school_id uuid;
begin
  select private.school_of_class(s.class_id) into v_school_id from public.submissions s where s.id = p_submission_id;
  if v_school_id is null then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if private.current_app_role() is distinct from 'teacher' or not (v_school_id = any (private.my_teacher_school_ids())) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  return query
  select p.display_name::text, c.name::text, cs.student_number::integer, x.created_at
  from public.cosignatures x
  join public.profiles p on p.id = x.student_id
  left join public.class_students cs on cs.student_id = x.student_id
  left join public.classes c on c.id = cs.class_id
  where x.submission_id = p_submission_id
  order by x.created_at, p.display_name
  limit 500;
end;
$$;

comment on function public.submission_cosigners(uuid) is
$$Who co-signed a submission (nickname, class, student number, when), oldest first, at most 500:
for the teachers of the submission's school only; the children's profiles are not readable through
RLS by teachers of other classes, so this definer reads them.
Effect: none (a read).
Errors: PT404 not_found; 42501 not_allowed (not a teacher of its school).$$;

-- ============================================================================
-- Grants
-- ============================================================================
revoke all on public.cosignatures, public.cosign_counts from anon, authenticated;
grant select on public.cosignatures, public.cosign_counts to authenticated;

revoke execute on function
  public.cosign_submission(uuid, integer),
  public.school_proposals(integer, integer, uuid),
  public.submission_cosigners(uuid)
  from public, anon, service_role;
grant execute on function
  public.cosign_submission(uuid, integer),
  public.school_proposals(integer, integer, uuid),
  public.submission_cosigners(uuid)
  to authenticated;

revoke execute on all functions in schema private from public;
grant execute on function private.my_student_school_ids() to authenticated;

notify pgrst, 'reload schema';
