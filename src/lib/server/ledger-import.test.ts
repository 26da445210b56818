import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	guessMapping,
	LedgerFileError,
	MAX_FILE_BYTES,
	MAX_ROWS,
	normaliseCode,
	parseCategory,
	previewRows,
	readLedgerFile,
	splitDepartments,
	type Mapping
} from './ledger-import';

const ledgerCsv = readFileSync(new URL('../../../tests/fixtures/data/ledger-2023.csv', import.meta.url));

async function xlsx(rows: (string | number | null)[][]): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const sheet = wb.addWorksheet('台账');
	for (const r of rows) sheet.addRow(r);
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function problem(bytes: Uint8Array): Promise<string | null> {
	try {
		await readLedgerFile(bytes);
		return null;
	} catch (e) {
		if (e instanceof LedgerFileError) return e.problem;
		throw e;
	}
}

describe('reading a ledger file', () => {
	it("reads the city's CSV (the 28 known goals) with its header, mapped by name, without a problem", async () => {
		const file = await readLedgerFile(ledgerCsv);
		expect(file.columns).toEqual(['edition', 'category', 'code', 'title_en', 'title_zh']);
		expect(file.rows).toHaveLength(28);
		const mapping = guessMapping(file.columns);
		expect(mapping).toEqual({ code: 2, category: 1, title_zh: 4, title_en: 3, departments: null });
		const { rows, goals } = previewRows(file.rows, mapping);
		expect(rows.filter((r) => r.problems.length)).toEqual([]);
		expect(goals.map((g) => g.code)).toContain('SRV-02');
		expect(goals.find((g) => g.code === 'POL-01')!.title_en).toMatch(/^Children's consultation and deliberation: "street housekeeper"/);
	});

	it('reads UTF-8 with a BOM and GB18030 (as Excel and WPS save Chinese CSV) to the same cells', async () => {
		const text = '编号,类别,目标任务,英文,责任单位\r\nSPC-06,成长空间友好,建设口袋公园,Pocket parks,市园林绿化局、市规划自然资源委\r\n';
		const utf8 = await readLedgerFile(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]));
		const gb = gb18030(text);
		const fromGb = await readLedgerFile(gb);
		expect(utf8.columns).toEqual(['编号', '类别', '目标任务', '英文', '责任单位']);
		expect(fromGb).toEqual(utf8);
		const { goals } = previewRows(utf8.rows, guessMapping(utf8.columns));
		expect(goals).toEqual([
			{ code: 'SPC-06', category: 'space', title_zh: '建设口袋公园', title_en: 'Pocket parks', departments: ['市园林绿化局', '市规划自然资源委'] }
		]);
	});

	it('reads the first worksheet of an XLSX as displayed (numbers and formulas as text)', async () => {
		const bytes = await xlsx([
			['序号', '类别', '目标任务', 'English', '牵头单位'],
			[6, '成长空间友好', '建设口袋公园', 'Pocket parks', '市园林绿化局'],
			[null, null, null, null, null],
			[12, '公共服务友好', '新增学位', '20,000 new school places', '市教委']
		]);
		const file = await readLedgerFile(bytes);
		expect(file.rows).toEqual([
			['6', '成长空间友好', '建设口袋公园', 'Pocket parks', '市园林绿化局'],
			['12', '公共服务友好', '新增学位', '20,000 new school places', '市教委']
		]);
		// A ledger numbered 1, 2, 3 gets codes from category and number.
		expect(previewRows(file.rows, guessMapping(file.columns)).goals.map((g) => g.code)).toEqual(['SPC-06', 'SRV-12']);
	});

	it('refuses before parsing: a file over the size limit, a zip that unpacks to too much, too many rows, no rows, and bytes that are no table', async () => {
		expect(await problem(new Uint8Array(MAX_FILE_BYTES + 1))).toBe('too_large');
		expect(await problem(zipDeclaring(2 ** 31))).toBe('too_large');
		// One that lies: 30 MB of spaces declared as 5,000 bytes is caught while inflating, capped.
		expect(await problem(zipLying(30 * 1024 * 1024, 5000))).toBe('too_large');
		expect(await problem(new TextEncoder().encode('code,category\n' + 'SPC-01,space\n'.repeat(MAX_ROWS + 1)))).toBe('too_many_rows');
		expect(await problem(new TextEncoder().encode('code,category,title_zh,title_en\n'))).toBe('empty');
		expect(await problem(new TextEncoder().encode(''))).toBe('empty');
		expect(await problem(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]))).toBe('unreadable');
		expect(await problem(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0, 1, 2]))).toBe('unreadable');
		// Markup saved under a spreadsheet's name, and an old binary .xls (OLE compound file).
		for (const markup of ['<svg><script>alert(1)</script></svg>', '\ufeff<html><body><table><tr><td>SPC-01</td></tr></table></body></html>', ' <?xml version="1.0"?>\n<a/>'])
			expect(await problem(new TextEncoder().encode(markup)), markup).toBe('unreadable');
		expect(await problem(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]))).toBe('unreadable');
	});

	it('cells the database could not hold are cleaned: NUL and other controls dropped, half surrogate pairs replaced; long headers cut', async () => {
		const file = await readLedgerFile(
			await xlsx([
				['code'.padEnd(5000, 'x'), 'category', 'title_zh', 'title_en'],
				['SPC-01', 'space', 'a_x0000_b', 'c_xD800_d']
			])
		);
		expect(file.columns[0]).toHaveLength(200);
		expect(file.rows[0]!.slice(2)).toEqual(['ab', 'c\ufffdd']);
		expect(JSON.stringify(file)).not.toMatch(/\\u0000|\\ud800/);
	});

	it('any bytes end as cells or a file problem, never another error', async () => {
		await fc.assert(
			fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
				const p = await problem(bytes);
				expect(p === null || ['unreadable', 'empty', 'too_large', 'too_many_rows'].includes(p)).toBe(true);
			}),
			{ numRuns: 200 }
		);
	});
});

