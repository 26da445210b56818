-- ============================================================================
-- Erasure of a child, and retention of what was never published
-- ============================================================================
-- Erasure (public.erase_child): a teacher of the class or an admin erases a child. Deleted: the
-- nickname (the profile), the class membership, consents, notifications, sign-in throttle rows of
-- the card, every submission that was never published (with its events and notifications), and
-- the child's sessions; the Auth account is stripped of its metadata and banned at once, and the
-- app server then deletes it with the Auth admin API (service role). Kept: the child's published
-- items, with no author: the submission row keeps only what the public copy shows (the title) and
-- its answer, the public copy itself carries no identity by construction. Audited in
-- public.child_erasures: which class and number, who, when, how many items were deleted and kept;
-- no nickname and no text of the child.
--
-- submissions.author_id becomes nullable: null means "erased, only the public copy remains", and
-- then problem, suggestions and who_should_act are null too.
--
-- Retention (private.apply_retention): submissions created longer ago than the retention period
-- (private.retention_settings, default 36 months) that were never published are deleted. A
-- scheduled job calls it (pg_cron on Supabase, see supabase/README.md "Retention"); an admin can
-- run it from the app (public.apply_retention) after seeing how many are due.
--
-- Errors: 42501 not_allowed | PT404 not_found | PT409 stale_version | P0001 field_invalid:<field>

-- ============================================================================
-- submissions: an erased author
-- ============================================================================
alter table public.submissions alter column author_id drop not null;
alter table public.submissions alter column problem drop not null;
alter table public.submissions drop constraint submissions_proposal_fields;
alter table public.submissions add constraint submissions_proposal_fields check (
  -- erased (author null): only the public copy's title remains
  author_id is null
  or (problem is not null and (kind <> 'proposal' or (suggestions is not null and who_should_act is not null)))
);

comment on column public.submissions.author_id is
  'The child who wrote it; null once the child was erased (then only the published title and answer remain).';

-- ============================================================================
-- The erasure log
-- ============================================================================
create table public.child_erasures (
  id bigint generated always as identity primary key,
  class_id uuid not null references public.classes (id),
  student_number smallint not null check (student_number between 1 and 999),
  erased_by uuid references public.profiles (id) on delete set null,
  erased_by_role public.app_role not null,
  erased_at timestamptz not null default now(),
  submissions_deleted integer not null check (submissions_deleted >= 0),
  published_kept integer not null check (published_kept >= 0),
  -- When the Auth account (the login card) was deleted; null until the app server has done it.
  login_card_removed_at timestamptz
);

create index child_erasures_class_id_idx on public.child_erasures (class_id, erased_at);
create index child_erasures_erased_by_idx on public.child_erasures (erased_by);

comment on table public.child_erasures is
  'Audit of erasures: class and number, who and when, counts. No nickname, no account id, no text of the child.';

-- Auth accounts of erased children still to be deleted by the app server (Auth admin API).
create table private.erasure_accounts (
  account_id uuid primary key,
  erasure_id bigint not null references public.child_erasures (id) on delete cascade
);

create index erasure_accounts_erasure_id_idx on private.erasure_accounts (erasure_id);

comment on table private.erasure_accounts is
  'Auth accounts of erased children until Auth has deleted them (trigger on auth.users delete).';

create or replace function private.erased_account_deleted()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.child_erasures e
  set login_card_removed_at = now()
  from private.erasure_accounts a
  where a.account_id = old.id and e.id = a.erasure_id;
  delete from private.erasure_accounts a where a.account_id = old.id;
  return old;
end;
$$;

comment on function private.erased_account_deleted() is
  'Trigger on auth.users after delete: marks the erasure''s login card as removed.';

create trigger on_auth_user_deleted_after_erasure
  after delete on auth.users
  for each row execute function private.erased_account_deleted();

alter table public.child_erasures enable row level security;

create policy "Teachers can read the erasures of their classes"
  on public.child_erasures for select to authenticated
  using (
    class_id = any ((select private.my_taught_class_ids())::uuid[])
    or (select private.is_admin())
  );

-- ============================================================================
-- erase_child
-- ============================================================================
create or replace function public.erase_child(p_class_id uuid, p_student_number integer, p_student_id uuid)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_student uuid := private.class_child(p_class_id, p_student_number);
  v_code text;
  v_identifier text;
  v_deleted integer;
  v_kept integer;
  v_erasure bigint;
