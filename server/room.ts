/**
 * One loaded Yjs document and the connections editing it.
 *
 * The rules that matter (docs/protocol.md):
 * - an update is appended to storage BEFORE it is applied and relayed (R1);
 * - a read-only connection's updates are dropped, never stored or relayed (R2);
 * - loading applies stored state with the `load` origin and never writes it back (R3);
 * - when storage fails, the meeting goes on: updates are kept in memory and retried, and the
 *   room is not unloaded until they are stored (R4);
 * - a peer may change only its own presence, never another person's (R5), and introduce
 *   only a few presence ids (L5).
 * All work on a room runs through one queue, so storage order equals relay order.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Origin } from '../src/lib/board/schema.ts';
import type { DocName } from '../src/lib/sync/protocol.ts';
import { compactDocument } from './persistence/compact.ts';
import type { BoardStore } from './persistence/store.ts';
import { describeError, type Logger } from './log.ts';
import { PresenceQuota } from './limits/presence-quota.ts';

/** What a room needs from a connection: a way to send bytes, and whether it may write. */
export interface Peer {
	readonly canWrite: boolean;
	send(message: Uint8Array): void;
}

export interface RoomOptions {
	/** Compact the stored log after this many appended updates. */
	compactEvery: number;
	/** How long to wait before retrying updates storage refused. */
	retryDelayMs: number;
}

export class Room {
	readonly boardId: string;
	readonly docName: DocName;
	readonly doc: Y.Doc;
	readonly awareness: awarenessProtocol.Awareness;
	/** Each peer with the awareness client ids it announced, removed when it leaves. */
	readonly peers = new Map<Peer, Set<number>>();

	readonly #store: BoardStore;
	readonly #log: Logger;
	readonly #options: RoomOptions;
	#queue: Promise<unknown> = Promise.resolve();
	/** Updates applied in memory that storage has not accepted yet, oldest first. */
	#unsaved: Uint8Array[] = [];
	#appendedSinceCompaction = 0;
	#changedSinceLoad = false;
	#retryTimer: ReturnType<typeof setTimeout> | null = null;
	#closed = false;
	readonly #presenceQuota = new PresenceQuota();
	/** Called once the room is unloaded, so the registry can forget it. */
	onClosed: () => void = () => {};
	/** Relays document updates; set by the owner (the registry) to reach every peer. */
	#broadcastUpdate: (update: Uint8Array, origin: unknown) => void = () => {};
	#broadcastAwareness: (update: Uint8Array) => void = () => {};

	private constructor(boardId: string, docName: DocName, store: BoardStore, log: Logger, options: RoomOptions) {
		this.boardId = boardId;
		this.docName = docName;
		this.#store = store;
		this.#log = log;
		this.#options = options;
		this.doc = new Y.Doc({ gc: true });
		this.awareness = new awarenessProtocol.Awareness(this.doc);
		// The server has no presence of its own.
		this.awareness.setLocalState(null);
	}

