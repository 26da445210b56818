import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Run through `npm test`, which starts Postgres and the API stand-in and passes their env.
const port = Number(process.env.CV_APP_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;

// Debian's Chromium where installed (CI, machines without internet), else Playwright's own.
const systemChromium = '/usr/bin/chromium';
const launchOptions = existsSync(systemChromium)
	? {
			executablePath: systemChromium,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	: {};

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 120_000,
	expect: { timeout: 10_000 },
	reporter: [['list']],
	use: {
		baseURL,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions } }],
	webServer: {
		// The production build, as deployed (adapter-node behind server.js), against the local stack.
		command: 'npx vite build && node server.js',
		url: `${baseURL}/zh-CN/ledger`,
		// The build alone takes 2–3 minutes on a busy 2-core machine.
		timeout: 600_000,
		reuseExistingServer: false,
		stdout: 'pipe',
		stderr: 'pipe',
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: baseURL,
			// The visitor's address comes from X-Forwarded-For when a test sends one (the Auth
			// rate-limit test, from an address of its own) and goes to Auth in the same header;
			// requests without it have no address, so the stand-in never rate-limits them.
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1',
			AUTH_CLIENT_ADDRESS_HEADER: 'X-Forwarded-For'
		}
	}
});
