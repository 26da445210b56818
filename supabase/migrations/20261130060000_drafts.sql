-- ============================================================================
-- Drafts: what a child is still writing, kept on the server (issue 9 §4)
-- ============================================================================
-- A draft is the fields of one form as the child typed them (JSON, size-capped), of a kind
-- (`proposal` now, `street_report` for the street-report form), keyed by the form's request key
-- (the `?form=` of the page): the same form saved twice is one draft, and the proposal sent from
-- it carries the same key. Saved as the child writes (JavaScript, debounced) or with a "save
-- draft" button, so it survives signing out, an expired session, a language switch and leaving
-- the page. Only its author reads it (RLS); writes go through save_draft / delete_draft, which
-- check the caller (a child), the size and the version the caller saw (PT409 stale_version).
-- Erasing a child deletes their profile, and with it their drafts (on delete cascade).

create table public.drafts (
  id uuid primary key default gen_random_uuid(),
  author_id uuid not null references public.profiles (id) on delete cascade,
  -- The form's request key (?form=): one draft per form and author.
  form_key uuid not null,
  kind text not null constraint drafts_kind_known check (kind in ('proposal', 'street_report')),
  fields jsonb not null constraint drafts_fields_object check (jsonb_typeof(fields) = 'object'),
  version integer not null default 1 constraint drafts_version_positive check (version >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint drafts_fields_size check (octet_length(fields::text) <= 32000),
  constraint drafts_author_form_key unique (author_id, form_key)
);

comment on table public.drafts is
  'A child''s unsent form: kind and the fields as typed (JSON ≤ 32,000 bytes), one per form (form_key). Read by its author only; written by save_draft / delete_draft.';
comment on column public.drafts.fields is
  'Field name → text (or list of texts) as typed, not yet checked: the form checks them when the child sends.';

alter table public.drafts enable row level security;

create policy "Children can read their own drafts"
  on public.drafts for select to authenticated
  using (author_id = (select auth.uid()));

-- The author's id is the child's account id: nobody selects it through the Data API.
revoke all on public.drafts from anon, authenticated;
grant select (id, form_key, kind, fields, version, created_at, updated_at) on public.drafts to authenticated;

-- The child's list on /me: newest first.
create index drafts_author_updated_idx on public.drafts (author_id, updated_at desc);

-- ============================================================================
-- save_draft
-- ============================================================================
create or replace function public.save_draft(p_form_key uuid, p_kind text, p_fields jsonb, p_version integer)
returns table (id uuid, version integer)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_me uuid := (select auth.uid());
  v_draft public.drafts;
  v_count integer;
begin
  if v_me is null or (select private.current_app_role()) is distinct from 'student' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if p_form_key is null or p_kind is null or p_kind not in ('proposal', 'street_report')
     or p_fields is null or jsonb_typeof(p_fields) <> 'object' then
    raise exception using errcode = 'P0001', message = 'invalid_draft';
  end if;
  if octet_length(p_fields::text) > 32000 then
    raise exception using errcode = 'P0001', message = 'draft_too_large';
  end if;
  select d.* into v_draft from public.drafts d
  where d.author_id = v_me and d.form_key = p_form_key
  for update;
  if found then
    -- The same form open twice: the older page must not overwrite the newer text.
    perform private.check_version(p_version, v_draft.version);
    if v_draft.kind <> p_kind then
      raise exception using errcode = 'P0001', message = 'invalid_draft';
    end if;
    update public.drafts d
    set fields = p_fields, version = d.version + 1, updated_at = now()
    where d.id = v_draft.id
    returning d.id, d.version into id, version;
    return next;
    return;
  end if;
  -- Bounded: a child keeps at most 20 drafts (the list on /me is one page).
  select count(*) into v_count from public.drafts d where d.author_id = v_me;
  if v_count >= 20 then
    raise exception using errcode = 'P0001', message = 'too_many_drafts';
  end if;
  insert into public.drafts (author_id, form_key, kind, fields)
  values (v_me, p_form_key, p_kind, p_fields)
  returning drafts.id, drafts.version into id, version;
  return next;
end;
$$;

comment on function public.save_draft(uuid, text, jsonb, integer) is
  'Save the fields of the caller''s form p_form_key (kind proposal or street_report) as a draft. p_version: the draft version the page last saved (null when it has not saved yet). Effect: inserts the draft, or replaces its fields and bumps its version; returns its id and new version. Errors: 42501 not_allowed (not a child); P0001 invalid_draft (no key, unknown kind, fields not an object, kind changed), draft_too_large (fields over 32,000 bytes), too_many_drafts (20 already); PT409 stale_version (the draft was saved from elsewhere since, or exists and p_version is null).';

revoke all on function public.save_draft(uuid, text, jsonb, integer) from public, anon, service_role;
grant execute on function public.save_draft(uuid, text, jsonb, integer) to authenticated;

-- ============================================================================
-- delete_draft
-- ============================================================================
create or replace function public.delete_draft(p_id uuid, p_version integer)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_draft public.drafts;
begin
  select d.* into v_draft from public.drafts d
  where d.id = p_id and d.author_id = (select auth.uid())
  for update;
  if not found then
    -- Someone else's draft and no draft at all look the same.
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  perform private.check_version(p_version, v_draft.version);
  delete from public.drafts d where d.id = v_draft.id;
end;
$$;

comment on function public.delete_draft(uuid, integer) is
  'Delete one of the caller''s drafts at the version the caller was shown (deleted by the child, or sent as a submission). Effect: deletes the draft row. Errors: PT404 not_found (no such draft of the caller); PT409 stale_version (it was saved since).';

revoke all on function public.delete_draft(uuid, integer) from public, anon, service_role;
grant execute on function public.delete_draft(uuid, integer) to authenticated;
