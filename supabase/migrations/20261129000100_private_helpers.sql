-- ============================================================================
-- Private helpers
-- ============================================================================
-- Schema `private` is never exposed through the Data API (config.toml exposes only
-- `public`). It holds the helpers that RLS policies and the rpc functions call.
-- Nobody gets anything here by default; each later migration grants `usage` on the
-- schema and `execute` on the precise helpers its policies call.
-- Every function: `set search_path = ''` and fully-qualified names.

create schema if not exists private;

revoke all on schema private from public;
revoke all on schema private from anon, authenticated;
-- Functions are executable by PUBLIC by default (and a per-schema default-privilege
-- revoke cannot undo that), so every migration that adds functions here ends with
-- `revoke execute on all functions in schema private from public`.

-- ============================================================================
-- Text input: trimming, blank detection, length caps
-- ============================================================================
-- The app enforces grapheme limits and friendly messages; these are the backstop.
-- Text is stored exactly as typed apart from trimming: markup such as `<script>` is
-- kept as text (the app escapes on output).

-- Two classes, for two jobs:
--   invisible_class()  decides "blank": text is missing when nothing remains after removing
--                      ALL of these anywhere in it. Broad on purpose: it includes the parts of
--                      emoji that show nothing on their own (variation selectors, tag characters).
--   edge_space_class() is what trimming removes at both ends: whitespace and the space-like
--                      invisibles only, exactly the app's class (src/lib/text.ts), so that the
--                      end of `我们喜欢公园❤️` (U+2764 U+FE0F) or of the England flag (U+1F3F4 +
--                      tag characters) is never cut off.

-- Characters that render as nothing: ASCII whitespace and controls, no-break and
-- typographic spaces, zero-width characters and joiners, bidi marks, word joiner and
-- invisible operators, ideographic space, Hangul fillers, variation selectors,
-- byte-order mark, tag characters.
create or replace function private.invisible_class()
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select '[\s\u0001-\u001F\u007F-\u00A0\u00AD\u034F\u061C\u115F\u1160\u1680\u17B4\u17B5\u180B-\u180F'
      || '\u2000-\u200F\u2028-\u202F\u205F-\u206F\u2800\u3000\u3164\uFE00-\uFE0F\uFEFF\uFFA0'
      || '\U000E0000-\U000E007F]'
$$;

comment on function private.invisible_class() is
  'Regular-expression bracket class of whitespace and every invisible character (zero-width, bidi marks, U+3000, U+FEFF, variation selectors, tag characters, ...): text made only of these is blank. Never used for trimming.';

-- What trimming removes at the ends: JavaScript's `\s` (Unicode White_Space as ECMAScript defines
-- it: U+0009–U+000D, U+0020, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F,
-- U+3000, U+FEFF; not U+0085) plus U+180E, U+200B–U+200D, U+2060 — the class the app trims with.
-- Spelled out instead of `\s`, whose meaning in Postgres depends on the database's locale.
create or replace function private.edge_space_class()
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select '[\u0009-\u000D\u0020\u00A0\u1680\u180E\u2000-\u200D\u2028\u2029\u202F\u205F\u2060\u3000\uFEFF]'
$$;

comment on function private.edge_space_class() is
  'Regular-expression bracket class that clean_text trims at both ends: JavaScript \s plus U+180E, U+200B–U+200D, U+2060 (the app''s class). No variation selectors or tag characters: they belong to emoji.';

-- Trim whitespace and space-like invisibles at both ends; null when nothing visible is left.
create or replace function private.clean_text(p_value text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select case
    when p_value is null then null
    when pg_catalog.regexp_replace(p_value, private.invisible_class(), '', 'g') = '' then null
    else pg_catalog.regexp_replace(
           pg_catalog.regexp_replace(p_value, '^' || private.edge_space_class() || '+', ''),
           private.edge_space_class() || '+$', '')
  end
$$;

comment on function private.clean_text(text) is
  'Input text trimmed at both ends of edge_space_class() (whitespace, zero-width spaces and joiners, U+FEFF, U+3000); null when it is blank: nothing left once every invisible_class() character is removed.';

-- Clean one input field: returns the trimmed text (or null when optional and blank).
-- Raises P0001 `field_required:<field>` / `field_too_long:<field>` (length in code points).
create or replace function private.input_text(
  p_value text,
  p_field text,
  p_max_length integer,
  p_required boolean default true
)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_text text := private.clean_text(p_value);
begin
  if v_text is null then
    if p_required then
      raise exception using errcode = 'P0001', message = 'field_required:' || p_field;
    end if;
    return null;
  end if;
  if pg_catalog.char_length(v_text) > p_max_length then
    raise exception using errcode = 'P0001', message = 'field_too_long:' || p_field;
  end if;
  return v_text;
end;
$$;

comment on function private.input_text(text, text, integer, boolean) is
  'Trimmed input or null (optional and blank). Errors: P0001 field_required:<field>, field_too_long:<field> (code points).';

-- ============================================================================
-- Timestamps
-- ============================================================================
create or replace function private.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end;
$$;

comment on function private.set_updated_at() is 'Trigger: keeps updated_at current on update.';

revoke execute on all functions in schema private from public;
