/**
 * The proposal flow through the rpc functions: submit → return with comment → resubmit →
 * approve → answer with goals → public copy; every wrong caller and wrong state; input rules.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	actAs,
	asSuperuser,
	connect,
	createAccount,
	createWorld,
	dbError,
	one,
	proposal,
	publicCopy,
	rolledBack,
	submit,
	submitted,
	tryInSavepoint,
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

/** The current version of a submission, read as superuser (for callers who cannot read it themselves). */
async function version(tx: Tx, id: string): Promise<number> {
	await asSuperuser(tx);
	return one(await tx<{ version: number }[]>`select version from public.submissions where id = ${id}`).version;
}

async function state(tx: Tx, id: string): Promise<string> {
	await asSuperuser(tx);
	const row = one(await tx<{ state: string }[]>`select state from public.submissions where id = ${id}`);
	return row.state;
}

/** As `who`: returns the error of `fn` (code + message key). */
async function errorAs(tx: Tx, who: Actor, fn: (sp: Tx) => Promise<unknown>) {
	await actAs(tx, who);
	return dbError(tx, fn);
}

const returnIt = (id: string, comment: string | null = '请补充细节') => (sp: Tx) =>
	sp`select public.return_submission(${id}, (select version from public.submissions where id = ${id}), ${comment})`;
const approveIt = (id: string, comment: string | null = null) => (sp: Tx) =>
	sp`select public.approve_submission(${id}, (select version from public.submissions where id = ${id}), ${PUB.title}, ${PUB.problem}, ${PUB.suggestions}, ${PUB.who_should_act}, ${comment})`;
const answerIt = (id: string, goals: string[], decision: string | null = 'adopted', reply: string | null = '我们会处理。') => (sp: Tx) =>
	sp`select public.answer_submission(${id}, (select version from public.submissions where id = ${id}), ${decision}::public.answer_decision, ${reply}, ${goals}::uuid[])`;
const resubmitIt = (id: string, p = proposal()) => (sp: Tx) =>
	sp`select public.resubmit_proposal(${id}, (select version from public.submissions where id = ${id}), ${p.title}, ${p.problem}, ${p.suggestions}, ${p.who_should_act})`;

/** The public copy these tests approve with (the safety layer's own tests check what it does). */
const PUB = publicCopy();

const NOT_ALLOWED = { code: '42501', message: 'not_allowed' };
const NOT_FOUND = { code: 'PT404', message: 'not_found' };
const INVALID_STATE = { code: 'P0001', message: 'invalid_state' };
const STALE = { code: 'PT409', message: 'stale_version' };

