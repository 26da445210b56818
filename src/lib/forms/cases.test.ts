import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROPOSAL_LIMITS, proposalSchema } from './proposal';
import { graphemeCount } from '$lib/text';

interface Case {
	id: string;
	kind: string;
	fields: Record<string, string>;
	expect: { accepted: boolean };
}

const root = path.resolve(import.meta.dirname, '../../..');
const copy = path.join(root, 'tests/fixtures/cases/submissions.json');
const cases: Case[] = JSON.parse(readFileSync(copy, 'utf8'));
const proposals = cases.filter((c) => c.kind === 'proposal');
const byId = (id: string) => proposals.find((c) => c.id === id)!;

describe('shared cases: proposals through the form schema', () => {
	it('the copy in tests/fixtures equals ../shared/cases when present', () => {
		const original = path.join(root, '../shared/cases/submissions.json');
		if (!existsSync(original)) return;
		expect(readFileSync(copy, 'utf8')).toBe(readFileSync(original, 'utf8'));
	});

	it.each(proposals.filter((c) => c.expect.accepted).map((c) => [c.id, c] as const))('%s is accepted', (_id, c) => {
		const result = proposalSchema.safeParse(c.fields);
		expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
	});

	it('keeps markup as typed (escaping is the page’s job, not the validator’s)', () => {
		const c = byId('xss-title');
		const out = proposalSchema.parse(c.fields);
		expect(out.title).toBe(c.fields.title);
		expect(out.problem).toBe(c.fields.problem);
	});

	it('counts the title in grapheme clusters: the family emoji is one', () => {
		const c = byId('grapheme-limit');
		expect(graphemeCount(c.fields.title!)).toBe(15);
		const atLimit = '👨‍👩‍👧‍👦🏽'.repeat(PROPOSAL_LIMITS.title);
		expect(atLimit.length).toBeGreaterThan(PROPOSAL_LIMITS.title * 10);
		expect(proposalSchema.safeParse({ ...c.fields, title: atLimit }).success).toBe(true);
		const over = proposalSchema.safeParse({ ...c.fields, title: atLimit + '树' });
		expect(over.success).toBe(false);
		expect(over.error?.issues[0]).toMatchObject({ path: ['title'], message: 'too_long' });
	});

	it('rejects blank and invisible input with `required` on every field', () => {
		const c = byId('blank-and-invisible');
		expect(c.expect.accepted).toBe(false);
		const result = proposalSchema.safeParse(c.fields);
		expect(result.success).toBe(false);
		const byField = Object.fromEntries(result.error!.issues.map((i) => [String(i.path[0]), i.message]));
		expect(byField).toEqual({ title: 'required', problem: 'required', suggestions: 'required', who_should_act: 'required' });
	});
});
