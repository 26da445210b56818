/**
 * Reads a V8 CPU profile (`node --cpu-prof`, e.g. from `BENCH_CPU_PROF=dir npm run bench:polls`)
 * and prints where the time went: the top functions by self time and by total (inclusive) time,
 * and self time grouped by package (node_modules/<pkg>, node: internals, the app's build).
 *
 * Usage: `tsx bench/polls/profile-top.ts <file.cpuprofile> [ballots] [top] [--windows <dir>/windows.json]`:
 * with `ballots`, times are CPU ms per ballot (the profile's time divided by them); with
 * `--windows` (written by the bench beside the profile) only the app path's measurements count,
 * divided by their ballots.
 */
import { readFileSync } from 'node:fs';

interface Node {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
	children?: number[];
}
interface Profile {
	nodes: Node[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

const args = process.argv.slice(2);
const windowsAt = args.indexOf('--windows');
const windowsFile = windowsAt >= 0 ? args.splice(windowsAt, 2)[1] : undefined;
const [file, ballotsArg, topArg] = args;
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [ballots] [top] [--windows windows.json]');
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
// --windows: only samples taken while the app path was measured (bench/polls/run.ts writes the
// windows beside the profile); the ballots are then the calls of those windows.
const windows = windowsFile
	? (JSON.parse(readFileSync(windowsFile, 'utf8')) as { label: string; calls: number; startUs: number; endUs: number }[]).filter((w) => w.label === 'app path')
	: null;
const ballots = windows ? windows.reduce((a, w) => a + w.calls, 0) : Number(ballotsArg) || 0;
const top = Number(topArg) || 25;

// Self time per node from the samples and their time deltas (µs).
const self = new Map<number, number>();
const byId = new Map(p.nodes.map((n) => [n.id, n]));
// The sample i's time is timeDeltas[i + 1] (the delta to the next sample); idle time is not CPU.
let at = p.startTime;
for (let i = 0; i < p.samples.length; i++) {
	at += p.timeDeltas[i] ?? 0;
	if (windows && !windows.some((w) => at >= w.startUs && at < w.endUs)) continue;
	const id = p.samples[i]!;
	if (byId.get(id)?.callFrame.functionName === '(idle)') continue;
	self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i + 1] ?? 0));
}
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const where = (n: Node) => {
	const u = n.callFrame.url;
	const short = u.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'nm/').replace(/.*\/(build|\.svelte-kit)\//, '$1/');
	return `${n.callFrame.functionName || '(anonymous)'} ${short}:${n.callFrame.lineNumber + 1}`;
};
const pkg = (n: Node) => {
	const u = n.callFrame.url;
	if (!u) return n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native)';
	if (u.startsWith('node:')) return u.split('/')[0]!.replace(/:.*/, ':') + u.slice(5).split('/')[0];
	const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
	if (m) return m[1]!;
	if (/\/build\/server\/chunks\//.test(u)) return 'app build (chunks: app code + bundled libs)';
	if (/\/build\//.test(u)) return 'app build';
	return u.replace(/^file:\/\//, '');
};

const total = [...self.values()].reduce((a, b) => a + b, 0);
const fmt = (us: number) => {
	const share = ((us / total) * 100).toFixed(1).padStart(5) + '%';
	return ballots ? `${(us / 1000 / ballots).toFixed(3).padStart(7)} ms/ballot ${share}` : `${(us / 1000).toFixed(0).padStart(7)} ms ${share}`;
};

// Self time by function (summed over nodes of the same frame).
const selfBy = new Map<string, number>();
for (const [id, us] of self) {
	const k = where(byId.get(id)!);
	selfBy.set(k, (selfBy.get(k) ?? 0) + us);
}
// Total time by function: each sample counts once per distinct frame on its stack.
const totalBy = new Map<string, number>();
for (const [id, us] of self) {
	const seen = new Set<string>();
	for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
		const k = where(byId.get(cur)!);
		if (seen.has(k)) continue;
		seen.add(k);
		totalBy.set(k, (totalBy.get(k) ?? 0) + us);
	}
}
const pkgBy = new Map<string, number>();
for (const [id, us] of self) {
	const k = pkg(byId.get(id)!);
	pkgBy.set(k, (pkgBy.get(k) ?? 0) + us);
}

const print = (title: string, m: Map<string, number>, n = top) => {
	console.log(`\n## ${title}`);
	for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${fmt(us)}  ${k}`);
};
console.log(`profile: ${(total / 1000).toFixed(0)} ms of CPU (idle excluded) sampled over ${((p.endTime - p.startTime) / 1e6).toFixed(1)} s${ballots ? `, ${ballots} ballots` : ''}`);
print('self time by package', pkgBy, 20);
print('self time by function', selfBy);
print('total time by function', totalBy);
