-- ============================================================================
-- Seed: the 2023 ledger (product data) and a demo school (demo accounts)
-- ============================================================================
-- Runs after the migrations on a fresh database (`supabase db reset`, `npm test`,
-- first `npm run dev`). Fixed uuids, `on conflict do nothing`: running it again
-- changes nothing. Works unchanged on a real Supabase project: passwords are hashed
-- with extensions.crypt (bcrypt) and the auth rows have the shape Supabase Auth reads.

-- ============================================================================
-- Ledger 2023
-- ============================================================================
-- Source: /work/shared/data/ledger-2023.csv and its README (a city newspaper report
-- on the 2023 work ledger of the "Child Friendly City Construction Implementation
-- Plan"). Declared counts per category from the report (137 in all); the 28 goals
-- the report names, copied exactly (code, category, title_en, title_zh). The rest of
-- the ledger comes with the importer; never invent goals here to fill the gap.

insert into public.ledger_editions (year, title_zh, title_en, source)
values (
  2023,
  '2023年儿童友好城市建设实施方案工作台账',
  '2023 work ledger of the Child Friendly City Construction Implementation Plan',
  'A city newspaper report on the 2023 work ledger of the "Child Friendly City Construction Implementation Plan", '
  || 'compiled by the municipal development and reform commission and the municipal working committee on women and '
  || 'children with 36 responsible departments. The report names 28 of the 137 goals in outline; title_zh is a '
  || 'working translation of the English text until the official ledger is imported.'
)
on conflict do nothing;

insert into public.ledger_category_targets (edition, category, declared_count)
values
  (2023, 'policy', 14),
  (2023, 'service', 42),
  (2023, 'rights', 15),
  (2023, 'space', 26),
  (2023, 'environment', 40)
on conflict do nothing;

insert into public.ledger_goals (id, edition, category, code, title_zh, title_en)
values
  ('e2023000-0000-4000-8000-000000000001', 2023, 'policy', 'POL-01',
   '儿童议事协商：开展"街巷小管家""模拟政协提案"等活动，引导儿童参与基层社会治理和社会公共事务',
   'Children''s consultation and deliberation: "street housekeeper" activities and "mock CPPCC proposals" that bring children into grassroots governance and public affairs'),
  ('e2023000-0000-4000-8000-000000000002', 2023, 'policy', 'POL-02',
   '推进巾帼志愿"阳光站"和未成年人保护工作站建设，发展"一老一小"志愿服务和专业服务',
   'Women volunteers'' "sunshine stations" and juvenile protection stations; volunteer and professional services for "the old and the young"'),
  ('e2023000-0000-4000-8000-000000000003', 2023, 'service', 'SRV-01',
   '普惠托育：创建55家托育示范机构，支持有条件的幼儿园招收2至3岁幼儿',
   'Inclusive childcare: 55 demonstration childcare institutions; kindergartens that can take 2- to 3-year-olds'),
  ('e2023000-0000-4000-8000-000000000004', 2023, 'service', 'SRV-02',
   '基础教育：推进西城、房山、顺义、密云等区中小学建设项目，新增中小学学位2万个',
   'Basic education: primary and secondary school construction projects in Xicheng, Fangshan, Shunyi, Miyun and other districts, 20,000 new school places'),
  ('e2023000-0000-4000-8000-000000000005', 2023, 'service', 'SRV-03',
   '儿童医疗服务：推进第六批紧密型儿科医联体和社区卫生服务中心儿科建设',
   'Children''s medical services: sixth batch of close-knit paediatric medical alliances; paediatrics in community health service centres'),
  ('e2023000-0000-4000-8000-000000000006', 2023, 'service', 'SRV-04',
   '扩大母婴友好医院和儿童健康友好社区建设范围',
   'Mother-and-child-friendly hospitals and children''s health-friendly communities'),
  ('e2023000-0000-4000-8000-000000000007', 2023, 'service', 'SRV-05',
   '儿童公共文化：开展2023年红领巾读书、青少年艺术节、首都图书馆阅读等品牌活动',
   'Public culture for children: 2023 Red Scarf Reading, youth art festival and capital library reading programmes'),
  ('e2023000-0000-4000-8000-000000000008', 2023, 'service', 'SRV-06',
   '儿童体育：全市建设一批足球、篮球等体育健身活动场地，举办青少年体育赛事',
   'Sports for children: football, basketball and other sports and fitness venues across the city; youth sports events'),
  ('e2023000-0000-4000-8000-000000000009', 2023, 'rights', 'RGT-01',
   '困境儿童：建立困境儿童信息台账，持续开展家庭巡视探访',
   'Children in difficulty: information ledger and regular home visits'),
  ('e2023000-0000-4000-8000-000000000010', 2023, 'rights', 'RGT-02',
   '福彩圆梦助学工程',
   'Welfare-lottery "dream fulfilment" education assistance project'),
  ('e2023000-0000-4000-8000-000000000011', 2023, 'rights', 'RGT-03',
   '提高困难家庭重病、残疾儿童基本生活保障水平',
   'Higher basic living guarantee for seriously ill and disabled children from families in difficulty'),
  ('e2023000-0000-4000-8000-000000000012', 2023, 'rights', 'RGT-04',
   '完善残疾儿童康复服务兜底保障制度',
   'Rehabilitation services for children with disabilities: safety-net guarantee system'),
  ('e2023000-0000-4000-8000-000000000013', 2023, 'rights', 'RGT-05',
   '加大0至6岁儿童残疾筛查力度',
   'Disability screening for children aged 0 to 6'),
  ('e2023000-0000-4000-8000-000000000014', 2023, 'rights', 'RGT-06',
   '提升服务精神障碍儿童的能力和水平',
   'Services for children with mental disorders'),
  ('e2023000-0000-4000-8000-000000000015', 2023, 'space', 'SPC-01',
   '建设一批全龄友好公园、口袋公园、休闲公园、城市森林、小微绿地及体育公园儿童活动场地',
   'All-age-friendly parks, pocket parks, leisure parks, urban forests, small green spaces and children''s areas in sports parks'),
  ('e2023000-0000-4000-8000-000000000016', 2023, 'space', 'SPC-02',
   '在自然保护地建设一批自然教育设施和场所',
   'Nature education facilities and sites in nature reserves'),
  ('e2023000-0000-4000-8000-000000000017', 2023, 'space', 'SPC-03',
   '推进绿隔公园儿童友好空间改造',
   'Child-friendly transformation of green-belt parks'),
  ('e2023000-0000-4000-8000-000000000018', 2023, 'space', 'SPC-04',
   '完善儿童安全游乐设施和标识系统',
   'Safe play facilities and signage systems for children'),
  ('e2023000-0000-4000-8000-000000000019', 2023, 'space', 'SPC-05',
   '儿童友好社区：激发妇女之家、儿童之家、家长学校等阵地活力',
   'Child-friendly communities: women''s homes, children''s homes, parents'' schools'),
  ('e2023000-0000-4000-8000-000000000020', 2023, 'space', 'SPC-06',
   '校园周边安全出行：设置行人过街设施，完善过街标线和提示标志',
   'Safe travel near campuses: pedestrian crossings, markings and warning signs'),
  ('e2023000-0000-4000-8000-000000000021', 2023, 'space', 'SPC-07',
   '创建一批示范性安全上学路',
   'Demonstration safe routes to school'),
  ('e2023000-0000-4000-8000-000000000022', 2023, 'environment', 'ENV-01',
   '家庭环境：推进"全程进阶陪伴"家长培训工作体系建设',
   'Family environment: "whole-process accompaniment" parent training system'),
  ('e2023000-0000-4000-8000-000000000023', 2023, 'environment', 'ENV-02',
   '推进全国首个法院家庭教育指导线上平台',
   'First online family-education guidance platform in the courts'),
  ('e2023000-0000-4000-8000-000000000024', 2023, 'environment', 'ENV-03',
   '校园环境：开展2023年"护校安园"专项行动，完善校园周边交通安全设施',
   'Campus environment: 2023 campus-protection special action and traffic safety facilities around campuses'),
  ('e2023000-0000-4000-8000-000000000025', 2023, 'environment', 'ENV-04',
   '开展未成年人保护法律监督，做好校园周边治安和清理整治',
   'Legal supervision of minor protection; public security and clean-up around campuses'),
  ('e2023000-0000-4000-8000-000000000026', 2023, 'environment', 'ENV-05',
   '严厉打击拐卖儿童等违法犯罪',
   'Crack down on child abduction and trafficking'),
  ('e2023000-0000-4000-8000-000000000027', 2023, 'environment', 'ENV-06',
   '持续推进学生欺凌防治',
   'Prevention and control of bullying in schools'),
  ('e2023000-0000-4000-8000-000000000028', 2023, 'environment', 'ENV-07',
   '网络环境：开展网络环境整治和网上举报宣传',
   'Online environment: clean-up campaigns and publicity for online reporting')
on conflict do nothing;

-- ============================================================================
-- Demo organisation
-- ============================================================================
insert into public.districts (id, code, name_zh, name_en)
values ('d0000000-0000-4000-8000-000000000001', 'DEMO', '示范区', 'Demo District')
on conflict do nothing;

insert into public.schools (id, district_id, name_zh, name_en)
values ('5c000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001', '示范小学', 'Demo Primary School')
on conflict do nothing;

insert into public.classes (id, school_id, name, grade, code, school_year)
values ('c1000000-0000-4000-8000-000000000052', '5c000000-0000-4000-8000-000000000001', '五年级二班', 5, 'DEMO52',
  private.current_school_year())
on conflict do nothing;

-- ============================================================================
-- Demo accounts
-- ============================================================================
-- raw_app_meta_data carries the role data that private.handle_new_user turns into the
-- profile and memberships. Children have no e-mail and no real name: their login
-- handle is `<class code>-<number>@login-card.invalid` (never deliverable) and their
-- password is the secret words printed on their login card.
--
--   teacher@demo.child-voice.test   demo-teacher-2026   林老师 (teacher of DEMO52)
--   staff@demo.child-voice.test     demo-staff-2026     王科长 (staff of district DEMO)
--   admin@demo.child-voice.test     demo-admin-2026     管理员
--   counsellor@demo.child-voice.test demo-counsellor-2026 周老师 (school counsellor, safeguarding lead of 示范小学)
--   teacher2@demo.child-voice.test  demo-teacher2-2026  陈老师 (teacher of 示范小学, no class yet: sets one up)
--   DEMO52 no. 1-5                  panda kite river | mango cloud tiger | lotus drum rocket |
--                                   maple star ferry | bamboo lamp comet
--   DEMO52 no. 6                    cedar harbor lantern (小星星: no guardian consent yet, so
--                                   cannot send anything until the teacher records it)

with demo (id, email, password, app_meta) as (
  values
    ('10000000-0000-4000-8000-000000000001'::uuid, 'teacher@demo.child-voice.test', 'demo-teacher-2026',
     '{"role": "teacher", "display_name": "林老师", "class_ids": ["c1000000-0000-4000-8000-000000000052"]}'::jsonb),
    ('10000000-0000-4000-8000-000000000002'::uuid, 'staff@demo.child-voice.test', 'demo-staff-2026',
     '{"role": "staff", "display_name": "王科长", "district_ids": ["d0000000-0000-4000-8000-000000000001"]}'::jsonb),
    ('10000000-0000-4000-8000-000000000003'::uuid, 'admin@demo.child-voice.test', 'demo-admin-2026',
     '{"role": "admin", "display_name": "管理员"}'::jsonb),
    ('10000000-0000-4000-8000-000000000004'::uuid, 'counsellor@demo.child-voice.test', 'demo-counsellor-2026',
     '{"role": "teacher", "display_name": "周老师", "school_ids": ["5c000000-0000-4000-8000-000000000001"]}'::jsonb),
    ('10000000-0000-4000-8000-000000000005'::uuid, 'teacher2@demo.child-voice.test', 'demo-teacher2-2026',
     '{"role": "teacher", "display_name": "陈老师", "school_ids": ["5c000000-0000-4000-8000-000000000001"]}'::jsonb),
    ('10000000-0000-4000-8000-000000000101'::uuid, 'demo52-1@login-card.invalid', 'panda kite river',
     '{"role": "student", "display_name": "小熊猫", "class_id": "c1000000-0000-4000-8000-000000000052", "student_number": 1, "guardian_consent": true}'::jsonb),
    ('10000000-0000-4000-8000-000000000102'::uuid, 'demo52-2@login-card.invalid', 'mango cloud tiger',
     '{"role": "student", "display_name": "小芒果", "class_id": "c1000000-0000-4000-8000-000000000052", "student_number": 2, "guardian_consent": true}'::jsonb),
    ('10000000-0000-4000-8000-000000000103'::uuid, 'demo52-3@login-card.invalid', 'lotus drum rocket',
     '{"role": "student", "display_name": "小莲花", "class_id": "c1000000-0000-4000-8000-000000000052", "student_number": 3, "guardian_consent": true}'::jsonb),
    ('10000000-0000-4000-8000-000000000104'::uuid, 'demo52-4@login-card.invalid', 'maple star ferry',
     '{"role": "student", "display_name": "小枫叶", "class_id": "c1000000-0000-4000-8000-000000000052", "student_number": 4, "guardian_consent": true}'::jsonb),
    ('10000000-0000-4000-8000-000000000105'::uuid, 'demo52-5@login-card.invalid', 'bamboo lamp comet',
     '{"role": "student", "display_name": "小竹子", "class_id": "c1000000-0000-4000-8000-000000000052", "student_number": 5, "guardian_consent": true}'::jsonb),
    ('10000000-0000-4000-8000-000000000106'::uuid, 'demo52-6@login-card.invalid', 'cedar harbor lantern',
     '{"role": "student", "display_name": "小星星", "class_id": "c1000000-0000-4000-8000-000000000052", "student_number": 6}'::jsonb)
)
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at
)
select
  '00000000-0000-0000-0000-000000000000', d.id, 'authenticated', 'authenticated', d.email,
  extensions.crypt(d.password, extensions.gen_salt('bf')), now(),
  '', '', '', '',
  '{"provider": "email", "providers": ["email"]}'::jsonb || d.app_meta, '{}'::jsonb, now(), now()
