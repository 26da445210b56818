/**
 * Database test helpers: act as a person exactly as the Data API (PostgREST) does, and build
 * an isolated "world" of districts, schools, classes and accounts as superuser.
 *
 * PostgREST runs each request in one transaction: `set local role <jwt role>` and
 * `set_config('request.jwt.claims', <jwt claims json>, true)`, then the query. `asUser` does the
 * same and always rolls back; `actAs` switches identity inside a transaction you already hold,
 * so a test can play child → teacher → staff in one rolled-back transaction.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { expect } from 'vitest';

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

/** Who makes a request: anon (no JWT sub) or a signed-in account. */
export type Actor = { kind: 'anon' } | { kind: 'user'; id: string; email?: string };

export const ANON: Actor = { kind: 'anon' };

export function user(id: string, email?: string): Actor {
	return { kind: 'user', id, email };
}

/** A superuser connection to the test database (env CV_DB_URL, set by `npm test`). */
export function connect(): Sql {
	const url = process.env.CV_DB_URL;
	if (!url) throw new Error('CV_DB_URL is not set: run the tests through `npm test`');
	return postgres(url, { max: 4, onnotice: () => {} });
}

/** Become `who` for the rest of the transaction (or until the next actAs / asSuperuser). */
export async function actAs(tx: Tx, who: Actor): Promise<void> {
	await tx`reset role`;
	const claims =
		who.kind === 'anon'
			? { role: 'anon' }
			: { sub: who.id, role: 'authenticated', aud: 'authenticated', email: who.email ?? null };
	await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
	await tx.unsafe(`set local role ${who.kind === 'anon' ? 'anon' : 'authenticated'}`);
}

/** Back to the superuser (no claims). */
export async function asSuperuser(tx: Tx): Promise<void> {
	await tx`reset role`;
	await tx`select set_config('request.jwt.claims', '', true)`;
}

/**
 * The first row of a query result, or an error when there is none: for a lookup the test
 * relies on, so a missing row fails loudly here instead of as `undefined` further on.
 * Type the query for typed rows: `one(await tx<{ id: string }[]>\`select id ...\`)`.
 */
export function one<T>(rows: readonly T[], what = 'a row'): NonNullable<T> {
	const row = rows[0];
	if (row === undefined || row === null) throw new Error(`expected ${what}, but the query returned none`);
	return row;
}

class Rollback extends Error {}

/** Run `fn` in a transaction that is always rolled back; returns what `fn` returned. */
export async function rolledBack<T>(sql: Sql, fn: (tx: Tx) => Promise<T>): Promise<T> {
	let result: T | undefined;
	try {
		await sql.begin(async (tx) => {
			result = await fn(tx);
			throw new Rollback();
		});
	} catch (e) {
		if (!(e instanceof Rollback)) throw e;
	}
	return result as T;
}

/** Run `fn` as `who`, exactly as one Data API request would, then roll back. */
export function asUser<T>(sql: Sql, who: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
	return rolledBack(sql, async (tx) => {
		await actAs(tx, who);
		return fn(tx);
	});
}

export interface DbError {
	code: string;
	message: string;
}

/**
 * Run `fn` in a savepoint and return the Postgres error it raised (the savepoint is rolled back,
 * the transaction goes on). Fails the test when `fn` succeeds.
 */
export async function dbError(tx: Tx, fn: (sp: Tx) => Promise<unknown>): Promise<DbError> {
	let outcome: DbError | undefined;
	try {
		await tx.savepoint(async (sp) => {
			await fn(sp as unknown as Tx);
		});
	} catch (e) {
		const err = e as { code?: string; message?: string };
		if (typeof err.code !== 'string') throw e;
		outcome = { code: err.code, message: err.message ?? '' };
	}
	if (!outcome) throw new Error('expected a database error, but the statement succeeded');
	return outcome;
}

/** Run `fn` in a savepoint; the savepoint is rolled back whether or not it fails. Returns its value. */
export async function tryInSavepoint<T>(tx: Tx, fn: (sp: Tx) => Promise<T>): Promise<T> {
	let result: T | undefined;
	try {
		await tx.savepoint(async (sp) => {
			result = await fn(sp as unknown as Tx);
			throw new Rollback();
		});
	} catch (e) {
		if (!(e instanceof Rollback)) throw e;
	}
	return result as T;
}

// ---------------------------------------------------------------------------------------------
// Fixtures (created as superuser and committed; each world has its own ids and codes)
// ---------------------------------------------------------------------------------------------

