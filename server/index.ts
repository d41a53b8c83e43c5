/**
 * The one entry point with side effects: reads the configuration, opens storage, serves the
 * built SvelteKit app and the sync endpoint on one port, and shuts down cleanly on signals.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError, parseConfig } from './config.ts';
import { createLogger, describeError } from './log.ts';
import { openStore } from './persistence/index.ts';
import { startServer, type PageHandler } from './app.ts';
import { withDeadline } from './sync/deadline.ts';
import { MAX_IMPORT_BYTES } from '../src/lib/sync/protocol/limits.ts';
import { requestScheme } from './sync/origin.ts';

/** Longest a shutdown may take, whatever storage does. */
const SHUTDOWN_LIMIT_MS = 15_000;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
	let config;
	try {
		config = parseConfig(process.env);
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(`Debrief cannot start: ${error.message}`);
			process.exit(2);
		}
		throw error;
	}
	const log = createLogger(config.logLevel);

	const handlerPath = path.join(root, 'build', 'handler.js');
	if (!existsSync(handlerPath)) {
		console.error('Debrief cannot start: the app is not built. Run `npm run build` (or `npm start`, which builds first).');
		process.exit(2);
	}

	let store;
	try {
		store = await openStore({ kind: config.storage, dataDir: config.dataDir, redisUrl: config.redisUrl ?? undefined, logger: log });
	} catch (error) {
		console.error(`Debrief cannot start: ${describeError(error)}`);
		process.exit(3);
	}

	// adapter-node assumes https unless told otherwise, which breaks SvelteKit's same-origin
	// check for forms on plain http. Without ORIGIN we tell it the scheme the request really used
	// (or that a TLS-terminating proxy reports). It reads its environment once, at import.
	const schemeHeader = 'x-debrief-scheme';
	if (!config.publicOrigin && !process.env.PROTOCOL_HEADER) process.env.PROTOCOL_HEADER = schemeHeader;
	// Imported exports come through the home page's form: allow them up to the API's limit.
	process.env.BODY_SIZE_LIMIT ??= String(MAX_IMPORT_BYTES);
	const { handler } = (await import(pathToFileURL(handlerPath).href)) as { handler: PageHandler };
	const pages: PageHandler = (req, res, next) => {
		req.headers[schemeHeader] = requestScheme(req);
		handler(req, res, next);
	};
	const running = await startServer({ config, store, log, port: config.port, host: config.host, pages });
	log.info('Debrief is listening', {
		url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${running.port}`,
		storage: store.kind,
		...(store.kind === 'file' ? { dataDir: config.dataDir } : {})
	});

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info('stopping: storing every board', { signal });
		// Storage that hangs must not keep the process alive forever (D2): each append and the
		// store's own close have deadlines, and this is the last resort.
		setTimeout(() => {
			log.error('shutdown did not finish in time; exiting', { afterMs: SHUTDOWN_LIMIT_MS });
			process.exit(1);
		}, SHUTDOWN_LIMIT_MS).unref();
		try {
			await running.close();
			await withDeadline(store.close(), config.storageTimeoutMs, 'closing storage').catch((error) => log.warn('storage did not close cleanly', { error: describeError(error) }));
			log.info('stopped');
			process.exit(0);
		} catch (error) {
			log.error('shutdown failed', { error: describeError(error) });
			process.exit(1);
		}
	};
	process.on('SIGTERM', () => void stop('SIGTERM'));
	process.on('SIGINT', () => void stop('SIGINT'));
}

await main();
