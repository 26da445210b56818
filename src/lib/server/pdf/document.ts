import fontkit from '@pdf-lib/fontkit';
import { inflateSync } from 'node:zlib';
import {
	concatTransformationMatrix, drawObject, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, popGraphicsState, pushGraphicsState, rgb,
	type PDFFont, type PDFPage
} from 'pdf-lib';
import { subsetFor } from './fonts';

/**
 * A small flowing-text writer over pdf-lib for the app's printed documents (consent letters, and
 * login cards later): A4 pages, a CJK font embedded as a subset of the document's own text,
 * headings, paragraphs and bullet lists that wrap (a Chinese line may break between any two
 * characters, a Latin one between words), and page breaks where text runs out of room.
 *
 * Usage: collect every string first (`PdfWriter.create(allText, meta)`), then write.
 */

/** A4 in PDF points (1/72 inch). */
export const A4 = { width: 595.28, height: 841.89 } as const;

export interface PdfMeta {
	title: string;
	/** BCP 47 language of the text, e.g. `zh-CN` (screen readers and search use it). */
	language: string;
	/** The margin on every side, in points (default 50 ≈ 18 mm). */
	margin?: number;
}

export interface TextStyle {
	size?: number;
	bold?: boolean;
	/** Extra space before the block, in points. */
	before?: number;
	/** Left indent, in points. */
	indent?: number;
	align?: 'left' | 'right';
}

const INK = rgb(0.12, 0.16, 0.2);

/** Characters after which a line may break without a space: CJK ideographs, kana, CJK punctuation, full-width forms. */
const BREAK_ANYWHERE = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/u;
/** Punctuation that must not start a line (kinsoku): it stays with the character before. */
const NO_LINE_START = /^[，。、；：？！）》」』】〕”’,.;:?!)\]}]/u;

export class PdfWriter {
	private page!: PDFPage;
	private y = 0;
	private readonly margin: number;

	private constructor(
		readonly doc: PDFDocument,
		private readonly regular: PDFFont,
		private readonly bold: PDFFont,
		meta: PdfMeta
	) {
		this.margin = meta.margin ?? 50;
		this.newPage();
	}

	/**
	 * A new document whose fonts hold exactly the glyphs of `text`.
	 *
	 * @param text every string the document will draw (any weight)
	 */
	static async create(text: string, meta: PdfMeta): Promise<PdfWriter> {
		const doc = await PDFDocument.create();
		doc.registerFontkit({ create: (data: Uint8Array) => cidAddressed(fontkit.create(data)) } as unknown as typeof fontkit);
		doc.setTitle(meta.title, { showInWindowTitleBar: true });
		doc.setLanguage(meta.language);
		doc.setCreator('Child Voice');
		doc.setProducer('Child Voice (pdf-lib)');
		const [regularBytes, boldBytes] = await Promise.all([subsetFor('regular', text), subsetFor('bold', text)]);
		// Already subset (see fonts.ts): embedded whole, so pdf-lib's own subsetting never runs.
		// No ligatures: a reader copying "fill in" gets the letters, and spacing stays even.
		const features = { liga: false, clig: false, dlig: false };
		const regular = await doc.embedFont(regularBytes, { subset: false, features });
		const bold = await doc.embedFont(boldBytes, { subset: false, features });
		return new PdfWriter(doc, regular, bold, meta);
	}

	/** Width available for text, in points. */
	get width(): number {
		return A4.width - 2 * this.margin;
	}

	/** Start a new page; the cursor goes to its top margin. */
	newPage(): void {
		this.page = this.doc.addPage([A4.width, A4.height]);
		this.y = A4.height - this.margin;
	}

	/** Room left on this page, in points. */
	get room(): number {
		return this.y - this.margin;
	}

	/** Break the page unless `height` points still fit. */
	ensureRoom(height: number): void {
		if (this.room < height) this.newPage();
	}

	/** Move down by `points`. */
	space(points: number): void {
		this.y -= points;
	}

	/**
	 * Lines of `text` that fit `maxWidth` at `size`: breaks between words, or between any two
	 * CJK characters, never before closing punctuation; an explicit "\n" starts a new line.
	 */
	wrap(text: string, size: number, maxWidth: number, bold = false): string[] {
		const font = bold ? this.bold : this.regular;
		const lines: string[] = [];
		for (const paragraph of text.split('\n')) {
			// Tokens: a run of non-space Latin, a single CJK character, or spaces.
			const tokens = paragraph.match(/[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]|\s+|[^\s\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]+/gu) ?? [''];
			let line = '';
			for (const token of tokens) {
				const candidate = line + token;
				if (line === '' || font.widthOfTextAtSize(candidate.trimEnd(), size) <= maxWidth || NO_LINE_START.test(token)) {
					line = line === '' ? token.trimStart() : candidate;
					continue;
				}
				lines.push(line.trimEnd());
				line = token.trimStart();
			}
			lines.push(line.trimEnd());
		}
		return lines;
	}