function tag(): string {
	return randomBytes(4).toString('hex').toUpperCase();
}

/** Create an auth.users row; the trigger makes the profile from `appMeta`. Returns the id. */
export async function createAccount(
	sql: Sql | Tx,
	appMeta: Record<string, unknown> | null,
	email = `${randomUUID()}@test.child-voice.test`
): Promise<string> {
	const id = randomUUID();
	const meta = { provider: 'email', providers: ['email'], ...(appMeta ?? {}) };
	await sql`
		insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
			confirmation_token, recovery_token, email_change_token_new, email_change,
			raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
		values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated', ${email}, '', now(),
			'', '', '', '', ${sql.json(meta as postgres.JSONValue)}, '{}'::jsonb, now(), now())`;
	return id;
}

export interface World {
	tag: string;
	districtA: string;
	districtB: string;
	schoolA: string;
	schoolB: string;
	/** Class A1 (grade 5) and A2 (grade 2) in school A, district A; B1 (grade 9) in school B, district B. */
	classA1: string;
	classA2: string;
	classB1: string;
	/** People, as actors. childA1 and childA1b are classmates in A1. */
	people: {
		childA1: Actor;
		childA1b: Actor;
		childA2: Actor;
		childB: Actor;
		teacherA1: Actor;
		teacherA2: Actor;
		teacherB: Actor;
		staffA: Actor;
		staffB: Actor;
		admin: Actor;
		/** A counsellor (role teacher, no class), safeguarding lead of school A. */
		leadA: Actor;
		/** An account without a role: no profile, can do nothing. */
		nobody: Actor;
	};
	ids: Record<keyof World['people'], string>;
	/** A ledger goal id (SPC-06 of the 2023 seed) and a second one (ENV-03). */
	goal: string;
	goal2: string;
}

export async function createWorld(sql: Sql): Promise<World> {
	const t = tag();
	return sql.begin(async (tx) => {
		const dA = one(await tx<{ id: string }[]>`insert into public.districts (code, name_zh, name_en)
			values (${'A' + t}, ${'甲区' + t}, ${'District A ' + t}) returning id`);
		const dB = one(await tx<{ id: string }[]>`insert into public.districts (code, name_zh, name_en)
			values (${'B' + t}, ${'乙区' + t}, ${'District B ' + t}) returning id`);
		const sA = one(await tx<{ id: string }[]>`insert into public.schools (district_id, name_zh, name_en)
			values (${dA.id}, ${'甲小学' + t}, ${'School A ' + t}) returning id`);
		const sB = one(await tx<{ id: string }[]>`insert into public.schools (district_id, name_zh, name_en)
			values (${dB.id}, ${'乙中学' + t}, ${'School B ' + t}) returning id`);
		const cA1 = one(await tx<{ id: string }[]>`insert into public.classes (school_id, name, grade, code)
			values (${sA.id}, '五年级一班', 5, ${'A1' + t}) returning id`);
		const cA2 = one(await tx<{ id: string }[]>`insert into public.classes (school_id, name, grade, code)
			values (${sA.id}, '二年级三班', 2, ${'A2' + t}) returning id`);
		const cB1 = one(await tx<{ id: string }[]>`insert into public.classes (school_id, name, grade, code)
			values (${sB.id}, '初三二班', 9, ${'B1' + t}) returning id`);

		const child = (classId: string, n: number, name: string) =>
			createAccount(
				tx,
				{ role: 'student', display_name: name, class_id: classId, student_number: n, guardian_consent: true },
				`${'c' + t.toLowerCase()}-${classId.slice(0, 8)}-${n}@login-card.invalid`
			);
		const ids = {
			childA1: await child(cA1.id, 1, '小明' + t),
			childA1b: await child(cA1.id, 2, '小红' + t),
			childA2: await child(cA2.id, 1, '小兰' + t),
			childB: await child(cB1.id, 1, '小刚' + t),
			teacherA1: await createAccount(tx, { role: 'teacher', display_name: '张老师', class_ids: [cA1.id] }),
			teacherA2: await createAccount(tx, { role: 'teacher', display_name: '李老师', class_ids: [cA2.id] }),
			teacherB: await createAccount(tx, { role: 'teacher', display_name: '赵老师', class_ids: [cB1.id] }),
			staffA: await createAccount(tx, { role: 'staff', display_name: '陈科长', district_ids: [dA.id] }),
			staffB: await createAccount(tx, { role: 'staff', display_name: '周科长', district_ids: [dB.id] }),
			admin: await createAccount(tx, { role: 'admin', display_name: '管理员' + t }),
			leadA: await createAccount(tx, { role: 'teacher', display_name: '心理老师' + t }),
			nobody: await createAccount(tx, null)
		};
		await tx`insert into public.school_safeguarding_leads (school_id, lead_id, designated_by) values (${sA.id}, ${ids.leadA}, ${ids.admin})`;
		const people = Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, user(id)])) as World['people'];
		const g1 = one(await tx<{ id: string }[]>`select id from public.ledger_goals where edition = 2023 and code = 'SPC-06'`, 'goal SPC-06');
		const g2 = one(await tx<{ id: string }[]>`select id from public.ledger_goals where edition = 2023 and code = 'ENV-03'`, 'goal ENV-03');
		return {
			tag: t,
			districtA: dA.id,
			districtB: dB.id,
			schoolA: sA.id,
			schoolB: sB.id,
			classA1: cA1.id,
			classA2: cA2.id,
			classB1: cB1.id,
			people,
			ids,
			goal: g1.id,
			goal2: g2.id
		};
	});
}