from demo d
where not exists (select 1 from auth.users u where u.id = d.id or u.email = d.email);

insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select
  u.id, u.id::text, u.id,
  jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
  'email', null, now(), now()
from auth.users u
where u.id in (
  '10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002',
  '10000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000004',
  '10000000-0000-4000-8000-000000000005', '10000000-0000-4000-8000-000000000101',
  '10000000-0000-4000-8000-000000000102', '10000000-0000-4000-8000-000000000103',
  '10000000-0000-4000-8000-000000000104', '10000000-0000-4000-8000-000000000105',
  '10000000-0000-4000-8000-000000000106'
)
on conflict do nothing;

-- ============================================================================
-- Guardian consent
-- ============================================================================
-- Children 1-5 were enrolled with consent (a record with method `enrolment`); here 林老师 has
-- recorded who gave it and how, as a teacher would on /teacher/consent. Child 6 (小星星) has none:
-- they can sign in and read, but the database refuses anything they send until it is recorded.
update public.guardian_consents g
set guardian = v.guardian, method = v.method::public.consent_method, given_on = (now() at time zone 'Asia/Shanghai')::date - v.days_ago,
    recorded_by = '10000000-0000-4000-8000-000000000001', recorded_at = now() - make_interval(days => v.days_ago)
from (
  values
    ('10000000-0000-4000-8000-000000000101'::uuid, '妈妈', 'paper_form', 40),
    ('10000000-0000-4000-8000-000000000102', '爸爸', 'paper_form', 40),
    ('10000000-0000-4000-8000-000000000103', '奶奶', 'in_person', 38),
    ('10000000-0000-4000-8000-000000000104', '妈妈', 'message', 35),
    ('10000000-0000-4000-8000-000000000105', '外公', 'paper_form', 33)
) as v (student_id, guardian, method, days_ago)
where g.student_id = v.student_id and g.method = 'enrolment' and g.withdrawn_at is null;