	/** A block of wrapped text at the cursor; breaks the page between lines when needed. */
	text(text: string, style: TextStyle = {}): void {
		const size = style.size ?? 11;
		const indent = style.indent ?? 0;
		const font = style.bold ? this.bold : this.regular;
		const lineHeight = size * 1.55;
		if (style.before) this.space(style.before);
		for (const line of this.wrap(text, size, this.width - indent, style.bold)) {
			this.ensureRoom(lineHeight);
			this.y -= lineHeight;
			const x =
				style.align === 'right' ? A4.width - this.margin - font.widthOfTextAtSize(line, size) : this.margin + indent;
			this.page.drawText(line, { x, y: this.y + size * 0.35, size, font, color: INK });
		}
	}

	/** A bullet list item: a round bullet in the margin, the text indented beside it. */
	bullet(text: string, style: TextStyle = {}): void {
		const size = style.size ?? 11;
		const left = style.indent ?? 0;
		if (style.before) this.space(style.before);
		// The first line fits here, so the bullet and its line share a page.
		this.ensureRoom(size * 1.55);
		const baseline = this.y - size * 1.55 + size * 0.35;
		this.page.drawCircle({ x: this.margin + left + size * 0.5, y: baseline + size * 0.33, size: size * 0.14, color: INK });
		this.text(text, { ...style, before: 0, indent: left + size * 1.4 });
	}

	/** A dashed line across the text width (a cut line), with an optional label after a gap. */
	dashedLine(label?: string, size = 9): void {
		this.space(size * 1.2);
		this.page.drawLine({
			start: { x: this.margin, y: this.y },
			end: { x: A4.width - this.margin, y: this.y },
			thickness: 0.8,
			dashArray: [4, 3],
			color: INK
		});
		if (label) {
			const labelWidth = this.regular.widthOfTextAtSize(label, size);
			this.page.drawRectangle({ x: this.margin + 12, y: this.y - size * 0.6, width: labelWidth + 8, height: size * 1.2, color: rgb(1, 1, 1) });
			this.page.drawText(label, { x: this.margin + 16, y: this.y - size * 0.35, size, font: this.regular, color: INK });
		}
	}

	/** Width of `text` at `size` points, in points. */
	widthOf(text: string, size: number, bold = false): number {
		return (bold ? this.bold : this.regular).widthOfTextAtSize(text, size);
	}

	/** The largest size up to `size` at which `text` fits `maxWidth` (never below 6 points). */
	fitSize(text: string, size: number, maxWidth: number, bold = false): number {
		const width = this.widthOf(text, size, bold);
		return width <= maxWidth ? size : Math.max(6, Math.floor((size * maxWidth) / width * 10) / 10);
	}

	/** One line of text with its baseline at (x, y), in points from the page's bottom left; no wrapping. */
	textAt(text: string, x: number, y: number, style: { size?: number; bold?: boolean } = {}): void {
		const size = style.size ?? 11;
		this.page.drawText(text, { x, y, size, font: style.bold ? this.bold : this.regular, color: INK });
	}

	/** A rectangle's outline; dashed for a cut line. */
	box(x: number, y: number, width: number, height: number, dashed = false): void {
		this.page.drawRectangle({
			x, y, width, height, borderColor: INK, borderWidth: 0.6, ...(dashed ? { borderDashArray: [4, 3] } : {})
		});
	}

	/**
	 * A greyscale image, one byte a pixel (0 black … 255 white), row by row from the top, drawn in
	 * the box (x, y, width, height) without smoothing: a QR code's modules stay sharp squares at
	 * any print size.
	 */
	grayImage(pixels: Uint8Array, columns: number, rows: number, x: number, y: number, width: number, height: number): void {
		const stream = this.doc.context.flateStream(pixels, {
			Type: 'XObject', Subtype: 'Image', Width: columns, Height: rows, ColorSpace: 'DeviceGray', BitsPerComponent: 8,
			Interpolate: false
		});
		const name = this.page.node.newXObject('Image', this.doc.context.register(stream));
		this.page.pushOperators(pushGraphicsState(), concatTransformationMatrix(width, 0, 0, height, x, y), drawObject(name), popGraphicsState());
	}

