-- ============================================================================
-- Polls: a picture per option (issue 8), in a private Storage bucket
-- ============================================================================
-- A poll's creator (or an admin) gives an option a picture from the poll's page: the app server
-- checks the file by its content and re-encodes it as for street-report photos (JPEG, no
-- metadata, longest side ≤ 1600 px, $lib/server/photos.ts), set_poll_option_picture records it
-- (one per option position, replacing the one before) and returns the object name, and the
-- server uploads the bytes as the creator: Storage's RLS admits only a name the database expects
-- for one of the caller's polls. Pictures belong to a position, not to an option row, because
-- update_poll replaces the option rows on every edit: changing an option's words keeps its
-- picture; fewer options drop the pictures past the last one.
-- Like the options, pictures are frozen once the first ballot is cast (guard_poll_options) and
-- may not change on a closed poll: every child chose from the same pictures.
-- Who sees a picture: whoever reads the poll (the options' rule), and anyone for a closed city or
-- district poll (the public results pages), through the app server with a short-lived signed URL.
-- The Storage object of a dropped picture is queued in private.storage_object_removals; the
-- creator's server removes it at once through the Storage API (delete policy below), the queue
-- keeps what that could not remove.

create table public.poll_option_pictures (
  id uuid primary key default gen_random_uuid(),
  poll_id uuid not null references public.polls (id) on delete cascade,
  position smallint not null constraint poll_option_pictures_position_range check (position between 1 and 12),
  object_name text not null constraint poll_option_pictures_object_name_key unique,
  width integer not null constraint poll_option_pictures_width_range check (width between 1 and 1600),
  height integer not null constraint poll_option_pictures_height_range check (height between 1 and 1600),
  bytes integer not null constraint poll_option_pictures_bytes_range check (bytes between 1 and 2097152),
  alt_zh text constraint poll_option_pictures_alt_zh_length check (char_length(alt_zh) between 1 and 200),
  alt_en text constraint poll_option_pictures_alt_en_length check (char_length(alt_en) between 1 and 200),
  created_at timestamptz not null default now(),
  constraint poll_option_pictures_position_key unique (poll_id, position)
);

comment on table public.poll_option_pictures is
  'The picture of a poll option, by option position (bytes in Storage: bucket poll-option-pictures, object <poll id>/<picture id>.jpg). alt_zh / alt_en: what the picture shows, for children who cannot see it (none: the option''s words say it all).';

-- Storage objects whose rows went: removed through the Storage API (SQL may not delete them).
create table private.storage_object_removals (
  bucket_id text not null,
  object_name text not null,
  queued_at timestamptz not null default now(),
  primary key (bucket_id, object_name)
);

comment on table private.storage_object_removals is
  'Storage objects of deleted rows (poll option pictures), to be removed through the Storage API.';

alter table public.poll_option_pictures enable row level security;
alter table private.storage_object_removals enable row level security;

create policy "People can read the pictures of the polls they can read"
  on public.poll_option_pictures for select to authenticated
  using (poll_id in (select p.id from public.polls p));

-- Frozen with the options: the options' trigger function checks the same thing.
create trigger poll_option_pictures_frozen
  before insert or update or delete on public.poll_option_pictures
  for each row execute function private.guard_poll_options();

create or replace function private.queue_poll_picture_removal()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.storage_object_removals (bucket_id, object_name)
  values ('poll-option-pictures', old.object_name)
  on conflict do nothing;
  return old;
end;
$$;

comment on function private.queue_poll_picture_removal() is
  'Trigger: a deleted poll option picture''s Storage object goes to private.storage_object_removals.';

create trigger poll_option_pictures_queue_removal
  after delete on public.poll_option_pictures
  for each row execute function private.queue_poll_picture_removal();

-- Fewer options drop the pictures past the last one (the options are replaced on every edit).
create or replace function private.drop_pictures_past_last_option()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.poll_option_pictures x
  where x.poll_id in (select distinct n.poll_id from new_options n)
    and x.position > (select count(*) from public.poll_options o where o.poll_id = x.poll_id);
  return null;
end;
$$;

comment on function private.drop_pictures_past_last_option() is
  'Statement trigger on poll_options inserts: pictures at positions past the poll''s last option are deleted.';

create trigger poll_options_drop_extra_pictures
  after insert on public.poll_options
  referencing new table as new_options
  for each statement execute function private.drop_pictures_past_last_option();

-- ============================================================================
-- Storage: the bucket and its policies, as on a real project
-- ============================================================================
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('poll-option-pictures', 'poll-option-pictures', false, 2097152, array['image/jpeg'])
on conflict (id) do nothing;

-- Whether a Storage object is the picture of an option of a closed city or district poll (what
-- anyone may read on the public results pages). For anon's Storage policy, which cannot read the
-- polls itself.
create or replace function public.is_public_poll_picture(p_object_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.poll_option_pictures x
    join public.polls p on p.id = x.poll_id
    where x.object_name = p_object_name
      and p.scope in ('city', 'district')
      and p.published_at is not null
      and (p.closed_early_at is not null or p.closes_at <= now())
  );
$$;

comment on function public.is_public_poll_picture(text) is
  'True when the object is the picture of an option of a closed (published) city or district poll: anyone may see it. Used by the Storage policy for anon. Effect: none (reads). Errors: none (false for any other name).';

create policy "Poll creators can upload the pictures their polls expect"
  on storage.objects for insert to authenticated
  with check (
    bucket_id = 'poll-option-pictures'
    and exists (
      select 1 from public.poll_option_pictures x
      join public.polls p on p.id = x.poll_id
      where x.object_name = objects.name
        and (p.created_by = (select auth.uid()) or (select private.is_admin()))
    )
  );

-- Readers of the poll read its pictures (the picture row's own policy decides); the creator also
-- reads the objects of their polls' dropped pictures, so Storage can remove them (a delete
-- returns the row it removed).
create policy "People who can read a poll can read its option pictures"
  on storage.objects for select to authenticated
  using (
    bucket_id = 'poll-option-pictures'
    and (
      exists (select 1 from public.poll_option_pictures x where x.object_name = objects.name)
      or (storage.foldername(objects.name))[1] in (
        select p.id::text from public.polls p where p.created_by = (select auth.uid()) or (select private.is_admin()))
      or public.is_public_poll_picture(objects.name)
    )
  );

create policy "Anyone can read the option pictures of closed city and district polls"
  on storage.objects for select to anon
  using (bucket_id = 'poll-option-pictures' and public.is_public_poll_picture(objects.name));

create policy "Poll creators can remove the dropped pictures of their polls"
  on storage.objects for delete to authenticated
  using (
    bucket_id = 'poll-option-pictures'
    and (storage.foldername(objects.name))[1] in (
      select p.id::text from public.polls p where p.created_by = (select auth.uid()) or (select private.is_admin()))
    and not exists (select 1 from public.poll_option_pictures x where x.object_name = objects.name)
  );

-- ============================================================================
-- Write functions
-- ============================================================================
create or replace function public.set_poll_option_picture(
  p_poll_id uuid,
  p_version integer,
  p_position integer,
  p_width integer,
  p_height integer,
  p_bytes integer,
  p_alt_zh text default null,
  p_alt_en text default null
)
returns table (object_name text, replaced text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_poll public.polls;
  v_id uuid := gen_random_uuid();
  v_old text;
begin
  v_poll := private.lock_poll_for_owner(p_poll_id, p_version);
  if private.poll_state(v_poll.published_at, v_poll.opens_at, v_poll.closes_at, v_poll.closed_early_at, now()) = 'closed' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  if exists (select 1 from private.poll_turnout t where t.poll_id = v_poll.id) then
    raise exception using errcode = 'P0001', message = 'options_frozen';
  end if;
  if p_position is null or not exists (select 1 from public.poll_options o where o.poll_id = v_poll.id and o.position = p_position) then
    raise exception using errcode = 'P0001', message = 'field_invalid:position';
  end if;
  if p_width is null or p_height is null or p_bytes is null
     or p_width not between 1 and 1600 or p_height not between 1 and 1600 or p_bytes not between 1 and 2097152 then
    raise exception using errcode = 'P0001', message = 'field_invalid:picture';
  end if;
  delete from public.poll_option_pictures x
  where x.poll_id = v_poll.id and x.position = p_position
  returning x.object_name into v_old;
  insert into public.poll_option_pictures (id, poll_id, position, object_name, width, height, bytes, alt_zh, alt_en)
  values (v_id, v_poll.id, p_position, v_poll.id::text || '/' || v_id::text || '.jpg', p_width, p_height, p_bytes,
    private.input_text(p_alt_zh, 'alt_zh', 200, false), private.input_text(p_alt_en, 'alt_en', 200, false));
  update public.polls set version = version + 1 where id = v_poll.id;
  return query select v_poll.id::text || '/' || v_id::text || '.jpg', v_old;
end;
$$;

comment on function public.set_poll_option_picture(uuid, integer, integer, integer, integer, integer, text, text) is
$$Gives the option at p_position (1–12) of a poll that is not closed and has no ballot a picture,
replacing the one it had, at the version its editor saw. p_width / p_height: pixels of the
re-encoded JPEG (1–1600); p_bytes: its size (≤ 2 MiB); p_alt_zh / p_alt_en: what it shows (≤ 200
characters each, optional).
Returns: object_name, the Storage object the caller uploads next (bucket poll-option-pictures),
and replaced, the object of the picture it replaced (null if none), queued for removal.
Effect: the picture row replaced; the poll's version + 1.
Errors: 42501 not_allowed (not its creator or an admin); PT404 not_found; PT409 stale_version;
P0001 invalid_state (closed), options_frozen (a ballot exists), field_invalid:position (no such
option), field_invalid:picture (sizes), field_too_long:alt_zh / alt_en.$$;

create or replace function public.remove_poll_option_picture(p_poll_id uuid, p_version integer, p_position integer)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_poll public.polls;
  v_old text;
begin
  v_poll := private.lock_poll_for_owner(p_poll_id, p_version);
  if private.poll_state(v_poll.published_at, v_poll.opens_at, v_poll.closes_at, v_poll.closed_early_at, now()) = 'closed' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  if exists (select 1 from private.poll_turnout t where t.poll_id = v_poll.id) then
    raise exception using errcode = 'P0001', message = 'options_frozen';
  end if;
  delete from public.poll_option_pictures x
  where x.poll_id = v_poll.id and x.position = p_position
  returning x.object_name into v_old;
  if v_old is null then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  update public.polls set version = version + 1 where id = v_poll.id;
  return v_old;
end;
$$;

comment on function public.remove_poll_option_picture(uuid, integer, integer) is
$$Removes the picture of the option at p_position of a poll that is not closed and has no ballot,
at the version its editor saw.
Returns: the Storage object it had (queued for removal; the caller's server removes it at once).
Effect: the picture row deleted; the poll's version + 1.
Errors: 42501 not_allowed; PT404 not_found (no such poll, or no picture there); PT409
stale_version; P0001 invalid_state (closed), options_frozen (a ballot exists).$$;

-- The pictures of a closed city or district poll, for the public results pages (anon cannot read
-- the polls' tables).
create or replace function public.public_poll_pictures(p_poll_id uuid)
returns table (id uuid, "position" smallint, width integer, height integer, alt_zh text, alt_en text)
language sql
stable
security definer
set search_path = ''
as $$
  select x.id, x.position, x.width, x.height, x.alt_zh, x.alt_en
  from public.poll_option_pictures x
  join public.polls p on p.id = x.poll_id
  where x.poll_id = p_poll_id
    and p.scope in ('city', 'district')
    and p.published_at is not null
    and (p.closed_early_at is not null or p.closes_at <= now())
  order by x.position;
$$;

comment on function public.public_poll_pictures(uuid) is
  'The option pictures (id, position, size, alt texts) of a closed, published city or district poll; nothing for any other poll. For the public results pages. Effect: none (reads). Errors: none (no rows for any other poll).';

-- The Storage object of a public poll picture by its id, for the picture endpoint when signed out.
create or replace function public.public_poll_picture_object(p_picture_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select x.object_name
  from public.poll_option_pictures x
  where x.id = p_picture_id and public.is_public_poll_picture(x.object_name);
$$;

comment on function public.public_poll_picture_object(uuid) is
  'The Storage object name of a picture of a closed, published city or district poll; null for any other. Effect: none (reads). Errors: none.';

-- ============================================================================
-- Grants
-- ============================================================================
revoke all on public.poll_option_pictures from anon;
revoke insert, update, delete, truncate, references, trigger on public.poll_option_pictures from authenticated;
grant select on public.poll_option_pictures to authenticated;
revoke all on private.storage_object_removals from public, anon, authenticated;

revoke execute on function
  private.queue_poll_picture_removal(),
  private.drop_pictures_past_last_option()
  from public;
revoke execute on function
  public.set_poll_option_picture(uuid, integer, integer, integer, integer, integer, text, text),
  public.remove_poll_option_picture(uuid, integer, integer),
  public.is_public_poll_picture(text),
  public.public_poll_pictures(uuid),
  public.public_poll_picture_object(uuid)
  from public, anon, service_role;
grant execute on function
  public.set_poll_option_picture(uuid, integer, integer, integer, integer, integer, text, text),
  public.remove_poll_option_picture(uuid, integer, integer)
  to authenticated;
grant execute on function
  public.is_public_poll_picture(text),
  public.public_poll_pictures(uuid),
  public.public_poll_picture_object(uuid)
  to anon, authenticated;
