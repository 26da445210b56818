/**
 * The plans Postgres really used for the Data API's statements, read from auto_explain.
 *
 * The benchmark's cluster loads auto_explain silently (supabase/local/cli.ts BENCH_SETTINGS); while
 * capturing, `auto_explain.log_min_duration = 0` (ALTER SYSTEM + reload) logs every statement's
 * plan with actual rows (log_analyze) and the statements inside functions (log_nested_statements),
 * in the server log, which supabase/local/cli.ts copies to a file (CV_BENCH_PG_LOG; every record starts
 * with `@@cvlog <user>@@ `). So the plan checked is the one the stand-in's exact SQL got,
 * as the caller (role and JWT claims set by the stand-in), with its parameters.
 */
import { readFileSync, statSync } from 'node:fs';
import type postgres from 'postgres';

/** A plan node as EXPLAIN (FORMAT JSON) writes it. */
export interface PlanNode {
	'Node Type': string;
	'Relation Name'?: string;
	'Index Name'?: string;
	'Alias'?: string;
	'Actual Rows'?: number;
	'Subplan Name'?: string;
	'Parent Relationship'?: string;
	Plans?: PlanNode[];
	[key: string]: unknown;
}

export interface CapturedPlan {
	/** Statement text as the server received it. */
	query: string;
	/** `$1 = '…'` as auto_explain logs them. */
	parameters: string | null;
	/** Server-side duration in ms (with auto_explain's instrumentation). */
	durationMs: number;
	plan: PlanNode;
	/** True for a statement run inside a function the top-level statement called. */
	nested: boolean;
}

/** Tables whose sequential scan fails a list plan (the issue's goal). */
export const NO_SEQ_SCAN = ['submissions', 'classes', 'profiles'];

interface Mark {
	offset: number;
}

const MARKER = '@@cvlog ';

export class PlanLog {
	constructor(
		private readonly file: string,
		private readonly sql: postgres.Sql
	) {}

	/** Log every statement's plan from now on (all sessions, after the reload reaches them). */
	async start(): Promise<void> {
		await this.sql.unsafe(`alter system set auto_explain.log_min_duration = 0`);
		await this.sql.unsafe(`alter system set auto_explain.log_analyze = on`);
		await this.sql.unsafe(`alter system set auto_explain.log_nested_statements = on`);
		await this.sql.unsafe(`select pg_reload_conf()`);
		await sleep(500);
	}

	/** Back to silent. */
	async stop(): Promise<void> {
		await this.sql.unsafe(`alter system reset auto_explain.log_min_duration`);
		await this.sql.unsafe(`alter system reset auto_explain.log_analyze`);
		await this.sql.unsafe(`alter system reset auto_explain.log_nested_statements`);
		await this.sql.unsafe(`select pg_reload_conf()`);
		await sleep(500);
	}

	/** Where the log ends now. */
	mark(): Mark {
		return { offset: statSync(this.file).size };
	}

	/**
	 * The plans logged by the Data API's role since `m`, waiting (up to `timeoutMs`) until a
	 * top-level statement whose text contains `until` has been written.
	 */
	async since(m: Mark, until: string, timeoutMs = 5000): Promise<CapturedPlan[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const text = readFileSync(this.file).subarray(m.offset).toString('utf8');
			const plans = text.split(MARKER).flatMap(parseRecord);
			if (plans.some((p) => !p.nested && p.query.includes(until)) || Date.now() > deadline) return plans;
			await sleep(50);
		}
	}
}

/** `authenticator@@ LOG:  duration: 0.123 ms  plan:\n\t{…}` → the plan, for the Data API's role only. */
function parseRecord(rec: string): CapturedPlan[] {
	const m = /^(\S*)@@ LOG:\s+duration: ([0-9.]+) ms\s+plan:\s*/.exec(rec);
	if (!m || m[1] !== 'authenticator') return [];
	let body: { 'Query Text'?: string; 'Query Parameters'?: string; Plan?: PlanNode };
	try {
		body = JSON.parse(rec.slice(m[0].length)) as typeof body;
	} catch {
		return [];
	}
	const query = body['Query Text'] ?? '';
	if (!body.Plan || isPlumbing(query)) return [];
	return [
		{
			query,
			parameters: body['Query Parameters'] ?? null,
			durationMs: Number(m[2]),
			plan: body.Plan,
			nested: !query.includes('_postgrest_t')
		}
	];
}

/** The stand-in's own statements around the query (settings, catalog look-ups). */
function isPlumbing(query: string): boolean {
	return /set_config\(|pg_catalog\.pg_(class|proc|db_role_setting)/.test(query);
}

/** Every node of a plan, depth first. */
export function nodes(plan: PlanNode): PlanNode[] {
	return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** The sequential scans of the tables in `tables` anywhere in the plan (run or not). */
export function seqScans(plan: PlanNode, tables: readonly string[] = NO_SEQ_SCAN): PlanNode[] {
	return nodes(plan).filter((n) => n['Node Type'] === 'Seq Scan' && tables.includes(n['Relation Name'] ?? ''));
}

/** False for a node the executor never started (a branch not taken, e.g. the admin's in a CASE). */
export function ran(n: PlanNode): boolean {
	return n['Actual Loops'] === undefined || Number(n['Actual Loops']) > 0;
}

/** One line per scan node: `Index Scan submissions_class_state_submitted_idx (submissions s) rows=3`. */
export function scanSummary(plan: PlanNode): string[] {
	return nodes(plan)
		.filter((n) => /Scan/.test(n['Node Type']) && n['Relation Name'])
		.map(
			(n) =>
				`${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''} on ${n['Relation Name']}${n.Alias && n.Alias !== n['Relation Name'] ? ` ${n.Alias}` : ''} rows=${n['Actual Rows'] ?? '?'}`
		);
}

function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}
