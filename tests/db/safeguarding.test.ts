/**
 * The safety layer through the rpc functions (issue 7): the screening result on submit, escalation
 * by the check and by a teacher, the school's safeguarding leads (queue, case log, release, a log
 * of every read), rejection with a reason, and the public copy that is all staff and the public
 * ever read. Who may, from which state, at which version, and what is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	actAs,
	approve,
	asSuperuser,
	connect,
	createAccount,
	createWorld,
	dbError,
	DISCLOSURE,
	one,
	proposal,
	rolledBack,
	SAFEGUARDING_FLAGS,
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
const INVALID_STATE = { code: 'P0001', message: 'invalid_state' };
const STALE = { code: 'PT409', message: 'stale_version' };
const MISSING = '00000000-0000-4000-8000-000000000000';

/** Superuser reads of what a call left behind. */
async function row(tx: Tx, id: string) {
	await asSuperuser(tx);
	return one(
		await tx<{ state: string; version: number; flags: unknown; rejection_reason: string | null; public_title: string | null }[]>`
			select state, version, flags, rejection_reason, public_title from public.submissions where id = ${id}`
	);
}
async function events(tx: Tx, id: string) {
	await asSuperuser(tx);
	return (await tx`select actor_id, from_state, to_state, comment from public.submission_events where submission_id = ${id} order by id`).map(
		(e) => ({ ...e })
	);
}
async function actions(tx: Tx, id: string) {
	await asSuperuser(tx);
	return (await tx`select actor_id, kind, note from public.safeguarding_actions where submission_id = ${id} order by id`).map((a) => ({ ...a }));
}
async function notified(tx: Tx, id: string) {
	await asSuperuser(tx);
	return (await tx`select recipient_id, kind::text from public.notifications where submission_id = ${id} order by created_at, recipient_id`).map(
		(n) => `${n.recipient_id}:${n.kind}`
	);
}
async function version(tx: Tx, id: string) {
	return (await row(tx, id)).version;
}

async function errorAs(tx: Tx, who: Actor, fn: (sp: Tx) => Promise<unknown>) {
	await actAs(tx, who);
	return dbError(tx, fn);
}

/** childA1 discloses harm: the app's screening found a safeguarding signal. Returns the id. */
async function disclose(tx: Tx, who: Actor = w.people.childA1): Promise<string> {
	await actAs(tx, who);
	const [r] = await tx<[{ id: string; created: boolean }]>`select * from public.submit_proposal('请帮帮我', ${DISCLOSURE}, '帮帮我。', '老师',
		null, ${tx.json(SAFEGUARDING_FLAGS)})`;
	expect(r.created).toBe(true);
	return r.id;
}

const rejectIt = (id: string, reason: string | null = 'not_suitable', comment: string | null = null, v?: number) => (sp: Tx) =>
	v === undefined
		? sp`select public.reject_submission(${id}, (select version from public.submissions where id = ${id}), ${reason}::public.rejection_reason, ${comment})`
		: sp`select public.reject_submission(${id}, ${v}, ${reason}::public.rejection_reason, ${comment})`;
const escalateIt = (id: string, reason: string | null = '孩子说有人打他', v?: number) => (sp: Tx) =>
	v === undefined
		? sp`select public.escalate_submission(${id}, (select version from public.submissions where id = ${id}), ${reason})`
		: sp`select public.escalate_submission(${id}, ${v}, ${reason})`;
/** Lead actions take the version as the lead was shown it (safeguarding_item); leads cannot read the row itself. */
const actIt = (id: string, v: number, kind: string | null, note: string | null = null) => (sp: Tx) =>
	sp`select public.record_safeguarding_action(${id}, ${v}, ${kind}::public.safeguarding_action_kind, ${note})`;
const releaseIt = (id: string, v: number, reason: string | null = '孩子在说游戏里的事') => (sp: Tx) =>
	sp`select public.release_submission(${id}, ${v}, ${reason})`;

