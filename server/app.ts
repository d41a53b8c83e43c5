/**
 * Debrief's server core: the sync endpoint and the HTTP API, mountable on any Node HTTP
 * server (our own in production, Vite's in development). It takes its storage and logger
 * as arguments and has no side effects of its own until it is attached.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CloseCode, PROTOCOL_VERSION, type Role } from '../src/lib/sync/protocol.ts';
import { BoardService } from './boards.ts';
import { FacilitationService } from './facilitation.ts';
import { ExportService, importedDocuments } from './export.ts';
import { readCausalLinks } from '../src/lib/board/causal-links.ts';
import { parseExportFile } from '../src/lib/board/export/json.ts';
import { Connection } from './connection.ts';
import { handleApiRequest } from './http.ts';
import { RoomRegistry } from './rooms.ts';
import { decideUpgrade, rejectUpgrade } from './upgrade.ts';
import { setServerContext } from './context.ts';
import type { Config } from './config.ts';
import type { BoardStore } from './persistence/store.ts';
import { describeError, type Logger } from './log.ts';

export type CoreConfig = Pick<Config, 'publicOrigin' | 'allowedOrigins' | 'maxMessageBytes' | 'compactEvery'> & Partial<Pick<Config, 'tldrawLicenseKey'>>;

export interface DebriefOptions {
	config: CoreConfig;
	store: BoardStore;
	log: Logger;
	/** How often silent websockets are checked (ms). */
	heartbeatMs?: number;
	/** Delay before retrying updates storage refused (ms). */
	retryDelayMs?: number;
}

export class Debrief {
	readonly boards: BoardService;
	readonly rooms: RoomRegistry;
	readonly facilitation: FacilitationService;
	readonly exports: ExportService;
	readonly store: BoardStore;
	readonly #config: CoreConfig;
	readonly #log: Logger;
	readonly #wss: WebSocketServer;
	readonly #connections = new Set<Connection>();
	/** How often each board's role link was revoked; upgrades in flight compare it (F7). */
	readonly #revocations = new Map<string, number>();
	readonly #heartbeat: ReturnType<typeof setInterval>;
	#closing = false;

	constructor(options: DebriefOptions) {
		this.#config = options.config;
		this.#log = options.log;
		this.store = options.store;
		this.boards = new BoardService(options.store);
		this.rooms = new RoomRegistry(options.store, options.log, {
			compactEvery: options.config.compactEvery,
			retryDelayMs: options.retryDelayMs ?? 2000
		});
		this.facilitation = new FacilitationService(options.store, this.rooms);
		this.exports = new ExportService(options.store, this.rooms, (doc) => readCausalLinks(doc).map(({ from, to }) => ({ from, to })));
		// ws closes a connection whose frame exceeds maxPayload with 1009 by itself.
		this.#wss = new WebSocketServer({ noServer: true, maxPayload: options.config.maxMessageBytes });
		this.#heartbeat = setInterval(() => this.#connections.forEach((c) => c.heartbeat()), options.heartbeatMs ?? 30_000);
		this.#heartbeat.unref();
		setServerContext({
			boards: this.boards,
			importBoard: (file) => this.boards.import(importedDocuments(parseExportFile(file))),
			tldrawLicenseKey: options.config.tldrawLicenseKey ?? null
		});
	}

