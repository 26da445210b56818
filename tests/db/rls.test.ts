/**
 * The RLS matrix: for each kind of person × each public table and view, which rows of a world
 * they can read, and that every write is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ANON,
	actAs,
	asSuperuser,
	asUser,
	connect,
	createAccount,
	createSubmissions,
	createWorld,
	dbError,
	one,
	rolledBack,
	RETURN_COMMENT,
	type Actor,
	type Sql,
	type World,
	type WorldSubmissions
} from './helpers';

let sql: Sql;
let w: World;
let subs: WorldSubmissions;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
	subs = await createSubmissions(sql, w);
	// A child of A1 who was erased: the log row is what the matrix reads.
	const erased = await createAccount(sql, { role: 'student', display_name: '已删除' + w.tag, class_id: w.classA1, student_number: 9 });
	await sql.begin(async (tx) => {
		await actAs(tx, w.people.teacherA1);
		await tx`select public.erase_child(${w.classA1}, 9, ${erased})`;
	});
});

afterAll(async () => {
	await sql?.end();
});

type Who =
	| 'anon'
	| 'nobody'
	| 'childA1'
	| 'childA1b'
	| 'childA2'
	| 'childB'
	| 'teacherA1'
	| 'teacherA2'
	| 'teacherB'
	| 'staffA'
	| 'staffB'
	| 'admin'
	| 'leadA';

const EVERYONE: Who[] = [
	'anon', 'nobody', 'childA1', 'childA1b', 'childA2', 'childB', 'teacherA1', 'teacherA2', 'teacherB', 'staffA', 'staffB', 'admin',
	'leadA'
];

function actor(who: Who): Actor {
	return who === 'anon' ? ANON : w.people[who];
}

/** Rows outside this test's world: 'none' = must not see any; 'any' = may (other worlds, seed). */
type Others = 'none' | 'any';
/** What `who` sees: 'denied' (no select privilege), or world labels (+ whether other rows may show). */
type Expectation = 'denied' | { rows: string[]; others: Others };

interface TableSpec {
	/** select list; label() turns a row into a world label, or null for a row outside the world. */
	query: string;
	label: (row: Record<string, unknown>) => string | null;
	expect: Record<Who, Expectation>;
}

const labelOf = (map: () => Record<string, string>) => (id: unknown) => map()[String(id)] ?? null;
const subLabel = labelOf(() => Object.fromEntries(Object.entries(subs).map(([k, v]) => [v, k])));
const personLabel = labelOf(() => Object.fromEntries(Object.entries(w.ids).map(([k, v]) => [v, k])));
const classLabel = labelOf(() => ({ [w.classA1]: 'A1', [w.classA2]: 'A2', [w.classB1]: 'B1' }));
const districtLabel = labelOf(() => ({ [w.districtA]: 'A', [w.districtB]: 'B' }));
const schoolLabel = labelOf(() => ({ [w.schoolA]: 'A', [w.schoolB]: 'B' }));

const none: Expectation = { rows: [], others: 'none' };
const only = (...rows: string[]): Expectation => ({ rows, others: 'none' });
const plusOthers = (...rows: string[]): Expectation => ({ rows, others: 'any' });

const A1_SUBS = ['submitted', 'returned', 'approved', 'answered'];
/** Class A1's items its teacher reads: all but the escalated one (the school's leads handle it). */
const A1_TEACHER_SUBS = [...A1_SUBS, 'rejected'];
/** All childA1 wrote. */
const A1_OWN_SUBS = [...A1_TEACHER_SUBS, 'escalated'];
const ALL_SUBS = [...A1_OWN_SUBS, 'otherClassApproved', 'otherDistrictAnswered'];

/** Same expectation for everyone except those listed. */
function matrix(base: Expectation, overrides: Partial<Record<Who, Expectation>>): Record<Who, Expectation> {
	return Object.fromEntries(EVERYONE.map((who) => [who, overrides[who] ?? base])) as Record<Who, Expectation>;
}

