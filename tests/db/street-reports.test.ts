/**
 * Street reports (issue 9 §1) through the rpc functions, as each person: submit with a place or
 * words, routing to the place's district and community, the safety layer's flags and escalation,
 * approval with a public copy, photo confirmation, answer → public copy with confirmed photos only;
 * who reads what (RLS, hidden columns, Storage policies); neighbourhood places kept by staff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ANON,
	actAs,
	asSuperuser,
	connect,
	createWorld,
	dbError,
	one,
	rolledBack,
	type Actor,
	type Sql,
	type Tx,
	type World
} from './helpers';

let sql: Sql;
let w: World;
let communityA: string;
let placeA: string;
let placeB: string;
let retiredA: string;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
	communityA = one(await sql<{ id: string }[]>`insert into public.communities (district_id, name_zh, name_en)
		values (${w.districtA}, ${'幸福社区' + w.tag}, ${'Xingfu ' + w.tag}) returning id`).id;
	placeA = one(await sql<{ id: string }[]>`insert into public.neighbourhood_places (district_id, community_id, kind, name_zh, name_en)
		values (${w.districtA}, ${communityA}, 'playground', '小区儿童游乐场', 'Estate playground') returning id`).id;
	retiredA = one(await sql<{ id: string }[]>`insert into public.neighbourhood_places (district_id, kind, name_zh, retired_at)
		values (${w.districtA}, 'park', '旧公园', now()) returning id`).id;
	placeB = one(await sql<{ id: string }[]>`insert into public.neighbourhood_places (district_id, kind, name_zh)
		values (${w.districtB}, 'crossing', '乙区路口') returning id`).id;
});

afterAll(async () => {
	await sql?.end();
});

interface Report {
	title: string;
	description: string;
	topic: string;
	urgency: string;
	place_id: string | null;
	place_text: string | null;
	suggestions?: string | null;
	photos?: unknown;
	flags?: unknown;
}

function report(over: Partial<Report> = {}): Report {
	return {
		title: '滑梯坏了',
		description: '小区里的滑梯有一块板子裂开了，会划到手。',
		topic: 'broken_facility',
		urgency: 'soon',
		place_id: placeA,
		place_text: null,
		...over
	};
}

const submitIt = (r: Report) => (sp: Tx) =>
	sp<{ id: string; created: boolean; photo_names: string[] }[]>`select * from public.submit_street_report(
		${r.title}, ${r.description}, ${r.topic}::public.street_report_topic, ${r.urgency}::public.street_report_urgency,
		${r.place_id}, ${r.place_text}, ${r.suggestions ?? null}, ${r.photos === undefined ? null : sp.json(r.photos as never)}::jsonb,
		null, ${r.flags === undefined ? null : sp.json(r.flags as never)}::jsonb)`;

async function submitAs(tx: Tx, who: Actor, r: Report) {
	await actAs(tx, who);
	return one(await submitIt(r)(tx));
}

async function errorAs(tx: Tx, who: Actor, fn: (sp: Tx) => Promise<unknown>) {
	await actAs(tx, who);
	return dbError(tx, fn);
}

const v = (id: string) => `(select version from public.submissions where id = '${id}')`;
const approveIt = (id: string, place: string | null = null) => (sp: Tx) =>
	sp.unsafe(`select public.approve_street_report($1, ${v(id)}, '滑梯坏了', '滑梯有一块板子裂开了。', $2, null)`, [id, place]);
const confirmIt = (photo: string, id: string, confirmed = true) => (sp: Tx) =>
	sp.unsafe(`select public.confirm_street_report_photo($1, ${v(id)}, $2)`, [photo, confirmed]);
const answerIt = (id: string) => (sp: Tx) =>
	sp.unsafe(`select public.answer_submission($1, ${v(id)}, 'adopted', '我们已经修好了滑梯。', array[$2]::uuid[])`, [id, w.goal]);

const PHOTO = { width: 1600, height: 1200, bytes: 250_000 };

describe('submitting', () => {
	it('makes a street report routed to the district of the place, with its community, photos, event and notification', async () => {
		await rolledBack(sql, async (tx) => {
			const made = await submitAs(tx, w.people.childA1, report({ photos: [PHOTO, { ...PHOTO, width: 900 }] }));
			expect(made.created).toBe(true);
			expect(made.photo_names).toHaveLength(2);
			for (const name of made.photo_names) expect(name).toMatch(new RegExp(`^${made.id}/[0-9a-f-]{36}\\.jpg$`));
			await asSuperuser(tx);
			const s = one(await tx`select kind, state, district_id, problem, suggestions, who_should_act from public.submissions where id = ${made.id}`);
			expect({ ...s }).toEqual({
				kind: 'street_report', state: 'submitted', district_id: w.districtA, problem: report().description, suggestions: null,
				who_should_act: null
			});
			const r = one(await tx`select topic, urgency, place_id, community_id, place_text from public.street_reports where submission_id = ${made.id}`);
			expect({ ...r }).toEqual({ topic: 'broken_facility', urgency: 'soon', place_id: placeA, community_id: communityA, place_text: null });
			expect((await tx`select position from public.street_report_photos where submission_id = ${made.id} order by position`).map((p) => p.position)).toEqual([1, 2]);
			expect(await tx`select recipient_id, kind from public.notifications where submission_id = ${made.id}`).toEqual([
				{ recipient_id: w.ids.teacherA1, kind: 'submitted' }
			]);
		});
	});

	it('takes a place in words instead, and refuses a report with no place, a place of another district or a retired one', async () => {
		await rolledBack(sql, async (tx) => {
			const made = await submitAs(tx, w.people.childA1, report({ place_id: null, place_text: '胡同东口' }));
			await asSuperuser(tx);
			expect(one(await tx`select place_id, place_text from public.street_reports where submission_id = ${made.id}`)).toEqual({
				place_id: null, place_text: '胡同东口'
			});
			for (const [over, key] of [
				[{ place_id: null, place_text: null }, 'field_required:place'],
				[{ place_id: null, place_text: ' \u200b\u3000' }, 'field_required:place'],
				[{ place_id: placeB }, 'field_invalid:place_id'],
				[{ place_id: retiredA }, 'field_invalid:place_id'],
				[{ title: '\u200b\u200b  \u3000 ' }, 'field_required:title'],
				[{ description: '   ' }, 'field_required:description'],
				[{ photos: [PHOTO, PHOTO, PHOTO, PHOTO] }, 'field_invalid:photos'],
				[{ photos: [{ ...PHOTO, width: 4000 }] }, 'field_invalid:photos'],
				[{ photos: [{ ...PHOTO, bytes: 30_000_000 }] }, 'field_invalid:photos'],
				[{ photos: { a: 1 } }, 'field_invalid:photos']
			] as [Partial<Report>, string][]) {
				expect(await errorAs(tx, w.people.childA1, submitIt(report(over))), key).toEqual({ code: 'P0001', message: key });
			}
		});
	});

	it('is for children with a class only', async () => {
		await rolledBack(sql, async (tx) => {
			for (const who of [w.people.teacherA1, w.people.staffA, w.people.admin, w.people.nobody]) {
				expect(await errorAs(tx, who, submitIt(report()))).toEqual({ code: '42501', message: 'not_allowed' });
			}
			expect((await errorAs(tx, ANON, submitIt(report()))).code).toBe('42501');
		});
	});

	it('takes the safety layer\'s flags with a place field; a safeguarding signal escalates it to the school\'s leads', async () => {
		await rolledBack(sql, async (tx) => {
			const flags = {
				personal_details: [{ field: 'place_text', type: 'address', start: 0, end: 4, text: '幸福里3' }],
				safeguarding: [{ field: 'problem', type: 'abuse_at_home', start: 0, end: 10, text: 'hurts me w' }],
				confirmed: false
			};
			const made = await submitAs(tx, w.people.childA1, report({ place_id: null, place_text: '幸福里3号楼', flags }));
			await asSuperuser(tx);
			const s = one(await tx`select state, flags from public.submissions where id = ${made.id}`);
			expect(s.state).toBe('escalated');
			expect(s.flags.personal_details[0].field).toBe('place_text');
			expect(s.flags.safeguarding[0].field).toBe('problem');
			expect(await tx`select recipient_id, kind from public.notifications where submission_id = ${made.id}`).toEqual([
				{ recipient_id: w.ids.leadA, kind: 'escalated' }
			]);
			// The class teacher reads neither the report nor the child's words for the place.
			await actAs(tx, w.people.teacherA1);
			expect(await tx`select * from public.street_report_details where submission_id = ${made.id}`).toEqual([]);
			for (const bad of [
				{ personal_details: [{ field: 'who_should_act', type: 'phone', start: 0, end: 1, text: '1' }] },
				{ personal_details: [{ field: 'place_text', type: 'rumour', start: 0, end: 1, text: '1' }] },
				{ safeguarding: 'x' },
				[1]
			]) {
				expect(await errorAs(tx, w.people.childA1, submitIt(report({ flags: bad })))).toEqual({ code: 'P0001', message: 'invalid_flags' });
			}
		});
	});

	it('needs a guardian\'s consent for children under 14, like a proposal', async () => {
		await rolledBack(sql, async (tx) => {
			await asSuperuser(tx);
			await tx`update public.class_students set guardian_consent = false where student_id = ${w.ids.childA2}`;
			await tx`update public.guardian_consents set withdrawn_at = now(), withdrawn_by = ${w.ids.admin} where student_id = ${w.ids.childA2} and withdrawn_at is null`;
			expect(await errorAs(tx, w.people.childA2, submitIt(report()))).toEqual({ code: 'PT403', message: 'consent_required' });
		});
	});
});

describe('moderation, photos and publication', () => {
	it('teacher confirms one photo and approves; staff see the public copy and the confirmed photo only; the answer publishes both', async () => {
		await rolledBack(sql, async (tx) => {
			const p = w.people;
			const made = await submitAs(tx, p.childA1, report({ place_text: '东门旁边', photos: [PHOTO, PHOTO] }));
			await asSuperuser(tx);
			const [photo1, photo2] = (await tx<{ id: string; object_name: string }[]>`select id, object_name from public.street_report_photos
				where submission_id = ${made.id} order by position`).map((r) => r);

			// Inside the school: the child and the teacher read both photos and the child's words.
			for (const who of [p.childA1, p.teacherA1, p.admin]) {
				await actAs(tx, who);
				expect((await tx`select id from public.street_report_photos where submission_id = ${made.id}`).length).toBe(2);
				expect(one(await tx`select place_text from public.street_report_details where submission_id = ${made.id}`).place_text).toBe('东门旁边');
			}
			// Not a classmate, another class's teacher, staff before forwarding, anyone of another district.
			for (const who of [p.childA1b, p.teacherA2, p.staffA, p.staffB, p.teacherB]) {
				await actAs(tx, who);
				expect(await tx`select 1 from public.street_report_photos where submission_id = ${made.id}`).toEqual([]);
				expect(await tx`select 1 from public.street_report_details where submission_id = ${made.id}`).toEqual([]);
			}
			// The child's own words are a hidden column; anon reads nothing of a report.
			await actAs(tx, p.teacherA1);
			expect((await dbError(tx, (sp) => sp`select place_text from public.street_reports`)).code).toBe('42501');
			await actAs(tx, ANON);
			expect((await dbError(tx, (sp) => sp`select 1 from public.street_report_photos`)).code).toBe('42501');

			// Photo confirmation: the class's teacher only, at the version shown.
			expect(await errorAs(tx, p.teacherA2, confirmIt(photo1!.id, made.id))).toEqual({ code: '42501', message: 'not_allowed' });
			expect(await errorAs(tx, p.childA1, confirmIt(photo1!.id, made.id))).toEqual({ code: '42501', message: 'not_allowed' });
			await actAs(tx, p.teacherA1);
			expect(
				await dbError(tx, (sp) => sp`select public.confirm_street_report_photo(${photo1!.id}, 7, true)`)
			).toEqual({ code: 'PT409', message: 'stale_version' });
			await actAs(tx, p.teacherA1);
			await confirmIt(photo1!.id, made.id)(tx);

			// Approval: the public copy of the child's place words is required when there are some.
			expect(await errorAs(tx, p.teacherA1, approveIt(made.id, null))).toEqual({ code: 'P0001', message: 'field_required:public_place_text' });
			await actAs(tx, p.teacherA1);
			await approveIt(made.id, '东门旁边')(tx);
			// approve_street_report is for street reports; a proposal's approval does not take one twice.
			expect(await errorAs(tx, p.teacherA1, approveIt(made.id, 'x'))).toEqual({ code: 'P0001', message: 'invalid_state' });

			// Staff of the district: the public copy and the confirmed photo only; never the child's words.
			await actAs(tx, p.staffA);
			expect((await tx`select id from public.street_report_photos where submission_id = ${made.id}`).map((r) => r.id)).toEqual([photo1!.id]);
			const d = one(await tx`select place_text, public_place_text, place_name_zh, community_id from public.street_report_details where submission_id = ${made.id}`);
			expect({ ...d }).toEqual({ place_text: null, public_place_text: '东门旁边', place_name_zh: '小区儿童游乐场', community_id: communityA });
			expect(one(await tx`select problem from public.district_inbox where id = ${made.id}`).problem).toBe('滑梯有一块板子裂开了。');
			await actAs(tx, p.staffB);
			expect(await tx`select 1 from public.street_report_photos where submission_id = ${made.id}`).toEqual([]);

			// Answered like a proposal: the public copy and the confirmed photo become public.
			await actAs(tx, p.staffA);
			await answerIt(made.id)(tx);
			await actAs(tx, ANON);
			const pub = one(await tx`select * from public.public_street_reports where submission_id = ${made.id}`);
			expect(pub).toMatchObject({
				title: '滑梯坏了', description: '滑梯有一块板子裂开了。', topic: 'broken_facility', urgency: 'soon', place_kind: 'playground',
				place_name_zh: '小区儿童游乐场', community_name_en: 'Xingfu ' + w.tag, place_text: '东门旁边', decision: 'adopted'
			});
			expect(JSON.stringify(pub)).not.toContain('裂开了，会划到手');
			expect((await tx`select object_name from public.published_street_report_photos where submission_id = ${made.id}`).map((r) => r.object_name)).toEqual([
				photo1!.object_name
			]);
			expect(photo2).toBeDefined();
			// Once answered, confirmations are closed (the public copy is made).
			expect(await errorAs(tx, p.teacherA1, confirmIt(photo2!.id, made.id))).toEqual({ code: 'P0001', message: 'invalid_state' });
		});
	});

	it('a street report is approved only through its own review: approve_submission and the praise variant refuse it', async () => {
		await rolledBack(sql, async (tx) => {
			const made = await submitAs(tx, w.people.childA1, report({ photos: [PHOTO] }));
			const general = (sp: Tx) =>
				sp.unsafe(`select public.approve_submission($1, ${v(made.id)}, '滑梯坏了', '滑梯有一块板子裂开了。', '修好', '街道')`, [made.id]);
			const praised = (sp: Tx) =>
				sp.unsafe(`select public.approve_submission_with_praise($1, ${v(made.id)}, '滑梯坏了', '滑梯有一块板子裂开了。', '修好', '街道', '写得好')`, [made.id]);
			for (const who of [w.people.teacherA1, w.people.admin]) {
				expect(await errorAs(tx, who, general)).toMatchObject({ message: expect.stringMatching(/^(invalid_state|not_allowed)$/) });
				expect(await errorAs(tx, who, praised)).toMatchObject({ message: expect.stringMatching(/^(invalid_state|not_allowed)$/) });
			}
			expect(await errorAs(tx, w.people.teacherA1, general)).toEqual({ code: 'P0001', message: 'invalid_state' });
			await asSuperuser(tx);
			expect(one(await tx`select state from public.submissions where id = ${made.id}`).state).toBe('submitted');
			// Its own review still forwards it.
			await actAs(tx, w.people.teacherA1);
			await approveIt(made.id)(tx);
			await asSuperuser(tx);
			expect(one(await tx`select state from public.submissions where id = ${made.id}`).state).toBe('approved');
		});
	});

	it('returned reports are resubmitted by their author only, at the version shown', async () => {
		await rolledBack(sql, async (tx) => {
			const made = await submitAs(tx, w.people.childA1, report());
			await actAs(tx, w.people.teacherA1);
			await tx.unsafe(`select public.return_submission($1, ${v(made.id)}, '请写清楚在哪里')`, [made.id]);
			const resubmit = (who: Actor, version: string) => async (sp: Tx) => {
				await actAs(sp, who);
				return sp.unsafe(
					`select public.resubmit_street_report($1, ${version}, '滑梯坏了', '滑梯的板子裂开了', 'broken_facility', 'urgent', $2, '三号楼后面', null, null)`,
					[made.id, placeA]
				);
			};
			expect(await dbError(tx, resubmit(w.people.childA1b, v(made.id)))).toEqual({ code: '42501', message: 'not_allowed' });
			expect(await dbError(tx, resubmit(w.people.childA1, '1'))).toEqual({ code: 'PT409', message: 'stale_version' });
			await resubmit(w.people.childA1, v(made.id))(tx);
			await asSuperuser(tx);
			expect(one(await tx`select s.state, r.urgency, r.place_text from public.submissions s join public.street_reports r on r.submission_id = s.id where s.id = ${made.id}`)).toEqual({
				state: 'submitted', urgency: 'urgent', place_text: '三号楼后面'
			});
		});
	});
});

describe('neighbourhood places', () => {
	const create = (district: string, name: string, community: string | null = null) => (sp: Tx) =>
		sp<{ id: string }[]>`select public.create_neighbourhood_place(${district}, 'park', ${name}, 'A park', ${community}) as id`;

	it('are added and changed by staff of their district (and admins), read by everyone with a role', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.staffA);
			const id = one(await create(w.districtA, '滨河公园', communityA)(tx)).id;
			expect(await errorAs(tx, w.people.staffA, create(w.districtA, '滨河公园'))).toEqual({ code: 'P0001', message: 'place_exists' });
			expect(await errorAs(tx, w.people.staffA, create(w.districtA, '  '))).toEqual({ code: 'P0001', message: 'field_required:name_zh' });
			expect(await errorAs(tx, w.people.staffB, create(w.districtA, '别的公园'))).toEqual({ code: '42501', message: 'not_allowed' });
			expect(await errorAs(tx, w.people.teacherA1, create(w.districtA, '别的公园'))).toEqual({ code: '42501', message: 'not_allowed' });
			expect(await errorAs(tx, w.people.childA1, create(w.districtA, '别的公园'))).toEqual({ code: '42501', message: 'not_allowed' });
			// A community of another district is refused.
			expect(await errorAs(tx, w.people.admin, create(w.districtB, '乙区公园', communityA))).toEqual({ code: 'P0001', message: 'field_invalid:community_id' });

			await actAs(tx, w.people.staffA);
			await tx`select public.update_neighbourhood_place(${id}, 1, 'playground', '滨河公园', 'Riverside park', ${communityA}, true)`;
			expect(
				await dbError(tx, (sp) => sp`select public.update_neighbourhood_place(${id}, 1, 'park', '滨河公园', null, null, false)`)
			).toEqual({ code: 'PT409', message: 'stale_version' });
			await actAs(tx, w.people.childA1);
			const row = one(await tx`select kind, name_en, retired_at is not null as retired, version from public.neighbourhood_places where id = ${id}`);
			expect({ ...row }).toEqual({ kind: 'playground', name_en: 'Riverside park', retired: true, version: 2 });
			await actAs(tx, ANON);
			expect((await dbError(tx, (sp) => sp`select 1 from public.neighbourhood_places`)).code).toBe('42501');
		});
	});
});

describe('Storage policies of the photo bucket', () => {
	it('let the author upload only an expected object, people who read the photo read it, anon only published confirmed ones', async () => {
		await rolledBack(sql, async (tx) => {
			const made = await submitAs(tx, w.people.childA1, report({ photos: [PHOTO] }));
			const name = made.photo_names[0]!;
			const insertObject = (objectName: string) => (sp: Tx) =>
				sp`insert into storage.objects (bucket_id, name, owner_id) values ('street-report-photos', ${objectName}, ${w.ids.childA1})`;
			// A classmate may not upload to it, nor the author to a name the database did not make.
			expect((await errorAs(tx, w.people.childA1b, insertObject(name))).code).toBe('42501');
			expect((await errorAs(tx, w.people.childA1, insertObject(`${made.id}/other.jpg`))).code).toBe('42501');
			await actAs(tx, w.people.childA1);
			await insertObject(name)(tx);

			const visible = async (who: Actor) => {
				await actAs(tx, who);
				return (await tx`select name from storage.objects where bucket_id = 'street-report-photos' and name = ${name}`).length === 1;
			};
			expect(await visible(w.people.childA1)).toBe(true);
			expect(await visible(w.people.teacherA1)).toBe(true);
			expect(await visible(w.people.childA1b)).toBe(false);
			expect(await visible(w.people.teacherB)).toBe(false);
			expect(await visible(ANON)).toBe(false);
			await asSuperuser(tx);
			const photo = one(await tx<{ id: string }[]>`select id from public.street_report_photos where object_name = ${name}`).id;
			await actAs(tx, w.people.teacherA1);
			await approveIt(made.id)(tx);
			expect(await visible(w.people.staffA)).toBe(false);
			await actAs(tx, w.people.teacherA1);
			await confirmIt(photo, made.id)(tx);
			expect(await visible(w.people.staffA)).toBe(true);
			expect(await visible(ANON)).toBe(false);
			await actAs(tx, w.people.staffA);
			await answerIt(made.id)(tx);
			expect(await visible(ANON)).toBe(true);
			expect(await visible(w.people.childB)).toBe(true);
		});
	});
});
