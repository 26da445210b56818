-- ============================================================================
-- Ledger: the city's annual work ledger (工作台账) of the child-friendly city plan
-- ============================================================================
-- Public data: anyone (anon included) reads it. The product always shows the number of
-- goals declared per category against the number known (imported), and never invents
-- goals to fill the gap. The 2023 edition is seeded by supabase/seed.sql.

-- ============================================================================
-- Types
-- ============================================================================
create type public.ledger_category as enum ('policy', 'service', 'rights', 'space', 'environment');

-- ============================================================================
-- Tables
-- ============================================================================
create table public.ledger_editions (
  year smallint primary key check (year between 2000 and 2100),
  title_zh text not null check (char_length(title_zh) between 1 and 300),
  title_en text not null check (char_length(title_en) between 1 and 300),
  source text not null check (char_length(source) between 1 and 2000)
);

comment on table public.ledger_editions is 'One edition of the work ledger per year, with where its data comes from.';

create table public.ledger_category_targets (
  edition smallint not null references public.ledger_editions (year),
  category public.ledger_category not null,
  declared_count integer not null check (declared_count >= 0),
  primary key (edition, category)
);

comment on table public.ledger_category_targets is 'Number of goals the edition declares per category.';

create table public.ledger_goals (
  id uuid primary key default gen_random_uuid(),
  edition smallint not null references public.ledger_editions (year),
  category public.ledger_category not null,
  code text not null check (code ~ '^[A-Z]{3}-[0-9]{2,3}$'),
  title_zh text not null check (char_length(title_zh) between 1 and 1000),
  title_en text not null check (char_length(title_en) between 1 and 1000),
  unique (edition, code)
);

create index ledger_goals_edition_category_idx on public.ledger_goals (edition, category);

comment on table public.ledger_goals is 'The known goals of an edition (code is our stable id, e.g. SPC-06).';

-- ============================================================================
-- Views
-- ============================================================================
-- Declared against known per category, for every category of every edition (also the
-- categories that have no known goal, or no declared count yet: declared_count null).
create view public.ledger_category_summary
with (security_invoker = true)
as
select
  e.year as edition,
  c.category,
  t.declared_count,
  (select count(*) from public.ledger_goals g where g.edition = e.year and g.category = c.category)::integer
    as known_count
from public.ledger_editions e
cross join unnest(enum_range(null::public.ledger_category)) as c (category)
left join public.ledger_category_targets t on t.edition = e.year and t.category = c.category;

comment on view public.ledger_category_summary is
  'Per edition and category: declared_count (null if not declared) and known_count (goals in ledger_goals).';

-- ============================================================================
-- Row level security
-- ============================================================================
alter table public.ledger_editions enable row level security;
alter table public.ledger_category_targets enable row level security;
alter table public.ledger_goals enable row level security;

create policy "Anyone can read ledger editions"
  on public.ledger_editions for select to anon, authenticated
  using (true);

create policy "Anyone can read declared goal counts"
  on public.ledger_category_targets for select to anon, authenticated
  using (true);

create policy "Anyone can read ledger goals"
  on public.ledger_goals for select to anon, authenticated
  using (true);

-- ============================================================================
-- Grants
-- ============================================================================
revoke insert, update, delete, truncate, references, trigger
  on public.ledger_editions, public.ledger_category_targets, public.ledger_goals,
     public.ledger_category_summary
  from anon, authenticated;
grant select
  on public.ledger_editions, public.ledger_category_targets, public.ledger_goals,
     public.ledger_category_summary
  to anon, authenticated;