describe('categories, codes and departments as ledgers write them', () => {
	it.each([
		['policy', 'policy'],
		['SPACE', 'space'],
		['社会政策友好', 'policy'],
		['公共服务友好', 'service'],
		['权利保障友好', 'rights'],
		['成长空间友好', 'space'],
		['发展环境友好', 'environment'],
		[' 成长空间 友好 ', 'space'],
		['成长空间\u3000友好', 'space'],
		['儿童成长空间友好', 'space'],
		['ｓｐａｃｅ', 'space'],
		['growth-space friendly', 'space'],
		['Development-environment friendly', 'environment'],
		['发展环境', 'environment']
	])('%s is %s', (text, category) => {
		expect(parseCategory(text)).toBe(category);
	});

	it.each(['', '空间', 'parks', '社会', 'police'])('%j is no category', (text) => {
		expect(parseCategory(text)).toBeNull();
	});

	it('codes are folded to half-width upper case', () => {
		expect(normaliseCode(' ｓｐｃ－０６ ')).toBe('SPC-06');
		expect(normaliseCode('env—12')).toBe('ENV-12');
	});

	it('departments split on Chinese and Latin separators, once each', () => {
		expect(splitDepartments('市教委、市卫生健康委，市体育局;市教委\n区政府／街道')).toEqual(['市教委', '市卫生健康委', '市体育局', '区政府', '街道']);
		expect(splitDepartments('  ')).toEqual([]);
	});
});

describe('preview', () => {
	const mapping: Mapping = { code: 0, category: 1, title_zh: 2, title_en: 3, departments: 4 };
	it("lists every row's problems and keeps only clean rows as goals", () => {
		const { rows, goals } = previewRows(
			[
				['SPC-06', 'space', '口袋公园', 'Pocket parks', '市园林绿化局'],
				['', 'space', '无编号', 'No code', ''],
				['SPC-6X', 'space', '坏编号', 'Bad code', ''],
				['spc-06', 'space', '重复', 'Duplicate', ''],
				['SPC-07', '', '无类别', 'No category', ''],
				['SPC-08', '公园', '未知类别', 'Unknown category', ''],
				['SPC-09', 'space', '', '', ''],
				['SPC-10', 'space', 'x'.repeat(1001), 'Too long', ''],
				['SPC-11', 'space', '部门太多', 'Too many departments', Array.from({ length: 21 }, (_, i) => `部门${i}`).join('、')]
			],
			mapping
		);
		expect(rows.map((r) => [r.row, r.problems])).toEqual([
			[1, []],
			[2, ['code_missing']],
			[3, ['code_invalid']],
			[4, ['code_duplicate']],
			[5, ['category_missing']],
			[6, ['category_unknown']],
			[7, ['title_zh_missing', 'title_en_missing']],
			[8, ['too_long']],
			[9, ['departments_invalid']]
		]);
		expect(goals.map((g) => g.code)).toEqual(['SPC-06']);
	});

	it('a field that is not mapped is missing on every row; departments are optional', () => {
		const { rows } = previewRows([['SPC-06', 'space', '口袋公园', 'Pocket parks']], { ...mapping, title_en: null, departments: null });
		expect(rows[0]!.problems).toEqual(['title_en_missing']);
		expect(rows[0]!.goal.departments).toBeUndefined();
	});
});