// Who reads which submission (and so its events). The safeguarding lead reads none of the rows:
// escalated items only through the logged functions (safeguarding.test.ts).
const submissionReaders = matrix(none, {
	anon: 'denied',
	childA1: only(...A1_OWN_SUBS),
	childA2: only('otherClassApproved'),
	childB: only('otherDistrictAnswered'),
	teacherA1: only(...A1_TEACHER_SUBS),
	teacherA2: only('otherClassApproved'),
	teacherB: only('otherDistrictAnswered'),
	staffA: only('approved', 'answered', 'otherClassApproved'),
	staffB: only('otherDistrictAnswered'),
	admin: plusOthers(...ALL_SUBS)
});
// The events of each world submission, by to_state (see createSubmissions: `approved` was returned
// and resubmitted before it was approved).
const EVENTS: Record<keyof WorldSubmissions, string[]> = {
	submitted: ['submitted'],
	returned: ['submitted', 'returned'],
	approved: ['submitted', 'returned', 'approved'],
	answered: ['submitted', 'approved', 'answered'],
	otherClassApproved: ['submitted', 'approved'],
	otherDistrictAnswered: ['submitted', 'approved', 'answered'],
	escalated: ['escalated'],
	rejected: ['submitted', 'rejected']
};
/** Event labels `<submission>:<to_state>`, optionally only those of the given to_states. */
function events(names: (keyof WorldSubmissions)[], toStates?: string[]): string[] {
	return names.flatMap((n) => EVENTS[n].filter((t) => !toStates || toStates.includes(t)).map((t) => `${n}:${t}`));
}
const A1 = A1_TEACHER_SUBS as (keyof WorldSubmissions)[];
const A1_OWN = A1_OWN_SUBS as (keyof WorldSubmissions)[];
const ALL = ALL_SUBS as (keyof WorldSubmissions)[];
// Who reads which event: whoever reads the submission, except that staff read only the events of
// the states they deal with (approved, answered), never the school's return exchange.
const FORWARD_AND_ANSWER = ['approved', 'answered'];
const eventReaders = matrix(none, {
	anon: 'denied',
	childA1: only(...events(A1_OWN)),
	childA2: only(...events(['otherClassApproved'])),
	childB: only(...events(['otherDistrictAnswered'])),
	teacherA1: only(...events(A1)),
	teacherA2: only(...events(['otherClassApproved'])),
	teacherB: only(...events(['otherDistrictAnswered'])),
	staffA: only(...events(['approved', 'answered', 'otherClassApproved'], FORWARD_AND_ANSWER)),
	staffB: only(...events(['otherDistrictAnswered'], FORWARD_AND_ANSWER)),
	admin: plusOthers(...events(ALL))
});
// Who reads which answer (answered submissions they can read).
const answerReaders = matrix(none, {
	anon: 'denied',
	childA1: only('answered'),
	childB: only('otherDistrictAnswered'),
	teacherA1: only('answered'),
	teacherB: only('otherDistrictAnswered'),
	staffA: only('answered'),
	staffB: only('otherDistrictAnswered'),
	admin: plusOthers('answered', 'otherDistrictAnswered')
});
const publicAnswers = matrix(plusOthers('answered', 'otherDistrictAnswered'), {});

