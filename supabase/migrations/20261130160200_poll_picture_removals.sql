-- ============================================================================
-- Poll option pictures join the Storage removal job
-- ============================================================================
-- The objects of dropped option pictures are queued in private.storage_object_removals
-- (20261130160000); the creator's server removes them at once, and what that could not remove
-- waits for the app server's removal job ($lib/server/photo-removals.ts), which reads and clears
-- this queue as it does the street-report photos' (20261130120000), as the service role only.
create or replace function public.poll_picture_removals_due(p_limit integer default 100)
returns setof text
language sql
stable
security definer
set search_path = ''
as $$
  select r.object_name
  from private.storage_object_removals r
  where r.bucket_id = 'poll-option-pictures'
  order by r.queued_at, r.object_name
  limit least(greatest(coalesce(p_limit, 100), 1), 1000)
$$;

comment on function public.poll_picture_removals_due(integer) is
$$Service role only: the Storage objects (bucket poll-option-pictures) of deleted option pictures,
oldest first, at most p_limit (1–1000, default 100). Effect: none (a read); the app server removes
them through the Storage API, then calls poll_picture_removals_done. Errors: none (42501 for any
other role, which may not execute it).$$;

create or replace function public.poll_picture_removals_done(p_names text[])
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_count integer;
begin
  delete from private.storage_object_removals r
  where r.bucket_id = 'poll-option-pictures' and r.object_name = any (coalesce(p_names, '{}'));
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

comment on function public.poll_picture_removals_done(text[]) is
$$Service role only: the named option pictures' objects were removed from Storage (or were never
there). Effect: they leave the queue. Returns how many left it. Errors: none (42501 for any other
role, which may not execute it).$$;

revoke execute on function
  public.poll_picture_removals_due(integer),
  public.poll_picture_removals_done(text[])
  from public, anon, authenticated, service_role;
grant execute on function
  public.poll_picture_removals_due(integer),
  public.poll_picture_removals_done(text[])
  to service_role;
