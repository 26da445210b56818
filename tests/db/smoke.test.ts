import { describe, expect, it } from 'vitest';
import postgres from 'postgres';

describe('local database', () => {
	it('has the Supabase roles and auth helpers', async () => {
		const sql = postgres(process.env.CV_DB_URL!, { max: 1 });
		const roles = await sql`select rolname from pg_roles where rolname in ('anon','authenticated','service_role','authenticator') order by 1`;
		expect(roles.map((r) => r.rolname)).toEqual(['anon', 'authenticated', 'authenticator', 'service_role']);
		const [row] = await sql.begin(async (tx) => {
			await tx`select set_config('request.jwt.claims', '{"sub":"00000000-0000-0000-0000-000000000001","role":"authenticated"}', true)`;
			return tx`select auth.uid() as uid`;
		});
		expect(row?.uid).toBe("00000000-0000-0000-0000-000000000001");
		await sql.end();
	});
});
