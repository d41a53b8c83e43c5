/**
 * Helpers for integration tests against the real server: a Debrief HTTP server on a real
 * port, real y-websocket clients over real sockets, and real stores (memory, files, Redis).
 * Every wait is on a condition or an event with a deadline, never a fixed sleep.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as connectTcp, createServer as createNetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { startServer, type CoreConfig, type RunningServer } from '../../server/app.ts';
import type { LimitOverrides } from '../../server/limits/limits.ts';
import { createLogger } from '../../server/log.ts';
import { openStore } from '../../server/persistence/index.ts';
import { RedisStore } from '../../server/persistence/redis.ts';
import type { BoardMeta, BoardStore, QuarantinedEntry, StorageKind } from '../../server/persistence/store.ts';
import { title as titleText } from '../../src/lib/board/schema.ts';
import { readTimeline, type TimelineEntry } from '../../src/lib/board/timeline.ts';
import { roomName, type DocName, type Role } from '../../src/lib/sync/protocol/constants.ts';
import { decodeServerMessage, encodeSyncStep1 } from '../../src/lib/sync/protocol/codec.ts';

export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// ---------------------------------------------------------------------------------------
// Cleanup: every resource a test opens is registered here; each file runs `runCleanups`
// in afterEach, newest first, so a failing test leaves no server, socket or key behind.

const cleanups: Array<() => unknown> = [];

export function onCleanup(fn: () => unknown): void {
	cleanups.push(fn);
}

export async function runCleanups(): Promise<void> {
	const errors: unknown[] = [];
	while (cleanups.length > 0) {
		const fn = cleanups.pop()!;
		try {
			await fn();
		} catch (error) {
			errors.push(error);
		}
	}
	if (errors.length > 0) throw new AggregateError(errors, 'cleanup failed');
}

// ---------------------------------------------------------------------------------------
// Waiting.

export async function waitFor<T>(
	condition: () => T | Promise<T>,
	what: string,
	{ timeoutMs = 5000, intervalMs = 10 }: { timeoutMs?: number; intervalMs?: number } = {}
): Promise<NonNullable<T>> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown = null;
	for (;;) {
		try {
			const value = await condition();
			if (value) return value as NonNullable<T>;
			lastError = null;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
		}
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** Rejects after `timeoutMs` with a message naming what was awaited. */
export function withTimeout<T>(promise: Promise<T>, what: string, timeoutMs = 5000): Promise<T> {
	let timer: ReturnType<typeof setTimeout>;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------
// Stores.

/** Opens stores of one kind that all see the same data (same directory or key prefix). */
export interface StoreFactory {
	kind: StorageKind;
	/** A new store object on the shared location; closed at cleanup. */
	open(): Promise<BoardStore>;
}

export async function tempDir(): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'debrief-it-'));
	onCleanup(() => rm(dir, { recursive: true, force: true }));
	return dir;
}

export async function fileStores(): Promise<StoreFactory> {
	const dataDir = await tempDir();
	return {
		kind: 'file',
		async open() {
			const store = await openStore({ kind: 'file', dataDir });
			onCleanup(() => store.close());
			return store;
		}
	};
}

export async function redisStores(): Promise<StoreFactory> {
	const keyPrefix = `debrief-it:${randomUUID()}:`;
	const janitor = await RedisStore.connect({ url: redisUrl, keyPrefix });
	// Registered first, so it runs after every store opened below has been closed.
	onCleanup(async () => {
		await janitor.deleteAllWithPrefix();
		await janitor.close();
	});
	return {
		kind: 'redis',
		async open() {
			const store = await RedisStore.connect({ url: redisUrl, keyPrefix });
			onCleanup(() => store.close());
			return store;
		}
	};
}

export async function memoryStores(): Promise<StoreFactory> {
	// A memory store survives a server restart only as the same object.
	const store = await openStore({ kind: 'memory' });
	return { kind: 'memory', open: async () => store };
}

