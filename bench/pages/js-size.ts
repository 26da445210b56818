/**
 * JavaScript per page of the production build, gzip: what a browser loads for a page's first
 * visit (SvelteKit's client entry, then the page's layouts and leaf with their static imports,
 * as the server lists them in each node's `imports` and preloads them), each file once.
 *
 * Read from `.svelte-kit/output` (written by `vite build`, the same files adapter-node copies to
 * `build/`). Used by the byte budget test (tests/e2e/light-pages.e2e.ts) and by
 * `npm run bench:pages`. Sizes are gzip level 9 of each file (what build/ precompresses).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** A page's JavaScript: the files and the sum of their gzip sizes (bytes). */
export interface PageJs {
	routeId: string;
	files: string[];
	gzipBytes: number;
}

const listOf = (text: string) => [...text.matchAll(/"([^"]+\.js)"/g)].map((m) => m[1]!);

/**
 * The JavaScript of every page route in the build under `root` (the project directory).
 * @throws when there is no build (run `npm run build` first)
 */
export function pageJs(root: string): PageJs[] {
	const out = path.join(root, '.svelte-kit', 'output');
	const manifest = readFileSync(path.join(out, 'server', 'manifest.js'), 'utf8');
	const client = /client: \{start:"([^"]+)",app:"([^"]+)",imports:\[([^\]]*)\]/.exec(manifest);
	if (!client) throw new Error('no client entry in the server manifest: is this a SvelteKit build?');
	const entry = [client[1]!, client[2]!, ...listOf(client[3]!)];
	const nodeImports = (n: number) => {
		const text = readFileSync(path.join(out, 'server', 'nodes', `${n}.js`), 'utf8');
		const m = /export const imports = \[([^\]]*)\]/.exec(text);
		return m ? listOf(m[1]!) : [];
	};
	const sizes = new Map<string, number>();
	const size = (file: string) => {
		let s = sizes.get(file);
		if (s === undefined) {
			s = gzipSync(readFileSync(path.join(out, 'client', file)), { level: 9 }).length;
			sizes.set(file, s);
		}
		return s;
	};
	const pages: PageJs[] = [];
	// One piece per route: from its `id: "…"` to the next one.
	for (const piece of manifest.split(/\bid: "/).slice(1)) {
		const id = piece.slice(0, piece.indexOf('"'));
		const m = /page: \{ layouts: \[([^\]]*)\], errors: \[[^\]]*\], leaf: (\d+) \}/.exec(piece);
		if (!m) continue; // an endpoint
		const nodes = [...m[1]!.split(',').filter((x) => x !== '').map(Number), Number(m[2])];
		const files = [...new Set([...entry, ...nodes.flatMap(nodeImports)])];
		pages.push({ routeId: id, files, gzipBytes: files.reduce((sum, f) => sum + size(f), 0) });
	}
	return pages;
}

/** The budget of issue 9 §6 for every child page, in bytes of gzip JavaScript. */
export const CHILD_PAGE_JS_BUDGET = 50_000;

/** The pages children use: their own group, and the public pages they start from. */
export function isChildPage(routeId: string): boolean {
	return routeId.startsWith('/(child)/') || ['/(public)', '/(public)/sign-in', '/(public)/help', '/(public)/privacy'].includes(routeId);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const root = path.resolve(import.meta.dirname, '..', '..');
	for (const p of pageJs(root).sort((a, b) => b.gzipBytes - a.gzipBytes)) {
		console.log(`${(p.gzipBytes / 1000).toFixed(1).padStart(6)} kB  ${isChildPage(p.routeId) ? '*' : ' '} ${p.routeId}`);
	}
}