describe('screening result on submit (p_flags)', () => {
	it('personal details only: submitted as usual, the flags kept for the teacher and nobody else', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const flags = {
				personal_details: [{ field: 'problem', type: 'phone', start: 5, end: 16, text: '13912345678' }],
				safeguarding: [],
				confirmed: true
			};
			const [r] = await tx<[{ id: string }]>`select id from public.submit_proposal('图书馆', '打我妈妈电话13912345678', '开到八点', '图书馆',
				null, ${tx.json(flags)})`;
			expect(await row(tx, r.id)).toMatchObject({ state: 'submitted', flags });
			expect(await notified(tx, r.id)).toEqual([`${w.ids.teacherA1}:submitted`]);
			await actAs(tx, w.people.teacherA1);
			const q = one(await tx`select flags, problem, released from public.class_queue where id = ${r.id}`);
			expect(q).toEqual({ flags, problem: '打我妈妈电话13912345678', released: false });
			// The child reads their own words, not the flags; staff and other teachers read neither.
			await actAs(tx, w.people.childA1);
			expect(one(await tx`select problem from public.my_submissions where id = ${r.id}`).problem).toBe('打我妈妈电话13912345678');
			for (const who of ['childA1', 'teacherA2', 'staffA', 'leadA'] as const) {
				await actAs(tx, w.people[who]);
				const h = one(await tx`select private.original_flags(${r.id}) as f, private.original_text(${r.id}, 'problem') as t`);
				expect(h.f, who).toBeNull();
				expect(h.t, who).toBe(who === 'childA1' ? '打我妈妈电话13912345678' : null);
			}
		});
	});

	it('no flags: not screened (null); the trimmed text is what the offsets refer to', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			expect((await row(tx, id)).flags).toBeNull();
		});
	});

	it('a safeguarding signal: escalated, never in the class queue; the leads are told, the class teachers are not', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await disclose(tx);
			expect(await row(tx, id)).toMatchObject({ state: 'escalated', flags: SAFEGUARDING_FLAGS });
			expect(await events(tx, id)).toEqual([{ actor_id: w.ids.childA1, from_state: null, to_state: 'escalated', comment: null }]);
			expect(await actions(tx, id)).toEqual([{ actor_id: null, kind: 'flagged', note: null }]);
			expect(await notified(tx, id)).toEqual([`${w.ids.leadA}:escalated`]);
			// The child sees it (their own words) ...
			await actAs(tx, w.people.childA1);
			expect(one(await tx`select state, problem from public.my_submissions where id = ${id}`)).toEqual({ state: 'escalated', problem: DISCLOSURE });
			// ... the class teacher and admins do not, not even through the helpers.
			for (const who of ['teacherA1', 'admin'] as const) {
				await actAs(tx, w.people[who]);
				expect(await tx`select id from public.class_queue where id = ${id}`, who).toHaveLength(0);
				const h = one(await tx`select private.original_text(${id}, 'problem') as t, private.original_flags(${id}) as f`);
				expect({ ...h }, who).toEqual({ t: null, f: null });
			}
			await actAs(tx, w.people.teacherA1);
			expect(await tx`select id from public.submissions where id = ${id}`).toHaveLength(0);
			expect(await tx`select id from public.submission_events where submission_id = ${id}`).toHaveLength(0);
		});
	});

	it('the same on resubmission: a returned proposal sent again with a disclosure is escalated', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			await actAs(tx, w.people.teacherA1);
			await tx`select public.return_submission(${id}, (select version from public.submissions where id = ${id}), '再想想')`;
			await actAs(tx, w.people.childA1);
			await tx`select public.resubmit_proposal(${id}, (select version from public.submissions where id = ${id}), '请帮帮我', ${DISCLOSURE},
				'帮帮我。', '老师', ${tx.json(SAFEGUARDING_FLAGS)})`;
			expect(await row(tx, id)).toMatchObject({ state: 'escalated', flags: SAFEGUARDING_FLAGS });
			expect((await events(tx, id)).at(-1)).toEqual({ actor_id: w.ids.childA1, from_state: 'returned', to_state: 'escalated', comment: null });
			expect(await actions(tx, id)).toEqual([{ actor_id: null, kind: 'flagged', note: null }]);
			expect((await notified(tx, id)).filter((n) => n.endsWith(':escalated'))).toEqual([`${w.ids.leadA}:escalated`]);
		});
	});

	it('a screening result that is not the documented shape is refused (invalid_flags) and nothing is written', async () => {
		const item = { field: 'problem', type: 'phone', start: 0, end: 3, text: '139' };
		const bad: unknown[] = [
			[],
			'phone',
			{ personal_details: 'phone' },
			{ personal_details: [{ ...item, field: 'author' }] },
			{ personal_details: [{ ...item, type: 'self_harm' }] },
			{ safeguarding: [{ ...item, type: 'phone' }] },
			{ personal_details: [{ ...item, start: 3, end: 3 }] },
			{ personal_details: [{ ...item, start: -1 }] },
			{ personal_details: [{ ...item, start: 1.5 }] },
			{ personal_details: [{ ...item, end: '3' }] },
			{ personal_details: [{ ...item, text: '' }] },
			{ personal_details: [{ ...item, text: 'x'.repeat(1001) }] },
			{ personal_details: [item], confirmed: 'yes' },
			{ personal_details: Array.from({ length: 201 }, () => item) }
		];
		await rolledBack(sql, async (tx) => {
			for (const flags of bad) {
				const err = await errorAs(tx, w.people.childA1, (sp) =>
					sp`select * from public.submit_proposal('t', 'p', 's', 'w', null, ${sp.json(flags as never)})`
				);
				expect(err, JSON.stringify(flags).slice(0, 80)).toEqual({ code: 'P0001', message: 'invalid_flags' });
			}
			await asSuperuser(tx);
			const [{ n }] = await tx<[{ n: number }]>`select count(*)::int as n from public.submissions where author_id = ${w.ids.childA1}`;
			expect(n).toBe(0);
			// Extra keys are dropped, the rest normalised.
			await actAs(tx, w.people.childA1);
			const [r] = await tx<[{ id: string }]>`select id from public.submit_proposal('t', 'p', 's', 'w', null,
				${tx.json({ personal_details: [{ ...item, extra: 1 }], other: true })})`;
			expect((await row(tx, r.id)).flags).toEqual({ personal_details: [item], safeguarding: [], confirmed: false });
		});
	});
});

