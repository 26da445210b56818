-- ============================================================================
-- Sign-in throttling (login cards and e-mail sign-in)
-- ============================================================================
-- Kept in Postgres so that it holds across any number of app servers. The app calls
-- public.sign_in_begin before it asks Auth, and public.sign_in_end with what Auth said.
--
-- Keyed by the Auth identifier string (a card's login handle or an adult's e-mail), not by
-- account: an unknown student number is throttled exactly like a real one, so the answers
-- (and their timing) tell nothing about which numbers exist.
--
-- An attempt counts as a failure from the moment it begins until the app reports otherwise,
-- so parallel requests cannot run more than the limit of guesses past Auth. Limits, all in a
-- sliding window of 15 minutes:
--   card / e-mail   5 failures since its last reset (unlock, new words, successful sign-in)
--   class code    100 failures of all its cards (a class of 40 signing in at once, with a few
--                     typing mistakes each, stays well below)
--   address       300 failures from one client address (IPv4 /32, IPv6 /64): a school behind
--                     one NAT address, several classes signing in at once
-- While locked, nothing is recorded and Auth is not asked, so a lock ends 15 minutes after
-- the failure that made it, however often people keep trying.

-- Tables (private: not exposed, no grants) ----------------------------------------------
create table private.sign_in_attempts (
  id uuid primary key default gen_random_uuid(),
  -- lower-cased login handle or e-mail, as given to Auth
  identifier text not null check (length(identifier) between 1 and 320),
  -- upper-cased class code when the identifier is a login card's handle
  class_code text,
  -- the client's address (IPv4 /32, IPv6 /64), null when unknown or unparseable
  client_net cidr,
  started_at timestamptz not null default now(),
  -- pending: Auth not answered yet (counts as a failure); not_counted: Auth could not decide
  -- (rate-limited, unavailable)
  outcome text not null default 'pending' check (outcome in ('pending', 'failed', 'succeeded', 'not_counted'))
);

create index sign_in_attempts_identifier_idx on private.sign_in_attempts (identifier, started_at);
create index sign_in_attempts_class_code_idx on private.sign_in_attempts (class_code, started_at) where class_code is not null;
create index sign_in_attempts_client_net_idx on private.sign_in_attempts (client_net, started_at) where client_net is not null;
create index sign_in_attempts_started_at_idx on private.sign_in_attempts (started_at);

comment on table private.sign_in_attempts is
  'Sign-in attempts for throttling (public.sign_in_begin / sign_in_end); rows older than a day are deleted.';

create table private.sign_in_resets (
  identifier text primary key,
  reset_at timestamptz not null,
  reset_by uuid,
  reason text not null check (reason in ('signed_in', 'unlocked', 'new_words'))
);

comment on table private.sign_in_resets is
  'Per identifier: failures before reset_at no longer count (the owner signed in, a teacher unlocked the card or gave it new words).';

-- Helpers --------------------------------------------------------------------------------
create or replace function private.client_net(p_address text)
returns cidr
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_text text := btrim(p_address);
  v_addr inet;
begin
  -- Only plain IPv4/IPv6 literals: no zone ids, masks or host names.
  if v_text is null or length(v_text) > 64 or v_text !~ '^[0-9A-Fa-f:.]+$' then
    return null;
  end if;
  -- Node reports IPv4 clients of a dual-stack socket as ::ffff:a.b.c.d.
  v_text := regexp_replace(v_text, '^::ffff:([0-9]+\.[0-9]+\.[0-9]+\.[0-9]+)$', '\1', 'i');
  begin
    v_addr := v_text::inet;
  exception when invalid_text_representation then
    return null;
  end;
  -- One IPv6 subscriber usually holds a whole /64.
  return network(set_masklen(v_addr, case family(v_addr) when 4 then 32 else 64 end));
end;
$$;

comment on function private.client_net(text) is
  'The throttling key of a client address: IPv4 /32, IPv6 /64 (::ffff:-mapped IPv4 as IPv4); null when not an address.';

create or replace function private.login_card_class_code(p_identifier text)
returns text
language sql
immutable
set search_path = ''
as $$
  select upper(substring(p_identifier from '^([a-z0-9]{1,32})-[0-9]{1,4}@login-card\.invalid$'))
$$;

