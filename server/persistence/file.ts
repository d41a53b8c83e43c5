import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, appendFile, mkdir, open, readFile, rename, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BoardMeta, BoardStore } from './store.ts';
import { BoardExistsError, CorruptDocumentError } from './store.ts';
import { assertValidBoardId, assertValidCount, assertValidDocName } from './ids.ts';
import { KeyedQueue } from './keyed-queue.ts';
import { encodeRecord, parseLog } from './log-records.ts';
import type { ParsedLog } from './log-records.ts';

export interface FileStoreOptions {
	dataDir: string;
}

/**
 * Stores boards as plain files:
 *
 *   <dataDir>/boards/<id>/meta.json
 *   <dataDir>/boards/<id>/<docName>.log   (see log-records.ts)
 *
 * Meant for a single server process: operations are serialised per document and per
 * board inside this process only.
 */
export class FileStore implements BoardStore {
	readonly kind = 'file' as const;
	readonly #dataDir: string;
	readonly #boardsDir: string;
	readonly #queue = new KeyedQueue();
	/** Board directories known to exist, to skip a mkdir on every append. */
	readonly #madeDirs = new Set<string>();
	/**
	 * Logs whose tail has been checked (and repaired) in this process. Appending behind a
	 * torn record would bury it mid-log, where it reads as corruption.
	 */
	readonly #checkedLogs = new Set<string>();

	constructor(options: FileStoreOptions) {
		this.#dataDir = resolve(options.dataDir);
		this.#boardsDir = join(this.#dataDir, 'boards');
	}

