/**
 * `npm run eval:safety`: precision and recall of the safety detectors ($lib/safety) on the labelled
 * set tests/fixtures/safety/labelled.json. Prints the table (markdown, as in BENCHMARKS.md /
 * BENCHMARKS.md, "Safety detectors") and the mistakes; exits 1 when a goal of issue 7 is missed:
 * personal details recall ≥ 0.98 and precision ≥ 0.90, safeguarding recall 1.0 and precision ≥ 0.80.
 * No database or server needed. Options: --quiet (table only).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluate, formatTable, type LabelledItem } from '../../src/lib/safety/evaluate.ts';

const root = path.resolve(import.meta.dirname, '../..');
const items = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/safety/labelled.json'), 'utf8')) as LabelledItem[];
const result = evaluate(items);
console.log(formatTable(result));
if (!process.argv.includes('--quiet') && result.mistakes.length) {
	console.log('\nMistakes:');
	for (const m of result.mistakes) console.log(`- ${m.id}: ${m.kind} ${m.type}: ${m.text}`);
}
if (!result.passed) {
	console.error('\neval:safety: a goal is missed');
	process.exit(1);
}