/** A valid proposal; override any field. */
export function proposal(over: Partial<Record<'title' | 'problem' | 'suggestions' | 'who_should_act', string | null>> = {}) {
	return {
		title: '学校东门增设人行横道',
		problem: '放学时车开得很快，同学们只能从车流中间穿过去。',
		suggestions: '画一条人行横道，设两条减速带。',
		who_should_act: '区交通部门',
		...over
	};
}

/**
 * Call submit_proposal in `tx` as whoever `tx` currently acts as; returns the submission id (a new
 * one, or the existing one when `requestId` was already used by the same author). Without
 * `requestId` it leaves p_request_id out, as a caller that does not know it would (default null).
 */
export async function submit(tx: Tx, p = proposal(), requestId?: string | null): Promise<string> {
	return (await submitted(tx, p, requestId)).id;
}

/** As submit, with whether this call made the proposal (false: the request key was used before). */
export async function submitted(tx: Tx, p = proposal(), requestId?: string | null): Promise<{ id: string; created: boolean }> {
	const rows =
		requestId === undefined
			? await tx<{ id: string; created: boolean }[]>`select * from public.submit_proposal(${p.title}, ${p.problem}, ${p.suggestions}, ${p.who_should_act})`
			: await tx<{ id: string; created: boolean }[]>`select * from public.submit_proposal(${p.title}, ${p.problem}, ${p.suggestions},
				${p.who_should_act}, p_request_id => ${requestId}::uuid)`;
	expect(rows).toHaveLength(1);
	return { ...rows[0]! };
}

/** A public copy for approve_submission: the proposal() text with `public ` in front; override any field. */
export function publicCopy(over: Partial<Record<'title' | 'problem' | 'suggestions' | 'who_should_act', string | null>> = {}) {
	const p = proposal();
	return {
		title: 'public ' + p.title,
		problem: 'public ' + p.problem,
		suggestions: 'public ' + p.suggestions,
		who_should_act: 'public ' + p.who_should_act,
		...over
	};
}

/**
 * approve_submission in `tx` as whoever `tx` acts as, at the current version, with a public copy
 * (publicCopy() unless given) and an optional comment (undefined: the argument left out).
 */
export async function approve(
	tx: Tx,
	id: string,
	comment?: string | null,
	copy: Partial<Record<'title' | 'problem' | 'suggestions' | 'who_should_act', string | null>> = {}
): Promise<void> {
	const c = publicCopy(copy);
	if (comment === undefined) {
		await tx`select public.approve_submission(${id}, (select version from public.submissions where id = ${id}),
			${c.title}, ${c.problem}, ${c.suggestions}, ${c.who_should_act})`;
	} else {
		await tx`select public.approve_submission(${id}, (select version from public.submissions where id = ${id}),
			${c.title}, ${c.problem}, ${c.suggestions}, ${c.who_should_act}, ${comment})`;
	}
}

