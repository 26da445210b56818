/**
 * The processes a benchmark runs beside itself (the local stack, the production build): started
 * detached in their own process groups, so stopping one stops its children too (Postgres under
 * the stack, for instance). Used by bench/run.ts (bounded work) and bench/polls/run.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

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
	/** Process ids (= process group ids) of the processes started so far, in order. */
	pids(): number[];
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
		pids: () => children.map((c) => c.pid!),
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

/**
 * CPU time used so far by a process and all its descendants (e.g. the stack's Node server and
 * the Postgres it started, which runs in a session of its own), split by program name, read from
 * /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms on Linux). Processes that already
 * exited are not counted, so take differences over a stretch where the processes live (the
 * backends of a pool do). Linux only; elsewhere empty.
 *
 * @returns milliseconds of CPU per program name ("node", "postgres", …)
 */
export function treeCpuMs(rootPid: number): Record<string, number> {
	const procs = new Map<number, { ppid: number; name: string; ms: number }>();
	let entries: string[] = [];
	try {
		entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
	} catch {
		return {};
	}
	for (const pid of entries) {
		let stat: string;
		try {
			stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		} catch {
			continue; // exited meanwhile
		}
		// "pid (comm) state ppid …": comm may hold spaces, so split after its closing paren.
		const close = stat.lastIndexOf(')');
		const comm = stat.slice(stat.indexOf('(') + 1, close);
		const fields = stat.slice(close + 2).split(' ');
		const name = comm.startsWith('postgres') ? 'postgres' : comm.startsWith('node') || comm.startsWith('npm') ? 'node' : comm;
		procs.set(Number(pid), { ppid: Number(fields[1]), name, ms: (Number(fields[11]) + Number(fields[12])) * 10 });
	}
	const out: Record<string, number> = {};
	for (const [pid, p] of procs) {
		// Count p when rootPid is among its ancestors (or it is rootPid).
		let at: number | undefined = pid;
		for (let hops = 0; at && hops < 64; hops++) {
			if (at === rootPid) {
				out[p.name] = (out[p.name] ?? 0) + p.ms;
				break;
			}
			at = procs.get(at)?.ppid;
		}
	}
	return out;
}