	/** Loads a document from storage. Rejects (and nothing is created) when storage fails (R3). */
	static async load(boardId: string, docName: DocName, store: BoardStore, log: Logger, options: RoomOptions): Promise<Room> {
		const updates = await store.loadUpdates(boardId, docName);
		const room = new Room(boardId, docName, store, log, options);
		room.doc.transact(() => {
			for (const update of updates) Y.applyUpdate(room.doc, update, Origin.load);
		}, Origin.load);
		return room;
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** True when every update applied so far is in storage (false while storage refuses, R4). */
	get allSaved(): boolean {
		return this.#unsaved.length === 0;
	}

	/** Wires relaying. Kept separate from the constructor so the room has no socket knowledge. */
	setBroadcast(update: (update: Uint8Array, origin: unknown) => void, awareness: (update: Uint8Array) => void): void {
		this.#broadcastUpdate = update;
		this.#broadcastAwareness = awareness;
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== Origin.load) this.#broadcastUpdate(update, origin);
		});
		this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
			const peer = origin as Peer;
			const owned = this.peers.get(peer);
			if (owned) {
				for (const id of added) owned.add(id);
				for (const id of removed) owned.delete(id);
			}
			const changed = [...added, ...updated, ...removed];
			this.#broadcastAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
		});
	}

	/** Runs work after everything queued before it; the room's single line of execution. */
	enqueue<T>(work: () => Promise<T> | T): Promise<T> {
		const run = this.#queue.then(work);
		this.#queue = run.catch(() => {});
		return run;
	}

	addPeer(peer: Peer): void {
		this.peers.set(peer, new Set());
	}

	/**
	 * Stores then applies a client's update (R1). The update must already have been
	 * validated by the caller. Read-only peers are refused here as a second line (R2).
	 */
	async receiveUpdate(update: Uint8Array, from: Peer): Promise<void> {
		if (!from.canWrite) return;
		// Every (re)connecting client answers our sync step 1 with what it has; usually that is
		// nothing new, and storing it would grow the log on every page load.
		if (addsNothing(this.doc, update)) return;
		await this.#persist(update);
		Y.applyUpdate(this.doc, update, from);
		this.#changedSinceLoad = true;
	}

	/**
	 * A peer may announce or clear only its own presence, never another person's (R5), and only
	 * for a few client ids (L5). Returns false once the peer keeps trying more ids: close it.
	 */
	receiveAwareness(update: Uint8Array, from: Peer): boolean {
		const ownedByOthers = (clientId: number) => [...this.peers].some(([peer, ids]) => peer !== from && ids.has(clientId));
		const own = filterAwarenessUpdate(update, (clientId) => !ownedByOthers(clientId) && this.#presenceQuota.allows(from, clientId));
		if (own) awarenessProtocol.applyAwarenessUpdate(this.awareness, own, from);
		return !this.#presenceQuota.exhausted(from);
	}

	/**
	 * A change made by the server itself (revealing notes, publishing vote results). It is
	 * made on a scratch copy with a fresh client id, so nothing in it points at a participant,
	 * then stored and relayed like any client's update (R1). Runs in the room's queue.
	 */
	applyServerChange(change: (doc: Y.Doc) => void): Promise<void> {
		return this.enqueue(async () => {
			if (this.#closed) throw new Error('room is closed');
			const scratch = new Y.Doc();
			Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.doc), Origin.load);
			const before = Y.encodeStateVector(scratch);
			scratch.transact(() => change(scratch), Origin.server);
			const update = Y.encodeStateAsUpdate(scratch, before);
			scratch.destroy();
			if (addsNothing(this.doc, update)) return;
			await this.#persist(update);
			Y.applyUpdate(this.doc, update, Origin.server);
			this.#changedSinceLoad = true;
		});
	}

	/** Reads the document inside the room's queue, after everything received before. */
	read<T>(reader: (doc: Y.Doc) => T): Promise<T> {
		return this.enqueue(() => reader(this.doc));
	}

	/** For a peer that left before it joined: unload if nobody else is here. */
	releaseIfIdle(): void {
		if (this.peers.size === 0) void this.enqueue(() => this.#unloadIfIdle());
	}

	removePeer(peer: Peer): void {
		const owned = this.peers.get(peer);
		this.peers.delete(peer);
		if (owned && owned.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...owned], null);
		if (this.peers.size === 0) void this.enqueue(() => this.#unloadIfIdle());
	}

	/** Stores everything and unloads regardless of peers (server shutdown). */
	async shutdown(): Promise<void> {
		await this.enqueue(() => this.#unload(true));
		if (!this.#closed) {
			this.#log.error('shutting down with updates storage never accepted', { ...this.#where(), unsaved: this.#unsaved.length });
		}
	}

	async #persist(update: Uint8Array): Promise<void> {
		if (this.#unsaved.length > 0) {
			// Keep the stored order equal to the applied order: this one waits behind the backlog.
			this.#unsaved.push(update);
			await this.#flushUnsaved();
			return;
		}
		try {
			await this.#store.appendUpdate(this.boardId, this.docName, update);
			await this.#afterAppend();
		} catch (error) {
			this.#log.error('storing an update failed; keeping it in memory and retrying', this.#where(error));
			this.#unsaved.push(update);
			this.#scheduleRetry();
		}
	}

	async #flushUnsaved(): Promise<boolean> {
		while (this.#unsaved.length > 0) {
			try {
				await this.#store.appendUpdate(this.boardId, this.docName, this.#unsaved[0]);
			} catch (error) {
				this.#log.warn('storage still unavailable', { ...this.#where(error), unsaved: this.#unsaved.length });
				this.#scheduleRetry();
				return false;
			}
			this.#unsaved.shift();
			await this.#afterAppend();
		}
		this.#log.info('backlog of unsaved updates stored', this.#where());
		return true;
	}

	#scheduleRetry(): void {
		if (this.#retryTimer || this.#closed) return;
		this.#retryTimer = setTimeout(() => {
			this.#retryTimer = null;
			void this.enqueue(async () => {
				if (await this.#flushUnsaved()) await this.#unloadIfIdle();
			});
		}, this.#options.retryDelayMs);
		this.#retryTimer.unref?.();
	}

	async #afterAppend(): Promise<void> {
		this.#changedSinceLoad = true;
		this.#appendedSinceCompaction++;
		if (this.#appendedSinceCompaction >= this.#options.compactEvery) await this.#compact();
	}

	async #compact(): Promise<void> {
		try {
			const result = await compactDocument(this.#store, this.boardId, this.docName);
			if (result) {
				this.#appendedSinceCompaction = 0;
				this.#log.debug('compacted', { ...this.#where(), ...result });
			}
		} catch (error) {
			// A failed compaction loses nothing: the full log is still stored.
			this.#log.warn('compaction failed', this.#where(error));
		}
	}

	async #unloadIfIdle(): Promise<void> {
		if (this.peers.size === 0 && !this.#closed) await this.#unload();
	}

	async #unload(force = false): Promise<void> {
		if (this.#closed) return;
		if (this.#unsaved.length > 0 && !(await this.#flushUnsaved())) return; // retried later (R4)
		if (this.#changedSinceLoad) await this.#compact();
		// Someone joined while we were storing: stay loaded for them.
		if (!force && this.peers.size > 0) return;
		this.#closed = true;
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		this.awareness.destroy();
		this.doc.destroy();
		this.onClosed();
	}

	#where(error?: unknown): Record<string, unknown> {
		return { board: this.boardId, doc: this.docName, ...(error === undefined ? {} : { error: describeError(error) }) };
	}
}

/** The entries of an awareness update that `keep` accepts, re-encoded; null when none is left. */
export function filterAwarenessUpdate(update: Uint8Array, keep: (clientId: number) => boolean): Uint8Array | null {
	const decoder = decoding.createDecoder(update);
	const entries: Array<[number, number, string]> = [];
	const count = decoding.readVarUint(decoder);
	for (let i = 0; i < count; i++) {
		const entry: [number, number, string] = [decoding.readVarUint(decoder), decoding.readVarUint(decoder), decoding.readVarString(decoder)];
		if (keep(entry[0])) entries.push(entry);
	}
	if (entries.length === 0) return null;
	if (entries.length === count) return update;
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const [clientId, clock, state] of entries) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, state);
	}
	return encoding.toUint8Array(encoder);
}

/** True when applying `update` would change nothing: no new items and no new deletions. */
export function addsNothing(doc: Y.Doc, update: Uint8Array): boolean {
	const unknown = Y.decodeUpdate(Y.diffUpdate(update, Y.encodeStateVector(doc)));
	if (unknown.structs.length > 0) return false;
	return Y.snapshotContainsUpdate(Y.snapshot(doc), update);
}

interface AwarenessChange {
	added: number[];
	updated: number[];
	removed: number[];
}
