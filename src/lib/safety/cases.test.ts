/**
 * The shared cases (/work/shared/cases/submissions.json, copied in tests/fixtures/cases) at the
 * detector level: the exact set of personal-detail types, safeguarding yes/no, and the public copy
 * (redacted) never contains what must stay in the school.
 */
import { describe, expect, it } from 'vitest';
import cases from '../../../tests/fixtures/cases/submissions.json';
import { redact, screen, findPersonalDetails, type Locale } from './index';

interface Case {
	id: string;
	locale: Locale;
	fields: Record<string, string>;
	expect: { pii_flags?: string[]; safeguarding?: boolean; public_text_must_not_contain?: string[] };
}

describe('shared submission cases', () => {
	for (const c of cases as unknown as Case[]) {
		it(c.id, () => {
			const s = screen(c.fields, { locale: c.locale });
			const types = new Set(s.personalDetails.map((p) => p.detail.type));
			expect([...types].sort()).toEqual([...(c.expect.pii_flags ?? [])].sort());
			expect(s.safeguarding.length > 0).toBe(c.expect.safeguarding ?? false);
			for (const value of Object.values(c.fields)) {
				const pub = redact(value, findPersonalDetails(value, { locale: c.locale }), c.locale);
				for (const secret of c.expect.public_text_must_not_contain ?? []) expect(pub).not.toContain(secret);
			}
		});
	}
});