/**
 * Delegates to a real store, with switches for failures and a record of every write.
 * - failLoad: loadUpdates rejects (R3);
 * - failAppend: appendUpdate rejects (R4);
 * - failMeta: createBoard and getBoard reject;
 * - failHealth: isHealthy answers false;
 * - holdLoads(): loadUpdates waits until the returned function is called;
 * - holdAppends(): appendUpdate reaches nothing until the returned function is called, so a
 *   test can see what the server does while a write is not yet acknowledged (R1);
 * - freeze(): every later call never settles, as in a process that was killed.
 */
export class ControlledStore implements BoardStore {
	readonly inner: BoardStore;
	failLoad = false;
	failAppend = false;
	failMeta = false;
	failHealth = false;
	#frozen = false;
	#loadGate: Promise<void> | null = null;
	/** loadUpdates calls waiting behind holdLoads(). */
	heldLoads = 0;
	#appendGate: Promise<void> | null = null;
	/** appendUpdate calls waiting behind holdAppends(). */
	heldAppends = 0;
	/** Document writes that reached the inner store, in order. */
	readonly writes: Array<{ op: 'appendUpdate' | 'replacePrefix'; boardId: string }> = [];
	/** Document writes that were attempted while failAppend was set. */
	refusedAppends = 0;

	constructor(inner: BoardStore) {
		this.inner = inner;
	}

	get kind(): StorageKind {
		return this.inner.kind;
	}

	freeze(): void {
		this.#frozen = true;
	}

	/** Makes loads wait; call the returned function to let them (and later ones) through. */
	holdLoads(): () => void {
		let release!: () => void;
		this.#loadGate = new Promise<void>((resolve) => (release = resolve));
		return () => {
			this.#loadGate = null;
			release();
		};
	}

	/** Makes appends wait before they reach the inner store; call the returned function to let them through. */
	holdAppends(): () => void {
		let release!: () => void;
		this.#appendGate = new Promise<void>((resolve) => (release = resolve));
		return () => {
			this.#appendGate = null;
			release();
		};
	}

	writesFor(boardId: string): number {
		return this.writes.filter((write) => write.boardId === boardId).length;
	}

	#gate<T>(work: () => Promise<T>): Promise<T> {
		if (this.#frozen) return new Promise<T>(() => {});
		return work();
	}

	createBoard(meta: BoardMeta): Promise<void> {
		return this.#gate(async () => {
			if (this.failMeta) throw new Error('injected: metadata write refused');
			await this.inner.createBoard(meta);
		});
	}

	getBoard(id: string): Promise<BoardMeta | null> {
		return this.#gate(async () => {
			if (this.failMeta) throw new Error('injected: metadata read refused');
			const hold = this.#nextBoardReadHold;
			this.#nextBoardReadHold = null;
			const meta = await this.inner.getBoard(id);
			if (hold) {
				hold.reached();
				await hold.released;
			}
			return meta;
		});
	}

	#nextBoardReadHold: { reached: () => void; released: Promise<void> } | null = null;

	/**
	 * The next getBoard call reads the metadata at once but answers only when `release()` is
	 * called: a slow read that started before a later change (e.g. a link rotation).
	 * `reached` resolves once that read has happened. Later calls are not held.
	 */
	holdNextBoardRead(): { reached: Promise<void>; release: () => void } {
		let reached!: () => void;
		let release!: () => void;
		const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
		const released = new Promise<void>((resolve) => (release = resolve));
		this.#nextBoardReadHold = { reached, released };
		return { reached: reachedPromise, release };
	}

	updateBoard(meta: BoardMeta): Promise<void> {
		return this.#gate(() => this.inner.updateBoard(meta));
	}

	putBlob(boardId: string, name: string, data: Uint8Array): Promise<void> {
		return this.#gate(() => this.inner.putBlob(boardId, name, data));
	}

	getBlob(boardId: string, name: string): Promise<Uint8Array | null> {
		return this.#gate(() => this.inner.getBlob(boardId, name));
	}

	deleteBlob(boardId: string, name: string): Promise<void> {
		return this.#gate(() => this.inner.deleteBlob(boardId, name));
	}

	quarantine(entry: QuarantinedEntry): Promise<void> {
		return this.#gate(() => this.inner.quarantine(entry));
	}

	listQuarantined(): Promise<QuarantinedEntry[]> {
		return this.#gate(() => this.inner.listQuarantined());
	}

	appendUpdate(boardId: string, docName: string, update: Uint8Array): Promise<number> {
		return this.#gate(async () => {
			if (this.failAppend) {
				this.refusedAppends++;
				throw new Error('injected: append refused');
			}
			const gate = this.#appendGate;
			if (gate) {
				this.heldAppends++;
				await gate;
				this.heldAppends--;
			}
			this.writes.push({ op: 'appendUpdate', boardId });
			return this.inner.appendUpdate(boardId, docName, update);
		});
	}

	loadUpdates(boardId: string, docName: string): Promise<Uint8Array[]> {
		return this.#gate(async () => {
			const gate = this.#loadGate;
			if (gate) {
				this.heldLoads++;
				await gate;
				this.heldLoads--;
			}
			if (this.failLoad) throw new Error('injected: load refused');
			return this.inner.loadUpdates(boardId, docName);
		});
	}

	replacePrefix(boardId: string, docName: string, count: number, snapshot: Uint8Array): Promise<boolean> {
		return this.#gate(async () => {
			this.writes.push({ op: 'replacePrefix', boardId });
			return this.inner.replacePrefix(boardId, docName, count, snapshot);
		});
	}

	isHealthy(): Promise<boolean> {
		return this.#gate(async () => !this.failHealth && (await this.inner.isHealthy()));
	}

	async close(): Promise<void> {
		// The inner store is owned (and closed) by whoever opened it.
	}
}

