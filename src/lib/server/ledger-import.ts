/**
 * Importing the city's work ledger (工作台账) from a spreadsheet: read the file (CSV or XLSX,
 * capped before any parsing), guess which column holds what, and turn rows into goals with every
 * row's problems listed, for the admin's preview. The database (`import_ledger`) checks the goals
 * again and writes all of them or none.
 */
import { inflateRawSync } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { CATEGORIES, type LedgerCategory } from '$lib/i18n/labels';

/** Largest file accepted (bytes); a 2,000-goal ledger is far smaller. */
export const MAX_FILE_BYTES = 400 * 1024;
/** Most goal rows one file may hold (the city's ledger has 137). */
export const MAX_ROWS = 2000;
/** Most columns read; further ones are ignored. */
export const MAX_COLUMNS = 30;
/** Longest departments cell (characters); longer is a row problem, not a crash. */
export const MAX_CELL = 2000;
/** Longest header cell kept (characters): a header names a column. */
const MAX_HEADER = 200;
/** Most bytes an XLSX may unpack to (its parts together): a zip bomb is refused before it is opened. */
const MAX_UNPACKED_BYTES = 20 * 1024 * 1024;

export { CATEGORIES };
export type Category = LedgerCategory;

/** What a goal field is read from; `departments` is optional. */
export const FIELDS = ['code', 'category', 'title_zh', 'title_en', 'departments'] as const;
export type Field = (typeof FIELDS)[number];
/** Column index per field (0-based); null: not in the file. */
export type Mapping = Record<Field, number | null>;

export interface ParsedFile {
	/** The header row's cells (trimmed). */
	columns: string[];
	/** The rows after the header, each as many cells as `columns`, empty rows left out. */
	rows: string[][];
}

export type FileProblem = 'too_large' | 'unreadable' | 'empty' | 'too_many_rows';

/** A file problem, with what the admin needs to fix it. */
export class LedgerFileError extends Error {
	constructor(readonly problem: FileProblem) {
		super(problem);
	}
}

/**
 * Read an uploaded ledger: an XLSX workbook (its first worksheet, cells as displayed) or a CSV
 * file (UTF-8 with or without BOM, or GB18030 as Excel and WPS save Chinese CSV). The first
 * non-empty row is the header.
 *
 * @param bytes the file as uploaded (≤ MAX_FILE_BYTES)
 * @throws LedgerFileError `too_large` (file or what it unpacks to), `unreadable` (neither a
 *   workbook nor text), `empty` (no header or no rows), `too_many_rows` (over MAX_ROWS)
 */
export async function readLedgerFile(bytes: Uint8Array): Promise<ParsedFile> {
	if (bytes.byteLength > MAX_FILE_BYTES) throw new LedgerFileError('too_large');
	const table = isZip(bytes) ? await readXlsx(bytes) : readCsv(bytes);
	const rows = table
		// Cells are kept as text the database can hold: no control characters (a workbook may
		// spell NUL as _x0000_), no half surrogate pairs (_xD800_); a cell just over every limit
		// is enough to report it as too long.
		.map((r) => r.slice(0, MAX_COLUMNS).map((c) => cleanText(c).slice(0, MAX_CELL + 1).trim()))
		.filter((r) => r.some((c) => c !== ''));
	if (rows.length < 2) throw new LedgerFileError('empty');
	const [header, ...body] = rows;
	if (body.length > MAX_ROWS) throw new LedgerFileError('too_many_rows');
	const width = Math.max(...rows.map((r) => r.length));
	const pad = (r: string[]) => [...r, ...Array<string>(width - r.length).fill('')];
	return { columns: pad(header!.map((c) => c.slice(0, MAX_HEADER))), rows: body.map(pad) };
}

/**
 * Text as Postgres text and jsonb can hold it: control characters other than tab and line
 * breaks removed, lone surrogates replaced by U+FFFD.
 */
export function cleanText(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').toWellFormed();
}

