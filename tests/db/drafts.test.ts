/**
 * Drafts (issue 9 §4, migration 20261130060000): a child's unsent form, saved through
 * save_draft / delete_draft, read by its author only.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, actAs, asUser, connect, createWorld, dbError, rolledBack, type Sql, type World } from './helpers';

let sql: Sql;
let w: World;

beforeAll(async () => {
	sql = connect();
	w = await createWorld(sql);
});

afterAll(async () => {
	await sql?.end();
});

type Saved = { id: string; version: number };

describe('save_draft', () => {
	it('creates a draft on the first save and replaces its fields at the version shown', async () => {
		await asUser(sql, w.people.childA1, async (tx) => {
			const key = randomUUID();
			const [first] = await tx<Saved[]>`select * from public.save_draft(${key}, 'proposal', ${tx.json({ title: '秋千坏了' })}, null)`;
			expect(first!.version).toBe(1);
			const [second] = await tx<Saved[]>`select * from public.save_draft(${key}, 'proposal', ${tx.json({ title: '秋千坏了两周' })}, 1)`;
			expect(second).toEqual({ id: first!.id, version: 2 });
			const rows = await tx`select form_key, kind, fields, version from public.drafts`;
			expect(rows.map((r) => ({ ...r }))).toEqual([{ form_key: key, kind: 'proposal', fields: { title: '秋千坏了两周' }, version: 2 }]);
		});
	});

	it('refuses an older page (stale_version), and a second first save of the same form', async () => {
		await asUser(sql, w.people.childA1, async (tx) => {
			const key = randomUUID();
			await tx`select * from public.save_draft(${key}, 'proposal', ${tx.json({ title: 'a' })}, null)`;
			await tx`select * from public.save_draft(${key}, 'proposal', ${tx.json({ title: 'b' })}, 1)`;
			expect(await dbError(tx, (sp) => sp`select * from public.save_draft(${key}, 'proposal', ${sp.json({ title: 'old' })}, 1)`)).toEqual({
				code: 'PT409',
				message: 'stale_version'
			});
			expect(await dbError(tx, (sp) => sp`select * from public.save_draft(${key}, 'proposal', ${sp.json({ title: 'x' })}, null)`)).toMatchObject({
				code: 'PT409'
			});
			const [row] = await tx`select fields from public.drafts where form_key = ${key}`;
			expect(row!.fields).toEqual({ title: 'b' });
		});
	});

	it('caps the size and the number of drafts, and checks kind and shape', async () => {
		await asUser(sql, w.people.childA1, async (tx) => {
			const big = { problem: '字'.repeat(11_000) }; // 33,000 bytes of UTF-8
			expect(await dbError(tx, (sp) => sp`select * from public.save_draft(${randomUUID()}, 'proposal', ${sp.json(big)}, null)`)).toEqual({
				code: 'P0001',
				message: 'draft_too_large'
			});
			for (const [kind, fields] of [
				['poem', { a: 'b' }],
				['proposal', ['not', 'an', 'object']],
				['proposal', 'text']
			] as const) {
				expect(await dbError(tx, (sp) => sp`select * from public.save_draft(${randomUUID()}, ${kind}, ${sp.json(fields)}, null)`)).toEqual({
					code: 'P0001',
					message: 'invalid_draft'
				});
			}
			// A street report may use the same table.
			await tx`select * from public.save_draft(${randomUUID()}, 'street_report', ${tx.json({ topic: 'rubbish' })}, null)`;
			for (let i = 1; i < 20; i++) await tx`select * from public.save_draft(${randomUUID()}, 'proposal', ${tx.json({ n: String(i) })}, null)`;
			expect(await dbError(tx, (sp) => sp`select * from public.save_draft(${randomUUID()}, 'proposal', ${sp.json({})}, null)`)).toEqual({
				code: 'P0001',
				message: 'too_many_drafts'
			});
		});
	});

	it('is for children only', async () => {
		for (const who of [w.people.teacherA1, w.people.staffA, w.people.admin, w.people.nobody]) {
			await asUser(sql, who, async (tx) => {
				expect(await dbError(tx, (sp) => sp`select * from public.save_draft(${randomUUID()}, 'proposal', ${sp.json({})}, null)`)).toEqual({
					code: '42501',
					message: 'not_allowed'
				});
			});
		}
		await rolledBack(sql, async (tx) => {
			await actAs(tx, ANON);
			expect((await dbError(tx, (sp) => sp`select * from public.save_draft(${randomUUID()}, 'proposal', ${sp.json({})}, null)`)).code).toBe('42501');
		});
	});
});

describe('reading and deleting', () => {
	it('only the author reads a draft; a classmate, the teacher and admins see nothing; nobody selects author_id', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const [d] = await tx<Saved[]>`select * from public.save_draft(${randomUUID()}, 'proposal', ${tx.json({ title: 'mine' })}, null)`;
			expect(await tx`select id from public.drafts where id = ${d!.id}`).toHaveLength(1);
			for (const who of [w.people.childA1b, w.people.teacherA1, w.people.admin, w.people.staffA]) {
				await actAs(tx, who);
				expect(await tx`select id from public.drafts where id = ${d!.id}`).toHaveLength(0);
			}
			await actAs(tx, w.people.childA1);
			expect((await dbError(tx, (sp) => sp`select author_id from public.drafts`)).code).toBe('42501');
			expect((await dbError(tx, (sp) => sp`update public.drafts set fields = '{}'`)).code).toBe('42501');
			expect((await dbError(tx, (sp) => sp`delete from public.drafts`)).code).toBe('42501');
		});
	});

	it('delete_draft: the author, at the version shown; someone else gets not_found', async () => {
		await rolledBack(sql, async (tx) => {
			await actAs(tx, w.people.childA1);
			const [d] = await tx<Saved[]>`select * from public.save_draft(${randomUUID()}, 'proposal', ${tx.json({ title: 'x' })}, null)`;
			await actAs(tx, w.people.childA1b);
			expect(await dbError(tx, (sp) => sp`select public.delete_draft(${d!.id}, 1)`)).toEqual({ code: 'PT404', message: 'not_found' });
			await actAs(tx, w.people.childA1);
			expect(await dbError(tx, (sp) => sp`select public.delete_draft(${d!.id}, 2)`)).toEqual({ code: 'PT409', message: 'stale_version' });
			await tx`select public.delete_draft(${d!.id}, 1)`;
			expect(await tx`select id from public.drafts`).toHaveLength(0);
		});
	});
});
