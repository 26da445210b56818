/**
 * PostgREST's schema cache for the stand-in: the relations and functions of the exposed schema
 * (with their arguments) and the API roles' own settings, read from the catalog once, then kept
 * until Postgres says otherwise, so a request never queries the catalog.
 *
 * Reloaded as PostgREST reloads it: on `NOTIFY pgrst, 'reload schema'` (or an empty payload) the
 * relations and functions, on `NOTIFY pgrst, 'reload config'` the role settings, and everything
 * when the listening connection is (re)established. bootstrap.sql installs Supabase's event
 * triggers (`pgrst_ddl_watch`, `pgrst_drop_watch`) that send the notification after every DDL
 * statement, so migrations are picked up as on a project. Until the reload has run, a new table
 * is 404 PGRST205 and a new function 404 PGRST202, as PostgREST answers from a stale cache.
 */
import type postgres from 'postgres';


export interface RoutineArg {
	name: string;
	type: string;
	mode: string;
}

export interface Routine {
	oid: number;
	volatile: boolean;
	setof: boolean;
	returnsVoid: boolean;
	composite: boolean;
	nargdefaults: number;
	inArgs: RoutineArg[];
}

export interface RoleSetting {
	name: string;
	value: string;
}

interface Snapshot {
	relations: Map<string, string>;
	routines: Map<string, Routine[]>;
}

export interface SchemaCache {
	/** relkind of a table/view/… of the exposed schema, or undefined when the cache has none. */
	relation(name: string): string | undefined;
	/** Every function of that name in the exposed schema (overloads), [] when none. */
	routines(name: string): Routine[];
	/** The role's own settings PostgREST applies per request (statement_timeout, …). */
	roleSettings(role: string): RoleSetting[];
	/**
	 * PostgREST's `db-pre-request`, as the quoted qualified name of the function to call in every
	 * request's transaction, or null when none is configured (in-database config:
	 * `alter role authenticator set pgrst.db_pre_request = 'schema.function'`, read with the
	 * role settings).
	 */
	preRequest(): string | null;
	/** Read the catalog again now (what a `reload schema` notification triggers). */
	reloadSchema(): Promise<void>;
	/** Read the role settings again now (`reload config`). */
	reloadConfig(): Promise<void>;
	/** How many times the relations and functions were read (tests). */
	readonly schemaLoads: number;
	/** Stop listening. */
	stop(): Promise<void>;
}

async function loadSnapshot(sql: postgres.Sql, schema: string): Promise<Snapshot> {
	const rels = await sql.unsafe<{ relname: string; relkind: string }[]>(
		`select c.relname, c.relkind::text as relkind from pg_catalog.pg_class c
		  where c.relnamespace = $1::regnamespace and c.relkind in ('r','v','m','f','p')`,
		[schema]
	);
	const rows = await sql.unsafe<
		{ proname: string; oid: number; provolatile: string; proretset: boolean; ret_void: boolean; composite: boolean; pronargdefaults: number; args: RoutineArg[] | string }[]
	>(
		`select p.proname, p.oid::int as oid, p.provolatile, p.proretset,
		        p.prorettype = 'pg_catalog.void'::pg_catalog.regtype as ret_void,
		        (rt.typtype = 'c' or p.prorettype = 'pg_catalog.record'::pg_catalog.regtype) as composite,
		        p.pronargdefaults,
		        coalesce((
		          select json_agg(json_build_object('name', a.name, 'type', pg_catalog.format_type(a.type, null), 'mode', a.mode) order by a.ord)
		            from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]),
		                        coalesce(p.proargnames, array_fill(''::text, array[cardinality(coalesce(p.proallargtypes, p.proargtypes::oid[]))])),
		                        coalesce(p.proargmodes::text[], array_fill('i'::text, array[cardinality(coalesce(p.proallargtypes, p.proargtypes::oid[]))])))
		                 with ordinality as a(type, name, mode, ord)
		           where a.mode in ('i', 'b', 'v')
		        ), '[]'::json) as args
		   from pg_catalog.pg_proc p
		   join pg_catalog.pg_type rt on rt.oid = p.prorettype
		  where p.pronamespace = $1::regnamespace and p.prokind = 'f'`,
		[schema]
	);
	const routines = new Map<string, Routine[]>();
	for (const r of rows) {
		const list = routines.get(r.proname) ?? [];
		list.push({
			oid: r.oid,
			volatile: r.provolatile === 'v',
			setof: r.proretset,
			returnsVoid: r.ret_void,
			composite: r.composite,
			nargdefaults: r.pronargdefaults,
			inArgs: typeof r.args === 'string' ? (JSON.parse(r.args) as RoutineArg[]) : r.args
		});
		routines.set(r.proname, list);
	}
	return { relations: new Map(rels.map((r) => [r.relname, r.relkind])), routines };
}

/**
 * The impersonated roles' own settings (`ALTER ROLE anon SET statement_timeout = '3s'`), as
 * PostgREST ≥ 11.1 reads them (src/PostgREST/Config/Database.hs `queryRoleSettings`): of the roles
 * the connected role (authenticator) is a member of, every setting an ordinary user may change
 * (`pg_settings.context = 'user'`, or one it was granted SET on), value lower-cased; the isolation
 * level is not a per-request setting. Applied by `set_config(…, true)` in every request's
 * transaction. (PostgREST reads `pg_roles.rolconfig`, the settings for every database; a
 * database-specific one is taken too here, overriding it, as Postgres does at login.)
 */