const TABLES = {
	districts: {
		query: 'select id from public.districts',
		label: (r) => districtLabel(r.id),
		expect: matrix(plusOthers('A', 'B'), { anon: 'denied', nobody: none })
	},
	schools: {
		query: 'select id from public.schools',
		label: (r) => schoolLabel(r.id),
		expect: matrix(plusOthers('A', 'B'), { anon: 'denied', nobody: none })
	},
	classes: {
		query: 'select id from public.classes',
		label: (r) => classLabel(r.id),
		expect: matrix(none, {
			anon: 'denied',
			childA1: only('A1'),
			childA1b: only('A1'),
			childA2: only('A2'),
			childB: only('B1'),
			teacherA1: only('A1'),
			teacherA2: only('A2'),
			teacherB: only('B1'),
			staffA: only('A1', 'A2'),
			staffB: only('B1'),
			admin: plusOthers('A1', 'A2', 'B1')
		})
	},
	profiles: {
		query: 'select id from public.profiles',
		label: (r) => personLabel(r.id),
		expect: matrix(none, {
			anon: 'denied',
			childA1: only('childA1'),
			childA1b: only('childA1b'),
			childA2: only('childA2'),
			childB: only('childB'),
			teacherA1: only('teacherA1', 'childA1', 'childA1b'),
			teacherA2: only('teacherA2', 'childA2'),
			teacherB: only('teacherB', 'childB'),
			// Staff never see a child's profile.
			staffA: only('staffA'),
			staffB: only('staffB'),
			leadA: only('leadA'),
			// (nobody has no profile at all)
			admin: plusOthers('childA1', 'childA1b', 'childA2', 'childB', 'teacherA1', 'teacherA2', 'teacherB', 'staffA', 'staffB', 'admin', 'leadA')
		})
	},
	class_students: {
		query: 'select student_id from public.class_students',
		label: (r) => personLabel(r.student_id),
		expect: matrix(none, {
			anon: 'denied',
			childA1: only('childA1'),
			childA1b: only('childA1b'),
			childA2: only('childA2'),
			childB: only('childB'),
			teacherA1: only('childA1', 'childA1b'),
			teacherA2: only('childA2'),
			teacherB: only('childB'),
			admin: plusOthers('childA1', 'childA1b', 'childA2', 'childB')
		})
	},
	class_teachers: {
		query: 'select teacher_id from public.class_teachers',
		label: (r) => personLabel(r.teacher_id),
		expect: matrix(none, {
			anon: 'denied',
			teacherA1: only('teacherA1'),
			teacherA2: only('teacherA2'),
			teacherB: only('teacherB'),
			admin: plusOthers('teacherA1', 'teacherA2', 'teacherB')
		})
	},
	staff_districts: {
		query: 'select staff_id from public.staff_districts',
		label: (r) => personLabel(r.staff_id),
		expect: matrix(none, {
			anon: 'denied',
			staffA: only('staffA'),
			staffB: only('staffB'),
			admin: plusOthers('staffA', 'staffB')
		})
	},
	submissions: {
		query: 'select id from public.submissions',
		label: (r) => subLabel(r.id),
		expect: submissionReaders
	},
	// author_id (the child's stable id) is not selectable by anyone through the Data API (column
	// privileges): the author's rows and nickname reach the people who may see them through the views.
	'submissions.author_id': {
		query: 'select author_id from public.submissions',
		label: () => null,
		expect: matrix('denied', {})
	},
	// The same rule for every other column that holds a child's account id, and for the key of the
	// request that made a proposal (case child-id-through-another-column, request-key-reveals-author).
	'submission_events.actor_id': {
		query: 'select submission_id, actor_id from public.submission_events where from_state is null',
		label: () => null,
		expect: matrix('denied', {})
	},
	'notifications.recipient_id': {
		query: 'select recipient_id from public.notifications',
		label: () => null,
		expect: matrix('denied', {})
	},
	'submissions.client_request_id': {
		query: 'select client_request_id from public.submissions',
		label: () => null,
		expect: matrix('denied', {})
	},
	submission_events: {
		query: 'select submission_id, to_state from public.submission_events',
		label: (r) => {
			const sub = subLabel(r.submission_id);
			return sub === null ? null : `${sub}:${String(r.to_state)}`;
		},
		expect: eventReaders
	},
	answers: {
		query: 'select submission_id from public.answers',
		label: (r) => subLabel(r.submission_id),
		expect: answerReaders
	},
	answer_goals: {
		query: 'select a.submission_id from public.answer_goals ag join public.answers a on a.id = ag.answer_id',
		label: (r) => subLabel(r.submission_id),
		expect: answerReaders
	},
	notifications: {
		query: 'select submission_id, kind from public.notifications',
		label: (r) => subLabel(r.submission_id),
		expect: matrix(none, {
			anon: 'denied',
			// the author: returned, approved, answered, rejected
			childA1: only('returned', 'approved', 'answered', 'rejected'),
			childA2: only('otherClassApproved'),
			childB: only('otherDistrictAnswered'),
			// the teachers: each submission of their class that came to them (not the escalated one)
			teacherA1: only(...A1_TEACHER_SUBS),
			teacherA2: only('otherClassApproved'),
			teacherB: only('otherDistrictAnswered'),
			// the school's safeguarding lead: the escalated one
			leadA: only('escalated'),
			// staff: one line per item forwarded to their district
			staffA: only('approved', 'answered', 'otherClassApproved'),
			staffB: only('otherDistrictAnswered'),
			// admins read their own notifications only (they have none)
			admin: none
		})
	},
	published_answers: {
		query: 'select submission_id from public.published_answers',
		label: (r) => subLabel(r.submission_id),
		expect: publicAnswers
	},
	published_answer_goals: {
		query: 'select submission_id from public.published_answer_goals',
		label: (r) => subLabel(r.submission_id),
		expect: publicAnswers
	},
	// Safety layer: who is a lead (the lead themself, admins), the leads' case log (the leads of
	// the school, admins), the log of their reads (admins only, not even the lead who read).
	school_safeguarding_leads: {
		query: 'select school_id from public.school_safeguarding_leads',
		label: (r) => schoolLabel(r.school_id),
		expect: matrix(none, { anon: 'denied', leadA: only('A'), admin: plusOthers('A') })
	},
	safeguarding_actions: {
		query: 'select submission_id from public.safeguarding_actions',
		label: (r) => subLabel(r.submission_id),
		expect: matrix(none, { anon: 'denied', leadA: only('escalated'), admin: plusOthers('escalated') })
	},
	safeguarding_access_log: {
		query: 'select submission_id from public.safeguarding_access_log',
		label: (r) => subLabel(r.submission_id),
		expect: matrix(none, { anon: 'denied', admin: plusOthers('escalated') })
	},
	ledger_editions: {
		query: 'select year from public.ledger_editions',
		label: (r) => (r.year === 2023 ? '2023' : null),
		expect: matrix(plusOthers('2023'), {})
	},
	ledger_category_targets: {
		query: "select edition, category from public.ledger_category_targets where edition = 2023",
		label: (r) => String(r.category),
		expect: matrix(only('policy', 'service', 'rights', 'space', 'environment'), {})
	},
	ledger_goals: {
		query: "select code from public.ledger_goals where edition = 2023 and code in ('SPC-06', 'ENV-03')",
		label: (r) => String(r.code),
		expect: matrix(only('SPC-06', 'ENV-03'), {})
	},
	// The record of a guardian's consent: the child's teachers and admins; never the child (who reads
	// only class_students.guardian_consent), never staff.
	guardian_consents: {
		query: 'select student_id from public.guardian_consents',
		label: (r) => personLabel(r.student_id),
		expect: matrix(none, {
			anon: 'denied',
			teacherA1: only('childA1', 'childA1b'),
			teacherA2: only('childA2'),
			teacherB: only('childB'),
			admin: plusOthers('childA1', 'childA1b', 'childA2', 'childB')
		})
	},
	// The erasure log: the class's teachers and admins; never the children, staff or the public.
	child_erasures: {
		query: 'select class_id, student_number from public.child_erasures',
		label: (r) => {
			const c = classLabel(r.class_id);
			return c === null ? null : `${c}#${String(r.student_number)}`;
		},
		expect: matrix(none, {
			anon: 'denied',
			teacherA1: only('A1#9'),
			admin: plusOthers('A1#9')
		})
	}
} satisfies Record<string, TableSpec>;