describe('the whole flow', () => {
	it('submit → return → resubmit → approve → answer, with audit events, notifications and a public copy without identity', async () => {
		await rolledBack(sql, async (tx) => {
			const p = w.people;
			await actAs(tx, p.childA1);
			const id = await submit(tx, proposal({ title: '  东门人行横道  ' }));
			expect(id).toMatch(/^[0-9a-f-]{36}$/);

			// The child sees it in my_submissions, trimmed, state submitted.
			let mine = one(await tx`select * from public.my_submissions where id = ${id}`);
			expect(mine).toMatchObject({ title: '东门人行横道', state: 'submitted', teacher_comment: null, decision: null });

			await actAs(tx, p.teacherA1);
			let queued = one(await tx`select * from public.class_queue where id = ${id}`);
			expect(queued).toMatchObject({
				class_id: w.classA1,
				class_name: '五年级一班',
				author_display_name: '小明' + w.tag,
				state: 'submitted',
				teacher_comment: null
			});
			await tx`select public.return_submission(${id}, (select version from public.submissions where id = ${id}), ${'  请写清楚是哪条路。 '})`;

			await actAs(tx, p.childA1);
			mine = one(await tx`select * from public.my_submissions where id = ${id}`);
			expect(mine).toMatchObject({ state: 'returned', teacher_comment: '请写清楚是哪条路。' });
			await tx`select public.resubmit_proposal(${id}, (select version from public.submissions where id = ${id}), '学校东门（幸福路）人行横道', '问题', '建议', '区交通部门')`;
			mine = one(await tx`select * from public.my_submissions where id = ${id}`);
			expect(mine).toMatchObject({
				state: 'submitted',
				title: '学校东门（幸福路）人行横道',
				problem: '问题',
				suggestions: '建议',
				who_should_act: '区交通部门',
				teacher_comment: null
			});

			await actAs(tx, p.teacherA1);
			queued = one(await tx`select * from public.class_queue where id = ${id}`);
			expect(queued.teacher_comment).toBe('请写清楚是哪条路。');
			await tx`select public.approve_submission(${id}, (select version from public.submissions where id = ${id}), '学校东门（幸福路）人行横道', ${PUB.problem}, ${PUB.suggestions}, ${PUB.who_should_act}, '很好的建议')`;

			await actAs(tx, p.staffA);
			const inbox = one(await tx`select * from public.district_inbox where id = ${id}`);
			expect(inbox).toMatchObject({
				district_id: w.districtA,
				district_name_zh: '甲区' + w.tag,
				school_name_en: 'School A ' + w.tag,
				class_name: '五年级一班',
				age_band: '10-13',
				state: 'approved',
				decision: null
			});
			expect(inbox.approved_at).toBeInstanceOf(Date);
			const [{ answer_id }] = await tx<[{ answer_id: string }]>`
				select public.answer_submission(${id}, (select version from public.submissions where id = ${id}), 'adopted', ' 我们会在东门画人行横道。 ', ${[w.goal, w.goal2, w.goal]}::uuid[]) as answer_id`;
			expect(answer_id).toMatch(/^[0-9a-f-]{36}$/);

			await actAs(tx, p.childA1);
			mine = one(await tx`select * from public.my_submissions where id = ${id}`);
			expect(mine).toMatchObject({ state: 'answered', decision: 'adopted', reply: '我们会在东门画人行横道。' });
			expect(mine.answered_at).toBeInstanceOf(Date);
			const goals = await tx`select code from public.submission_answer_goals where submission_id = ${id} order by code`;
			expect(goals.map((g) => g.code)).toEqual(['ENV-03', 'SPC-06']);

			// Audit trail, in order, with actors and comments.
			await asSuperuser(tx);
			const events = await tx`
				select actor_id, from_state, to_state, comment from public.submission_events
				where submission_id = ${id} order by id`;
			expect(events.map((e) => ({ ...e }))).toEqual([
				{ actor_id: w.ids.childA1, from_state: null, to_state: 'submitted', comment: null },
				{ actor_id: w.ids.teacherA1, from_state: 'submitted', to_state: 'returned', comment: '请写清楚是哪条路。' },
				{ actor_id: w.ids.childA1, from_state: 'returned', to_state: 'submitted', comment: null },
				{ actor_id: w.ids.teacherA1, from_state: 'submitted', to_state: 'approved', comment: '很好的建议' },
				{ actor_id: w.ids.staffA, from_state: 'approved', to_state: 'answered', comment: null }
			]);

			// Who acted, by role: readable where the account id is not.
			const roles = await tx`select actor_role from public.submission_events where submission_id = ${id} order by id`;
			expect(roles.map((e) => e.actor_role)).toEqual(['student', 'teacher', 'student', 'teacher', 'staff']);

			// Notifications: the teacher on each (re)submission, the author on return, approval, answer.
			const notes = await tx`
				select recipient_id, kind from public.notifications where submission_id = ${id} order by created_at, kind`;
			const byRecipient = (r: string) => notes.filter((n) => n.recipient_id === r).map((n) => n.kind).sort();
			expect(byRecipient(w.ids.teacherA1)).toEqual(['submitted', 'submitted']);
			expect(byRecipient(w.ids.childA1)).toEqual(['answered', 'approved', 'returned']);
			// The district's staff: one line, from the forwarding (staffA answered it themselves).
			expect(byRecipient(w.ids.staffA)).toEqual(['forwarded']);
			expect(notes).toHaveLength(6);

			// The answer row and its goals.
			const answer = one(await tx`select * from public.answers where submission_id = ${id}`);
			expect(answer).toMatchObject({ id: answer_id, staff_id: w.ids.staffA, decision: 'adopted', reply: '我们会在东门画人行横道。' });
			const answerGoals = await tx`select goal_id from public.answer_goals where answer_id = ${answer_id}`;
			expect(answerGoals.map((g) => g.goal_id).sort()).toEqual([w.goal, w.goal2].sort());

			// The public copy, read as anon: no author, class or school anywhere in it.
			await actAs(tx, { kind: 'anon' });
			const [pub] = await tx`select * from public.published_answers where submission_id = ${id}`;
			expect({ ...pub }).toEqual({
				submission_id: id,
				edition: 2023,
				title: '学校东门（幸福路）人行横道',
				decision: 'adopted',
				reply: '我们会在东门画人行横道。',
				district_name_zh: '甲区' + w.tag,
				district_name_en: 'District A ' + w.tag,
				answered_at: answer.created_at,
				// No progress update yet (20261130090400).
				progress_stage: null,
				progress_note: null,
				progress_at: null,
				progress_photo_id: null,
				// How many co-signed (a number, nobody's identity): none here.
				cosigners: 0
			});
			const serialized = JSON.stringify(pub);
			for (const secret of [w.ids.childA1, w.classA1, w.schoolA, '小明' + w.tag, '五年级一班', 'School A']) {
				expect(serialized).not.toContain(secret);
			}
			const perGoal = await tx`select code, title from public.public_goal_answers where submission_id = ${id} order by code`;
			expect(perGoal.map((g) => ({ ...g }))).toEqual([
				{ code: 'ENV-03', title: '学校东门（幸福路）人行横道' },
				{ code: 'SPC-06', title: '学校东门（幸福路）人行横道' }
			]);
		});
	});

	it('submission carries the class, author and the class age band', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childB);
			const id = await submit(tx);
			await asSuperuser(tx);
			const row = one(await tx`select kind, class_id, author_id, state, age_band, submitted_at from public.submissions where id = ${id}`);
			expect(row).toMatchObject({ kind: 'proposal', class_id: w.classB1, author_id: w.ids.childB, state: 'submitted', age_band: '14-17' });
			expect(row.submitted_at).toBeInstanceOf(Date);
		});
	});
});

