/**
 * `npm run bench:polls`: casting ballots and reading results at city scale (issue 8).
 *
 * Starts its own local stack (`cli.ts stack`) and the production build (`node server.js`), then
 *   1. casting a ballot through the real path — an HTML form post (no JavaScript) to the child's
 *      poll page → SvelteKit (server.js) → Data API (`rpc/cast_ballot`) → Postgres — against the
 *      same SQL function called directly with the same role set-up (a pool logged in as
 *      `authenticator`, per transaction the stand-in's set_config of role, claims, path, then
 *      `select public.cast_ballot(…)`), at 1, 10 and 100 concurrent voters: calls/s, p50, p95.
 *      Every call is a new ballot (distinct child × poll): children of grade-9 classes (no consent
 *      needed), signed in once through the app's sign-in form, voting in many open city polls.
 *   2. reading a closed poll's results (`rpc/poll_results` through the Data API, as anon) with 10^3
 *      and with 10^6 ballots in its ballot box (loaded in bulk, counters built as cast_ballot
 *      builds them: spread over 16 shards): p50 / p95 and the ratio.
 * Prints a table; BENCHMARKS.md ("Polls") records a run. Never part of `npm test`.
 *
 * Options: --no-build (use the existing build/); env CV_DB_PORT / CV_API_PORT / CV_APP_PORT
 * (defaults 54362 / 54361 / 4194), BENCH_CHILDREN (children, 400), BENCH_POLLS (open polls, 12),
 * BENCH_SECONDS (per measurement, 8), BENCH_READS (result reads per size, 300), BENCH_WEB_CONCURRENCY
 * (app processes, 1), BENCH_CPU_PROF (a directory: the app writes V8 CPU profiles there on exit).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { POOL_SIZE, directPool } from '../city/throughput.ts';
import { treeCpuMs, processes, waitFor } from '../processes.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const ports = {
	db: process.env.CV_DB_PORT ?? '54362',
	api: process.env.CV_API_PORT ?? '54361',
	app: process.env.CV_APP_PORT ?? '4194'
};
const base = `http://127.0.0.1:${ports.app}`;
const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 400);
const POLLS = Number(process.env.BENCH_POLLS ?? 12);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const READS = Number(process.env.BENCH_READS ?? 300);
const CLASS_SIZE = 40;
const SECRET = 'bench words here';

const { start, startStack: startStackOn, run, stopAll, pids } = processes(root);
const startStack = () => startStackOn(ports, path.join(root, '.local', 'polls-bench'));

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

interface Measured {
	calls: number;
	perSecond: number;
	p50: number;
	p95: number;
}

/**
 * `clients` concurrent callers, each taking the next unused job, for SECONDS (or until the jobs
 * run out). Each job's latency is recorded; a failed job throws.
 */
async function measure<J>(clients: number, jobs: J[], op: (job: J) => Promise<void>): Promise<Measured> {
	const times: number[] = [];
	let next = 0;
	const t0 = performance.now();
	const end = t0 + SECONDS * 1000;
	await Promise.all(
		Array.from({ length: clients }, async () => {
			while (performance.now() < end && next < jobs.length) {
				const job = jobs[next++]!;
				const s = performance.now();
				await op(job);
				times.push(performance.now() - s);
			}
		})
	);
	const elapsed = (performance.now() - t0) / 1000;
	times.sort((a, b) => a - b);
	return { calls: times.length, perSecond: times.length / elapsed, p50: pct(times, 50), p95: pct(times, 95) };
}