const VIEWS: Record<string, TableSpec> = {
	my_submissions: {
		query: 'select id from public.my_submissions',
		label: (r) => subLabel(r.id),
		expect: matrix(none, {
			anon: 'denied',
			childA1: only(...A1_OWN_SUBS),
			childA2: only('otherClassApproved'),
			childB: only('otherDistrictAnswered')
		})
	},
	class_queue: {
		query: 'select id from public.class_queue',
		label: (r) => subLabel(r.id),
		expect: matrix(none, {
			anon: 'denied',
			teacherA1: only(...A1_TEACHER_SUBS),
			teacherA2: only('otherClassApproved'),
			teacherB: only('otherDistrictAnswered'),
			admin: plusOthers(...ALL_SUBS.filter((l) => l !== 'escalated'))
		})
	},
	district_inbox: {
		query: 'select id from public.district_inbox',
		label: (r) => subLabel(r.id),
		expect: matrix(none, {
			anon: 'denied',
			staffA: only('approved', 'answered', 'otherClassApproved'),
			staffB: only('otherDistrictAnswered'),
			admin: plusOthers('approved', 'answered', 'otherClassApproved', 'otherDistrictAnswered')
		})
	},
	submission_answer_goals: {
		query: 'select submission_id from public.submission_answer_goals',
		label: (r) => subLabel(r.submission_id),
		expect: answerReaders
	},
	public_goal_answers: {
		query: 'select submission_id from public.public_goal_answers',
		label: (r) => subLabel(r.submission_id),
		expect: publicAnswers
	},
	published_answer_categories: {
		query: 'select submission_id from public.published_answer_categories',
		label: (r) => subLabel(r.submission_id),
		expect: publicAnswers
	},
	public_category_answers: {
		query: 'select submission_id from public.public_category_answers',
		label: (r) => subLabel(r.submission_id),
		expect: publicAnswers
	},
	ledger_category_summary: {
		query: 'select category from public.ledger_category_summary where edition = 2023',
		label: (r) => String(r.category),
		expect: matrix(only('policy', 'service', 'rights', 'space', 'environment'), {})
	},
	// Rows: the children whose class membership the caller reads; the consent columns only where
	// the caller reads the record (a child's own row has none).
	class_consents: {
		query: 'select class_id, student_number, consent_id is not null as recorded from public.class_consents',
		label: (r) => {
			const c = classLabel(r.class_id);
			return c === null ? null : `${c}#${String(r.student_number)}${r.recorded ? '' : ' (no record)'}`;
		},
		expect: matrix(none, {
			anon: 'denied',
			childA1: only('A1#1 (no record)'),
			childA1b: only('A1#2 (no record)'),
			childA2: only('A2#1 (no record)'),
			childB: only('B1#1 (no record)'),
			teacherA1: only('A1#1', 'A1#2'),
			teacherA2: only('A2#1'),
			teacherB: only('B1#1'),
			admin: plusOthers('A1#1', 'A1#2', 'A2#1', 'B1#1')
		})
	}
};

async function visible(spec: TableSpec, who: Who): Promise<Expectation> {
	return asUser(sql, actor(who), async (tx) => {
		try {
			const rows = await tx.savepoint((sp) => sp.unsafe(spec.query));
			const labels = rows.map((r) => spec.label(r));
			const world = [...new Set(labels.filter((l): l is string => l !== null))].sort();
			return { rows: world, others: labels.some((l) => l === null) ? 'any' : 'none' } as Expectation;
		} catch (e) {
			if ((e as { code?: string }).code === '42501') return 'denied';
			throw e;
		}
	});
}

