-- ============================================================================
-- A photo on a progress update (issue 11 §3), in a private Storage bucket
-- ============================================================================
-- Staff of the item may attach one photo when they add a progress update. The app server checks
-- the file by its content and re-encodes it as it does street-report photos and poll pictures
-- ($lib/server/photos.ts: JPEG, no metadata, upright, longest side ≤ 1600 px), then
-- add_progress_update_with_photo records the update and its photo row in one transaction and
-- returns the object name, and the server uploads the bytes as the staff member: Storage's RLS
-- admits only a name the database made for an update that staff member wrote.
-- Who sees the photo: whoever reads the progress update (its submission: the child author, the
-- class teacher, staff of the item; the same rule as submission_progress), and anyone when it is
-- the photo of the latest update of a published answer (published_answers.progress_photo_id,
-- what the public pages show next to the latest progress, with the note as its alt text).
-- A photo attached by mistake: staff of the item remove it (remove_progress_photo), audited in
-- private.progress_photo_removals; the row goes, its Storage object is queued in
-- private.storage_object_removals (bucket progress-photos) and removed by the service role's
-- removal job ($lib/server/photo-removals.ts). No update and no delete policy on the bucket.

create table public.progress_photos (
  id uuid primary key default gen_random_uuid(),
  progress_id bigint not null constraint progress_photos_progress_id_key unique
    references public.submission_progress (id) on delete cascade,
  submission_id uuid not null references public.submissions (id) on delete cascade,
  object_name text not null constraint progress_photos_object_name_key unique,
  width integer not null constraint progress_photos_width_range check (width between 1 and 1600),
  height integer not null constraint progress_photos_height_range check (height between 1 and 1600),
  bytes integer not null constraint progress_photos_bytes_range check (bytes between 1 and 2097152),
  staff_id uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now()
);

create index progress_photos_submission_idx on public.progress_photos (submission_id);
create index progress_photos_staff_id_idx on public.progress_photos (staff_id);

comment on table public.progress_photos is
  'The photo of a progress update, at most one (bytes in Storage: bucket progress-photos, object <submission id>/<photo id>.jpg). staff_id: the adult who attached it. Its alt text is the update''s note.';

alter table public.progress_photos enable row level security;

-- The progress updates' own rule (20261130090400): whoever reads the submission.
create policy "People can read the photos of the progress updates they can read"
  on public.progress_photos for select to authenticated
  using (exists (select 1 from public.submissions s where s.id = progress_photos.submission_id));

revoke all on public.progress_photos from anon, authenticated;
grant select on public.progress_photos to authenticated;

-- The public copy: the photo of the latest update, if it has one.
alter table public.published_answers
  add column progress_photo_id uuid references public.progress_photos (id) on delete set null;
create index published_answers_progress_photo_id_idx on public.published_answers (progress_photo_id);
comment on column public.published_answers.progress_photo_id is
  'The photo of the latest progress update (null: it has none); public pages show it with progress_note as its alt text.';

-- Who removed which photo, for the record (nobody reads it through the Data API).
create table private.progress_photo_removals (
  id bigint generated always as identity primary key,
  photo_id uuid not null,
  progress_id bigint not null,
  submission_id uuid not null,
  object_name text not null,
  attached_by uuid,
  attached_at timestamptz not null,
  removed_by uuid not null,
  removed_at timestamptz not null default now()
);

comment on table private.progress_photo_removals is
  'Audit: progress photos removed by staff of the item (no foreign keys: the record outlives rows and accounts).';

alter table private.progress_photo_removals enable row level security;
revoke all on private.progress_photo_removals from public, anon, authenticated;

create or replace function private.queue_progress_photo_removal()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.storage_object_removals (bucket_id, object_name)
  values ('progress-photos', old.object_name)
  on conflict do nothing;
  return old;
end;
$$;

comment on function private.queue_progress_photo_removal() is
  'Trigger: a deleted progress photo''s Storage object goes to private.storage_object_removals.';

create trigger progress_photos_queue_removal
  after delete on public.progress_photos
  for each row execute function private.queue_progress_photo_removal();

-- ============================================================================
-- Storage: the bucket and its policies
-- ============================================================================
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('progress-photos', 'progress-photos', false, 2097152, array['image/jpeg'])
on conflict (id) do nothing;

-- Whether an object is the photo of the latest progress update of a published answer (what the
-- public pages show). For anon's Storage policy, which cannot read the progress photos itself.
create or replace function public.is_public_progress_photo(p_object_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.progress_photos x
    join public.published_answers pa on pa.progress_photo_id = x.id
    where x.object_name = p_object_name
  );
$$;