describe('the public copy: what leaves the school', () => {
	it('approve requires it; staff, the inbox and the public page read only it, never the original', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const original = {
				title: '王小明：图书馆周末开到晚上',
				problem: '我住在幸福里小区3号楼2单元501，电话13912345678。',
				suggestions: '加我微信 xiaoming_2012 告诉我',
				who_should_act: '区图书馆 王馆长'
			};
			const id = await submit(tx, original);
			const masked = {
				title: '姓名 ***：图书馆周末开到晚上',
				problem: '我住在地址 ***，电话 ***。',
				suggestions: '加我微信 微信 *** 告诉我',
				who_should_act: '区图书馆'
			};
			const fields = ['title', 'problem', 'suggestions', 'who_should_act'] as const;
			for (const f of fields) {
				for (const blank of [null, '  ', '\u200b']) {
					const copy = { ...masked, [f]: blank };
					expect(
						await errorAs(tx, w.people.teacherA1, (sp) => approve(sp, id, null, copy)),
						`${f} ${JSON.stringify(blank)}`
					).toEqual({ code: 'P0001', message: `field_required:public_${f}` });
				}
			}
			expect(await errorAs(tx, w.people.teacherA1, (sp) => approve(sp, id, null, { ...masked, title: 'x'.repeat(1001) }))).toEqual({
				code: 'P0001',
				message: 'field_too_long:public_title'
			});
			expect((await row(tx, id)).state).toBe('submitted');
			await actAs(tx, w.people.teacherA1);
			await approve(tx, id, null, { ...masked, title: '  ' + masked.title + ' ' });
			expect(await row(tx, id)).toMatchObject({ state: 'approved', public_title: masked.title });
			// The teacher still reads both.
			await actAs(tx, w.people.teacherA1);
			const q = one(await tx`select title, public_title, public_problem, public_suggestions, public_who_should_act from public.class_queue where id = ${id}`);
			expect({ ...q }).toEqual({
				title: original.title,
				public_title: masked.title,
				public_problem: masked.problem,
				public_suggestions: masked.suggestions,
				public_who_should_act: masked.who_should_act
			});

			await actAs(tx, w.people.staffA);
			const inbox = one(await tx`select title, problem, suggestions, who_should_act from public.district_inbox where id = ${id}`);
			expect({ ...inbox }).toEqual(masked);
			await tx`select public.answer_submission(${id}, (select version from public.submissions where id = ${id}), 'adopted', '好的', ${[w.goal]}::uuid[])`;

			// Everything staff and anon can read about it, serialised: no detected detail, no original.
			const secrets = ['王小明', '3号楼2单元501', '13912345678', 'xiaoming_2012', '王馆长'];
			const staffReads = [
				await tx`select * from public.district_inbox where id = ${id}`,
				await tx`select id, state, public_title, public_problem, public_suggestions, public_who_should_act from public.submissions where id = ${id}`,
				await tx`select from_state, to_state, comment, actor_role from public.submission_events where submission_id = ${id}`,
				await tx`select * from public.published_answers where submission_id = ${id}`
			];
			await actAs(tx, { kind: 'anon' });
			const anonReads = [
				await tx`select * from public.published_answers where submission_id = ${id}`,
				await tx`select * from public.public_goal_answers where submission_id = ${id}`
			];
			const text = JSON.stringify([...staffReads, ...anonReads]);
			expect(anonReads[0]).toHaveLength(1);
			for (const secret of secrets) expect(text).not.toContain(secret);
			expect(anonReads[0]![0]!.title).toBe(masked.title);
		});
	});
});