	async createBoard(meta: BoardMeta): Promise<void> {
		const dir = this.#boardDir(meta.id);
		const json = JSON.stringify(meta);
		await this.#queue.run(`meta:${meta.id}`, async () => {
			await this.#ensureDir(dir);
			try {
				await writeFile(join(dir, 'meta.json'), json, { flag: 'wx' });
			} catch (error) {
				if (errorCode(error) === 'EEXIST') throw new BoardExistsError(meta.id);
				throw error;
			}
		});
	}

	async getBoard(id: string): Promise<BoardMeta | null> {
		const path = join(this.#boardDir(id), 'meta.json');
		return this.#queue.run(`meta:${id}`, async () => {
			let json: string;
			try {
				json = await readFile(path, 'utf8');
			} catch (error) {
				if (errorCode(error) === 'ENOENT') return null;
				throw error;
			}
			try {
				return JSON.parse(json) as BoardMeta;
			} catch (error) {
				throw new CorruptDocumentError(`${id}/meta.json`, String(error));
			}
		});
	}

	async updateBoard(meta: BoardMeta): Promise<void> {
		const path = join(this.#boardDir(meta.id), 'meta.json');
		const json = JSON.stringify(meta);
		await this.#queue.run(`meta:${meta.id}`, async () => {
			try {
				await stat(path);
			} catch (error) {
				if (errorCode(error) === 'ENOENT') throw new Error(`no board with id ${meta.id}`);
				throw error;
			}
			await writeAtomically(path, json);
		});
	}

	async appendUpdate(boardId: string, docName: string, update: Uint8Array): Promise<void> {
		const dir = this.#boardDir(boardId);
		const path = this.#logPath(boardId, docName);
		const record = encodeRecord(update);
		await this.#queue.run(`doc:${path}`, async () => {
			if (!this.#checkedLogs.has(path)) await this.#readLog(path, `${boardId}/${docName}`);
			await this.#ensureDir(dir);
			try {
				await appendFile(path, record);
			} catch (error) {
				// A failed append may have written part of the record.
				this.#checkedLogs.delete(path);
				throw error;
			}
		});
	}

	async loadUpdates(boardId: string, docName: string): Promise<Uint8Array[]> {
		const path = this.#logPath(boardId, docName);
		return this.#queue.run(`doc:${path}`, async () => {
			const { entries } = await this.#readLog(path, `${boardId}/${docName}`);
			return entries.map((entry) => new Uint8Array(entry));
		});
	}

	async replacePrefix(boardId: string, docName: string, count: number, snapshot: Uint8Array): Promise<boolean> {
		const dir = this.#boardDir(boardId);
		const path = this.#logPath(boardId, docName);
		assertValidCount(count);
		const snapshotRecord = encodeRecord(snapshot);
		return this.#queue.run(`doc:${path}`, async () => {
			const log = await this.#readLog(path, `${boardId}/${docName}`);
			if (log.entries.length < count) return false;
			const keptFrom = count < log.entries.length ? log.starts[count] : log.completeBytes;
			await this.#ensureDir(dir);
			await writeAtomically(path, Buffer.concat([snapshotRecord, log.buffer.subarray(keptFrom, log.completeBytes)]));
			return true;
		});
	}

	async putBlob(boardId: string, name: string, data: Uint8Array): Promise<void> {
		const path = this.#blobPath(boardId, name);
		await this.#queue.run(`blob:${path}`, async () => {
			await this.#ensureDir(join(this.#boardDir(boardId), 'blobs'));
			await writeAtomically(path, data);
		});
	}

	async getBlob(boardId: string, name: string): Promise<Uint8Array | null> {
		const path = this.#blobPath(boardId, name);
		return this.#queue.run(`blob:${path}`, async () => {
			try {
				return new Uint8Array(await readFile(path));
			} catch (error) {
				if (errorCode(error) === 'ENOENT') return null;
				throw error;
			}
		});
	}

	async deleteBlob(boardId: string, name: string): Promise<void> {
		const path = this.#blobPath(boardId, name);
		await this.#queue.run(`blob:${path}`, async () => {
			try {
				await unlink(path);
			} catch (error) {
				if (errorCode(error) !== 'ENOENT') throw error;
			}
		});
	}

	#blobPath(boardId: string, name: string): string {
		const dir = this.#boardDir(boardId);
		assertValidDocName(name);
		return join(dir, 'blobs', name);
	}

	async isHealthy(): Promise<boolean> {
		try {
			await access(this.#dataDir, constants.R_OK | constants.W_OK);
			return true;
		} catch {
			return false;
		}
	}

	async close(): Promise<void> {
		await this.#queue.idle();
	}

	#boardDir(id: string): string {
		assertValidBoardId(id);
		return join(this.#boardsDir, id);
	}

	#logPath(boardId: string, docName: string): string {
		const dir = this.#boardDir(boardId);
		assertValidDocName(docName);
		return join(dir, `${docName}.log`);
	}

	async #ensureDir(dir: string): Promise<void> {
		if (this.#madeDirs.has(dir)) return;
		await mkdir(dir, { recursive: true });
		this.#madeDirs.add(dir);
	}

	/** Reads and parses a log, cutting off a torn final record. Call inside the queue. */
	async #readLog(path: string, where: string): Promise<ParsedLog & { buffer: Buffer }> {
		let buffer: Buffer;
		try {
			buffer = await readFile(path);
		} catch (error) {
			if (errorCode(error) !== 'ENOENT') throw error;
			buffer = Buffer.alloc(0);
		}
		let log: ParsedLog;
		try {
			log = parseLog(buffer, where);
		} catch (error) {
			// Appending behind known damage would only bury it deeper.
			this.#checkedLogs.delete(path);
			throw error;
		}
		if (log.completeBytes < buffer.length) await truncate(path, log.completeBytes);
		this.#checkedLogs.add(path);
		return { ...log, buffer };
	}
}

/**
 * Replaces a file so that readers and crashes see either the old or the new content.
 * The fsync matters here (unlike for appends): without it a crash soon after the rename
 * can leave an empty file where the whole document used to be.
 */
async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
	const temp = `${path}.${randomUUID()}.tmp`;
	try {
		const handle = await open(temp, 'wx');
		try {
			await handle.writeFile(data);
			await handle.sync();
		} finally {
			await handle.close();
		}
		await rename(temp, path);
	} catch (error) {
		await unlink(temp).catch(() => {});
		throw error;
	}
}

function errorCode(error: unknown): string | undefined {
	return (error as NodeJS.ErrnoException | null)?.code;
}
