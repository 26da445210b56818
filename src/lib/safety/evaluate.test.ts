/**
 * The labelled set measured as `npm run eval:safety` does: the goals of issue 7 are correctness
 * thresholds (recall/precision), so `npm test` guards them. Also checks the set itself: at least 300
 * texts, both languages, positives and negatives for every type.
 */
import { describe, expect, it } from 'vitest';
import labelled from '../../../tests/fixtures/safety/labelled.json';
import { evaluate, formatTable, type LabelledItem } from './evaluate';
import { PERSONAL_DETAIL_TYPES, SAFEGUARDING_TYPES } from './types';

const items = labelled as unknown as LabelledItem[];

describe('labelled set', () => {
	it('has ≥ 300 texts with unique ids, in both languages', () => {
		expect(items.length).toBeGreaterThanOrEqual(300);
		expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
		for (const locale of ['zh-CN', 'en']) expect(items.filter((i) => i.locale === locale).length).toBeGreaterThan(100);
	});
	it('has positives in both languages for every type, and texts without them', () => {
		for (const t of PERSONAL_DETAIL_TYPES) {
			for (const locale of ['zh-CN', 'en']) expect(items.some((i) => i.locale === locale && i.personal.some((p) => p.type === t)), `${t} ${locale}`).toBe(true);
		}
		for (const t of SAFEGUARDING_TYPES) {
			for (const locale of ['zh-CN', 'en']) expect(items.some((i) => i.locale === locale && i.safeguarding.includes(t)), `${t} ${locale}`).toBe(true);
		}
		expect(items.filter((i) => i.personal.length === 0 && i.safeguarding.length === 0).length).toBeGreaterThan(100);
	});
});

describe('evaluation', () => {
	const result = evaluate(items);
	it('meets the goals: personal details recall ≥ 0.98, precision ≥ 0.90; safeguarding recall 1.0, precision ≥ 0.80', () => {
		expect(result.mistakes.filter((m) => m.kind === 'missed' && SAFEGUARDING_TYPES.includes(m.type as never))).toEqual([]);
		expect(result.goals.filter((g) => !g.met), formatTable(result)).toEqual([]);
	});
	it('counts a wrong type as a miss and a false positive', () => {
		const r = evaluate([{ id: 'x', locale: 'zh-CN', text: '电话13912345678', personal: [{ type: 'email', text: '13912345678' }], safeguarding: ['bullying'] }]);
		const email = r.personal.find((x) => x.label === 'email')!;
		const phone = r.personal.find((x) => x.label === 'phone')!;
		expect([email.expected, email.found, phone.detected, phone.correct]).toEqual([1, 0, 1, 0]);
		expect(r.safeguarding.find((x) => x.label === 'bullying')!.found).toBe(0);
		expect(r.passed).toBe(false);
	});
	it('refuses a label whose substring is not in the text', () => {
		expect(() => evaluate([{ id: 'y', locale: 'en', text: 'abc', personal: [{ type: 'name', text: 'zzz' }], safeguarding: [] }])).toThrow(/not in the text/);
	});
});