export interface WorldSubmissions {
	/** By childA1 in class A1, one per state. */
	submitted: string;
	returned: string;
	/** Returned once (with RETURN_COMMENT), resubmitted, then approved: forwarded with a private history. */
	approved: string;
	answered: string;
	/** By childA2 (class A2, same district A), approved. */
	otherClassApproved: string;
	/** By childB (district B), answered. */
	otherDistrictAnswered: string;
	/** By childA1, escalated by the check on submit (SAFEGUARDING_FLAGS); leadA added a note and opened it once. */
	escalated: string;
	/** By childA1, rejected by teacherA1 as a duplicate with REJECT_COMMENT. */
	rejected: string;
}

/** The problem of a disclosure, and the screening result the app's server makes of it. */
export const DISCLOSURE = '放学后他们打我。';
export const SAFEGUARDING_FLAGS = {
	personal_details: [],
	safeguarding: [{ field: 'problem', type: 'bullying', start: 3, end: 7, text: '他们打我' }],
	confirmed: false
};

/** The teacher's comment when rejecting `rejected`. */
export const REJECT_COMMENT = '这个建议小红已经提过了，我们一起跟进。';

/** The teacher's comment when returning `approved` before it was resubmitted and approved. */
export const RETURN_COMMENT = '请写清楚是哪条路，老师陪你一起改。';

/** Create (and commit) one submission per state through the rpc functions, as the people would. */
export async function createSubmissions(sql: Sql, w: World): Promise<WorldSubmissions> {
	return sql.begin(async (tx) => {
		const p = w.people;
		await actAs(tx, p.childA1);
		const submitted = await submit(tx, proposal({ title: 'submitted ' + w.tag }));
		const returned = await submit(tx, proposal({ title: 'returned ' + w.tag }));
		const approved = await submit(tx, proposal({ title: 'approved ' + w.tag }));
		const answered = await submit(tx, proposal({ title: 'answered ' + w.tag }));
		await actAs(tx, p.childA2);
		const otherClassApproved = await submit(tx, proposal({ title: 'other class ' + w.tag }));
		await actAs(tx, p.childB);
		const otherDistrictAnswered = await submit(tx, proposal({ title: 'other district ' + w.tag }));
		await actAs(tx, p.childA1);
		const [esc] = await tx<[{ id: string }]>`select id from public.submit_proposal(${'escalated ' + w.tag}, ${DISCLOSURE},
			'帮帮我。', '老师', null, ${tx.json(SAFEGUARDING_FLAGS)})`;
		const escalated = esc.id;
		const rejected = await submit(tx, proposal({ title: 'rejected ' + w.tag }));
		await actAs(tx, p.teacherA1);
		await tx`select public.reject_submission(${rejected}, (select version from public.submissions where id = ${rejected}), 'duplicate', ${REJECT_COMMENT})`;
		await actAs(tx, p.leadA);
		await tx`select public.record_safeguarding_action(${escalated}, 1, 'note', '已和孩子谈过。')`;
		await tx`select id from public.safeguarding_item(${escalated})`;

		await actAs(tx, p.teacherA1);
		await tx`select public.return_submission(${returned}, (select version from public.submissions where id = ${returned}), '请写清楚是哪条路。')`;
		await tx`select public.return_submission(${approved}, (select version from public.submissions where id = ${approved}), ${RETURN_COMMENT})`;
		await actAs(tx, p.childA1);
		await tx`select public.resubmit_proposal(${approved}, (select version from public.submissions where id = ${approved}), ${'approved ' + w.tag}, '东门没有人行横道。', '画一条。', '区交通部门')`;
		await actAs(tx, p.teacherA1);
		await approve(tx, approved, null, { title: 'approved ' + w.tag });
		await approve(tx, answered, '很好的建议', { title: 'answered ' + w.tag });
		await actAs(tx, p.teacherA2);
		await approve(tx, otherClassApproved, undefined, { title: 'other class ' + w.tag });
		await actAs(tx, p.teacherB);
		await approve(tx, otherDistrictAnswered, undefined, { title: 'other district ' + w.tag });

		await actAs(tx, p.staffA);
		await tx`select public.answer_submission(${answered}, (select version from public.submissions where id = ${answered}), 'adopted', '我们会在东门画人行横道。', ${[w.goal]}::uuid[])`;
		await actAs(tx, p.staffB);
		await tx`select public.answer_submission(${otherDistrictAnswered}, (select version from public.submissions where id = ${otherDistrictAnswered}), 'under_study', '正在研究。', ${[w.goal2]}::uuid[])`;
		await asSuperuser(tx);
		return { submitted, returned, approved, answered, otherClassApproved, otherDistrictAnswered, escalated, rejected };
	});
}
