/**
 * Debrief's server core: the sync endpoint and the HTTP API, mountable on any Node HTTP
 * server (our own in production, Vite's in development). It takes its storage and logger
 * as arguments and has no side effects of its own until it is attached.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CloseCode, PROTOCOL_VERSION, SYNC_PATH_PREFIX, type Role } from '../src/lib/sync/protocol/constants.ts';
import { MAX_DOCUMENT_BYTES } from '../src/lib/board/shape.ts';
import { BoardService } from './services/boards.ts';
import { FacilitationService } from './services/facilitation.ts';
import { ExportService, importedDocuments } from './services/export.ts';
import { parseExportFile } from '../src/lib/board/export/json.ts';
import { Connection } from './sync/connection.ts';
import { handleApiRequest } from './api/router.ts';
import { RoomRegistry } from './sync/rooms.ts';
import { decideUpgrade, rejectUpgrade } from './sync/upgrade.ts';
import { setServerContext } from './sveltekit-context.ts';
import { setSecurityHeaders } from './api/security-headers.ts';
import { Limits, type GateIo, type LimitOverrides } from './limits/limits.ts';
import type { Config } from './config.ts';
import type { BoardStore } from './persistence/store.ts';
import { failuresTagged } from './persistence/unavailable.ts';
import { describeError, type Logger } from './log.ts';

export type CoreConfig = Pick<Config, 'publicOrigin' | 'allowedOrigins' | 'maxMessageBytes' | 'compactEvery'> &
	Partial<Pick<Config, 'tldrawLicenseKey' | 'storageTimeoutMs' | 'maxConnectionsPerBoard' | 'maxConnectionsPerIp' | 'trustProxy'>>;

/** How long shutdown waits for peers to answer the close before it stores the rooms (R7). */
const CLOSE_WAIT_MS = 2500;

export interface DebriefOptions {
	config: CoreConfig;
	store: BoardStore;
	log: Logger;
	/** How often silent websockets are checked (ms). */
	heartbeatMs?: number;
	/** Delay before retrying updates storage refused (ms). */
	retryDelayMs?: number;
	/** Per-connection rates and the like, for tests and benchmarks; the config's caps win. */
	limits?: LimitOverrides;
}

