import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		projects: [
			{
				// App code, compiled as the app is (SvelteKit + Paraglide plugins from vite.config.ts).
				extends: './vite.config.ts',
				test: { name: 'unit', include: ['src/**/*.test.ts'] }
			},
			{
				// Against the real local Postgres and API that `npm test` starts (env CV_DB_URL, …).
				test: {
					name: 'integration',
					include: ['tests/db/**/*.test.ts', 'supabase/local/**/*.test.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000,
					fileParallelism: false
				}
			}
		]
	}
});
