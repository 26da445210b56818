/**
 * `npm run bench:pages`: how light the children's pages are (issue 9 §6), on the production build.
 *
 * Starts its own local stack (`cli.ts stack`) and the production build (`node server.js`, which
 * compresses as deployed), signs in as demo children (DEMO52 no. 1, 10–13, and DEMO21 no. 1,
 * 6–9), then for every page a child uses:
 *   1. the JavaScript the page loads, gzip (tests/e2e/js-weight.ts: every script response of one
 *      page load in Chromium, gzipped at level 9) against the budget of 50 KB;
 *   2. Lighthouse 12.2.3 (mobile: its default Moto G Power emulation with simulated slow 4G and
 *      4× CPU slowdown), performance and accessibility: the scores and LCP, median of BENCH_RUNS runs,
 *      signed in through the session cookie (extraHeaders).
 * Prints a table; BENCHMARKS.md ("Children's pages") records a run. Never part of `npm test`.
 *
 * Options: --no-build (use the existing build/); env CV_DB_PORT / CV_API_PORT / CV_APP_PORT
 * (defaults 54372 / 54371 / 4195), CHROME_PATH (default /usr/bin/chromium), BENCH_RUNS (3).
 */
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { BAND_DEMO_CLASSES, DEMO_ACCOUNTS, DEMO_CLASS } from '../../supabase/local/demo-accounts.ts';
import { CHILD_PAGE_JS_BUDGET, scriptBytes } from '../../tests/e2e/js-weight.ts';
import { processes, waitFor } from '../processes.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const ports = {
	db: process.env.CV_DB_PORT ?? '54372',
	api: process.env.CV_API_PORT ?? '54371',
	app: process.env.CV_APP_PORT ?? '4195'
};
const base = `http://127.0.0.1:${ports.app}`;
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const { start, startStack, run, stopAll } = processes(root);

