/**
 * The proposal flow through the rpc functions: submit → return with comment → resubmit →
 * approve → answer with goals → public copy; every wrong caller and wrong state; input rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	actAs,
	asSuperuser,
	connect,
	createWorld,
	dbError,
	one,
	proposal,
	rolledBack,
	submit,
	tryInSavepoint,
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
	sp`select public.return_submission(${id}, ${comment})`;
const approveIt = (id: string, comment: string | null = null) => (sp: Tx) =>
	sp`select public.approve_submission(${id}, ${comment})`;
const answerIt = (id: string, goals: string[], decision: string | null = 'adopted', reply: string | null = '我们会处理。') => (sp: Tx) =>
	sp`select public.answer_submission(${id}, ${decision}::public.answer_decision, ${reply}, ${goals}::uuid[])`;
const resubmitIt = (id: string, p = proposal()) => (sp: Tx) =>
	sp`select public.resubmit_proposal(${id}, ${p.title}, ${p.problem}, ${p.suggestions}, ${p.who_should_act})`;

const NOT_ALLOWED = { code: '42501', message: 'not_allowed' };
const NOT_FOUND = { code: 'PT404', message: 'not_found' };
const INVALID_STATE = { code: 'P0001', message: 'invalid_state' };

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
			await tx`select public.return_submission(${id}, ${'  请写清楚是哪条路。 '})`;

			await actAs(tx, p.childA1);
			mine = one(await tx`select * from public.my_submissions where id = ${id}`);
			expect(mine).toMatchObject({ state: 'returned', teacher_comment: '请写清楚是哪条路。' });
			await tx`select public.resubmit_proposal(${id}, '学校东门（幸福路）人行横道', '问题', '建议', '区交通部门')`;
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
			await tx`select public.approve_submission(${id}, '很好的建议')`;

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
				select public.answer_submission(${id}, 'adopted', ' 我们会在东门画人行横道。 ', ${[w.goal, w.goal2, w.goal]}::uuid[]) as answer_id`;
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

			// Notifications: the teacher on each (re)submission, the author on return, approval, answer.
			const notes = await tx`
				select recipient_id, kind from public.notifications where submission_id = ${id} order by created_at, kind`;
			const byRecipient = (r: string) => notes.filter((n) => n.recipient_id === r).map((n) => n.kind).sort();
			expect(byRecipient(w.ids.teacherA1)).toEqual(['submitted', 'submitted']);
			expect(byRecipient(w.ids.childA1)).toEqual(['answered', 'approved', 'returned']);
			expect(notes).toHaveLength(5);

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
				answered_at: answer.created_at
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
			await tx`select public.return_submission(${id}, '再想想')`;
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
			await tx`select public.approve_submission(${id})`;
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
			expect(await errorAs(tx, p.staffA, answerIt(id, [w.goal]))).toEqual(INVALID_STATE);

			// returned: no approve, no second return, no answer
			await actAs(tx, p.teacherA1);
			await tx`select public.return_submission(${id}, '再想想')`;
			expect(await errorAs(tx, p.teacherA1, approveIt(id))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, p.teacherA1, returnIt(id))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, p.staffA, answerIt(id, [w.goal]))).toEqual(INVALID_STATE);

			// approved: no resubmit, no approve, no return
			await actAs(tx, p.childA1);
			await tx`select public.resubmit_proposal(${id}, 'a', 'b', 'c', 'd')`;
			await actAs(tx, p.teacherA1);
			await tx`select public.approve_submission(${id})`;
			expect(await errorAs(tx, p.childA1, resubmitIt(id))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, p.teacherA1, approveIt(id))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, p.teacherA1, returnIt(id))).toEqual(INVALID_STATE);

			// answered: nothing more, not even a second answer
			await actAs(tx, p.staffA);
			await tx`select public.answer_submission(${id}, 'referred', '已转交。', ${[w.goal]}::uuid[])`;
			expect(await errorAs(tx, p.staffA, answerIt(id, [w.goal]))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, p.teacherA1, approveIt(id))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, p.teacherA1, returnIt(id))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, p.childA1, resubmitIt(id))).toEqual(INVALID_STATE);
			expect(await state(tx, id)).toBe('answered');
			const [{ n }] = await tx<[{ n: number }]>`select count(*)::int as n from public.submission_events where submission_id = ${id}`;
			expect(n).toBe(5);
		});
	});

	it('two concurrent transitions serialize on the row: the second sees the new state', async () => {
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
			await tx`select public.approve_submission(${id})`;
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
		expect(await second).toEqual(INVALID_STATE);
		const events = await sql`select to_state from public.submission_events where submission_id = ${id} order by id`;
		expect(events.map((e) => e.to_state)).toEqual(['submitted', 'approved']);
	});
});

describe('inputs', () => {
	const INVISIBLE = ['', '   ', '\u200b\u200b  \u3000 ', '\u200d', '\ufeff', '\u00a0\u2060', '\t\n\r', '\u200c\u200e\u200f', '\u3164'];
	const fields = ['title', 'problem', 'suggestions', 'who_should_act'] as const;

	it('blank or invisible text is missing: field_required:<field>, for submit and resubmit', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			await actAs(tx, w.people.teacherA1);
			await tx`select public.return_submission(${id}, '再想想')`;
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
			await tx`select public.approve_submission(${id}, ${'\u200b \u3000'})`;
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
			await tx`select public.approve_submission(${id})`;
			const staff = w.people.staffA;
			expect(await errorAs(tx, staff, answerIt(id, []))).toEqual({ code: 'P0001', message: 'goal_required' });
			expect(await errorAs(tx, staff, (sp) => sp`select public.answer_submission(${id}, 'adopted', 'ok', null)`)).toEqual({
				code: 'P0001',
				message: 'goal_required'
			});
			expect(await errorAs(tx, staff, (sp) => sp`select public.answer_submission(${id}, 'adopted', 'ok', array[null]::uuid[])`)).toEqual({
				code: 'P0001',
				message: 'goal_required'
			});
			expect(await errorAs(tx, staff, answerIt(id, [w.goal, '00000000-0000-4000-8000-000000000000']))).toEqual({
				code: 'P0001',
				message: 'goal_unknown'
			});
			expect(await errorAs(tx, staff, answerIt(id, [w.goal], null))).toEqual({ code: 'P0001', message: 'field_required:decision' });
			const bad = await errorAs(tx, staff, (sp) => sp`select public.answer_submission(${id}, 'maybe', 'ok', ${[w.goal]}::uuid[])`);
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
