/**
 * A world for the list tests, committed in the test database: its own district, school and class,
 * a teacher, a staff member and two children who can sign in (passwords set as the seed does), and
 * enough proposals for several pages — all moved through the rpc functions as those people, one
 * transaction per step, so every timestamp differs and list orders are well defined.
 */
import { randomBytes } from 'node:crypto';
import { actAs, asSuperuser, connect, createAccount, one, user, type Sql, type Tx } from '../db/helpers';

export interface ListWorld {
	tag: string;
	districtId: string;
	classCode: string;
	goalId: string;
	goalCode: string;
	teacher: { email: string; password: string };
	staff: { email: string; password: string };
	/** Child 1 wrote every proposal; child 2 wrote none. */
	child: { studentNumber: number; secretWords: string; nickname: string };
	emptyChild: { studentNumber: number; secretWords: string; nickname: string };
	/** Titles in the order they reached each state (oldest first). */
	titles: { submitted: string[]; returned: string[]; approved: string[]; answered: string[] };
}

/** Counts of the world's proposals per state (child 1 wrote them all). */
export const WORLD_COUNTS = { submitted: 21, returned: 2, approved: 2, answered: 23 } as const;

export async function createListWorld(): Promise<ListWorld> {
	const sql = connect();
	try {
		const tag = randomBytes(3).toString('hex').toUpperCase();
		const classCode = `LST${tag}`;
		const teacher = { email: `teacher-${tag.toLowerCase()}@lists.child-voice.test`, password: `teacher-${tag}-pw` };
		const staff = { email: `staff-${tag.toLowerCase()}@lists.child-voice.test`, password: `staff-${tag}-pw` };
		const child = { studentNumber: 1, secretWords: 'apple river kite', nickname: `小书包${tag}` };
		const emptyChild = { studentNumber: 2, secretWords: 'lemon cloud drum', nickname: `小铅笔${tag}` };

		const setup = await sql.begin(async (tx) => {
			const d = one(await tx<{ id: string }[]>`insert into public.districts (code, name_zh, name_en)
				values (${'L' + tag}, ${'列表区' + tag}, ${'List District ' + tag}) returning id`);
			const s = one(await tx<{ id: string }[]>`insert into public.schools (district_id, name_zh, name_en)
				values (${d.id}, ${'列表小学' + tag}, ${'List Primary ' + tag}) returning id`);
			const c = one(await tx<{ id: string }[]>`insert into public.classes (school_id, name, grade, code)
				values (${s.id}, '四年级一班', 4, ${classCode}) returning id`);
			const withPassword = async (id: string, password: string) => {
				await tx`update auth.users set encrypted_password = extensions.crypt(${password}, extensions.gen_salt('bf', 4)) where id = ${id}`;
				return id;
			};
			const kid = (k: typeof child) =>
				createAccount(
					tx,
					{ role: 'student', display_name: k.nickname, class_id: c.id, student_number: k.studentNumber, guardian_consent: true },
					`${classCode.toLowerCase()}-${k.studentNumber}@login-card.invalid`
				).then((id) => withPassword(id, k.secretWords));
			const goal = one(await tx<{ id: string; code: string }[]>`select id, code from public.ledger_goals where edition = 2023 and code = 'ENV-03'`);
			return {
				districtId: d.id,
				goal,
				childId: await kid(child),
				emptyChildId: await kid(emptyChild),
				teacherId: await withPassword(
					await createAccount(tx, { role: 'teacher', display_name: `刘老师${tag}`, class_ids: [c.id] }, teacher.email),
					teacher.password
				),
				staffId: await withPassword(
					await createAccount(tx, { role: 'staff', display_name: `孙科长${tag}`, district_ids: [d.id] }, staff.email),
					staff.password
				)
			};
		});

		/** One rpc call as `who`, in its own transaction (as one Data API request). */
		const as = (who: string, fn: (tx: Tx) => Promise<unknown>) =>
			sql.begin(async (tx) => {
				await actAs(tx, user(who));
				await fn(tx);
			});
		// The version each person acts on, as their page would show it.
		const version = async (tx: Tx, id: string): Promise<number> => {
			await asSuperuser(tx);
			const [row] = await tx.unsafe<{ version: number }[]>('select version from public.submissions where id = $1', [id]);
			return row!.version;
		};
		const submit = async (title: string) => {
			let id = '';
			await as(setup.childId, async (tx) => {
				const [row] = await tx<[{ id: string }]>`select id from public.submit_proposal(${title}, '放学时门口很挤。', '多开一个门。', '学校')`;
				id = row.id;
			});
			return id;
		};
		const approve = (id: string) =>
			as(setup.teacherId, async (tx) => {
				const v = await version(tx, id);
				// Nothing to mask in these texts: the public copy is the text as sent.
				const [o] = await tx<[{ title: string; problem: string; suggestions: string; who_should_act: string }]>`
					select title, problem, suggestions, who_should_act from public.submissions where id = ${id}`;
				await actAs(tx, user(setup.teacherId));
				await tx`select public.approve_submission(${id}, ${v}, ${o.title}, ${o.problem}, ${o.suggestions}, ${o.who_should_act}, null)`;
			});
		const returnIt = (id: string) =>
			as(setup.teacherId, async (tx) => {
				const v = await version(tx, id);
				await actAs(tx, user(setup.teacherId));
				await tx`select public.return_submission(${id}, ${v}, '请写得再具体一点。')`;
			});
		const answer = (id: string) =>
			as(setup.staffId, async (tx) => {
				const v = await version(tx, id);
				await actAs(tx, user(setup.staffId));
				const reply = '我们会在下学期多开一个门。';
				await tx`select public.answer_submission(${id}, ${v}, 'adopted', ${reply}, ${[setup.goal.id]}::uuid[])`;
			});

		const titles: ListWorld['titles'] = { submitted: [], returned: [], approved: [], answered: [] };
		// Answered first (oldest), then one forwarded long ago, then the waiting ones, then the
		// newest forwarded: the inbox must show both forwarded ones under "waiting", old one first.
		for (let i = 1; i <= WORLD_COUNTS.answered; i++) {
			const title = `答复过的提案 ${tag} A${String(i).padStart(2, '0')}`;
			const id = await submit(title);
			await approve(id);
			await answer(id);
			titles.answered.push(title);
		}
		const oldApproved = `早就转来的提案 ${tag} F1`;
		await approve(await submit(oldApproved));
		for (let i = 1; i <= WORLD_COUNTS.returned; i++) {
			const title = `退回的提案 ${tag} R${i}`;
			await returnIt(await submit(title));
			titles.returned.push(title);
		}
		for (let i = 1; i <= WORLD_COUNTS.submitted; i++) {
			const title = `等老师看的提案 ${tag} S${String(i).padStart(2, '0')}`;
			await submit(title);
			titles.submitted.push(title);
		}
		const newApproved = `刚刚转来的提案 ${tag} F2`;
		await approve(await submit(newApproved));
		titles.approved.push(oldApproved, newApproved);

		return {
			tag,
			districtId: setup.districtId,
			classCode,
			goalId: setup.goal.id,
			goalCode: setup.goal.code,
			teacher,
			staff,
			child,
			emptyChild,
			titles
		};
	} finally {
		await sql.end();
	}
}

/** Rows of a public view, counted as superuser (the public lists must show the same number). */
export async function countRows(query: (sql: Sql) => Promise<{ n: number }[]>): Promise<number> {
	const sql = connect();
	try {
		return one(await query(sql)).n;
	} finally {
		await sql.end();
	}
}