function check(actual: Expectation, expected: Expectation) {
	if (expected === 'denied' || actual === 'denied') {
		expect(actual).toBe(expected);
		return;
	}
	expect(actual.rows).toEqual([...new Set(expected.rows)].sort());
	if (expected.others === 'none') expect(actual.others).toBe('none');
}

describe('who reads what', () => {
	for (const [name, spec] of Object.entries({ ...TABLES, ...VIEWS })) {
		describe(name, () => {
			for (const who of EVERYONE) {
				it(`${who}`, async () => {
					check(await visible(spec, who), spec.expect[who]);
				});
			}
		});
	}

	it('the admin sees rows beyond this world (the matrix can tell "others" apart)', async () => {
		const seen = await visible(TABLES.profiles, 'admin');
		expect(seen).not.toBe('denied');
		expect((seen as { others: Others }).others).toBe('any');
	});
});

describe('writes are refused for everyone', () => {
	// One column per table for a harmless-looking update.
	const UPDATE_COLUMN: Record<string, string> = {
		districts: 'name_en',
		schools: 'name_en',
		classes: 'name',
		profiles: 'display_name',
		class_students: 'guardian_consent',
		class_teachers: 'class_id',
		school_teachers: 'school_id',
		staff_districts: 'district_id',
		submissions: 'state',
		submission_events: 'comment',
		answers: 'reply',
		answer_goals: 'goal_id',
		notifications: 'read_at',
		published_answers: 'reply',
		published_answer_goals: 'goal_id',
		guardian_consents: 'guardian',
		child_erasures: 'published_kept',
		school_safeguarding_leads: 'created_at',
		safeguarding_actions: 'note',
		safeguarding_access_log: 'read_at',
		ledger_editions: 'title_en',
		ledger_category_targets: 'declared_count',
		ledger_goals: 'title_en',
		departments: 'name_zh',
		ledger_goal_departments: 'department_id',
		ledger_import_drafts: 'file_name',
		district_inbox_counts: 'submissions',
		dashboard_counts: 'submissions',
		dashboard_due: 'items',
		published_answer_counts: 'answers',
		published_goal_answer_counts: 'answers',
		communities: 'name_en',
		polls: 'reply',
		poll_options: 'label',
		poll_goals: 'goal_id',
		poll_option_pictures: 'alt_zh',
		submission_praise: 'praise',
		drafts: 'kind',
		// Street reports (20261130050100)
		neighbourhood_places: 'name_en',
		street_reports: 'public_place_text',
		street_report_photos: 'confirmed_at',
		published_street_reports: 'description',
		published_street_report_photos: 'position',
		street_offices: 'name_en',
		department_staff: 'department_id',
		street_office_staff: 'street_office_id',
		submission_routing_log: 'note',
		submission_progress: 'note',
		// Progress photos (20261201000000)
		progress_photos: 'width',
		reply_templates: 'body',
		cosignatures: 'created_at',
		cosign_counts: 'cosigners',
		notification_counts: 'unread',
		published_answer_categories: 'done',
		ledger_answered_goals: 'category',
		ledger_category_counts: 'answers'
	};

	it('covers every table in public', async () => {
		const tables = await sql`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`;
		expect(tables.map((t) => t.relname)).toEqual(Object.keys(UPDATE_COLUMN).sort());
	});

	for (const who of EVERYONE) {
		it(`${who}: insert, update, delete, truncate on every table → 42501`, async () => {
			await asUser(sql, actor(who), async (tx) => {
				for (const [table, column] of Object.entries(UPDATE_COLUMN)) {
					for (const stmt of [
						`insert into public.${table} default values`,
						`update public.${table} set ${column} = ${column}`,
						`delete from public.${table}`,
						`truncate public.${table} cascade`
					]) {
						const err = await dbError(tx, (sp) => sp.unsafe(stmt));
						expect(err.code, `${who}: ${stmt}`).toBe('42501');
						expect(err.message, `${who}: ${stmt}`).toMatch(/permission denied for table/);
					}
				}
			});
		});
	}

	it('nothing changed after all those attempts', async () => {
		const [row] = await sql`select state, class_id, title from public.submissions where id = ${subs.submitted}`;
		expect({ ...row }).toEqual({ state: 'submitted', class_id: w.classA1, title: 'submitted ' + w.tag });
	});
});

