import { error } from '@sveltejs/kit';
import type { RequestClient } from './supabase';
import { csvStream, exportResponse, paged, xlsxStream, type ExportColumn, type ExportFormat } from './export';

/**
 * Dashboards for staff (their districts and departments) and admins (the city), read from the
 * rollups the database keeps (view dashboard_groups, migration 20261130140000): a few rows per
 * group, never a scan of the submissions. What each reader sees is decided by RLS.
 */

export { DIMS } from '$lib/components/dashboard/dims';
import { DIMS } from '$lib/components/dashboard/dims';
export type Dim = (typeof DIMS)[number];

/** Most groups read per dimension (a city has 16 districts, a few hundred schools, 36 departments). */
export const MAX_GROUPS = 500;

/** One group of a dashboard, with its rates worked out; names in both languages. */
export interface DashboardGroup {
	dim: Dim;
	key: string;
	name_zh: string | null;
	name_en: string | null;
	submissions: number;
	forwarded: number;
	rejected: number;
	answered: number;
	adopted: number;
	done: number;
	/** Calendar days (Asia/Shanghai), lower median; 61 = more than 60; null = no answers. */
	median_days: number | null;
	/** Working days (the working calendar, 20261130200000), lower median; 61 = more than 60; null = no answers. */
	median_working_days: number | null;
	overdue: number;
	/** forwarded / (forwarded + rejected), 0–1; null when no teacher decided yet. */
	approval_rate: number | null;
	/** answered / forwarded, 0–1; null when nothing was forwarded. */
	answer_rate: number | null;
}

export type Dashboard = Record<Dim, DashboardGroup[]> & { truncated: Dim[] };

interface GroupRow {
	dim: Dim;
	group_key: string;
	submissions: number;
	forwarded: number;
	rejected: number;
	answered: number;
	adopted: number;
	done: number;
	median_days_to_answer: number | null;
	median_working_days_to_answer: number | null;
	overdue: number;
}

const NAME_TABLE: Partial<Record<Dim, 'districts' | 'schools' | 'departments' | 'street_offices'>> = {
	district: 'districts',
	school: 'schools',
	department: 'departments',
	street_office: 'street_offices'
};

/**
 * The dashboard the caller may read: per dimension, its groups, most submissions first.
 * Group names come from districts / schools / departments (category names are translated by the
 * page). Errors of the Data API are thrown.
 */
export async function loadDashboard(supabase: RequestClient): Promise<Dashboard> {
	const result = { truncated: [] as Dim[] } as unknown as Dashboard;
	await Promise.all(
		DIMS.map(async (dim) => {
			const { data, error: e } = await supabase
				.from('dashboard_groups')
				.select('dim, group_key, submissions, forwarded, rejected, answered, adopted, done, median_days_to_answer, median_working_days_to_answer, overdue')
				.eq('dim', dim)
				.order('submissions', { ascending: false })
				.order('group_key')
				.range(0, MAX_GROUPS);
			if (e) throw e;
			const rows = (data ?? []) as GroupRow[];
			if (rows.length > MAX_GROUPS) {
				rows.length = MAX_GROUPS;
				result.truncated.push(dim);
			}
			const names = new Map<string, { name_zh: string; name_en: string | null }>();
			const table = NAME_TABLE[dim];
			const ids = rows.map((r) => r.group_key).filter((k) => k !== '');
			if (table && ids.length) {
				const { data: named, error: ne } = await supabase.from(table).select('id, name_zh, name_en').in('id', ids);
				if (ne) throw ne;
				for (const n of named ?? []) names.set(n.id as string, n as { name_zh: string; name_en: string | null });
			}
			result[dim] = rows.map((r) => ({
				dim,
				key: r.group_key,
				name_zh: names.get(r.group_key)?.name_zh ?? null,
				name_en: names.get(r.group_key)?.name_en ?? null,
				submissions: r.submissions,
				forwarded: r.forwarded,
				rejected: r.rejected,
				answered: r.answered,
				adopted: r.adopted,
				done: r.done,
				median_days: r.median_days_to_answer,
				median_working_days: r.median_working_days_to_answer,
				overdue: r.overdue,
				approval_rate: r.forwarded + r.rejected > 0 ? r.forwarded / (r.forwarded + r.rejected) : null,
				answer_rate: r.forwarded > 0 ? r.answered / r.forwarded : null
			}));
		})
	);
	return result;
}