-- Last school year's class, archived by the admin: shown under "archived" on the admin page.
insert into public.classes (id, school_id, name, grade, code, archived_at, school_year)
values ('c1000000-0000-4000-8000-000000000041', '5c000000-0000-4000-8000-000000000001', '四年级一班（2025 学年）', 4,
  'DEMO41', now() - interval '60 days', private.current_school_year() - 1)
on conflict do nothing;

-- ============================================================================
-- Demo proposals: one in each state, so `npm run dev` shows every list and page
-- ============================================================================
-- Written as the rpc functions would leave them (events, the answer, its public copy). Fixed
-- ids; skipped when already there. district_id, version and the events' actor_role are set by
-- the triggers.
insert into public.submissions
  (id, kind, class_id, author_id, state, title, problem, suggestions, who_should_act, age_band,
   created_at, submitted_at, forwarded_at, public_title, public_problem, public_suggestions, public_who_should_act)
values
  ('a0000000-0000-4000-8000-000000000001', 'proposal', 'c1000000-0000-4000-8000-000000000052',
   '10000000-0000-4000-8000-000000000101', 'submitted', '操场边的饮水机坏了',
   '操场边的饮水机已经坏了两个星期，体育课后大家没有水喝。', '请学校尽快修好饮水机，再在旁边放一块提示牌。',
   '学校后勤处', '10-13', now() - interval '2 days', now() - interval '2 days', null, null, null, null, null),
  ('a0000000-0000-4000-8000-000000000002', 'proposal', 'c1000000-0000-4000-8000-000000000052',
   '10000000-0000-4000-8000-000000000102', 'returned', '图书角周末开放',
   '社区图书角周末不开门。', '周末也开。', '社区居委会', '10-13',
   now() - interval '5 days', now() - interval '5 days', null, null, null, null, null),
  ('a0000000-0000-4000-8000-000000000003', 'proposal', 'c1000000-0000-4000-8000-000000000052',
   '10000000-0000-4000-8000-000000000103', 'approved', '学校东门增设人行横道',
   '放学时东门外车开得很快，同学们只能从车流中间穿过去。', '在东门外画一条人行横道，设两条减速带，放学时请交通协管员帮忙。',
   '区交通部门', '10-13', now() - interval '9 days', now() - interval '9 days', now() - interval '8 days',
   '学校东门增设人行横道', '放学时东门外车开得很快，同学们只能从车流中间穿过去。',
   '在东门外画一条人行横道，设两条减速带，放学时请交通协管员帮忙。', '区交通部门'),
  ('a0000000-0000-4000-8000-000000000004', 'proposal', 'c1000000-0000-4000-8000-000000000052',
   '10000000-0000-4000-8000-000000000104', 'answered', '口袋公园的秋千太少',
   '小区旁的口袋公园只有一个秋千，放学后要排很久的队。', '再装两个秋千，并在地面铺上软垫。',
   '区园林绿化局', '10-13', now() - interval '30 days', now() - interval '30 days', now() - interval '29 days',
   '口袋公园的秋千太少', '小区旁的口袋公园只有一个秋千，放学后要排很久的队。', '再装两个秋千，并在地面铺上软垫。', '区园林绿化局')
on conflict do nothing;

insert into public.submission_events (submission_id, actor_id, from_state, to_state, comment, created_at)
select e.submission_id, e.actor_id, e.from_state::public.submission_state, e.to_state::public.submission_state, e.comment, e.created_at
from (
  values
    ('a0000000-0000-4000-8000-000000000001'::uuid, '10000000-0000-4000-8000-000000000101'::uuid, null, 'submitted', null, now() - interval '2 days'),
    ('a0000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000102', null, 'submitted', null, now() - interval '5 days'),
    ('a0000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000001', 'submitted', 'returned',
     '想法很好！请写清楚是哪个图书角，周末几点开门比较合适？', now() - interval '4 days'),
    ('a0000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000103', null, 'submitted', null, now() - interval '9 days'),
    ('a0000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000001', 'submitted', 'approved',
     '写得很清楚，已转给区里。', now() - interval '8 days'),
    ('a0000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000104', null, 'submitted', null, now() - interval '30 days'),
    ('a0000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000001', 'submitted', 'approved', null, now() - interval '29 days'),
    ('a0000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000002', 'approved', 'answered', null, now() - interval '20 days')
) as e (submission_id, actor_id, from_state, to_state, comment, created_at)
where not exists (select 1 from public.submission_events x where x.submission_id = e.submission_id);

insert into public.answers (id, submission_id, staff_id, decision, reply, created_at)
values ('a1000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000004',
  '10000000-0000-4000-8000-000000000002', 'adopted',
  '谢谢你的建议！我们今年会在这个口袋公园再装两个秋千，并铺上软垫，预计暑假前完工。', now() - interval '20 days')
on conflict do nothing;

insert into public.answer_goals (answer_id, goal_id)
values ('a1000000-0000-4000-8000-000000000004', 'e2023000-0000-4000-8000-000000000015'),
       ('a1000000-0000-4000-8000-000000000004', 'e2023000-0000-4000-8000-000000000018')
on conflict do nothing;

insert into public.published_answers
  (submission_id, edition, title, decision, reply, district_name_zh, district_name_en, answered_at)
select a.submission_id, 2023, s.public_title, a.decision, a.reply, '示范区', 'Demo District', a.created_at
from public.answers a
join public.submissions s on s.id = a.submission_id
where a.id = 'a1000000-0000-4000-8000-000000000004'
on conflict do nothing;

insert into public.published_answer_goals (submission_id, goal_id)
values ('a0000000-0000-4000-8000-000000000004', 'e2023000-0000-4000-8000-000000000015'),
       ('a0000000-0000-4000-8000-000000000004', 'e2023000-0000-4000-8000-000000000018')
on conflict do nothing;

-- ============================================================================
-- Safety layer demo (issue 7): a safeguarding lead, an escalated item, a rejected one, and an
-- answered proposal whose personal details were flagged and masked in its public copy
-- ============================================================================
-- 周老师, the school counsellor (role teacher, no class), is 示范小学's safeguarding lead.
insert into public.school_safeguarding_leads (school_id, lead_id, designated_by, created_at)
values ('5c000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000004',
  '10000000-0000-4000-8000-000000000003', now() - interval '60 days')
on conflict do nothing;

-- a…05: rejected as a duplicate (child 2). a…06: escalated by the check on submit (child 5,
-- bullying; the shared case zh-safeguarding-bullying). a…07: answered; the child (1) was warned of
-- the personal details and sent anyway; the teacher approved the masked public copy, which is
-- all that staff and the public page ever saw.
insert into public.submissions
  (id, kind, class_id, author_id, state, title, problem, suggestions, who_should_act, age_band,
   created_at, submitted_at, forwarded_at, flags, rejection_reason,
   public_title, public_problem, public_suggestions, public_who_should_act)
