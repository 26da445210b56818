import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import subsetFont from 'subset-font';

/**
 * The CJK font the app's PDFs embed: Noto Sans SC ("Noto Sans Hans", SIL Open Font License 1.1)
 * as OpenType/CFF files from the npm package @embedpdf/fonts-sc, so a fresh clone or CI has it
 * after `npm ci` and nothing comes from the operating system. It covers GB2312 Chinese and Latin.
 *
 * Each PDF embeds a subset holding only the glyphs of its own text, made with HarfBuzz's
 * hb-subset (subset-font): a letter is a few dozen KiB instead of 8 MiB. pdf-lib's own
 * `subset: true` goes through fontkit's CFF subsetter, whose output for these CID-keyed fonts
 * PDF readers reject ("Embedded font file may be invalid"), so the subset is made here, and
 * document.ts embeds its CFF table addressed by CID (checked with poppler and Ghostscript).
 */

export type FontWeight = 'regular' | 'bold';

const FILES: Record<FontWeight, string> = {
	regular: 'NotoSansHans-Regular.otf',
	bold: 'NotoSansHans-Bold.otf'
};

const cache = new Map<FontWeight, Promise<Buffer>>();

/** The directory of the package's font files (its `exports` name no file, so from its entry). */
function fontDirectory(): string {
	const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
	return path.join(path.dirname(entry), '..', 'fonts');
}

/** The whole font file of a weight, read once per process (about 8 MiB each). */
export function fontFile(weight: FontWeight): Promise<Buffer> {
	let file = cache.get(weight);
	if (!file) {
		// A Buffer: subset-font detects the format with Buffer methods.
		file = readFile(path.join(fontDirectory(), FILES[weight]));
		file.catch(() => cache.delete(weight));
		cache.set(weight, file);
	}
	return file;
}

/**
 * An OpenType font of `weight` holding the glyphs of `text` (and nothing else), for embedding.
 *
 * @param text every character the document will draw in this weight; duplicates are harmless
 * @returns the subset font file (OpenType with CFF outlines)
 */
export async function subsetFor(weight: FontWeight, text: string): Promise<Uint8Array> {
	// A space and the digits are always there, so page numbers never miss a glyph.
	const chars = [...new Set(`${text} 0123456789`)].join('');
	return new Uint8Array(await subsetFont(await fontFile(weight), chars, { targetFormat: 'sfnt' }));
}
