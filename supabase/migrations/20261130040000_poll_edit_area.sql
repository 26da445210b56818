-- ============================================================================
-- Polls: editing from the pages (issue 8): the scope and area of a poll may change too
-- ============================================================================
-- update_poll gains p_scope and p_area_id (default null: the area stays as it is), so the edit
-- page changes everything of a draft or scheduled poll in one call at the version the editor saw.
-- The area follows the options: it may change only until the first ballot (a ballot was cast by
-- a child of the old area), and only to an area the caller may create polls in (poll_area). A
-- poll already published may not be given a closing time in the past (closing it is
-- close_poll_early's job); a draft may, as create_poll allows, so a draft whose window has passed
-- is fixed by giving it new times, then published.
drop function public.update_poll(uuid, integer, text, text, text, text, public.poll_kind, integer, jsonb, public.age_band[], timestamptz, timestamptz, boolean, integer, uuid[]);

create function public.update_poll(
  p_poll_id uuid,
  p_version integer,
  p_question_zh text,
  p_question_en text,
  p_explanation_zh text,
  p_explanation_en text,
  p_kind public.poll_kind,
  p_max_choices integer,
  p_options jsonb,
  p_age_bands public.age_band[],
  p_opens_at timestamptz,
  p_closes_at timestamptz,
  p_results_live boolean default false,
  p_min_cell_size integer default 5,
  p_goal_ids uuid[] default null,
  p_scope public.poll_scope default null,
  p_area_id uuid default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_poll public.polls;
  v_state text;
  v_same_options boolean;
  v_voted boolean;
  v_move boolean;
  v_area record;
begin
  v_poll := private.lock_poll_for_owner(p_poll_id, p_version);
  v_state := private.poll_state(v_poll.published_at, v_poll.opens_at, v_poll.closes_at, v_poll.closed_early_at, now());
  if v_state = 'closed' then
    raise exception using errcode = 'P0001', message = 'invalid_state';
  end if;
  perform private.check_poll_fields(p_question_zh, p_kind, p_max_choices, p_options, p_age_bands,
    p_opens_at, p_closes_at, p_min_cell_size, p_goal_ids);
  if v_poll.published_at is not null and p_closes_at <= now() then
    raise exception using errcode = 'P0001', message = 'field_invalid:closes_at';
  end if;
  -- Null scope: the area stays. The same area is not checked again (a teacher who no longer
  -- teaches the class may still fix the texts of their poll).
  v_move := p_scope is not null
    and (p_scope <> v_poll.scope or (p_scope <> 'city' and p_area_id is distinct from v_poll.area_id));
  v_voted := exists (select 1 from private.poll_turnout t where t.poll_id = v_poll.id);
  if v_voted then
    -- After the first ballot only the texts around the options and the closing time may change.
    select coalesce(jsonb_agg(jsonb_build_object('label', o.label, 'label_en', o.label_en) order by o.position), '[]')
           = (select coalesce(jsonb_agg(jsonb_build_object('label', private.clean_text(e ->> 'label'),
                'label_en', private.clean_text(e ->> 'label_en')) order by ord), '[]')
              from jsonb_array_elements(p_options) with ordinality x (e, ord))
      into v_same_options
      from public.poll_options o where o.poll_id = v_poll.id;
    if v_move or not v_same_options or p_kind <> v_poll.kind or p_max_choices <> v_poll.max_choices
       or p_opens_at <> v_poll.opens_at or p_min_cell_size <> v_poll.min_cell_size
       or (select array_agg(distinct b order by b) from unnest(p_age_bands) b) <> v_poll.age_bands then
      raise exception using errcode = 'P0001', message = 'options_frozen';
    end if;
  end if;
  if v_move then
    select * into v_area from private.poll_area(p_scope, p_area_id);
    update public.polls set
      scope = p_scope,
      class_id = v_area.class_id,
      school_id = v_area.school_id,
      community_id = v_area.community_id,
      district_id = v_area.district_id
    where id = v_poll.id;
  end if;
  update public.polls set
    question_zh = private.clean_text(p_question_zh),
    question_en = private.input_text(p_question_en, 'question_en', 1000, false),
    explanation_zh = private.input_text(p_explanation_zh, 'explanation_zh', 4000, false),
    explanation_en = private.input_text(p_explanation_en, 'explanation_en', 4000, false),
    kind = p_kind,
    max_choices = p_max_choices,
    age_bands = (select array_agg(distinct b order by b) from unnest(p_age_bands) b),
    opens_at = p_opens_at,
    closes_at = p_closes_at,
    results_live = coalesce(p_results_live, false),
    min_cell_size = p_min_cell_size,
    version = version + 1
  where id = v_poll.id;
  if not v_voted then
    perform private.set_poll_options_and_goals(v_poll.id, p_options, p_goal_ids);
  else
    delete from public.poll_goals g where g.poll_id = v_poll.id;
    insert into public.poll_goals (poll_id, goal_id)
    select distinct v_poll.id, g.id from unnest(coalesce(p_goal_ids, '{}')) g (id);
  end if;
end;
$$;

comment on function public.update_poll(uuid, integer, text, text, text, text, public.poll_kind, integer, jsonb, public.age_band[], timestamptz, timestamptz, boolean, integer, uuid[], public.poll_scope, uuid) is
$$Changes a poll that is not closed (a draft, scheduled, or open), at the version its editor saw;
the fields as for create_poll. p_scope / p_area_id: the new area (null scope: unchanged; an
unchanged area is not checked again), one the caller may create polls in, as for create_poll.
Once a ballot is cast the area, options, kind, choice limit, opening time, age bands and minimum
cell size are frozen: only the texts, the closing time, live results and the goals may change.
A published poll's closing time must be in the future; a draft's may be past (fix it, then
schedule_poll).
Effect: the poll's fields (and area), options and goals replaced; version + 1.
Errors: 42501 not_allowed (not its creator or an admin, or an area not theirs); PT404 not_found;
PT409 stale_version; P0001 invalid_state (closed), options_frozen, field_invalid:closes_at (a
published poll closing in the past), and create_poll's field errors.$$;

revoke execute on function public.update_poll(uuid, integer, text, text, text, text, public.poll_kind, integer, jsonb, public.age_band[], timestamptz, timestamptz, boolean, integer, uuid[], public.poll_scope, uuid)
  from public, anon, service_role;
grant execute on function public.update_poll(uuid, integer, text, text, text, text, public.poll_kind, integer, jsonb, public.age_band[], timestamptz, timestamptz, boolean, integer, uuid[], public.poll_scope, uuid)
  to authenticated;
