/**
 * Smoke test: every demo account of supabase/seed.sql (listed in demo-accounts.ts) signs in through
 * supabase-js, and a child's profile carries the nickname of the list.
 *
 * Skipped while there is no supabase/seed.sql, and for a real project unless CONFORMANCE_DEMO=1
 * (a real project only has the demo accounts if it was seeded).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../demo-accounts.ts';
import { client, clientWithToken, resolveTarget } from './target.ts';

const seedFile = path.resolve(import.meta.dirname, '..', '..', 'seed.sql');
const hasSeed = existsSync(seedFile);
const remoteWithoutDemo = !!process.env.CONFORMANCE_SUPABASE_URL && process.env.CONFORMANCE_DEMO !== '1';

describe.skipIf(!hasSeed || remoteWithoutDemo)(
	!hasSeed ? 'demo accounts (skipped: supabase/seed.sql does not exist yet)' : remoteWithoutDemo ? 'demo accounts (skipped: set CONFORMANCE_DEMO=1 if the project is seeded)' : 'demo accounts',
	() => {
		it.each(DEMO_ACCOUNTS.map((a) => [a.email, a] as const))('%s signs in', async (_email, account) => {
			const t = resolveTarget();
			const { data, error } = await client(t).auth.signInWithPassword({ email: account.email, password: account.password });
			expect(error).toBeNull();
			expect(data.user?.email).toBe(account.email);
			expect(data.session?.access_token).toBeTruthy();
			const wrong = await client(t).auth.signInWithPassword({ email: account.email, password: `${account.password}x` });
			expect(wrong.error?.code).toBe('invalid_credentials');
			if (account.nickname) {
				const profile = await clientWithToken(t, data.session!.access_token).from('profiles').select('role, display_name').eq('id', data.user!.id).single();
				expect(profile.error).toBeNull();
				expect(profile.data).toEqual({ role: 'student', display_name: account.nickname });
			}
		});
	}
);
