import { describe, expect, it } from 'vitest';
import { heldFromPost, heldFromSignIn, heldInputs, heldLanding } from './held-form';

const ID = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const KEY = '11111111-2222-4333-8444-555555555555';

function post(fields: Record<string, string>): FormData {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.set(k, v);
	return form;
}

describe('held text', () => {
	it('holds a resubmit post under its submission id, whatever request key it carries', () => {
		const held = heldFromPost(post({ version: '3', title: '斑马线', problem: '车很多', request_id: KEY }), `/me/proposals/${ID}?/resubmit`);
		expect(held).toEqual({ kind: 'proposal', formKey: ID, fields: { title: '斑马线', problem: '车很多' } });
		const report = heldFromPost(post({ topic: 'rubbish', description: 'Bags by the canal' }), `/me/reports/${ID.toUpperCase()}?/resubmit`);
		expect(report).toEqual({ kind: 'street_report', formKey: ID, fields: { topic: 'rubbish', description: 'Bags by the canal' } });
	});

	it('holds nothing for the page\'s other forms, other pages or a post with no text', () => {
		for (const action of ['withdraw', 'rate', 'add_photo', 'remove_photo', 'resubmitx']) {
			expect(heldFromPost(post({ title: 'x', rating: '3' }), `/me/proposals/${ID}?/${action}`)).toBeNull();
		}
		expect(heldFromPost(post({ title: 'x' }), `/me/proposals/${ID}`)).toBeNull();
		expect(heldFromPost(post({ title: 'x' }), `/me/school/${ID}?/resubmit`)).toBeNull();
		expect(heldFromPost(post({ title: 'x' }), `/me/proposals/not-an-id?/resubmit`)).toBeNull();
		expect(heldFromPost(post({ version: '2', title: '   ' }), `/me/proposals/${ID}?/resubmit`)).toBeNull();
		expect(heldFromPost(post({ title: 'x' }), undefined)).toBeNull();
	});

	it('still holds the new forms by their request key', () => {
		expect(heldFromPost(post({ title: 'x', request_id: KEY }), `/me/proposals/new?form=${KEY}`)).toEqual({ kind: 'proposal', formKey: KEY, fields: { title: 'x' } });
		expect(heldFromPost(post({ title: 'x' }), `/me/proposals/new?form=${KEY}`)).toBeNull();
	});

	it('carries the text through the sign-in form (and the language switch) unchanged', () => {
		const held = heldFromPost(post({ title: '斑马线', suggestions: '画线' }), `/me/proposals/${ID}?/resubmit`)!;
		const form = new FormData();
		for (const { name, value } of heldInputs(held)) form.set(name, value);
		form.set('held.rating', '5'); // not a field of a proposal draft: dropped
		expect(heldFromSignIn(form)).toEqual(held);
	});

	it('lands on the page itself after a resubmit post, on the new form as it was', () => {
		expect(heldLanding(`/me/reports/${ID}?/resubmit`)).toBe(`/me/reports/${ID}`);
		expect(heldLanding(`/me/proposals/new?form=${KEY}`)).toBe(`/me/proposals/new?form=${KEY}`);
		expect(heldLanding(`/me/proposals/${ID}?/withdraw`)).toBe(`/me/proposals/${ID}?/withdraw`);
	});
});
