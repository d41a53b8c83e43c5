/**
 * The browser's side of a board: the Yjs document, its IndexedDB copy, the websocket to the
 * server, presence, and a status the UI can show. Created once per board page.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { Origin } from '../board/schema.ts';
import { CloseCode, CloseReason, MessageType, PROTOCOL_VERSION, SYNC_PATH_PREFIX, canWrite, type Role } from './protocol/constants.ts';
import { apiPath } from './protocol/http.ts';
import { encodeSaveReceiptRequest, readSaveReceipt } from './protocol/codec.ts';
import type { PresenceState, PresenceUser } from './presence.ts';
import { KeySwitch } from './key-switch.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed';

/** Whether this person's edits are in the server's storage: saved, on their way, or held back (R4). */
export type SaveStatus = 'saved' | 'saving' | 'unsaved';

/** Edits come in bursts (typing): ask for a save receipt once the burst pauses. */
const RECEIPT_DELAY_MS = 300;

export type AccessResult =
	| { ok: true; role: Role; cached: boolean }
	| { ok: false; reason: 'forbidden' | 'not-found' | 'unreachable' };

const accessCacheKey = (boardId: string) => `debrief:access:${boardId}`;

/**
 * Asks the server which role this link's key grants. Offline, a role remembered from an
 * earlier visit with the same key is used, so the board still opens from the local copy.
 */
export async function checkAccess(boardId: string, key: string): Promise<AccessResult> {
	try {
		const response = await fetch(apiPath('access', { boardId }), { headers: { authorization: `Bearer ${key}` } });
		if (response.status === 403) return { ok: false, reason: 'forbidden' };
		if (response.status === 404) return { ok: false, reason: 'not-found' };
		if (response.ok) {
			const { role } = (await response.json()) as { role: Role };
			rememberAccess(boardId, key, role);
			return { ok: true, role, cached: false };
		}
	} catch {
		// Network down: fall through to the remembered role.
	}
	try {
		const cached = JSON.parse(localStorage.getItem(accessCacheKey(boardId)) ?? 'null') as { key: string; role: Role } | null;
		if (cached && cached.key === key) return { ok: true, role: cached.role, cached: true };
	} catch {
		// Unreadable cache: treat as absent.
	}
	return { ok: false, reason: 'unreachable' };
}

/** The role this key was last granted, for opening the board offline. */
function rememberAccess(boardId: string, key: string, role: Role): void {
	localStorage.setItem(accessCacheKey(boardId), JSON.stringify({ key, role }));
}

export interface BoardConnectionOptions {
	boardId: string;
	key: string;
	role: Role;
	/** Null for observers, who are not shown to others. */
	user: PresenceUser | null;
}

export class BoardConnection {
	readonly boardId: string;
	readonly role: Role;
	readonly readOnly: boolean;
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	readonly cache: IndexeddbPersistence;
	readonly undo: Y.UndoManager;
	readonly #keySwitch: KeySwitch;

	#key = $state('');
	#status = $state<ConnectionStatus>('connecting');
	#closedReason = $state<string | null>(null);
	#closedCode = $state<number | null>(null);
	#retryReason = $state<string | null>(null);
	#synced = $state(false);
	#cacheLoaded = $state(false);
	#everConnected = false;
	#save = $state<SaveStatus>('saved');
	#receiptSeq = 0;
	#receiptTimer: ReturnType<typeof setTimeout> | null = null;
	readonly #onNetworkChange = () => this.#updateStatus();

