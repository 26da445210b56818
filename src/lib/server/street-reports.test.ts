/**
 * The street-report cases of ../shared/cases/submissions.json (tests/fixtures/cases) through the
 * server's screening, as the form action runs it: clean reports go, personal details stop the form
 * and are masked in the public copy, a child at risk is sent at once (the database escalates it).
 * Each kind of case with more than the one input.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactField, reportScreening, type ReportText } from './street-reports';

interface Case {
	id: string;
	kind: string;
	locale: 'zh-CN' | 'en';
	fields: Record<string, string>;
	expect: { pii_flags?: string[]; safeguarding?: boolean; public_text_must_not_contain?: string[] };
}
const cases: Case[] = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../tests/fixtures/cases/submissions.json'), 'utf8'));
const reports = cases.filter((c) => c.kind === 'street_report');

const textOf = (f: Record<string, string>): ReportText => ({
	title: f.title ?? '',
	problem: f.description ?? '',
	suggestions: f.suggestions ?? '',
	place_text: f.location_text ?? ''
});

describe('street-report cases (tests/fixtures/cases/submissions.json)', () => {
	it('are all here', () => {
		expect(reports.map((c) => c.id)).toEqual(['zh-report-slide', 'zh-report-id-number', 'en-safeguarding-home']);
	});

	for (const c of reports) {
		it(`${c.id}: ${c.expect.safeguarding ? 'sent at once for the safeguarding lead' : c.expect.pii_flags?.length ? 'stops with a warning, masked in the public copy' : 'goes without a flag'}`, () => {
			const text = textOf(c.fields);
			const decision = reportScreening(text, c.locale, false);
			if (c.expect.safeguarding) {
				// Never held back by a warning: sent, with the signal the database escalates on.
				expect(decision.warn).toBeUndefined();
				expect(decision.flags!.safeguarding.length).toBeGreaterThan(0);
				return;
			}
			const wanted = c.expect.pii_flags ?? [];
			if (wanted.length === 0) {
				expect(decision.warn).toBeUndefined();
				expect(decision.flags).toEqual({ personal_details: [], safeguarding: [], confirmed: false });
				return;
			}
			expect(decision.warn).toBeDefined();
			expect([...new Set(decision.warn!.details.map((d) => d.type))].sort()).toEqual([...wanted].sort());
			const masked = (['title', 'problem', 'suggestions', 'place_text'] as const).map((f) => redactField(text[f], decision.warn!.details, f)).join('\n');
			for (const secret of c.expect.public_text_must_not_contain ?? []) expect(masked).not.toContain(secret);
			// The child chose "send anyway": sent, with the flags confirmed for the teacher.
			const anyway = reportScreening(text, c.locale, true);
			expect(anyway.flags!.confirmed).toBe(true);
		});
	}

	it('finds personal details and concerns in the place words too, and in either language', () => {
		const place = reportScreening({ title: '路灯坏了', problem: '晚上很黑。', suggestions: '', place_text: '我家在幸福里小区3号楼2单元501' }, 'zh-CN', false);
		expect(place.warn!.details.map((d) => [d.field, d.type])).toContainEqual(['place_text', 'address']);
		const phone = reportScreening({ title: 'Broken light', problem: 'Call my mum on 13912345678 to ask.', suggestions: '', place_text: '' }, 'en', false);
		expect(phone.warn!.details.map((d) => [d.field, d.type])).toEqual([['problem', 'phone']]);
		const risk = reportScreening({ title: '不想回家', problem: '爸爸喝了酒就打我，我不敢回家。', suggestions: '', place_text: '家里' }, 'zh-CN', false);
		expect(risk.warn).toBeUndefined();
		expect(risk.flags!.safeguarding.length).toBeGreaterThan(0);
	});
});
