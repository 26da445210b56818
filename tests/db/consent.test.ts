/**
 * Guardian consent and archived classes (migration 20261130002000): the database refuses a
 * submission from a child under 14 without a consent in force, whichever way the row is written;
 * who may record and withdraw consent, at which version and state, and what is written; archived
 * classes send and moderate nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ANON,
	approve,
	actAs,
	asSuperuser,
	connect,
	createAccount,
	createWorld,
	dbError,
	one,
	proposal,
	rolledBack,
	submit,
	user,
	type Actor,
	type Sql,
	type Tx,
	type World
} from './helpers';

let sql: Sql;
let w: World;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
});

afterAll(async () => {
	await sql?.end();
});

const NOT_ALLOWED = { code: '42501', message: 'not_allowed' };
const NOT_FOUND = { code: 'PT404', message: 'not_found' };
const STALE = { code: 'PT409', message: 'stale_version' };
const INVALID_STATE = { code: 'P0001', message: 'invalid_state' };
const CONSENT_REQUIRED = { code: 'PT403', message: 'consent_required' };
const CLASS_ARCHIVED = { code: 'PT403', message: 'class_archived' };

let numbers = 100;

/** A new child in `classId` (inside tx), without consent unless asked; returns the actor and number. */
async function newChild(tx: Tx, classId: string, consent = false): Promise<{ who: Actor; id: string; n: number }> {
	await asSuperuser(tx);
	const n = numbers++;
	const id = await createAccount(tx, {
		role: 'student', display_name: `新同学${n}`, class_id: classId, student_number: n, ...(consent ? { guardian_consent: true } : {})
	});
	return { who: user(id), id, n };
}

/** record_guardian_consent with a valid form; `given` absent = today, null = none. */
const record = (classId: string, n: number, over: Partial<{ guardian: string | null; method: string | null; given: string | null }> = {}) => {
	const o = { guardian: '妈妈', method: 'paper_form', ...over };
	const given = 'given' in over ? (o.given ?? null) : new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
	return (sp: Tx) =>
		sp<{ id: string }[]>`select public.record_guardian_consent(${classId}, ${n}, ${o.guardian}, ${o.method}::public.consent_method,
			${given}::date) as id`;
};

async function recordAs(tx: Tx, who: Actor, classId: string, n: number, over = {}): Promise<string> {
	await actAs(tx, who);
	return one(await record(classId, n, over)(tx)).id;
}

async function errorAs(tx: Tx, who: Actor, fn: (sp: Tx) => Promise<unknown>) {
	await actAs(tx, who);
	return dbError(tx, fn);
}

async function consentOf(tx: Tx, studentId: string) {
	await asSuperuser(tx);
	return tx`select g.id, g.guardian, g.method, g.given_on, g.recorded_by, g.withdrawn_at, g.withdrawn_by, g.version,
			cs.guardian_consent as flag
		from public.class_students cs left join public.guardian_consents g on g.student_id = cs.student_id
		where cs.student_id = ${studentId} order by g.recorded_at`;
}

async function count(tx: Tx, table: string): Promise<number> {
	await asSuperuser(tx);
	return one(await tx.unsafe<{ n: number }[]>(`select count(*)::int as n from public.${table}`)).n;
}

describe('no consent, no submission', () => {
	it('a child in 10-13 (A1) or 6-9 (A2) without consent is refused with consent_required; nothing is written', async () => {
		await rolledBack(sql, async (tx) => {
			for (const classId of [w.classA1, w.classA2]) {
				const child = await newChild(tx, classId);
				const before = await Promise.all(['submissions', 'submission_events', 'notifications'].map((t) => count(tx, t)));
				expect(await errorAs(tx, child.who, (sp) => submit(sp))).toEqual(CONSENT_REQUIRED);
				expect(await Promise.all(['submissions', 'submission_events', 'notifications'].map((t) => count(tx, t)))).toEqual(before);
			}
		});
	});

	it('a child in 14-17 (B1) needs no consent', async () => {
		await rolledBack(sql, async (tx) => {
			const child = await newChild(tx, w.classB1);
			await actAs(tx, child.who);
			expect(await submit(tx)).toMatch(/^[0-9a-f-]{36}$/);
		});
	});

	it('the check is the table, not the function: a row written any other way is refused too', async () => {
		await rolledBack(sql, async (tx) => {
			const child = await newChild(tx, w.classA1);
			await asSuperuser(tx);
			const err = await dbError(tx, (sp) => sp`insert into public.submissions (class_id, author_id, title, problem, suggestions, who_should_act, age_band)
				values (${w.classA1}, ${child.id}, 't', 'p', 's', 'w', '10-13')`);
			expect(err).toEqual(CONSENT_REQUIRED);
		});
	});

	it("blank fields are reported before consent (the form's own errors first)", async () => {
		await rolledBack(sql, async (tx) => {
			const child = await newChild(tx, w.classA1);
			expect(await errorAs(tx, child.who, (sp) => submit(sp, proposal({ title: ' ' })))).toEqual({ code: 'P0001', message: 'field_required:title' });
		});
	});

	it('an account made with guardian_consent: true has a consent (method enrolment, no recorder) and submits', async () => {
		await rolledBack(sql, async (tx) => {
			const child = await newChild(tx, w.classA1, true);
			const rows = await consentOf(tx, child.id);
			expect(rows.map((r) => ({ method: r.method, guardian: r.guardian, by: r.recorded_by, flag: r.flag }))).toEqual([
				{ method: 'enrolment', guardian: null, by: null, flag: true }
			]);
			await actAs(tx, child.who);
			expect(await submit(tx)).toMatch(/^[0-9a-f-]{36}$/);
		});
	});
});

