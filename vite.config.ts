import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { debriefDevServer } from './server/vite-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), debriefDevServer()],
	// @tldraw/assets imports its fonts, icons and translations with ?url; pre-bundling it breaks that in `vite dev`.
	optimizeDeps: { exclude: ['@tldraw/assets'] },
	test: {
		include: ['src/**/*.spec.ts', 'server/**/*.spec.ts', 'docs/**/*.spec.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		testTimeout: 20_000,
		hookTimeout: 20_000
	}
});
