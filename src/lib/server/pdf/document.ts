import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
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
		doc.registerFontkit(fontkit);
		doc.setTitle(meta.title, { showInWindowTitleBar: true });
		doc.setLanguage(meta.language);
		doc.setCreator('Child Voice');
		doc.setProducer('Child Voice (pdf-lib)');
		const [regularBytes, boldBytes] = await Promise.all([subsetFor('regular', text), subsetFor('bold', text)]);
		// Already subset (see fonts.ts): embedded whole, so pdf-lib's own subsetting never runs.
		const regular = await doc.embedFont(regularBytes, { subset: false });
		const bold = await doc.embedFont(boldBytes, { subset: false });
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

	/** The finished PDF file. */
	async save(): Promise<Uint8Array> {
		return this.doc.save({ useObjectStreams: true });
	}
}