begin
  -- The confirmation page named this child; another child with the number now is not them.
  if p_student_id is distinct from v_student then
    raise exception using errcode = 'PT409', message = 'stale_version';
  end if;
  perform 1 from public.class_students cs where cs.student_id = v_student for update;
  select c.code into v_code from public.classes c where c.id = p_class_id;

  -- Every text that was never published goes, with its events, answers and notifications.
  delete from public.submissions s
  where s.author_id = v_student
    and not exists (select 1 from public.published_answers pa where pa.submission_id = s.id);
  get diagnostics v_deleted = row_count;

  -- Published ones stay public without an author: only what the public copy shows remains.
  update public.submissions s
  set author_id = null, client_request_id = null, title = pa.title,
      problem = null, suggestions = null, who_should_act = null,
      -- The screening's findings quote the child's original words (safety layer).
      flags = null
  from public.published_answers pa
  where pa.submission_id = s.id and s.author_id = v_student;
  get diagnostics v_kept = row_count;
  update public.submission_events e set actor_id = null where e.actor_id = v_student;

  -- The login card: no sign-in throttle rows, no session; the account is emptied and banned
  -- until the app server deletes it.
  v_identifier := private.login_card_identifier(v_code, p_student_number);
  delete from private.sign_in_attempts a where a.identifier = v_identifier;
  delete from private.sign_in_resets r where r.identifier = v_identifier;
  delete from auth.sessions s where s.user_id = v_student;

  insert into public.child_erasures
    (class_id, student_number, erased_by, erased_by_role, submissions_deleted, published_kept)
  values
    (p_class_id, p_student_number, v_uid, private.current_app_role(), v_deleted, v_kept)
  returning id into v_erasure;
  insert into private.erasure_accounts (account_id, erasure_id) values (v_student, v_erasure);

  -- The nickname, the class membership and consents (cascade), notifications (cascade).
  delete from public.profiles p where p.id = v_student;
  update auth.users u
  set raw_app_meta_data = jsonb_build_object('provider', 'email', 'providers', jsonb_build_array('email')),
      raw_user_meta_data = '{}'::jsonb,
      -- As GoTrue's longest ban (ban_duration 876000h); 'infinity' is not a time GoTrue can read.
      banned_until = now() + interval '100 years',
      updated_at = now()
  where u.id = v_student;
  return v_student;
end;
$$;

comment on function public.erase_child(uuid, integer, uuid) is
$$A teacher of the class (or an admin) erases a child.
Inputs: p_class_id; p_student_number; p_student_id: the account id the confirmation page showed
(class_students.student_id), so that a number given to another child meanwhile is not erased.
Effect: deletes the child's submissions that were never published (with their events, answers and
notifications), the profile (nickname), class membership, guardian consents, notifications, the
card's sign-in throttle rows and Auth sessions; published submissions stay with author_id,
client_request_id, problem, suggestions, who_should_act and flags null and the public copy's title; the
child's events keep no actor; the Auth account's metadata is emptied and it is banned. Writes a
child_erasures row (class, number, who, when, counts) and remembers the account until Auth deletes
it (then login_card_removed_at is set). Returns the account id, for the server's Auth admin call
that deletes the login card.
Errors: 42501 not_allowed (not a teacher of the class or an admin); PT404 not_found (no such class
or number); PT409 stale_version (p_student_id is not the child with that number now).$$;

create or replace function public.pending_card_removals(p_class_id uuid)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_role public.app_role := private.current_app_role();
begin
  if v_role is null or v_role not in ('teacher', 'admin') then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if v_role = 'teacher' and not private.teaches_class(p_class_id) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  return query
    select a.account_id
    from private.erasure_accounts a
    join public.child_erasures e on e.id = a.erasure_id
    where e.class_id = p_class_id;
end;
$$;

comment on function public.pending_card_removals(uuid) is
$$The Auth accounts of children erased from a class whose login card the server has not deleted
yet (its Auth call failed): the server retries after the next erasure.
Inputs: p_class_id.
Effect: none (reads).
Errors: 42501 not_allowed (not a teacher of the class or an admin).$$;

-- ============================================================================
-- Retention
-- ============================================================================
create table private.retention_settings (
  id boolean primary key default true check (id),
  keep_months integer not null default 36 check (keep_months between 6 and 240),
  updated_at timestamptz not null default now(),
  updated_by uuid
);

insert into private.retention_settings (id) values (true) on conflict do nothing;

comment on table private.retention_settings is
  'One row: how many months submissions that were never published are kept (default 36).';

create table private.retention_runs (
  id bigint generated always as identity primary key,
  ran_at timestamptz not null default now(),
  -- null: the scheduled job
  ran_by uuid,
  cutoff timestamptz not null,
  deleted integer not null
);

comment on table private.retention_runs is 'Each run of apply_retention: when, by whom (null = schedule), cutoff, how many deleted.';

