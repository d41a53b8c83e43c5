/**
 * Real y-websocket clients over real sockets, on the board and on the control document,
 * the facilitator's HTTP routes, and reading a board's content.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { title as titleText } from '../../../src/lib/board/schema.ts';
import { readTimeline, type TimelineEntry } from '../../../src/lib/board/timeline.ts';
import { roomName } from '../../../src/lib/sync/protocol/constants.ts';
import { decodeServerMessage, encodeSyncStep1 } from '../../../src/lib/sync/protocol/codec.ts';
import { frameBytes } from './raw.ts';
import { onCleanup, waitFor, withTimeout } from './wait.ts';


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


// Facilitation: the control document, the facilitator's HTTP routes, and what crossed the wire.

/** A y-websocket client on a board's control document (`/sync/<id>/control`). */
export function connectControl(wsUrl: string, boardId: string, key: string, options: ConnectOptions = {}): Promise<TestClient> {
	return connectClient(wsUrl, roomName(boardId, 'control'), key, options);
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