/** The stored log of a board's document, applied to a fresh Y.Doc. */
export async function storedDoc(store: BoardStore, boardId: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	for (const update of await store.loadUpdates(boardId, 'board')) Y.applyUpdate(doc, update);
	return doc;
}

/**
 * Whether every entry of the stored log depends only on entries before it, i.e. the log was
 * stored in an order in which it can be applied (no update waits for a later one).
 */
export async function storedLogIsInOrder(store: BoardStore, boardId: string): Promise<boolean> {
	const doc = new Y.Doc();
	try {
		for (const update of await store.loadUpdates(boardId, 'board')) {
			Y.applyUpdate(doc, update);
			if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return false;
		}
		return true;
	} finally {
		doc.destroy();
	}
}

// ---------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------
// Clients.

export interface TestClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Close codes of every connection of this provider the server (or network) closed. */
	closeCodes: number[];
	/** Every frame received, on any of this provider's websockets, in arrival order (raw bytes). */
	frames: Uint8Array[];
	/** Resolves once the provider has synced (again); rejects on a terminal close code. */
	synced(timeoutMs?: number): Promise<void>;
	/**
	 * Resolves once the server has handled everything this client sent before the call and
	 * everything queued for this client before then has arrived: a sync step 1 goes through
	 * the room's queue and the step 2 answer comes back on the same socket.
	 */
	roundTrip(timeoutMs?: number): Promise<void>;
	destroy(): void;
}

export interface ConnectOptions {
	/** Extra query parameters (e.g. the protocol version `v`). */
	params?: Record<string, string>;
	/** Wait for the first sync (default true). */
	waitForSync?: boolean;
}