/** Largest sync step 2 a connection may send once: a whole board at its size limit (M5). */
export const MAX_SYNC_STEP_2_BYTES = MAX_DOCUMENT_BYTES + 64 * 1024;

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
	readonly #limits: Limits;
	#closing = false;
	readonly #services: BoardStore;

	constructor(options: DebriefOptions) {
		this.#config = options.config;
		this.#log = options.log;
		this.store = options.store;
		const { maxConnectionsPerBoard, maxConnectionsPerIp, trustProxy } = options.config;
		this.#limits = new Limits({ ...options.limits, ...definedOnly({ maxConnectionsPerBoard, maxConnectionsPerIp, trustProxy }) }, options.log);
		const storageTimeoutMs = options.config.storageTimeoutMs ?? 3000;
		// Services and the API see storage failures as StorageUnavailableError (503, not 500).
		const services = failuresTagged(options.store);
		this.boards = new BoardService(services, { storageTimeoutMs, log: options.log });
		this.rooms = new RoomRegistry(options.store, options.log, {
			compactEvery: options.config.compactEvery,
			retryDelayMs: options.retryDelayMs ?? 2000,
			storageTimeoutMs,
			restoreBoard: (boardId) => this.boards.restore(boardId)
		});
		this.boards.isOpenHere = (boardId) => this.rooms.hasBoard(boardId);
		this.boards.onLost = (boardId) => {
			const check = async () => {
				await this.boards.restore(boardId);
				await this.rooms.verifyStored(boardId);
			};
			void check().catch((error) => this.#log.error('checking storage for a lost board failed', { board: boardId, error: describeError(error) }));
		};
		// Redis back after losing its connection may have come back empty: every open board checks (R6).
		options.store.onReconnect?.(() => {
			for (const boardId of this.rooms.boardIds()) this.boards.onLost(boardId);
		});
		this.facilitation = new FacilitationService(services, this.rooms);
		this.exports = new ExportService(services, this.rooms);
		this.#services = services;
		// ws closes a connection whose frame exceeds maxPayload with 1009 by itself. Frames between
		// MAX_MESSAGE_BYTES and that are let through only as one sync step 2 per connection (M5).
		this.#wss = new WebSocketServer({ noServer: true, maxPayload: Math.max(options.config.maxMessageBytes, MAX_SYNC_STEP_2_BYTES) });
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
		if (!(req.url ?? '').startsWith(SYNC_PATH_PREFIX)) return false;
		// A client that vanishes mid-handshake must not crash the process.
		socket.on('error', () => socket.destroy());
		if (this.#closing) {
			rejectUpgrade(socket, 503, 'server restarting');
			return true;
		}
		const address = this.#limits.addressOf(req);
		const retryAfter = this.#limits.guessingRetryAfter(address);
		if (retryAfter > 0) {
			rejectUpgrade(socket, 429, 'too many wrong keys from this address, try again later', { 'Retry-After': String(retryAfter) });
			return true;
		}
		// A link rotated while this upgrade was being checked must not let it through (F7).
		const revokedBefore = new Map(this.#revocations);
		decideUpgrade(req, this.boards, { publicOrigin: this.#config.publicOrigin, allowedOrigins: this.#config.allowedOrigins }).then(
			(decision) => {
				if (decision.ok === false) {
					if (decision.guess) this.#limits.keyFailed(address, decision.guess.boardId, decision.guess.key);
					this.#log.info('websocket refused', { status: decision.status, reason: decision.message, path: redactKey(req.url) });
					rejectUpgrade(socket, decision.status, decision.message);
					return;
				}
				this.#wss.handleUpgrade(req, socket, head, (ws) => {
					const room = `${decision.target.boardId}/${decision.target.docName}`;
					const openGate = (io: GateIo) => this.#limits.openGate(address, room, io);
					const connection = new Connection(ws, { ...decision.target, role: decision.role, remote: address, openGate }, this.#log, this.#config.maxMessageBytes);
					if (decision.protocolVersion !== null && decision.protocolVersion !== PROTOCOL_VERSION) {
						connection.close(CloseCode.incompatibleClient);
						return;
					}
					const revocation = `${decision.target.boardId}/${decision.role}`;
					if ((this.#revocations.get(revocation) ?? 0) !== (revokedBefore.get(revocation) ?? 0)) {
						connection.close(CloseCode.accessRevoked);
						return;
					}
					const slot = this.#limits.openConnection(address, room);
					if (!slot.ok) {
						this.#log.info('websocket refused: too many connections', { board: decision.target.boardId, remote: address, full: slot.full });
						connection.close(CloseCode.tooManyConnections, slot.full === 'room' ? TOO_MANY_ON_BOARD : TOO_MANY_FROM_ADDRESS);
						return;
					}
					this.#connections.add(connection);
					ws.on('close', () => {
						this.#connections.delete(connection);
						slot.release();
					});
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

	/**
	 * For an HTTP server's requests. Resolves false when the path is not the API's. Every
	 * response passes here first, pages included (in development too), so this is where the
	 * security headers every response carries are set (W2).
	 */
	handleRequest = (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
		setSecurityHeaders(res);
		return handleApiRequest(req, res, {
			boards: this.boards,
			facilitation: this.facilitation,
			exports: this.exports,
			store: this.#services,
			log: this.#log,
			publicOrigin: this.#config.publicOrigin,
			allowedOrigins: this.#config.allowedOrigins,
			limits: this.#limits,
			roomCount: () => this.rooms.size,
			revokeRole: (boardId, role) => this.revokeRole(boardId, role)
		});
	};

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

	/**
	 * Closes every socket with "server restarting", waits briefly for the peers to answer (what
	 * they sent until then still counts, R7), and stores every room. Leaves the store open.
	 */
	async close(): Promise<void> {
		this.#closing = true;
		clearInterval(this.#heartbeat);
		const closed = [...this.#connections].map((connection) => new Promise<void>((resolve) => {
			if (connection.ws.readyState === connection.ws.CLOSED) resolve();
			else connection.ws.once('close', () => resolve());
		}));
		for (const connection of this.#connections) connection.close(CloseCode.serverRestarting);
		let timer: ReturnType<typeof setTimeout> | undefined;
		await Promise.race([Promise.all(closed), new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))]);
		clearTimeout(timer);
		const rooms = await this.rooms.loaded();
		await Promise.all([...rooms.map((room) => room.shutdown()), this.exports.close()]);
		this.#wss.close();
	}
}

const TOO_MANY_ON_BOARD = 'this board has as many open connections as allowed';
const TOO_MANY_FROM_ADDRESS = 'too many open connections from this network address';

/** Settings left unset fall back to their defaults rather than overriding them with undefined. */
function definedOnly<T extends object>(values: T): Partial<T> {
	return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
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
