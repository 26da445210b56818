/**
 * Sign-in throttling (migration 20261130000200): per card / e-mail, per class code and per client
 * address, in Postgres; teachers unlock cards and end a child's sessions. Each call runs in its own
 * committed transaction, as each Data API request does (so now() moves on between calls).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, ANON, asUser, connect, createWorld, dbError, user, type Actor, type Sql, type Tx, type World } from './helpers';

let sql: Sql;
let w: World;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
});

afterAll(async () => {
	await sql?.end();
});

interface Lock {
	retry_at: Date | null;
	reason: string | null;
}
interface Begun extends Lock {
	attempt_id: string | null;
}

/** One committed request as `who`. */
function request<T>(who: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
	return sql.begin(async (tx) => {
		await actAs(tx, who);
		return fn(tx);
	}) as Promise<T>;
}

async function begin(identifier: string, address: string | null = null, who: Actor = ANON): Promise<Begun> {
	const [row] = await request(who, (tx) => tx<Begun[]>`select * from public.sign_in_begin(${identifier}, ${address})`);
	return row!;
}

async function end(attemptId: string, outcome: string, who: Actor = ANON): Promise<Lock> {
	const [row] = await request(who, (tx) => tx<Lock[]>`select * from public.sign_in_end(${attemptId}::uuid, ${outcome})`);
	return row!;
}

/** A wrong password, as the app reports it: begin, then `failed` (when not locked). */
async function fail(identifier: string, address: string | null = null): Promise<Lock> {
	const b = await begin(identifier, address);
	if (!b.attempt_id) return b;
	return end(b.attempt_id, 'failed');
}