describe('the proposal is safe from others', () => {
	it('a child cannot move their own proposal to another class or set its state', async () => {
		await asUser(sql, w.people.childA1, async (tx) => {
			for (const stmt of [
				`update public.submissions set class_id = '${w.classA2}' where id = '${subs.submitted}'`,
				`update public.submissions set state = 'approved' where id = '${subs.submitted}'`,
				`update public.submissions set author_id = '${w.ids.childA1b}' where id = '${subs.submitted}'`,
				`insert into public.submissions (class_id, author_id, state, title, problem, suggestions, who_should_act, age_band)
				 values ('${w.classA1}', '${w.ids.childA1}', 'approved', 't', 'p', 's', 'w', '10-13')`,
				`insert into public.submission_events (submission_id, to_state) values ('${subs.submitted}', 'approved')`,
				`update public.class_students set class_id = '${w.classA2}' where student_id = '${w.ids.childA1}'`,
				`update public.profiles set role = 'admin' where id = '${w.ids.childA1}'`
			]) {
				expect((await dbError(tx, (sp) => sp.unsafe(stmt))).code, stmt).toBe('42501');
			}
		});
	});

	it('even with table privileges granted back, RLS has no write policy: no row changes', async () => {
		await rolledBack(sql, async (tx) => {
			await tx`grant insert, update, delete on public.submissions, public.profiles, public.class_students to authenticated`;
			await actAs(tx, w.people.childA1);
			const moved = await tx`update public.submissions set class_id = ${w.classA2}, state = 'approved' where id = ${subs.submitted} returning id`;
			expect(moved).toHaveLength(0);
			const promoted = await tx`update public.profiles set role = 'admin' where id = ${w.ids.childA1} returning id`;
			expect(promoted).toHaveLength(0);
			const deleted = await tx`delete from public.submissions where id = ${subs.submitted} returning id`;
			expect(deleted).toHaveLength(0);
			const inserted = await dbError(tx, (sp) =>
				sp`insert into public.submissions (class_id, author_id, state, title, problem, suggestions, who_should_act, age_band)
				   values (${w.classA1}, ${w.ids.childA1}, 'approved', 't', 'p', 's', 'w', '10-13')`
			);
			expect(inserted.code).toBe('42501');
			expect(inserted.message).toMatch(/row-level security/);
			await asSuperuser(tx);
			const [row] = await tx`select state, class_id from public.submissions where id = ${subs.submitted}`;
			expect({ ...row }).toEqual({ state: 'submitted', class_id: w.classA1 });
		});
	});

	for (const who of ['anon', 'childA1b', 'childA2', 'childB', 'teacherA2', 'teacherB', 'staffB', 'nobody'] as Who[]) {
		it(`${who} can neither read nor change class A1's proposals`, async () => {
			await asUser(sql, actor(who), async (tx) => {
				const ids = [subs.submitted, subs.returned, subs.approved, subs.answered];
				const read = await dbError(tx, (sp) => sp`select id from public.submissions where id = any(${ids}::uuid[])`).catch(
					() => null
				);
				if (read) {
					expect(read.code).toBe('42501'); // anon: no select privilege at all
				} else {
					const rows = await tx`select id from public.submissions where id = any(${ids}::uuid[])`;
					expect(rows).toHaveLength(0);
				}
				const change = await dbError(tx, (sp) => sp`update public.submissions set title = 'x' where id = ${subs.submitted}`);
				expect(change.code).toBe('42501');
			});
		});
	}
});

describe('staff never see who wrote a submission', () => {
	it('district_inbox has no author column, and staff cannot resolve one', async () => {
		const cols = await sql`select column_name from information_schema.columns
			where table_schema = 'public' and table_name = 'district_inbox'`;
		const names = cols.map((c) => c.column_name);
		expect(names).toContain('title');
		for (const forbidden of ['author_id', 'author_display_name', 'display_name', 'student_id', 'student_number', 'class_id', 'school_id']) {
			expect(names).not.toContain(forbidden);
		}
		await asUser(sql, w.people.staffA, async (tx) => {
			const inbox = await tx`select * from public.district_inbox where id = ${subs.approved}`;
			expect(inbox).toHaveLength(1);
			const text = JSON.stringify(inbox[0]);
			expect(text).not.toContain(w.ids.childA1);
			expect(text).not.toContain('小明' + w.tag);
			const children = await tx`select id from public.profiles where id in ${tx([w.ids.childA1, w.ids.childA1b, w.ids.childA2])}`;
			expect(children).toHaveLength(0);
			const memberships = await tx`select student_id from public.class_students where class_id = ${w.classA1}`;
			expect(memberships).toHaveLength(0);
			const queue = await tx`select author_display_name from public.class_queue`;
			expect(queue).toHaveLength(0);
		});
	});

	it('staff do not see submitted or returned proposals, not even in the inbox', async () => {
		await asUser(sql, w.people.staffA, async (tx) => {
			const rows = await tx`select id from public.submissions where id in ${tx([subs.submitted, subs.returned])}`;
			expect(rows).toHaveLength(0);
			const inbox = await tx`select id from public.district_inbox where id in ${tx([subs.submitted, subs.returned])}`;
			expect(inbox).toHaveLength(0);
			const events = await tx`select id from public.submission_events where submission_id in ${tx([subs.submitted, subs.returned])}`;
			expect(events).toHaveLength(0);
		});
	});
});

