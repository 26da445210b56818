/**
 * Conformance: the settings of the role a request runs as (`ALTER ROLE anon SET …`) apply inside
 * that request, as PostgREST ≥ 11.1 applies an impersonated role's settings: those an ordinary
 * user may change (pg_settings.context = 'user'), read again on `NOTIFY pgrst, 'reload config'`.
 * A setting only a superuser may change is left out (the request still works).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, resolveTarget, superuser, type Target } from './target.ts';

let t: Target;
const fn = `conformance_settings_${randomBytes(4).toString('hex')}`;

async function db(text: string): Promise<void> {
	const sql = superuser(t);
	try {
		await sql.unsafe(text);
	} finally {
		await sql.end();
	}
}

/** The settings in force inside one anon request. */
async function settingsInRequest(): Promise<Record<string, string>> {
	const r = await raw(t, `/rest/v1/rpc/${fn}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
	expect(r.status).toBe(200);
	return (await r.json()) as Record<string, string>;
}

/** Poll until `probe` holds (the reload is asynchronous), for at most 10 s. */
async function eventually(probe: () => Promise<boolean>): Promise<boolean> {
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		if (await probe()) return true;
		await new Promise((r) => setTimeout(r, 50));
	}
	return false;
}

beforeAll(async () => {
	t = resolveTarget();
	await db(`create function public.${fn}() returns json language sql stable as $$
		select json_build_object(
			'plan_cache_mode', current_setting('plan_cache_mode'),
			'statement_timeout', current_setting('statement_timeout'),
			'lock_timeout', current_setting('lock_timeout'),
			'log_min_duration_statement', current_setting('log_min_duration_statement'))
		$$;
		grant execute on function public.${fn}() to anon`);
});

afterAll(async () => {
	if (!t) return;
	await db(`alter role anon reset lock_timeout; alter role anon reset log_min_duration_statement;
		drop function if exists public.${fn}(); notify pgrst, 'reload config'`);
});

describe("the request role's own settings", () => {
	it("are in force in the request: anon's statement_timeout and plan_cache_mode (the project's migrations set them)", async () => {
		await eventually(async () => (await settingsInRequest()).plan_cache_mode === 'force_custom_plan');
		const s = await settingsInRequest();
		expect(s.statement_timeout).toBe('3s');
		expect(s.plan_cache_mode).toBe('force_custom_plan');
	});

	it("a changed one applies after NOTIFY pgrst, 'reload config'; one only a superuser may set does not, and the request still works", async () => {
		const before = await settingsInRequest();
		await db(`alter role anon set lock_timeout = '4321ms'; alter role anon set log_min_duration_statement = '98765'`);
		await db(`notify pgrst, 'reload config'`);
		expect(await eventually(async () => (await settingsInRequest()).lock_timeout === '4321ms')).toBe(true);
		const after = await settingsInRequest();
		expect(after.log_min_duration_statement).toBe(before.log_min_duration_statement);
		expect(after.log_min_duration_statement).not.toBe('98765ms');
	});
});
