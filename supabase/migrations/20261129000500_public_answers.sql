-- ============================================================================
-- Public answers: "You said, we did"
-- ============================================================================
-- When staff answer a proposal, answer_submission also writes a public copy: the title,
-- the decision and reply, the district's name, when, and the ledger goals. It holds no
-- author, class or school: no child identity by construction. Anyone (anon included)
-- reads it.

-- ============================================================================
-- Tables
-- ============================================================================
create table public.published_answers (
  submission_id uuid primary key references public.submissions (id) on delete cascade,
  edition smallint not null references public.ledger_editions (year),
  title text not null check (char_length(title) between 1 and 1000),
  decision public.answer_decision not null,
  reply text not null check (char_length(reply) between 1 and 20000),
  district_name_zh text not null,
  district_name_en text not null,
  answered_at timestamptz not null
);

create index published_answers_answered_at_idx on public.published_answers (answered_at desc);

comment on table public.published_answers is
  'Public copy of an answered proposal. No author, class or school: never add them.';
comment on column public.published_answers.edition is 'Ledger edition of the answer''s goals (the latest if they span editions).';

create table public.published_answer_goals (
  submission_id uuid not null references public.published_answers (submission_id) on delete cascade,
  goal_id uuid not null references public.ledger_goals (id),
  primary key (submission_id, goal_id)
);

create index published_answer_goals_goal_id_idx on public.published_answer_goals (goal_id);

comment on table public.published_answer_goals is 'The ledger goals of a published answer.';

-- ============================================================================
-- Views
-- ============================================================================
create view public.public_goal_answers
with (security_invoker = true)
as
select
  pg.goal_id,
  g.edition,
  g.code,
  pa.submission_id,
  pa.title,
  pa.decision,
  pa.reply,
  pa.district_name_zh,
  pa.district_name_en,
  pa.answered_at
from public.published_answer_goals pg
join public.published_answers pa on pa.submission_id = pg.submission_id
join public.ledger_goals g on g.id = pg.goal_id;

comment on view public.public_goal_answers is 'Published answers per ledger goal (one row per answer and goal).';

-- ============================================================================
-- Row level security
-- ============================================================================
alter table public.published_answers enable row level security;
alter table public.published_answer_goals enable row level security;

create policy "Anyone can read published answers"
  on public.published_answers for select to anon, authenticated
  using (true);

create policy "Anyone can read the goals of published answers"
  on public.published_answer_goals for select to anon, authenticated
  using (true);

-- ============================================================================
-- Functions (rpc)
-- ============================================================================
create or replace function public.answer_submission(
  p_submission_id uuid,
  p_decision public.answer_decision,
  p_reply text,
  p_goal_ids uuid[]
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_sub public.submissions;
  v_district public.districts;
  v_reply text;
  v_goal_ids uuid[];
  v_edition smallint;
  v_answer_id uuid;
  v_now timestamptz := now();
begin
  if v_uid is null or private.current_app_role() is distinct from 'staff' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select s.* into v_sub from public.submissions s where s.id = p_submission_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  select d.* into v_district
  from public.classes c
  join public.schools sc on sc.id = c.school_id
  join public.districts d on d.id = sc.district_id
  where c.id = v_sub.class_id;
  if not private.is_staff_of_district(v_district.id) then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if v_sub.state <> 'approved' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;

  if p_decision is null then
    raise exception using errcode = 'P0001', message = 'field_required:decision';
  end if;
  v_reply := private.input_text(p_reply, 'reply', 20000);

  select coalesce(array_agg(distinct x.id), '{}') into v_goal_ids
  from unnest(p_goal_ids) as x (id)
  where x.id is not null;
  if cardinality(v_goal_ids) = 0 then
    raise exception using errcode = 'P0001', message = 'goal_required';
  end if;
  if (select count(*) from public.ledger_goals g where g.id = any (v_goal_ids)) <> cardinality(v_goal_ids) then
    raise exception using errcode = 'P0001', message = 'goal_unknown';
  end if;
  select max(g.edition) into v_edition from public.ledger_goals g where g.id = any (v_goal_ids);

  insert into public.answers (submission_id, staff_id, decision, reply, created_at)
  values (v_sub.id, v_uid, p_decision, v_reply, v_now)
  returning id into v_answer_id;

  insert into public.answer_goals (answer_id, goal_id)
  select v_answer_id, g from unnest(v_goal_ids) as g;

  update public.submissions set state = 'answered' where id = v_sub.id;

  insert into public.submission_events (submission_id, actor_id, from_state, to_state)
  values (v_sub.id, v_uid, 'approved', 'answered');

  insert into public.published_answers
    (submission_id, edition, title, decision, reply, district_name_zh, district_name_en, answered_at)
  values
    (v_sub.id, v_edition, v_sub.title, p_decision, v_reply, v_district.name_zh, v_district.name_en, v_now);

  insert into public.published_answer_goals (submission_id, goal_id)
  select v_sub.id, g from unnest(v_goal_ids) as g;

  insert into public.notifications (recipient_id, submission_id, kind)
  values (v_sub.author_id, v_sub.id, 'answered');

  return v_answer_id;
end;
$$;

comment on function public.answer_submission(uuid, public.answer_decision, text, uuid[]) is
$$Staff of the submission's district answer a forwarded (approved) proposal.
Inputs: p_submission_id; p_decision (answer_decision); p_reply required (≤ 20000, blank or only
invisible characters = missing); p_goal_ids: at least one ledger goal id (duplicates and nulls ignored).
Effect: approved → answered; answers + answer_goals rows; event approved → answered; the public
copy in published_answers + published_answer_goals (title, decision, reply, district names,
answered_at, edition; no author, class or school); notification `answered` to the author.
Returns the answer id.
Errors: 42501 not_allowed (not staff of its district); PT404 not_found; P0001 invalid_state
(not approved), field_required:decision, field_required:reply, field_too_long:reply,
goal_required, goal_unknown.$$;

-- ============================================================================
-- Grants
-- ============================================================================
revoke insert, update, delete, truncate, references, trigger
  on public.published_answers, public.published_answer_goals, public.public_goal_answers
  from anon, authenticated;
grant select
  on public.published_answers, public.published_answer_goals, public.public_goal_answers
  to anon, authenticated;

revoke execute on function public.answer_submission(uuid, public.answer_decision, text, uuid[])
  from public, anon, service_role;
grant execute on function public.answer_submission(uuid, public.answer_decision, text, uuid[])
  to authenticated;

revoke execute on all functions in schema private from public;
