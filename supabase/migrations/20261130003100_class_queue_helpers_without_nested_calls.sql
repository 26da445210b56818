-- ============================================================================
-- The class queue's per-row helpers without nested helper calls
-- ============================================================================
-- Since 20261130001100 the child's original words are not selectable through the Data API, so
-- class_queue reads the title (private.original_text) and the nickname
-- (private.author_display_name) through security-definer helpers, once per row shown (Postgres
-- computes these costly columns after the sort and the limit, so a page of 20 makes 20 calls of
-- each). Each call ran two more helpers (my_taught_class_ids() or teaches_class(), is_admin()), so
-- a full page cost about 0.45 ms a row at 10^6 submissions (BENCHMARKS.md "City scale"). The same
-- rules are now written as one query each: the author; or, never while escalated for the text, a
-- teacher of the class or an admin.

create or replace function private.original_text(p_submission_id uuid, p_field text)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case p_field
    when 'title' then s.title
    when 'problem' then s.problem
    when 'suggestions' then s.suggestions
    when 'who_should_act' then s.who_should_act
  end
  from public.submissions s
  where s.id = p_submission_id
    and (
      s.author_id = (select auth.uid())
      or (s.state <> 'escalated' and exists (
        select 1 from public.profiles me
        where me.id = (select auth.uid())
          and (me.role = 'admin'
               or (me.role = 'teacher'
                   and exists (select 1 from public.class_teachers ct where ct.class_id = s.class_id and ct.teacher_id = me.id)))
      ))
    )
$$;

create or replace function private.author_display_name(p_submission_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select p.display_name
  from public.submissions s
  join public.profiles p on p.id = s.author_id
  where s.id = p_submission_id
    and (
      s.author_id = (select auth.uid())
      or exists (
        select 1 from public.profiles me
        where me.id = (select auth.uid())
          and (me.role = 'admin'
               or (me.role = 'teacher'
                   and exists (select 1 from public.class_teachers ct where ct.class_id = s.class_id and ct.teacher_id = me.id)))
      )
    )
$$;