comment on function public.is_public_progress_photo(text) is
  'True when the object is the photo of the latest progress update of a published answer: anyone may see it. Used by the Storage policies. Effect: none (reads). Errors: none (false for any other name).';

create policy "Staff can upload the photo of a progress update they wrote"
  on storage.objects for insert to authenticated
  with check (
    bucket_id = 'progress-photos'
    and exists (
      select 1 from public.progress_photos x
      where x.object_name = objects.name and x.staff_id = (select auth.uid())
    )
  );

create policy "People who can read a progress update can read its photo"
  on storage.objects for select to authenticated
  using (
    bucket_id = 'progress-photos'
    and (
      exists (select 1 from public.progress_photos x where x.object_name = objects.name)
      or public.is_public_progress_photo(objects.name)
    )
  );

create policy "Anyone can read the photo of the latest progress on a published answer"
  on storage.objects for select to anon
  using (bucket_id = 'progress-photos' and public.is_public_progress_photo(objects.name));

-- ============================================================================
-- Write functions
-- ============================================================================
create or replace function public.add_progress_update_with_photo(
  p_submission_id uuid,
  p_version integer,
  p_stage public.progress_stage,
  p_note text,
  p_width integer,
  p_height integer,
  p_bytes integer
)
returns table (id bigint, photo_id uuid, object_name text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id bigint;
  v_photo uuid := gen_random_uuid();
  v_name text;
begin
  -- Every check of a progress update (caller, state, version, stage, note) is add_progress_update's.
  v_id := public.add_progress_update(p_submission_id, p_version, p_stage, p_note);
  if p_width is null or p_height is null or p_bytes is null
     or p_width not between 1 and 1600 or p_height not between 1 and 1600 or p_bytes not between 1 and 2097152 then
    raise exception using errcode = 'P0001', message = 'field_invalid:photo';
  end if;
  v_name := p_submission_id::text || '/' || v_photo::text || '.jpg';
  insert into public.progress_photos (id, progress_id, submission_id, object_name, width, height, bytes, staff_id)
  values (v_photo, v_id, p_submission_id, v_name, p_width, p_height, p_bytes, (select auth.uid()));
  update public.published_answers pa set progress_photo_id = v_photo where pa.submission_id = p_submission_id;
  return query select v_id, v_photo, v_name;
end;
$$;

comment on function public.add_progress_update_with_photo(uuid, integer, public.progress_stage, text, integer, integer, integer) is
$$add_progress_update with one photo. Inputs: as add_progress_update (p_submission_id, p_version,
p_stage, p_note), and p_width / p_height (pixels, 1–1600) and p_bytes (1–2 MiB) of the JPEG the app
server re-encoded. Effect: add_progress_update's, a progress_photos row, and the public copy's
latest photo (published_answers.progress_photo_id). Returns (id: the update's id, photo_id,
object_name: the Storage object, bucket progress-photos, the caller uploads next).
Errors: add_progress_update's (42501 not_allowed; PT404 not_found; PT409 stale_version; P0001
invalid_state, not_followed_up, field_required:stage, stage_backwards, progress_final,
field_required:note, field_too_long:note), and P0001 field_invalid:photo (sizes).$$;

-- add_progress_update: a new update without a photo takes the previous update's photo off the
-- public copy (the public pages show the latest update, with its photo or none).
create or replace function private.public_photo_follows_latest_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.published_answers pa set progress_photo_id = null
  where pa.submission_id = new.submission_id and pa.progress_photo_id is not null;
  return null;
end;
$$;

comment on function private.public_photo_follows_latest_update() is
  'Trigger on submission_progress inserts: the public copy''s photo is cleared (add_progress_update_with_photo sets the new one after).';

create trigger submission_progress_clears_public_photo
  after insert on public.submission_progress
  for each row execute function private.public_photo_follows_latest_update();

create or replace function public.remove_progress_photo(p_photo_id uuid, p_version integer)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_photo public.progress_photos;
  v_sub public.submissions;
begin
  if v_uid is null or private.current_app_role() is distinct from 'staff' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select x.* into v_photo from public.progress_photos x where x.id = p_photo_id;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  select s.* into v_sub from public.submissions s where s.id = v_photo.submission_id for update;
  if not private.is_staff_of_submission(v_sub) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  perform private.check_version(p_version, v_sub.version);
  insert into private.progress_photo_removals
    (photo_id, progress_id, submission_id, object_name, attached_by, attached_at, removed_by)
  values (v_photo.id, v_photo.progress_id, v_photo.submission_id, v_photo.object_name, v_photo.staff_id, v_photo.created_at, v_uid);
  -- The trigger progress_photos_queue_removal queues the Storage object; the public copy's
  -- progress_photo_id goes null with the row (on delete set null).
  delete from public.progress_photos x where x.id = v_photo.id;
  -- A new version of the item: a page that showed the photo is stale.
  update public.submissions s set updated_at = now() where s.id = v_sub.id;
  return v_photo.object_name;
