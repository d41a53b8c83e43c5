import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const port = Number(process.env.E2E_PORT ?? 4317);
const dataDir = mkdtempSync(path.join(tmpdir(), 'debrief-e2e-'));

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	// One folder per port, so runs on different ports never wipe each other's artifacts.
	outputDir: `test-results/e2e-${port}`,
	fullyParallel: false,
	workers: 1,
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		baseURL: `http://localhost:${port}`,
		trace: 'retain-on-failure',
		launchOptions: {
			// Debian's Chromium: Playwright cannot download its own browser here (see STACK.md).
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
		}
	},
	webServer: {
		command: 'node server/index.ts',
		url: `http://localhost:${port}/healthz`,
		reuseExistingServer: false,
		timeout: 30_000,
		env: { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', STORAGE: 'file' }
	}
});