comment on function private.login_card_class_code(text) is
  'The class code of a login card handle (`demo52-3@login-card.invalid` → DEMO52), null for any other identifier.';

create or replace function private.login_card_identifier(p_class_code text, p_student_number integer)
returns text
language sql
immutable
set search_path = ''
as $$
  select lower(p_class_code) || '-' || p_student_number || '@login-card.invalid'
$$;

comment on function private.login_card_identifier(text, integer) is
  'The login handle of a card (as src/lib/server/login-card.ts loginHandle).';

create or replace function private.sign_in_lock(p_identifier text, p_class_code text, p_client_net cidr)
returns table (retry_at timestamptz, reason text)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_since timestamptz := now() - interval '15 minutes';
  v_card timestamptz;
  v_class timestamptz;
  v_net timestamptz;
begin
  -- The n-th newest counted failure leaves the window 15 minutes after it began; until then
  -- there are at least n in the window.
  select a.started_at + interval '15 minutes' into v_card
  from private.sign_in_attempts a
  left join private.sign_in_resets r on r.identifier = a.identifier
  where a.identifier = p_identifier and a.outcome in ('pending', 'failed')
    and a.started_at > v_since and a.started_at > coalesce(r.reset_at, '-infinity')
  order by a.started_at desc offset 4 limit 1;
  if p_class_code is not null then
    select a.started_at + interval '15 minutes' into v_class
    from private.sign_in_attempts a
    where a.class_code = p_class_code and a.outcome in ('pending', 'failed') and a.started_at > v_since
    order by a.started_at desc offset 99 limit 1;
  end if;
  if p_client_net is not null then
    select a.started_at + interval '15 minutes' into v_net
    from private.sign_in_attempts a
    where a.client_net = p_client_net and a.outcome in ('pending', 'failed') and a.started_at > v_since
    order by a.started_at desc offset 299 limit 1;
  end if;
  -- The latest end wins; on a tie the narrowest scope (the card can be unlocked by its teacher).
  if v_card is not null and v_card >= coalesce(v_class, '-infinity') and v_card >= coalesce(v_net, '-infinity') then
    return query select v_card, 'card'::text;
  elsif v_class is not null and v_class >= coalesce(v_net, '-infinity') then
    return query select v_class, 'class'::text;
  elsif v_net is not null then
    return query select v_net, 'address'::text;
  else
    return query select null::timestamptz, null::text;
  end if;
end;
$$;

comment on function private.sign_in_lock(text, text, cidr) is
$$Whether sign-in with this identifier (and class code, client address; either may be null to
skip that scope) is locked now: one row, (retry_at, reason) with reason card | class | address,
or (null, null) when not locked.$$;

-- The app's calls (anon: the visitor is not signed in yet) -------------------------------
create or replace function public.sign_in_begin(p_identifier text, p_client_address text default null)
returns table (attempt_id uuid, retry_at timestamptz, reason text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_identifier text := lower(btrim(p_identifier));
  v_class text;
  v_net cidr;
  v_lock record;
  v_attempt uuid;
begin
  if v_identifier is null or v_identifier = '' then
    raise exception using errcode = 'P0001', message = 'field_required:identifier';
  end if;
  if length(v_identifier) > 320 then
    raise exception using errcode = 'P0001', message = 'field_too_long:identifier';
  end if;
  v_class := private.login_card_class_code(v_identifier);
  v_net := private.client_net(left(p_client_address, 100));
  -- Serialize attempts on one identifier across sessions and app servers: count, then record.
  perform pg_advisory_xact_lock(hashtextextended('sign_in:' || v_identifier, 0));
  select l.retry_at, l.reason into v_lock from private.sign_in_lock(v_identifier, v_class, v_net) l;
  if v_lock.retry_at is not null then
    return query select null::uuid, v_lock.retry_at, v_lock.reason;
    return;
  end if;
  insert into private.sign_in_attempts (identifier, class_code, client_net)
  values (v_identifier, v_class, v_net)
  returning id into v_attempt;
  -- Keep a day at most (addresses are personal data); now and then, not on every call.
  if random() < 0.01 then
    delete from private.sign_in_attempts where started_at < now() - interval '1 day';
  end if;
  return query select v_attempt, null::timestamptz, null::text;
end;
$$;

comment on function public.sign_in_begin(text, text) is
$$Call before asking Auth to sign someone in with a password.
Inputs: p_identifier, the Auth e-mail (a login card's handle or an adult's e-mail; trimmed and
lower-cased here; 1–320 characters); p_client_address, the visitor's IP address as text (IPv4,
IPv6, ::ffff:-mapped; anything else is ignored).
Result: one row. Not locked: attempt_id (pass it to sign_in_end), retry_at and reason null; the
attempt counts as a failure until sign_in_end says otherwise. Locked: attempt_id null, retry_at
(timestamptz) when to try again, reason `card` (5 failures of this identifier in 15 minutes since
its last reset), `class` (100 failures of the class code's cards in 15 minutes) or `address` (300
failures from the address, IPv6 per /64, in 15 minutes); then do not ask Auth.
Effect: records a pending attempt; nothing else. Unknown identifiers are treated like real ones.
Errors: P0001 field_required:identifier, field_too_long:identifier.$$;

