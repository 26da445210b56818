-- ============================================================================
-- Reply templates per decision, that staff edit (issue 11 §3)
-- ============================================================================
-- Each staff member keeps one template per decision; without one, the answer form offers the
-- app's default wording (messages routing_template_<decision>). A template is text only: the answer
-- form puts it into the reply, where it is edited and previewed like anything typed.
--
-- Errors: 42501 not_allowed | P0001 field_required:decision, field_too_long:body.

create table public.reply_templates (
  staff_id uuid not null references public.profiles (id) on delete cascade,
  decision public.answer_decision not null,
  body text not null check (char_length(body) between 1 and 2000),
  updated_at timestamptz not null default now(),
  primary key (staff_id, decision)
);

comment on table public.reply_templates is 'A staff member''s own reply template per decision (none: the app''s default).';

alter table public.reply_templates enable row level security;

create policy "Staff can read their own reply templates"
  on public.reply_templates for select to authenticated
  using (staff_id = (select auth.uid()));

revoke all on public.reply_templates from anon, authenticated;
grant select on public.reply_templates to authenticated;

create or replace function public.save_reply_template(p_decision public.answer_decision, p_body text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_body text;
begin
  if v_uid is null or private.current_app_role() is distinct from 'staff' then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if p_decision is null then
    raise exception using errcode = 'P0001', message = 'field_required:decision';
  end if;
  v_body := private.input_text(p_body, 'body', 2000, false);
  if v_body is null then
    delete from public.reply_templates where staff_id = v_uid and decision = p_decision;
  else
    insert into public.reply_templates (staff_id, decision, body) values (v_uid, p_decision, v_body)
    on conflict (staff_id, decision) do update set body = excluded.body, updated_at = now();
  end if;
end;
$$;

comment on function public.save_reply_template(public.answer_decision, text) is
$$A staff member saves their reply template for a decision.
Inputs: p_decision; p_body (≤ 2000; blank: back to the app's default).
Effect: the caller's reply_templates row written, or removed when blank.
Errors: 42501 not_allowed (not staff); P0001 field_required:decision, field_too_long:body.$$;

revoke execute on function public.save_reply_template(public.answer_decision, text) from public, anon, service_role;
grant execute on function public.save_reply_template(public.answer_decision, text) to authenticated;

notify pgrst, 'reload schema';
