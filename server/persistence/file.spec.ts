import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from './file.ts';
import { encodeRecord } from './log-records.ts';
import { CorruptDocumentError } from './store.ts';

describe('FileStore on disk', () => {
	let dataDir: string;
	let store: FileStore;
	let logPath: string;

	beforeEach(async () => {
		dataDir = await mkdtemp(join(tmpdir(), 'debrief-file-'));
		store = new FileStore({ dataDir });
		logPath = join(dataDir, 'boards', 'b1', 'board.log');
	});

	afterEach(async () => {
		await store.close();
		await rm(dataDir, { recursive: true, force: true });
	});

	async function appendAll(...updates: number[][]): Promise<void> {
		for (const update of updates) await store.appendUpdate('b1', 'board', Uint8Array.from(update));
	}

	async function load(target = store): Promise<number[][]> {
		return (await target.loadUpdates('b1', 'board')).map((entry) => Array.from(entry));
	}

	it('uses the documented layout', async () => {
		await store.createBoard({ id: 'b1', createdAt: '2025-11-26T00:00:00.000Z', secretHashes: { facilitator: 'a', participant: 'b', observer: 'c' } });
		await appendAll([1]);
		expect((await readdir(join(dataDir, 'boards', 'b1'))).sort()).toEqual(['board.log', 'meta.json']);
		expect(JSON.parse(await readFile(join(dataDir, 'boards', 'b1', 'meta.json'), 'utf8')).id).toBe('b1');
	});

	it('survives a restart', async () => {
		await appendAll([1, 2], [3]);
		const reopened = new FileStore({ dataDir });
		expect(await load(reopened)).toEqual([[1, 2], [3]]);
		await reopened.close();
	});

	for (const [what, tail] of [
		['a torn header', encodeRecord(Uint8Array.from([7, 7, 7])).subarray(0, 5)],
		['a torn payload', encodeRecord(Uint8Array.from([7, 7, 7, 7, 7, 7])).subarray(0, 11)],
		['a zero-filled tail', Buffer.alloc(24)]
	] as const) {
		it(`ignores and truncates ${what} after the last record, then appends cleanly`, async () => {
			await appendAll([1], [2, 2], [3, 3, 3]);
			const intactSize = (await stat(logPath)).size;
			await appendFile(logPath, tail);

			expect(await load()).toEqual([[1], [2, 2], [3, 3, 3]]);
			expect((await stat(logPath)).size).toBe(intactSize);

			await appendAll([4]);
			expect(await load()).toEqual([[1], [2, 2], [3, 3, 3], [4]]);
		});
	}

	it('repairs a torn tail even when the first operation after a restart is an append', async () => {
		await appendAll([1]);
		await appendFile(logPath, encodeRecord(Uint8Array.from([5, 5])).subarray(0, 9));
		const reopened = new FileStore({ dataDir });
		await reopened.appendUpdate('b1', 'board', Uint8Array.from([2]));
		expect(await load(reopened)).toEqual([[1], [2]]);
		await reopened.close();
	});

	it('throws CorruptDocumentError on a checksum mismatch mid-log and leaves the file alone', async () => {
		await appendAll([1, 1], [2, 2, 2], [3]);
		const original = await readFile(logPath);
		const damaged = Buffer.from(original);
		// First payload byte of the second record: header (8) + payload (2) + header (8).
		damaged[18] ^= 0x40;
		await writeFile(logPath, damaged);

		await expect(store.loadUpdates('b1', 'board')).rejects.toBeInstanceOf(CorruptDocumentError);
		await expect(store.replacePrefix('b1', 'board', 1, Uint8Array.from([9]))).rejects.toBeInstanceOf(CorruptDocumentError);
		await expect(store.appendUpdate('b1', 'board', Uint8Array.from([4]))).rejects.toBeInstanceOf(CorruptDocumentError);
		expect(Buffer.compare(await readFile(logPath), damaged)).toBe(0);
	});

	it('throws CorruptDocumentError on an impossible record length', async () => {
		await appendAll([1], [2]);
		const damaged = await readFile(logPath);
		damaged.writeUInt32LE(0xfffffff0, 9);
		await writeFile(logPath, damaged);
		await expect(store.loadUpdates('b1', 'board')).rejects.toThrow(/impossible length/);
		expect(Buffer.compare(await readFile(logPath), damaged)).toBe(0);
	});

	it('leaves no temporary files behind after compaction and metadata updates', async () => {
		const meta = { id: 'b1', createdAt: '2025-11-26T00:00:00.000Z', secretHashes: { facilitator: 'a', participant: 'b', observer: 'c' } };
		await store.createBoard(meta);
		await store.updateBoard({ ...meta, createdAt: '2025-11-27T00:00:00.000Z' });
		await appendAll([1], [2], [3]);
		expect(await store.replacePrefix('b1', 'board', 2, Uint8Array.from([9]))).toBe(true);
		expect(await load()).toEqual([[9], [3]]);
		expect((await readdir(join(dataDir, 'boards', 'b1'))).sort()).toEqual(['board.log', 'meta.json']);
	});

	it('rejects ids that would leave the data directory', async () => {
		const meta = { id: '../x', createdAt: '2025-11-26T00:00:00.000Z', secretHashes: { facilitator: 'a', participant: 'b', observer: 'c' } };
		await expect(store.createBoard(meta)).rejects.toThrow(/invalid board id/);
		await expect(store.getBoard('../x')).rejects.toThrow(/invalid board id/);
		await expect(store.appendUpdate('..', 'board', Uint8Array.from([1]))).rejects.toThrow(/invalid board id/);
		await expect(store.appendUpdate('b1', '../../x', Uint8Array.from([1]))).rejects.toThrow(/invalid document name/);
		await expect(store.loadUpdates('b1', '../meta')).rejects.toThrow(/invalid document name/);
		expect(await readdir(dataDir)).toEqual([]);
	});

	it('is unhealthy when the data directory is gone', async () => {
		expect(await store.isHealthy()).toBe(true);
		await rm(dataDir, { recursive: true, force: true });
		expect(await store.isHealthy()).toBe(false);
	});
});
