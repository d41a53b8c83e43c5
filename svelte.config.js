import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// W1 (docs/protocol.md): every page's Content-Security-Policy, sent as a header. A board's
		// viewers load nothing from outside Debrief: canvas images are data: URLs (blob: while
		// tldraw measures or exports one); 'self' covers our websocket (ws:/wss: of this host);
		// connect-src data: because tldraw fetches its English strings, an empty file the build
		// inlines as a data: URL (no request leaves the browser). SvelteKit adds the hash of its
		// own inline start-up script. Inline styles stay allowed: Svelte and tldraw set them, and
		// whatever a style could fetch is held by img-src and font-src.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'media-src': ['self', 'data:', 'blob:'],
				'connect-src': ['self', 'data:'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
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
