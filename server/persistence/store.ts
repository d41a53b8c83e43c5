/**
 * The one storage interface every backend implements (memory, files, Redis).
 *
 * A board has a small metadata record (secret hashes, creation time) and one or more
 * Yjs documents ("board", later "control"). A document is stored as an ordered log of
 * Yjs updates; compaction replaces a prefix of that log with one snapshot update, so
 * updates appended while a compaction runs are never lost.
 */

import type { Role } from '../../src/lib/sync/protocol/constants.ts';

export type { Role };

export type StorageKind = 'memory' | 'file' | 'redis';

export interface BoardMeta {
	id: string;
	/** ISO 8601 UTC. */
	createdAt: string;
	/** SHA-256 (hex) of each role's secret. The secrets themselves are never stored. */
	secretHashes: Record<Role, string>;
}

export interface BoardStore {
	readonly kind: StorageKind;

	/** Stores a new board's metadata. Rejects with BoardExistsError when the id is taken. */
	createBoard(meta: BoardMeta): Promise<void>;
	/** The board's metadata, or null when there is no such board. */
	getBoard(id: string): Promise<BoardMeta | null>;
	/** Replaces an existing board's metadata (link rotation). */
	updateBoard(meta: BoardMeta): Promise<void>;

	/**
	 * Appends one update to the end of a document's log. Resolves once it is stored, with the
	 * number of entries the log holds now: 1 tells a room whose document was not empty that
	 * storage lost the log (R6).
	 */
	appendUpdate(boardId: string, docName: string, update: Uint8Array): Promise<number>;
	/** Every stored update of a document, oldest first; [] for a document never written. */
	loadUpdates(boardId: string, docName: string): Promise<Uint8Array[]>;
	/**
	 * Atomically replaces the first `count` entries of a document's log with `snapshot`,
	 * keeping every entry after them. Resolves false (and changes nothing) when the log
	 * changed underneath in a way that makes the replacement unsafe (e.g. a concurrent
	 * compaction, or fewer than `count` entries).
	 */
	replacePrefix(boardId: string, docName: string, count: number, snapshot: Uint8Array): Promise<boolean>;

	/**
	 * Small named blobs that belong to a board but are not CRDT documents: the canvas picture,
	 * votes and anonymous notes held back until the facilitator reveals them. Names follow
	 * the document-name rules. Writing replaces; getting an unknown blob gives null.
	 */
	putBlob(boardId: string, name: string, data: Uint8Array): Promise<void>;
	getBlob(boardId: string, name: string): Promise<Uint8Array | null>;
	deleteBlob(boardId: string, name: string): Promise<void>;

	/**
	 * Keeps a stored update that could not be applied, out of the log but never deleted (Q1),
	 * so an operator can look at it (`npm run quarantine`).
	 */
	quarantine(entry: QuarantinedEntry): Promise<void>;
	/** Every quarantined entry of every board, oldest first. */
	listQuarantined(): Promise<QuarantinedEntry[]>;

	/**
	 * Calls `listener` each time the backend is reachable again after losing its connection
	 * (Redis): it may have come back without the data it had (R6). Backends without a
	 * connection never call it.
	 */
	onReconnect?(listener: () => void): void;

	/** Whether the backend currently answers (for /healthz). */
	isHealthy(): Promise<boolean>;
	close(): Promise<void>;
}

export interface QuarantinedEntry {
	boardId: string;
	docName: string;
	/** ISO 8601 UTC: when it was taken out of the log. */
	at: string;
	/** Why it could not be applied. */
	reason: string;
	update: Uint8Array;
}

/** A quarantined entry as the file and Redis stores keep it: JSON, the update in base64. */
export function quarantinedToJson(entry: QuarantinedEntry): string {
	const { update, ...about } = entry;
	return JSON.stringify({ ...about, update: Buffer.from(update).toString('base64') });
}

export function quarantinedFromJson(json: string): QuarantinedEntry {
	const { update, ...about } = JSON.parse(json) as Omit<QuarantinedEntry, 'update'> & { update: string };
	return { ...about, update: new Uint8Array(Buffer.from(update, 'base64')) };
}

export class BoardExistsError extends Error {
	constructor(id: string) {
		super(`a board with id ${id} already exists`);
		this.name = 'BoardExistsError';
	}
}

/** A stored document that cannot be read back intact (corrupt log). Never overwritten. */
export class CorruptDocumentError extends Error {
	constructor(where: string, detail: string) {
		super(`stored document ${where} is corrupt: ${detail}`);
		this.name = 'CorruptDocumentError';
	}
}