async function signIn(page: Page, code: string, n: number, words: string): Promise<void> {
	await page.goto(`${base}/zh-CN/sign-in`);
	await page.locator('#field-class_code').fill(code);
	await page.locator('#field-student_number').fill(String(n));
	await page.locator('#field-secret_words').fill(words);
	await page.locator('form[action="?/card"] button[type="submit"]').click();
	await page.waitForURL(/\/me$/);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
	console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
	const env = await startStack(ports, path.join(root, '.local', 'bench-pages'));
	if (!process.argv.includes('--no-build')) await run('npx', ['vite', 'build']);
	start('node', ['server.js'], { ...process.env, ...env, PORT: ports.app, HOST: '127.0.0.1', ORIGIN: base });
	await waitFor(`${base}/zh-CN/ledger`, 60_000);

	const browser = await chromium.launch({ executablePath: chromePath, args: ['--no-sandbox'] });
	const rows: { who: string; path: string; cookie: string; js: number }[] = [];
	const measure = async (who: string, page: Page, paths: string[]) => {
		const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
		for (const p of paths) rows.push({ who, path: p, cookie, js: (await scriptBytes(page, base + p)).bytes });
	};
	const anon = await browser.newPage();
	await measure('anyone', anon, ['/zh-CN', '/zh-CN/sign-in', '/zh-CN/help', '/zh-CN/privacy']);
	const child = DEMO_ACCOUNTS.find((a) => a.loginCard?.classCode === DEMO_CLASS.code && a.loginCard.studentNumber === 1)!;
	const p1 = await (await browser.newContext()).newPage();
	await signIn(p1, DEMO_CLASS.code, 1, child.loginCard!.secretWords);
	const proposal = await p1.locator('a[href*="/me/proposals/"]:not([href*="/new"])').first().getAttribute('href');
	const poll = await p1.locator('a[href*="/me/polls/"]').first().getAttribute('href');
	await measure('DEMO52 no. 1 (10–13)', p1, ['/zh-CN/me', '/zh-CN/me/proposals/new', ...(proposal ? [proposal] : []), ...(poll ? [poll] : [])]);
	const young = BAND_DEMO_CLASSES['6-9'];
	const p2 = await (await browser.newContext()).newPage();
	await signIn(p2, young.code, young.studentNumber, young.secretWords);
	await measure('DEMO21 no. 1 (6–9)', p2, ['/zh-CN/me/proposals/new', '/en/me/proposals/new', '/zh-CN/me/reports/new', '/en/me/reports/new']);
	await browser.close();

	console.log('\nJavaScript per page (gzip)');
	for (const row of rows) console.log(`  ${(row.js / 1000).toFixed(1).padStart(5)} kB  ${row.js <= CHILD_PAGE_JS_BUDGET ? 'ok  ' : 'OVER'}  ${row.who}  ${row.path.replace(/[0-9a-f-]{36}/, '<id>')}`);

	// Lighthouse, mobile (its defaults), performance only. A new form page per run redirects to
	// ?form=<key> first: measure the address it lands on.
	const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
	console.log('\nJavaScript per page (gzip) and Lighthouse 12.2.3 mobile, median of', RUNS, 'runs');
	console.log('| who | page | JS gzip (kB) | ≤ 50 KB | performance | accessibility | LCP (s) |');
	console.log('| --- | --- | ---: | --- | ---: | ---: | ---: |');
	for (const row of rows) {
		const scores: number[] = [];
		const a11y: number[] = [];
		const lcps: number[] = [];
		const costs: string[] = [];
		for (let i = 0; i < RUNS; i++) {
			const url = row.path.endsWith('/new') ? `${base}${row.path}?form=${crypto.randomUUID()}` : base + row.path;
			try {
				const result = await lighthouse(url, { port: chrome.port, onlyCategories: ['performance', 'accessibility'], extraHeaders: { Cookie: row.cookie }, output: 'json', logLevel: 'error' });
				const lhr = result!.lhr;
				if (lhr.runtimeError) throw new Error(lhr.runtimeError.message);
				scores.push(Math.round((lhr.categories.performance?.score ?? 0) * 100));
				a11y.push(Math.round((lhr.categories.accessibility?.score ?? 0) * 100));
				lcps.push((lhr.audits['largest-contentful-paint']?.numericValue ?? NaN) / 1000);
				// What costs: the server's time to the first byte and the render-blocking resources' estimated saving.
				// An audit with nothing to report (no render-blocking resource) has no value: "none", not NaN.
				const ms = (id: string) => {
					const value = lhr.audits[id]?.numericValue;
					return value === undefined ? 'none' : `${Math.round(value)} ms`;
				};
				costs.push(`server ${ms('server-response-time')}, render-blocking ${ms('render-blocking-resources')}, ${lhr.audits['render-blocking-resources']?.details && 'items' in lhr.audits['render-blocking-resources'].details ? (lhr.audits['render-blocking-resources'].details.items as unknown[]).length : 0} blocking`);
			} catch (e) {
				// A run that fails (e.g. the machine paused under it) is reported, not fatal.
				console.error(`  Lighthouse failed on ${row.path}: ${(e as Error).message}`);
			}
		}
		const score = scores.length ? String(median(scores)) : 'failed';
		const access = a11y.length ? String(median(a11y)) : 'failed';
		const lcp = lcps.length ? median(lcps).toFixed(2) : 'failed';
		console.log(`| ${row.who} | ${row.path.replace(/[0-9a-f-]{36}/, '<id>')} | ${(row.js / 1000).toFixed(1)} | ${row.js <= CHILD_PAGE_JS_BUDGET ? 'yes' : 'NO'} | ${score} | ${access} | ${lcp} |`);
		if (costs.length) console.error(`    ${row.path.replace(/[0-9a-f-]{36}/, '<id>')}: ${costs.join('; ')}`);
	}
	chrome.kill();
}

// Lighthouse's CDP layer can throw outside its promise (a protocol timeout): stop the stack anyway.
process.on('uncaughtException', (e) => {
	console.error(e);
	stopAll();
	process.exit(1);
});

main()
	.catch((e) => {
		console.error(e);
		process.exitCode = 1;
	})
	.finally(stopAll);
