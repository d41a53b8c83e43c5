/**
 * `npm run dev`: mounts the same server core on Vite's dev server, so the sync endpoint and
 * the API behave in development exactly as in production.
 */
import type { Plugin } from 'vite';
import { Debrief } from './app.ts';
import { parseConfig } from './config.ts';
import { createLogger } from './log.ts';
import { openStore } from './persistence/index.ts';

export function debriefDevServer(): Plugin {
	return {
		name: 'debrief-dev-server',
		apply: 'serve',
		async configureServer(server) {
			const config = parseConfig(process.env);
			const log = createLogger(config.logLevel);
			const store = await openStore({ kind: config.storage, dataDir: config.dataDir, redisUrl: config.redisUrl ?? undefined, logger: log });
			const debrief = new Debrief({ config, store, log });
			// Vite's own HMR socket shares this server: handleUpgrade leaves it alone.
			server.httpServer?.on('upgrade', (req, socket, head) => debrief.handleUpgrade(req, socket, head));
			server.middlewares.use((req, res, next) => {
				debrief.handleRequest(req, res).then((handled) => handled || next(), next);
			});
			server.httpServer?.on('close', () => void debrief.close().then(() => store.close()));
		}
	};
}
