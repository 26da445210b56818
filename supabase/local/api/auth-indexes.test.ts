/**
 * auth.* has the indexes of a Supabase project (Supabase Auth's migrations), and the stand-in's
 * Auth lookups are written so those indexes serve them: with 20 000 users a password sign-in's
 * lookup, the failed-sign-in diagnostics and a global logout's token cleanup never scan a table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { MISSING_USER_LOOKUP, PASSWORD_SIGN_IN_LOOKUP } from './auth.ts';

const NIL = '00000000-0000-0000-0000-000000000000';
let sql: postgres.Sql;

beforeAll(() => {
	sql = postgres(process.env.CV_DB_URL!, { max: 1, onnotice: () => {} });
});

afterAll(async () => {
	await sql?.end();
});

/** Supabase Auth's index names and the column text each must cover. */
const EXPECTED: [table: string, index: string, covers: string][] = [
	['users', 'users_instance_id_email_idx', '(instance_id, lower((email)::text))'],
	['users', 'users_instance_id_idx', '(instance_id)'],
	['users', 'users_email_partial_key', '(email) WHERE (is_sso_user = false)'],
	['users', 'users_is_anonymous_idx', '(is_anonymous)'],
	['users', 'confirmation_token_idx', '(confirmation_token)'],
	['users', 'recovery_token_idx', '(recovery_token)'],
	['users', 'email_change_token_current_idx', '(email_change_token_current)'],
	['users', 'email_change_token_new_idx', '(email_change_token_new)'],
	['users', 'reauthentication_token_idx', '(reauthentication_token)'],
	['identities', 'identities_user_id_idx', '(user_id)'],
	['identities', 'identities_email_idx', '(email text_pattern_ops)'],
	['sessions', 'sessions_user_id_idx', '(user_id)'],
	['sessions', 'sessions_not_after_idx', '(not_after DESC)'],
	['refresh_tokens', 'refresh_tokens_instance_id_user_id_idx', '(instance_id, user_id)'],
	['refresh_tokens', 'refresh_tokens_parent_idx', '(parent)'],
	['refresh_tokens', 'refresh_tokens_session_id_revoked_idx', '(session_id, revoked)'],
	['refresh_tokens', 'refresh_tokens_updated_at_idx', '(updated_at DESC)']
];

describe('auth schema indexes', () => {
	it("has Supabase Auth's indexes", async () => {
		const rows = await sql<{ tablename: string; indexname: string; indexdef: string }[]>`
			select tablename, indexname, indexdef from pg_indexes where schemaname = 'auth'`;
		for (const [table, index, covers] of EXPECTED) {
			const row = rows.find((r) => r.indexname === index);
			expect(row, index).toBeDefined();
			expect(row!.tablename).toBe(table);
			expect(row!.indexdef).toContain(covers);
		}
	});

	it('with 20 000 users, the sign-in lookups and the token cleanup use an index, never a scan', async () => {
		const plans = await sql
			.begin(async (tx) => {
				await tx.unsafe(`
					insert into auth.users (instance_id, id, aud, role, email, encrypted_password, created_at, updated_at)
					select '${NIL}', gen_random_uuid(), 'authenticated', 'authenticated', 'scale-' || g || '@example.com', '', now(), now()
					  from generate_series(1, 20000) g;
					insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at)
					select '${NIL}', 'scale-token-' || g, 'scale-user-' || (g % 5000), false, now(), now()
					  from generate_series(1, 20000) g;
					analyze auth.users;
					analyze auth.refresh_tokens;`);
				const explain = async (text: string, params: string[]) =>
					JSON.stringify(await tx.unsafe(`explain (format json) ${text}`, params));
				const out = [
					await explain(PASSWORD_SIGN_IN_LOOKUP, [NIL, 'Scale-777@Example.com', 'authenticated']),
					await explain(MISSING_USER_LOOKUP, ['nobody@example.com', NIL]),
					await explain(`delete from auth.refresh_tokens where (instance_id = $2 or instance_id is null) and user_id = $1`, ['scale-user-42', NIL])
				];
				// Roll the rows back.
				throw Object.assign(new Error('rollback'), { plans: out });
			})
			.catch((e: Error & { plans?: string[] }) => {
				if (!e.plans) throw e;
				return e.plans;
			});
		expect(plans[0]).toContain('users_instance_id_email_idx');
		expect(plans[0]).not.toContain('Seq Scan');
		expect(plans[1]).toContain('users_instance_id_email_idx');
		expect(plans[1]).not.toContain('Seq Scan');
		expect(plans[2]).not.toContain('Seq Scan');
	});
});