describe('record_guardian_consent', () => {
	it('a teacher of the class records it: who, how, when, by whom; the flag is set; the child can then submit', async () => {
		await rolledBack(sql, async (tx) => {
			const child = await newChild(tx, w.classA1);
			const id = await recordAs(tx, w.people.teacherA1, w.classA1, child.n, { guardian: '  外婆 ', method: 'in_person', given: '2026-09-01' });
			const [row] = await consentOf(tx, child.id);
			expect({ ...row, given_on: undefined }).toEqual({
				id, guardian: '外婆', method: 'in_person', given_on: undefined, recorded_by: w.ids.teacherA1, withdrawn_at: null,
				withdrawn_by: null, version: 1, flag: true
			});
			expect(one(await tx`select given_on::text as d from public.guardian_consents where id = ${id}`).d).toBe('2026-09-01');
			await actAs(tx, child.who);
			expect(await submit(tx)).toMatch(/^[0-9a-f-]{36}$/);
		});
	});

	it('an admin may record it for any class', async () => {
		await rolledBack(sql, async (tx) => {
			const child = await newChild(tx, w.classA2);
			await recordAs(tx, w.people.admin, w.classA2, child.n, { method: 'message' });
			expect((await consentOf(tx, child.id))[0]?.recorded_by).toBe(w.ids.admin);
		});
	});

	it('nobody else: teachers of other classes, staff, children, accounts without a role; anon cannot call it', async () => {
		await rolledBack(sql, async (tx) => {
			const child = await newChild(tx, w.classA1);
			for (const who of ['teacherA2', 'teacherB', 'staffA', 'childA1', 'childA1b', 'nobody'] as const) {
				expect(await errorAs(tx, w.people[who], record(w.classA1, child.n)), who).toEqual(NOT_ALLOWED);
			}
			const anon = await errorAs(tx, ANON, record(w.classA1, child.n));
			expect(anon.code).toBe('42501');
			expect(anon.message).toMatch(/permission denied for function/);
			expect(await consentOf(tx, child.id)).toEqual([expect.objectContaining({ id: null, flag: false })]);
		});
	});

	it('unknown class or number: not_found', async () => {
		await rolledBack(sql, async (tx) => {
			expect(await errorAs(tx, w.people.teacherA1, record(w.classA1, 999))).toEqual(NOT_FOUND);
			expect(await errorAs(tx, w.people.teacherA1, record('00000000-0000-4000-8000-000000000000', 1))).toEqual(NOT_FOUND);
		});
	});

	it('a consent already in force (recorded meanwhile by someone else): stale_version, the first one stays', async () => {
		await rolledBack(sql, async (tx) => {
			const child = await newChild(tx, w.classA1);
			const first = await recordAs(tx, w.people.admin, w.classA1, child.n);
			expect(await errorAs(tx, w.people.teacherA1, record(w.classA1, child.n, { guardian: '爸爸' }))).toEqual(STALE);
			expect((await consentOf(tx, child.id)).map((r) => r.id)).toEqual([first]);
		});
	});

	it('inputs: guardian required and at most 100 characters; a method people use; a day not in the future nor 12 years back', async () => {
		await rolledBack(sql, async (tx) => {
			const child = await newChild(tx, w.classA1);
			const t = w.people.teacherA1;
			const cases: [Parameters<typeof record>[2], { code: string; message: string }][] = [
				[{ guardian: null }, { code: 'P0001', message: 'field_required:guardian' }],
				[{ guardian: ' \u200b ' }, { code: 'P0001', message: 'field_required:guardian' }],
				[{ guardian: '妈'.repeat(101) }, { code: 'P0001', message: 'field_too_long:guardian' }],
				[{ method: null }, { code: 'P0001', message: 'field_required:method' }],
				[{ method: 'enrolment' }, { code: 'P0001', message: 'field_invalid:method' }],
				[{ given: null }, { code: 'P0001', message: 'field_required:given_on' }],
				[{ given: '2999-01-01' }, { code: 'P0001', message: 'field_invalid:given_on' }],
				[{ given: '2001-01-01' }, { code: 'P0001', message: 'field_invalid:given_on' }]
			];
			for (const [over, expected] of cases) {
				expect(await errorAs(tx, t, record(w.classA1, child.n, over)), JSON.stringify(over)).toEqual(expected);
			}
			expect(await errorAs(tx, t, (sp) => sp`select public.record_guardian_consent(${w.classA1}, ${child.n}, '妈妈', 'fax'::public.consent_method, current_date)`))
				.toMatchObject({ code: '22P02' });
			// 100 characters is fine, and so is today.
			await recordAs(tx, t, w.classA1, child.n, { guardian: '妈'.repeat(100) });
		});
	});
});