create or replace function public.sign_in_end(p_attempt_id uuid, p_outcome text)
returns table (retry_at timestamptz, reason text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_attempt private.sign_in_attempts%rowtype;
  v_outcome text := p_outcome;
begin
  if p_outcome is null or p_outcome not in ('failed', 'succeeded', 'not_counted') then
    raise exception using errcode = 'P0001', message = 'field_invalid:outcome';
  end if;
  select * into v_attempt from private.sign_in_attempts a where a.id = p_attempt_id and a.outcome = 'pending' for update;
  if not found then
    return query select null::timestamptz, null::text;
    return;
  end if;
  if p_outcome = 'succeeded' then
    -- Only the account itself (its fresh session's token) can prove success and so reset the
    -- earlier failures; from anyone else it merely stops counting this one attempt.
    if auth.uid() is not null and lower(coalesce(auth.jwt() ->> 'email', '')) = v_attempt.identifier then
      insert into private.sign_in_resets (identifier, reset_at, reset_by, reason)
      values (v_attempt.identifier, now(), auth.uid(), 'signed_in')
      on conflict (identifier) do update set reset_at = excluded.reset_at, reset_by = excluded.reset_by, reason = excluded.reason;
    else
      v_outcome := 'not_counted';
    end if;
  end if;
  update private.sign_in_attempts a set outcome = v_outcome where a.id = v_attempt.id;
  return query select l.retry_at, l.reason from private.sign_in_lock(v_attempt.identifier, v_attempt.class_code, v_attempt.client_net) l;
end;
$$;

comment on function public.sign_in_end(uuid, text) is
$$Call after Auth answered an attempt begun with sign_in_begin.
Inputs: p_attempt_id from sign_in_begin; p_outcome `failed` (Auth refused the password),
`succeeded` (signed in: call it with the new session), `not_counted` (Auth could not decide:
rate-limited or unavailable).
Result: one row, the lock after this attempt, as sign_in_begin reports it (retry_at, reason), or
nulls when not locked — so the fifth failure can already say when to try again.
Effect: settles a pending attempt once (an unknown or settled id changes nothing). `succeeded`
from the account whose e-mail is the attempt's identifier (auth.jwt() email) resets its earlier
failures; from anyone else it counts as `not_counted`. No call of anon's can lift a lock.
Errors: P0001 field_invalid:outcome.$$;

-- Teachers: their classes' cards ----------------------------------------------------------
create or replace function private.login_card_student(p_class_id uuid, p_student_number integer)
returns table (student_id uuid, identifier text)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_code text;
begin
  if private.current_app_role() is distinct from 'teacher' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select c.code into v_code from public.classes c where c.id = p_class_id;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if not private.teaches_class(p_class_id) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  return query
    select cs.student_id, private.login_card_identifier(v_code, cs.student_number)
    from public.class_students cs
    where cs.class_id = p_class_id and cs.student_number = p_student_number;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
end;
$$;

comment on function private.login_card_student(uuid, integer) is
  'The child with this number in a class the caller teaches, and their login handle. 42501 not_allowed / PT404 not_found.';

create or replace function public.class_login_cards()
returns table (class_id uuid, class_name text, student_number integer, display_name text, locked_until timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if private.current_app_role() is distinct from 'teacher' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  return query
    select c.id, c.name, cs.student_number::integer, p.display_name, l.retry_at
    from public.class_teachers ct
    join public.classes c on c.id = ct.class_id
    join public.class_students cs on cs.class_id = c.id
    join public.profiles p on p.id = cs.student_id
    cross join lateral private.sign_in_lock(private.login_card_identifier(c.code, cs.student_number), null, null) l
    where ct.teacher_id = (select auth.uid())
    order by c.name, c.id, cs.student_number;
end;
$$;

comment on function public.class_login_cards() is
$$The login cards of the classes the caller teaches, for the teacher's cards page.
Result: rows (class_id, class_name, student_number, display_name (the nickname), locked_until:
when the card may be used again after 5 failed sign-ins, null when it is not locked), by class
name and student number.
Effect: none (reads).
Errors: 42501 not_allowed (not a teacher).$$;

create or replace function public.unlock_login_card(p_class_id uuid, p_student_number integer)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_card record;
begin
  select s.student_id, s.identifier into v_card from private.login_card_student(p_class_id, p_student_number) s;
  insert into private.sign_in_resets (identifier, reset_at, reset_by, reason)
  values (v_card.identifier, now(), auth.uid(), 'unlocked')
  on conflict (identifier) do update set reset_at = excluded.reset_at, reset_by = excluded.reset_by, reason = excluded.reason;
end;
$$;

comment on function public.unlock_login_card(uuid, integer) is
$$A teacher of the class unlocks a child's login card.
Inputs: p_class_id; p_student_number.
Effect: the card's earlier failed sign-ins stop counting (the class-wide and per-address limits
are not affected; they end by themselves within 15 minutes).
Errors: 42501 not_allowed (not a teacher, or not of this class); PT404 not_found (no such class,
or no child with that number in it).$$;

create or replace function public.login_card_account(p_class_id uuid, p_student_number integer)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select s.student_id from private.login_card_student(p_class_id, p_student_number) s
$$;

comment on function public.login_card_account(uuid, integer) is
$$Before giving a child new secret words: confirms the caller teaches the child's class.
Inputs: p_class_id; p_student_number.
Result: the child's account id (auth.users.id), for the server's Auth admin call.
Effect: none.
Errors: 42501 not_allowed (not a teacher, or not of this class); PT404 not_found.$$;

create or replace function public.end_login_card_sessions(p_class_id uuid, p_student_number integer)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_card record;
begin
  select s.student_id, s.identifier into v_card from private.login_card_student(p_class_id, p_student_number) s;
  -- Refresh tokens go with their sessions (on delete cascade); Auth refuses access tokens of a
  -- deleted session (session_not_found), and the app verifies every request with Auth.
  delete from auth.sessions s where s.user_id = v_card.student_id;
  insert into private.sign_in_resets (identifier, reset_at, reset_by, reason)
  values (v_card.identifier, now(), auth.uid(), 'new_words')
  on conflict (identifier) do update set reset_at = excluded.reset_at, reset_by = excluded.reset_by, reason = excluded.reason;
end;
$$;

comment on function public.end_login_card_sessions(uuid, integer) is
$$After the server has given a child new secret words: signs the child out everywhere and unlocks
the card.
Inputs: p_class_id; p_student_number.
Effect: deletes the child's Auth sessions (and so their refresh tokens); the card's earlier failed
sign-ins stop counting.
Errors: 42501 not_allowed (not a teacher, or not of this class); PT404 not_found.$$;

-- Grants -----------------------------------------------------------------------------------
revoke all on private.sign_in_attempts, private.sign_in_resets from public, anon, authenticated, service_role;

revoke execute on function
  public.sign_in_begin(text, text),
  public.sign_in_end(uuid, text),
  public.class_login_cards(),
  public.unlock_login_card(uuid, integer),
  public.login_card_account(uuid, integer),
  public.end_login_card_sessions(uuid, integer)
  from public, anon, authenticated, service_role;
grant execute on function
  public.sign_in_begin(text, text),
  public.sign_in_end(uuid, text)
  to anon, authenticated;
grant execute on function
  public.class_login_cards(),
  public.unlock_login_card(uuid, integer),
  public.login_card_account(uuid, integer),
  public.end_login_card_sessions(uuid, integer)
  to authenticated;

revoke execute on all functions in schema private from public;
