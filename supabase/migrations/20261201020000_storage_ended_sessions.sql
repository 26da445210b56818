-- Storage refuses the tokens of ended sessions too (issue 8, after local token verification).
--
-- Supabase Storage runs every object query as the caller's role with the caller's claims
-- (`request.jwt.claims`, `role`, …) but runs no db-pre-request: request_guard.check_session
-- (migration 20261130170000) guards the Data API only. So the session check goes where Storage does
-- look: the row-level security of storage.objects. One RESTRICTIVE policy per operation, ANDed with
-- every permissive policy a bucket has now or gets later (street-report photos, poll option
-- pictures, …), so no bucket's policies need to repeat it. A refused read is "Object not found",
-- a refused upload "new row violates row-level security policy", as for anyone without access.

/**
 * Whether the request's token belongs to a session that still exists.
 *
 * Reads `request.jwt.claims` (set by the Data API and by Storage): true for API keys and tokens
 * without `session_id` (nothing to check: RLS decides), true while auth.sessions still has the
 * token's session (one primary-key probe), false once it was signed out, reset or deleted, and
 * false for a malformed session id.
 *
 * @returns boolean; never raises
 */
create or replace function request_guard.session_is_live()
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_sid text := nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'session_id';
begin
  if v_sid is null or v_sid = '00000000-0000-0000-0000-000000000000' then
    return true;
  end if;
  if v_sid !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    return false;
  end if;
  return exists (select 1 from auth.sessions s where s.id = v_sid::uuid);
end;
$$;

revoke execute on function request_guard.session_is_live() from public;
grant execute on function request_guard.session_is_live() to anon, authenticated, service_role;

comment on function request_guard.session_is_live() is
  'True unless the request''s token carries the session_id of a session that no longer exists (or a malformed one). Used by the Data API''s db-pre-request and by the restrictive Storage policies. Effect: none (reads auth.sessions). Errors: none.';

-- The Data API's check, now in terms of the same test (behaviour unchanged: PT401 session_ended).
create or replace function request_guard.check_session()
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not request_guard.session_is_live() then
    raise exception using errcode = 'PT401', message = 'session_ended',
      hint = 'The session of this token has ended: sign in again.';
  end if;
end;
$$;

-- `(select …)`: evaluated once per statement (an InitPlan), not once per row.
create policy "Only live sessions can read stored files"
  on storage.objects as restrictive for select to anon, authenticated
  using ((select request_guard.session_is_live()));

create policy "Only live sessions can upload files"
  on storage.objects as restrictive for insert to anon, authenticated
  with check ((select request_guard.session_is_live()));

create policy "Only live sessions can replace files"
  on storage.objects as restrictive for update to anon, authenticated
  using ((select request_guard.session_is_live()))
  with check ((select request_guard.session_is_live()));

create policy "Only live sessions can remove files"
  on storage.objects as restrictive for delete to anon, authenticated
  using ((select request_guard.session_is_live()));
