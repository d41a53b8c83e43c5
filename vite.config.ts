import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { debriefDevServer } from './server/vite-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), debriefDevServer()],
	test: {
		include: ['src/**/*.spec.ts', 'server/**/*.spec.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		testTimeout: 20_000,
		hookTimeout: 20_000
	}
});
