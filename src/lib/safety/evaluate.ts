/**
 * Precision and recall of the detectors on a labelled set (tests/fixtures/safety/labelled.json).
 * Pure: used by `npm run eval:safety` (bench/safety/eval.ts) and by evaluate.test.ts.
 *
 * Counting:
 * - personal details, per expected span: an expected detail (type + the exact substring, its first
 *   occurrence in the text, or the `at`-th occurrence if given) is found when a detected detail of the
 *   same type overlaps it; a detected detail is correct when it overlaps an expected one of its type.
 *   Recall = found / expected, precision = correct / detected, per type and over all types (micro).
 * - safeguarding, per text and type: a type is a true positive when expected and detected, a false
 *   positive when detected but not expected, a false negative when expected but not detected. The
 *   "any signal" row counts texts (escalated or not), which is what decides escalation.
 */
import { findPersonalDetails, findSafeguardingSignals } from './index';
import { PERSONAL_DETAIL_TYPES, SAFEGUARDING_TYPES, type Locale, type PersonalDetailType, type SafeguardingType } from './types';

/** One labelled text. */
export interface LabelledItem {
	id: string;
	locale: Locale;
	text: string;
	/** Expected personal details: type and the exact substring (its `at`-th occurrence, default 0). */
	personal: { type: PersonalDetailType; text: string; at?: number }[];
	/** Expected safeguarding types (empty: none). */
	safeguarding: SafeguardingType[];
}

/** Counts for one row of the table. */
export interface Row {
	label: string;
	expected: number;
	found: number; // expected items found (recall numerator)
	detected: number;
	correct: number; // detected items that are right (precision numerator)
	recall: number;
	precision: number;
}

export interface Mistake {
	id: string;
	kind: 'missed' | 'false positive';
	type: string;
	text: string;
}

export interface Evaluation {
	personal: Row[]; // per type, then 'all personal details'
	safeguarding: Row[]; // per type, then 'all safeguarding types', then 'any signal (texts)'
	mistakes: Mistake[];
	items: number;
	goals: { name: string; value: number; goal: number; met: boolean }[];
	passed: boolean;
}

/** The goals of issue 7 §3. */
export const GOALS = { personalRecall: 0.98, personalPrecision: 0.9, safeguardingRecall: 1, safeguardingPrecision: 0.8 };

function row(label: string, expected: number, found: number, detected: number, correct: number): Row {
	return {
		label,
		expected,
		found,
		detected,
		correct,
		recall: expected === 0 ? 1 : found / expected,
		precision: detected === 0 ? 1 : correct / detected
	};
}

function nthIndex(text: string, sub: string, n: number): number {
	let i = -1;
	for (let k = 0; k <= n; k++) {
		i = text.indexOf(sub, i + 1);
		if (i < 0) return -1;
	}
	return i;
}

