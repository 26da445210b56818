import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isActionFailure, isRedirect } from '@sveltejs/kit';
import { GUIDED_STEPS } from '../../routes/(child)/me/proposals/new/steps';
import { REPORT_STEPS } from '../../routes/(child)/me/reports/new/steps';
import { LANGUAGE_ROUTES, isLanguageSwitch, otherLocale, switchAddress, switchLanguage, type LanguageRoute, type SwitchTarget } from './language-switch';
import type { RequestClient } from './supabase';

const KEY = '11111111-2222-4333-8444-555555555555';
const ID = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

const PROPOSAL: SwitchTarget = { route: 'new_proposal', guided: { views: [...GUIDED_STEPS, 'check', 'all'], steps: GUIDED_STEPS } };
const REPORT: SwitchTarget = { route: 'new_report', guided: { views: [...REPORT_STEPS, 'check', 'all'], steps: REPORT_STEPS } };

function post(fields: [string, string][]): FormData {
	const form = new FormData();
	for (const [k, v] of fields) form.append(k, v);
	return form;
}

describe('the language switch address', () => {
	it('keeps a new form\'s key, its guided view and a question opened from the summary', () => {
		const form = post([['request_id', KEY.toUpperCase()], ['view', 'problem'], ['from_check', 'yes'], ['title', 'x']]);
		expect(switchAddress(PROPOSAL, form, 'en')).toBe(`/en/me/proposals/new?form=${KEY}&view=problem&from=check`);
		expect(switchAddress(REPORT, post([['request_id', KEY], ['view', 'where']]), 'zh-CN')).toBe(`/zh-CN/me/reports/new?form=${KEY}&view=where`);
		// "from the summary" belongs to a question only; the summary and the one-page form keep their view.
		expect(switchAddress(PROPOSAL, post([['request_id', KEY], ['view', 'check'], ['from_check', 'yes']]), 'en')).toBe(`/en/me/proposals/new?form=${KEY}&view=check`);
		expect(switchAddress(PROPOSAL, post([['request_id', KEY], ['view', 'all']]), 'en')).toBe(`/en/me/proposals/new?form=${KEY}&view=all`);
	});

	it('leaves out what is not the server\'s: an unknown view, a bad key, a view of the other form', () => {
		expect(switchAddress(PROPOSAL, post([['request_id', 'x&kept=1'], ['view', 'where'], ['from_check', 'yes']]), 'en')).toBe('/en/me/proposals/new');
		expect(switchAddress({ route: 'new_proposal' }, post([['request_id', KEY], ['view', 'problem']]), 'en')).toBe(`/en/me/proposals/new?form=${KEY}`);
	});

	it('opens a resubmit form on its own page, saying the words were kept', () => {
		const form = post([['request_id', KEY], ['view', 'problem'], ['version', '3']]);
		expect(switchAddress({ route: 'resubmit_proposal', id: ID }, form, 'en')).toBe(`/en/me/proposals/${ID}?kept=language`);
		expect(switchAddress({ route: 'resubmit_report', id: ID.toUpperCase() }, form, 'zh-CN')).toBe(`/zh-CN/me/reports/${ID}?kept=language`);
		expect(() => switchAddress({ route: 'resubmit_report', id: '../../admin' }, form, 'en')).toThrow();
		expect(() => switchAddress({ route: 'resubmit_report' }, form, 'en')).toThrow();
	});

	it('never lets a posted value change the path or add a parameter (property)', () => {
		const names = ['request_id', 'view', 'from_check', 'form', 'kept', 'from', 'next', '/resubmit', 'intent', 'title', 'locale'];
		const text = fc.oneof(
			fc.string(),
			fc.constantFrom(KEY, KEY.toUpperCase(), 'problem', 'check', 'all', 'where', 'yes', 'language', '//evil.example', '../admin', '?x=1&y=2', '#top', '%2F', '\u0000'),
			fc.uuid()
		);
		const target = fc.oneof(
			fc.constantFrom(PROPOSAL, REPORT, { route: 'new_proposal' } as SwitchTarget),
			fc.record({ route: fc.constantFrom<LanguageRoute>('resubmit_proposal', 'resubmit_report'), id: fc.uuid() }).map((r): SwitchTarget => r)
		);
		fc.assert(
			fc.property(target, fc.constantFrom('zh-CN' as const, 'en' as const), fc.array(fc.tuple(fc.constantFrom(...names), text), { maxLength: 12 }), (t, locale, fields) => {
				const form = post(fields);
				const address = switchAddress(t, form, locale);
				const url = new URL(address, 'https://child-voice.test');
				expect(url.origin).toBe('https://child-voice.test');
				expect(url.hash).toBe('');
				expect(address.startsWith(`/${locale}/me/`)).toBe(true);
				const resubmit = t.route === 'resubmit_proposal' || t.route === 'resubmit_report';
				expect(url.pathname).toBe(`/${locale}${LANGUAGE_ROUTES[t.route].path(resubmit ? t.id!.toLowerCase() : '')}`);
				const keys = [...url.searchParams.keys()];
				if (resubmit) {
					expect([...url.searchParams]).toEqual([['kept', 'language']]);
					return;
				}
				expect(new Set(keys).size).toBe(keys.length);
				for (const key of keys) expect(['form', 'view', 'from']).toContain(key);
				const form_ = url.searchParams.get('form');
				if (form_ !== null) expect(form_).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
				const view = url.searchParams.get('view');
				if (view !== null) expect(t.guided?.views).toContain(view);
				const from = url.searchParams.get('from');
				if (from !== null) {
					expect(from).toBe('check');
					expect(t.guided?.steps).toContain(view);
				}
			}),
			{ numRuns: 500 }
		);
	});
});

describe('the language switch post', () => {
	it('is the button\'s intent only', () => {
		expect(isLanguageSwitch(post([['intent', 'language']]))).toBe(true);
		expect(isLanguageSwitch(post([['intent', 'draft']]))).toBe(false);
		expect(isLanguageSwitch(post([['language', 'en']]))).toBe(false);
		expect(otherLocale('en')).toBe('zh-CN');
		expect(otherLocale('zh-CN')).toBe('en');
	});

	it('keeps a new form without its key on the page with the text, before any database call', async () => {
		// No database is reached: the key is checked first (a client that is used would throw).
		const unused = new Proxy({}, { get: () => { throw new Error('the database was called'); } }) as unknown as RequestClient;
		const form = post([['intent', 'language'], ['title', '斑马线'], ['request_id', 'not-a-key']]);
		const answer = await switchLanguage(unused, form, PROPOSAL, 'zh-CN').catch((e: unknown) => e);
		expect(isRedirect(answer)).toBe(false);
		expect(isActionFailure(answer)).toBe(true);
		if (!isActionFailure(answer)) return;
		expect(answer.status).toBe(400);
		expect(answer.data).toMatchObject({ formError: 'language_not_kept', values: { title: '斑马线' } });
	});
});