values
  ('a0000000-0000-4000-8000-000000000005', 'proposal', 'c1000000-0000-4000-8000-000000000052',
   '10000000-0000-4000-8000-000000000102', 'rejected', '饮水机坏了', '操场的饮水机坏了。', '修好它。', '学校',
   '10-13', now() - interval '1 day', now() - interval '1 day', null,
   '{"personal_details": [], "safeguarding": [], "confirmed": false}'::jsonb, 'duplicate',
   null, null, null, null),
  ('a0000000-0000-4000-8000-000000000006', 'proposal', 'c1000000-0000-4000-8000-000000000052',
   '10000000-0000-4000-8000-000000000105', 'escalated', '请帮帮我',
   '班上有几个人天天在厕所打我，还抢我的钱，我不敢告诉老师和爸爸妈妈。', '希望有人管管他们。', '老师',
   '10-13', now() - interval '3 hours', now() - interval '3 hours', null,
   '{"personal_details": [], "safeguarding": [
      {"field": "problem", "type": "bullying", "start": 11, "end": 13, "text": "打我"},
      {"field": "problem", "type": "bullying", "start": 15, "end": 19, "text": "抢我的钱"}], "confirmed": false}'::jsonb,
   null, null, null, null, null),
  ('a0000000-0000-4000-8000-000000000007', 'proposal', 'c1000000-0000-4000-8000-000000000052',
   '10000000-0000-4000-8000-000000000101', 'answered', '王小明：希望图书馆周末开到晚上',
   '我叫王小明，住在幸福里小区3号楼2单元501，周末想去图书馆但是下午五点就关门了。有事可以打我妈妈电话13912345678，或者加我微信 xiaoming_2012。',
   '周末开到晚上八点。', '区图书馆',
   '10-13', now() - interval '15 days', now() - interval '15 days', now() - interval '14 days',
   '{"personal_details": [
      {"field": "title", "type": "name", "start": 0, "end": 3, "text": "王小明"},
      {"field": "problem", "type": "name", "start": 2, "end": 5, "text": "王小明"},
      {"field": "problem", "type": "address", "start": 8, "end": 22, "text": "幸福里小区3号楼2单元501"},
      {"field": "problem", "type": "phone", "start": 51, "end": 62, "text": "13912345678"},
      {"field": "problem", "type": "messaging_id", "start": 70, "end": 83, "text": "xiaoming_2012"}],
     "safeguarding": [], "confirmed": true}'::jsonb,
   null,
   '姓名 ***：希望图书馆周末开到晚上',
   '我叫姓名 ***，住在地址 ***，周末想去图书馆但是下午五点就关门了。有事可以打我妈妈电话电话 ***，或者加我微信 账号 ***。',
   '周末开到晚上八点。', '区图书馆')
on conflict do nothing;

insert into public.submission_events (submission_id, actor_id, from_state, to_state, comment, created_at)
select e.submission_id, e.actor_id, e.from_state::public.submission_state, e.to_state::public.submission_state, e.comment, e.created_at
from (
  values
    ('a0000000-0000-4000-8000-000000000005'::uuid, '10000000-0000-4000-8000-000000000102'::uuid, null, 'submitted', null, now() - interval '1 day'),
    ('a0000000-0000-4000-8000-000000000005', '10000000-0000-4000-8000-000000000001', 'submitted', 'rejected',
     '小熊猫已经提过饮水机的事了，老师会一起跟进。谢谢你也注意到了！', now() - interval '20 hours'),
    ('a0000000-0000-4000-8000-000000000006', '10000000-0000-4000-8000-000000000105', null, 'escalated', null, now() - interval '3 hours'),
    ('a0000000-0000-4000-8000-000000000007', '10000000-0000-4000-8000-000000000101', null, 'submitted', null, now() - interval '15 days'),
    ('a0000000-0000-4000-8000-000000000007', '10000000-0000-4000-8000-000000000001', 'submitted', 'approved', null, now() - interval '14 days'),
    ('a0000000-0000-4000-8000-000000000007', '10000000-0000-4000-8000-000000000002', 'approved', 'answered', null, now() - interval '10 days')
) as e (submission_id, actor_id, from_state, to_state, comment, created_at)
where not exists (select 1 from public.submission_events x where x.submission_id = e.submission_id);

insert into public.safeguarding_actions (submission_id, school_id, actor_id, kind, note, created_at)
select 'a0000000-0000-4000-8000-000000000006', '5c000000-0000-4000-8000-000000000001', null, 'flagged', null, now() - interval '3 hours'
where not exists (select 1 from public.safeguarding_actions a where a.submission_id = 'a0000000-0000-4000-8000-000000000006');

insert into public.notifications (recipient_id, submission_id, kind, created_at)
select '10000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000006', 'escalated', now() - interval '3 hours'
where not exists (select 1 from public.notifications n where n.submission_id = 'a0000000-0000-4000-8000-000000000006');

insert into public.answers (id, submission_id, staff_id, decision, reply, created_at)
values ('a1000000-0000-4000-8000-000000000007', 'a0000000-0000-4000-8000-000000000007',
  '10000000-0000-4000-8000-000000000002', 'under_study',
  '谢谢你的建议！区图书馆正在统计周末晚上的读者人数，下个学期会试着在周六开到晚上八点。', now() - interval '10 days')
on conflict do nothing;

insert into public.answer_goals (answer_id, goal_id)
values ('a1000000-0000-4000-8000-000000000007', 'e2023000-0000-4000-8000-000000000007')
on conflict do nothing;

insert into public.published_answers
  (submission_id, edition, title, decision, reply, district_name_zh, district_name_en, answered_at)
select a.submission_id, 2023, s.public_title, a.decision, a.reply, '示范区', 'Demo District', a.created_at
from public.answers a
join public.submissions s on s.id = a.submission_id
where a.id = 'a1000000-0000-4000-8000-000000000007'
on conflict do nothing;

insert into public.published_answer_goals (submission_id, goal_id)
values ('a0000000-0000-4000-8000-000000000007', 'e2023000-0000-4000-8000-000000000007')
on conflict do nothing;

-- ============================================================================
-- Polls (issue 8): a community for 示范小学, an open class poll for DEMO52 (children 1–5 can
-- vote), and a closed district poll with results and "what we will do" on goal SPC-01.
-- ============================================================================
insert into public.communities (id, district_id, name_zh, name_en)
values ('c0000000-0000-4000-8000-0000000000c1', 'd0000000-0000-4000-8000-000000000001', '幸福社区', 'Happy Community')
on conflict do nothing;

update public.schools set community_id = 'c0000000-0000-4000-8000-0000000000c1'
where id = '5c000000-0000-4000-8000-000000000001' and community_id is null;

insert into public.polls (id, scope, class_id, school_id, district_id, question_zh, question_en, explanation_zh, explanation_en,
  kind, max_choices, age_bands, opens_at, closes_at, results_live, min_cell_size, created_by, created_by_role, created_at, published_at)
values ('f0110000-0000-4000-8000-000000000001', 'class', 'c1000000-0000-4000-8000-000000000052',
  '5c000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001',
  '学校门口的小广场，你最想加什么？', 'What would you most like in the little square at the school gate?',
  '区里明年要改造学校门口的小广场，想先听听你们的想法。', 'The district will redo the little square at the school gate next year and wants to hear from you first.',
  'single', 1, '{10-13}', now() - interval '1 day', now() + interval '30 days', false, 5,
  '10000000-0000-4000-8000-000000000001', 'teacher', now() - interval '2 days', now() - interval '2 days')
on conflict do nothing;

insert into public.poll_options (id, poll_id, position, label, label_en)
values
  ('f0120000-0000-4000-8000-000000000101', 'f0110000-0000-4000-8000-000000000001', 1, '秋千', 'Swings'),
  ('f0120000-0000-4000-8000-000000000102', 'f0110000-0000-4000-8000-000000000001', 2, '攀爬架', 'Climbing frame'),
  ('f0120000-0000-4000-8000-000000000103', 'f0110000-0000-4000-8000-000000000001', 3, '沙坑', 'Sand pit')
on conflict do nothing;

insert into public.poll_goals (poll_id, goal_id)
values ('f0110000-0000-4000-8000-000000000001', 'e2023000-0000-4000-8000-000000000018')
on conflict do nothing;

insert into public.polls (id, scope, district_id, question_zh, question_en, explanation_zh, explanation_en,
  kind, max_choices, age_bands, opens_at, closes_at, results_live, min_cell_size, created_by, created_by_role, created_at,
  published_at, reply, replied_at)
values ('f0110000-0000-4000-8000-000000000002', 'district', 'd0000000-0000-4000-8000-000000000001',
  '口袋公园里，你最想要什么？', 'What do you most want in our pocket parks?',
  '示范区要新建三个口袋公园。', 'Demo District is building three new pocket parks.',
  'single', 1, '{6-9,10-13,14-17}', now() - interval '40 days', now() - interval '10 days', false, 5,
  '10000000-0000-4000-8000-000000000002', 'staff', now() - interval '41 days', now() - interval '41 days',
  '谢谢大家投票！最多人选了秋千，我们会在三个口袋公园都装上秋千，明年春天完工。饮水机也会装在最大的那个公园。',
  now() - interval '5 days')