end;
$$;

comment on function public.remove_progress_photo(uuid, integer) is
$$Staff of the item remove the photo of a progress update (attached by mistake), at the item's
version shown. The update and its note stay. Effect: the photo row deleted (off the public copy
too), its Storage object queued for removal (private.storage_object_removals, bucket
progress-photos), a row in private.progress_photo_removals (who, when), the item's version + 1.
Returns the object's name. Errors: 42501 not_allowed (not staff of the item); PT404 not_found;
PT409 stale_version.$$;

-- ============================================================================
-- Reads for the public pages and the photo endpoint
-- ============================================================================
-- The Storage object of a public progress photo by its id, for the photo endpoint when the caller
-- cannot read the row itself (signed out, or staff of another district).
create or replace function public.public_progress_photo_object(p_photo_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select x.object_name
  from public.progress_photos x
  join public.published_answers pa on pa.progress_photo_id = x.id
  where x.id = p_photo_id;
$$;

comment on function public.public_progress_photo_object(uuid) is
  'The Storage object name of the photo of the latest progress update of a published answer; null for any other. Effect: none (reads). Errors: none.';

-- The sizes of public progress photos by id, for the public lists' <img> (anon cannot read the
-- photo rows). At most 100 ids (a list page has 20).
create or replace function public.public_progress_photo_sizes(p_photo_ids uuid[])
returns table (id uuid, width integer, height integer)
language sql
stable
security definer
set search_path = ''
as $$
  select x.id, x.width, x.height
  from public.progress_photos x
  join public.published_answers pa on pa.progress_photo_id = x.id
  where x.id = any ((coalesce(p_photo_ids, '{}'))[1:100]);
$$;

comment on function public.public_progress_photo_sizes(uuid[]) is
  'The size (pixels) of each given photo that is the latest progress update''s photo of a published answer; nothing for any other id; the first 100 ids only. Effect: none (reads). Errors: none.';

-- The removal queue of this bucket, for the app server (service role) only.
create or replace function public.progress_photo_removals_due(p_limit integer default 100)
returns setof text
language sql
stable
security definer
set search_path = ''
as $$
  select r.object_name
  from private.storage_object_removals r
  where r.bucket_id = 'progress-photos'
  order by r.queued_at, r.object_name
  limit least(greatest(coalesce(p_limit, 100), 1), 1000)
$$;

comment on function public.progress_photo_removals_due(integer) is
$$Service role only: the Storage objects (bucket progress-photos) of removed progress photos,
oldest first, at most p_limit (1–1000, default 100). Effect: none (a read); the app server removes
them through the Storage API, then calls progress_photo_removals_done. Errors: none (42501 for any
other role, which may not execute it).$$;

create or replace function public.progress_photo_removals_done(p_names text[])
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_count integer;
begin
  delete from private.storage_object_removals r
  where r.bucket_id = 'progress-photos' and r.object_name = any (coalesce(p_names, '{}'));
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

comment on function public.progress_photo_removals_done(text[]) is
$$Service role only: the named progress photos' objects were removed from Storage (or were never
there). Effect: they leave the queue. Returns how many left it. Errors: none (42501 for any other
role, which may not execute it).$$;

-- ============================================================================
-- Grants
-- ============================================================================
revoke execute on function
  private.queue_progress_photo_removal(),
  private.public_photo_follows_latest_update()
  from public;
revoke execute on function
  public.add_progress_update_with_photo(uuid, integer, public.progress_stage, text, integer, integer, integer),
  public.remove_progress_photo(uuid, integer),
  public.is_public_progress_photo(text),
  public.public_progress_photo_object(uuid),
  public.public_progress_photo_sizes(uuid[]),
  public.progress_photo_removals_due(integer),
  public.progress_photo_removals_done(text[])
  from public, anon, authenticated, service_role;
grant execute on function
  public.add_progress_update_with_photo(uuid, integer, public.progress_stage, text, integer, integer, integer),
  public.remove_progress_photo(uuid, integer)
  to authenticated;
grant execute on function
  public.is_public_progress_photo(text),
  public.public_progress_photo_object(uuid),
  public.public_progress_photo_sizes(uuid[])
  to anon, authenticated;
grant execute on function
  public.progress_photo_removals_due(integer),
  public.progress_photo_removals_done(text[])
  to service_role;

notify pgrst, 'reload schema';
