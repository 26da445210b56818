/**
 * Applies the project's database files to a local Postgres the way the Supabase CLI does:
 * the stand-in bootstrap (roles, auth schema), then each `supabase/migrations/<version>_<name>.sql`
 * not yet recorded in `supabase_migrations.schema_migrations`, in version order, each in one
 * transaction; then `supabase/seed.sql` when asked (fresh database or reset).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';

const root = path.resolve(import.meta.dirname, '..', '..');
const migrationsDir = path.join(root, 'supabase', 'migrations');
const seedFile = path.join(root, 'supabase', 'seed.sql');
const bootstrapFile = path.join(import.meta.dirname, 'bootstrap.sql');

const MIGRATION_FILE = /^(\d{14})_(.+)\.sql$/;

/** Migration files in version order: `{ version: '20261129000100', name, file }`. */
export function listMigrations(): { version: string; name: string; file: string }[] {
	if (!existsSync(migrationsDir)) return [];
	return readdirSync(migrationsDir)
		.map((f) => ({ f, m: MIGRATION_FILE.exec(f) }))
		.filter((x): x is { f: string; m: RegExpExecArray } => x.m !== null)
		.map(({ f, m }) => ({ version: m[1]!, name: m[2]!, file: path.join(migrationsDir, f) }))
		.sort((a, b) => a.version.localeCompare(b.version));
}

/**
 * Bring the database at `url` (a superuser connection) up to date.
 *
 * @param options.seed run supabase/seed.sql after the migrations
 * @param options.seedIfNew also run it when this call applied the first migrations of the database
 *   (a cluster initialised by a run that then failed to start never got its seed)
 * @returns the versions applied by this call
 * @throws the Postgres error of the first failing file, with the file name in the message
 */
export async function migrate(url: string, options: { seed: boolean; seedIfNew?: boolean }): Promise<string[]> {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	const applied: string[] = [];
	try {
		await runFile(sql, bootstrapFile);
		await sql.unsafe(`
			create schema if not exists supabase_migrations;
			create table if not exists supabase_migrations.schema_migrations (
				version text primary key, statements text[], name text
			);`);
		const done = new Set(
			(await sql<{ version: string }[]>`select version from supabase_migrations.schema_migrations`).map((r) => r.version)
		);
		for (const m of listMigrations()) {
			if (done.has(m.version)) continue;
			const text = readFileSync(m.file, 'utf8');
			await sql.begin(async (tx) => {
				await tx.unsafe(text).catch((e) => {
					throw new Error(`${path.basename(m.file)}: ${e.message}`, { cause: e });
				});
				await tx`insert into supabase_migrations.schema_migrations (version, statements, name)
					values (${m.version}, ${[text]}, ${m.name})`;
			});
			applied.push(m.version);
		}
		const firstMigrations = done.size === 0 && applied.length > 0;
		if ((options.seed || (options.seedIfNew && firstMigrations)) && existsSync(seedFile)) await runFile(sql, seedFile);
		return applied;
	} finally {
		await sql.end();
	}
}

async function runFile(sql: postgres.Sql, file: string): Promise<void> {
	const text = readFileSync(file, 'utf8');
	await sql.begin((tx) => tx.unsafe(text)).catch((e) => {
		throw new Error(`${path.basename(file)}: ${e.message}`, { cause: e });
	});
}
