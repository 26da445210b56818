import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkText, textChecks } from './checks';
import { optionalText, requiredText } from './fields';
import { PROPOSAL_LIMITS } from './limits';
import { proposalSchema } from './proposal';

// The children's pages check in the browser without zod (checks.ts); the server checks with zod
// (fields.ts). Both must give the same answer for any text.
const zodCode = (schema: z.ZodType, value: string) => {
	const r = schema.safeParse(value);
	return r.success ? undefined : r.error.issues[0]!.message;
};

const texts = fc.oneof(
	fc.string({ maxLength: 80 }),
	fc.string({ unit: 'grapheme', maxLength: 60 }),
	fc.constantFrom('', ' ', ' \u200B ', '\u0000a', 'a\u0007', '树'.repeat(50), '树'.repeat(51), '👨‍👩‍👧‍👦'.repeat(12), 'a'.repeat(1001))
);

describe('checkText agrees with the zod fields', () => {
	it('required text, for any input and limit', () => {
		fc.assert(
			fc.property(texts, fc.constantFrom(1, 10, 50), (value, max) => {
				expect(checkText(value, max)?.code).toBe(zodCode(requiredText(max), value));
			}),
			{ numRuns: 2000 }
		);
	});

	it('optional text', () => {
		fc.assert(
			fc.property(texts, fc.constantFrom(5, 50), (value, max) => {
				expect(checkText(value, max, false)?.code).toBe(zodCode(optionalText(max), value));
			}),
			{ numRuns: 1000 }
		);
	});

	it('a whole proposal: the same fields in error as proposalSchema', () => {
		const check = textChecks(PROPOSAL_LIMITS);
		fc.assert(
			fc.property(fc.record({ title: texts, problem: texts, suggestions: texts, who_should_act: texts }), (values) => {
				const r = proposalSchema.safeParse(values);
				const zodFields = r.success ? [] : [...new Set(r.error.issues.map((i) => String(i.path[0])))].sort();
				expect(Object.keys(check(values) ?? {}).sort()).toEqual(zodFields);
			}),
			{ numRuns: 500 }
		);
	});
});