export async function connectClient(wsUrl: string, boardId: string, key: string, options: ConnectOptions = {}): Promise<TestClient> {
	const doc = new Y.Doc();
	const frames: Uint8Array[] = [];
	// Records every frame as it comes off the wire, before the provider decodes it.
	class RecordingWebSocket extends WebSocket {
		constructor(address: string, protocols?: string | string[]) {
			super(address, protocols);
			this.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => frames.push(frameBytes(data)));
		}
	}
	const provider = new WebsocketProvider(wsUrl, boardId, doc, {
		params: { key, ...options.params },
		disableBc: true,
		// ws's WebSocket is API-compatible with the browser's for what y-websocket uses.
		WebSocketPolyfill: RecordingWebSocket as unknown as typeof globalThis.WebSocket,
		maxBackoffTime: 300
	});
	const closeCodes: number[] = [];
	provider.on('connection-close', (event) => {
		if (event) closeCodes.push(event.code);
	});
	let destroyed = false;
	const destroy = () => {
		if (destroyed) return;
		destroyed = true;
		provider.destroy();
		doc.destroy();
	};
	onCleanup(destroy);

	const synced = (timeoutMs = 5000) =>
		new Promise<void>((resolve, reject) => {
			if (provider.synced) return resolve();
			const onSync = (state: boolean) => {
				if (!state) return;
				done();
				resolve();
			};
			const onClosed = (event: { code: number; reason: string }) => {
				done();
				reject(new Error(`connection closed for good with ${event.code} (${event.reason}) before syncing`));
			};
			const timer = setTimeout(() => {
				done();
				reject(new Error(`client did not sync within ${timeoutMs} ms (close codes so far: ${closeCodes.join(', ') || 'none'})`));
			}, timeoutMs);
			const done = () => {
				clearTimeout(timer);
				provider.off('sync', onSync);
				provider.off('closed', onClosed);
			};
			provider.on('sync', onSync);
			provider.on('closed', onClosed);
		});

	const roundTrip = (timeoutMs = 5000) => {
		const ws = provider.ws as unknown as WebSocket | null;
		if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('roundTrip: not connected'));
		const answered = new Promise<void>((resolve) => {
			const onMessage = (data: Buffer | ArrayBuffer) => {
				// The provider sets binaryType 'arraybuffer'.
				const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
				// [sync, step 2, ...]: the answer to our step 1 (the provider sends step 1 only on open).
				if (decodeServerMessage(bytes).type === 'syncStep2') {
					ws.off('message', onMessage);
					resolve();
				}
			};
			ws.on('message', onMessage);
		});
		ws.send(encodeSyncStep1(doc));
		return withTimeout(answered, 'a round trip through the room', timeoutMs);
	};

	const client: TestClient = { doc, provider, closeCodes, frames, synced, roundTrip, destroy };
	if (options.waitForSync ?? true) await synced();
	return client;
}

/** Waits until the provider reports the given close code. */
export function waitForCloseCode(client: TestClient, code: number, timeoutMs = 5000): Promise<unknown> {
	return waitFor(() => client.closeCodes.includes(code), `close code ${code} (got ${client.closeCodes.join(', ') || 'none'})`, { timeoutMs });
}

// ---------------------------------------------------------------------------------------
// Raw websockets, for what a well-behaved client never sends.

export type RawResult =
	| { kind: 'open'; ws: WebSocket; messages: Buffer[]; closed: Promise<{ code: number; reason: string }> }
	| { kind: 'rejected'; status: number; body: string; messagesReceived: number };

export function syncUrl(wsUrl: string, boardId: string, query: Record<string, string> = {}): string {
	const search = new URLSearchParams(query).toString();
	return `${wsUrl}/${boardId}${search ? `?${search}` : ''}`;
}

/** Opens a raw websocket; resolves with the HTTP status when the upgrade is refused. */
export function openRaw(url: string, options: WebSocket.ClientOptions = {}): Promise<RawResult> {
	const ws = new WebSocket(url, options);
	const messages: Buffer[] = [];
	ws.on('message', (data: Buffer) => messages.push(data));
	onCleanup(() => ws.terminate());
	const closed = new Promise<{ code: number; reason: string }>((resolve) => {
		ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
	});
	return withTimeout(
		new Promise<RawResult>((resolve, reject) => {
			ws.on('open', () => resolve({ kind: 'open', ws, messages, closed }));
			ws.on('unexpected-response', (_req, res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => {
					resolve({ kind: 'rejected', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), messagesReceived: messages.length });
					ws.terminate();
				});
			});
			ws.on('error', reject);
		}),
		`websocket ${url.replace(/key=[^&]*/, 'key=…')} to open or be refused`
	);
}