describe('reject_submission', () => {
	it('a teacher of the class rejects with a reason and a kind comment; the child reads both; it never leaves the class', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			const v = await version(tx, id);
			await actAs(tx, w.people.teacherA1);
			await rejectIt(id, 'duplicate', '  小红已经提过了，我们一起跟进。 ')(tx);
			expect(await row(tx, id)).toMatchObject({ state: 'rejected', rejection_reason: 'duplicate', version: v + 1 });
			expect((await events(tx, id)).at(-1)).toEqual({
				actor_id: w.ids.teacherA1,
				from_state: 'submitted',
				to_state: 'rejected',
				comment: '小红已经提过了，我们一起跟进。'
			});
			expect((await notified(tx, id)).sort()).toEqual([`${w.ids.teacherA1}:submitted`, `${w.ids.childA1}:rejected`].sort());
			await actAs(tx, w.people.childA1);
			expect({ ...one(await tx`select state, rejection_reason, teacher_comment from public.my_submissions where id = ${id}`) }).toEqual({
				state: 'rejected',
				rejection_reason: 'duplicate',
				teacher_comment: '小红已经提过了，我们一起跟进。'
			});
			await actAs(tx, w.people.teacherA1);
			expect(one(await tx`select teacher_comment from public.class_queue where id = ${id}`).teacher_comment).toBe('小红已经提过了，我们一起跟进。');
			await actAs(tx, w.people.staffA);
			expect(await tx`select id from public.submissions where id = ${id}`).toHaveLength(0);
			expect(await tx`select id from public.district_inbox where id = ${id}`).toHaveLength(0);
		});
	});

	it('the comment is optional; every reason is accepted; anything else is refused before the function runs', async () => {
		await rolledBack(sql, async (tx) => {
			for (const reason of ['not_suitable', 'duplicate', 'not_a_proposal']) {
				await actAs(tx, w.people.childA1);
				const id = await submit(tx);
				await actAs(tx, w.people.teacherA1);
				await rejectIt(id, reason, reason === 'duplicate' ? '\u200b ' : null)(tx);
				expect((await row(tx, id)).rejection_reason).toBe(reason);
				expect((await events(tx, id)).at(-1)?.comment).toBeNull();
			}
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			expect(await errorAs(tx, w.people.teacherA1, rejectIt(id, null))).toEqual({ code: 'P0001', message: 'field_required:reason' });
			expect((await errorAs(tx, w.people.teacherA1, rejectIt(id, 'boring'))).code).toBe('22P02');
			expect(await errorAs(tx, w.people.teacherA1, rejectIt(id, 'duplicate', 'x'.repeat(10001)))).toEqual({
				code: 'P0001',
				message: 'field_too_long:comment'
			});
			expect((await row(tx, id)).state).toBe('submitted');
		});
	});

	it('only a teacher of its class, only from submitted, only at the version shown; final', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			for (const who of ['childA1', 'teacherA2', 'teacherB', 'staffA', 'admin', 'leadA', 'nobody'] as const) {
				expect(await errorAs(tx, w.people[who], rejectIt(id)), who).toEqual(NOT_ALLOWED);
			}
			expect((await errorAs(tx, { kind: 'anon' }, rejectIt(id))).code).toBe('42501');
			expect(await errorAs(tx, w.people.teacherA1, rejectIt(MISSING))).toEqual(NOT_FOUND);
			const v = await version(tx, id);
			for (const bad of [v - 1, v + 1, null]) {
				expect(await errorAs(tx, w.people.teacherA1, (sp) => sp`select public.reject_submission(${id}, ${bad}, 'duplicate')`)).toEqual(STALE);
			}
			await actAs(tx, w.people.teacherA1);
			await tx`select public.return_submission(${id}, (select version from public.submissions where id = ${id}), '再想想')`;
			expect(await errorAs(tx, w.people.teacherA1, rejectIt(id))).toEqual(INVALID_STATE);
			await actAs(tx, w.people.childA1);
			await tx`select public.resubmit_proposal(${id}, (select version from public.submissions where id = ${id}), 'a', 'b', 'c', 'd')`;
			await actAs(tx, w.people.teacherA1);
			await rejectIt(id)(tx);
			// Rejected is final: no approve, return, reject or resubmit.
			expect(await errorAs(tx, w.people.teacherA1, rejectIt(id))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, w.people.teacherA1, (sp) => approve(sp, id))).toEqual(INVALID_STATE);
			expect(
				await errorAs(tx, w.people.teacherA1, (sp) => sp`select public.return_submission(${id}, (select version from public.submissions where id = ${id}), 'x')`)
			).toEqual(INVALID_STATE);
			expect(
				await errorAs(tx, w.people.childA1, (sp) => sp`select public.resubmit_proposal(${id}, (select version from public.submissions where id = ${id}), 'a', 'b', 'c', 'd')`)
			).toEqual(INVALID_STATE);
		});
	});
});

