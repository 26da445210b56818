/**
 * Conformance: the `storage` schema a project comes with — tables and columns, the unique key,
 * RLS on without policies, the API roles' grants, the path helpers policies use, the delete guard —
 * and that the Data API does not expose it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { client, raw, resolveTarget, type Target } from './target.ts';
import { withSql } from './storage-fixtures.ts';

let t: Target;

beforeAll(() => {
	t = resolveTarget();
});

describe('tables', () => {
	it('storage.buckets and storage.objects have Storage columns and types', async () => {
		const cols = await withSql(t, (sql) =>
			sql<{ table_name: string; column_name: string; data_type: string }[]>`
				select table_name, column_name, data_type from information_schema.columns
				 where table_schema = 'storage' and table_name in ('buckets', 'objects')`
		);
		const has = (table: string) => Object.fromEntries(cols.filter((c) => c.table_name === table).map((c) => [c.column_name, c.data_type]));
		expect(has('buckets')).toMatchObject({
			id: 'text',
			name: 'text',
			owner: 'uuid',
			owner_id: 'text',
			public: 'boolean',
			file_size_limit: 'bigint',
			allowed_mime_types: 'ARRAY',
			created_at: 'timestamp with time zone',
			updated_at: 'timestamp with time zone'
		});
		expect(has('objects')).toMatchObject({
			id: 'uuid',
			bucket_id: 'text',
			name: 'text',
			owner: 'uuid',
			owner_id: 'text',
			created_at: 'timestamp with time zone',
			updated_at: 'timestamp with time zone',
			last_accessed_at: 'timestamp with time zone',
			metadata: 'jsonb',
			path_tokens: 'ARRAY',
			version: 'text',
			user_metadata: 'jsonb'
		});
	});

	it('an object name is unique per bucket, and path_tokens splits it on /', async () => {
		const idx = await withSql(t, (sql) =>
			sql<{ indexdef: string }[]>`select indexdef from pg_indexes where schemaname = 'storage' and tablename = 'objects' and indexname = 'bucketid_objname'`
		);
		expect(idx[0]?.indexdef).toMatch(/UNIQUE INDEX bucketid_objname ON storage\.objects USING btree \(bucket_id, name\)/);
		const gen = await withSql(t, (sql) =>
			sql<{ expr: string }[]>`select pg_get_expr(d.adbin, d.adrelid) as expr from pg_attrdef d
				join pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum
			 where d.adrelid = 'storage.objects'::regclass and a.attname = 'path_tokens'`
		);
		expect(gen[0]?.expr).toMatch(/string_to_array\(name, '\/'::text\)/);
	});

	it('RLS is on for both tables', async () => {
		const rows = await withSql(t, (sql) =>
			sql<{ relname: string; relrowsecurity: boolean }[]>`select relname, relrowsecurity from pg_class
			 where relnamespace = 'storage'::regnamespace and relname in ('buckets', 'objects') order by relname`
		);
		expect(rows).toEqual([
			{ relname: 'buckets', relrowsecurity: true },
			{ relname: 'objects', relrowsecurity: true }
		]);
	});

	it.skipIf(!!process.env.CONFORMANCE_SUPABASE_URL)('the platform brings no policies: every policy on storage tables is one the project wrote', async () => {
		const rows = await withSql(t, (sql) =>
			sql<{ policyname: string }[]>`select policyname from pg_policies where schemaname = 'storage' and policyname not like 'conformance%'`
		);
		const dir = path.resolve(import.meta.dirname, '..', '..', 'migrations');
		const migrations = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
		expect(rows.filter((r) => !migrations.includes(r.policyname))).toEqual([]);
	});

	it('anon, authenticated and service_role have every table privilege (RLS decides)', async () => {
		const rows = await withSql(t, (sql) =>
			sql<{ role: string; tbl: string; ok: boolean }[]>`
				select r.role, c.tbl,
				       has_table_privilege(r.role, c.tbl, 'select') and has_table_privilege(r.role, c.tbl, 'insert')
				       and has_table_privilege(r.role, c.tbl, 'update') and has_table_privilege(r.role, c.tbl, 'delete') as ok
				  from unnest(array['anon', 'authenticated', 'service_role']) r(role)
				 cross join unnest(array['storage.buckets', 'storage.objects']) c(tbl)`
		);
		expect(rows.every((r) => r.ok)).toBe(true);
		const usage = await withSql(t, (sql) =>
			sql<{ ok: boolean }[]>`select bool_and(has_schema_privilege(r, 'storage', 'usage')) as ok from unnest(array['anon', 'authenticated', 'service_role']) r`
		);
		expect(usage[0]!.ok).toBe(true);
	});

	it('rows of storage.objects and storage.buckets cannot be deleted in SQL (only through the Storage API)', async () => {
		const err = await withSql(t, (sql) => sql`delete from storage.objects where false`.then(() => null, (e: { code: string; message: string }) => e));
		expect(err?.code).toBe('42501');
		expect(err?.message).toMatch(/Direct deletion from storage tables is not allowed/);
		const errB = await withSql(t, (sql) => sql`delete from storage.buckets where false`.then(() => null, (e: { code: string }) => e));
		expect(errB?.code).toBe('42501');
	});
});

describe('path helpers for policies', () => {
	it('foldername, filename and extension split a name as Storage does', async () => {
		const rows = await withSql(t, (sql) =>
			sql<{ name: string; folders: string[]; file: string; ext: string }[]>`
				select n as name, storage.foldername(n) as folders, storage.filename(n) as file, storage.extension(n) as ext
				  from unnest(array['a/b/c.png', 'top.jpg', 'user-1/photo.tar.gz', 'README', 'dir/']) n`
		);
		expect(rows).toEqual([
			{ name: 'a/b/c.png', folders: ['a', 'b'], file: 'c.png', ext: 'png' },
			{ name: 'top.jpg', folders: [], file: 'top.jpg', ext: 'jpg' },
			{ name: 'user-1/photo.tar.gz', folders: ['user-1'], file: 'photo.tar.gz', ext: 'gz' },
			{ name: 'README', folders: [], file: 'README', ext: 'README' },
			{ name: 'dir/', folders: ['dir'], file: '', ext: '' }
		]);
	});

	it('the helpers are immutable and executable by the API roles', async () => {
		const rows = await withSql(t, (sql) =>
			sql<{ proname: string; provolatile: string; ok: boolean }[]>`
				select p.proname, p.provolatile,
				       has_function_privilege('anon', p.oid, 'execute') and has_function_privilege('authenticated', p.oid, 'execute') as ok
				  from pg_proc p where p.pronamespace = 'storage'::regnamespace and p.proname in ('foldername', 'filename', 'extension')
				 order by 1`
		);
		expect(rows).toEqual([
			{ proname: 'extension', provolatile: 'i', ok: true },
			{ proname: 'filename', provolatile: 'i', ok: true },
			{ proname: 'foldername', provolatile: 'i', ok: true }
		]);
	});
});

describe('the Data API does not expose storage', () => {
	it('the storage profile is refused (PGRST106) and storage tables are not in public', async () => {
		const r = await client(t, t.serviceRoleKey).schema('storage').from('objects').select('id').limit(1);
		expect(r.status).toBe(406);
		expect(r.error?.code).toBe('PGRST106');
		const res = await raw(t, '/rest/v1/objects?select=id', { key: t.serviceRoleKey });
		expect(res.status).toBe(404);
		expect(((await res.json()) as { code: string }).code).toBe('PGRST205');
	});
});
