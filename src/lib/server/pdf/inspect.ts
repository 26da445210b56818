import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';

/**
 * What a PDF made by PdfWriter holds, read back with pdf-lib: for tests (of this helper, the
 * consent letter and, later, login cards) that check a file is a real PDF with its font embedded
 * and its text present, without any PDF tool of the operating system.
 */
export interface PdfFacts {
	pages: number;
	title: string | undefined;
	/** BaseFont names of the embedded Type0 fonts. */
	fonts: string[];
	/** Bytes of each embedded font program (FontFile / FontFile2 / FontFile3), as stored. */
	embeddedFontBytes: number[];
	/**
	 * Per embedded font: `<CIDFont subtype> <font file key>/<its Subtype> <what the program is>`,
	 * e.g. `CIDFontType0 FontFile3/CIDFontType0C cff` (a bare CFF table, as that label means) —
	 * `opentype` when the program is a whole OpenType file, `truetype` for glyf outlines.
	 */
	fontPrograms: string[];
	/** Every character the fonts' ToUnicode maps declare: the text a reader can extract. */
	characters: Set<string>;
	/** Greyscale 8-bit images (as PdfWriter.grayImage draws them), decoded: one byte a pixel. */
	grayImages: { width: number; height: number; pixels: Uint8Array }[];
}

function decoded(stream: PDFRawStream): Uint8Array {
	const filter = stream.dict.get(PDFName.of('Filter'));
	return filter === PDFName.of('FlateDecode') ? inflateSync(stream.contents) : stream.contents;
}

export async function inspectPdf(bytes: Uint8Array): Promise<PdfFacts> {
	const doc = await PDFDocument.load(bytes, { updateMetadata: false });
	const lookup = (o: PDFObject | undefined) => (o instanceof PDFRef ? doc.context.lookup(o) : o);
	const fonts: string[] = [];
	const embeddedFontBytes: number[] = [];
	const fontPrograms: string[] = [];
	const characters = new Set<string>();
	const grayImages: PdfFacts['grayImages'] = [];
	for (const [, object] of doc.context.enumerateIndirectObjects()) {
		if (
			object instanceof PDFRawStream &&
			object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image') &&
			object.dict.get(PDFName.of('ColorSpace')) === PDFName.of('DeviceGray')
		) {
			const width = Number(String(object.dict.get(PDFName.of('Width'))));
			const height = Number(String(object.dict.get(PDFName.of('Height'))));
			grayImages.push({ width, height, pixels: decoded(object) });
			continue;
		}
		if (!(object instanceof PDFDict) || object.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
		fonts.push(String(object.get(PDFName.of('BaseFont'))).replace(/^\//, ''));
		const descendant = lookup((lookup(object.get(PDFName.of('DescendantFonts'))) as PDFArray).get(0)) as PDFDict;
		const descriptor = lookup(descendant.get(PDFName.of('FontDescriptor'))) as PDFDict;
		for (const key of ['FontFile', 'FontFile2', 'FontFile3']) {
			const file = lookup(descriptor.get(PDFName.of(key)));
			if (!(file instanceof PDFRawStream)) continue;
			embeddedFontBytes.push(file.contents.length);
			const head = decoded(file).subarray(0, 4);
			const kind = String.fromCharCode(...head) === 'OTTO' ? 'opentype' : head[0] === 1 && head[1] === 0 ? 'cff' : 'truetype';
			const label = String(file.dict.get(PDFName.of('Subtype')) ?? '').replace(/^\//, '');
			fontPrograms.push(`${String(descendant.get(PDFName.of('Subtype'))).replace(/^\//, '')} ${key}/${label} ${kind}`);
		}
		const toUnicode = lookup(object.get(PDFName.of('ToUnicode')));
		if (toUnicode instanceof PDFRawStream) {
			const cmap = new TextDecoder().decode(decoded(toUnicode));
			// bfchar / bfrange destinations: <XXXX> UTF-16BE code units after a source code.
			for (const m of cmap.matchAll(/<[0-9a-fA-F]+>\s*<([0-9a-fA-F]{4,})>/g)) {
				const hex = m[1]!;
				const units: number[] = [];
				for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
				characters.add(String.fromCharCode(...units));
			}
		}
	}
	return { pages: doc.getPageCount(), title: doc.getTitle(), fonts, embeddedFontBytes, fontPrograms, characters, grayImages };
}

/**
 * Decode a QR code drawn as a greyscale image (one pixel a module, as PdfFacts.grayImages holds
 * it), scaled up as a scanner would see it, with jsQR (tests only: jsqr is a dev dependency).
 *
 * @returns the text it holds, or null when it does not decode
 */
export function decodeGrayQr(image: { width: number; height: number; pixels: Uint8Array }, scale = 6): string | null {
	const width = image.width * scale;
	const height = image.height * scale;
	const rgba = new Uint8ClampedArray(width * height * 4);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const v = image.pixels[Math.floor(y / scale) * image.width + Math.floor(x / scale)]!;
			rgba.set([v, v, v, 255], (y * width + x) * 4);
		}
	}
	return jsQR(rgba, width, height)?.data ?? null;
}