describe('withdraw_guardian_consent', () => {
	async function withConsent(tx: Tx, classId = w.classA1) {
		const child = await newChild(tx, classId);
		const id = await recordAs(tx, w.people.teacherA1, classId, child.n);
		return { ...child, consent: id };
	}
	const withdraw = (id: string, version: number | null) => (sp: Tx) => sp`select public.withdraw_guardian_consent(${id}, ${version})`;

	it('a teacher of the class withdraws it at the version shown: recorded who and when, flag off, the child can no longer send or resend', async () => {
		await rolledBack(sql, async (tx) => {
			const child = await withConsent(tx);
			await actAs(tx, child.who);
			const returned = await submit(tx);
			await actAs(tx, w.people.teacherA1);
			await tx`select public.return_submission(${returned}, (select version from public.submissions where id = ${returned}), '再想想')`;
			await withdraw(child.consent, 1)(tx);
			const [row] = await consentOf(tx, child.id);
			expect(row).toMatchObject({ withdrawn_by: w.ids.teacherA1, version: 2, flag: false });
			expect(row?.withdrawn_at).toBeInstanceOf(Date);
			expect(await errorAs(tx, child.who, (sp) => submit(sp))).toEqual(CONSENT_REQUIRED);
			const p = proposal();
			expect(await errorAs(tx, child.who, (sp) => sp`select public.resubmit_proposal(${returned},
				(select version from public.submissions where id = ${returned}), ${p.title}, ${p.problem}, ${p.suggestions}, ${p.who_should_act})`)).toEqual(CONSENT_REQUIRED);
			// What was sent before stays.
			await asSuperuser(tx);
			expect(one(await tx`select state from public.submissions where id = ${returned}`).state).toBe('returned');
			// A new consent can be recorded; the history keeps both.
			await recordAs(tx, w.people.teacherA1, w.classA1, child.n, { guardian: '爸爸', method: 'message' });
			expect((await consentOf(tx, child.id)).map((r) => [r.guardian, r.withdrawn_at === null])).toEqual([['妈妈', false], ['爸爸', true]]);
			await actAs(tx, child.who);
			await submit(tx);
		});
	});

	it('a version that is not the current one: stale_version; already withdrawn: invalid_state', async () => {
		await rolledBack(sql, async (tx) => {
			const child = await withConsent(tx);
			const t = w.people.teacherA1;
			for (const v of [null, 0, 2]) expect(await errorAs(tx, t, withdraw(child.consent, v)), String(v)).toEqual(STALE);
			await withdraw(child.consent, 1)(tx);
			expect(await errorAs(tx, t, withdraw(child.consent, 1))).toEqual(STALE);
			expect(await errorAs(tx, t, withdraw(child.consent, 2))).toEqual(INVALID_STATE);
		});
	});

	it('only the class teachers and admins; unknown id: not_found', async () => {
		await rolledBack(sql, async (tx) => {
			const child = await withConsent(tx);
			for (const who of ['teacherA2', 'teacherB', 'staffA', 'childA1', 'nobody'] as const) {
				expect(await errorAs(tx, w.people[who], withdraw(child.consent, 1)), who).toEqual(NOT_ALLOWED);
			}
			expect((await errorAs(tx, ANON, withdraw(child.consent, 1))).code).toBe('42501');
			expect(await errorAs(tx, w.people.teacherA1, withdraw('00000000-0000-4000-8000-000000000000', 1))).toEqual(NOT_FOUND);
			await actAs(tx, w.people.admin);
			await withdraw(child.consent, 1)(tx);
			expect((await consentOf(tx, child.id))[0]?.withdrawn_by).toBe(w.ids.admin);
		});
	});
});