async function main() {
	const noBuild = process.argv.includes('--no-build');
	process.on('exit', stopAll);
	process.on('SIGINT', () => process.exit(130));
	console.log('Starting the stack…');
	const env = await startStack();
	const sql = postgres(env.CV_DB_URL!, { max: 4, onnotice: () => {} });

	// ---- set-up: grade-9 classes of children with login cards, open city polls -----------------
	console.log(`Creating ${CHILDREN} children and ${POLLS + 2} polls…`);
	const tag = Date.now().toString(36).toUpperCase().slice(-5);
	const [district] = await sql`insert into public.districts (code, name_zh, name_en) values (${'BP' + tag}, ${'压测区' + tag}, ${'Bench ' + tag}) returning id`;
	const [school] = await sql`insert into public.schools (district_id, name_zh, name_en) values (${district!.id}, '压测中学', 'Bench School') returning id`;
	const classes: { id: string; code: string }[] = [];
	for (let c = 0; c < Math.ceil(CHILDREN / CLASS_SIZE); c++) {
		const code = `BP${tag}${c}`;
		const [k] = await sql`insert into public.classes (school_id, name, grade, code) values (${school!.id}, ${'初三' + c + '班'}, 9, ${code}) returning id`;
		classes.push({ id: k!.id, code });
	}
	// Accounts straight into auth.users (the trigger makes profiles); bcrypt cost 4 keeps it quick.
	await sql`
		insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, confirmation_token,
			recovery_token, email_change_token_new, email_change, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
		select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
			lower(k.code) || '-' || n || '@login-card.invalid', extensions.crypt(${SECRET}, extensions.gen_salt('bf', 4)), now(), '', '', '', '',
			jsonb_build_object('provider', 'email', 'providers', array['email'], 'role', 'student', 'display_name', '孩子' || n,
				'class_id', k.id, 'student_number', n),
			'{}', now(), now()
		from jsonb_to_recordset(${sql.json(classes)}) as k (id uuid, code text)
		cross join generate_series(1, ${CLASS_SIZE}) n
		where (select count(*) from public.classes) > 0`;
	const [admin] = await sql`select id from public.profiles where role = 'admin' limit 1`;
	const mkPoll = async (closed: boolean) => {
		const [p] = await sql`insert into public.polls (scope, question_zh, kind, max_choices, age_bands, opens_at, closes_at, created_by, created_by_role, published_at)
			values ('city', '压测投票', 'single', 1, '{6-9,10-13,14-17}', now() - interval '2 days',
				${closed ? sql`now() - interval '1 day'` : sql`now() + interval '1 day'`}, ${admin!.id}, 'admin', now() - interval '3 days') returning id, version`;
		await sql`insert into public.poll_options (poll_id, position, label) select ${p!.id}, i, '选项' || i from generate_series(1, 3) i`;
		const opts = await sql<{ id: string }[]>`select id from public.poll_options where poll_id = ${p!.id} order by position`;
		return { id: p!.id as string, version: p!.version as number, options: opts.map((o) => o.id) };
	};
	const polls = [];
	for (let i = 0; i < POLLS; i++) polls.push(await mkPoll(false));

	// ---- the app -----------------------------------------------------------------------------------
	if (!noBuild) {
		console.log('Building the app…');
		await run('npx', ['vite', 'build']);
	}
	// BENCH_CPU_PROF=dir: the app writes a V8 CPU profile there when it stops (for "where the time goes").
	const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_CPU_PROF)] : [];
	start('node', [...profile, 'server.js'], {
		...process.env,
		...env,
		PORT: ports.app,
		HOST: '127.0.0.1',
		// App processes sharing the port (server.js), as a deployment on a multi-core machine runs them.
		WEB_CONCURRENCY: process.env.BENCH_WEB_CONCURRENCY ?? '1',
		ORIGIN: base
	});
	await waitFor(`${base}/zh-CN/ledger`);

	// ---- sign every child in through the app's sign-in form ------------------------------------------
	console.log('Signing the children in…');
	const accounts = await sql<{ id: string; code: string; n: number }[]>`select cs.student_id as id, c.code, cs.student_number as n
		from public.class_students cs join public.classes c on c.id = cs.class_id where c.code like ${'BP' + tag + '%'} order by c.code, cs.student_number`;
	const cookies = new Map<string, string>();
	// Eight at a time, every child (not time-limited like the measurements).
	let nextAccount = 0;
	await Promise.all(
		Array.from({ length: 8 }, async () => {
			while (nextAccount < accounts.length) {
				const a = accounts[nextAccount++]!;
				const res = await fetch(`${base}/zh-CN/sign-in?/card`, {
					method: 'POST',
					redirect: 'manual',
					headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: base },
					body: new URLSearchParams({ class_code: a.code, student_number: String(a.n), secret_words: SECRET })
				});
				const set = res.headers.getSetCookie().map((c) => c.split(';', 1)[0]!).filter((c) => !c.endsWith('='));
				if (res.status !== 303 || set.length === 0) throw new Error(`sign-in of ${a.code}/${a.n} answered ${res.status}`);
				cookies.set(a.id, set.join('; '));
			}
		})
	);
	const signedIn = accounts.filter((a) => cookies.has(a.id));
	console.log(`  ${signedIn.length} signed in`);

	// Every (child, poll) pair is one ballot; the two paths and the three levels take disjoint pairs.
	const pairs = polls.flatMap((p) => signedIn.map((a) => ({ poll: p, child: a })));
	let cursor = 0;
	const take = (n: number) => {
		const out = pairs.slice(cursor, cursor + n);
		cursor += n;
		return out;
	};

	const viaApp = async (job: (typeof pairs)[number]) => {
		const body = new URLSearchParams({ version: String(job.poll.version), max_choices: '1' });
		body.append('option_ids', job.poll.options[Math.floor(Math.random() * 3)]!);
		const res = await fetch(`${base}/zh-CN/me/polls/${job.poll.id}?/vote`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: base, cookie: cookies.get(job.child.id)! },
			body
		});
		if (res.status !== 303 || !res.headers.get('location')?.includes('done=voted')) {
			throw new Error(`vote through the app answered ${res.status} ${res.headers.get('location') ?? ''}`);
		}
		await res.arrayBuffer();
	};
	const direct = directPool(env.CV_DB_URL!);
	const viaSql = async (job: (typeof pairs)[number]) => {
		await direct.begin(async (tx) => {
			await tx.unsafe(
				`select set_config('search_path', $1, true), set_config('role', $2, true),
				        set_config('request.jwt.claims', $3, true), set_config('request.method', $4, true),
				        set_config('request.path', $5, true), set_config('request.headers', $6, true),
				        set_config('request.cookies', $7, true)`,
				['"public", "extensions"', 'authenticated', JSON.stringify({ sub: job.child.id, role: 'authenticated', aud: 'authenticated' }), 'POST', '/rpc/cast_ballot', '{}', '{}']
			);
			await tx.unsafe('select set_config($1, $2, true)', ['statement_timeout', '8s']);
			await tx.unsafe('select public.cast_ballot($1, $2, $3::uuid[])', [job.poll.id, job.poll.version, `{${job.poll.options[Math.floor(Math.random() * 3)]}}`]);
		});
	};

	const rows: string[] = [];
	const cpuRows: string[] = [];
	const [stackPid, appPid] = pids();
	/** CPU ms per call of each process while `op` ran: where a path's cost goes. */
	// With BENCH_CPU_PROF: when each measurement ran, on the monotonic clock V8's profile uses (µs),
	// so a profile can be cut to the ballots alone (bench/polls/profile-top.ts --windows).
	const windows: { label: string; clients: number; calls: number; startUs: number; endUs: number }[] = [];
	const nowUs = () => Number(process.hrtime.bigint() / 1000n);
	const withCpu = async (label: string, clients: number, op: () => Promise<Measured>) => {
		const before = { stack: treeCpuMs(stackPid!), app: treeCpuMs(appPid!), load: process.cpuUsage() };
		const startUs = nowUs();
		const m = await op();
		windows.push({ label, clients, calls: m.calls, startUs, endUs: nowUs() });
		const stack = treeCpuMs(stackPid!);
		const app = treeCpuMs(appPid!);
		const load = process.cpuUsage(before.load);
		const per = (after: number | undefined, was: number | undefined) => ((after ?? 0) - (was ?? 0)) / m.calls;
		cpuRows.push(
			`| ${label} | ${clients} | ${per(app.node, before.app.node).toFixed(2)} | ${per(stack.node, before.stack.node).toFixed(2)} | ${per(stack.postgres, before.stack.postgres).toFixed(2)} | ${((load.user + load.system) / 1000 / m.calls).toFixed(2)} |`
		);
		return m;
	};
	const budget = Math.floor(pairs.length / 6);
	for (const clients of [1, 10, 100]) {
		const app = await withCpu('app path', clients, () => measure(clients, take(budget), viaApp));
		const sqlDirect = await withCpu('direct SQL', clients, () => measure(clients, take(budget), viaSql));
		rows.push(
			`| ${clients} | ${app.perSecond.toFixed(0)} | ${app.p50.toFixed(1)} | ${app.p95.toFixed(1)} | ${sqlDirect.perSecond.toFixed(0)} | ${sqlDirect.p50.toFixed(1)} | ${sqlDirect.p95.toFixed(1)} | ${((app.perSecond / sqlDirect.perSecond) * 100).toFixed(0)}% | ${(app.p95 / app.p50).toFixed(1)} | ${app.calls} / ${sqlDirect.calls} |`
		);
		console.log(rows.at(-1));
	}
	await direct.end();
	if (process.env.BENCH_CPU_PROF) writeFileSync(path.join(path.resolve(process.env.BENCH_CPU_PROF), 'windows.json'), JSON.stringify(windows, null, 1));
	const problems = await sql`select p.id from public.polls p where p.id = any(${polls.map((p) => p.id)}::uuid[])
		and exists (select 1 from private.recount_poll(p.id))`;

	// ---- results at 10^3 and 10^6 ballots --------------------------------------------------------------
	const readRows: string[] = [];
	const times: Record<number, Measured> = {};
	for (const size of [1_000, 1_000_000]) {
		console.log(`Loading ${size} ballots…`);
		const p = await mkPoll(true);
		// A city poll's ballots carry the voter's school (the bench's one school), as cast_ballot writes them.
		await sql`insert into private.poll_ballots (poll_id, age_band, school_id, option_ids)
			select ${p.id}, (array['6-9', '10-13', '14-17']::public.age_band[])[1 + i % 3], ${school!.id}::uuid, array[(${p.options}::uuid[])[1 + (i * 7) % 3]]
			from generate_series(1, ${size}) i`;
		// The counters as cast_ballot leaves them: each ballot +1 on one of 16 shards.
		await sql`insert into private.poll_turnout_tally (poll_id, age_band, shard, voters)
			select ${p.id}, (array['6-9', '10-13', '14-17']::public.age_band[])[1 + i % 3], i % 16, count(*)
			from generate_series(1, ${size}) i group by 2, 3`;
		await sql`insert into private.poll_tally (poll_id, option_id, age_band, shard, votes)
			select ${p.id}, (${p.options}::uuid[])[1 + (i * 7) % 3], (array['6-9', '10-13', '14-17']::public.age_band[])[1 + i % 3], i % 16, count(*)
			from generate_series(1, ${size}) i group by 2, 3, 4`;
		// And the school counters (20261130041000), on the same shards.
		await sql`insert into private.poll_school_turnout_tally (poll_id, school_id, shard, voters)
			select ${p.id}, ${school!.id}::uuid, i % 16, count(*) from generate_series(1, ${size}) i group by 3`;
		await sql`insert into private.poll_school_tally (poll_id, school_id, option_id, shard, votes)
			select ${p.id}, ${school!.id}::uuid, (${p.options}::uuid[])[1 + (i * 7) % 3], i % 16, count(*)
			from generate_series(1, ${size}) i group by 3, 4`;
		await sql`analyze private.poll_ballots, private.poll_tally, private.poll_turnout_tally, private.poll_school_tally, private.poll_school_turnout_tally`;
		const jobs = Array.from({ length: READS }, () => p.id);
		const read = async (id: string) => {
			const res = await fetch(`http://127.0.0.1:${ports.api}/rest/v1/rpc/poll_results`, {
				method: 'POST',
				headers: { apikey: env.PUBLIC_SUPABASE_ANON_KEY!, 'content-type': 'application/json' },
				body: JSON.stringify({ p_poll_id: id })
			});
			const body = (await res.json()) as { voters: number }[];
			if (!res.ok || Number(body[0]?.voters) !== size) throw new Error(`poll_results answered ${res.status}`);
		};
		await measure(1, jobs.slice(0, 20), read); // warm-up
		times[size] = await measure(1, jobs, read);
		readRows.push(`| ${size.toLocaleString('en')} | ${times[size]!.p50.toFixed(2)} | ${times[size]!.p95.toFixed(2)} |`);
	}

	console.log('\n### Casting a ballot (calls/s, ms)\n');
	console.log('| concurrent voters | app path calls/s | app p50 | app p95 | direct SQL calls/s | direct p50 | direct p95 | app / direct | app p95 / p50 | ballots (app / direct) |');
	console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
	for (const r of rows) console.log(r);
	console.log('\n### CPU per ballot (ms): app server, Data API / Auth stand-in, Postgres, load generator\n');
	console.log('| path | concurrent voters | app (node server.js) | stand-in (node) | Postgres | load generator |');
	console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
	for (const r of cpuRows) console.log(r);
	console.log(`\nRecount after the run: ${problems.length === 0 ? 'every counter equals the ballot box' : `${problems.length} polls differ`}`);
	console.log('\n### Reading results (Data API, anon, ms)\n');
	console.log('| ballots | p50 | p95 |');
	console.log('| ---: | ---: | ---: |');
	for (const r of readRows) console.log(r);
	console.log(`\n10^6 / 10^3 p50: ${(times[1_000_000]!.p50 / times[1_000]!.p50).toFixed(2)}×, p95: ${(times[1_000_000]!.p95 / times[1_000]!.p95).toFixed(2)}×`);
	console.log(`(Data API pool ${POOL_SIZE}; ${CHILDREN} children × ${POLLS} polls; ${SECONDS} s per measurement; app processes ${process.env.BENCH_WEB_CONCURRENCY ?? '1'})`);
	await sql.end();
	process.exit(0);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
