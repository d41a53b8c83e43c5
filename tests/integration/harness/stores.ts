/**
 * Real stores (memory, files, Redis) that several servers can share, ControlledStore for
 * injected failures, and readers of what was stored.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { openStore } from '../../../server/persistence/index.ts';
import { RedisStore } from '../../../server/persistence/redis.ts';
import type { BoardMeta, BoardStore, QuarantinedEntry, StorageKind } from '../../../server/persistence/store.ts';
import { type DocName } from '../../../src/lib/sync/protocol/constants.ts';
import { onCleanup } from './wait.ts';

export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';


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

/** The stored log of one of a board's documents ('board' or 'control'), applied to a fresh Y.Doc. */
export async function storedDocOf(store: BoardStore, boardId: string, docName: DocName): Promise<Y.Doc> {
	const doc = new Y.Doc();
	for (const update of await store.loadUpdates(boardId, docName)) Y.applyUpdate(doc, update);
	return doc;
}
