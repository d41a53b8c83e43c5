import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, appendFile, mkdir, open, readdir, readFile, rename, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BoardMeta, BoardStore, QuarantinedEntry } from './store.ts';
import { BoardExistsError, CorruptDocumentError, quarantinedFromJson, quarantinedToJson } from './store.ts';
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
 *   <dataDir>/quarantine/<time>-<seq>-<id>-<docName>.json   (entries taken out of a log)
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
	/** How many entries each checked log holds, so an append can report it without a read. */
	readonly #entryCounts = new Map<string, number>();

	constructor(options: FileStoreOptions) {
		this.#dataDir = resolve(options.dataDir);
		this.#boardsDir = join(this.#dataDir, 'boards');
	}

	async createBoard(meta: BoardMeta): Promise<void> {
		const dir = this.#boardDir(meta.id);
		const json = JSON.stringify(meta);
		await this.#queue.run(`meta:${meta.id}`, async () => {
			try {
				await this.#inDir(dir, () => writeFile(join(dir, 'meta.json'), json, { flag: 'wx' }));
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

	async appendUpdate(boardId: string, docName: string, update: Uint8Array): Promise<number> {
		const dir = this.#boardDir(boardId);
		const path = this.#logPath(boardId, docName);
		const record = encodeRecord(update);
		return this.#queue.run(`doc:${path}`, async () => {
			if (!this.#checkedLogs.has(path)) await this.#readLog(path, `${boardId}/${docName}`);
			try {
				// A log whose directory vanished starts again from nothing.
				await this.#inDir(dir, () => appendFile(path, record), () => this.#entryCounts.set(path, 0));
			} catch (error) {
				// A failed append may have written part of the record.
				this.#checkedLogs.delete(path);
				throw error;
			}
			const count = (this.#entryCounts.get(path) ?? 0) + 1;
			this.#entryCounts.set(path, count);
			return count;
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
			await this.#inDir(dir, () => writeAtomically(path, Buffer.concat([snapshotRecord, log.buffer.subarray(keptFrom, log.completeBytes)])));
			this.#entryCounts.set(path, 1 + log.entries.length - count);
			return true;
		});
	}

	async putBlob(boardId: string, name: string, data: Uint8Array): Promise<void> {
		const path = this.#blobPath(boardId, name);
		await this.#queue.run(`blob:${path}`, () => this.#inDir(join(this.#boardDir(boardId), 'blobs'), () => writeAtomically(path, data)));
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

	async quarantine(entry: QuarantinedEntry): Promise<void> {
		this.#logPath(entry.boardId, entry.docName);
		const dir = join(this.#dataDir, 'quarantine');
		// Named so that listing them sorted gives the order they were quarantined in.
		const name = `${entry.at.replace(/[^0-9A-Za-z]/g, '')}-${process.hrtime.bigint().toString().padStart(20, '0')}-${entry.boardId}-${entry.docName}.json`;
		await this.#inDir(dir, () => writeAtomically(join(dir, name), quarantinedToJson(entry)));
	}

	async listQuarantined(): Promise<QuarantinedEntry[]> {
		const dir = join(this.#dataDir, 'quarantine');
		let names: string[];
		try {
			names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
		} catch (error) {
			if (errorCode(error) === 'ENOENT') return [];
			throw error;
		}
		return Promise.all(names.map(async (name) => quarantinedFromJson(await readFile(join(dir, name), 'utf8'))));
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

	/**
	 * Runs a write in a directory, making it first. A directory removed behind our back (the
	 * data directory wiped while running) is made again, so storage recovers (R6).
	 */
	async #inDir<T>(dir: string, write: () => Promise<T>, onRemade?: () => void): Promise<T> {
		if (!this.#madeDirs.has(dir)) {
			await mkdir(dir, { recursive: true });
			this.#madeDirs.add(dir);
		}
		try {
			return await write();
		} catch (error) {
			if (errorCode(error) !== 'ENOENT') throw error;
			this.#madeDirs.delete(dir);
			await mkdir(dir, { recursive: true });
			this.#madeDirs.add(dir);
			onRemade?.();
			return write();
		}
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
		this.#entryCounts.set(path, log.entries.length);
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