	/** For an HTTP server's 'upgrade' event. Returns false when the path is not Debrief's. */
	handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
		if (!(req.url ?? '').startsWith('/sync/')) return false;
		// A client that vanishes mid-handshake must not crash the process.
		socket.on('error', () => socket.destroy());
		if (this.#closing) {
			rejectUpgrade(socket, 503, 'server restarting');
			return true;
		}
		// A link rotated while this upgrade was being checked must not let it through (F7).
		const revokedBefore = new Map(this.#revocations);
		decideUpgrade(req, this.boards, { allowedOrigins: this.#config.allowedOrigins }).then(
			(decision) => {
				if (decision.ok === 'ignore') return;
				if (decision.ok === false) {
					this.#log.info('websocket refused', { status: decision.status, reason: decision.message, path: redactKey(req.url) });
					rejectUpgrade(socket, decision.status, decision.message);
					return;
				}
				this.#wss.handleUpgrade(req, socket, head, (ws) => {
					const connection = new Connection(ws, { ...decision.target, role: decision.role, remote: req.socket.remoteAddress ?? '' }, this.#log);
					if (decision.protocolVersion !== null && decision.protocolVersion !== PROTOCOL_VERSION) {
						connection.close(CloseCode.incompatibleClient);
						return;
					}
					const revocation = `${decision.target.boardId}/${decision.role}`;
					if ((this.#revocations.get(revocation) ?? 0) !== (revokedBefore.get(revocation) ?? 0)) {
						connection.close(CloseCode.accessRevoked);
						return;
					}
					this.#connections.add(connection);
					ws.on('close', () => this.#connections.delete(connection));
					connection.serve(this.rooms.acquire(decision.target.boardId, decision.target.docName));
				});
			},
			(error) => {
				this.#log.error('upgrade failed', { error: describeError(error) });
				rejectUpgrade(socket, 500, 'internal error');
			}
		);
		return true;
	};

	/** For an HTTP server's requests. Resolves false when the path is not the API's. */
	handleRequest = (req: IncomingMessage, res: ServerResponse): Promise<boolean> =>
		handleApiRequest(req, res, {
			boards: this.boards,
			facilitation: this.facilitation,
			exports: this.exports,
			store: this.store,
			log: this.#log,
			publicOrigin: this.#config.publicOrigin,
			roomCount: () => this.rooms.size,
			revokeRole: (boardId, role) => this.revokeRole(boardId, role)
		});

	/** Closes every connection to a board that used a role's link, e.g. after rotation (F7). */
	revokeRole(boardId: string, role: Role): void {
		const key = `${boardId}/${role}`;
		this.#revocations.set(key, (this.#revocations.get(key) ?? 0) + 1);
		for (const connection of this.#connections) {
			if (connection.boardId === boardId && connection.role === role) connection.close(CloseCode.accessRevoked);
		}
	}

	get connectionCount(): number {
		return this.#connections.size;
	}

	/** Closes every socket with "server restarting" and stores every room. Leaves the store open. */
	async close(): Promise<void> {
		this.#closing = true;
		clearInterval(this.#heartbeat);
		for (const connection of this.#connections) connection.close(CloseCode.serverRestarting);
		const rooms = await this.rooms.loaded();
		await Promise.all([...rooms.map((room) => room.shutdown()), this.exports.close()]);
		this.#wss.close();
	}
}

/** Never log the key: it is a bearer secret. */
function redactKey(url: string | undefined): string {
	return (url ?? '').replace(/([?&]key=)[^&]*/, '$1<redacted>');
}

export type PageHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface RunningServer {
	server: Server;
	debrief: Debrief;
	port: number;
	/** Stops accepting, stores every room, closes sockets and the HTTP server. */
	close(): Promise<void>;
}

/** One HTTP server on one port: API first, then pages, and the sync endpoint on upgrade. */
export async function startServer(options: DebriefOptions & { port: number; host?: string; pages?: PageHandler }): Promise<RunningServer> {
	const debrief = new Debrief(options);
	const notFound = (res: ServerResponse) => {
		res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
		res.end('not found\n');
	};
	const server = createServer((req, res) => {
		debrief.handleRequest(req, res).then((handled) => {
			if (handled) return;
			if (options.pages) options.pages(req, res, () => notFound(res));
			else notFound(res);
		});
	});
	server.on('upgrade', (req, socket, head) => {
		if (!debrief.handleUpgrade(req, socket, head)) socket.destroy();
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => resolve());
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : options.port;
	return {
		server,
		debrief,
		port,
		async close() {
			server.close();
			await debrief.close();
			server.closeAllConnections();
		}
	};
}
