/**
 * The processes a benchmark runs beside itself (the local stack, the production build): started
 * detached in their own process groups, so stopping one stops its children too (Postgres under
 * the stack, for instance). Used by bench/run.ts (bounded work) and bench/polls/run.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Processes {
	/** Start `cmd` in `root`; `onLine` gets each line it prints on stdout (stderr only with BENCH_VERBOSE). */
	start(cmd: string, args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void): ChildProcess;
	/**
	 * Start `cli.ts stack` on `ports` with its data in `dataDir`; resolves with the environment it
	 * prints (`export K='v'` lines: the URL, keys, database URL) once it runs.
	 */
	startStack(ports: { db: string; api: string; app: string }, dataDir: string): Promise<Record<string, string>>;
	/** Run a command to its end (output ignored); rejects on a non-zero exit. */
	run(cmd: string, args: string[]): Promise<void>;
	/** SIGTERM every started process group, the last started first. */
	stopAll(): void;
}

export function processes(root: string): Processes {
	const children: ChildProcess[] = [];
	const start: Processes['start'] = (cmd, args, env, onLine) => {
		const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		children.push(child);
		let buffer = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			buffer += chunk.toString();
			const lines = buffer.split('\n');
			buffer = lines.pop()!;
			for (const line of lines) onLine?.(line);
		});
		child.stderr!.on('data', (chunk: Buffer) => {
			if (process.env.BENCH_VERBOSE) process.stderr.write(chunk);
		});
		return child;
	};
	return {
		start,
		startStack: (ports, dataDir) =>
			new Promise((resolve, reject) => {
				const env: Record<string, string> = {};
				const stack = start(
					'npx',
					['tsx', 'supabase/local/cli.ts', 'stack'],
					{ ...process.env, CV_DB_PORT: ports.db, CV_API_PORT: ports.api, CV_APP_PORT: ports.app, CV_DATA_DIR: dataDir },
					(line) => {
						const m = /^export (\w+)='(.*)'$/.exec(line);
						if (m) env[m[1]!] = m[2]!;
						if (line.startsWith('Running until Ctrl-C')) resolve(env);
					}
				);
				stack.on('exit', (code) => reject(new Error(`stack exited with ${code}`)));
			}),
		run: (cmd, args) =>
			new Promise((resolve, reject) => {
				const child = spawn(cmd, args, { cwd: root, stdio: 'ignore' });
				child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
			}),
		stopAll: () => {
			for (const child of children.reverse()) {
				try {
					process.kill(-child.pid!, 'SIGTERM');
				} catch {
					// already gone
				}
			}
		}
	};
}

/** Wait until `url` answers 2xx, polling every 250 ms; throws after `ms`. */
export async function waitFor(url: string, ms = 60_000): Promise<void> {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`${url} did not answer in ${ms} ms`);
}
