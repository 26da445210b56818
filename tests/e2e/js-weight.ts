/**
 * The JavaScript a page makes the browser load, gzip: every script response of one page load,
 * each body gzipped at level 9 (what build/ precompresses) and summed. Used by the byte budget
 * test (light-pages.e2e.ts) and by `npm run bench:pages`.
 */
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';

/** Load `url` in `page` and sum the gzip size of the scripts it loads (bytes), with the files. */
export async function scriptBytes(page: Page, url: string): Promise<{ bytes: number; files: { url: string; bytes: number }[] }> {
	const pending: Promise<{ url: string; bytes: number } | null>[] = [];
	const onResponse = (response: import('@playwright/test').Response) => {
		if (response.request().resourceType() !== 'script') return;
		pending.push(
			response
				.body()
				.then((body) => ({ url: response.url(), bytes: gzipSync(body, { level: 9 }).length }))
				.catch(() => null)
		);
	};
	page.on('response', onResponse);
	try {
		await page.goto(url, { waitUntil: 'networkidle' });
		const files = (await Promise.all(pending)).filter((f): f is { url: string; bytes: number } => f !== null);
		return { bytes: files.reduce((sum, f) => sum + f.bytes, 0), files };
	} finally {
		page.off('response', onResponse);
	}
}

/** Issue 9 §6: every child page ≤ 50 KB of JavaScript, gzip (50,000 bytes). */
export const CHILD_PAGE_JS_BUDGET = 50_000;
