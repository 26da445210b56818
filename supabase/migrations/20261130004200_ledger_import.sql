-- ============================================================================
-- The ledger as data: responsible departments, and importing a ledger (CSV/XLSX)
-- ============================================================================
-- The city keeps its work ledger (工作台账) as a spreadsheet; the seed knows 28 of its 137 goals.
-- An admin imports the spreadsheet: the app parses the file (server side, size and rows capped),
-- keeps the parsed cells as a draft, shows a preview with the column mapping and every row's
-- problems, and on confirmation sends the mapped goals to import_ledger, which writes all of them
-- or none. Re-importing an edition updates goals by code, so every answer's link to a goal (by
-- id) survives; goals that are not in the file are kept.
--
-- departments: the responsible departments (责任部门) named by the ledger, public like the goals.
--
-- Errors (import_ledger, save_ledger_import_draft): 42501 not_allowed (not an admin); PT404
-- not_found (no such draft of the caller); P0001 import_too_large, import_empty,
-- invalid_goal:<row>:<field> (row = 1-based position in p_goals; field = code, category,
-- title_zh, title_en, departments), duplicate_code:<row>, invalid_edition, invalid_declared.

create table public.departments (
  id uuid primary key default gen_random_uuid(),
  name_zh text not null unique check (char_length(name_zh) between 1 and 200),
  name_en text check (char_length(name_en) between 1 and 200),
  created_at timestamptz not null default now()
);

comment on table public.departments is
  'Responsible departments (责任部门) of the ledger''s goals, by their Chinese name.';

create table public.ledger_goal_departments (
  goal_id uuid not null references public.ledger_goals (id) on delete cascade,
  department_id uuid not null references public.departments (id),
  primary key (goal_id, department_id)
);

create index ledger_goal_departments_department_id_idx on public.ledger_goal_departments (department_id);

comment on table public.ledger_goal_departments is 'Which departments are responsible for a goal (one or more).';

create table public.ledger_import_drafts (
  id uuid primary key default gen_random_uuid(),
  admin_id uuid not null references public.profiles (id) on delete cascade,
  edition smallint not null check (edition between 2000 and 2100),
  file_name text not null check (char_length(file_name) between 1 and 255),
  columns jsonb not null check (jsonb_typeof(columns) = 'array'),
  rows jsonb not null check (jsonb_typeof(rows) = 'array'),
  created_at timestamptz not null default now()
);

create index ledger_import_drafts_admin_id_idx on public.ledger_import_drafts (admin_id, created_at);

comment on table public.ledger_import_drafts is
  'A parsed ledger file an admin is importing: its header cells and rows of cells (text), until imported or a day old.';

alter table public.departments enable row level security;
alter table public.ledger_goal_departments enable row level security;
alter table public.ledger_import_drafts enable row level security;

create policy "Anyone can read departments"
  on public.departments for select to anon, authenticated
  using (true);

create policy "Anyone can read which departments answer for a goal"
  on public.ledger_goal_departments for select to anon, authenticated
  using (true);

create policy "Admins can read their own import drafts"
  on public.ledger_import_drafts for select to authenticated
  using (admin_id = (select auth.uid()) and (select private.is_admin()));

revoke all on public.departments, public.ledger_goal_departments, public.ledger_import_drafts from anon, authenticated;
grant select on public.departments, public.ledger_goal_departments to anon, authenticated;
grant select on public.ledger_import_drafts to authenticated;

-- ============================================================================
-- Drafts
-- ============================================================================

create or replace function public.save_ledger_import_draft(p_edition smallint, p_file_name text, p_columns jsonb, p_rows jsonb)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if p_edition is null or p_edition not between 2000 and 2100 then
    raise exception using errcode = 'P0001', message = 'invalid_edition';
  end if;
  if jsonb_typeof(p_columns) is distinct from 'array' or jsonb_typeof(p_rows) is distinct from 'array' then
    raise exception using errcode = 'P0001', message = 'import_empty';
  end if;
  -- The app caps the file before parsing; this bounds what one call can store.
  if jsonb_array_length(p_columns) > 30 or jsonb_array_length(p_rows) > 2000
     or pg_column_size(p_rows) > 4 * 1024 * 1024 then
    raise exception using errcode = 'P0001', message = 'import_too_large';
  end if;
  if jsonb_array_length(p_rows) = 0 then
    raise exception using errcode = 'P0001', message = 'import_empty';
  end if;
  -- A draft lives a day; an admin's older ones go when they start another.
  delete from public.ledger_import_drafts d
  where d.admin_id = (select auth.uid()) and d.created_at < now() - interval '1 day';
  insert into public.ledger_import_drafts (admin_id, edition, file_name, columns, rows)
  values ((select auth.uid()), p_edition, left(coalesce(nullif(btrim(p_file_name), ''), 'ledger'), 255), p_columns, p_rows)
  returning id into v_id;
  return v_id;
