/**
 * Exports: no cell a spreadsheet could run as a formula (the csv-injection case of
 * ../shared/cases/submissions.json and any other text: property), CSV starts with the UTF-8 BOM
 * and reads back to the same cells, XLSX reads back (exceljs) to the same cells, pages are read
 * one at a time up to the cap.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOM, csvStream, neutraliseCell, paged, xlsxStream, type ExportColumn } from './export';

interface Case {
	id: string;
	fields: Record<string, string>;
	expect: Record<string, unknown>;
}
const cases: Case[] = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../tests/fixtures/cases/submissions.json'), 'utf8'));
const formulaCases = cases.filter((c) => c.expect.export_cells_start_with_formula_char === false);

/** What a spreadsheet would treat as the start of a formula (after leading spaces). */
const DANGEROUS = /^[\s]*[=+\-@＝＋－＠]|^[\t\r]/u;

/** Text with a bias towards the characters that matter. */
const text = fc.oneof(
	fc.string(),
	fc.string({ unit: 'grapheme' }),
	fc
		.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠', ' =', '  +', '\t=', '"=', "'", ''), fc.string())
		.map(([a, b]) => a + b)
);

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const c of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c));
	return Buffer.concat(chunks);
}

/** A small RFC 4180 reader (quotes, doubled quotes, CRLF inside quotes): enough to read our own output back. */
function parseCsv(s: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < s.length; i++) {
		const ch = s[i]!;
		if (quoted) {
			if (ch === '"' && s[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else cell += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') {
			row.push(cell);
			cell = '';
		} else if (ch === '\r' && s[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += ch;
	}
	if (cell !== '' || row.length) {
		row.push(cell);
		rows.push(row);
	}
	return rows;
}

async function* once<R>(rows: R[]) {
	yield rows;
}

type Row = { title: string; n: number };
const columns: ExportColumn<Row>[] = [
	{ header: '标题', value: (r) => r.title },
	{ header: 'n', value: (r) => r.n }
];

describe('neutraliseCell', () => {
	it('the csv-injection cases of the shared submissions cases', () => {
		expect(formulaCases.length).toBeGreaterThan(0);
		for (const c of formulaCases) {
			for (const v of Object.values(c.fields)) {
				const out = neutraliseCell(v);
				expect(typeof out === 'string' && DANGEROUS.test(out), `${c.id}: ${v}`).toBe(false);
			}
		}
	});

	it('every text: the result never starts a formula, and is the text itself or the text after an apostrophe (property)', () => {
		fc.assert(
			fc.property(text, (s) => {
				const out = neutraliseCell(s) as string;
				expect(DANGEROUS.test(out)).toBe(false);
				expect(out === s || out === `'${s}`).toBe(true);
				if (!DANGEROUS.test(s)) expect(out).toBe(s);
			}),
			{ numRuns: 2000 }
		);
	});

	it('numbers stay numbers (a negative count is a number, not a formula); empty stays empty', () => {
		expect(neutraliseCell(-3)).toBe(-3);
		expect(neutraliseCell(0.5)).toBe(0.5);
		expect(neutraliseCell(Number.NaN)).toBeNull();
		expect(neutraliseCell(null)).toBeNull();
		expect(neutraliseCell('-3')).toBe("'-3");
		expect(neutraliseCell('＝1+1')).toBe("'＝1+1");
	});
});

describe('CSV and XLSX', () => {
	it('CSV: BOM, header, every cell read back as written (neutralised), Chinese intact (property)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.record({ title: text, n: fc.integer({ min: 0, max: 1e6 }) }), { maxLength: 20 }), async (rows) => {
				const buf = await readAll(csvStream(columns, once(rows)));
				expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
				const s = buf.toString('utf8');
				expect(s.startsWith(BOM)).toBe(true);
				const back = parseCsv(s.slice(1));
				expect(back[0]).toEqual(['标题', 'n']);
				expect(back.slice(1)).toEqual(rows.map((r) => [neutraliseCell(r.title) ?? '', String(r.n)]));
				for (const r of back.slice(1)) expect(DANGEROUS.test(r[0]!)).toBe(false);
			}),
			{ numRuns: 60 }
		);
	});

	it('XLSX: read back with exceljs, the same cells, numbers as numbers, no formula anywhere', async () => {
		const rows: Row[] = [
			...formulaCases.flatMap((c) => Object.values(c.fields).map((title, i) => ({ title, n: i }))),
			{ title: '＠SUM(A1)', n: 7 },
			{ title: '\t=1+1', n: 8 },
			{ title: '公园里的树荫', n: 9 }
		];
		const buf = await readAll(xlsxStream('看板', columns, once(rows)));
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(buf as unknown as ArrayBuffer);
		const ws = wb.worksheets[0]!;
		expect(ws.name).toBe('看板');
		expect(ws.getRow(1).values).toEqual([undefined, '标题', 'n']);
		rows.forEach((r, i) => {
			const cells = ws.getRow(i + 2);
			expect(cells.getCell(1).value).toBe(neutraliseCell(r.title));
			expect(cells.getCell(2).value).toBe(r.n);
			expect(cells.getCell(1).formula).toBeFalsy();
			expect(DANGEROUS.test(String(cells.getCell(1).value))).toBe(false);
		});
		expect(ws.rowCount).toBe(rows.length + 1);
	});
});

describe('paged', () => {
	it('reads page after page, stops at a short page and at the cap', async () => {
		const asked: [number, number][] = [];
		const data = Array.from({ length: 23 }, (_, i) => i);
		const fetchPage = async (from: number, to: number) => {
			asked.push([from, to]);
			return data.slice(from, to + 1);
		};
		const all: number[] = [];
		for await (const p of paged(fetchPage, 10, 1000)) all.push(...p);
		expect(all).toEqual(data);
		expect(asked).toEqual([[0, 9], [10, 19], [20, 29]]);
		const capped: number[] = [];
		for await (const p of paged(fetchPage, 10, 15)) capped.push(...p);
		expect(capped).toEqual(data.slice(0, 15));
	});
});
