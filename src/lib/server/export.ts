import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

/**
 * Exports of dashboards and answered items to CSV and XLSX, streamed row by row.
 *
 * Spreadsheet formula injection: a text cell that a spreadsheet (Excel, WPS, LibreOffice) could
 * read as a formula is written with a leading apostrophe, so it shows as the text typed. Such a
 * cell begins with = + - @, a tab or a carriage return, or their full-width forms ＝ ＋ － ＠
 * (WPS reads those as formulas too). Numbers stay numbers.
 *
 * Only published / redacted text and counts ever reach an export (never account ids, nicknames or
 * student numbers): callers pass rows built from public columns only.
 */

/** First characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/u;

/** A cell value of an export: text, a number, or empty. */
export type Cell = string | number | null | undefined;

/**
 * The value to write for one cell: text that could start a formula gets a leading apostrophe
 * (also when it starts after leading spaces, which some spreadsheets trim); numbers and empty
 * cells are unchanged.
 */
export function neutraliseCell(value: Cell): string | number | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	return FORMULA_START.test(value.trimStart()) || FORMULA_START.test(value) ? `'${value}` : value;
}

/** One column of an export: its header (already translated) and how to read it from a row. */
export interface ExportColumn<R> {
	header: string;
	value: (row: R) => Cell;
	/** Column width in characters for XLSX (default 16). */
	width?: number;
}

/** Rows of an export, read page by page (an async iterable: nothing is held in memory whole). */
export type RowSource<R> = AsyncIterable<R[]>;

/** UTF-8 byte order mark: Excel and WPS read CSV as UTF-8 (Chinese text) only with it. */
export const BOM = '\uFEFF';

/**
 * CSV (UTF-8 with BOM, RFC 4180 quoting by csv-stringify) of the rows, as a web stream.
 * Headers are neutralised like every other cell.
 */
export function csvStream<R>(columns: ExportColumn<R>[], pages: RowSource<R>): ReadableStream<Uint8Array> {
	const csv = stringify({ bom: true, record_delimiter: '\r\n', cast: { number: (n) => String(n) } });
	(async () => {
		try {
			csv.write(columns.map((c) => neutraliseCell(c.header)));
			for await (const page of pages) {
				for (const row of page) {
					if (!csv.write(columns.map((c) => neutraliseCell(c.value(row)) ?? ''))) {
						await new Promise((resolve) => csv.once('drain', resolve));
					}
				}
			}
			csv.end();
		} catch (e) {
			csv.destroy(e as Error);
		}
	})();
	return Readable.toWeb(csv) as unknown as ReadableStream<Uint8Array>;
}

/**
 * XLSX of the rows (one sheet, header row bold and frozen), written by exceljs' streaming writer
 * row by row, as a web stream.
 */
export function xlsxStream<R>(sheetName: string, columns: ExportColumn<R>[], pages: RowSource<R>): ReadableStream<Uint8Array> {
	const out = new PassThrough();
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
	(async () => {
		try {
			// Sheet names: at most 31 characters, none of : \ / ? * [ ].
			const sheet = workbook.addWorksheet(sheetName.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1', {
				views: [{ state: 'frozen', ySplit: 1 }]
			});
			sheet.columns = columns.map((c) => ({ width: c.width ?? 16 }));
			const header = sheet.addRow(columns.map((c) => neutraliseCell(c.header)));
			header.font = { bold: true };
			header.commit();
			for await (const page of pages) {
				for (const row of page) sheet.addRow(columns.map((c) => neutraliseCell(c.value(row)))).commit();
			}
			sheet.commit();
			await workbook.commit();
		} catch (e) {
			out.destroy(e as Error);
		}
	})();
	return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
}

/** Content types and file names of the two formats. */
export const FORMATS = {
	csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
	xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' }
} as const;

export type ExportFormat = keyof typeof FORMATS;

/** A download response for an export stream (attachment; no caching of staff data). */
export function exportResponse(format: ExportFormat, baseName: string, body: ReadableStream<Uint8Array>): Response {
	const name = `${baseName}.${FORMATS[format].ext}`;
	return new Response(body, {
		headers: {
			'content-type': FORMATS[format].type,
			'content-disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}

/** One page of rows at a time, as an async iterable; stops at an empty or short page, or at `cap` rows. */
export async function* paged<R>(fetchPage: (from: number, to: number) => Promise<R[]>, pageSize: number, cap: number): AsyncGenerator<R[]> {
	let from = 0;
	while (from < cap) {
		const to = Math.min(from + pageSize, cap) - 1;
		const rows = await fetchPage(from, to);
		if (rows.length) yield rows;
		if (rows.length < to - from + 1) return;
		from = to + 1;
	}
}