on conflict do nothing;

insert into public.poll_options (id, poll_id, position, label, label_en)
values
  ('f0120000-0000-4000-8000-000000000201', 'f0110000-0000-4000-8000-000000000002', 1, '秋千', 'Swings'),
  ('f0120000-0000-4000-8000-000000000202', 'f0110000-0000-4000-8000-000000000002', 2, '饮水机', 'Drinking fountain'),
  ('f0120000-0000-4000-8000-000000000203', 'f0110000-0000-4000-8000-000000000002', 3, '遮阳的大树', 'Shady trees')
on conflict do nothing;

insert into public.poll_goals (poll_id, goal_id)
values ('f0110000-0000-4000-8000-000000000002', 'e2023000-0000-4000-8000-000000000015')
on conflict do nothing;

-- Demo ballots (28 / 19 / 13, over three age bands) stand for children of the district who are
-- not demo accounts, so they have no turnout rows; the counters are rebuilt from them.
insert into private.poll_ballots (poll_id, age_band, option_ids)
select 'f0110000-0000-4000-8000-000000000002',
  (array['6-9', '10-13', '14-17']::public.age_band[])[1 + i % 3],
  array[case when i <= 28 then 'f0120000-0000-4000-8000-000000000201'
             when i <= 47 then 'f0120000-0000-4000-8000-000000000202'
             else 'f0120000-0000-4000-8000-000000000203' end]::uuid[]
from generate_series(1, 60) i
where not exists (select 1 from private.poll_ballots b where b.poll_id = 'f0110000-0000-4000-8000-000000000002');

select private.rebuild_poll_tally('f0110000-0000-4000-8000-000000000002');

-- ============================================================================
-- Review queue demo (issue 10 §2): a resubmission with what the teacher asked and the text
-- before it (the review page's diff), a title to search ("路灯"), and praise with an approval
-- ============================================================================
-- a…81 (child 3): sent, returned by 林老师 with a question, changed and sent again; the earlier
-- text is what the trigger keeps in private.submission_revisions when a child resubmits.
insert into public.submissions
  (id, kind, class_id, author_id, state, title, problem, suggestions, who_should_act, age_band,
   created_at, submitted_at)
values
  ('a0000000-0000-4000-8000-000000000081', 'proposal', 'c1000000-0000-4000-8000-000000000052',
   '10000000-0000-4000-8000-000000000103', 'submitted', '人民路口的路灯不亮',
   '人民路和学校路的路口晚上很黑，路灯坏了一个月，放学晚的同学看不清车。', '请尽快修好路灯，再多装一盏。', '区城市管理局',
   '10-13', now() - interval '6 days', now() - interval '1 day')
on conflict do nothing;

insert into public.submission_events (submission_id, actor_id, from_state, to_state, comment, created_at)
select e.submission_id, e.actor_id, e.from_state::public.submission_state, e.to_state::public.submission_state, e.comment, e.created_at
from (
  values
    ('a0000000-0000-4000-8000-000000000081'::uuid, '10000000-0000-4000-8000-000000000103'::uuid, null, 'submitted', null, now() - interval '6 days'),
    ('a0000000-0000-4000-8000-000000000081', '10000000-0000-4000-8000-000000000001', 'submitted', 'returned',
     '是哪个路口？坏了多久？请写清楚一点。', now() - interval '5 days'),
    ('a0000000-0000-4000-8000-000000000081', '10000000-0000-4000-8000-000000000103', 'returned', 'submitted', null, now() - interval '1 day')
) as e (submission_id, actor_id, from_state, to_state, comment, created_at)
where not exists (select 1 from public.submission_events x where x.submission_id = e.submission_id);

insert into private.submission_revisions (submission_id, title, problem, suggestions, who_should_act, replaced_at)
values ('a0000000-0000-4000-8000-000000000081', '路口的灯不亮', '路口晚上很黑，看不清车。', '请修好路灯。', '区城市管理局',
  now() - interval '1 day')
on conflict do nothing;

-- The approved a…03 (child 3) with a word of praise, which child 3 reads on its page.
insert into public.submission_praise (submission_id, class_id, praise, created_at)
values ('a0000000-0000-4000-8000-000000000003', 'c1000000-0000-4000-8000-000000000052',
  '你观察得很仔细，写得也很清楚，谢谢你为同学们的安全着想！', now() - interval '8 days')
on conflict do nothing;

-- ============================================================================
-- Polls by school (issue 8, polls2): a second school in the demo district, and the demo district
-- poll's ballots given their schools (示范小学 39: 18 / 13 / 8; 示范中学 21: 10 / 6 / 5), so its
-- results by school show on the public pages (every cell at least 5).
-- ============================================================================

-- ============================================================================
-- Forms for each age band (issue 9 §3): a class of 6–9 and a class of 14–17
-- ============================================================================
-- DEMO52 (grade 5) is 10–13. So that `npm run dev` shows the other two forms, the seed has a
-- grade-2 class (DEMO21, age band 6–9: picture cards and two short questions, read aloud) at
-- 示范小学 and a grade-8 class (DEMO81, age band 14–17: the full mock CPPCC format) at a demo
-- middle school, both taught by 黄老师:
--   teacher3@demo.child-voice.test  demo-teacher3-2026  黄老师 (teacher of DEMO21 and DEMO81)
--   DEMO21 no. 1                    sunny cherry pepper  (小兔子, 7 years old; guardian consent recorded)
--   DEMO81 no. 1                    violet falcon willow (小松树, 16 years old; consent recorded though not needed at 14–17)
insert into public.schools (id, district_id, name_zh, name_en)
values ('5c000000-0000-4000-8000-000000000002', 'd0000000-0000-4000-8000-000000000001', '示范中学', 'Demo Middle School')
on conflict do nothing;

with numbered as (
  select b.id, b.option_ids[1] as opt, row_number() over (partition by b.option_ids[1] order by b.id) as n
  from private.poll_ballots b
  where b.poll_id = 'f0110000-0000-4000-8000-000000000002' and b.school_id is null
)
update private.poll_ballots b set school_id = case
    when (nb.opt = 'f0120000-0000-4000-8000-000000000201' and nb.n <= 18)
      or (nb.opt = 'f0120000-0000-4000-8000-000000000202' and nb.n <= 13)
      or (nb.opt = 'f0120000-0000-4000-8000-000000000203' and nb.n <= 8)
    then '5c000000-0000-4000-8000-000000000001'::uuid
    else '5c000000-0000-4000-8000-000000000002'::uuid
  end
from numbered nb
where nb.id = b.id;

select private.rebuild_poll_tally('f0110000-0000-4000-8000-000000000002');
insert into public.classes (id, school_id, name, grade, code, school_year)
values
  ('c1000000-0000-4000-8000-000000000021', '5c000000-0000-4000-8000-000000000001', '二年级一班', 2, 'DEMO21',
   private.current_school_year()),
  ('c1000000-0000-4000-8000-000000000081', '5c000000-0000-4000-8000-000000000002', '八年级一班', 8, 'DEMO81',
   private.current_school_year())
on conflict do nothing;

with demo (id, email, password, app_meta) as (
  values
    ('10000000-0000-4000-8000-000000000006'::uuid, 'teacher3@demo.child-voice.test', 'demo-teacher3-2026',
     '{"role": "teacher", "display_name": "黄老师", "class_ids": ["c1000000-0000-4000-8000-000000000021", "c1000000-0000-4000-8000-000000000081"]}'::jsonb),
    ('10000000-0000-4000-8000-000000000211'::uuid, 'demo21-1@login-card.invalid', 'sunny cherry pepper',
     '{"role": "student", "display_name": "小兔子", "class_id": "c1000000-0000-4000-8000-000000000021", "student_number": 1, "guardian_consent": true}'::jsonb),
    ('10000000-0000-4000-8000-000000000811'::uuid, 'demo81-1@login-card.invalid', 'violet falcon willow',
     '{"role": "student", "display_name": "小松树", "class_id": "c1000000-0000-4000-8000-000000000081", "student_number": 1, "guardian_consent": true}'::jsonb)
)
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at
)
select
  '00000000-0000-0000-0000-000000000000', d.id, 'authenticated', 'authenticated', d.email,
  extensions.crypt(d.password, extensions.gen_salt('bf')), now(),
  '', '', '', '',
  '{"provider": "email", "providers": ["email"]}'::jsonb || d.app_meta, '{}'::jsonb, now(), now()