/** Runs both detectors over the set and counts. Throws if an expected substring is not in its text. */
export function evaluate(items: readonly LabelledItem[]): Evaluation {
	const mistakes: Mistake[] = [];
	const pd = new Map<string, { expected: number; found: number; detected: number; correct: number }>();
	const sg = new Map<string, { expected: number; found: number; detected: number; correct: number }>();
	for (const t of PERSONAL_DETAIL_TYPES) pd.set(t, { expected: 0, found: 0, detected: 0, correct: 0 });
	for (const t of SAFEGUARDING_TYPES) sg.set(t, { expected: 0, found: 0, detected: 0, correct: 0 });
	const any = { expected: 0, found: 0, detected: 0, correct: 0 };

	for (const item of items) {
		const details = findPersonalDetails(item.text, { locale: item.locale });
		const expected = item.personal.map((e) => {
			const start = nthIndex(item.text, e.text, e.at ?? 0);
			if (start < 0) throw new Error(`${item.id}: expected "${e.text}" is not in the text`);
			return { type: e.type, start, end: start + e.text.length, text: e.text };
		});
		for (const e of expected) {
			const c = pd.get(e.type)!;
			c.expected++;
			if (details.some((d) => d.type === e.type && d.start < e.end && e.start < d.end)) c.found++;
			else mistakes.push({ id: item.id, kind: 'missed', type: e.type, text: e.text });
		}
		for (const d of details) {
			const c = pd.get(d.type)!;
			c.detected++;
			if (expected.some((e) => e.type === d.type && d.start < e.end && e.start < d.end)) c.correct++;
			else mistakes.push({ id: item.id, kind: 'false positive', type: d.type, text: d.text });
		}

		const signals = findSafeguardingSignals(item.text, { locale: item.locale });
		const got = new Set(signals.map((s) => s.type));
		const want = new Set(item.safeguarding);
		for (const t of SAFEGUARDING_TYPES) {
			const c = sg.get(t)!;
			if (want.has(t)) {
				c.expected++;
				if (got.has(t)) c.found++;
				else mistakes.push({ id: item.id, kind: 'missed', type: t, text: item.text });
			}
			if (got.has(t)) {
				c.detected++;
				if (want.has(t)) c.correct++;
				else mistakes.push({ id: item.id, kind: 'false positive', type: t, text: signals.filter((s) => s.type === t).map((s) => s.text).join(' | ') });
			}
		}
		if (want.size) any.expected++;
		if (want.size && got.size) any.found++;
		if (got.size) any.detected++;
		if (got.size && want.size) any.correct++;
	}

	const sum = (m: Map<string, { expected: number; found: number; detected: number; correct: number }>) =>
		[...m.values()].reduce((a, c) => ({ expected: a.expected + c.expected, found: a.found + c.found, detected: a.detected + c.detected, correct: a.correct + c.correct }), {
			expected: 0,
			found: 0,
			detected: 0,
			correct: 0
		});
	const pAll = sum(pd);
	const sAll = sum(sg);
	const personal = [...[...pd].map(([t, c]) => row(t, c.expected, c.found, c.detected, c.correct)), row('all personal details', pAll.expected, pAll.found, pAll.detected, pAll.correct)];
	const safeguarding = [
		...[...sg].map(([t, c]) => row(t, c.expected, c.found, c.detected, c.correct)),
		row('all safeguarding types', sAll.expected, sAll.found, sAll.detected, sAll.correct),
		row('any signal (texts)', any.expected, any.found, any.detected, any.correct)
	];
	const pRow = personal[personal.length - 1]!;
	const sRow = safeguarding[safeguarding.length - 2]!;
	const anyRow = safeguarding[safeguarding.length - 1]!;
	const goals = [
		{ name: 'personal details recall', value: pRow.recall, goal: GOALS.personalRecall },
		{ name: 'personal details precision', value: pRow.precision, goal: GOALS.personalPrecision },
		{ name: 'safeguarding recall (per type)', value: sRow.recall, goal: GOALS.safeguardingRecall },
		{ name: 'safeguarding recall (texts)', value: anyRow.recall, goal: GOALS.safeguardingRecall },
		{ name: 'safeguarding precision (per type)', value: sRow.precision, goal: GOALS.safeguardingPrecision }
	].map((g) => ({ ...g, met: g.value >= g.goal }));
	return { personal, safeguarding, mistakes, items: items.length, goals, passed: goals.every((g) => g.met) };
}

const f = (x: number) => x.toFixed(3);

/** The evaluation as a markdown table (the one BENCHMARKS.md records). */
export function formatTable(e: Evaluation): string {
	const lines = [
		`Labelled set: ${e.items} texts (zh-CN and en), tests/fixtures/safety/labelled.json.`,
		'',
		'| detector | type | expected | found | detected | correct | recall | precision |',
		'| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |'
	];
	for (const r of e.personal) lines.push(`| personal details | ${r.label} | ${r.expected} | ${r.found} | ${r.detected} | ${r.correct} | ${f(r.recall)} | ${f(r.precision)} |`);
	for (const r of e.safeguarding) lines.push(`| safeguarding | ${r.label} | ${r.expected} | ${r.found} | ${r.detected} | ${r.correct} | ${f(r.recall)} | ${f(r.precision)} |`);
	lines.push('', '| goal | value | target | met |', '| --- | ---: | ---: | --- |');
	for (const g of e.goals) lines.push(`| ${g.name} | ${f(g.value)} | ≥ ${f(g.goal)} | ${g.met ? 'yes' : 'NO'} |`);
	return lines.join('\n');
}