// ---------------------------------------------------------------------------------------
// Board content.

export interface BoardContent {
	title: string;
	timeline: TimelineEntry[];
}

export function content(doc: Y.Doc): BoardContent {
	return { title: titleText(doc).toString(), timeline: readTimeline(doc) };
}

export function descriptions(doc: Y.Doc): string[] {
	return readTimeline(doc).map((entry) => entry.description);
}

// ---------------------------------------------------------------------------------------
// Facilitation: the control document, the facilitator's HTTP routes, and what crossed the wire.

/** A y-websocket client on a board's control document (`/sync/<id>/control`). */
export function connectControl(wsUrl: string, boardId: string, key: string, options: ConnectOptions = {}): Promise<TestClient> {
	return connectClient(wsUrl, roomName(boardId, 'control'), key, options);
}

/** The stored log of one of a board's documents ('board' or 'control'), applied to a fresh Y.Doc. */
export async function storedDocOf(store: BoardStore, boardId: string, docName: DocName): Promise<Y.Doc> {
	const doc = new Y.Doc();
	for (const update of await store.loadUpdates(boardId, docName)) Y.applyUpdate(doc, update);
	return doc;
}

export interface ApiAnswer {
	status: number;
	body: Record<string, unknown>;
}

/** POST /api/boards/<id>/<path> with the link's secret as a bearer token (null: none). */
export async function postApi(url: string, boardId: string, path: string, key: string | null, body: unknown = {}): Promise<ApiAnswer> {
	const response = await fetch(`${url}/api/boards/${encodeURIComponent(boardId)}/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
	const text = await response.text();
	let parsed: Record<string, unknown> = {};
	try {
		parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
	} catch {
		parsed = { raw: text };
	}
	return { status: response.status, body: parsed };
}

/** The key (secret) in a board link `…/b/<id>#k=<secret>`. */
export function keyOfLink(link: string): string {
	const match = /#k=([A-Za-z0-9_-]+)$/.exec(link);
	if (!match) throw new Error(`no key in link ${link}`);
	return match[1];
}

/** A received frame as bytes, whatever binaryType the socket used. */
export function frameBytes(data: Buffer | ArrayBuffer | Buffer[] | Uint8Array): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
	return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

/** Whether the UTF-8 bytes of `text` occur in any of the frames. */
export function framesContain(frames: readonly Uint8Array[], text: string): boolean {
	const needle = Buffer.from(text, 'utf8');
	return frames.some((frame) => Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).includes(needle));
}

/**
 * The Yjs updates carried by frames: relayed updates and (unless `syncStep2` is false) sync
 * step 2 answers. Other messages (sync step 1, awareness) are skipped.
 */
export function updatesInFrames(frames: readonly Uint8Array[], { syncStep2 = true }: { syncStep2?: boolean } = {}): Uint8Array[] {
	const updates: Uint8Array[] = [];
	for (const frame of frames) {
		const message = decodeServerMessage(frame);
		if (message.type === 'update' || (syncStep2 && message.type === 'syncStep2')) updates.push(message.update);
	}
	return updates;
}

/** A raw websocket on one of a board's documents that asks for the whole document, then records everything. */
export interface RawListener {
	ws: WebSocket;
	/** Every frame received since the upgrade, raw. */
	frames: Uint8Array[];
	closed: Promise<{ code: number; reason: string }>;
	/** Resolves once everything the room queued for this socket before the call has arrived. */
	roundTrip(timeoutMs?: number): Promise<void>;
}

export async function listenRaw(wsUrl: string, boardId: string, docName: DocName, key: string): Promise<RawListener> {
	const raw = await openRaw(syncUrl(wsUrl, roomName(boardId, docName), { key }));
	if (raw.kind !== 'open') throw new Error(`upgrade refused with ${raw.status}: ${raw.body}`);
	// openRaw records every frame from the first one on.
	const frames: Uint8Array[] = raw.messages;
	const empty = new Y.Doc();
	const step1 = () => encodeSyncStep1(empty);
	const roundTrip = (timeoutMs = 5000) => {
		const answered = new Promise<void>((resolve) => {
			const onMessage = (data: Buffer) => {
				if (decodeServerMessage(data).type === 'syncStep2') {
					raw.ws.off('message', onMessage);
					resolve();
				}
			};
			raw.ws.on('message', onMessage);
		});
		raw.ws.send(step1());
		return withTimeout(answered, 'a raw round trip through the room', timeoutMs);
	};
	// The first round trip also brings the whole document (step 2 against an empty state vector).
	await roundTrip();
	return { ws: raw.ws, frames, closed: raw.closed, roundTrip };
}

/**
 * A websocket client written on a bare TCP socket that never answers the server's close
 * frame (as a hostile client would not), so what the server does with a connection it is
 * closing can be observed: does it keep applying that client's frames until its close timeout?
 */
export interface StubbornSocket {
	/** Close frames received from the server: code and reason. */
	closeFrames: Array<{ code: number; reason: string }>;
	/** Binary data frames received. */
	frames: Uint8Array[];
	/** Resolves when the TCP connection is gone (the server dropped it). */
	ended: Promise<void>;
	/** Sends a binary frame (masked, as clients must), unless the TCP connection is gone. */
	send(payload: Uint8Array): void;
	destroy(): void;
}

export function openStubborn(port: number, path: string): Promise<StubbornSocket> {
	const socket = connectTcp({ host: '127.0.0.1', port });
	onCleanup(() => socket.destroy());
	const closeFrames: Array<{ code: number; reason: string }> = [];
	const frames: Uint8Array[] = [];
	let buffer = Buffer.alloc(0);
	let upgraded = false;
	const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
	socket.on('error', () => {});
	const opened = new Promise<void>((resolve, reject) => {
		socket.on('connect', () => {
			socket.write(
				`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
					`Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
			);
		});
		socket.on('data', (chunk: Buffer) => {
			buffer = Buffer.concat([buffer, chunk]);
			if (!upgraded) {
				const end = buffer.indexOf('\r\n\r\n');
				if (end < 0) return;
				const head = buffer.subarray(0, end).toString('latin1');
				buffer = buffer.subarray(end + 4);
				if (!/^HTTP\/1\.1 101 /.test(head)) return reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
				upgraded = true;
				resolve();
			}
			// Server frames are unmasked; this parses whole frames only (no fragmentation needed here).
			for (;;) {
				if (buffer.length < 2) return;
				const opcode = buffer[0] & 0x0f;
				let length = buffer[1] & 0x7f;
				let offset = 2;
				if (length === 126) {
					if (buffer.length < 4) return;
					length = buffer.readUInt16BE(2);
					offset = 4;
				} else if (length === 127) {
					if (buffer.length < 10) return;
					length = Number(buffer.readBigUInt64BE(2));
					offset = 10;
				}
				if (buffer.length < offset + length) return;
				const payload = buffer.subarray(offset, offset + length);
				buffer = buffer.subarray(offset + length);
				if (opcode === 0x8) closeFrames.push({ code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005, reason: payload.subarray(2).toString('utf8') });
				else if (opcode === 0x2) frames.push(new Uint8Array(payload));
			}
		});
		socket.on('close', () => reject(new Error('connection closed before the upgrade')));
	});
	const send = (payload: Uint8Array) => {
		if (socket.destroyed) return;
		const mask = randomBytes(4);
		const length = payload.length;
		const header = length < 126 ? Buffer.from([0x82, 0x80 | length]) : length < 65536 ? Buffer.from([0x82, 0x80 | 126, length >> 8, length & 0xff]) : null;
		if (!header) throw new Error('frame too large for this helper');
		const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
		socket.write(Buffer.concat([header, mask, masked]));
	};
	return withTimeout(
		opened.then(() => ({ closeFrames, frames, ended, send, destroy: () => socket.destroy() })),
		`stubborn websocket ${path.replace(/key=[^&]*/, 'key=…')} to open`
	);
}