/** Rows of the answered-items export: the public copy only (no author, class, school or account). */
export interface AnsweredRow {
	title: string;
	decision: string;
	reply: string;
	district_name_zh: string;
	district_name_en: string;
	answered_at: string;
	progress_stage: string | null;
	progress_note: string | null;
	cosigners: number;
}

/** Most answered items one export holds, and rows read per request. */
export const EXPORT_CAP = 10_000;
const EXPORT_PAGE = 500;

/** Translated texts an export needs (the route passes them in the reader's language). */
export interface ExportTexts {
	dimName: (dim: Dim) => string;
	groupName: (g: DashboardGroup) => string;
	decisionName: (d: string) => string;
	stageName: (s: string | null) => string;
	date: (iso: string) => string;
	headers: {
		dashboard: string[];
		answers: string[];
	};
	sheet: { dashboard: string; answers: string };
}

/**
 * A streamed CSV or XLSX download of the dashboard (every group of every dimension) or of the
 * answered items the reader may export: staff (onlyMine) those whose submission they may read —
 * their districts', and those routed to their departments or street offices (the submissions'
 * RLS decides, view my_answered_items, 20261130200100) — admins all; newest first, at most EXPORT_CAP rows, read EXPORT_PAGE at a time.
 */
export async function exportDownload(
	supabase: RequestClient,
	opts: { what: string | null; format: string | null; onlyMine: boolean; texts: ExportTexts; baseName: string }
): Promise<Response> {
	const format = opts.format === 'xlsx' ? 'xlsx' : opts.format === 'csv' ? 'csv' : null;
	if (!format || (opts.what !== 'dashboard' && opts.what !== 'answers')) error(404);
	const t = opts.texts;
	if (opts.what === 'dashboard') {
		const dash = await loadDashboard(supabase);
		const rows = DIMS.flatMap((d) => dash[d]);
		const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
		const h = t.headers.dashboard;
		const columns: ExportColumn<DashboardGroup>[] = [
			{ header: h[0]!, value: (g) => t.dimName(g.dim) },
			{ header: h[1]!, value: (g) => t.groupName(g), width: 28 },
			{ header: h[2]!, value: (g) => g.submissions },
			{ header: h[3]!, value: (g) => g.forwarded },
			{ header: h[4]!, value: (g) => g.rejected },
			{ header: h[5]!, value: (g) => pct(g.approval_rate) },
			{ header: h[6]!, value: (g) => g.answered },
			{ header: h[7]!, value: (g) => pct(g.answer_rate) },
			{ header: h[8]!, value: (g) => g.median_days },
			{ header: h[9]!, value: (g) => g.overdue },
			{ header: h[10]!, value: (g) => g.adopted },
			{ header: h[11]!, value: (g) => g.done },
			{ header: h[12]!, value: (g) => g.median_working_days }
		];
		const pages = (async function* () {
			yield rows;
		})();
		return send(format, opts.baseName + '-dashboard', t.sheet.dashboard, columns, pages);
	}
	const h = t.headers.answers;
	const columns: ExportColumn<AnsweredRow>[] = [
		{ header: h[0]!, value: (r) => t.date(r.answered_at), width: 18 },
		{ header: h[1]!, value: (r) => r.district_name_zh },
		{ header: h[2]!, value: (r) => r.district_name_en },
		{ header: h[3]!, value: (r) => r.title, width: 40 },
		{ header: h[4]!, value: (r) => t.decisionName(r.decision) },
		{ header: h[5]!, value: (r) => r.reply, width: 60 },
		{ header: h[6]!, value: (r) => t.stageName(r.progress_stage) },
		{ header: h[7]!, value: (r) => r.progress_note, width: 40 },
		{ header: h[8]!, value: (r) => r.cosigners }
	];
	const pages = paged<AnsweredRow>(
		async (from, to) => {
			const cols = 'title, decision, reply, district_name_zh, district_name_en, answered_at, progress_stage, progress_note, cosigners';
			const { data, error: e } = await supabase
				.from(opts.onlyMine ? 'my_answered_items' : 'published_answers')
				.select(cols)
				.order('answered_at', { ascending: false })
				.order('submission_id')
				.range(from, to);
			if (e) throw e;
			return (data ?? []) as AnsweredRow[];
		},
		EXPORT_PAGE,
		EXPORT_CAP
	);
	return send(format, opts.baseName + '-answers', t.sheet.answers, columns, pages);
}

function send<R>(format: ExportFormat, name: string, sheet: string, columns: ExportColumn<R>[], pages: AsyncIterable<R[]>): Response {
	return exportResponse(format, name, format === 'csv' ? csvStream(columns, pages) : xlsxStream(sheet, columns, pages));
}