const card = (classCode: string, n: number) => `${classCode.toLowerCase()}-${n}@login-card.invalid`;
const classCode = (which: 'A1' | 'A2' | 'B1') => which + w.tag;
/** A documentation address (RFC 5737 TEST-NET-3) unique to one test. */
const someIPv4 = () => `203.0.113.${randomBytes(1)[0]! % 250}`;
const freshIPv4 = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
const freshIPv6Prefix = () => `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;
const adultEmail = () => `${randomUUID()}@test.child-voice.test`;

function expectLockedUntilAbout(lock: Lock, reason: string, minutes = 15) {
	expect(lock.reason).toBe(reason);
	expect(lock.retry_at).toBeInstanceOf(Date);
	const ms = lock.retry_at!.getTime() - Date.now();
	expect(ms).toBeGreaterThan((minutes - 2) * 60_000);
	expect(ms).toBeLessThanOrEqual(minutes * 60_000 + 5_000);
}

describe('per card and per e-mail', () => {
	it('five failures in 15 minutes lock the card, also for the right words; other cards stay open', async () => {
		const id = card(classCode('A1'), 1);
		for (let i = 1; i <= 4; i++) expect(await fail(id, freshIPv4())).toEqual({ retry_at: null, reason: null });
		const fifth = await fail(id, freshIPv4());
		expectLockedUntilAbout(fifth, 'card');
		const again = await begin(id, freshIPv4());
		expect(again.attempt_id).toBeNull();
		expect(again.retry_at).toEqual(fifth.retry_at);
		// Refused tries are not recorded, so the lock does not grow.
		for (let i = 0; i < 5; i++) expect((await begin(id)).retry_at).toEqual(fifth.retry_at);
		expect((await begin(card(classCode('A1'), 2))).attempt_id).toEqual(expect.any(String));
		// Case and surrounding spaces do not make another identifier.
		expect((await begin(`  ${id.toUpperCase()} `)).reason).toBe('card');
	});

	it('an unknown student number and an unknown class are throttled exactly like a real card', async () => {
		for (const id of [card(classCode('A1'), 987), card('NOSUCH' + w.tag, 1), adultEmail()]) {
			const results = [];
			for (let i = 0; i < 5; i++) results.push(await fail(id));
			expect(results.slice(0, 4)).toEqual(Array(4).fill({ retry_at: null, reason: null }));
			expectLockedUntilAbout(results[4]!, 'card');
			expect((await begin(id)).attempt_id).toBeNull();
		}
	});

	it('attempts that Auth has not answered yet count, so parallel guesses cannot pass the limit', async () => {
		const id = adultEmail();
		const begun = await Promise.all(Array.from({ length: 12 }, () => begin(id)));
		expect(begun.filter((b) => b.attempt_id).length).toBe(5);
		expect(begun.filter((b) => b.reason === 'card').length).toBe(7);
	});

	it('not_counted (Auth rate-limited or down) does not count; an unknown or settled attempt id changes nothing', async () => {
		const id = adultEmail();
		for (let i = 0; i < 8; i++) {
			const b = await begin(id);
			expect(b.attempt_id).toEqual(expect.any(String));
			await end(b.attempt_id!, 'not_counted');
		}
		expect(await end(randomUUID(), 'failed')).toEqual({ retry_at: null, reason: null });
		const b = await begin(id);
		await end(b.attempt_id!, 'failed');
		// Settled already: a second report is ignored.
		await end(b.attempt_id!, 'not_counted');
		for (let i = 0; i < 3; i++) await fail(id);
		expectLockedUntilAbout(await fail(id), 'card');
	});

	it('a successful sign-in resets earlier failures, but only when the account itself says so', async () => {
		const email = adultEmail();
		const owner = user(randomUUID(), email);
		for (let i = 0; i < 4; i++) await fail(email);
		// "succeeded" from anon or from another account only stops counting that one attempt.
		for (const who of [ANON, user(randomUUID(), adultEmail())]) {
			const b = await begin(email);
			expect(await end(b.attempt_id!, 'succeeded', who)).toEqual({ retry_at: null, reason: null });
		}
		const mine = await begin(email);
		await end(mine.attempt_id!, 'succeeded', owner);
		for (let i = 0; i < 4; i++) expect((await fail(email)).reason).toBeNull();
		expect((await fail(email)).reason).toBe('card');

		// Without the owner's reset, 4 earlier failures + 1 = locked.
		const other = adultEmail();
		for (let i = 0; i < 4; i++) await fail(other);
		const b = await begin(other);
		await end(b.attempt_id!, 'succeeded', ANON);
		expect((await fail(other)).reason).toBe('card');
	});

	it('refuses unbounded input; junk addresses are ignored, not errors', async () => {
		await asUser(sql, ANON, async (tx) => {
			expect(await dbError(tx, (sp) => sp`select * from public.sign_in_begin(${'a'.repeat(321)}, null)`)).toEqual({
				code: 'P0001',
				message: 'field_too_long:identifier'
			});
			for (const blank of ['', '   ', null]) {
				expect((await dbError(tx, (sp) => sp`select * from public.sign_in_begin(${blank}, null)`)).message).toBe('field_required:identifier');
			}
			expect((await dbError(tx, (sp) => sp`select * from public.sign_in_end(${randomUUID()}::uuid, 'reset')`)).message).toBe('field_invalid:outcome');
		});
		for (const junk of ['1.2.3.4/8', 'fe80::1%eth0', "' or 1=1 --", 'x'.repeat(10_000), '999.1.1.1', 'localhost']) {
			expect((await begin(adultEmail(), junk)).attempt_id).toEqual(expect.any(String));
		}
		const [row] = await sql`select private.client_net('::ffff:203.0.113.9')::text as mapped, private.client_net('2001:db8:1:2:3:4:5:6')::text as v6,
			private.client_net('1.2.3.4/8') as masked, private.client_net(' 203.0.113.9 ')::text as v4`;
		expect({ ...row }).toEqual({ mapped: '203.0.113.9/32', v6: '2001:db8:1:2::/64', masked: null, v4: '203.0.113.9/32' });
	});
});

describe('per class and per client address', () => {
	it('100 failures of a class code within 15 minutes lock every card of that class, not other classes', async () => {
		const code = 'CL' + randomBytes(3).toString('hex').toUpperCase();
		// A class of 40 where every child mistypes twice, plus 19 more: still open.
		for (let n = 1; n <= 40; n++) {
			await fail(card(code, n), freshIPv4());
			await fail(card(code, n), freshIPv4());
		}
		for (let n = 1; n <= 19; n++) await fail(card(code, n), freshIPv4());
		expect((await begin(card(code, 41))).attempt_id).toEqual(expect.any(String)); // pending: the 100th
		const locked = await begin(card(code, 42));
		expectLockedUntilAbout(locked, 'class');
		expect((await begin(card(code.slice(0, -1) + 'Z', 1))).attempt_id).toEqual(expect.any(String));
		expect((await begin(adultEmail())).attempt_id).toEqual(expect.any(String));
	});

	// 600 database calls: a generous timeout for a busy machine (not a speed test).
	it('300 failures from one address lock that address (IPv6: its /64), not others', { timeout: 180_000 }, async () => {
		const v4 = freshIPv4();
		const v6 = freshIPv6Prefix();
		for (let i = 0; i < 300; i++) {
			await fail(adultEmail(), v4);
			await fail(adultEmail(), `${v6}:${i.toString(16)}:0:0:1`);
		}
		expectLockedUntilAbout(await begin(adultEmail(), v4), 'address');
		expectLockedUntilAbout(await begin(adultEmail(), `::ffff:${v4}`), 'address');
		expectLockedUntilAbout(await begin(adultEmail(), `${v6}:ffff:ffff:ffff:ffff`), 'address');
		expect((await begin(adultEmail(), someIPv4())).attempt_id).toEqual(expect.any(String));
		expect((await begin(adultEmail(), `${freshIPv6Prefix()}::1`)).attempt_id).toEqual(expect.any(String));
	});
});

describe('teachers and their classes’ cards', () => {
	async function lockCard(which: 'A1' | 'A2', n: number) {
		for (let i = 0; i < 5; i++) await fail(card(classCode(which), n));
		expect((await begin(card(classCode(which), n))).reason).toBe('card');
	}

	it('a teacher sees the cards of their classes with the lock, and unlocks one', async () => {
		await lockCard('A1', 2);
		const rows = await request(w.people.teacherA1, (tx) => tx`select * from public.class_login_cards()`);
		expect(rows.map((r) => [r.class_id, r.student_number])).toEqual([
			[w.classA1, 1],
			[w.classA1, 2]
		]);
		const locked = rows.find((r) => r.student_number === 2)!;
		expect(locked.display_name).toBe('小红' + w.tag);
		expect(locked.locked_until).toBeInstanceOf(Date);
		await request(w.people.teacherA1, (tx) => tx`select public.unlock_login_card(${w.classA1}, 2)`);
		expect((await begin(card(classCode('A1'), 2))).attempt_id).toEqual(expect.any(String));
		const after = await request(w.people.teacherA1, (tx) => tx`select * from public.class_login_cards()`);
		expect(after.find((r) => r.student_number === 2)!.locked_until).toBeNull();
	});

	it('nobody else can unlock a card, end its sessions or learn its account: other teachers, children, staff, admins, anon', async () => {
		await lockCard('A2', 1);
		const calls = [
			(tx: Tx) => tx`select public.unlock_login_card(${w.classA2}, 1)`,
			(tx: Tx) => tx`select public.login_card_account(${w.classA2}, 1)`,
			(tx: Tx) => tx`select public.end_login_card_sessions(${w.classA2}, 1)`,
			(tx: Tx) => tx`select * from public.class_login_cards()`
		];
		const p = w.people;
		for (const who of [p.teacherA1, p.teacherB, p.childA2, p.staffA, p.admin, p.nobody, ANON]) {
			await asUser(sql, who, async (tx) => {
				for (const [i, call] of calls.entries()) {
					if (i === 3 && who === p.teacherA1) continue; // their own list, checked above
					if (i === 3 && who === p.teacherB) continue;
					const e = await dbError(tx, call);
					expect(e.code, `${JSON.stringify(who)} call ${i}`).toBe('42501');
				}
			});
		}
		// Other teachers' lists do not show it.
		const listB = await request(p.teacherB, (tx) => tx`select * from public.class_login_cards()`);
		expect(listB.map((r) => r.class_id)).toEqual([w.classB1]);
		// Anon cannot read or change the attempts and resets at all.
		await asUser(sql, ANON, async (tx) => {
			for (const q of [
				(sp: Tx) => sp`select * from private.sign_in_attempts`,
				(sp: Tx) => sp`delete from private.sign_in_attempts`,
				(sp: Tx) => sp`insert into private.sign_in_resets (identifier, reset_at, reason) values (${card(classCode('A2'), 1)}, now(), 'unlocked')`,
				(sp: Tx) => sp`select private.sign_in_lock(${card(classCode('A2'), 1)}, null, null)`
			]) {
				expect((await dbError(tx, q)).code).toBe('42501');
			}
		});
		// Whatever anon reports about attempts, the lock holds.
		for (const outcome of ['succeeded', 'not_counted', 'failed']) await end(randomUUID(), outcome);
		expect((await begin(card(classCode('A2'), 1))).reason).toBe('card');
		// Its own teacher can.
		await request(p.teacherA2, (tx) => tx`select public.unlock_login_card(${w.classA2}, 1)`);
		expect((await begin(card(classCode('A2'), 1))).attempt_id).toEqual(expect.any(String));
	});

	it('unknown class or student number: not_found', async () => {
		await asUser(sql, w.people.teacherA1, async (tx) => {
			for (const [cls, n] of [
				[w.classA1, 99],
				[randomUUID(), 1]
			] as const) {
				for (const fn of ['unlock_login_card', 'login_card_account', 'end_login_card_sessions']) {
					const e = await dbError(tx, (sp) => sp.unsafe(`select public.${fn}($1::uuid, $2::int)`, [cls, n]));
					expect(e, fn).toEqual({ code: 'PT404', message: 'not_found' });
				}
			}
		});
	});

	it('giving new words: the account id for the Auth call, then every session of that child (only) ends and the card unlocks', async () => {
		const sessionFor = async (userId: string) => {
			const [s] = await sql`insert into auth.sessions (id, user_id, created_at, updated_at) values (${randomUUID()}, ${userId}, now(), now()) returning id`;
			return s!.id as string;
		};
		const child1 = [await sessionFor(w.ids.childA1), await sessionFor(w.ids.childA1)];
		const classmate = await sessionFor(w.ids.childA1b);
		await lockCard('A1', 1);
		const [account] = await request(w.people.teacherA1, (tx) => tx`select public.login_card_account(${w.classA1}, 1) as id`);
		expect(account!.id).toBe(w.ids.childA1);
		await request(w.people.teacherA1, (tx) => tx`select public.end_login_card_sessions(${w.classA1}, 1)`);
		const left = await sql`select id from auth.sessions where id = any(${[...child1, classmate]}::uuid[])`;
		expect(left.map((r) => r.id)).toEqual([classmate]);
		expect((await begin(card(classCode('A1'), 1))).attempt_id).toEqual(expect.any(String));
	});
});