describe('wrong callers', () => {
	it('submit_proposal: only a student with a class', async () => {
		await rolledBack(sql, async (tx) => {
			const s = (sp: Tx) => submit(sp);
			for (const who of ['teacherA1', 'staffA', 'admin', 'nobody'] as const) {
				expect(await errorAs(tx, w.people[who], s), who).toEqual(NOT_ALLOWED);
			}
			// anon cannot even call it (no execute privilege): PostgREST answers 401.
			const anon = await errorAs(tx, { kind: 'anon' }, s);
			expect(anon.code).toBe('42501');
			expect(anon.message).toMatch(/permission denied for function submit_proposal/);
			// A student whose class membership is gone.
			await asSuperuser(tx);
			await tx`delete from public.class_students where student_id = ${w.ids.childA1b}`;
			expect(await errorAs(tx, w.people.childA1b, s)).toEqual(NOT_ALLOWED);
		});
	});

	it('resubmit_proposal: only its author', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			await actAs(tx, w.people.teacherA1);
			await tx`select public.return_submission(${id}, (select version from public.submissions where id = ${id}), '再想想')`;
			for (const who of ['childA1b', 'childA2', 'childB', 'teacherA1', 'staffA', 'admin', 'nobody'] as const) {
				expect(await errorAs(tx, w.people[who], resubmitIt(id)), who).toEqual(NOT_ALLOWED);
			}
			expect((await errorAs(tx, { kind: 'anon' }, resubmitIt(id))).code).toBe('42501');
			expect(await errorAs(tx, w.people.childA1, resubmitIt('00000000-0000-4000-8000-000000000000'))).toEqual(NOT_FOUND);
			expect(await state(tx, id)).toBe('returned');
		});
	});

	it('approve_submission and return_submission: only a teacher of its class', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			for (const who of ['childA1', 'childA1b', 'childA2', 'teacherA2', 'teacherB', 'staffA', 'admin', 'nobody'] as const) {
				expect(await errorAs(tx, w.people[who], approveIt(id)), who).toEqual(NOT_ALLOWED);
				expect(await errorAs(tx, w.people[who], returnIt(id)), who).toEqual(NOT_ALLOWED);
			}
			expect((await errorAs(tx, { kind: 'anon' }, approveIt(id))).code).toBe('42501');
			expect((await errorAs(tx, { kind: 'anon' }, returnIt(id))).code).toBe('42501');
			const missing = '00000000-0000-4000-8000-000000000000';
			expect(await errorAs(tx, w.people.teacherA1, approveIt(missing))).toEqual(NOT_FOUND);
			expect(await errorAs(tx, w.people.teacherA1, returnIt(missing))).toEqual(NOT_FOUND);
			expect(await state(tx, id)).toBe('submitted');
		});
	});

	it('answer_submission: only staff of its district', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			await actAs(tx, w.people.teacherA1);
			await tx`select public.approve_submission(${id}, (select version from public.submissions where id = ${id}), ${PUB.title}, ${PUB.problem}, ${PUB.suggestions}, ${PUB.who_should_act})`;
			for (const who of ['childA1', 'childA2', 'teacherA1', 'teacherB', 'staffB', 'admin', 'nobody'] as const) {
				expect(await errorAs(tx, w.people[who], answerIt(id, [w.goal])), who).toEqual(NOT_ALLOWED);
			}
			expect((await errorAs(tx, { kind: 'anon' }, answerIt(id, [w.goal]))).code).toBe('42501');
			expect(await errorAs(tx, w.people.staffA, answerIt('00000000-0000-4000-8000-000000000000', [w.goal]))).toEqual(NOT_FOUND);
			expect(await state(tx, id)).toBe('approved');
			await asSuperuser(tx);
			const [{ n }] = await tx<[{ n: number }]>`select count(*)::int as n from public.published_answers where submission_id = ${id}`;
			expect(n).toBe(0);
		});
	});
});

describe('wrong states', () => {
	it('each transition only from its state', async () => {
		await rolledBack(sql, async (tx) => {
			const p = w.people;
			await actAs(tx, p.childA1);
			const id = await submit(tx);

			// submitted: no resubmit, no answer
			expect(await errorAs(tx, p.childA1, resubmitIt(id))).toEqual(INVALID_STATE);
			// (staff cannot read a submission before it is forwarded: the version as if they had seen it)
			let v = await version(tx, id);
			expect(await errorAs(tx, p.staffA, (sp) => sp`select public.answer_submission(${id}, ${v}, 'adopted', 'ok', ${[w.goal]}::uuid[])`)).toEqual(INVALID_STATE);

			// returned: no approve, no second return, no answer
			await actAs(tx, p.teacherA1);
			await tx`select public.return_submission(${id}, (select version from public.submissions where id = ${id}), '再想想')`;
			expect(await errorAs(tx, p.teacherA1, approveIt(id))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, p.teacherA1, returnIt(id))).toEqual(INVALID_STATE);
			v = await version(tx, id);
			expect(await errorAs(tx, p.staffA, (sp) => sp`select public.answer_submission(${id}, ${v}, 'adopted', 'ok', ${[w.goal]}::uuid[])`)).toEqual(INVALID_STATE);

			// approved: no resubmit, no approve, no return
			await actAs(tx, p.childA1);
			await tx`select public.resubmit_proposal(${id}, (select version from public.submissions where id = ${id}), 'a', 'b', 'c', 'd')`;
			await actAs(tx, p.teacherA1);
			await tx`select public.approve_submission(${id}, (select version from public.submissions where id = ${id}), ${PUB.title}, ${PUB.problem}, ${PUB.suggestions}, ${PUB.who_should_act})`;
			expect(await errorAs(tx, p.childA1, resubmitIt(id))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, p.teacherA1, approveIt(id))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, p.teacherA1, returnIt(id))).toEqual(INVALID_STATE);

			// answered: nothing more, not even a second answer
			await actAs(tx, p.staffA);
			await tx`select public.answer_submission(${id}, (select version from public.submissions where id = ${id}), 'referred', '已转交。', ${[w.goal]}::uuid[])`;
			expect(await errorAs(tx, p.staffA, answerIt(id, [w.goal]))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, p.teacherA1, approveIt(id))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, p.teacherA1, returnIt(id))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, p.childA1, resubmitIt(id))).toEqual(INVALID_STATE);
			expect(await state(tx, id)).toBe('answered');
			const [{ n }] = await tx<[{ n: number }]>`select count(*)::int as n from public.submission_events where submission_id = ${id}`;
			expect(n).toBe(5);
		});
	});

	it('two concurrent transitions serialize on the row: the second sees the new version', async () => {
		// Committed fixture: a submitted proposal of class A1.
		const id = await sql.begin(async (tx) => {
			await actAs(tx, w.people.childA1);
			return submit(tx, proposal({ title: 'concurrent ' + w.tag }));
		});
		let release!: () => void;
		const hold = new Promise<void>((r) => (release = r));
		let approved!: () => void;
		const didApprove = new Promise<void>((r) => (approved = r));
		const first = sql.begin(async (tx) => {
			await actAs(tx, w.people.teacherA1);
			await tx`select public.approve_submission(${id}, (select version from public.submissions where id = ${id}), ${PUB.title}, ${PUB.problem}, ${PUB.suggestions}, ${PUB.who_should_act})`;
			approved();
			await hold;
		});
		await didApprove;
		const second = sql.begin(async (tx) => {
			await actAs(tx, w.people.teacherA1);
			return dbError(tx, returnIt(id));
		});
		// The second transaction waits on the row lock of the first.
		let waiting = 0;
		for (let i = 0; i < 100 && waiting === 0; i++) {
			await new Promise((r) => setTimeout(r, 20));
			[{ waiting }] = await sql<[{ waiting: number }]>`select count(*)::int as waiting from pg_stat_activity
				where wait_event_type = 'Lock' and query like '%return_submission%'`;
		}
		expect(waiting).toBe(1);
		release();
		await first;
		// It was shown the version before the approval: told that the item changed.
		expect(await second).toEqual(STALE);
		const events = await sql`select to_state from public.submission_events where submission_id = ${id} order by id`;
		expect(events.map((e) => e.to_state)).toEqual(['submitted', 'approved']);
	});
});