end;
$$;

comment on function public.save_ledger_import_draft(smallint, text, jsonb, jsonb) is
$$An admin keeps a parsed ledger file for the preview and mapping steps of an import.
Inputs: p_edition (year); p_file_name; p_columns: the header cells (array of text, ≤ 30);
p_rows: rows of cells (array of arrays of text, 1..2000, ≤ 4 MB).
Effect: a ledger_import_drafts row of the caller (their drafts older than a day are removed).
Returns: the draft's id. Errors: 42501 not_allowed; P0001 invalid_edition, import_empty,
import_too_large.$$;

-- ============================================================================
-- The import
-- ============================================================================

create or replace function public.import_ledger(p_draft_id uuid, p_edition smallint, p_goals jsonb, p_declared jsonb default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_goal jsonb;
  v_row integer := 0;
  v_code text;
  v_category public.ledger_category;
  v_title_zh text;
  v_title_en text;
  v_goal_id uuid;
  v_existing public.ledger_goals%rowtype;
  v_dept text;
  v_created integer := 0;
  v_updated integer := 0;
  v_unchanged integer := 0;
  v_file text;
  v_declared_category text;
  v_declared_count jsonb;
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select d.file_name into v_file
  from public.ledger_import_drafts d
  where d.id = p_draft_id and d.admin_id = (select auth.uid());
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  if p_edition is null or p_edition not between 2000 and 2100 then
    raise exception using errcode = 'P0001', message = 'invalid_edition';
  end if;
  if jsonb_typeof(p_goals) is distinct from 'array' or jsonb_array_length(p_goals) = 0 then
    raise exception using errcode = 'P0001', message = 'import_empty';
  end if;
  if jsonb_array_length(p_goals) > 2000 then
    raise exception using errcode = 'P0001', message = 'import_too_large';
  end if;

  -- A code twice in one file is ambiguous (which title?): refuse at its second row.
  select t.i into v_row
  from (select x.i, row_number() over (partition by x.g ->> 'code' order by x.i) as n
        from jsonb_array_elements(p_goals) with ordinality x (g, i)) t
  where t.n > 1
  order by t.i
  limit 1;
  if found then
    raise exception using errcode = 'P0001', message = 'duplicate_code:' || v_row;
  end if;
  v_row := 0;

  -- Serialise imports of one edition (two admins importing at once get one after the other).
  perform pg_advisory_xact_lock(hashtext('import_ledger'), p_edition);

  insert into public.ledger_editions (year, title_zh, title_en, source)
  values (p_edition, p_edition || ' 年儿童友好城市建设工作台账', 'Child-friendly city work ledger ' || p_edition,
          'Imported by an admin from ' || v_file || ' on ' || to_char(now() at time zone 'Asia/Shanghai', 'YYYY-MM-DD'))
  on conflict (year) do nothing;

  if p_declared is not null then
    if jsonb_typeof(p_declared) <> 'object' then
      raise exception using errcode = 'P0001', message = 'invalid_declared';
    end if;
    for v_declared_category, v_declared_count in select * from jsonb_each(p_declared) loop
      if v_declared_category not in ('policy', 'service', 'rights', 'space', 'environment')
         or jsonb_typeof(v_declared_count) <> 'number'
         or (v_declared_count #>> '{}')::numeric <> floor((v_declared_count #>> '{}')::numeric)
         or (v_declared_count #>> '{}')::numeric not between 0 and 10000 then
        raise exception using errcode = 'P0001', message = 'invalid_declared';
      end if;
      insert into public.ledger_category_targets (edition, category, declared_count)
      values (p_edition, v_declared_category::public.ledger_category, (v_declared_count #>> '{}')::integer)
      on conflict (edition, category) do update set declared_count = excluded.declared_count;
    end loop;
  end if;

  for v_goal in select value from jsonb_array_elements(p_goals) loop
    v_row := v_row + 1;
    v_code := v_goal ->> 'code';
    if v_code is null or v_code !~ '^[A-Z]{3}-[0-9]{2,3}$' then
      raise exception using errcode = 'P0001', message = 'invalid_goal:' || v_row || ':code';
    end if;
    if coalesce(v_goal ->> 'category', '') not in ('policy', 'service', 'rights', 'space', 'environment') then
      raise exception using errcode = 'P0001', message = 'invalid_goal:' || v_row || ':category';
    end if;
    v_category := (v_goal ->> 'category')::public.ledger_category;
    v_title_zh := btrim(coalesce(v_goal ->> 'title_zh', ''));
    v_title_en := btrim(coalesce(v_goal ->> 'title_en', ''));
    if char_length(v_title_zh) not between 1 and 1000 then
      raise exception using errcode = 'P0001', message = 'invalid_goal:' || v_row || ':title_zh';
    end if;
    if char_length(v_title_en) not between 1 and 1000 then
      raise exception using errcode = 'P0001', message = 'invalid_goal:' || v_row || ':title_en';
    end if;
    if v_goal ? 'departments' and (jsonb_typeof(v_goal -> 'departments') <> 'array'
        or jsonb_array_length(v_goal -> 'departments') > 20
        or exists (select 1 from jsonb_array_elements(v_goal -> 'departments') x
                   where jsonb_typeof(x) <> 'string' or char_length(btrim(x #>> '{}')) not between 1 and 200)) then
      raise exception using errcode = 'P0001', message = 'invalid_goal:' || v_row || ':departments';
    end if;

    select * into v_existing from public.ledger_goals g where g.edition = p_edition and g.code = v_code for update;
    if not found then
      insert into public.ledger_goals (edition, category, code, title_zh, title_en)
      values (p_edition, v_category, v_code, v_title_zh, v_title_en)
      returning id into v_goal_id;
      v_created := v_created + 1;
    else
      v_goal_id := v_existing.id;
      if (v_existing.category, v_existing.title_zh, v_existing.title_en) is distinct from (v_category, v_title_zh, v_title_en) then
        update public.ledger_goals g
        set category = v_category, title_zh = v_title_zh, title_en = v_title_en
        where g.id = v_goal_id;
        v_updated := v_updated + 1;
      else
        v_unchanged := v_unchanged + 1;
      end if;
    end if;

    if v_goal ? 'departments' then
      delete from public.ledger_goal_departments gd where gd.goal_id = v_goal_id;
      for v_dept in select distinct btrim(x #>> '{}') from jsonb_array_elements(v_goal -> 'departments') x loop
        insert into public.departments (name_zh) values (v_dept) on conflict (name_zh) do nothing;
        insert into public.ledger_goal_departments (goal_id, department_id)
        select v_goal_id, d.id from public.departments d where d.name_zh = v_dept
        on conflict do nothing;
      end loop;
    end if;
  end loop;

  delete from public.ledger_import_drafts d where d.id = p_draft_id;
  return jsonb_build_object('created', v_created, 'updated', v_updated, 'unchanged', v_unchanged,
    'kept', (select count(*) from public.ledger_goals g where g.edition = p_edition) - v_created - v_updated - v_unchanged);
end;
$$;

comment on function public.import_ledger(uuid, smallint, jsonb, jsonb) is
$$An admin imports the goals of one ledger edition from a draft they saved, all or nothing.
Inputs: p_draft_id (the caller's draft; removed on success); p_edition (year; created when new,
titled after the year, its source naming the file); p_goals: array (1..2000) of
{code: 'ABC-01' (^[A-Z]{3}-[0-9]{2,3}$), category: policy|service|rights|space|environment,
title_zh, title_en (1..1000 characters after trimming), departments?: [name_zh, …] (≤ 20, each
1..200)}; p_declared: optional {category: declared goal count (0..10000)}.
Effect: goals upserted by (edition, code): new ones created, changed titles or category updated
(the goal keeps its id, so answers stay linked); goals of the edition missing from the file kept.
When a goal gives departments, its departments are replaced by them (new department names
created). Returns {created, updated, unchanged, kept}.
Errors: 42501 not_allowed; PT404 not_found; P0001 invalid_edition, import_empty,
import_too_large, invalid_goal:<row>:<field>, duplicate_code:<row>, invalid_declared.$$;

revoke execute on function public.save_ledger_import_draft(smallint, text, jsonb, jsonb) from public, anon, service_role;
revoke execute on function public.import_ledger(uuid, smallint, jsonb, jsonb) from public, anon, service_role;
grant execute on function public.save_ledger_import_draft(smallint, text, jsonb, jsonb) to authenticated;
grant execute on function public.import_ledger(uuid, smallint, jsonb, jsonb) to authenticated;
