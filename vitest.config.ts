import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['tests/db/**/*.test.ts', 'supabase/local/**/*.test.ts'],
		testTimeout: 30_000,
		hookTimeout: 60_000,
		fileParallelism: false
	}
});
