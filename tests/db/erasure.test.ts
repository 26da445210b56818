/**
 * Erasing a child (erase_child, migration 20261130002100): who may, for which child, what is
 * deleted and what stays — nothing of the child remains but the public copy of what was published,
 * found by searching every uuid and text column of the app's schemas — and the audit row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	approve,
	ANON,
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
let numbers = 200;

interface Child {
	id: string;
	who: Actor;
	n: number;
	nickname: string;
	/** Submission ids by state; `answered` is the published one. */
	subs: Record<'submitted' | 'returned' | 'approved' | 'answered', string>;
	/** Distinctive text the child wrote, never published. */
	secret: string;
}

/** A child of A1 with consent, one proposal in each state (one published), a sign-in attempt and a session. */
async function childWithHistory(tx: Tx): Promise<Child> {
	await asSuperuser(tx);
	const n = numbers++;
	const nickname = `要删除的小朋友${n}`;
	const id = await createAccount(
		tx,
		{ role: 'student', display_name: nickname, class_id: w.classA1, student_number: n, guardian_consent: true },
		`a1${w.tag.toLowerCase()}-${n}@login-card.invalid`
	);
	const who = user(id);
	const secret = `秘密${n}号：我家在幸福路`;
	await actAs(tx, who);
	const submitted = await submit(tx, proposal({ title: `still waiting ${n}`, problem: secret }), crypto.randomUUID());
	const returned = await submit(tx, proposal({ title: `returned ${n}`, suggestions: secret }));
	const approved = await submit(tx, proposal({ title: `forwarded ${n}`, who_should_act: secret }));
	const answered = await submit(tx, proposal({ title: `published ${n}`, problem: secret }));
	// The screening quoted the child's words in the flags of the item that gets published.
	await asSuperuser(tx);
	await tx`update public.submissions set flags = ${tx.json({
		personal_details: [{ field: 'problem', type: 'address', start: 0, end: secret.length, text: secret }],
		safeguarding: [],
		confirmed: true
	})} where id = ${answered}`;
	await actAs(tx, w.people.teacherA1);
	const v = (sid: string) => tx`(select version from public.submissions where id = ${sid})`;
	await tx`select public.return_submission(${returned}, ${v(returned)}, '再想想')`;
	await approve(tx, approved);
	await approve(tx, answered, '好');
	await actAs(tx, w.people.staffA);
	await tx`select public.answer_submission(${answered}, ${v(answered)}, 'adopted', '我们会做。', ${[w.goal]}::uuid[])`;
	await asSuperuser(tx);
	// What signing in leaves behind: a throttle row of the card and a session.
	const code = one(await tx<{ code: string }[]>`select code from public.classes where id = ${w.classA1}`).code;
	await tx`select public.sign_in_begin(${`${code.toLowerCase()}-${n}@login-card.invalid`}, '203.0.113.7')`;
	await tx`insert into auth.sessions (id, user_id, created_at, updated_at) values (gen_random_uuid(), ${id}, now(), now())`;
	return { id, who, n, nickname, subs: { submitted, returned, approved, answered }, secret };
}

async function erase(tx: Tx, who: Actor, c: Child, studentId: string | null = c.id) {
	await actAs(tx, who);
	return one(await tx<{ id: string }[]>`select public.erase_child(${w.classA1}, ${c.n}, ${studentId}) as id`).id;
}

/** Every row of an app schema (public, private) holding `id` in a uuid column or `text` in a text column. */
async function traces(tx: Tx, id: string, text: string[]): Promise<string[]> {
	await asSuperuser(tx);
	const cols = await tx<{ schema: string; table: string; column: string; type: string }[]>`
		select n.nspname as schema, c.relname as table, a.attname as column, t.typname as type
		from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
		join pg_type t on t.oid = a.atttypid
		where n.nspname in ('public', 'private') and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
		  and t.typname in ('uuid', 'text', 'jsonb')`;
	const found: string[] = [];
	for (const c of cols) {
		const target = `${c.schema}.${c.table}.${c.column}`;
		const q = `"${c.schema}"."${c.table}"`;
		if (c.type === 'uuid') {
			const [r] = await tx.unsafe<{ n: number }[]>(`select count(*)::int as n from ${q} where "${c.column}" = $1`, [id]);
			if (r!.n > 0) found.push(target);
		} else {
			for (const t of text) {
				const [r] = await tx.unsafe<{ n: number }[]>(`select count(*)::int as n from ${q} where "${c.column}"::text like '%' || $1 || '%'`, [t]);
				if (r!.n > 0) found.push(`${target} (${t})`);
			}
		}
	}
	return found;
}