describe('versions: nobody acts on a version they never saw (case stale-approve-after-resubmit)', () => {
	/** A co-teacher of class A1 (T2), made in `tx`. */
	async function coTeacher(tx: Tx) {
		await asSuperuser(tx);
		return user(await createAccount(tx, { role: 'teacher', display_name: '王老师', class_ids: [w.classA1] }));
	}
	/** A second staff member of district A, made in `tx`. */
	async function coStaff(tx: Tx) {
		await asSuperuser(tx);
		return user(await createAccount(tx, { role: 'staff', display_name: '吴科长', district_ids: [w.districtA] }));
	}
	const versionAs = async (tx: Tx, who: Actor, view: string, id: string) => {
		await actAs(tx, who);
		return one(await tx.unsafe<{ version: number }[]>(`select version from public.${view} where id = $1`, [id])).version;
	};

	it('every change bumps the version by one, and each view shows it', async () => {
		await rolledBack(sql, async (tx) => {
			const p = w.people;
			await actAs(tx, p.childA1);
			const id = await submit(tx);
			expect(await versionAs(tx, p.childA1, 'my_submissions', id)).toBe(1);
			expect(await versionAs(tx, p.teacherA1, 'class_queue', id)).toBe(1);
			await actAs(tx, p.teacherA1);
			await returnIt(id)(tx);
			expect(await version(tx, id)).toBe(2);
			await actAs(tx, p.childA1);
			await resubmitIt(id)(tx);
			expect(await versionAs(tx, p.childA1, 'my_submissions', id)).toBe(3);
			await actAs(tx, p.teacherA1);
			await approveIt(id)(tx);
			expect(await versionAs(tx, p.staffA, 'district_inbox', id)).toBe(4);
			await actAs(tx, p.staffA);
			await answerIt(id, [w.goal])(tx);
			expect(await version(tx, id)).toBe(5);
			// Whatever a statement sets version to, the trigger makes it old + 1.
			await tx`update public.submissions set version = 1 where id = ${id}`;
			expect(await version(tx, id)).toBe(6);
		});
	});

	it('T2 approves the page that still shows v1 after a resubmission added an address and a phone number: refused, state stays submitted', async () => {
		await rolledBack(sql, async (tx) => {
			const p = w.people;
			const t2 = await coTeacher(tx);
			await actAs(tx, p.childA1);
			const id = await submit(tx, proposal({ title: '放学路上' }));
			const shownToT2 = await versionAs(tx, t2, 'class_queue', id);
			await actAs(tx, p.teacherA1);
			await returnIt(id, '请写清楚是哪条路')(tx);
			await actAs(tx, p.childA1);
			await resubmitIt(id, proposal({ title: '放学路上', problem: '我家住在幸福路12号，电话13800000000，放学路上很危险' }))(tx);
			const before = await version(tx, id);
			expect(await errorAs(tx, t2, (sp) => sp`select public.approve_submission(${id}, ${shownToT2}, ${PUB.title}, ${PUB.problem}, ${PUB.suggestions}, ${PUB.who_should_act})`)).toEqual(STALE);
			expect(await state(tx, id)).toBe('submitted');
			expect(await version(tx, id)).toBe(before);
			// The current text is what T2 reads next, with its version; approving that one works.
			await actAs(tx, t2);
			const current = one(await tx`select problem, version from public.class_queue where id = ${id}`);
			expect(current.problem).toContain('13800000000');
			await tx`select public.approve_submission(${id}, ${current.version}, ${PUB.title}, ${PUB.problem}, ${PUB.suggestions}, ${PUB.who_should_act})`;
			expect(await state(tx, id)).toBe('approved');
		});
	});

	it('every action refuses any other version (older, newer, none) before it looks at the state, and changes nothing', async () => {
		await rolledBack(sql, async (tx) => {
			const p = w.people;
			await actAs(tx, p.childA1);
			const id = await submit(tx);
			const wrong = (v: number) => [v - 1, v + 1, 0, -1, 2147483647, null];
			const refusedAll = async (who: Actor, call: (v: number | null) => (sp: Tx) => Promise<unknown>) => {
				const v = await version(tx, id);
				const st = await state(tx, id);
				for (const bad of wrong(v)) {
					expect(await errorAs(tx, who, call(bad)), `version ${bad}`).toEqual(STALE);
				}
				expect(await version(tx, id)).toBe(v);
				expect(await state(tx, id)).toBe(st);
				return v;
			};
			// submitted: approve, return
			let v = await refusedAll(p.teacherA1, (x) => (sp) => sp`select public.approve_submission(${id}, ${x}, ${PUB.title}, ${PUB.problem}, ${PUB.suggestions}, ${PUB.who_should_act})`);
			await refusedAll(p.teacherA1, (x) => (sp) => sp`select public.return_submission(${id}, ${x}, '再想想')`);
			await actAs(tx, p.teacherA1);
			await tx`select public.return_submission(${id}, ${v}, '再想想')`;
			// returned: resubmit
			v = await refusedAll(p.childA1, (x) => (sp) => sp`select public.resubmit_proposal(${id}, ${x}, 'a', 'b', 'c', 'd')`);
			await actAs(tx, p.childA1);
			await tx`select public.resubmit_proposal(${id}, ${v}, 'a', 'b', 'c', 'd')`;
			v = await version(tx, id);
			await actAs(tx, p.teacherA1);
			await tx`select public.approve_submission(${id}, ${v}, ${PUB.title}, ${PUB.problem}, ${PUB.suggestions}, ${PUB.who_should_act})`;
			// approved: answer
			v = await refusedAll(p.staffA, (x) => (sp) => sp`select public.answer_submission(${id}, ${x}, 'adopted', 'ok', ${[w.goal]}::uuid[])`);
			// A stale version of an item that has moved on is told "changed", not "wrong state".
			expect(await errorAs(tx, p.teacherA1, (sp) => sp`select public.approve_submission(${id}, ${v - 1}, ${PUB.title}, ${PUB.problem}, ${PUB.suggestions}, ${PUB.who_should_act})`)).toEqual(STALE);
			// The version is checked after who may act: a stranger learns nothing from it.
			expect(await errorAs(tx, p.teacherB, (sp) => sp`select public.approve_submission(${id}, ${v}, ${PUB.title}, ${PUB.problem}, ${PUB.suggestions}, ${PUB.who_should_act})`)).toEqual(NOT_ALLOWED);
			expect(await errorAs(tx, p.staffB, (sp) => sp`select public.answer_submission(${id}, ${v}, 'adopted', 'ok', ${[w.goal]}::uuid[])`)).toEqual(NOT_ALLOWED);
			await asSuperuser(tx);
			const [{ n }] = await tx<[{ n: number }]>`select count(*)::int as n from public.submission_events where submission_id = ${id}`;
			expect(n).toBe(4);
		});
	});

	it('two staff answer the same item at once: one wins, the other is told it changed', async () => {
		const { id, staff2 } = await sql.begin(async (tx) => {
			const staff2 = await coStaff(tx);
			await actAs(tx, w.people.childA1);
			const id = await submit(tx, proposal({ title: 'two staff ' + w.tag }));
			await actAs(tx, w.people.teacherA1);
			await approveIt(id)(tx);
			return { id, staff2 };
		});
		try {
			const v = await sql.begin(async (tx) => version(tx, id));
			const answerAs = (who: Actor, reply: string) =>
				sql.begin(async (tx) => {
					await actAs(tx, who);
					await tx`select pg_sleep(0.05)`;
					return tx`select public.answer_submission(${id}, ${v}, 'adopted', ${reply}, ${[w.goal]}::uuid[])`;
				});
			const results = await Promise.allSettled([answerAs(w.people.staffA, '甲的答复'), answerAs(staff2, '乙的答复')]);
			const won = results.filter((r) => r.status === 'fulfilled');
			const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
			expect(won).toHaveLength(1);
			expect(lost).toHaveLength(1);
			expect({ code: lost[0]!.reason.code, message: lost[0]!.reason.message }).toEqual(STALE);
			const answers = await sql`select reply from public.answers where submission_id = ${id}`;
			expect(answers).toHaveLength(1);
			const published = await sql`select reply from public.published_answers where submission_id = ${id}`;
			expect(published.map((r) => r.reply)).toEqual(answers.map((r) => r.reply));
		} finally {
			if (staff2.kind === 'user') await sql`delete from public.staff_districts where staff_id = ${staff2.id}`;
		}
	});
});

