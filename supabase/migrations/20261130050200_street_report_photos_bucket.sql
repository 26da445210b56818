-- ============================================================================
-- Storage for street-report photos: a private bucket and its policies, as on a real project
-- ============================================================================
-- Object names: <submission id>/<photo id>.jpg, made by submit_street_report (street_report_photos
-- .object_name). The app server re-encodes every photo (JPEG, no metadata, longest side ≤ 1600 px)
-- and uploads it as the child (their JWT), so Storage's RLS decides:
-- - upload: only an object the database expects for one of the caller's own reports (a row in
--   street_report_photos the caller can read as its author), only once (no update policy, so no
--   upsert can replace it);
-- - read (download, signed URLs): whoever may read the photo row — inside the school every photo,
--   staff of the district only confirmed ones (street_report_photos' select policy) — and
--   everyone the confirmed photos of published reports;
-- - no delete policy: photos go with their report; the Storage objects of deleted rows are queued
--   in private.street_report_photo_removals for removal through the Storage API.
-- The bucket refuses anything but JPEG and anything over 2 MiB before a byte is stored.
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('street-report-photos', 'street-report-photos', false, 2097152, array['image/jpeg'])
on conflict (id) do nothing;

create policy "Children can upload the photos of their own street reports"
  on storage.objects for insert to authenticated
  with check (
    bucket_id = 'street-report-photos'
    and exists (
      select 1 from public.street_report_photos p
      where p.object_name = objects.name
        and p.submission_id in (select private.own_submission_ids())
    )
  );

create policy "People who may read a street report's photo can read its file"
  on storage.objects for select to authenticated
  using (
    bucket_id = 'street-report-photos'
    and (
      exists (select 1 from public.street_report_photos p where p.object_name = objects.name)
      or exists (select 1 from public.published_street_report_photos p where p.object_name = objects.name)
    )
  );

create policy "Anyone can read the confirmed photos of published street reports"
  on storage.objects for select to anon
  using (
    bucket_id = 'street-report-photos'
    and exists (select 1 from public.published_street_report_photos p where p.object_name = objects.name)
  );