async function loadRoleSettings(sql: postgres.Sql): Promise<Map<string, RoleSetting[]>> {
	const rows = await sql.unsafe<{ rolname: string; name: string; value: string }[]>(
		`with role_setting as (
		   select r.rolname, s.setdatabase, unnest(s.setconfig) as setting
		     from pg_catalog.pg_db_role_setting s
		     join pg_catalog.pg_roles r on r.oid = s.setrole
		     join pg_catalog.pg_auth_members m on m.roleid = r.oid and m.member = current_user::regrole::oid
		    where s.setdatabase in (0, (select oid from pg_catalog.pg_database where datname = current_database()))
		 )
		 select rs.rolname, substr(rs.setting, 1, strpos(rs.setting, '=') - 1) as name,
		        lower(substr(rs.setting, strpos(rs.setting, '=') + 1)) as value
		   from role_setting rs
		   join pg_catalog.pg_settings ps on ps.name = substr(rs.setting, 1, strpos(rs.setting, '=') - 1)
		    and (ps.context = 'user' or pg_catalog.has_parameter_privilege(current_user::regrole::oid, ps.name, 'set'))
		  where ps.name <> 'default_transaction_isolation'
		  order by rs.setdatabase`
	);
	const out = new Map<string, RoleSetting[]>();
	for (const r of rows) {
		// A database-specific setting (ordered last) overrides the role's global one, as in Postgres.
		const list = (out.get(r.rolname) ?? []).filter((s) => s.name !== r.name);
		list.push({ name: r.name, value: r.value });
		out.set(r.rolname, list);
	}
	return out;
}

/**
 * PostgREST's in-database configuration (`db-config`, on by default): the `pgrst.*` settings of the
 * role it connects as (authenticator), for every database or this one (the latter wins). Only
 * `db_pre_request` is used here; its value becomes a quoted qualified name.
 */
async function loadPreRequest(sql: postgres.Sql): Promise<string | null> {
	const rows = await sql.unsafe<{ value: string }[]>(
		`select substr(setting, strpos(setting, '=') + 1) as value
		   from pg_catalog.pg_db_role_setting s, unnest(s.setconfig) as setting
		  where s.setrole = current_user::regrole::oid
		    and s.setdatabase in (0, (select oid from pg_catalog.pg_database where datname = current_database()))
		    and (setting like 'pgrst.db_pre_request=%' or setting like 'pgrst.db-pre-request=%')
		  order by s.setdatabase desc limit 1`
	);
	const value = rows[0]?.value.trim();
	if (!value) return null;
	const parts = value.split('.');
	const quote = (p: string) => `"${p.replace(/"/g, '""')}"`;
	// An unqualified name is looked up in the exposed schema, as PostgREST does.
	return parts.length === 1 ? `"public".${quote(parts[0]!)}` : `${quote(parts[0]!)}.${quote(parts.slice(1).join('.'))}`;
}

/**
 * Load the cache and start listening on channel `pgrst`.
 *
 * @param sql the Data API's pool (a `listen` takes one dedicated connection of it)
 * @param schema the exposed schema (`public`)
 * @param log where a failed reload is reported (the old cache stays in use)
 * @throws when the first load fails
 */
export async function startSchemaCache(sql: postgres.Sql, schema: string, log: (line: string) => void): Promise<SchemaCache> {
	let snapshot = await loadSnapshot(sql, schema);
	let settings = await loadRoleSettings(sql);
	let preRequest = await loadPreRequest(sql);
	let schemaLoads = 1;
	// Notifications that arrive during a reload coalesce into one more reload after it.
	let running: Promise<void> | null = null;
	let again = false;
	const reloadSchema = (): Promise<void> => {
		if (running) {
			again = true;
			return running;
		}
		running = (async () => {
			do {
				again = false;
				try {
					snapshot = await loadSnapshot(sql, schema);
					schemaLoads++;
				} catch (e) {
					log(`[rest] schema cache reload failed, keeping the old one: ${e instanceof Error ? e.message : String(e)}`);
				}
			} while (again);
			running = null;
		})();
		return running;
	};
	const reloadConfig = async (): Promise<void> => {
		try {
			settings = await loadRoleSettings(sql);
			preRequest = await loadPreRequest(sql);
		} catch (e) {
			log(`[rest] role settings reload failed, keeping the old ones: ${e instanceof Error ? e.message : String(e)}`);
		}
	};
	let first = true;
	const listener = await sql.listen(
		'pgrst',
		(payload) => {
			if (payload === '' || payload === 'reload schema') void reloadSchema();
			else if (payload === 'reload config') void reloadConfig();
		},
		() => {
			// PostgREST reloads after its listener reconnects: notifications may have been missed.
			if (first) first = false;
			else void Promise.all([reloadSchema(), reloadConfig()]);
		}
	);
	return {
		relation: (name) => snapshot.relations.get(name),
		routines: (name) => snapshot.routines.get(name) ?? [],
		roleSettings: (role) => settings.get(role) ?? [],
		preRequest: () => preRequest,
		reloadSchema,
		reloadConfig,
		get schemaLoads() {
			return schemaLoads;
		},
		stop: () => listener.unlisten()
	};
}