from demo d
where not exists (select 1 from auth.users u where u.id = d.id or u.email = d.email);

insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select
  u.id, u.id::text, u.id,
  jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
  'email', null, now(), now()
from auth.users u
where u.id in ('10000000-0000-4000-8000-000000000006', '10000000-0000-4000-8000-000000000211',
  '10000000-0000-4000-8000-000000000811')
on conflict do nothing;

-- ============================================================================
-- Street reports (issue 9 §1, reports helper): 示范区's neighbourhood places, an answered street
-- report on the public page and in Open311, and an urgent one waiting in 林老师's queue.
-- ============================================================================
-- Places children of 示范小学 can pick (kept by 王科长 on /staff/places).
insert into public.neighbourhood_places (id, district_id, community_id, kind, name_zh, name_en, created_by)
values
  ('b1000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-0000000000c1',
   'playground', '幸福社区儿童游乐场', 'Happy Community playground', '10000000-0000-4000-8000-000000000002'),
  ('b1000000-0000-4000-8000-000000000002', 'd0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-0000000000c1',
   'park', '滨河口袋公园', 'Riverside pocket park', '10000000-0000-4000-8000-000000000002'),
  ('b1000000-0000-4000-8000-000000000003', 'd0000000-0000-4000-8000-000000000001', null,
   'crossing', '学校东门路口', 'Crossing at the school''s east gate', '10000000-0000-4000-8000-000000000002'),
  ('b1000000-0000-4000-8000-000000000004', 'd0000000-0000-4000-8000-000000000001', null,
   'underpass', '火车站地下通道', 'Station underpass', '10000000-0000-4000-8000-000000000002')
on conflict do nothing;

-- a…501: answered (child 3): the slide of the shared case zh-report-slide, approved and answered;
-- publishing it (published_answers) makes its public copy by trigger. a…502: "dangerous now",
-- waiting for the teacher (child 2). No photos: Storage bytes are not seed data.
insert into public.submissions
  (id, kind, class_id, author_id, state, title, problem, age_band, created_at, submitted_at, forwarded_at,
   public_title, public_problem)
values
  ('a0000000-0000-4000-8000-000000000501', 'street_report', 'c1000000-0000-4000-8000-000000000052',
   '10000000-0000-4000-8000-000000000103', 'answered', '滑梯坏了', '小区里的滑梯有一块板子裂开了，会划到手。', '10-13',
   now() - interval '12 days', now() - interval '12 days', now() - interval '11 days',
   '滑梯坏了', '游乐场的滑梯有一块板子裂开了，会划到手。'),
  ('a0000000-0000-4000-8000-000000000502', 'street_report', 'c1000000-0000-4000-8000-000000000052',
   '10000000-0000-4000-8000-000000000102', 'submitted', '地下通道的灯不亮', '地下通道里的灯全坏了，晚上很黑，我们害怕。', '10-13',
   now() - interval '1 hour', now() - interval '1 hour', null, null, null)
on conflict do nothing;

insert into public.street_reports (submission_id, topic, urgency, place_id, community_id, place_text, public_place_text)
values
  ('a0000000-0000-4000-8000-000000000501', 'broken_facility', 'soon', 'b1000000-0000-4000-8000-000000000001',
   'c0000000-0000-4000-8000-0000000000c1', null, null),
  ('a0000000-0000-4000-8000-000000000502', 'safety_hazard', 'urgent', 'b1000000-0000-4000-8000-000000000004',
   null, '靠近出口那一段', null)
on conflict do nothing;

insert into public.submission_events (submission_id, actor_id, from_state, to_state, comment, created_at)
select e.submission_id, e.actor_id, e.from_state::public.submission_state, e.to_state::public.submission_state, e.comment, e.created_at
from (
  values
    ('a0000000-0000-4000-8000-000000000501'::uuid, '10000000-0000-4000-8000-000000000103'::uuid, null, 'submitted', null, now() - interval '12 days'),
    ('a0000000-0000-4000-8000-000000000501', '10000000-0000-4000-8000-000000000001', 'submitted', 'approved', '谢谢你发现了这个问题！', now() - interval '11 days'),
    ('a0000000-0000-4000-8000-000000000501', '10000000-0000-4000-8000-000000000002', 'approved', 'answered', null, now() - interval '3 days'),
    ('a0000000-0000-4000-8000-000000000502', '10000000-0000-4000-8000-000000000102', null, 'submitted', null, now() - interval '1 hour')
) as e (submission_id, actor_id, from_state, to_state, comment, created_at)
where not exists (select 1 from public.submission_events x where x.submission_id = e.submission_id);

insert into public.answers (id, submission_id, staff_id, decision, reply, created_at)
values ('a1000000-0000-4000-8000-000000000501', 'a0000000-0000-4000-8000-000000000501',
  '10000000-0000-4000-8000-000000000002', 'adopted',
  '谢谢你！我们已经请社区把裂开的板子换掉了，换好之前滑梯会先围起来。', now() - interval '3 days')
on conflict do nothing;

insert into public.answer_goals (answer_id, goal_id)
values ('a1000000-0000-4000-8000-000000000501', 'e2023000-0000-4000-8000-000000000015')
on conflict do nothing;

insert into public.published_answers
  (submission_id, edition, title, decision, reply, district_name_zh, district_name_en, answered_at)
select a.submission_id, 2023, s.public_title, a.decision, a.reply, '示范区', 'Demo District', a.created_at
from public.answers a
join public.submissions s on s.id = a.submission_id
where a.id = 'a1000000-0000-4000-8000-000000000501'
on conflict do nothing;

insert into public.published_answer_goals (submission_id, goal_id)
values ('a0000000-0000-4000-8000-000000000501', 'e2023000-0000-4000-8000-000000000015')
on conflict do nothing;

-- ============================================================================
-- Routing and deadlines (issue 11 §1 rest, §2, §3): street offices, departments with staff,
-- a routed item, an overdue one and an answer with progress
-- ============================================================================
-- 示范街道 holds 幸福社区 (the community 示范小学 serves), so items of 示范小学 go to it when
-- forwarded; 东湖街道 is another street office of 示范区 to reassign to. Two departments (责任部门):
-- 区交通运输局 answers for SPC-06 and SPC-07 (safe routes to school), 区园林绿化局 for SPC-01 and
-- SPC-04 (parks, play). 刘科员 (transport@demo.child-voice.test / demo-transport-2026) is staff of
-- 区交通运输局 only: he reads and answers what is routed to it.
--   a…03 (approved, 8 days ago): routed to 区交通运输局 (goal SPC-06 suggested) and 示范街道.
--   a…08 (approved 40 days ago by child 5): overdue, routed to 区交通运输局; reminders sent.
--   a…04 (answered, adopted): two progress updates (planned, in progress).
insert into public.street_offices (id, district_id, name_zh, name_en)
values
  ('5e000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001', '示范街道', 'Demo Street Office'),
  ('5e000000-0000-4000-8000-000000000002', 'd0000000-0000-4000-8000-000000000001', '东湖街道', 'East Lake Street Office')
on conflict do nothing;

update public.communities set street_office_id = '5e000000-0000-4000-8000-000000000001'
where id = 'c0000000-0000-4000-8000-0000000000c1' and street_office_id is null;

insert into public.departments (id, name_zh, name_en)
values
  ('de000000-0000-4000-8000-000000000001', '区交通运输局', 'District Transport Bureau'),
  ('de000000-0000-4000-8000-000000000002', '区园林绿化局', 'District Parks and Greening Bureau')
