import { describe, expect, it } from 'vitest';
import { proposalRequestKey } from './idempotency';

const p = { title: '树荫', problem: '太热', suggestions: '种树', who_should_act: '园林部门' };

describe('proposalRequestKey', () => {
	it('is the same for the same author and text', () => {
		expect(proposalRequestKey('a', p)).toBe(proposalRequestKey('a', { ...p }));
		expect(proposalRequestKey('a', p)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});
	it('differs by author and by any field', () => {
		const key = proposalRequestKey('a', p);
		expect(proposalRequestKey('b', p)).not.toBe(key);
		for (const field of Object.keys(p) as (keyof typeof p)[]) {
			expect(proposalRequestKey('a', { ...p, [field]: p[field] + '!' })).not.toBe(key);
		}
		// Field boundaries matter: moving text between fields is a different proposal.
		expect(proposalRequestKey('a', { ...p, title: '树', problem: '荫太热' })).not.toBe(key);
	});
});