describe('escalate_submission (a teacher raises a concern)', () => {
	it('from submitted: escalated, the reason in the leads’ log only, the leads told', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			const v = await version(tx, id);
			await actAs(tx, w.people.teacherA1);
			await escalateIt(id, ' 孩子说回家害怕 ')(tx);
			expect(await row(tx, id)).toMatchObject({ state: 'escalated', version: v + 1 });
			expect((await events(tx, id)).at(-1)).toEqual({ actor_id: w.ids.teacherA1, from_state: 'submitted', to_state: 'escalated', comment: null });
			expect(await actions(tx, id)).toEqual([{ actor_id: w.ids.teacherA1, kind: 'escalated', note: '孩子说回家害怕' }]);
			expect((await notified(tx, id)).filter((n) => n.endsWith(':escalated'))).toEqual([`${w.ids.leadA}:escalated`]);
			// Gone from the teacher's queue; the child's events say escalated, without the reason.
			await actAs(tx, w.people.teacherA1);
			expect(await tx`select id from public.class_queue where id = ${id}`).toHaveLength(0);
			await actAs(tx, w.people.childA1);
			const seen = await tx`select to_state, comment from public.submission_events where submission_id = ${id} order by id`;
			expect(seen.map((e) => ({ ...e }))).toEqual([
				{ to_state: 'submitted', comment: null },
				{ to_state: 'escalated', comment: null }
			]);
			expect(await tx`select id from public.safeguarding_actions where submission_id = ${id}`).toHaveLength(0);
		});
	});

	it('from returned, rejected and approved (pulled back out of the district inbox); not once answered or already escalated', async () => {
		await rolledBack(sql, async (tx) => {
			const p = w.people;
			await actAs(tx, p.childA1);
			const returned = await submit(tx);
			const rejected = await submit(tx);
			const approved = await submit(tx);
			const answered = await submit(tx);
			await actAs(tx, p.teacherA1);
			await tx`select public.return_submission(${returned}, (select version from public.submissions where id = ${returned}), '再想想')`;
			await rejectIt(rejected)(tx);
			await approve(tx, approved);
			await approve(tx, answered);
			await actAs(tx, p.staffA);
			await tx`select public.answer_submission(${answered}, (select version from public.submissions where id = ${answered}), 'adopted', '好', ${[w.goal]}::uuid[])`;
			expect(await tx`select id from public.district_inbox where id = ${approved}`).toHaveLength(1);

			for (const id of [returned, rejected, approved]) {
				await actAs(tx, p.teacherA1);
				await escalateIt(id)(tx);
				expect(await row(tx, id)).toMatchObject({ state: 'escalated', rejection_reason: null });
			}
			await actAs(tx, p.staffA);
			expect(await tx`select id from public.district_inbox where id = ${approved}`).toHaveLength(0);
			expect(await tx`select id from public.submissions where id = ${approved}`).toHaveLength(0);
			const pulled = await version(tx, approved);
			expect(
				await errorAs(tx, p.staffA, (sp) => sp`select public.answer_submission(${approved}, ${pulled}, 'adopted', '好', ${[w.goal]}::uuid[])`)
			).toEqual(INVALID_STATE);

			// Already escalated: it is out of the teacher's hands.
			expect(await errorAs(tx, p.teacherA1, escalateIt(approved, 'x', await version(tx, approved)))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, p.teacherA1, escalateIt(answered))).toEqual(INVALID_STATE);
		});
	});

	it('only a teacher of its class, with a reason, at the version shown', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx);
			for (const who of ['childA1', 'teacherA2', 'teacherB', 'staffA', 'admin', 'leadA', 'nobody'] as const) {
				expect(await errorAs(tx, w.people[who], escalateIt(id)), who).toEqual(NOT_ALLOWED);
			}
			expect((await errorAs(tx, { kind: 'anon' }, escalateIt(id))).code).toBe('42501');
			expect(await errorAs(tx, w.people.teacherA1, escalateIt(MISSING))).toEqual(NOT_FOUND);
			const v = await version(tx, id);
			expect(await errorAs(tx, w.people.teacherA1, escalateIt(id, 'x', v - 1))).toEqual(STALE);
			for (const blank of [null, '', ' \u3000', '\u200b']) {
				expect(await errorAs(tx, w.people.teacherA1, escalateIt(id, blank))).toEqual({ code: 'P0001', message: 'field_required:reason' });
			}
			expect(await errorAs(tx, w.people.teacherA1, escalateIt(id, 'x'.repeat(4001)))).toEqual({
				code: 'P0001',
				message: 'field_too_long:reason'
			});
			expect(await row(tx, id)).toMatchObject({ state: 'submitted', version: v });
		});
	});
});