-- Created before this, never published: due for deletion.
create or replace function private.retention_cutoff()
returns timestamptz
language sql
stable
set search_path = ''
as $$
  select now() - make_interval(months => s.keep_months) from private.retention_settings s
$$;

comment on function private.retention_cutoff() is 'Submissions created before this time and never published are due for deletion.';

create or replace function private.apply_retention()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_cutoff timestamptz := private.retention_cutoff();
  v_deleted integer;
begin
  delete from public.submissions s
  where s.created_at < v_cutoff
    and not exists (select 1 from public.published_answers pa where pa.submission_id = s.id);
  get diagnostics v_deleted = row_count;
  insert into private.retention_runs (ran_by, cutoff, deleted) values ((select auth.uid()), v_cutoff, v_deleted);
  return v_deleted;
end;
$$;

comment on function private.apply_retention() is
$$Deletes every submission created before the retention cutoff (now - keep_months) that was never
published (no published_answers row), with its events, answers and notifications (cascade); logs the
run in private.retention_runs. Returns how many were deleted. For the scheduled job (pg_cron) and
public.apply_retention.$$;

create or replace function public.retention_period()
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select s.keep_months from private.retention_settings s
$$;

comment on function public.retention_period() is
$$How many months submissions that were never published are kept, for the privacy page and the
consent letter (anyone, anon included).
Effect: none (reads).
Errors: none.$$;

create or replace function public.retention_status()
returns table (keep_months integer, cutoff timestamptz, due integer, last_run_at timestamptz, last_run_deleted integer)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  return query
    select s.keep_months, private.retention_cutoff(),
      (select count(*)::integer from public.submissions x
        where x.created_at < private.retention_cutoff()
          and not exists (select 1 from public.published_answers pa where pa.submission_id = x.id)),
      r.ran_at, r.deleted
    from private.retention_settings s
    left join lateral (select rr.ran_at, rr.deleted from private.retention_runs rr order by rr.id desc limit 1) r on true;
end;
$$;

comment on function public.retention_status() is
$$For the admin's retention page: the period (months), the cutoff it gives now, how many submissions
are due for deletion (the dry run), and the last run (when, how many deleted; null before the first).
Effect: none (reads).
Errors: 42501 not_allowed (not an admin).$$;

create or replace function public.set_retention_period(p_keep_months integer, p_seen_months integer)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_current integer;
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select s.keep_months into v_current from private.retention_settings s for update;
  if p_seen_months is distinct from v_current then
    raise exception using errcode = 'PT409', message = 'stale_version';
  end if;
  if p_keep_months is null then
    raise exception using errcode = 'P0001', message = 'field_required:keep_months';
  end if;
  if p_keep_months not between 6 and 240 then
    raise exception using errcode = 'P0001', message = 'field_invalid:keep_months';
  end if;
  update private.retention_settings
  set keep_months = p_keep_months, updated_at = now(), updated_by = (select auth.uid());
end;
$$;

comment on function public.set_retention_period(integer, integer) is
$$An admin sets how many months submissions that were never published are kept.
Inputs: p_keep_months (6-240); p_seen_months: the period the admin was shown.
Effect: private.retention_settings updated (who, when). Nothing is deleted until retention runs.
Errors: 42501 not_allowed (not an admin); PT409 stale_version (the period changed meanwhile);
P0001 field_required:keep_months, field_invalid:keep_months.$$;

create or replace function public.apply_retention()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  return private.apply_retention();
end;
$$;

comment on function public.apply_retention() is
$$An admin runs retention now (what the scheduled job does).
Effect: deletes the submissions created before the cutoff that were never published (see
retention_status for how many are due); logs the run with the admin. Returns how many were deleted.
Errors: 42501 not_allowed (not an admin).$$;

-- ============================================================================
-- Grants
-- ============================================================================
revoke all on private.erasure_accounts, private.retention_settings, private.retention_runs
  from public, anon, authenticated, service_role;

revoke all on public.child_erasures from anon;
revoke insert, update, delete, truncate, references, trigger on public.child_erasures from authenticated;
grant select on public.child_erasures to authenticated;

revoke execute on function
  public.erase_child(uuid, integer, uuid),
  public.pending_card_removals(uuid),
  public.retention_period(),
  public.retention_status(),
  public.set_retention_period(integer, integer),
  public.apply_retention()
  from public, anon, authenticated, service_role;
grant execute on function
  public.erase_child(uuid, integer, uuid),
  public.pending_card_removals(uuid),
  public.retention_status(),
  public.set_retention_period(integer, integer),
  public.apply_retention()
  to authenticated;
grant execute on function public.retention_period() to anon, authenticated;

revoke execute on all functions in schema private from public;
