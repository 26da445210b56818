/**
 * `npm run bench`: bounded work per request, measured on the production server (server.js).
 *
 * Starts the local stack (`cli.ts stack`, its own ports) and the production build, then measures
 *   1. how long refusing a huge field takes: an anonymous sign-in with a 150,000-character
 *      secret, a signed-in child's 150,000-character and 5 MB titles (body limit, 413) and a
 *      60,000-character title (inside the body limit: the field's raw cap, 400);
 *   2. page loads of the public ledger alone, then while a stream of 150,000-character posts
 *      runs (closed loop, POSTERS at a time), then alone again; the ratio of p95s.
 * Prints a table; BENCHMARKS.md records a run. Never part of `npm test`: timings vary by machine.
 *
 * Options: --no-build (use the existing build/), env CV_DB_PORT / CV_API_PORT / CV_APP_PORT
 * (defaults 54352 / 54351 / 4193), BENCH_LOADS (page loads per phase, 200), BENCH_POSTERS (2).
 */
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { DEMO_CLASS, DEMO_ACCOUNTS } from '../supabase/local/demo-accounts.ts';
import { processes, waitFor } from './processes.ts';

const root = path.resolve(import.meta.dirname, '..');
const ports = {
	db: process.env.CV_DB_PORT ?? '54352',
	api: process.env.CV_API_PORT ?? '54351',
	app: process.env.CV_APP_PORT ?? '4193'
};
const base = `http://127.0.0.1:${ports.app}`;
const LOADS = Number(process.env.BENCH_LOADS ?? 200);
const POSTERS = Number(process.env.BENCH_POSTERS ?? 2);

const { start, startStack: startStackOn, run, stopAll } = processes(root);
const startStack = () => startStackOn(ports, path.join(root, '.local', 'postgres-bench'));

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function timed(request: () => Promise<Response>): Promise<{ ms: number; status: number }> {
	const t0 = performance.now();
	const response = await request();
	await response.arrayBuffer();
	return { ms: performance.now() - t0, status: response.status };
}

function post(pathname: string, body: string, cookie = ''): Promise<Response> {
	return fetch(base + pathname, {
		method: 'POST',
		headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie },
		body,
		redirect: 'manual'
	});
}

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const fmt = (ms: number) => ms.toFixed(1);

async function signInChild(): Promise<string> {
	const child = DEMO_ACCOUNTS.find((a) => a.loginCard?.studentNumber === 1)!;
	const response = await post(
		'/zh-CN/sign-in?/card',
		form({ class_code: DEMO_CLASS.code, student_number: '1', secret_words: child.loginCard!.secretWords })
	);
	if (response.status !== 303) throw new Error(`sign-in answered ${response.status}`);
	return response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
}

