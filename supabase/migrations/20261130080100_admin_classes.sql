-- ============================================================================
-- Classes for the city's admins: schools with their classes and children, in pages
-- ============================================================================
-- What a city admin needs for class setup: to see every school's classes (how many, how many
-- children) and open a class's overview (class_overview and class_children already admit admins),
-- to set up a class for a school (create_class admits admins; the admin does not become its
-- teacher) and give it a teacher of the school (add_class_teacher admits admins). Admins do not
-- add children or print cards: the class's teacher does, as the cards' secret words must travel
-- only to the person who hands them out.
--
-- A city has about a thousand schools: admin_schools reads one page of them (20), each with its
-- counts from the classes of that school only (index on classes.school_id, class_students'
-- primary key), so a page costs the same whatever the city's size.
--
-- Errors: 42501 not_allowed | PT404 not_found

create or replace function public.admin_schools(p_district_id uuid default null, p_limit integer default 20, p_offset integer default 0)
returns table (
  id uuid, name_zh text, name_en text, district_id uuid, district_name_zh text, district_name_en text,
  classes integer, archived_classes integer, children integer, total bigint
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  return query
    with page as (
      select sc.id, sc.name_zh, sc.name_en, sc.district_id, count(*) over () as total
      from public.schools sc
      where p_district_id is null or sc.district_id = p_district_id
      order by sc.name_zh, sc.id
      limit least(greatest(coalesce(p_limit, 20), 1), 100)
      offset greatest(coalesce(p_offset, 0), 0)
    )
    select p.id, p.name_zh, p.name_en, p.district_id, d.name_zh, d.name_en,
      (select count(*)::integer from public.classes c where c.school_id = p.id and c.archived_at is null),
      (select count(*)::integer from public.classes c where c.school_id = p.id and c.archived_at is not null),
      (select count(*)::integer from public.classes c join public.class_students cs on cs.class_id = c.id
        where c.school_id = p.id and c.archived_at is null),
      p.total
    from page p
    join public.districts d on d.id = p.district_id
    order by p.name_zh, p.id;
end;
$$;

comment on function public.admin_schools(uuid, integer, integer) is
$$One page of the city's schools for admins, with their classes and children.
Inputs: p_district_id (null: every district); p_limit (1–100, default 20); p_offset (≥ 0).
Result: rows (id, name_zh, name_en, district_id, district_name_zh, district_name_en, classes (active),
archived_classes, children (in active classes), total: schools under the filter), by Chinese name.
Effect: none (reads). Errors: 42501 not_allowed (not an admin).$$;

create or replace function public.admin_school_classes(p_school_id uuid)
returns table (
  id uuid, name text, code text, grade smallint, age_band public.age_band, school_year smallint,
  archived_at timestamptz, children integer, teachers integer
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if not exists (select 1 from public.schools sc where sc.id = p_school_id) then
    raise exception using errcode = 'PT404', message = 'not_found';
  end if;
  return query
    select c.id, c.name, c.code, c.grade, c.age_band, c.school_year, c.archived_at,
      (select count(*)::integer from public.class_students cs where cs.class_id = c.id),
      (select count(*)::integer from public.class_teachers ct where ct.class_id = c.id)
    from public.classes c
    where c.school_id = p_school_id
    order by c.archived_at is not null, c.school_year desc, c.grade, c.name, c.id
    limit 500;
end;
$$;

comment on function public.admin_school_classes(uuid) is
$$A school's classes for admins: active first, newest school year first, with children and teachers.
Inputs: p_school_id. Result: rows (id, name, code, grade, age_band, school_year, archived_at,
children, teachers), at most 500 (a school has dozens).
Effect: none (reads). Errors: 42501 not_allowed (not an admin); PT404 not_found.$$;

revoke execute on function public.admin_schools(uuid, integer, integer), public.admin_school_classes(uuid)
  from public, anon, authenticated, service_role;
grant execute on function public.admin_schools(uuid, integer, integer), public.admin_school_classes(uuid) to authenticated;

notify pgrst, 'reload schema';