	constructor(options: BoardConnectionOptions) {
		this.boardId = options.boardId;
		this.role = options.role;
		this.readOnly = !canWrite(options.role);
		this.#key = options.key;
		this.cache = new IndexeddbPersistence(`debrief:${options.boardId}`, this.doc);
		this.cache.whenSynced.then(() => (this.#cacheLoaded = true));

		const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
		const serverUrl = `${protocol}//${location.host}${SYNC_PATH_PREFIX.replace(/\/$/, '')}`;
		this.provider = new WebsocketProvider(serverUrl, options.boardId, this.doc, {
			params: { key: options.key, v: String(PROTOCOL_VERSION) }
		});
		if (options.user) this.provider.awareness.setLocalState({ user: options.user, role: options.role } satisfies PresenceState);
		else this.provider.awareness.setLocalState(null);

		this.provider.on('status', () => this.#updateStatus());
		this.provider.on('sync', (synced: boolean) => (this.#synced = synced));
		// A server that closes for a passing reason (restart, limits) says why; the provider retries.
		this.provider.on('connection-close', (event: { code: number; reason: string } | null) => {
			this.#retryReason = event && event.code in CloseReason ? event.reason || CloseReason[event.code as CloseCode] : null;
		});
		this.#keySwitch = new KeySwitch(this.provider, ({ code, reason }) => {
			this.#closedReason = reason || CloseReason[code as CloseCode] || `closed (${code})`;
			this.#closedCode = code;
			this.#status = 'closed';
			// The refused change is in this device's copy, which would send it again on every
			// visit: forget the copy, so a reload starts from the board as the server stored it.
			if (code === CloseCode.updateRefused) void this.cache.clearData();
		});
		addEventListener('online', this.#onNetworkChange);
		addEventListener('offline', this.#onNetworkChange);

		// Saved / saving: local edits start "saving"; the server's receipt for them ends it.
		this.provider.messageHandlers[MessageType.saveReceipt] = (_encoder, decoder) => {
			const { seq, saved } = readSaveReceipt(decoder);
			if (seq === this.#receiptSeq) this.#save = saved ? 'saved' : 'unsaved';
		};
		this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
			if (this.readOnly || origin === this.provider || origin === this.cache) return;
			this.#save = 'saving';
			this.#requestReceipt();
		});
		this.provider.on('sync', (synced: boolean) => {
			if (synced && this.#save !== 'saved') this.#requestReceipt();
		});

		// Only this person's own edits are undoable by them.
		this.undo = new Y.UndoManager([], { doc: this.doc, trackedOrigins: new Set([Origin.user]), captureTimeout: 500 });
	}

	/** The link's secret, for the other connections of this board (control document, API). */
	get key(): string {
		return this.#key;
	}

	/** W6: this screen is replacing its own link; the server's 4403 for the old one is expected. */
	beginKeyChange(): void {
		this.#keySwitch.begin();
	}

	/** W6: goes on with the new key (null: the replacement failed, so the old key's fate stands). */
	finishKeyChange(key: string | null): void {
		if (key !== null) {
			this.#key = key;
			rememberAccess(this.boardId, key, this.role);
		}
		this.#keySwitch.finish(key);
	}

	get awareness() {
		return this.provider.awareness;
	}
	get status(): ConnectionStatus {
		return this.#status;
	}
	/** Why the server ended the connection for good, in words for people. */
	get closedReason(): string | null {
		return this.#closedReason;
	}
	/** The code the server closed the connection with for good (e.g. 4422, a refused change). */
	get closedCode(): number | null {
		return this.#closedCode;
	}
	/** While reconnecting: why the server closed the last connection, in words for people. */
	get retryReason(): string | null {
		return this.#status === 'reconnecting' ? this.#retryReason : null;
	}
	/** Whether this person's edits have reached the server's storage. */
	get save(): SaveStatus {
		return this.#save;
	}

	/** True once the server's copy has been merged in this session. */
	get synced(): boolean {
		return this.#synced;
	}
	/** True once the IndexedDB copy (possibly empty) has been read. */
	get cacheLoaded(): boolean {
		return this.#cacheLoaded;
	}

	/** Adds shared types to this person's undo history. */
	trackUndo(...types: Y.AbstractType<any>[]): void {
		this.undo.addToScope(types);
	}

	setSection(section: string): void {
		this.setPresenceField('section', section);
	}

	/** Adds a field to this person's presence; observers publish none. */
	setPresenceField(field: 'section' | 'following', value: unknown): void {
		if (this.provider.awareness.getLocalState()) this.provider.awareness.setLocalStateField(field, value);
	}

	destroy(): void {
		if (this.#receiptTimer) clearTimeout(this.#receiptTimer);
		removeEventListener('online', this.#onNetworkChange);
		removeEventListener('offline', this.#onNetworkChange);
		this.undo.destroy();
		this.provider.destroy();
		void this.cache.destroy();
		this.doc.destroy();
	}

	/** Asks the server to confirm everything sent so far is stored (after the burst pauses). */
	#requestReceipt(): void {
		if (this.#receiptTimer) clearTimeout(this.#receiptTimer);
		this.#receiptTimer = setTimeout(() => {
			this.#receiptTimer = null;
			const ws = this.provider.ws;
			if (!this.provider.wsconnected || !ws || ws.readyState !== WebSocket.OPEN) return; // asked again on the next sync
			ws.send(encodeSaveReceiptRequest(++this.#receiptSeq));
		}, RECEIPT_DELAY_MS);
	}

	#updateStatus(): void {
		if (this.#status === 'closed') return;
		if (this.provider.wsconnected) {
			this.#everConnected = true;
			this.#status = 'connected';
		} else if (!navigator.onLine) {
			this.#status = 'offline';
		} else {
			this.#status = this.#everConnected || this.provider.wsUnsuccessfulReconnects > 0 ? 'reconnecting' : 'connecting';
		}
	}
}