describe('inputs', () => {
	// Blank: nothing left once every invisible character is removed, emoji-only invisibles included
	// (variation selector U+FE0F, tag characters U+E0000–U+E007F).
	const INVISIBLE = [
		'', '   ', '\u200b\u200b  \u3000 ', '\u200d', '\ufeff', '\u00a0\u2060', '\t\n\r', '\u200c\u200e\u200f', '\u3164',
		'\ufe0f', '\ufe0f\ufe0f', '\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}', ' \ufe0f\u{E007F}\u3000'
	];
	const fields = ['title', 'problem', 'suggestions', 'who_should_act'] as const;

	it('blank or invisible text is missing: field_required:<field>, for submit and resubmit', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			await actAs(tx, w.people.teacherA1);
			await tx`select public.return_submission(${id}, (select version from public.submissions where id = ${id}), '再想想')`;
			for (const field of fields) {
				for (const blank of [...INVISIBLE, null]) {
					const p = proposal({ [field]: blank });
					const expected = { code: 'P0001', message: `field_required:${field}` };
					expect(await errorAs(tx, w.people.childA1, (sp) => submit(sp, p)), `${field} ${JSON.stringify(blank)}`).toEqual(expected);
					expect(await errorAs(tx, w.people.childA1, resubmitIt(id, p)), `${field} ${JSON.stringify(blank)}`).toEqual(expected);
				}
			}
		});
	});

	it('the shared "blank-and-invisible" case is refused, first field first', async () => {
		await rolledBack(sql, async (tx) => {
			const p = { title: '\u200b\u200b  \u3000 ', problem: '   ', suggestions: '\u200d', who_should_act: '' };
			expect(await errorAs(tx, w.people.childA1, (sp) => submit(sp, p))).toEqual({ code: 'P0001', message: 'field_required:title' });
		});
	});

	it('length caps in code points: field_too_long:<field>', async () => {
		await rolledBack(sql, async (tx) => {
			const caps = { title: 1000, problem: 20000, suggestions: 20000, who_should_act: 1000 } as const;
			for (const field of fields) {
				// Exactly at the cap (astral characters count once) is fine.
				await actAs(tx, w.people.childA1);
				const atCap = proposal({ [field]: '🌳'.repeat(caps[field]) });
				const id = await submit(tx, atCap);
				await asSuperuser(tx);
				const row = one(await tx<{ n: number }[]>`select char_length(${tx(field)}) as n from public.submissions where id = ${id}`);
				expect(row.n).toBe(caps[field]);
				const tooLong = proposal({ [field]: 'x'.repeat(caps[field] + 1) });
				expect(await errorAs(tx, w.people.childA1, (sp) => submit(sp, tooLong))).toEqual({
					code: 'P0001',
					message: `field_too_long:${field}`
				});
			}
			// Whitespace around the text does not count.
			await actAs(tx, w.people.childA1);
			await submit(tx, proposal({ title: '  ' + 'y'.repeat(1000) + '\u200b  ' }));
		});
	});

	it('markup and formula characters are stored verbatim; only the ends are trimmed', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const p = {
				title: '<img src=x onerror=alert(1)> Better bike racks',
				problem: "<script>alert('x')</script>There are not enough\n\n bike racks at school.",
				suggestions: '=HYPERLINK("http://example.invalid","click")',
				who_should_act: "@SUM(1,2) -3 '; drop table submissions; --"
			};
			const id = await submit(tx, { ...p, title: '\u200b ' + p.title + ' \u3000' });
			const [row] = await tx`select title, problem, suggestions, who_should_act from public.my_submissions where id = ${id}`;
			expect({ ...row }).toEqual(p);
			// Inner invisible characters are the child's text: kept.
			const id2 = await submit(tx, proposal({ title: '树\u200b荫' }));
			const row2 = one(await tx<{ title: string }[]>`select title from public.my_submissions where id = ${id2}`);
			expect(row2.title).toBe('树\u200b荫');
		});
	});

	it('emoji keep their variation selectors, tags and modifiers: only whitespace and space-like invisibles are trimmed', async () => {
		const heart = '我们喜欢公园\u2764\uFE0F'; // ❤️ = U+2764 U+FE0F
		const england = 'Go England \u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}';
		const thumb = '\u{1F44D}\u{1F3FD}'; // 👍🏽
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			// As typed, and with whitespace / space-like invisibles around them.
			for (const wrap of [(t: string) => t, (t: string) => ` \u200b${t}\u3000\n`]) {
				const p = { title: wrap(heart), problem: wrap(england), suggestions: wrap(thumb), who_should_act: wrap(heart + thumb) };
				const id = await submit(tx, p);
				const row = one(await tx`select title, problem, suggestions, who_should_act from public.my_submissions where id = ${id}`);
				expect({ ...row }).toEqual({ title: heart, problem: england, suggestions: thumb, who_should_act: heart + thumb });
			}
			const id = await submit(tx, proposal({ title: '\u200b 树 \u3000' }));
			const row = one(await tx<{ title: string }[]>`select title from public.my_submissions where id = ${id}`);
			expect(row.title).toBe('树');

			// The same rule for the teacher's comment, the resubmission and the staff reply.
			await actAs(tx, w.people.teacherA1);
			await tx`select public.return_submission(${id}, (select version from public.submissions where id = ${id}), ${' 加油' + thumb + ' '})`;
			await actAs(tx, w.people.childA1);
			await tx`select public.resubmit_proposal(${id}, (select version from public.submissions where id = ${id}), ${heart}, ${england}, ${thumb}, ${heart})`;
			await actAs(tx, w.people.teacherA1);
			await tx`select public.approve_submission(${id}, (select version from public.submissions where id = ${id}), ${PUB.title}, ${PUB.problem}, ${PUB.suggestions}, ${PUB.who_should_act}, ${heart})`;
			await actAs(tx, w.people.staffA);
			await tx`select public.answer_submission(${id}, (select version from public.submissions where id = ${id}), 'adopted', ${'\u3000' + england}, ${[w.goal]}::uuid[])`;
			await asSuperuser(tx);
			const sub = one(await tx`select title, problem, suggestions, who_should_act from public.submissions where id = ${id}`);
			expect({ ...sub }).toEqual({ title: heart, problem: england, suggestions: thumb, who_should_act: heart });
			const comments = await tx`select comment from public.submission_events where submission_id = ${id} order by id`;
			expect(comments.map((c) => c.comment)).toEqual([null, '加油' + thumb, null, heart, null]);
			const answer = one(await tx<{ reply: string }[]>`select reply from public.answers where submission_id = ${id}`);
			expect(answer.reply).toBe(england);
		});
	});

	it('return needs a comment; approve takes an optional one; both capped at 2000', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			for (const blank of [...INVISIBLE, null]) {
				expect(await errorAs(tx, w.people.teacherA1, returnIt(id, blank))).toEqual({ code: 'P0001', message: 'comment_required' });
			}
			expect(await errorAs(tx, w.people.teacherA1, returnIt(id, 'x'.repeat(10001)))).toEqual({
				code: 'P0001',
				message: 'field_too_long:comment'
			});
			expect(await errorAs(tx, w.people.teacherA1, approveIt(id, 'x'.repeat(10001)))).toEqual({
				code: 'P0001',
				message: 'field_too_long:comment'
			});
			await actAs(tx, w.people.teacherA1);
			await tx`select public.approve_submission(${id}, (select version from public.submissions where id = ${id}), ${PUB.title}, ${PUB.problem}, ${PUB.suggestions}, ${PUB.who_should_act}, ${'\u200b \u3000'})`;
			await asSuperuser(tx);
			const ev = one(await tx<{ comment: string | null }[]>`select comment from public.submission_events where submission_id = ${id} and to_state = 'approved'`);
			expect(ev.comment).toBeNull();
		});
	});

	it('answer: decision, reply and at least one known goal', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			await actAs(tx, w.people.teacherA1);
			await tx`select public.approve_submission(${id}, (select version from public.submissions where id = ${id}), ${PUB.title}, ${PUB.problem}, ${PUB.suggestions}, ${PUB.who_should_act})`;
			const staff = w.people.staffA;
			expect(await errorAs(tx, staff, answerIt(id, []))).toEqual({ code: 'P0001', message: 'goal_required' });
			expect(await errorAs(tx, staff, (sp) => sp`select public.answer_submission(${id}, (select version from public.submissions where id = ${id}), 'adopted', 'ok', null)`)).toEqual({
				code: 'P0001',
				message: 'goal_required'
			});
			expect(await errorAs(tx, staff, (sp) => sp`select public.answer_submission(${id}, (select version from public.submissions where id = ${id}), 'adopted', 'ok', array[null]::uuid[])`)).toEqual({
				code: 'P0001',
				message: 'goal_required'
			});
			expect(await errorAs(tx, staff, answerIt(id, [w.goal, '00000000-0000-4000-8000-000000000000']))).toEqual({
				code: 'P0001',
				message: 'goal_unknown'
			});
			expect(await errorAs(tx, staff, answerIt(id, [w.goal], null))).toEqual({ code: 'P0001', message: 'field_required:decision' });
			const bad = await errorAs(tx, staff, (sp) => sp`select public.answer_submission(${id}, (select version from public.submissions where id = ${id}), 'maybe', 'ok', ${[w.goal]}::uuid[])`);
			expect(bad.code).toBe('22P02'); // not a decision: refused before the function runs
			for (const blank of [...INVISIBLE, null]) {
				expect(await errorAs(tx, staff, answerIt(id, [w.goal], 'adopted', blank))).toEqual({ code: 'P0001', message: 'field_required:reply' });
			}
			expect(await errorAs(tx, staff, answerIt(id, [w.goal], 'adopted', 'x'.repeat(20001)))).toEqual({
				code: 'P0001',
				message: 'field_too_long:reply'
			});
			expect(await state(tx, id)).toBe('approved');
			const [{ n }] = await tx<[{ n: number }]>`select count(*)::int as n from public.answers where submission_id = ${id}`;
			expect(n).toBe(0);
			for (const decision of ['adopted', 'partly_adopted', 'under_study', 'not_feasible', 'referred']) {
				await actAs(tx, staff);
				const answer = await tryInSavepoint(tx, (sp) => answerIt(id, [w.goal], decision)(sp));
				expect(answer).toHaveLength(1);
				expect(await state(tx, id)).toBe('approved'); // rolled back for the next decision
			}
		});
	});
});

