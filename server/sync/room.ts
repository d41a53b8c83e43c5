/**
 * One loaded Yjs document and the connections editing it.
 *
 * The rules that matter (docs/protocol.md):
 * - an update is checked before anything is stored: its structure first (U2, U3), then, applied
 *   to the document inside one transaction, the board's shape (S1–S5); a refused update leaves
 *   nothing behind, because the document is rebuilt from what was stored (U4);
 * - what is stored and relayed is what Yjs integrated, re-encoded — never the client's bytes —
 *   and it is stored BEFORE it is relayed (R1);
 * - a read-only connection's updates are dropped, never stored or relayed (R2);
 * - loading applies stored state with the `load` origin and never writes it back (R3); an entry
 *   that cannot be applied is quarantined, and the rest loads (Q1);
 * - when storage fails or hangs past its deadline, the meeting goes on: updates are kept in
 *   memory and retried in the background, in order, and the room is not unloaded until they
 *   are stored (R4, D1);
 * - when storage turns out to have lost the board, the room writes its whole state back (R6);
 * - a peer may change only its own presence, never another person's (R5), and introduce
 *   only a few presence ids (L5).
 * All work on a room runs through one queue, so storage order equals relay order.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { defineRootTypes, DOCUMENT_ROOTS, Origin } from '../../src/lib/board/schema.ts';
import { DOCUMENT_SHAPES, MAX_DOCUMENT_BYTES, type Shape } from '../../src/lib/board/shape.ts';
import { CloseCode, type DocName } from '../../src/lib/sync/protocol/constants.ts';
import { encodeAwareness, encodeUpdate } from '../../src/lib/sync/protocol/codec.ts';
import { compactDocument, quarantineAll } from '../persistence/compact.ts';
import { replayLog, type SkippedEntry } from '../persistence/replay.ts';
import type { BoardStore } from '../persistence/store.ts';
import { structureProblem, transactionProblem, UpdateRefusedError } from './update-check.ts';
import { withDeadline } from './deadline.ts';
import { describeError, type Logger } from '../log.ts';
import { PresenceQuota } from '../limits/presence-quota.ts';

/** What a room needs from a connection: a way to send bytes, and whether it may write. */
export interface Peer {
	readonly canWrite: boolean;
	send(message: Uint8Array): void;
	/** Ends the connection (the room could not go on, U4). */
	close(code: CloseCode): void;
	/** Told when every update applied so far is in storage again after a failure (R4). */
	allSaved?(): void;
}

export interface RoomOptions {
	/** Compact the stored log after this many appended updates. */
	compactEvery: number;
	/** How long to wait before retrying updates storage refused. */
	retryDelayMs: number;
	/** Longest a storage call may take before it counts as failed (D1). */
	storageTimeoutMs: number;
	/** Restores the board's metadata after storage lost it (R6). */
	restoreBoard?: (boardId: string) => Promise<void>;
}

/** Largest backlog of structs waiting for updates they depend on; more is refused (U3). */
const MAX_PENDING_BYTES = 1024 * 1024;

export class Room {
	readonly boardId: string;
	readonly docName: DocName;
	readonly awareness: awarenessProtocol.Awareness;
	/** Each peer with the awareness client ids it announced, removed when it leaves. */
	readonly peers = new Map<Peer, Set<number>>();

	readonly #store: BoardStore;
	readonly #log: Logger;
	readonly #options: RoomOptions;
	readonly #shapes: Readonly<Record<string, Shape>>;
	readonly #roots: ReadonlySet<string>;
	#doc: Y.Doc;
	#queue: Promise<unknown> = Promise.resolve();
	/** Updates applied in memory that storage has not accepted yet, oldest first. */
	#unsaved: Uint8Array[] = [];
	/** The background flush of #unsaved, while one runs. */
	#flushing: Promise<boolean> | null = null;
	/** Whether the stored log holds at least one entry, as far as this room knows (R6). */
	#logHasEntries: boolean;
	/** An upper bound of the document's encoded size; recomputed when it nears the limit. */
	#sizeEstimate: number;
	#appendedSinceCompaction = 0;
	#changedSinceLoad = false;
	#retryTimer: ReturnType<typeof setTimeout> | null = null;
	#closed = false;
	readonly #presenceQuota = new PresenceQuota();
	/** Called once the room is unloaded, so the registry can forget it. */
	onClosed: () => void = () => {};

