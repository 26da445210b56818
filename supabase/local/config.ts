/**
 * The settings of `supabase/config.toml` the local stand-in honours, with environment overrides
 * for tests. Read once at start (as `supabase start` does); the same file configures a project
 * through `supabase config push`, so local and hosted limits come from one place.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';

/** What the stand-in takes from config.toml. */
export interface StandInConfig {
	/** `[api] max_rows` (PostgREST's db-max-rows): most rows one Data API read returns; undefined = no cap. */
	maxRows: number | undefined;
	/** `[auth.rate_limit] token_refresh` (GOTRUE_RATE_LIMIT_TOKEN_REFRESH): refill of the /token bucket, requests per 5 minutes per client address. */
	tokenRefreshPer5Min: number;
	/**
	 * The request header whose first comma-separated value is the client address for Auth rate
	 * limits (GOTRUE_RATE_LIMIT_HEADER). null = no rate limiting, as GoTrue without the header.
	 */
	rateLimitHeader: string | null;
	/**
	 * `[storage] file_size_limit` in bytes: the largest object any upload may store (Storage's
	 * FILE_SIZE_LIMIT; a bucket's own `file_size_limit` can only lower it).
	 */
	storageFileSizeLimit: number;
}

/** Supabase CLI defaults: `[api] max_rows = 1000`, `[auth.rate_limit] token_refresh = 150`, `[storage] file_size_limit = "50MiB"`. */
const DEFAULTS = { maxRows: 1000, tokenRefreshPer5Min: 150, storageFileSizeLimit: 50 * 1024 * 1024 };
/** The header the stand-in trusts by default, as a self-hosted GoTrue behind a proxy is set up. */
export const DEFAULT_RATE_LIMIT_HEADER = 'X-Forwarded-For';

const here = path.dirname(fileURLToPath(import.meta.url));
/** `supabase/config.toml` of this repository. */
export const CONFIG_TOML = path.join(here, '..', 'config.toml');

function positiveInt(v: unknown, what: string): number | undefined {
	if (v === undefined || v === null || v === '') return undefined;
	const n = typeof v === 'string' ? Number(v) : v;
	if (typeof n !== 'number' && typeof n !== 'bigint') throw new Error(`${what} must be a non-negative integer, got ${String(v)}`);
	const num = Number(n);
	if (!Number.isSafeInteger(num) || num < 0) throw new Error(`${what} must be a non-negative integer, got ${String(v)}`);
	return num;
}

function table(doc: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
	let cur: unknown = doc;
	for (const k of keys) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[k] : undefined;
	return typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>) : {};
}

/**
 * A size as the Supabase CLI writes it in config.toml (`"50MiB"`, `"5MB"`, `"512KiB"`, `1048576`).
 * The CLI reads every unit as binary (docker's RAMInBytes: `MB` = `MiB` = 2^20 bytes).
 *
 * @throws when the text is not a size
 */
export function parseCliSize(v: unknown, what: string): number | undefined {
	if (v === undefined || v === null || v === '') return undefined;
	if (typeof v === 'number' || typeof v === 'bigint') return positiveInt(v, what);
	const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*$/i.exec(String(v));
	if (!m) throw new Error(`${what} must be a size such as "50MiB", got ${String(v)}`);
	const power = ['', 'k', 'm', 'g', 't'].indexOf(m[2]!.toLowerCase());
	const bytes = Math.floor(Number(m[1]) * 1024 ** power);
	if (!Number.isSafeInteger(bytes)) throw new Error(`${what} is too large: ${String(v)}`);
	return bytes;
}

/**
 * Parse config.toml text and apply the environment overrides.
 *
 * Environment: `CV_MAX_ROWS` (a number; `0`… as PostgREST; empty = from the file),
 * `CV_AUTH_TOKEN_RATE_LIMIT` (requests per 5 minutes), `CV_AUTH_RATE_LIMIT_HEADER` (header name;
 * `none` turns Auth rate limiting off), `CV_STORAGE_FILE_SIZE_LIMIT` (a size, as in the file).
 *
 * @throws on a malformed file or a value that is not a non-negative integer
 */
export function configFromToml(text: string, env: NodeJS.ProcessEnv = process.env): StandInConfig {
	const doc = parse(text) as Record<string, unknown>;
	const api = table(doc, 'api');
	const rate = table(doc, 'auth', 'rate_limit');
	const storage = table(doc, 'storage');
	const maxRows = positiveInt(env.CV_MAX_ROWS, 'CV_MAX_ROWS') ?? positiveInt(api.max_rows, '[api] max_rows') ?? DEFAULTS.maxRows;
	const tokenRefreshPer5Min =
		positiveInt(env.CV_AUTH_TOKEN_RATE_LIMIT, 'CV_AUTH_TOKEN_RATE_LIMIT') ??
		positiveInt(rate.token_refresh, '[auth.rate_limit] token_refresh') ??
		DEFAULTS.tokenRefreshPer5Min;
	const header = env.CV_AUTH_RATE_LIMIT_HEADER?.trim();
	const rateLimitHeader = header === undefined || header === '' ? DEFAULT_RATE_LIMIT_HEADER : header.toLowerCase() === 'none' ? null : header;
	const storageFileSizeLimit =
		parseCliSize(env.CV_STORAGE_FILE_SIZE_LIMIT, 'CV_STORAGE_FILE_SIZE_LIMIT') ??
		parseCliSize(storage.file_size_limit, '[storage] file_size_limit') ??
		DEFAULTS.storageFileSizeLimit;
	return { maxRows, tokenRefreshPer5Min, rateLimitHeader, storageFileSizeLimit };
}

/** Read `supabase/config.toml` (or `file`) with the environment overrides. */
export async function loadConfig(file = CONFIG_TOML, env: NodeJS.ProcessEnv = process.env): Promise<StandInConfig> {
	return configFromToml(await readFile(file, 'utf8'), env);
}