describe('nobody reads submissions.author_id through the Data API', () => {
	const OTHER_COLUMNS =
		'id, kind, class_id, state, age_band, created_at, updated_at, submitted_at, version, forwarded_at, district_id, ' +
		'public_title, public_problem, public_suggestions, public_who_should_act, rejection_reason';

	it('staff of the same district: selecting, filtering or ordering by author_id is 42501; the other columns are readable', async () => {
		await asUser(sql, w.people.staffA, async (tx) => {
			for (const stmt of [
				`select author_id from public.submissions where id = '${subs.approved}'`,
				'select author_id from public.submissions',
				'select * from public.submissions',
				'select s from public.submissions s',
				`select id from public.submissions where author_id = '${w.ids.childA1}'`,
				'select id from public.submissions order by author_id',
				'select count(distinct author_id) from public.submissions'
			]) {
				const err = await dbError(tx, (sp) => sp.unsafe(stmt));
				expect(err.code, stmt).toBe('42501');
				expect(err.message, stmt).toMatch(/permission denied for table submissions/);
			}
			const rows = await tx.unsafe(`select ${OTHER_COLUMNS} from public.submissions where id = '${subs.approved}'`);
			expect(rows).toHaveLength(1);
			expect(JSON.stringify(rows[0])).not.toContain(w.ids.childA1);
			// The child's original words and their screening stay inside the school: staff read the
			// teacher's public copy (public_*), and the original columns are 42501 like author_id.
			expect(rows[0]?.public_title).toBe('approved ' + w.tag);
			for (const col of ['title', 'problem', 'suggestions', 'who_should_act', 'flags']) {
				const err = await dbError(tx, (sp) => sp.unsafe(`select ${col} from public.submissions where id = '${subs.approved}'`));
				expect(err.code, col).toBe('42501');
			}
		});
	});

	for (const who of ['childA1', 'teacherA1', 'admin', 'staffB'] as Who[]) {
		it(`${who}: author_id is 42501 too (the views carry what they may see)`, async () => {
			await asUser(sql, actor(who), async (tx) => {
				const err = await dbError(tx, (sp) => sp`select author_id from public.submissions where id = ${subs.submitted}`);
				expect(err.code).toBe('42501');
			});
		});
	}

	/** The views as they were defined before author_id was hidden, run as superuser for one person. */
	async function oldMySubmissions(uid: string) {
		return sql`select s.id, s.kind, s.title, s.problem, s.suggestions, s.who_should_act, s.state,
				case when s.state in ('returned', 'rejected') then private.latest_teacher_comment(s.id) end as teacher_comment,
				s.created_at, s.updated_at, s.submitted_at, a.decision, a.reply, a.created_at as answered_at, s.version,
				s.rejection_reason
			from public.submissions s left join public.answers a on a.submission_id = s.id
			where s.author_id = ${uid} order by s.id`;
	}
	async function oldClassQueue(ids: string[]) {
		return sql`select s.id, s.class_id, c.name as class_name, p.display_name as author_display_name, s.title,
				s.problem, s.suggestions, s.who_should_act, s.state, s.submitted_at, s.updated_at,
				private.latest_teacher_comment(s.id) as teacher_comment, s.version, s.flags, s.public_title, s.public_problem,
				s.public_suggestions, s.public_who_should_act, s.rejection_reason, private.was_released(s.id) as released
			from public.submissions s join public.classes c on c.id = s.class_id
			left join public.profiles p on p.id = s.author_id
			where s.id = any(${ids}::uuid[]) order by s.id`;
	}
	const plain = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r }));

	it('children read exactly their own submissions through my_submissions, all columns', async () => {
		for (const who of ['childA1', 'childA2', 'childB', 'childA1b'] as const) {
			const seen = await asUser(sql, w.people[who], (tx) => tx`select * from public.my_submissions order by id`);
			const expected = plain(await oldMySubmissions(w.ids[who]));
			expect(plain(seen), who).toEqual(expected);
			expect(seen.length, who).toBe({ childA1: 6, childA2: 1, childB: 1, childA1b: 0 }[who]);
		}
		// The returned one carries the teacher's comment.
		const returned = await asUser(sql, w.people.childA1, (tx) =>
			tx`select teacher_comment from public.my_submissions where id = ${subs.returned}`
		);
		expect(returned[0]?.teacher_comment).toEqual(expect.any(String));
	});

	it("teachers and admins read class_queue with the author's nickname, exactly as before", async () => {
		const world = Object.values(subs);
		const cases: [Who, string[]][] = [
			['teacherA1', [subs.submitted, subs.returned, subs.approved, subs.answered, subs.rejected]],
			['teacherA2', [subs.otherClassApproved]],
			['teacherB', [subs.otherDistrictAnswered]],
			// Not the escalated one: its text is read only through the logged safeguarding functions.
			['admin', world.filter((id) => id !== subs.escalated)]
		];
		for (const [who, ids] of cases) {
			const seen = await asUser(sql, actor(who), (tx) =>
				tx`select * from public.class_queue where id = any(${world}::uuid[]) order by id`
			);
			const expected = plain(await oldClassQueue(ids));
			expect(plain(seen), who).toEqual(expected);
			expect(expected.every((r) => typeof r.author_display_name === 'string'), who).toBe(true);
		}
		const names = await asUser(sql, w.people.teacherA1, (tx) =>
			tx`select author_display_name from public.class_queue where id = ${subs.submitted}`
		);
		expect(names.map((r) => r.author_display_name)).toEqual(['小明' + w.tag]);
	});

	it('the nickname helper answers only the author, teachers of the class and admins; own ids only the author', async () => {
		const expected: Partial<Record<Who, string | null>> = {
			childA1: '小明' + w.tag,
			teacherA1: '小明' + w.tag,
			admin: '小明' + w.tag,
			childA1b: null,
			childA2: null,
			teacherA2: null,
			staffA: null,
			staffB: null,
			leadA: null,
			nobody: null
		};
		for (const [who, name] of Object.entries(expected) as [Who, string | null][]) {
			const row = one(
				await asUser(sql, actor(who), (tx) =>
					tx<{ name: string | null; own: string[] }[]>`select private.author_display_name(${subs.approved}) as name,
						array(select private.own_submission_ids()) as own`
				)
			);
			expect(row.name, who).toBe(name);
			const own = row.own.filter((id) => Object.values(subs).includes(id)).length;
			expect(own, who).toBe(who === 'childA1' ? 6 : who === 'childA2' ? 1 : 0);
		}
	});
});

