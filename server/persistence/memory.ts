import type { BoardMeta, BoardStore, QuarantinedEntry } from './store.ts';
import { BoardExistsError } from './store.ts';
import { assertValidBoardId, assertValidCount, assertValidDocName } from './ids.ts';

/**
 * Keeps everything in process memory: for tests and throwaway local runs. Every byte
 * array and metadata object is copied on the way in and out, so callers holding on to
 * (or reusing) a buffer can never change what is stored.
 */
export class MemoryStore implements BoardStore {
	readonly kind = 'memory' as const;
	readonly #boards = new Map<string, BoardMeta>();
	readonly #docs = new Map<string, Uint8Array[]>();
	readonly #blobs = new Map<string, Uint8Array>();
	readonly #quarantined: QuarantinedEntry[] = [];

	async createBoard(meta: BoardMeta): Promise<void> {
		assertValidBoardId(meta.id);
		if (this.#boards.has(meta.id)) throw new BoardExistsError(meta.id);
		this.#boards.set(meta.id, structuredClone(meta));
	}

	async getBoard(id: string): Promise<BoardMeta | null> {
		assertValidBoardId(id);
		const meta = this.#boards.get(id);
		return meta ? structuredClone(meta) : null;
	}

	async updateBoard(meta: BoardMeta): Promise<void> {
		assertValidBoardId(meta.id);
		if (!this.#boards.has(meta.id)) throw new Error(`no board with id ${meta.id}`);
		this.#boards.set(meta.id, structuredClone(meta));
	}

	async appendUpdate(boardId: string, docName: string, update: Uint8Array): Promise<number> {
		const key = docKey(boardId, docName);
		let log = this.#docs.get(key);
		if (!log) {
			log = [];
			this.#docs.set(key, log);
		}
		return log.push(update.slice());
	}

	async loadUpdates(boardId: string, docName: string): Promise<Uint8Array[]> {
		const log = this.#docs.get(docKey(boardId, docName)) ?? [];
		return log.map((entry) => entry.slice());
	}

	async replacePrefix(boardId: string, docName: string, count: number, snapshot: Uint8Array): Promise<boolean> {
		const key = docKey(boardId, docName);
		assertValidCount(count);
		const log = this.#docs.get(key) ?? [];
		if (log.length < count) return false;
		this.#docs.set(key, [snapshot.slice(), ...log.slice(count)]);
		return true;
	}

	async putBlob(boardId: string, name: string, data: Uint8Array): Promise<void> {
		this.#blobs.set(docKey(boardId, name), data.slice());
	}

	async getBlob(boardId: string, name: string): Promise<Uint8Array | null> {
		return this.#blobs.get(docKey(boardId, name))?.slice() ?? null;
	}

	async deleteBlob(boardId: string, name: string): Promise<void> {
		this.#blobs.delete(docKey(boardId, name));
	}

	async quarantine(entry: QuarantinedEntry): Promise<void> {
		docKey(entry.boardId, entry.docName);
		this.#quarantined.push({ ...entry, update: entry.update.slice() });
	}

	async listQuarantined(): Promise<QuarantinedEntry[]> {
		return this.#quarantined.map((entry) => ({ ...entry, update: entry.update.slice() }));
	}

	async isHealthy(): Promise<boolean> {
		return true;
	}

	async close(): Promise<void> {}
}

function docKey(boardId: string, docName: string): string {
	assertValidBoardId(boardId);
	assertValidDocName(docName);
	// '/' cannot occur in a valid id, so the pair maps to the key unambiguously.
	return `${boardId}/${docName}`;
}