describe('idempotency key: submit_proposal(…, p_request_id)', () => {
	/** What a submission left behind: rows with the key, its events and notifications, and its row version. */
	async function footprint(author: string, key: string) {
		const rows = await sql<{ id: string; xmin: string; state: string; title: string }[]>`
			select id, xmin::text as xmin, state, title from public.submissions
			where author_id = ${author} and client_request_id = ${key}`;
		const ids = rows.map((r) => r.id);
		const [{ events, notes }] = await sql<[{ events: number; notes: number }]>`
			select (select count(*)::int from public.submission_events where submission_id = any(${ids}::uuid[])) as events,
			       (select count(*)::int from public.notifications where submission_id = any(${ids}::uuid[])) as notes`;
		return { rows: rows.map((r) => ({ ...r })), events, notes };
	}

	/** One request as `who`, committed (a double click is two requests). */
	const request = <T>(who: Actor, fn: (tx: Tx) => Promise<T>) =>
		sql.begin(async (tx) => {
			await actAs(tx, who);
			return fn(tx);
		});

	it('the same author and key again: the same id, nothing written (no second row, event or notification)', async () => {
		const key = randomUUID();
		const p = proposal({ title: 'double click ' + w.tag });
		const made = await request(w.people.childA1, (tx) => submitted(tx, p, key));
		expect(made.created).toBe(true);
		const first = made.id;
		const before = await footprint(w.ids.childA1, key);
		expect(before.rows).toHaveLength(1);
		expect(before.rows[0]?.id).toBe(first);
		expect(before).toMatchObject({ events: 1, notes: 1 }); // one teacher in class A1
		// The repeat says it made nothing, so the page can say when it was sent instead of "sent".
		const again = await request(w.people.childA1, (tx) => submitted(tx, p, key));
		expect(again).toEqual({ id: first, created: false });
		// Not even an update: the row version (xmin) is the same.
		expect(await footprint(w.ids.childA1, key)).toEqual(before);
		// The key decides, not the text: a re-post with other text also gets the first id back.
		const other = await request(w.people.childA1, (tx) => submit(tx, proposal({ title: 'changed ' + w.tag }), key));
		expect(other).toBe(first);
		expect(await footprint(w.ids.childA1, key)).toEqual(before);
	});

	it('a null key keeps the old behaviour: each call makes a new proposal', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const p = proposal({ title: 'no key ' + w.tag });
			const ids = [await submit(tx, p, null), await submit(tx, p, null), await submit(tx, p)];
			expect(new Set(ids).size).toBe(3);
			await asSuperuser(tx);
			const rows = await tx`select client_request_id from public.submissions where id = any(${ids}::uuid[])`;
			expect(rows.map((r) => r.client_request_id)).toEqual([null, null, null]);
		});
	});

	it('different authors with the same key are independent', async () => {
		const key = randomUUID();
		const a = await request(w.people.childA1, (tx) => submit(tx, proposal({ title: 'shared key A ' + w.tag }), key));
		const b = await request(w.people.childA1b, (tx) => submit(tx, proposal({ title: 'shared key B ' + w.tag }), key));
		const c = await request(w.people.childB, (tx) => submit(tx, proposal({ title: 'shared key C ' + w.tag }), key));
		expect(new Set([a, b, c]).size).toBe(3);
		// Each repeat finds its own author's submission.
		expect(await request(w.people.childA1b, (tx) => submit(tx, proposal(), key))).toBe(b);
		expect(await request(w.people.childA1, (tx) => submit(tx, proposal(), key))).toBe(a);
		for (const [author, id] of [[w.ids.childA1, a], [w.ids.childA1b, b], [w.ids.childB, c]] as const) {
			const f = await footprint(author, key);
			expect(f.rows.map((r) => r.id)).toEqual([id]);
			expect(f).toMatchObject({ events: 1, notes: 1 });
		}
	});

	it('a key reused after the proposal was returned and resubmitted still returns the same id, changing nothing', async () => {
		const key = randomUUID();
		const id = await request(w.people.childA1, (tx) => submit(tx, proposal({ title: 'first text ' + w.tag }), key));
		await request(w.people.teacherA1, (tx) => tx`select public.return_submission(${id}, (select version from public.submissions where id = ${id}), '再想想')`);
		await request(w.people.childA1, resubmitIt(id, proposal({ title: 'second text ' + w.tag })));
		const before = await footprint(w.ids.childA1, key);
		expect(before.rows).toEqual([expect.objectContaining({ id, state: 'submitted', title: 'second text ' + w.tag })]);
		expect(before).toMatchObject({ events: 3, notes: 3 }); // submitted, returned, submitted; teacher ×2 + author
		// The browser's Back button re-posts the very first form.
		const again = await request(w.people.childA1, (tx) => submit(tx, proposal({ title: 'first text ' + w.tag }), key));
		expect(again).toBe(id);
		expect(await footprint(w.ids.childA1, key)).toEqual(before);
	});

	/**
	 * Starts submit_proposal with `key` in a transaction that stays open until `release()`; the second
	 * call with the same key, on another connection, must wait for it on the unique constraint.
	 */
	async function raceWithSameKey(key: string, firstOutcome: 'commit' | 'rollback') {
		const p = proposal({ title: 'parallel ' + w.tag });
		let release!: () => void;
		const hold = new Promise<void>((r) => (release = r));
		let submitted!: (id: string) => void;
		const didSubmit = new Promise<string>((r) => (submitted = r));
		const body = async (tx: Tx) => {
			await actAs(tx, w.people.childA2);
			const id = await submit(tx, p, key);
			submitted(id);
			await hold;
			return id;
		};
		const first = firstOutcome === 'commit' ? sql.begin(body) : rolledBack(sql, body);
		const firstId = await Promise.race([
			didSubmit,
			first.then(() => Promise.reject(new Error('the first call ended before it submitted')))
		]);
		const second = request(w.people.childA2, (tx) => submit(tx, p, key));
		let waiting = 0;
		for (let i = 0; i < 100 && waiting === 0; i++) {
			await new Promise((r) => setTimeout(r, 20));
			[{ waiting }] = await sql<[{ waiting: number }]>`select count(*)::int as waiting from pg_stat_activity
				where wait_event_type = 'Lock' and query like '%submit_proposal%'`;
		}
		release();
		await first;
		return { waiting, firstId, secondId: await second };
	}

	it('two parallel calls with the same key (two connections): one submission, both get its id', async () => {
		const key = randomUUID();
		const { waiting, firstId, secondId } = await raceWithSameKey(key, 'commit');
		expect(waiting).toBe(1); // the second waited on the first's uncommitted row
		expect(secondId).toBe(firstId);
		const f = await footprint(w.ids.childA2, key);
		expect(f.rows.map((r) => r.id)).toEqual([firstId]);
		expect(f).toMatchObject({ events: 1, notes: 1 });
	});

	it('when the first of two parallel calls rolls back, the waiting one writes the submission', async () => {
		const key = randomUUID();
		const { waiting, firstId, secondId } = await raceWithSameKey(key, 'rollback');
		expect(waiting).toBe(1);
		expect(secondId).not.toBe(firstId);
		const f = await footprint(w.ids.childA2, key);
		expect(f.rows.map((r) => r.id)).toEqual([secondId]);
		expect(f).toMatchObject({ events: 1, notes: 1 });
	});

	it('the key is checked after the caller: others still get not_allowed', async () => {
		const key = randomUUID();
		await request(w.people.childA1, (tx) => submit(tx, proposal(), key));
		await rolledBack(sql, async (tx) => {
			for (const who of ['teacherA1', 'staffA', 'admin', 'nobody'] as const) {
				expect(await errorAs(tx, w.people[who], (sp) => submit(sp, proposal(), key)), who).toEqual(NOT_ALLOWED);
			}
		});
	});
});
