-- ============================================================================
-- Street reports: photos added or removed by the child before the teacher acts, and the queue of
-- Storage objects to remove emptied by the app server (issue 9 §1 leftovers)
-- ============================================================================
-- While a report is still with the child (returned) or waiting for the teacher (submitted), its
-- author may add photos (up to 3 in all) and remove them. The app server re-encodes a new photo
-- exactly as on upload, asks add_street_report_photo for the object name, and uploads it as the
-- child (Storage's insert policy admits only names of the child's own photo rows). A removed
-- photo row queues its object in private.street_report_photo_removals (trigger of migration
-- 20261130050100), as erasure and retention do; the app server empties that queue through the
-- Storage API as the service role (photo_removals_due / photo_removals_done, service_role only),
-- since SQL may not delete Storage objects.

-- add_street_report_photo ---------------------------------------------------------
create or replace function public.add_street_report_photo(
  p_submission_id uuid,
  p_version integer,
  p_width integer,
  p_height integer,
  p_bytes integer
)
returns table (id uuid, object_name text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_sub public.submissions;
  v_position smallint;
  v_photo_id uuid := gen_random_uuid();
  v_name text;
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
  if v_sub.kind <> 'street_report' or v_sub.state not in ('submitted', 'returned') then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  if p_width is null or p_height is null or p_bytes is null
     or p_width not between 1 and 1600 or p_height not between 1 and 1600 or p_bytes not between 1 and 2097152 then
    raise exception using errcode = 'P0001', message = 'field_invalid:photos';
  end if;
  select min(n)::smallint into v_position
  from generate_series(1, 3) as g (n)
  where not exists (select 1 from public.street_report_photos ph where ph.submission_id = v_sub.id and ph.position = g.n);
  if v_position is null then
    raise exception using errcode = 'P0001', message = 'photo_too_many';
  end if;

  v_name := v_sub.id::text || '/' || v_photo_id::text || '.jpg';
  insert into public.street_report_photos (id, submission_id, class_id, position, object_name, width, height, bytes)
  values (v_photo_id, v_sub.id, v_sub.class_id, v_position, v_name, p_width, p_height, p_bytes);
  -- A new version of the report: a page that showed the old photos is stale.
  update public.submissions s set updated_at = now() where s.id = v_sub.id;
  return query select v_photo_id, v_name;
end;
$$;

comment on function public.add_street_report_photo(uuid, integer, integer, integer, integer) is
$$The author adds a photo to their street report while it is submitted (the teacher has not acted)
or returned. Inputs: p_submission_id; p_version: the report's version shown; p_width, p_height
(1–1600), p_bytes (1–2 MiB) of the JPEG the app server re-encoded. Effect: a street_report_photos
row at the first free position (1–3), unconfirmed; the report's version + 1. Returns (id,
object_name): the Storage object (bucket street-report-photos) the app server uploads as the child.
Errors: 42501 not_allowed; PT404 not_found; PT409 stale_version; P0001 invalid_state,
field_invalid:photos, photo_too_many (3 already).$$;

-- remove_street_report_photo ------------------------------------------------------
create or replace function public.remove_street_report_photo(
  p_photo_id uuid,
  p_version integer
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
  if v_uid is null or private.current_app_role() is distinct from 'student' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select ph.* into v_photo from public.street_report_photos ph where ph.id = p_photo_id;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  select s.* into v_sub from public.submissions s where s.id = v_photo.submission_id for update;
  if v_sub.author_id is distinct from v_uid then
    -- Someone else's photo: as if it did not exist.
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  perform private.check_version(p_version, v_sub.version);
  if v_sub.state not in ('submitted', 'returned') then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  -- The trigger street_report_photos_queue_removal queues the Storage object.
  delete from public.street_report_photos where id = v_photo.id;
  update public.submissions set updated_at = now() where id = v_sub.id;
end;
$$;

comment on function public.remove_street_report_photo(uuid, integer) is
$$The author removes a photo of their street report while it is submitted or returned.
p_version: the report's version shown. Effect: the photo row deleted (its Storage object queued in
private.street_report_photo_removals for the app server to remove), the report's version + 1.
Errors: 42501 not_allowed; PT404 not_found (no such photo, or not the caller's); PT409
stale_version; P0001 invalid_state.$$;

-- The removal queue, for the app server (service role) only ------------------------
create or replace function public.photo_removals_due(p_limit integer default 100)
returns setof text
language sql
stable
security definer
set search_path = ''
as $$
  select r.object_name
  from private.street_report_photo_removals r
  order by r.queued_at, r.object_name
  limit least(greatest(coalesce(p_limit, 100), 1), 1000)
$$;

comment on function public.photo_removals_due(integer) is
$$Service role only: the Storage objects (bucket street-report-photos) of deleted photo rows, oldest
first, at most p_limit (1–1000, default 100). Effect: none (a read); the app server removes them
through the Storage API, then calls photo_removals_done. Errors: none (42501 for any other role,
which may not execute it).$$;

create or replace function public.photo_removals_done(p_names text[])
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_count integer;
begin
  delete from private.street_report_photo_removals r where r.object_name = any (coalesce(p_names, '{}'));
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

comment on function public.photo_removals_done(text[]) is
$$Service role only: the named objects were removed from Storage (or were never there).
Effect: they leave the queue. Returns how many left it. Errors: none (42501 for any other role,
which may not execute it).$$;

revoke execute on function
  public.add_street_report_photo(uuid, integer, integer, integer, integer),
  public.remove_street_report_photo(uuid, integer),
  public.photo_removals_due(integer),
  public.photo_removals_done(text[])
  from public, anon, authenticated, service_role;
grant execute on function
  public.add_street_report_photo(uuid, integer, integer, integer, integer),
  public.remove_street_report_photo(uuid, integer)
  to authenticated;
grant execute on function
  public.photo_removals_due(integer),
  public.photo_removals_done(text[])
  to service_role;