describe("staff do not read the school's exchange with the child", () => {
	it('staff of the district read the approve and answer events of a forwarded proposal, not the return and its comment', async () => {
		// The teacher reads the whole history of `approved`, the return comment included ...
		const history = await asUser(sql, w.people.teacherA1, (tx) =>
			tx`select to_state, comment from public.submission_events where submission_id = ${subs.approved} order by id`
		);
		expect(history.map((e) => ({ ...e }))).toEqual([
			{ to_state: 'submitted', comment: null },
			{ to_state: 'returned', comment: RETURN_COMMENT },
			{ to_state: 'submitted', comment: null },
			{ to_state: 'approved', comment: null }
		]);
		// ... and so do the author and admins.
		for (const who of [w.people.childA1, w.people.admin]) {
			const rows = await asUser(sql, who, (tx) =>
				tx`select comment from public.submission_events where submission_id = ${subs.approved} and to_state = 'returned'`
			);
			expect(rows.map((r) => r.comment)).toEqual([RETURN_COMMENT]);
		}
		await asUser(sql, w.people.staffA, async (tx) => {
			// The submission itself is readable (forwarded, same district) ...
			expect(await tx`select id from public.submissions where id = ${subs.approved}`).toHaveLength(1);
			// ... its approve event too (district_inbox.approved_at comes from it) ...
			const seen = await tx`select to_state from public.submission_events where submission_id = ${subs.approved} order by id`;
			expect(seen.map((e) => e.to_state)).toEqual(['approved']);
			const inbox = await tx<{ approved_at: Date | null }[]>`select approved_at from public.district_inbox where id = ${subs.approved}`;
			expect(inbox[0]?.approved_at).toBeInstanceOf(Date);
			// ... and the approve and answer events of the answered one, with the teacher's approval comment.
			const answered = await tx`select to_state, comment from public.submission_events where submission_id = ${subs.answered} order by id`;
			expect(answered.map((e) => ({ ...e }))).toEqual([
				{ to_state: 'approved', comment: '很好的建议' },
				{ to_state: 'answered', comment: null }
			]);
			// Not the return, not its comment, not the child's own (re)submission events, by any filter.
			const hidden = await tx`select id from public.submission_events
				where to_state in ('submitted', 'returned') or comment = ${RETURN_COMMENT}`;
			expect(hidden).toHaveLength(0);
		});
	});

	it('staff of another district read none of the events', async () => {
		const rows = await asUser(sql, w.people.staffB, (tx) =>
			tx`select id from public.submission_events where submission_id in ${tx([subs.approved, subs.answered, subs.otherClassApproved])}`
		);
		expect(rows).toHaveLength(0);
	});
});