on conflict do nothing;

insert into public.ledger_goal_departments (goal_id, department_id)
values
  ('e2023000-0000-4000-8000-000000000020', 'de000000-0000-4000-8000-000000000001'),
  ('e2023000-0000-4000-8000-000000000021', 'de000000-0000-4000-8000-000000000001'),
  ('e2023000-0000-4000-8000-000000000015', 'de000000-0000-4000-8000-000000000002'),
  ('e2023000-0000-4000-8000-000000000018', 'de000000-0000-4000-8000-000000000002')
on conflict do nothing;

-- The department's staff account (its membership comes from app_metadata, by the profiles trigger).
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at
)
select '00000000-0000-0000-0000-000000000000', '10000000-0000-4000-8000-000000000007', 'authenticated', 'authenticated',
  'transport@demo.child-voice.test', extensions.crypt('demo-transport-2026', extensions.gen_salt('bf')), now(), '', '', '', '',
  '{"provider": "email", "providers": ["email"], "role": "staff", "display_name": "刘科员", "department_ids": ["de000000-0000-4000-8000-000000000001"]}'::jsonb,
  '{}'::jsonb, now(), now()
where not exists (select 1 from auth.users u where u.id = '10000000-0000-4000-8000-000000000007' or u.email = 'transport@demo.child-voice.test');

insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id, u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true), 'email', null, now(), now()
from auth.users u
where u.id = '10000000-0000-4000-8000-000000000007'
on conflict do nothing;

-- a…03: the teacher suggested SPC-06 when forwarding it (written as route_on_forward would).
update public.submissions
set suggested_goal_id = 'e2023000-0000-4000-8000-000000000020',
    department_id = 'de000000-0000-4000-8000-000000000001',
    street_office_id = '5e000000-0000-4000-8000-000000000001',
    due_on = private.add_working_days((forwarded_at at time zone 'Asia/Shanghai')::date,
      private.answer_working_days((forwarded_at at time zone 'Asia/Shanghai')::date))
where id = 'a0000000-0000-4000-8000-000000000003' and department_id is null;

insert into public.submission_routing_log (submission_id, actor_id, kind, department_id, street_office_id, goal_id, created_at)
select 'a0000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000001', 'forwarded',
  'de000000-0000-4000-8000-000000000001', '5e000000-0000-4000-8000-000000000001', 'e2023000-0000-4000-8000-000000000020',
  now() - interval '8 days'
where not exists (select 1 from public.submission_routing_log l where l.submission_id = 'a0000000-0000-4000-8000-000000000003');

-- a…08: forwarded 40 days ago, never answered: overdue.
insert into public.submissions
  (id, kind, class_id, author_id, state, title, problem, suggestions, who_should_act, age_band,
   created_at, submitted_at, forwarded_at, public_title, public_problem, public_suggestions, public_who_should_act,
   suggested_goal_id, department_id, street_office_id)
values
  ('a0000000-0000-4000-8000-000000000008', 'proposal', 'c1000000-0000-4000-8000-000000000052',
   '10000000-0000-4000-8000-000000000105', 'approved', '上学路上的红绿灯太短',
   '学校北边路口的绿灯只有十几秒，低年级同学走不过去。', '把上学放学时的绿灯调长一点。', '区交通部门', '10-13',
   now() - interval '42 days', now() - interval '42 days', now() - interval '40 days',
   '上学路上的红绿灯太短', '学校北边路口的绿灯只有十几秒，低年级同学走不过去。', '把上学放学时的绿灯调长一点。', '区交通部门',
   'e2023000-0000-4000-8000-000000000021', 'de000000-0000-4000-8000-000000000001', '5e000000-0000-4000-8000-000000000001')
on conflict do nothing;

update public.submissions
set due_on = private.add_working_days((forwarded_at at time zone 'Asia/Shanghai')::date,
  private.answer_working_days((forwarded_at at time zone 'Asia/Shanghai')::date))
where id = 'a0000000-0000-4000-8000-000000000008' and due_on is null;

insert into public.submission_events (submission_id, actor_id, from_state, to_state, comment, created_at)
select e.submission_id, e.actor_id, e.from_state::public.submission_state, e.to_state::public.submission_state, null, e.created_at
from (
  values
    ('a0000000-0000-4000-8000-000000000008'::uuid, '10000000-0000-4000-8000-000000000105'::uuid, null, 'submitted', now() - interval '42 days'),
    ('a0000000-0000-4000-8000-000000000008', '10000000-0000-4000-8000-000000000001', 'submitted', 'approved', now() - interval '40 days')
) as e (submission_id, actor_id, from_state, to_state, created_at)
where not exists (select 1 from public.submission_events x where x.submission_id = e.submission_id);

insert into public.submission_routing_log (submission_id, actor_id, kind, department_id, street_office_id, goal_id, created_at)
select 'a0000000-0000-4000-8000-000000000008', '10000000-0000-4000-8000-000000000001', 'forwarded',
  'de000000-0000-4000-8000-000000000001', '5e000000-0000-4000-8000-000000000001', 'e2023000-0000-4000-8000-000000000021',
  now() - interval '40 days'
where not exists (select 1 from public.submission_routing_log l where l.submission_id = 'a0000000-0000-4000-8000-000000000008');

-- The daily job (pg_cron in production) has run: the staff of a…08 are reminded.
select private.send_overdue_reminders();

-- a…04: adopted 20 days ago; planned, then in progress (the child was notified of each).
insert into public.submission_progress (submission_id, stage, note, staff_id, created_at)
select p.submission_id, p.stage::public.progress_stage, p.note, '10000000-0000-4000-8000-000000000002', p.created_at
from (
  values
    ('a0000000-0000-4000-8000-000000000004'::uuid, 'planned', '秋千和软垫已经列入今年的公园改造计划。', now() - interval '15 days'),
    ('a0000000-0000-4000-8000-000000000004', 'in_progress', '工人已经开始铺软垫了，秋千下个月装。', now() - interval '3 days')
) as p (submission_id, stage, note, created_at)
where not exists (select 1 from public.submission_progress x where x.submission_id = p.submission_id);

update public.submissions set progress_stage = 'in_progress'
where id = 'a0000000-0000-4000-8000-000000000004' and progress_stage is null;

update public.published_answers
set progress_stage = 'in_progress', progress_note = '工人已经开始铺软垫了，秋千下个月装。', progress_at = now() - interval '3 days'
where submission_id = 'a0000000-0000-4000-8000-000000000004' and progress_stage is null;

insert into public.notifications (recipient_id, submission_id, kind, created_at)
select '10000000-0000-4000-8000-000000000104', 'a0000000-0000-4000-8000-000000000004', 'progress', t
from unnest(array[now() - interval '15 days', now() - interval '3 days']) as t
where not exists (select 1 from public.notifications n where n.submission_id = 'a0000000-0000-4000-8000-000000000004' and n.kind = 'progress');

-- The answered street report a…501 (the slide): in progress since yesterday, so its public page
-- (/reports/a…501) shows the latest step after the answer, and child 3 was told.
insert into public.submission_progress (submission_id, stage, note, staff_id, created_at)
select 'a0000000-0000-4000-8000-000000000501', 'in_progress', '滑梯已经围起来了，新的板子下周装好。',
  '10000000-0000-4000-8000-000000000002', now() - interval '1 day'
where not exists (select 1 from public.submission_progress x where x.submission_id = 'a0000000-0000-4000-8000-000000000501');

update public.submissions set progress_stage = 'in_progress'
where id = 'a0000000-0000-4000-8000-000000000501' and progress_stage is null;

update public.published_answers
set progress_stage = 'in_progress', progress_note = '滑梯已经围起来了，新的板子下周装好。', progress_at = now() - interval '1 day'
where submission_id = 'a0000000-0000-4000-8000-000000000501' and progress_stage is null;

insert into public.notifications (recipient_id, submission_id, kind, created_at)
select '10000000-0000-4000-8000-000000000103', 'a0000000-0000-4000-8000-000000000501', 'progress', now() - interval '1 day'
where not exists (select 1 from public.notifications n where n.submission_id = 'a0000000-0000-4000-8000-000000000501' and n.kind = 'progress');