describe('safeguarding leads', () => {
	/** An escalated item of school B (class B1), where leadA is not a lead. */
	async function discloseInB(tx: Tx) {
		return disclose(tx, w.people.childB);
	}

	it('the queue: escalated items of the schools the caller leads, with the types and the flagged wording; each one shown is logged', async () => {
		await rolledBack(sql, async (tx) => {
			const a = await disclose(tx);
			await discloseInB(tx);
			await actAs(tx, w.people.leadA);
			const q = await tx`select * from public.safeguarding_queue()`;
			const mine = q.filter((r) => r.id === a);
			expect(q.every((r) => r.school_name_zh === '甲小学' + w.tag)).toBe(true);
			expect(mine).toHaveLength(1);
			expect(mine[0]).toMatchObject({
				class_name: '五年级一班',
				age_band: '10-13',
				escalated_by: 'student',
				safeguarding_types: ['bullying'],
				flagged_wording: ['他们打我'],
				status: 'open',
				last_action: 'flagged',
				version: 1,
				total: String(q.length)
			});
			expect(mine[0]!.escalated_at).toBeInstanceOf(Date);
			await asSuperuser(tx);
			const log = await tx`select submission_id, reader_id, context from public.safeguarding_access_log where reader_id = ${w.ids.leadA}`;
			expect(log.map((l) => ({ ...l }))).toEqual(q.map((r) => ({ submission_id: r.id, reader_id: w.ids.leadA, context: 'queue' })));
		});
	});

	it('the queue: open oldest first, closed by latest action; pages with a total; bad arguments refused', async () => {
		await rolledBack(sql, async (tx) => {
			const ids = [];
			for (let i = 0; i < 3; i++) {
				ids.push(await disclose(tx));
				await asSuperuser(tx);
				// Distinct escalation times, oldest first.
				await tx`update public.submission_events set created_at = now() - ${`${10 - i} minutes`}::interval where submission_id = ${ids[i]!}`;
			}
			await actAs(tx, w.people.leadA);
			const open = await tx`select id, total from public.safeguarding_queue('open', 2, 0)`;
			expect(open.map((r) => r.id)).toEqual(ids.slice(0, 2));
			expect(open.every((r) => r.total === '3')).toBe(true);
			const page2 = await tx`select id from public.safeguarding_queue('open', 2, 2)`;
			expect(page2.map((r) => r.id)).toEqual([ids[2]]);
			await actIt(ids[1]!, 1, 'closed', '已联系家长，处理完毕')(tx);
			expect((await tx`select id from public.safeguarding_queue('open')`).map((r) => r.id)).toEqual([ids[0], ids[2]]);
			const counts = await tx`select status, total from public.safeguarding_counts()`;
			const open_ = counts.find((c) => c.status === 'open')!;
			expect(counts.map((c) => c.status)).toEqual(['open', 'closed']);
			expect(counts.find((c) => c.status === 'closed')!.total).toBe('1');
			expect(Number(open_.total)).toBeGreaterThanOrEqual(2);
			const closed = await tx`select id, status, last_action from public.safeguarding_queue('closed')`;
			expect(closed.map((r) => ({ ...r }))).toEqual([{ id: ids[1], status: 'closed', last_action: 'closed' }]);
			for (const [status, limit, offset] of [['done', 20, 0], [null, 20, 0], ['open', 0, 0], ['open', 101, 0], ['open', 20, -1]] as const) {
				const err = await dbError(tx, (sp) => sp`select * from public.safeguarding_queue(${status}, ${limit}, ${offset})`);
				expect(err.code).toBe('P0001');
				expect(err.message).toMatch(/^field_invalid:/);
			}
		});
	});

	it('the queue and the detail: only leads', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await disclose(tx);
			for (const who of ['childA1', 'teacherA1', 'teacherB', 'staffA', 'admin', 'nobody'] as const) {
				expect(await errorAs(tx, w.people[who], (sp) => sp`select * from public.safeguarding_queue()`), who).toEqual(NOT_ALLOWED);
				expect(await errorAs(tx, w.people[who], (sp) => sp`select * from public.safeguarding_counts()`), who).toEqual(NOT_ALLOWED);
				expect(await errorAs(tx, w.people[who], (sp) => sp`select * from public.safeguarding_item(${id})`), who).toEqual(NOT_ALLOWED);
			}
			expect((await errorAs(tx, { kind: 'anon' }, (sp) => sp`select * from public.safeguarding_queue()`)).code).toBe('42501');
			// A lead of another school.
			await asSuperuser(tx);
			const leadB = user(await createAccount(tx, { role: 'teacher', display_name: '乙校心理老师' }));
			await tx`insert into public.school_safeguarding_leads (school_id, lead_id) values (${w.schoolB}, ${(leadB as { id: string }).id})`;
			expect(await errorAs(tx, leadB, (sp) => sp`select * from public.safeguarding_item(${id})`)).toEqual(NOT_ALLOWED);
			await actAs(tx, leadB);
			expect((await tx`select id from public.safeguarding_queue()`).map((r) => r.id)).not.toContain(id);
			expect(await errorAs(tx, w.people.leadA, (sp) => sp`select * from public.safeguarding_item(${MISSING})`)).toEqual(NOT_FOUND);
			await asSuperuser(tx);
			const [{ n }] = await tx<[{ n: number }]>`select count(*)::int as n from public.safeguarding_access_log where submission_id = ${id}`;
			expect(n).toBe(0);
		});
	});

	it('the detail: the whole text, who the child is inside the school, the flags; the read is logged (who, when)', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await disclose(tx);
			await actAs(tx, w.people.leadA);
			const before = new Date();
			const item = one(await tx`select * from public.safeguarding_item(${id})`);
			expect(item).toMatchObject({
				id,
				school_name_zh: '甲小学' + w.tag,
				class_name: '五年级一班',
				author_display_name: '小明' + w.tag,
				student_number: 1,
				title: '请帮帮我',
				problem: DISCLOSURE,
				flags: SAFEGUARDING_FLAGS,
				escalated_by: 'student',
				status: 'open',
				version: 1
			});
			await tx`select * from public.safeguarding_item(${id})`;
			await asSuperuser(tx);
			const log = await tx`select reader_id, context, read_at from public.safeguarding_access_log where submission_id = ${id} order by id`;
			expect(log.map((l) => [l.reader_id, l.context])).toEqual([
				[w.ids.leadA, 'detail'],
				[w.ids.leadA, 'detail']
			]);
			expect(log[0]!.read_at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 5000);
			// Admins read the log; the lead who read does not.
			await actAs(tx, w.people.admin);
			expect(await tx`select id from public.safeguarding_access_log where submission_id = ${id}`).toHaveLength(2);
			await actAs(tx, w.people.leadA);
			expect(await tx`select id from public.safeguarding_access_log where submission_id = ${id}`).toHaveLength(0);
		});
	});

	it('record_safeguarding_action: leads of the school, while escalated, append-only, closed/reopened in turn', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await disclose(tx);
			for (const who of ['childA1', 'teacherA1', 'teacherB', 'staffA', 'admin', 'nobody'] as const) {
				expect(await errorAs(tx, w.people[who], actIt(id, 1, 'note', 'x')), who).toEqual(NOT_ALLOWED);
			}
			expect(await errorAs(tx, w.people.leadA, actIt(MISSING, 1, 'note', 'x'))).toEqual(NOT_FOUND);
			expect(await errorAs(tx, w.people.leadA, actIt(id, 2, 'note', 'x'))).toEqual(STALE);
			expect(await errorAs(tx, w.people.leadA, actIt(id, 1, null))).toEqual({ code: 'P0001', message: 'field_required:kind' });
			for (const kind of ['flagged', 'escalated', 'released']) {
				expect(await errorAs(tx, w.people.leadA, actIt(id, 1, kind, 'x')), kind).toEqual({ code: 'P0001', message: 'field_invalid:kind' });
			}
			expect(await errorAs(tx, w.people.leadA, actIt(id, 1, 'note', ' '))).toEqual({ code: 'P0001', message: 'field_required:note' });
			expect(await errorAs(tx, w.people.leadA, actIt(id, 1, 'note', 'x'.repeat(4001)))).toEqual({ code: 'P0001', message: 'field_too_long:note' });
			expect(await errorAs(tx, w.people.leadA, actIt(id, 1, 'reopened'))).toEqual(INVALID_STATE);

			await actAs(tx, w.people.leadA);
			for (const [kind, note] of [
				['note', '和孩子谈过了'],
				['contacted_guardian', null],
				['contacted_counsellor', '心理老师跟进'],
				['contacted_police', null],
				['closed', null]
			] as const) {
				const [{ id: actionId }] = await tx<[{ id: string }]>`select public.record_safeguarding_action(${id}, 1, ${kind}, ${note}) as id`;
				expect(actionId).toMatch(/^\d+$/);
			}
			expect(await errorAs(tx, w.people.leadA, actIt(id, 1, 'closed'))).toEqual(INVALID_STATE);
			await actAs(tx, w.people.leadA);
			await actIt(id, 1, 'reopened')(tx);
			expect(await actions(tx, id)).toEqual([
				{ actor_id: null, kind: 'flagged', note: null },
				{ actor_id: w.ids.leadA, kind: 'note', note: '和孩子谈过了' },
				{ actor_id: w.ids.leadA, kind: 'contacted_guardian', note: null },
				{ actor_id: w.ids.leadA, kind: 'contacted_counsellor', note: '心理老师跟进' },
				{ actor_id: w.ids.leadA, kind: 'contacted_police', note: null },
				{ actor_id: w.ids.leadA, kind: 'closed', note: null },
				{ actor_id: w.ids.leadA, kind: 'reopened', note: null }
			]);
			// The case log does not change the item: same state and version.
			expect(await row(tx, id)).toMatchObject({ state: 'escalated', version: 1 });
			// Leads and admins read the log through the table; the child and the class teacher do not.
			await actAs(tx, w.people.leadA);
			expect(await tx`select id from public.safeguarding_actions where submission_id = ${id}`).toHaveLength(7);
			for (const who of ['childA1', 'teacherA1', 'staffA'] as const) {
				await actAs(tx, w.people[who]);
				expect(await tx`select id from public.safeguarding_actions where submission_id = ${id}`, who).toHaveLength(0);
			}
		});
	});

	it('release_submission: a wrongly flagged item goes back to its class, flags kept; the teacher can then approve it', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await disclose(tx);
			for (const who of ['childA1', 'teacherA1', 'teacherB', 'staffA', 'admin', 'nobody'] as const) {
				expect(await errorAs(tx, w.people[who], releaseIt(id, 1)), who).toEqual(NOT_ALLOWED);
			}
			expect(await errorAs(tx, w.people.leadA, releaseIt(id, 0))).toEqual(STALE);
			expect(await errorAs(tx, w.people.leadA, releaseIt(id, 1, ' '))).toEqual({ code: 'P0001', message: 'field_required:reason' });
			await actAs(tx, w.people.leadA);
			await releaseIt(id, 1, '孩子在说游戏里的事')(tx);
			expect(await row(tx, id)).toMatchObject({ state: 'submitted', version: 2, flags: SAFEGUARDING_FLAGS });
			expect((await events(tx, id)).at(-1)).toEqual({ actor_id: w.ids.leadA, from_state: 'escalated', to_state: 'submitted', comment: null });
			expect((await actions(tx, id)).at(-1)).toEqual({ actor_id: w.ids.leadA, kind: 'released', note: '孩子在说游戏里的事' });
			expect((await notified(tx, id)).filter((n) => n.endsWith(':submitted'))).toEqual([`${w.ids.teacherA1}:submitted`]);
			// Now a released item: not in the lead's queue, no longer readable in detail, a second release refused.
			await actAs(tx, w.people.leadA);
			expect((await tx`select id from public.safeguarding_queue()`).map((r) => r.id)).not.toContain(id);
			expect(await errorAs(tx, w.people.leadA, (sp) => sp`select * from public.safeguarding_item(${id})`)).toEqual(INVALID_STATE);
			expect(await errorAs(tx, w.people.leadA, releaseIt(id, 2))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, w.people.leadA, actIt(id, 2, 'note', 'x'))).toEqual(INVALID_STATE);
			// The class teacher sees it again, with its flags and that it was released.
			await actAs(tx, w.people.teacherA1);
			const q = one(await tx`select state, flags, released, problem from public.class_queue where id = ${id}`);
			expect({ ...q }).toEqual({ state: 'submitted', flags: SAFEGUARDING_FLAGS, released: true, problem: DISCLOSURE });
			await approve(tx, id);
			expect((await row(tx, id)).state).toBe('approved');
		});
	});

	it('designate and remove: admins only, teachers (or counsellors with role teacher) only', async () => {
		await rolledBack(sql, async (tx) => {
			const designate = (school: string, lead: string) => (sp: Tx) => sp`select public.designate_safeguarding_lead(${school}, ${lead})`;
			const remove = (school: string, lead: string) => (sp: Tx) => sp`select public.remove_safeguarding_lead(${school}, ${lead})`;
			for (const who of ['childA1', 'teacherA1', 'leadA', 'staffA', 'nobody'] as const) {
				expect(await errorAs(tx, w.people[who], designate(w.schoolA, w.ids.teacherA1)), who).toEqual(NOT_ALLOWED);
				expect(await errorAs(tx, w.people[who], remove(w.schoolA, w.ids.leadA)), who).toEqual(NOT_ALLOWED);
			}
			expect((await errorAs(tx, { kind: 'anon' }, designate(w.schoolA, w.ids.teacherA1))).code).toBe('42501');
			expect(await errorAs(tx, w.people.admin, designate(MISSING, w.ids.teacherA1))).toEqual(NOT_FOUND);
			for (const notTeacher of ['childA1', 'staffA', 'admin', 'nobody'] as const) {
				expect(await errorAs(tx, w.people.admin, designate(w.schoolA, w.ids[notTeacher])), notTeacher).toEqual({
					code: 'P0001',
					message: 'lead_not_teacher'
				});
			}
			await actAs(tx, w.people.admin);
			await designate(w.schoolA, w.ids.teacherA1)(tx);
			await designate(w.schoolA, w.ids.teacherA1)(tx); // again: nothing new
			await asSuperuser(tx);
			const rows = await tx`select designated_by from public.school_safeguarding_leads where school_id = ${w.schoolA} and lead_id = ${w.ids.teacherA1}`;
			expect(rows.map((r) => r.designated_by)).toEqual([w.ids.admin]);
			// The new lead reads the queue; after removal, the old one no longer does.
			const id = await disclose(tx);
			await actAs(tx, w.people.teacherA1);
			expect((await tx`select id from public.safeguarding_queue()`).map((r) => r.id)).toContain(id);
			await actAs(tx, w.people.admin);
			await remove(w.schoolA, w.ids.leadA)(tx);
			expect(await errorAs(tx, w.people.admin, remove(w.schoolA, w.ids.leadA))).toEqual(NOT_FOUND);
			expect(await errorAs(tx, w.people.leadA, (sp) => sp`select * from public.safeguarding_queue()`)).toEqual(NOT_ALLOWED);
			expect(await errorAs(tx, w.people.leadA, (sp) => sp`select * from public.safeguarding_item(${id})`)).toEqual(NOT_ALLOWED);
		});
	});

	it('an escalated item is never forwarded, answered or public, whoever tries', async () => {
		await rolledBack(sql, async (tx) => {
			const id = await disclose(tx);
			// (the class teacher cannot read it: the version as if they had seen it)
			const v = await version(tx, id);
			expect(
				await errorAs(tx, w.people.teacherA1, (sp) => sp`select public.approve_submission(${id}, ${v}, 't', 'p', 's', 'w')`)
			).toEqual(INVALID_STATE);
			expect(await errorAs(tx, w.people.teacherA1, rejectIt(id, 'duplicate', null, v))).toEqual(INVALID_STATE);
			expect(await errorAs(tx, w.people.teacherA1, (sp) => sp`select public.return_submission(${id}, ${v}, 'x')`)).toEqual(INVALID_STATE);
			expect(
				await errorAs(tx, w.people.staffA, (sp) => sp`select public.answer_submission(${id}, 1, 'adopted', '好', ${[w.goal]}::uuid[])`)
			).toEqual(INVALID_STATE);
			for (const who of ['staffA', 'staffB'] as const) {
				await actAs(tx, w.people[who]);
				expect(await tx`select id from public.district_inbox where id = ${id}`).toHaveLength(0);
				expect(await tx`select id from public.submissions where id = ${id}`).toHaveLength(0);
			}
			await actAs(tx, { kind: 'anon' });
			expect(await tx`select submission_id from public.published_answers where submission_id = ${id}`).toHaveLength(0);
			// The DB also refuses a forwarded state without a public copy, however it is reached.
			await asSuperuser(tx);
			const err = await dbError(tx, (sp) => sp`update public.submissions set state = 'approved' where id = ${id}`);
			expect(err.message).toMatch(/submissions_public_copy_when_forwarded/);
		});
	});
});

describe('stale versions for the new actions (case stale-approve-after-resubmit)', () => {
	it('reject and escalate refuse a version the teacher never saw, before the state', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const id = await submit(tx, proposal({ title: '放学路上' }));
			const shown = await version(tx, id);
			await actAs(tx, w.people.teacherA1);
			await tx`select public.return_submission(${id}, ${shown}, '请写清楚')`;
			await actAs(tx, w.people.childA1);
			await tx`select public.resubmit_proposal(${id}, (select version from public.submissions where id = ${id}), 'a', 'b', 'c', 'd')`;
			expect(await errorAs(tx, w.people.teacherA1, rejectIt(id, 'duplicate', null, shown))).toEqual(STALE);
			expect(await errorAs(tx, w.people.teacherA1, escalateIt(id, 'x', shown))).toEqual(STALE);
			expect((await row(tx, id)).state).toBe('submitted');
		});
	});
});
