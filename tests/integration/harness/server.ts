/**
 * A Debrief server on a real port (port 0 unless told), and boards created through its API.
 */
import { createServer as createNetServer, type Socket } from 'node:net';
import { startServer, type CoreConfig, type RunningServer } from '../../../server/app.ts';
import type { LimitOverrides } from '../../../server/limits/limits.ts';
import { createLogger } from '../../../server/log.ts';
import type { BoardStore } from '../../../server/persistence/store.ts';
import { type Role } from '../../../src/lib/sync/protocol/constants.ts';
import { onCleanup } from './wait.ts';


// Servers.

export interface TestServer {
	/** http://127.0.0.1:<port> */
	url: string;
	/** ws://127.0.0.1:<port>/sync, the y-websocket server URL (the board id is appended). */
	wsUrl: string;
	port: number;
	running: RunningServer;
	store: BoardStore;
	/** Graceful: what SIGTERM does (close sockets with 1012, store every room). */
	close(): Promise<void>;
	/**
	 * Simulated crash: stops listening and destroys every TCP socket at once, without
	 * running the shutdown path. Pair it with ControlledStore.freeze() so the abandoned
	 * process writes nothing more, as a killed process would not.
	 */
	abandon(): void;
}

export interface StartOptions {
	store: BoardStore;
	config?: Partial<CoreConfig>;
	port?: number;
	retryDelayMs?: number;
	heartbeatMs?: number;
	/** Per-connection rates and the like (L1–L9); the defaults otherwise. */
	limits?: LimitOverrides;
}

export async function startTestServer({ store, config, port = 0, retryDelayMs, heartbeatMs, limits }: StartOptions): Promise<TestServer> {
	const running = await startServer({
		config: { publicOrigin: null, allowedOrigins: null, maxMessageBytes: 1024 * 1024, compactEvery: 200, ...config },
		store,
		log: createLogger('silent'),
		port,
		host: '127.0.0.1',
		...(retryDelayMs === undefined ? {} : { retryDelayMs }),
		...(heartbeatMs === undefined ? {} : { heartbeatMs }),
		...(limits === undefined ? {} : { limits })
	});
	const sockets = new Set<Socket>();
	running.server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	let stopped = false;
	const close = async () => {
		if (stopped) return;
		stopped = true;
		await running.close();
	};
	const abandon = () => {
		if (stopped) return;
		stopped = true;
		running.server.close();
		running.server.closeAllConnections();
		for (const socket of sockets) socket.destroy();
	};
	onCleanup(async () => {
		if (!stopped) await close();
	});
	return {
		url: `http://127.0.0.1:${running.port}`,
		wsUrl: `ws://127.0.0.1:${running.port}/sync`,
		port: running.port,
		running,
		store,
		close,
		abandon
	};
}

/** A port nothing listens on right now, for restarting a server on the same port. */
export async function freePort(): Promise<number> {
	const server = createNetServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	await new Promise<void>((resolve) => server.close(() => resolve()));
	if (typeof address !== 'object' || !address) throw new Error('no port');
	return address.port;
}


// HTTP API.

export interface TestBoard {
	id: string;
	keys: Record<Role, string>;
}

export async function createBoard(url: string, title: string): Promise<TestBoard> {
	const response = await fetch(`${url}/api/boards`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ title })
	});
	if (response.status !== 201) throw new Error(`POST /api/boards answered ${response.status}: ${await response.text()}`);
	const body = (await response.json()) as { id: string; links: Record<Role, string> };
	const keys = Object.fromEntries(
		Object.entries(body.links).map(([role, link]) => {
			const match = /#k=([A-Za-z0-9_-]+)$/.exec(link);
			if (!match) throw new Error(`no key in link ${link}`);
			return [role, match[1]];
		})
	) as Record<Role, string>;
	return { id: body.id, keys };
}