-- ============================================================================
-- Following what happened (issue 9 §4–§5): co-signed proposals and unread notifications
-- ============================================================================
-- Classmates co-signed (附议) the forwarded proposal a…03 (children 1 and 2) and the answered one
-- a…04 (children 1, 2 and 5): the counts show on the children's pages, to 林老师 with who
-- co-signed, to 王科长 as a number, and on the public ledger page of a…04. The trigger keeps
-- cosign_counts and published_answers.cosigners.
insert into public.cosignatures (submission_id, student_id, school_id, created_at)
values
  ('a0000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000101', '5c000000-0000-4000-8000-000000000001', now() - interval '7 days'),
  ('a0000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000102', '5c000000-0000-4000-8000-000000000001', now() - interval '6 days'),
  ('a0000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000101', '5c000000-0000-4000-8000-000000000001', now() - interval '28 days'),
  ('a0000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000102', '5c000000-0000-4000-8000-000000000001', now() - interval '27 days'),
  ('a0000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000105', '5c000000-0000-4000-8000-000000000001', now() - interval '25 days')
on conflict do nothing;

-- Unread notifications as the functions would have left them: the authors of a…02 (returned),
-- a…03 (approved) and a…04 (approved, then answered); 林老师 for a…01 (a new proposal to
-- review). 王科长's lines for a…03 and a…04 came with the events above (a trigger tells the
-- district's staff of forwarded items, one line per item).
insert into public.notifications (recipient_id, submission_id, kind, created_at)
select n.recipient_id, n.submission_id, n.kind::public.notification_kind, n.created_at
from (
  values
    ('10000000-0000-4000-8000-000000000102'::uuid, 'a0000000-0000-4000-8000-000000000002'::uuid, 'returned', now() - interval '4 days'),
    ('10000000-0000-4000-8000-000000000103', 'a0000000-0000-4000-8000-000000000003', 'approved', now() - interval '8 days'),
    ('10000000-0000-4000-8000-000000000104', 'a0000000-0000-4000-8000-000000000004', 'approved', now() - interval '29 days'),
    ('10000000-0000-4000-8000-000000000104', 'a0000000-0000-4000-8000-000000000004', 'answered', now() - interval '20 days'),
    ('10000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'submitted', now() - interval '2 days')
) as n (recipient_id, submission_id, kind, created_at)
where not exists (
  select 1 from public.notifications x
  where x.recipient_id = n.recipient_id and x.submission_id = n.submission_id and x.kind = n.kind::public.notification_kind
);

-- ============================================================================
-- Street reports after sending (issue 9 leftovers, childside helper): the answered report's photo
-- ============================================================================
-- The answered slide report a…501 gets one photo, confirmed by 林老师 (no face, name, badge or
-- house number) and published with it, so `npm run dev` shows it on /reports/a…501, in Open311
-- and to child 3. SQL cannot store a Storage object: its bytes are a picture generated by
-- supabase/local/demo-photos.ts and uploaded through the stand-in's Storage API when the stack
-- starts (`npm run dev`, `npm test`), which also writes their size into `bytes` here.
insert into public.street_report_photos
  (id, submission_id, class_id, position, object_name, width, height, bytes, confirmed_at, confirmed_by, created_at)
values
  ('b2000000-0000-4000-8000-000000000501', 'a0000000-0000-4000-8000-000000000501', 'c1000000-0000-4000-8000-000000000052',
   1, 'a0000000-0000-4000-8000-000000000501/b2000000-0000-4000-8000-000000000501.jpg', 1200, 900, 1,
   now() - interval '11 days', '10000000-0000-4000-8000-000000000001', now() - interval '12 days')
on conflict do nothing;

insert into public.published_street_report_photos (photo_id, submission_id, position, object_name, width, height)
select p.id, p.submission_id, p.position, p.object_name, p.width, p.height
from public.street_report_photos p
where p.id = 'b2000000-0000-4000-8000-000000000501'
  and exists (select 1 from public.published_street_reports r where r.submission_id = p.submission_id)
on conflict do nothing;

-- ============================================================================
-- Poll option pictures (issue 8): two options of DEMO52's open class poll have a picture. Their
-- bytes are drawn and uploaded through the stand-in's Storage API when the stack starts
-- (supabase/local/demo-photos.ts), which also writes their real size over the placeholder here.
-- ============================================================================
insert into public.poll_option_pictures (id, poll_id, position, object_name, width, height, bytes, alt_zh, alt_en)
values
  ('f0130000-0000-4000-8000-000000000101', 'f0110000-0000-4000-8000-000000000001', 1,
   'f0110000-0000-4000-8000-000000000001/f0130000-0000-4000-8000-000000000101.jpg', 1200, 900, 1,
   '架子上挂着两架红色的秋千', 'Two red swings hanging from a frame'),
  ('f0130000-0000-4000-8000-000000000103', 'f0110000-0000-4000-8000-000000000001', 3,
   'f0110000-0000-4000-8000-000000000001/f0130000-0000-4000-8000-000000000103.jpg', 1200, 900, 1,
   '一个黄色的沙坑，里面有一把蓝色的小铲子', 'A yellow sand pit with a little blue spade')
on conflict do nothing;

-- ============================================================================
-- Street-office staff and their dashboard (issue 11 §5, helper staffdash)
-- ============================================================================
-- 王干事 (street@demo.child-voice.test / demo-street-2026) is staff of 示范街道 only (from
-- app_metadata, by the profiles trigger). Her dashboard (/staff/dashboard) shows the street office's
-- row (a…03 and a…08 are routed to it; a…08 is overdue) and 示范小学 (in 幸福社区, a community of
-- 示范街道) with its answered items' median in working days.
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at
)
select '00000000-0000-0000-0000-000000000000', '10000000-0000-4000-8000-000000005e01', 'authenticated', 'authenticated',
  'street@demo.child-voice.test', extensions.crypt('demo-street-2026', extensions.gen_salt('bf')), now(), '', '', '', '',
  '{"provider": "email", "providers": ["email"], "role": "staff", "display_name": "王干事", "street_office_ids": ["5e000000-0000-4000-8000-000000000001"]}'::jsonb,
  '{}'::jsonb, now(), now()
where not exists (select 1 from auth.users u where u.id = '10000000-0000-4000-8000-000000005e01' or u.email = 'street@demo.child-voice.test');

insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id, u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true), 'email', null, now(), now()
from auth.users u
where u.id = '10000000-0000-4000-8000-000000005e01'
on conflict do nothing;

-- ============================================================================
-- A photo on a progress update (issue 11 §3, helper photos): a…04's "in progress" update (the
-- soft mats going down under the swings) has a photo, the latest update's, so `npm run dev` shows
-- it to child 4 (/me/proposals/a…04), to the staff (/staff/submissions/a…04) and on the public
-- ledger's answer lists. Its bytes are drawn and uploaded through the stand-in's Storage API when
-- the stack starts (supabase/local/demo-photos.ts), which also writes their real size here.
-- ============================================================================
insert into public.progress_photos (id, progress_id, submission_id, object_name, width, height, bytes, staff_id, created_at)
select 'b3000000-0000-4000-8000-000000000004', p.id, p.submission_id,
  'a0000000-0000-4000-8000-000000000004/b3000000-0000-4000-8000-000000000004.jpg', 1200, 900, 1, p.staff_id, p.created_at
from public.submission_progress p
where p.submission_id = 'a0000000-0000-4000-8000-000000000004' and p.stage = 'in_progress'
  and p.id = (select max(x.id) from public.submission_progress x where x.submission_id = p.submission_id)
on conflict do nothing;

update public.published_answers
set progress_photo_id = 'b3000000-0000-4000-8000-000000000004'
where submission_id = 'a0000000-0000-4000-8000-000000000004' and progress_stage = 'in_progress' and progress_photo_id is null
  and exists (select 1 from public.progress_photos x where x.id = 'b3000000-0000-4000-8000-000000000004');