describe('archived classes', () => {
	const archive = (classId: string, archived: boolean | null) => (sp: Tx) => sp`select public.archive_class(${classId}, ${archived})`;

	it('only admins archive; twice is invalid_state; unknown class not_found; then active again', async () => {
		await rolledBack(sql, async (tx) => {
			for (const who of ['teacherA1', 'staffA', 'childA1', 'nobody'] as const) {
				expect(await errorAs(tx, w.people[who], archive(w.classA1, true)), who).toEqual(NOT_ALLOWED);
			}
			expect((await errorAs(tx, ANON, archive(w.classA1, true))).code).toBe('42501');
			expect(await errorAs(tx, w.people.admin, archive('00000000-0000-4000-8000-000000000000', true))).toEqual(NOT_FOUND);
			expect(await errorAs(tx, w.people.admin, archive(w.classA1, null))).toEqual({ code: 'P0001', message: 'field_required:archived' });
			expect(await errorAs(tx, w.people.admin, archive(w.classA1, false))).toEqual(INVALID_STATE);
			await archive(w.classA1, true)(tx);
			expect(one(await tx`select archived_at from public.classes where id = ${w.classA1}`).archived_at).toBeInstanceOf(Date);
			expect(await errorAs(tx, w.people.admin, archive(w.classA1, true))).toEqual(INVALID_STATE);
			await archive(w.classA1, false)(tx);
			expect(one(await tx`select archived_at from public.classes where id = ${w.classA1}`).archived_at).toBeNull();
		});
	});

	it('an archived class sends nothing and moderates nothing; staff still answer what was forwarded; consent is not recorded there', async () => {
		await rolledBack(sql, async (tx) => {
			const p = w.people;
			await actAs(tx, p.childA1);
			const waiting = await submit(tx, proposal({ title: 'waiting' }));
			const returned = await submit(tx, proposal({ title: 'returned' }));
			const forwarded = await submit(tx, proposal({ title: 'forwarded' }));
			await actAs(tx, p.teacherA1);
			await tx`select public.return_submission(${returned}, (select version from public.submissions where id = ${returned}), '再想想')`;
			await approve(tx, forwarded);
			await actAs(tx, p.admin);
			await archive(w.classA1, true)(tx);

			expect(await errorAs(tx, p.childA1, (sp) => submit(sp))).toEqual(CLASS_ARCHIVED);
			const q = proposal();
			expect(await errorAs(tx, p.childA1, (sp) => sp`select public.resubmit_proposal(${returned},
				(select version from public.submissions where id = ${returned}), ${q.title}, ${q.problem}, ${q.suggestions}, ${q.who_should_act})`)).toEqual(CLASS_ARCHIVED);
			expect(await errorAs(tx, p.teacherA1, (sp) => approve(sp, waiting))).toEqual(CLASS_ARCHIVED);
			expect(await errorAs(tx, p.teacherA1, (sp) => sp`select public.return_submission(${waiting}, (select version from public.submissions where id = ${waiting}), '不')`)).toEqual(CLASS_ARCHIVED);
			const child = await newChild(tx, w.classA1);
			expect(await errorAs(tx, p.teacherA1, record(w.classA1, child.n))).toEqual(CLASS_ARCHIVED);

			await actAs(tx, p.staffA);
			await tx`select public.answer_submission(${forwarded}, (select version from public.submissions where id = ${forwarded}), 'adopted', '好的。', ${[w.goal]}::uuid[])`;
			// The children can still read theirs.
			await actAs(tx, p.childA1);
			expect((await tx`select id from public.my_submissions where id in (${waiting}, ${returned}, ${forwarded})`).length).toBe(3);
		});
	});
});

describe('class_consents (the teacher page)', () => {
	it('lists the class by number with the consent in force; a child sees their own row without the record', async () => {
		await rolledBack(sql, async (tx) => {
			const child = await newChild(tx, w.classA1);
			await actAs(tx, w.people.teacherA1);
			const rows = await tx`select student_number, display_name, consent_id is not null as recorded, method, version
				from public.class_consents where class_id = ${w.classA1} order by student_number`;
			expect(rows.map((r) => [r.student_number, r.recorded, r.method])).toEqual([
				[1, true, 'enrolment'], [2, true, 'enrolment'], [child.n, false, null]
			]);
			await actAs(tx, w.people.childA1);
			const own = await tx`select student_number, consent_id, guardian from public.class_consents`;
			expect(own.map((r) => ({ ...r }))).toEqual([{ student_number: 1, consent_id: null, guardian: null }]);
			// The flag is what the child reads.
			expect(one(await tx`select guardian_consent from public.class_students`).guardian_consent).toBe(true);
		});
	});
});
