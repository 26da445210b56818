/**
 * Poll fixtures for the database tests: create, schedule and vote through the rpc functions as
 * the people would, with opening and closing times given relative to the transaction's now().
 */
import { randomUUID } from 'node:crypto';
import { actAs, createAccount, one, user, type Actor, type Sql, type Tx } from './helpers';

export interface PollSpec {
	scope?: 'class' | 'school' | 'community' | 'district' | 'city';
	area?: string | null;
	question?: string;
	kind?: 'single' | 'multiple';
	maxChoices?: number;
	options?: string[];
	bands?: string[];
	/** Postgres intervals from now(), e.g. '-1 hour', '1 second'. */
	opensIn?: string;
	closesIn?: string;
	live?: boolean;
	minCell?: number;
	goals?: string[];
}

/** create_poll as whoever `tx` acts as; returns the poll id (a draft). */
export async function createPoll(tx: Tx, s: PollSpec = {}): Promise<string> {
	const options = (s.options ?? ['Swings', 'Climbing frame', 'Sand pit']).map((label) => ({ label }));
	const row = one(
		await tx<{ id: string }[]>`select public.create_poll(
			${s.scope ?? 'class'}::public.poll_scope, ${s.area ?? null}::uuid,
			${s.question ?? '口袋公园里放什么？'}, 'What should the pocket park have?', null, null,
			${s.kind ?? 'single'}::public.poll_kind, ${s.maxChoices ?? 1}, ${tx.json(options)},
			${s.bands ?? ['6-9', '10-13', '14-17']}::public.age_band[],
			now() + ${s.opensIn ?? '-1 hour'}::interval, now() + ${s.closesIn ?? '1 hour'}::interval,
			${s.live ?? false}, ${s.minCell ?? 5}, ${s.goals ?? null}::uuid[]) as id`
	);
	return row.id;
}

/** The poll's current version (as superuser or anyone who can read it). */
export async function pollVersion(tx: Tx, pollId: string): Promise<number> {
	return one(await tx<{ version: number }[]>`select version from public.polls where id = ${pollId}`).version;
}

/** create_poll + schedule_poll as whoever `tx` acts as. */
export async function openPoll(tx: Tx, s: PollSpec = {}): Promise<string> {
	const id = await createPoll(tx, s);
	await tx`select public.schedule_poll(${id}, ${await pollVersion(tx, id)})`;
	return id;
}

/** The poll's option ids in order. */
export async function optionIds(tx: Tx, pollId: string): Promise<string[]> {
	const rows = await tx<{ id: string }[]>`select id from public.poll_options where poll_id = ${pollId} order by position`;
	return rows.map((r) => r.id);
}

/** cast_ballot as `who` (switches identity in `tx`) at the current version. */
export async function vote(tx: Tx, who: Actor, pollId: string, choices: string[]): Promise<void> {
	await actAs(tx, who);
	const [v] = await tx<{ version: number }[]>`select version from public.poll_list where id = ${pollId}`;
	await tx`select public.cast_ballot(${pollId}, ${v?.version ?? 1}, ${choices}::uuid[])`;
}

/** `n` more children (with consent) in a class, committed; returns them as actors. */
export async function addChildren(sql: Sql, classId: string, n: number, from = 100): Promise<Actor[]> {
	const out: Actor[] = [];
	await sql.begin(async (tx) => {
		for (let i = 0; i < n; i++) {
			const id = await createAccount(
				tx,
				{ role: 'student', display_name: `孩子${from + i}`, class_id: classId, student_number: from + i, guardian_consent: true },
				`p-${randomUUID()}@login-card.invalid`
			);
			out.push(user(id));
		}
	});
	return out;
}

/** A community in a district, and a school in it with one class of `grade`, committed. */
export async function createCommunity(sql: Sql, districtId: string, tag: string, grade = 5) {
	return sql.begin(async (tx) => {
		const c = one(await tx<{ id: string }[]>`insert into public.communities (district_id, name_zh, name_en)
			values (${districtId}, ${'幸福社区' + tag}, ${'Happy Community ' + tag}) returning id`);
		const s = one(await tx<{ id: string }[]>`insert into public.schools (district_id, community_id, name_zh, name_en)
			values (${districtId}, ${c.id}, ${'社区小学' + tag}, ${'Community School ' + tag}) returning id`);
		const k = one(await tx<{ id: string }[]>`insert into public.classes (school_id, name, grade, code)
			values (${s.id}, '五年级三班', ${grade}, ${'CM' + tag}) returning id`);
		return { community: c.id, school: s.id, class: k.id };
	});
}
