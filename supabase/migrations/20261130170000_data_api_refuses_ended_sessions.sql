-- The app verifies access tokens locally (ES256, auth.getClaims), so it no longer learns from Auth
-- that a session ended (sign-out, a teacher's card reset or erasure, an account deleted): the Data
-- API must refuse the token of an ended session itself. PostgREST's db-pre-request runs this check
-- in every request's transaction, after the role and claims are set and before the request's own
-- statement; one primary-key probe of auth.sessions.

-- A schema of its own, not exposed by the Data API (pgrst.db_schemas = 'public') and holding only
-- this check, so anon and service_role get usage on nothing else.
create schema if not exists request_guard;
revoke all on schema request_guard from public;
grant usage on schema request_guard to anon, authenticated, service_role;

/**
 * db-pre-request: refuses a user access token whose session no longer exists.
 *
 * Reads `request.jwt.claims` (set by the Data API): a token with `session_id` (every access token
 * Auth issues) passes only while auth.sessions still has that row. API keys (anon, service_role)
 * and tokens without a session id pass untouched; RLS decides what they may do.
 *
 * @raises PT401 'session_ended' (HTTP 401): the session was signed out, reset or deleted;
 *   the app treats it as signed out.
 */
create or replace function request_guard.check_session()
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_sid text := nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'session_id';
begin
  if v_sid is null or v_sid = '00000000-0000-0000-0000-000000000000' then
    return;
  end if;
  if v_sid !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
     or not exists (select 1 from auth.sessions s where s.id = v_sid::uuid) then
    raise exception using errcode = 'PT401', message = 'session_ended',
      hint = 'The session of this token has ended: sign in again.';
  end if;
end;
$$;

revoke execute on function request_guard.check_session() from public;
grant execute on function request_guard.check_session() to anon, authenticated, service_role;

alter role authenticator set pgrst.db_pre_request = 'request_guard.check_session';
notify pgrst, 'reload config';