describe('erase_child', () => {
	it('nothing of the child remains but the published copy without an author; the login card is emptied and banned, the erasure logged', async () => {
		await rolledBack(sql, async (tx) => {
			const c = await childWithHistory(tx);
			// Before: the child is everywhere.
			expect((await traces(tx, c.id, [c.nickname, c.secret])).length).toBeGreaterThan(5);
			const published = one(await tx`select title, reply from public.published_answers where submission_id = ${c.subs.answered}`);

			expect(await erase(tx, w.people.teacherA1, c)).toBe(c.id);

			// After: the only trace of the account id is the reminder to delete it from Auth.
			expect(await traces(tx, c.id, [c.nickname, c.secret])).toEqual(['private.erasure_accounts.account_id']);
			await asSuperuser(tx);
			const left = await tx`select id, author_id, client_request_id, state, title, problem, suggestions, who_should_act
				from public.submissions where id = any(${Object.values(c.subs)}::uuid[])`;
			expect(left.map((r) => ({ ...r }))).toEqual([
				{ id: c.subs.answered, author_id: null, client_request_id: null, state: 'answered', title: published.title,
					problem: null, suggestions: null, who_should_act: null }
			]);
			// The public copy is untouched, and still on the goal's page for anyone.
			expect({ ...one(await tx`select title, reply from public.published_answers where submission_id = ${c.subs.answered}`) }).toEqual({ ...published });
			await actAs(tx, ANON);
			expect(await tx`select submission_id from public.public_goal_answers where submission_id = ${c.subs.answered}`).toHaveLength(1);
			await asSuperuser(tx);
			// Its events stay as the school's record, without the child's account.
			const events = await tx`select actor_id, actor_role, to_state from public.submission_events where submission_id = ${c.subs.answered} order by id`;
			expect(events.map((e) => [e.actor_role, e.to_state, e.actor_id === null])).toEqual([
				['student', 'submitted', true], ['teacher', 'approved', false], ['staff', 'answered', false]
			]);
			// The Auth account: no metadata, banned, no session; the identity goes with the account.
			const u = one(await tx`select raw_app_meta_data, raw_user_meta_data, banned_until > now() + interval '99 years' as banned from auth.users where id = ${c.id}`);
			expect(u.raw_app_meta_data).toEqual({ provider: 'email', providers: ['email'] });
			expect(u.raw_user_meta_data).toEqual({});
			expect(u.banned).toBe(true);
			expect(await tx`select 1 from auth.sessions where user_id = ${c.id}`).toHaveLength(0);
			// The log: who erased which class-number, when, how many; no text, no nickname.
			const log = one(await tx`select class_id, student_number, erased_by, erased_by_role, submissions_deleted, published_kept,
				login_card_removed_at, erased_at <= now() as past from public.child_erasures where class_id = ${w.classA1} and student_number = ${c.n}`);
			expect({ ...log }).toEqual({
				class_id: w.classA1, student_number: c.n, erased_by: w.ids.teacherA1, erased_by_role: 'teacher',
				submissions_deleted: 3, published_kept: 1, login_card_removed_at: null, past: true
			});

			// The server lists the account to delete, deletes it through Auth (here: as Auth would), and the log says so.
			await actAs(tx, w.people.teacherA1);
			expect((await tx`select * from public.pending_card_removals(${w.classA1})`).map((r) => r.pending_card_removals)).toEqual([c.id]);
			await asSuperuser(tx);
			await tx`delete from auth.users where id = ${c.id}`;
			expect(await traces(tx, c.id, [c.nickname, c.secret])).toEqual([]);
			expect(one(await tx`select login_card_removed_at from public.child_erasures where student_number = ${c.n} and class_id = ${w.classA1}`).login_card_removed_at).toBeInstanceOf(Date);
			await actAs(tx, w.people.teacherA1);
			expect(await tx`select * from public.pending_card_removals(${w.classA1})`).toHaveLength(0);
		});
	});

	it('an admin may erase; the number is free again for a new child', async () => {
		await rolledBack(sql, async (tx) => {
			const c = await childWithHistory(tx);
			await erase(tx, w.people.admin, c);
			await asSuperuser(tx);
			expect(one(await tx`select erased_by_role from public.child_erasures where student_number = ${c.n} and class_id = ${w.classA1}`).erased_by_role).toBe('admin');
			await createAccount(tx, { role: 'student', display_name: '新来的', class_id: w.classA1, student_number: c.n });
		});
	});

	it('only a teacher of the class or an admin: everyone else is refused and nothing changes', async () => {
		await rolledBack(sql, async (tx) => {
			const c = await childWithHistory(tx);
			for (const who of ['teacherA2', 'teacherB', 'staffA', 'childA1', 'nobody'] as const) {
				await actAs(tx, w.people[who]);
				expect(await dbError(tx, (sp) => sp`select public.erase_child(${w.classA1}, ${c.n}, ${c.id})`), who).toEqual(NOT_ALLOWED);
			}
			// Not even the child themselves: a guardian asks the school.
			await actAs(tx, c.who);
			expect(await dbError(tx, (sp) => sp`select public.erase_child(${w.classA1}, ${c.n}, ${c.id})`)).toEqual(NOT_ALLOWED);
			await actAs(tx, ANON);
			expect((await dbError(tx, (sp) => sp`select public.erase_child(${w.classA1}, ${c.n}, ${c.id})`)).code).toBe('42501');
			for (const who of ['teacherA2', 'staffA', 'childA1'] as const) {
				await actAs(tx, w.people[who]);
				expect(await dbError(tx, (sp) => sp`select * from public.pending_card_removals(${w.classA1})`), who).toEqual(NOT_ALLOWED);
			}
			await asSuperuser(tx);
			expect(await tx`select 1 from public.profiles where id = ${c.id}`).toHaveLength(1);
			expect(await tx`select 1 from public.submissions where author_id = ${c.id}`).toHaveLength(4);
		});
	});

	it('the child the confirmation named: another account id is stale_version; an unknown number or a second erasure not_found', async () => {
		await rolledBack(sql, async (tx) => {
			const c = await childWithHistory(tx);
			await actAs(tx, w.people.teacherA1);
			for (const other of [w.ids.childA1, null]) {
				expect(await dbError(tx, (sp) => sp`select public.erase_child(${w.classA1}, ${c.n}, ${other})`)).toEqual({ code: 'PT409', message: 'stale_version' });
			}
			expect(await dbError(tx, (sp) => sp`select public.erase_child(${w.classA1}, 999, ${c.id})`)).toEqual({ code: 'PT404', message: 'not_found' });
			await erase(tx, w.people.teacherA1, c);
			expect(await dbError(tx, (sp) => sp`select public.erase_child(${w.classA1}, ${c.n}, ${c.id})`)).toEqual({ code: 'PT404', message: 'not_found' });
		});
	});

	it('classmates are untouched', async () => {
		await rolledBack(sql, async (tx) => {
			const c = await childWithHistory(tx);
			await actAs(tx, w.people.childA1b);
			const theirs = await submit(tx);
			await erase(tx, w.people.teacherA1, c);
			await asSuperuser(tx);
			expect(one(await tx`select author_id from public.submissions where id = ${theirs}`).author_id).toBe(w.ids.childA1b);
			expect(await tx`select 1 from public.class_students where class_id = ${w.classA1}`).toHaveLength(2);
		});
	});
});