	private constructor(boardId: string, docName: DocName, store: BoardStore, log: Logger, options: RoomOptions, doc: Y.Doc, storedEntries: Uint8Array[]) {
		this.boardId = boardId;
		this.docName = docName;
		this.#store = store;
		this.#log = log;
		this.#options = options;
		this.#shapes = DOCUMENT_SHAPES[docName];
		this.#roots = new Set(Object.keys(this.#shapes));
		this.#doc = doc;
		this.#logHasEntries = storedEntries.length > 0;
		this.#sizeEstimate = storedEntries.reduce((sum, entry) => sum + entry.byteLength, 0);
		// Presence lives on a document of its own: the board's is replaced when it is rebuilt.
		this.awareness = new awarenessProtocol.Awareness(new Y.Doc());
		// The server has no presence of its own.
		this.awareness.setLocalState(null);
		this.#relayAwareness();
	}

	/**
	 * Loads a document from storage. Rejects (and nothing is created) when storage fails or
	 * hangs (R3, D1). Entries that cannot be applied are quarantined and the rest loads (Q1).
	 */
	static async load(boardId: string, docName: DocName, store: BoardStore, log: Logger, options: RoomOptions): Promise<Room> {
		const entries = await withDeadline(store.loadUpdates(boardId, docName), options.storageTimeoutMs, 'loading the board');
		const { doc, skipped } = replayLog(entries, Origin.load, (fresh) => defineRootTypes(fresh, DOCUMENT_ROOTS[docName]));
		const room = new Room(boardId, docName, store, log, options, doc, entries);
		if (skipped.length > 0) await room.#quarantine(skipped, entries.length);
		if (doc.store.pendingStructs || doc.store.pendingDs) log.warn('the stored log refers to updates it does not hold', room.#where());
		return room;
	}

	/** The document as it is now. Replaced as a whole when a refused update is undone (U4). */
	get doc(): Y.Doc {
		return this.#doc;
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** True when every update applied so far is in storage (false while storage refuses, R4). */
	get allSaved(): boolean {
		return this.#unsaved.length === 0;
	}

	/** Presence changes go to every peer, the sender included (y-websocket does the same). */
	#relayAwareness(): void {
		this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
			const peer = origin as Peer;
			const owned = this.peers.get(peer);
			if (owned) {
				for (const id of added) owned.add(id);
				for (const id of removed) owned.delete(id);
			}
			const changed = [...added, ...updated, ...removed];
			this.#broadcast(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)), null);
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
	 * Checks, stores, then relays a client's update (U1–U4, R1). Rejects with
	 * UpdateRefusedError when the update is refused; the document is then as it was.
	 * Read-only peers are refused here as a second line (R2).
	 */
	async receiveUpdate(update: Uint8Array, from: Peer, decoded: DecodedUpdate = Y.decodeUpdate(update)): Promise<void> {
		if (!from.canWrite) return;
		const accepted = await this.#admit(update, decoded, from, false);
		if (accepted) await this.#commit(accepted, from);
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
	 * then checked, stored and relayed like any client's update (R1). Runs in the room's queue.
	 */
	applyServerChange(change: (doc: Y.Doc) => void): Promise<void> {
		return this.enqueue(async () => {
			if (this.#closed) throw new Error('room is closed');
			const scratch = new Y.Doc();
			Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.#doc), Origin.load);
			const before = Y.encodeStateVector(scratch);
			scratch.transact(() => change(scratch), Origin.server);
			const update = Y.encodeStateAsUpdate(scratch, before);
			scratch.destroy();
			const accepted = await this.#admit(update, Y.decodeUpdate(update), Origin.server, true);
			if (accepted) await this.#commit(accepted, Origin.server);
		});
	}

	/** Reads the document inside the room's queue, after everything received before. */
	read<T>(reader: (doc: Y.Doc) => T): Promise<T> {
		return this.enqueue(() => reader(this.#doc));
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

	/**
	 * Checks that storage still has this document, and writes it back when it lost it: an
	 * empty log, or one whose entries depend on updates it no longer holds (R6).
	 */
	async verifyStored(): Promise<void> {
		if (this.#closed || !this.#logHasEntries) return;
		// Read outside the room's queue: a slow storage must not hold up the meeting.
		const entries = await withDeadline(this.#store.loadUpdates(this.boardId, this.docName), this.#options.storageTimeoutMs, 'reading the log');
		const { doc } = replayLog(entries, Origin.load);
		const incomplete = entries.length === 0 || doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
		doc.destroy();
		if (incomplete) await this.enqueue(() => (this.#closed ? undefined : this.#reseed()));
	}

	/** Stores everything and unloads regardless of peers (server shutdown). Bounded in time (D2). */
	async shutdown(): Promise<void> {
		await this.enqueue(() => this.#unload(true));
		if (!this.#closed) {
			this.#log.error('shutting down with updates storage never accepted', { ...this.#where(), unsaved: this.#unsaved.length });
		}
	}

	/**
	 * Applies an update to the document if it passes every check, and returns what Yjs
	 * integrated (null when it added nothing new). A refused update, or one that made Yjs
	 * throw, leaves the document rebuilt as it was (U4).
	 */
	async #admit(update: Uint8Array, decoded: DecodedUpdate, origin: unknown, byServer: boolean): Promise<Uint8Array | null> {
		const structural = structureProblem(decoded, this.#roots);
		if (structural) throw new UpdateRefusedError(structural);
		this.#checkDocumentSize(update.byteLength);
		try {
			return this.#applyChecked(update, origin, byServer);
		} catch (error) {
			await this.#rebuild();
			if (error instanceof UpdateRefusedError) throw error;
			// Yjs threw. It may have been structs held back from an earlier update that this one
			// completed; the rebuilt document no longer holds those, so try this one once more.
			try {
				return this.#applyChecked(update, origin, byServer);
			} catch (again) {
				await this.#rebuild();
				throw again instanceof UpdateRefusedError ? again : new UpdateRefusedError(`the update cannot be applied: ${describeError(again)}`);
			}
		}
	}

	/** Applies inside one transaction, checking the shape before it ends. Throws when refused. */
	#applyChecked(update: Uint8Array, origin: unknown, byServer: boolean): Uint8Array | null {
		const doc = this.#doc;
		let integrated: Uint8Array | null = null;
		let problem: string | null = null;
		const capture = (encoded: Uint8Array) => (integrated = encoded);
		doc.on('update', capture);
		try {
			doc.transact((transaction) => {
				Y.applyUpdate(doc, update, origin);
				problem = transactionProblem(transaction, this.#shapes, byServer);
			}, origin);
		} finally {
			doc.off('update', capture);
		}
		if (problem) throw new UpdateRefusedError(problem);
		const pending = doc.store.pendingStructs?.update.byteLength ?? 0;
		if (pending > MAX_PENDING_BYTES) throw new UpdateRefusedError('too many changes that depend on changes the server never received');
		return integrated;
	}

	/** Refuses an update that would grow the document past its limit (S6). */
	#checkDocumentSize(incoming: number): void {
		if (this.#sizeEstimate + incoming <= MAX_DOCUMENT_BYTES) return;
		// The estimate only grows; measure before refusing anyone.
		this.#sizeEstimate = Y.encodeStateAsUpdate(this.#doc).byteLength;
		if (this.#sizeEstimate + incoming > MAX_DOCUMENT_BYTES) throw new UpdateRefusedError(`the board would grow past its ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB limit`);
	}

	/** Stores then relays what was applied (R1). */
	async #commit(integrated: Uint8Array, origin: unknown): Promise<void> {
		this.#sizeEstimate += integrated.byteLength;
		this.#changedSinceLoad = true;
		await this.#persist(integrated);
		this.#broadcast(encodeUpdate(integrated), origin as Peer);
	}

	/** Sends a frame to this room's peers except the one it came from. */
	#broadcast(message: Uint8Array, except: Peer | null): void {
		for (const peer of this.peers.keys()) if (peer !== except) peer.send(message);
	}

	/**
	 * Replaces the document with one rebuilt from storage and the unsaved backlog: exactly
	 * what was accepted before (U4). When storage cannot be read, the room cannot go on: its
	 * peers are told to reconnect, and their copies bring back anything not yet stored.
	 */
	async #rebuild(): Promise<void> {
		let entries: Uint8Array[];
		try {
			entries = await withDeadline(this.#store.loadUpdates(this.boardId, this.docName), this.#options.storageTimeoutMs, 'reloading the board');
		} catch (error) {
			this.#log.error('a refused update could not be undone: storage cannot be read; closing the room', this.#where(error));
			this.#abandon();
			throw new UpdateRefusedError('the update cannot be applied');
		}
		const { doc, skipped } = replayLog([...entries, ...this.#unsaved], Origin.load, (fresh) => defineRootTypes(fresh, DOCUMENT_ROOTS[this.docName]));
		if (skipped.length > 0) this.#log.error('rebuilding the board skipped entries that cannot be applied', { ...this.#where(), skipped: skipped.length });
		this.#doc.destroy();
		this.#doc = doc;
	}

	/** Ends the room at once without storing (only when its document cannot be trusted). */
	#abandon(): void {
		if (this.#closed) return;
		this.#closed = true;
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		for (const peer of this.peers.keys()) peer.close(CloseCode.serverRestarting);
		this.awareness.destroy();
		this.onClosed();
	}

	async #quarantine(skipped: SkippedEntry[], logLength: number): Promise<void> {
		for (const entry of skipped) {
			this.#log.error('a stored update cannot be applied; quarantined it and loaded the rest', { ...this.#where(), entry: entry.index, reason: entry.reason });
		}
		try {
			await withDeadline(quarantineAll(this.#store, this.boardId, this.docName, skipped), this.#options.storageTimeoutMs, 'quarantining');
			// The log without them: a snapshot of what loaded replaces every entry read.
			await withDeadline(this.#store.replacePrefix(this.boardId, this.docName, logLength, Y.encodeStateAsUpdate(this.#doc)), this.#options.storageTimeoutMs, 'compacting');
		} catch (error) {
			// Loading skips them again next time; nothing is lost by trying later.
			this.#log.warn('quarantine could not be written yet', this.#where(error));
		}
	}

	async #persist(update: Uint8Array): Promise<void> {
		if (this.#unsaved.length > 0) {
			// Keep the stored order equal to the applied order: this one waits behind the backlog,
			// which is stored in the background so the meeting is not held up by storage (D1).
			this.#unsaved.push(update);
			if (!this.#retryTimer) void this.#flush();
			return;
		}
		const hadContent = this.#logHasEntries;
		try {
			const length = await this.#append(update);
			await this.#afterAppend(length, hadContent);
		} catch (error) {
			this.#log.error('storing an update failed; keeping it in memory and retrying', this.#where(error));
			this.#unsaved.push(update);
			this.#scheduleRetry();
		}
	}

	#append(update: Uint8Array): Promise<number> {
		return withDeadline(this.#store.appendUpdate(this.boardId, this.docName, update), this.#options.storageTimeoutMs, 'storing an update');
	}

	/** Stores the backlog in order, outside the room's queue. Resolves true once it is empty. */
	#flush(): Promise<boolean> {
		this.#flushing ??= (async () => {
			while (this.#unsaved.length > 0) {
				const hadContent = this.#logHasEntries;
				try {
					const length = await this.#append(this.#unsaved[0]);
					this.#unsaved.shift();
					await this.#afterAppend(length, hadContent);
				} catch (error) {
					this.#log.warn('storage still unavailable', { ...this.#where(error), unsaved: this.#unsaved.length });
					this.#scheduleRetry();
					return false;
				}
			}
			this.#log.info('backlog of unsaved updates stored', this.#where());
			for (const peer of this.peers.keys()) peer.allSaved?.();
			return true;
		})().finally(() => (this.#flushing = null));
		return this.#flushing;
	}

	#scheduleRetry(): void {
		if (this.#retryTimer || this.#closed) return;
		this.#retryTimer = setTimeout(() => {
			this.#retryTimer = null;
			void this.#flush().then(async (stored) => {
				if (stored) await this.enqueue(() => this.#unloadIfIdle());
			});
		}, this.#options.retryDelayMs);
		this.#retryTimer.unref?.();
	}

	async #afterAppend(length: number, hadContent: boolean): Promise<void> {
		this.#logHasEntries = true;
		this.#changedSinceLoad = true;
		// A log of one entry after appending to a log that had entries: storage lost the board.
		if (hadContent && length === 1) {
			await this.#reseed();
			return;
		}
		this.#appendedSinceCompaction++;
		if (this.#appendedSinceCompaction >= this.#options.compactEvery) await this.#compact();
	}

	/**
	 * Storage lost what it had of this board (e.g. Redis restarted empty): the room holds the
	 * whole document, so it writes it back as one snapshot and restores the metadata (R6).
	 */
	async #reseed(): Promise<void> {
		this.#log.warn('storage lost this board; writing it back from memory', this.#where());
		try {
			const snapshot = Y.encodeStateAsUpdate(this.#doc);
			const timeout = this.#options.storageTimeoutMs;
			// Everything in memory, including the backlog, is in the snapshot.
			const stored = await withDeadline(this.#store.loadUpdates(this.boardId, this.docName), timeout, 'reading the log');
			if (await withDeadline(this.#store.replacePrefix(this.boardId, this.docName, stored.length, snapshot), timeout, 'writing the snapshot')) this.#unsaved = [];
			await this.#options.restoreBoard?.(this.boardId);
			this.#appendedSinceCompaction = 0;
			this.#log.info('board written back to storage', { ...this.#where(), snapshotBytes: snapshot.byteLength });
		} catch (error) {
			// Storage may be half back (one Redis connection ready, the other not yet): try again soon.
			this.#log.error('writing the board back failed; trying again', this.#where(error));
			this.#logHasEntries = true;
			if (!this.#closed) setTimeout(() => void this.verifyStored().catch(() => {}), this.#options.retryDelayMs).unref?.();
		}
	}

	async #compact(): Promise<void> {
		try {
			const result = await withDeadline(compactDocument(this.#store, this.boardId, this.docName), this.#options.storageTimeoutMs * 2, 'compacting');
			if (result) {
				this.#appendedSinceCompaction = 0;
				this.#sizeEstimate = result.snapshotBytes;
				if (result.quarantined.length > 0) this.#log.error('compaction quarantined stored updates that cannot be applied', { ...this.#where(), count: result.quarantined.length });
				this.#log.debug('compacted', { ...this.#where(), entriesBefore: result.entriesBefore, snapshotBytes: result.snapshotBytes });
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
		if (this.#unsaved.length > 0 && !(await this.#flush())) return; // retried later (R4)
		if (this.#changedSinceLoad) await this.#compact();
		// Someone joined while we were storing: stay loaded for them.
		if (!force && this.peers.size > 0) return;
		this.#closed = true;
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		this.awareness.destroy();
		this.#doc.destroy();
		this.onClosed();
	}

	#where(error?: unknown): Record<string, unknown> {
		return { board: this.boardId, doc: this.docName, ...(error === undefined ? {} : { error: describeError(error) }) };
	}
}

type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

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

interface AwarenessChange {
	added: number[];
	updated: number[];
	removed: number[];
}