	/** The finished PDF file. */
	async save(): Promise<Uint8Array> {
		// Fonts are written into the file on flush; relabel them after.
		await this.doc.flush();
		bareCffFontFiles(this.doc);
		return this.doc.save({ useObjectStreams: true });
	}
}

/** The parts of a fontkit CID-keyed CFF table read here. */
interface CffTable {
	isCIDFont: boolean;
	topDict: { charset?: { version: number; glyphs?: number[]; ranges?: { first: number; nLeft: number }[] } };
}

/**
 * Noto Sans SC is a CID-keyed OpenType/CFF font, where a PDF reader finds a glyph by its CID
 * (through the font's charset), not by its glyph index. pdf-lib writes glyph indices and, not
 * seeing the CFF table, labels the font TrueType (CIDFontType2 / FontFile2), which only lenient
 * readers accept. This wraps the fontkit font pdf-lib is given so that every glyph's `id` is its
 * CID and `cff` is present: pdf-lib then writes CIDs in the text, the widths and the ToUnicode
 * map, and labels the font CIDFontType0 / FontFile3 (relabelled OpenType on save).
 */
function cidAddressed<F extends object>(font: F): F {
	const cff = (font as Record<string, unknown>)['CFF '] as CffTable | undefined;
	const charset = cff?.isCIDFont ? cff.topDict.charset : undefined;
	if (!cff || !charset) return font;
	const cidOf = (gid: number): number => {
		if (gid === 0) return 0;
		if (charset.glyphs) return charset.glyphs[gid - 1] ?? gid;
		let first = 1;
		for (const range of charset.ranges ?? []) {
			if (gid < first + range.nLeft + 1) return range.first + (gid - first);
			first += range.nLeft + 1;
		}
		return gid;
	};
	const glyph = <G extends { id: number }>(g: G): G =>
		new Proxy(g, { get: (target, prop) => (prop === 'id' ? cidOf(target.id) : Reflect.get(target, prop, target)) });
	return new Proxy(font, {
		get(target, prop) {
			if (prop === 'cff') return cff;
			const value = Reflect.get(target, prop, target);
			if (prop === 'glyphForCodePoint') return (codePoint: number) => glyph((value as (c: number) => { id: number }).call(target, codePoint));
			if (prop === 'layout') {
				return (text: string, features?: unknown) => {
					const run = (value as (t: string, f?: unknown) => { glyphs: { id: number }[] }).call(target, text, features);
					return new Proxy(run, { get: (r, p) => (p === 'glyphs' ? r.glyphs.map(glyph) : Reflect.get(r, p, r)) });
				};
			}
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
}

/**
 * pdf-lib embeds the whole OpenType file under `FontFile3 /Subtype /CIDFontType0C`, which means a
 * bare CFF table: each such stream is replaced by the CFF table of the (already subset) OpenType
 * file, so every reader finds what the label says.
 */
function bareCffFontFiles(doc: PDFDocument): void {
	for (const [, object] of doc.context.enumerateIndirectObjects()) {
		if (!(object instanceof PDFDict)) continue;
		const ref = object.get(PDFName.of('FontFile3'));
		const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : undefined;
		if (!(stream instanceof PDFRawStream) || stream.dict.get(PDFName.of('Subtype')) !== PDFName.of('CIDFontType0C')) continue;
		const compressed = stream.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode');
		const sfnt = compressed ? inflateSync(stream.contents) : Buffer.from(stream.contents);
		const cff = sfntTable(sfnt, 'CFF ');
		if (!cff) continue;
		const replacement = doc.context.flateStream(cff, { Subtype: 'CIDFontType0C' });
		doc.context.assign(ref as PDFRef, replacement);
	}
}

/** One table of an OpenType (sfnt) file, by tag; undefined when it has none. */
function sfntTable(sfnt: Uint8Array, tag: string): Uint8Array | undefined {
	const view = new DataView(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength);
	const tables = view.getUint16(4);
	for (let i = 0; i < tables; i++) {
		const at = 12 + 16 * i;
		if (String.fromCharCode(...sfnt.subarray(at, at + 4)) !== tag) continue;
		const offset = view.getUint32(at + 8);
		const length = view.getUint32(at + 12);
		return sfnt.slice(offset, offset + length);
	}
	return undefined;
}