/** A ZIP of one deflated entry of `size` spaces whose headers declare `declared` bytes. */
function zipLying(size: number, declared: number): Uint8Array {
	const data = deflateRawSync(Buffer.alloc(size, 0x20));
	const name = new TextEncoder().encode('xl/worksheets/sheet1.xml');
	const local = new Uint8Array(30 + name.length);
	const lv = new DataView(local.buffer);
	lv.setUint32(0, 0x04034b50, true);
	lv.setUint16(8, 8, true);
	lv.setUint32(18, data.length, true);
	lv.setUint32(22, declared, true);
	lv.setUint16(26, name.length, true);
	local.set(name, 30);
	const central = new Uint8Array(46 + name.length);
	const cv = new DataView(central.buffer);
	cv.setUint32(0, 0x02014b50, true);
	cv.setUint16(10, 8, true);
	cv.setUint32(20, data.length, true);
	cv.setUint32(24, declared, true);
	cv.setUint16(28, name.length, true);
	cv.setUint32(42, 0, true);
	central.set(name, 46);
	const end = new Uint8Array(22);
	const ev = new DataView(end.buffer);
	ev.setUint32(0, 0x06054b50, true);
	ev.setUint16(8, 1, true);
	ev.setUint16(10, 1, true);
	ev.setUint32(12, central.length, true);
	ev.setUint32(16, local.length + data.length, true);
	return new Uint8Array([...local, ...data, ...central, ...end]);
}

/** A ZIP whose only central-directory entry declares `size` uncompressed bytes. */
function zipDeclaring(size: number): Uint8Array {
	const name = new TextEncoder().encode('xl/sheet1.xml');
	const local = new Uint8Array(30 + name.length);
	const lv = new DataView(local.buffer);
	lv.setUint32(0, 0x04034b50, true);
	local.set(name, 30);
	const central = new Uint8Array(46 + name.length);
	const cv = new DataView(central.buffer);
	cv.setUint32(0, 0x02014b50, true);
	cv.setUint32(24, Math.min(size, 0xfffffffe), true);
	cv.setUint16(28, name.length, true);
	central.set(name, 46);
	const end = new Uint8Array(22);
	const ev = new DataView(end.buffer);
	ev.setUint32(0, 0x06054b50, true);
	ev.setUint16(8, 1, true);
	ev.setUint16(10, 1, true);
	ev.setUint32(12, central.length, true);
	ev.setUint32(16, local.length, true);
	return new Uint8Array([...local, ...central, ...end]);
}

/**
 * GB18030 bytes of `text` (CJK characters and ASCII only), found by searching the two-byte space
 * with the platform's GB18030 decoder — Node has no GB18030 encoder, and the test must not trust
 * the code under test to produce its own input.
 */
function gb18030(text: string): Uint8Array {
	const decoder = new TextDecoder('gb18030');
	const table = new Map<string, [number, number]>();
	for (let a = 0x81; a <= 0xfe; a++)
		for (let b = 0x40; b <= 0xfe; b++) {
			if (b === 0x7f) continue;
			const ch = decoder.decode(new Uint8Array([a, b]));
			if (ch.length === 1 && !table.has(ch)) table.set(ch, [a, b]);
		}
	const out: number[] = [];
	for (const ch of text) {
		const code = ch.codePointAt(0)!;
		if (code < 0x80) out.push(code);
		else {
			const pair = table.get(ch);
			if (!pair) throw new Error(`no GB18030 two-byte code for ${ch}`);
			out.push(...pair);
		}
	}
	return new Uint8Array(out);
}
