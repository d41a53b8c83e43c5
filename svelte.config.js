import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		typescript: {
			config: (tsconfig) => {
				// Shared code imports siblings with explicit .ts endings so Node can run it directly.
				tsconfig.compilerOptions.allowImportingTsExtensions = true;
				return tsconfig;
			}
		}
	}
};

export default config;