function isZip(bytes: Uint8Array): boolean {
	return bytes.byteLength > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Check that a ZIP (an XLSX is one) unpacks to at most MAX_UNPACKED_BYTES before exceljs opens
 * it: every entry of the central directory is inflated here with that budget as the output limit
 * (zlib stops there), so an archive that lies about its sizes is caught too, never unpacked
 * whole. ZIP64 entries are not expected in a ledger of this size and count as too large.
 *
 * @throws LedgerFileError `too_large` over the budget, `unreadable` when the archive is broken
 */
function checkUnpackedSize(bytes: Uint8Array): void {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// End of central directory: signature 0x06054b50, in the last 22 + 65,535 bytes.
	let eocd = -1;
	for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 0xffff); i--) {
		if (view.getUint32(i, true) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw new LedgerFileError('unreadable');
	const entries = view.getUint16(eocd + 10, true);
	let at = view.getUint32(eocd + 16, true);
	let budget = MAX_UNPACKED_BYTES;
	for (let n = 0; n < entries; n++) {
		if (at + 46 > bytes.byteLength || view.getUint32(at, true) !== 0x02014b50) throw new LedgerFileError('unreadable');
		const method = view.getUint16(at + 10, true);
		const compressed = view.getUint32(at + 20, true);
		const declared = view.getUint32(at + 24, true);
		const local = view.getUint32(at + 42, true);
		if (compressed === 0xffffffff || declared === 0xffffffff || declared > budget) throw new LedgerFileError('too_large');
		if (local + 30 > bytes.byteLength || view.getUint32(local, true) !== 0x04034b50) throw new LedgerFileError('unreadable');
		const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
		const data = bytes.subarray(start, start + compressed);
		let size: number;
		if (method === 0) size = data.byteLength;
		else if (method === 8) {
			try {
				size = inflateRawSync(data, { maxOutputLength: budget }).byteLength;
			} catch (e) {
				throw new LedgerFileError((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too_large' : 'unreadable');
			}
		} else throw new LedgerFileError('unreadable');
		budget -= size;
		at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
	}
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
	checkUnpackedSize(bytes);
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
	} catch {
		throw new LedgerFileError('unreadable');
	}
	const sheet = workbook.worksheets[0];
	if (!sheet) throw new LedgerFileError('empty');
	if (sheet.rowCount > MAX_ROWS + 50) throw new LedgerFileError('too_many_rows');
	const out: string[][] = [];
	sheet.eachRow({ includeEmpty: false }, (row) => {
		const cells: string[] = [];
		for (let c = 1; c <= Math.min(row.cellCount, MAX_COLUMNS); c++) cells.push(cellText(row.getCell(c)));
		out.push(cells);
	});
	return out;
}

/** A cell as the spreadsheet shows it (a formula's result, rich text joined, dates as text). */
function cellText(cell: ExcelJS.Cell): string {
	try {
		return cell.text ?? '';
	} catch {
		return String(cell.value ?? '');
	}
}

function readCsv(bytes: Uint8Array): string[][] {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		// Not UTF-8: Excel and WPS on Chinese Windows save "CSV" in the system code page.
		text = new TextDecoder('gb18030').decode(bytes);
	}
	// Binary files (an old .xls, an image) and markup (HTML, SVG, XML saved as "CSV") are no table.
	if (text.includes('\u0000') || /^\s*</.test(text)) throw new LedgerFileError('unreadable');
	try {
		return parseCsv(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
	} catch {
		throw new LedgerFileError('unreadable');
	}
}

/** Fold full-width forms and spaces away: `ＳＰＣ－０６` → `SPC-06`, `社会政策 友好` → `社会政策友好`. */
function fold(text: string): string {
	return text.normalize('NFKC').replace(/[\s\u3000]+/g, '');
}

/** Header words that name each field (folded, lower case); the first matching column wins. */
const HEADER_WORDS: Record<Field, string[]> = {
	code: ['code', '编号', '序号', '代码', '目标编号'],
	category: ['category', '类别', '分类', '领域', '类型'],
	title_zh: ['title_zh', '中文', '目标', '任务', '工作任务', '目标任务', '内容', '名称'],
	title_en: ['title_en', 'english', '英文', 'title'],
	departments: ['departments', 'department', '责任部门', '责任单位', '牵头单位', '部门', '单位']
};

/**
 * Guess which column holds which field from the header cells (English or Chinese words, e.g.
 * `code`/`编号`, `category`/`类别`, `title_zh`/`目标任务`, `title_en`/`英文`, `departments`/`责任部门`).
 * Exact names win over contained words; a column is used for one field only.
 */
export function guessMapping(columns: string[]): Mapping {
	const folded = columns.map((c) => fold(c).toLowerCase());
	const used = new Set<number>();
	const mapping = Object.fromEntries(FIELDS.map((f) => [f, null])) as Mapping;
	for (const exact of [true, false]) {
		for (const field of FIELDS) {
			if (mapping[field] !== null) continue;
			for (const word of HEADER_WORDS[field]) {
				const i = folded.findIndex((c, n) => !used.has(n) && (exact ? c === word : c.includes(word)));
				if (i >= 0) {
					mapping[field] = i;
					used.add(i);
					break;
				}
			}
		}
	}
	return mapping;
}

/** The national framework's names of the five categories (and ours), as a ledger may write them. */
const CATEGORY_NAMES: Record<string, Category> = {
	社会政策友好: 'policy',
	公共服务友好: 'service',
	权利保障友好: 'rights',
	成长空间友好: 'space',
	发展环境友好: 'environment',
	社会政策: 'policy',
	公共服务: 'service',
	权利保障: 'rights',
	成长空间: 'space',
	发展环境: 'environment'
};

/**
 * A category from its code (`space`), its Chinese name (`成长空间友好`, also full-width, with
 * spaces, or with `儿童友好` around it) or its English name (`growth-space friendly`).
 * @returns the code, or null when it names none of the five
 */
export function parseCategory(text: string): Category | null {
	const t = fold(text).toLowerCase().replace(/^儿童/, '');
	if ((CATEGORIES as readonly string[]).includes(t)) return t as Category;
	if (CATEGORY_NAMES[t]) return CATEGORY_NAMES[t];
	const en = t.replace(/[-_]/g, '');
	for (const [words, c] of [
		['socialpolicy', 'policy'],
		['publicservice', 'service'],
		['rightsprotection', 'rights'],
		['growthspace', 'space'],
		['developmentenvironment', 'environment']
	] as const)
		if (en.startsWith(words)) return c;
	return null;
}

/** A goal code as the database keeps it: upper case, half-width (`spc－６` → `SPC-6` is still refused). */
export function normaliseCode(text: string): string {
	return fold(text).toUpperCase().replace(/[‐‑‒–—―－]/g, '-');
}

const CODE = /^[A-Z]{3}-[0-9]{2,3}$/;

/** The code prefix of each category's goals (as the seeded ledger's: POL-01, SPC-06, …). */
export const CODE_PREFIX: Record<Category, string> = { policy: 'POL', service: 'SRV', rights: 'RGT', space: 'SPC', environment: 'ENV' };

/** Department names in one cell: split on 、，,；; / and line breaks. */
export function splitDepartments(text: string): string[] {
	return [
		...new Set(
			text
				.split(/[、，,；;/／\n\r]+/)
				.map((d) => d.normalize('NFKC').trim())
				.filter((d) => d !== '')
		)
	];
}

export interface GoalRow {
	code: string;
	category: Category;
	title_zh: string;
	title_en: string;
	departments?: string[];
}

export type RowProblemCode =
	| 'code_missing'
	| 'code_invalid'
	| 'code_duplicate'
	| 'category_missing'
	| 'category_unknown'
	| 'title_zh_missing'
	| 'title_en_missing'
	| 'too_long'
	| 'departments_invalid';

export interface PreviewRow {
	/** 1-based position among the file's goal rows (non-empty rows after the header). */
	row: number;
	goal: Partial<GoalRow>;
	problems: RowProblemCode[];
}

/** The fields a mapping must give before anything can be imported. */
export const REQUIRED: Field[] = ['code', 'category', 'title_zh', 'title_en'];

/**
 * Turn the file's rows into goals by `mapping`, with every row's problems (missing or invalid
 * code, a code seen before, unknown category, missing titles, cells too long).
 *
 * @returns one PreviewRow per row, in file order; `goals` holds the rows without problems
 */
export function previewRows(rows: string[][], mapping: Mapping): { rows: PreviewRow[]; goals: GoalRow[] } {
	const seen = new Map<string, number>();
	const out: PreviewRow[] = [];
	const goals: GoalRow[] = [];
	rows.forEach((cells, i) => {
		const at = (f: Field) => (mapping[f] === null ? '' : (cells[mapping[f]!] ?? ''));
		const problems: RowProblemCode[] = [];
		const rawCategory = at('category');
		const category = rawCategory ? parseCategory(rawCategory) : null;
		const rawCode = at('code');
		let code = normaliseCode(rawCode);
		// A ledger numbered 1, 2, 3 (序号) gets codes from the category and the number: 6 in
		// `space` is SPC-06, the same at every re-import of the same numbering.
		if (/^[0-9]{1,3}$/.test(code) && category) code = `${CODE_PREFIX[category]}-${code.padStart(2, '0')}`;
		if (!code) problems.push('code_missing');
		else if (!CODE.test(code)) problems.push('code_invalid');
		else if (seen.has(code)) problems.push('code_duplicate');
		else seen.set(code, i);
		if (!rawCategory) problems.push('category_missing');
		else if (!category) problems.push('category_unknown');
		const title_zh = at('title_zh').trim();
		const title_en = at('title_en').trim();
		if (!title_zh) problems.push('title_zh_missing');
		if (!title_en) problems.push('title_en_missing');
		// Titles as the database allows them; a departments cell as any cell.
		if (title_zh.length > 1000 || title_en.length > 1000 || at('departments').length > MAX_CELL) problems.push('too_long');
		let departments: string[] | undefined;
		if (mapping.departments !== null) {
			departments = splitDepartments(at('departments'));
			if (departments.length > 20 || departments.some((d) => d.length > 200)) problems.push('departments_invalid');
		}
		const goal: Partial<GoalRow> = { code: code || rawCode, title_zh, title_en, ...(category ? { category } : {}), ...(departments ? { departments } : {}) };
		out.push({ row: i + 1, goal, problems });
		if (problems.length === 0) goals.push(goal as GoalRow);
	});
	return { rows: out, goals };
}
