/**
 * Helpers of the Storage conformance files: Storage clients per role, throw-away buckets, raw
 * requests, and (locally) the byte store on disk. Works against the stand-in and a real project
 * alike (see target.ts); buckets are named `conformance-<label>-<random>` and removed afterwards
 * through the Storage API (rows of storage.objects cannot be deleted in SQL on a project).
 */
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { StorageClient } from '@supabase/storage-js';
import { client, clientWithToken, superuser, type Target, type TestUser } from './target.ts';

/** Storage as the holder of `key` (anon or service role) sees it, through supabase-js. */
export function storageAs(t: Target, key: string): StorageClient {
	return client(t, key).storage;
}

/** Storage as a signed-in user (the access token as Bearer, the anon key as apikey). */
export function storageAsUser(t: Target, accessToken: string): StorageClient {
	return clientWithToken(t, accessToken).storage;
}

/** A bucket id no other run uses. */
export function bucketName(label: string): string {
	return `conformance-${label}-${randomBytes(4).toString('hex')}`;
}

/** Sign a test user in; their access token. */
export async function accessToken(t: Target, u: TestUser): Promise<string> {
	const r = await client(t).auth.signInWithPassword({ email: u.email, password: u.password });
	if (!r.data.session) throw new Error(`sign-in failed: ${r.error?.message}`);
	return r.data.session.access_token;
}

/** Every object name in a bucket (walks the folders of `list`), as the service role. */
export async function allNames(t: Target, bucket: string, prefix = ''): Promise<string[]> {
	const s = storageAs(t, t.serviceRoleKey).from(bucket);
	const out: string[] = [];
	for (let offset = 0; ; offset += 100) {
		const { data, error } = await s.list(prefix, { limit: 100, offset });
		if (error) throw error;
		for (const e of data) {
			const full = prefix ? `${prefix}/${e.name}` : e.name;
			if (e.id === null) out.push(...(await allNames(t, bucket, full)));
			else out.push(full);
		}
		if (data.length < 100) return out;
	}
}

/** Remove a bucket and everything in it (through the API, as the service role); a missing bucket is fine. */
export async function dropBucket(t: Target, bucket: string): Promise<void> {
	const s = storageAs(t, t.serviceRoleKey);
	const { error } = await s.getBucket(bucket);
	if (error) return;
	const names = await allNames(t, bucket);
	for (let i = 0; i < names.length; i += 500) {
		const r = await s.from(bucket).remove(names.slice(i, i + 500));
		if (r.error) throw r.error;
	}
	const d = await s.deleteBucket(bucket);
	if (d.error) throw d.error;
}

/** Run SQL as the superuser of the target (fixtures: policies, checks of rows). */
export async function withSql<T>(t: Target, fn: (sql: ReturnType<typeof superuser>) => Promise<T>): Promise<T> {
	const sql = superuser(t);
	try {
		return await fn(sql);
	} finally {
		await sql.end();
	}
}

/** A raw request to `/storage/v1<path>`, with the headers supabase-js sends for `bearer` (default: the anon key). */
export function storageFetch(t: Target, p: string, init: RequestInit & { bearer?: string | null } = {}): Promise<Response> {
	const headers = new Headers(init.headers);
	headers.set('apikey', t.anonKey);
	const bearer = init.bearer === undefined ? t.anonKey : init.bearer;
	if (bearer !== null) headers.set('Authorization', `Bearer ${bearer}`);
	return fetch(`${t.url}/storage/v1${p}`, { ...init, headers });
}

/** Storage's error body. */
export interface StorageErrorBody {
	statusCode: string;
	error: string;
	message: string;
	code?: string;
}

/** The directory of the stand-in's object bytes (CV_STORAGE_DIR), or null against a real project. */
export function localStorageDir(t: Target): string | null {
	return t.kind === 'local' ? (process.env.CV_STORAGE_DIR ?? null) : null;
}

/** Every file under a directory, relative paths (the stand-in's byte store). */
export async function filesUnder(dir: string): Promise<string[]> {
	const out: string[] = [];
	async function walk(d: string): Promise<void> {
		let entries;
		try {
			entries = await readdir(d, { withFileTypes: true });
		} catch {
			return;
		}
		for (const e of entries) {
			const p = path.join(d, e.name);
			if (e.isDirectory()) await walk(p);
			else out.push(path.relative(dir, p));
		}
	}
	await walk(dir);
	return out;
}

/** The version ids that have bytes in the stand-in's store. */
export async function storedVersions(t: Target): Promise<Set<string>> {
	const dir = localStorageDir(t);
	if (!dir) return new Set();
	return new Set((await filesUnder(dir)).filter((f) => !f.startsWith('tmp')).map((f) => path.basename(f)));
}

/** The `version` of an object row (where its bytes are kept). */
export async function versionOf(t: Target, bucket: string, name: string): Promise<string | null> {
	return withSql(t, async (sql) => {
		const rows = await sql<{ version: string | null }[]>`select version from storage.objects where bucket_id = ${bucket} and name = ${name}`;
		return rows[0]?.version ?? null;
	});
}

/** The project's JWT secret when the suite knows it (local; remote only with CONFORMANCE_SUPABASE_JWT_SECRET). */
export function jwtSecret(t: Target): string | undefined {
	return t.kind === 'local' ? process.env.SUPABASE_JWT_SECRET : process.env.CONFORMANCE_SUPABASE_JWT_SECRET;
}