async function main() {
	console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
	const env = await startStack();
	if (!process.argv.includes('--no-build')) await run('npx', ['vite', 'build']);
	start('node', ['server.js'], { ...process.env, ...env, PORT: ports.app, HOST: '127.0.0.1', ORIGIN: base });
	await waitFor(`${base}/zh-CN/ledger`, 60_000);
	const cookie = await signInChild();

	const fields = { problem: '秋千坏了。', suggestions: '请修好它。', who_should_act: '公园管理处' };
	// Bodies are encoded once, outside the timings.
	const secret150k = form({ class_code: DEMO_CLASS.code, student_number: '1', secret_words: 'a'.repeat(150_000) });
	const title150k = form({ ...fields, title: 'a'.repeat(150_000) });
	const title60k = form({ ...fields, title: 'a'.repeat(60_000) });
	const title5m = form({ ...fields, title: 'a'.repeat(5_000_000) });
	const kB = (body: string) => `${(Buffer.byteLength(body) / 1000).toFixed(0)} kB`;
	const refusals: [string, string, () => Promise<Response>, number][] = [
		['anonymous sign-in, 150,000-char secret', kB(secret150k), () => post('/zh-CN/sign-in?/card', secret150k), 60],
		['child, 150,000-char title', kB(title150k), () => post('/zh-CN/me/proposals/new', title150k, cookie), 30],
		['child, 60,000-char title (raw cap, action runs)', kB(title60k), () => post('/zh-CN/me/proposals/new', title60k, cookie), 30],
		['child, 5 MB title', kB(title5m), () => post('/zh-CN/me/proposals/new', title5m, cookie), 10]
	];
	// Warm up the pages and the code paths once.
	for (let i = 0; i < 5; i++) await timed(() => fetch(`${base}/zh-CN/ledger`));
	for (const [, , request] of refusals) await timed(request);

	const rows: string[][] = [];
	for (const [name, size, request, n] of refusals) {
		const samples: number[] = [];
		const statuses = new Set<number>();
		for (let i = 0; i < n; i++) {
			const { ms, status } = await timed(request);
			samples.push(ms);
			statuses.add(status);
		}
		rows.push([name, size, [...statuses].join('/'), String(n), fmt(percentile(samples, 50)), fmt(percentile(samples, 95)), fmt(Math.max(...samples))]);
	}

	const loads = async () => {
		const samples: number[] = [];
		for (let i = 0; i < LOADS; i++) {
			const { ms, status } = await timed(() => fetch(`${base}/zh-CN/ledger`, { headers: { accept: 'text/html', 'accept-encoding': 'gzip' } }));
			if (status !== 200) throw new Error(`ledger answered ${status}`);
			samples.push(ms);
		}
		return samples;
	};
	const before = await loads();
	let streaming = true;
	let posts = 0;
	const t0 = performance.now();
	const posters = Array.from({ length: POSTERS }, async () => {
		while (streaming) {
			const { status } = await timed(() => post('/zh-CN/sign-in?/card', secret150k));
			if (status !== 413) throw new Error(`a huge post answered ${status}`);
			posts++;
		}
	});
	const during = await loads();
	streaming = false;
	await Promise.all(posters);
	const seconds = (performance.now() - t0) / 1000;
	const after = await loads();
	const alone = [...before, ...after];

	console.log('\nRefusing huge fields (sequential requests, ms)');
	console.log(table(['request', 'body', 'status', 'n', 'p50', 'p95', 'max'], rows));
	console.log(`\nPage loads of /zh-CN/ledger (sequential, ms); stream: ${POSTERS} clients posting 150,000-char fields back to back, ${posts} posts in ${seconds.toFixed(1)} s (${(posts / seconds).toFixed(0)}/s, ${((posts * secret150k.length) / seconds / 2 ** 20).toFixed(1)} MiB/s)`);
	const p95Alone = percentile(alone, 95);
	console.log(
		table(
			['phase', 'n', 'p50', 'p95', 'p95 / p95 alone'],
			[
				['alone (before)', String(before.length), fmt(percentile(before, 50)), fmt(percentile(before, 95)), ''],
				['alone (after)', String(after.length), fmt(percentile(after, 50)), fmt(percentile(after, 95)), ''],
				['alone (both)', String(alone.length), fmt(percentile(alone, 50)), fmt(p95Alone), '1.00'],
				['during the stream', String(during.length), fmt(percentile(during, 50)), fmt(percentile(during, 95)), (percentile(during, 95) / p95Alone).toFixed(2)]
			]
		)
	);
	const refuse95 = Math.max(Number(rows[0]![5]), Number(rows[1]![5]));
	const ratio = percentile(during, 95) / p95Alone;
	const timing = await signInTiming(env.CV_DB_URL!, Number(process.env.BENCH_SIGN_INS ?? 20));
	console.log(`\nFailed card sign-ins, a student number that exists (2) vs one that does not (99), interleaved (ms)`);
	console.log(
		table(
			['student number', 'n', 'p50', 'p95'],
			(['existing', 'missing'] as const).map((k) => [k, String(timing.samples[k].length), fmt(timing.median(k)), fmt(timing.p95(k))])
		)
	);
	console.log(`Median difference ${fmt(timing.diff)} ms (goal < 10): ${timing.diff < 10 ? 'met' : 'NOT met'}; the same answer for both: ${timing.same ? 'yes' : 'NO'}`);
	console.log(`\nGoals: a 150,000-character field refused with p95 < 100 ms: ${refuse95 < 100 ? 'met' : 'NOT met'} (${fmt(refuse95)} ms); page p95 during the stream ≤ 2× alone: ${ratio <= 2 ? 'met' : 'NOT met'} (${ratio.toFixed(2)})`);
}

/**
 * Case card-number-timing: failed card sign-ins for a student number that exists and for one that
 * does not, interleaved, `n` of each. The throttle would lock both cards after 5 failures (which
 * changes the answer for both alike), so each attempt starts from a clean slate: the bench clears
 * the two cards' attempts through the superuser connection between tries.
 *
 * @returns median and p95 per kind (ms), the median difference (ms) and whether the answers matched
 */
async function signInTiming(dbUrl: string, n: number) {
	const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
	try {
		const kinds = { existing: '2', missing: '99' } as const;
		const samples: Record<keyof typeof kinds, number[]> = { existing: [], missing: [] };
		const bodies = new Map<keyof typeof kinds, Set<string>>([['existing', new Set()], ['missing', new Set()]]);
		for (let i = 0; i < n; i++) {
			for (const kind of ['existing', 'missing'] as const) {
				await sql`delete from private.sign_in_attempts where class_code = ${DEMO_CLASS.code.toUpperCase()}`;
				const t0 = performance.now();
				const response = await post('/en/sign-in?/card', form({ class_code: DEMO_CLASS.code, student_number: kinds[kind], secret_words: 'wrong words here' }));
				const html = await response.text();
				samples[kind].push(performance.now() - t0);
				// The message shown, without the parts that differ per render (nonces, typed values).
				const alert = /role="alert"[^>]*>([\s\S]*?)<\//.exec(html)?.[1] ?? `status ${response.status}`;
				bodies.get(kind)!.add(`${response.status} ${alert}`);
			}
		}
		const median = (k: keyof typeof kinds) => percentile(samples[k], 50);
		const same = [...bodies.get('existing')!].join() === [...bodies.get('missing')!].join() && bodies.get('existing')!.size === 1;
		return { samples, median, p95: (k: keyof typeof kinds) => percentile(samples[k], 95), diff: Math.abs(median('existing') - median('missing')), same };
	} finally {
		await sql`delete from private.sign_in_attempts where class_code = ${DEMO_CLASS.code.toUpperCase()}`;
		await sql.end();
	}
}

function table(head: string[], rows: string[][]): string {
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
	const line = (cells: string[]) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
	return [line(head), '|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 1) + '-' : '-'.repeat(w + 1) + ':')).join('|') + '|', ...rows.map(line)].join('\n');
}

try {
	await main();
} catch (e) {
	console.error(e instanceof Error ? e.message : e);
	process.exitCode = 1;
} finally {
	stopAll();
}
