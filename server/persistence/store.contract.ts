import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compactDocument } from './compact.ts';
import type { BoardMeta, BoardStore } from './store.ts';
import { BoardExistsError } from './store.ts';
import { POISON_UPDATES } from '../../tests/fixtures/poison.ts';

/**
 * The behaviour every BoardStore must share. Each case gets a fresh store from
 * `makeStore`; `cleanup` runs before the store is closed.
 */
export function describeBoardStoreContract(name: string, makeStore: () => Promise<BoardStore>, cleanup?: (s: BoardStore) => Promise<void>): void {
	describe(`${name} (BoardStore contract)`, () => {
		let store: BoardStore;

		beforeEach(async () => {
			store = await makeStore();
		});

		afterEach(async () => {
			try {
				await cleanup?.(store);
			} finally {
				await store.close();
			}
		});

		it('creates, reads and updates board metadata', async () => {
			const meta = makeMeta('board-1');
			await store.createBoard(meta);
			expect(await store.getBoard('board-1')).toEqual(meta);

			const rotated: BoardMeta = { ...meta, secretHashes: { ...meta.secretHashes, observer: 'f'.repeat(64) } };
			await store.updateBoard(rotated);
			expect(await store.getBoard('board-1')).toEqual(rotated);
		});

		it('rejects a second board with the same id and keeps the first', async () => {
			const meta = makeMeta('taken');
			await store.createBoard(meta);
			await expect(store.createBoard(makeMeta('taken', 'x'))).rejects.toBeInstanceOf(BoardExistsError);
			expect(await store.getBoard('taken')).toEqual(meta);
		});

		it('returns null for an unknown board and refuses to update it', async () => {
			expect(await store.getBoard('nope')).toBeNull();
			await expect(store.updateBoard(makeMeta('nope'))).rejects.toThrow();
			expect(await store.getBoard('nope')).toBeNull();
		});

		it('returns appended updates byte for byte, in order', async () => {
			const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
			const large = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 251);
			const updates = [everyByte, new Uint8Array([0, 0]), new Uint8Array(0), new Uint8Array([255]), large];
			for (const update of updates) await store.appendUpdate('b1', 'board', update);
			const loaded = await store.loadUpdates('b1', 'board');
			expect(loaded).toHaveLength(updates.length);
			loaded.forEach((entry, i) => {
				expect(entry).toBeInstanceOf(Uint8Array);
				expect(Array.from(entry)).toEqual(Array.from(updates[i]));
			});
		});

		it('keeps documents and boards apart', async () => {
			await store.createBoard(makeMeta('a'));
			await store.createBoard(makeMeta('b', '2'));
			await store.appendUpdate('a', 'board', bytes(1));
			await store.appendUpdate('a', 'control', bytes(2));
			await store.appendUpdate('b', 'board', bytes(3));

			expect(await load(store, 'a', 'board')).toEqual([[1]]);
			expect(await load(store, 'a', 'control')).toEqual([[2]]);
			expect(await load(store, 'b', 'board')).toEqual([[3]]);
			expect((await store.getBoard('a'))?.secretHashes).toEqual(makeMeta('a').secretHashes);
			expect((await store.getBoard('b'))?.secretHashes).toEqual(makeMeta('b', '2').secretHashes);
		});

		it('loads an unknown document as an empty log', async () => {
			expect(await store.loadUpdates('never', 'board')).toEqual([]);
		});

		it('is not affected by callers mutating buffers they passed in or got back', async () => {
			const update = bytes(1, 2, 3);
			await store.appendUpdate('b1', 'board', update);
			update[0] = 99;
			const [loaded] = await store.loadUpdates('b1', 'board');
			loaded[1] = 99;
			expect(await load(store, 'b1', 'board')).toEqual([[1, 2, 3]]);
		});

		it('replaces exactly the prefix and keeps entries appended after the count was taken', async () => {
			for (const n of [1, 2, 3]) await store.appendUpdate('b1', 'board', bytes(n));
			const count = (await store.loadUpdates('b1', 'board')).length;
			await store.appendUpdate('b1', 'board', bytes(4));
			await store.appendUpdate('b1', 'board', bytes(5));

			expect(await store.replacePrefix('b1', 'board', count, bytes(9, 9))).toBe(true);
			expect(await load(store, 'b1', 'board')).toEqual([[9, 9], [4], [5]]);

			expect(await store.replacePrefix('b1', 'board', 3, bytes(8))).toBe(true);
			expect(await load(store, 'b1', 'board')).toEqual([[8]]);
			await store.appendUpdate('b1', 'board', bytes(6));
			expect(await load(store, 'b1', 'board')).toEqual([[8], [6]]);
		});

		it('refuses a prefix longer than the log and changes nothing', async () => {
			await store.appendUpdate('b1', 'board', bytes(1));
			await store.appendUpdate('b1', 'board', bytes(2));
			expect(await store.replacePrefix('b1', 'board', 3, bytes(9))).toBe(false);
			expect(await load(store, 'b1', 'board')).toEqual([[1], [2]]);
			expect(await store.replacePrefix('b1', 'empty', 1, bytes(9))).toBe(false);
			expect(await store.loadUpdates('b1', 'empty')).toEqual([]);
		});

		it('compacts real Yjs updates into one entry with the same state', async () => {
			const alice = new Y.Doc();
			const bob = new Y.Doc();
			const pending: Promise<number>[] = [];
			alice.on('update', (update: Uint8Array) => pending.push(store.appendUpdate('b1', 'board', update)));
			bob.on('update', (update: Uint8Array) => pending.push(store.appendUpdate('b1', 'board', update)));
			alice.getText('t').insert(0, 'hello');
			Y.applyUpdate(bob, Y.encodeStateAsUpdate(alice));
			bob.getText('t').insert(5, ' world');
			alice.getText('t').insert(0, '>> ');
			bob.getText('t').delete(0, 1);
			Y.applyUpdate(alice, Y.encodeStateAsUpdate(bob));
			Y.applyUpdate(bob, Y.encodeStateAsUpdate(alice));
			await Promise.all(pending);
			const expected = alice.getText('t').toString();
			expect(bob.getText('t').toString()).toBe(expected);
			const before = await store.loadUpdates('b1', 'board');

			const result = await compactDocument(store, 'b1', 'board');
			expect(result).toEqual({ entriesBefore: before.length, snapshotBytes: expect.any(Number), quarantined: [] });
			const after = await store.loadUpdates('b1', 'board');
			expect(after).toHaveLength(1);
			expect(result?.snapshotBytes).toBe(after[0].byteLength);

			const restored = new Y.Doc();
			for (const update of after) Y.applyUpdate(restored, update);
			expect(restored.getText('t').toString()).toBe(expected);
			expect(await compactDocument(store, 'b1', 'board')).toBeNull();
			for (const doc of [alice, bob, restored]) doc.destroy();
		});

		it('keeps 50 concurrent appends, in the order they were issued', async () => {
			const updates = Array.from({ length: 50 }, (_, i) => bytes(i, 255 - i, i % 7));
			await Promise.all(updates.map((update) => store.appendUpdate('b1', 'board', update)));
			expect(await load(store, 'b1', 'board')).toEqual(updates.map((u) => Array.from(u)));
		});

		it('never loses an append racing a prefix replacement', async () => {
			// Different head starts make the append land before, during and after the replacement.
			const headStarts = [() => Promise.resolve(), () => new Promise<void>((r) => setImmediate(r)), () => new Promise<void>((r) => setTimeout(r, 1))];
			for (let round = 0; round < 30; round++) {
				const doc = `race-${round}`;
				for (const n of [1, 2, 3]) await store.appendUpdate('b1', doc, bytes(n));
				const replacing = store.replacePrefix('b1', doc, 3, bytes(9));
				await headStarts[round % headStarts.length]();
				await store.appendUpdate('b1', doc, bytes(4));
				const replaced = await replacing;
				expect(await load(store, 'b1', doc)).toEqual(replaced ? [[9], [4]] : [[1], [2], [3], [4]]);
			}
		});

		it('rejects ids that could escape into paths or keys', async () => {
			for (const bad of ['../x', 'a/b', 'a:b', '', 'x'.repeat(65), 'a b', '.']) {
				await expect(store.createBoard(makeMeta(bad))).rejects.toThrow(/invalid board id/);
				await expect(store.getBoard(bad)).rejects.toThrow(/invalid board id/);
				await expect(store.appendUpdate(bad, 'board', bytes(1))).rejects.toThrow(/invalid board id/);
				await expect(store.appendUpdate('ok', bad, bytes(1))).rejects.toThrow(/invalid document name/);
				await expect(store.loadUpdates('ok', bad)).rejects.toThrow(/invalid document name/);
				await expect(store.replacePrefix('ok', bad, 0, bytes(1))).rejects.toThrow(/invalid document name/);
			}
			expect(await store.loadUpdates('ok', 'board')).toEqual([]);
		});

		it('stores, replaces and deletes blobs, byte for byte, per board', async () => {
			const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
			expect(await store.getBlob('board-one', 'canvas-svg')).toBeNull();
			await store.putBlob('board-one', 'canvas-svg', bytes);
			expect(Array.from((await store.getBlob('board-one', 'canvas-svg'))!)).toEqual(Array.from(bytes));
			expect(await store.getBlob('board-two', 'canvas-svg')).toBeNull();
			await store.putBlob('board-one', 'canvas-svg', new Uint8Array([7]));
			expect(Array.from((await store.getBlob('board-one', 'canvas-svg'))!)).toEqual([7]);
			await store.deleteBlob('board-one', 'canvas-svg');
			expect(await store.getBlob('board-one', 'canvas-svg')).toBeNull();
			await store.deleteBlob('board-one', 'canvas-svg');
			await expect(store.putBlob('board-one', '../escape', bytes)).rejects.toThrow();
		});

		it('reports the log length after each append, counting from the snapshot after a compaction (R6)', async () => {
			expect(await store.appendUpdate('b1', 'board', bytes(1))).toBe(1);
			expect(await store.appendUpdate('b1', 'board', bytes(2))).toBe(2);
			expect(await store.appendUpdate('b1', 'board', bytes(3))).toBe(3);
			expect(await store.replacePrefix('b1', 'board', 2, bytes(9))).toBe(true);
			expect(await store.appendUpdate('b1', 'board', bytes(4))).toBe(3);
			expect(await store.appendUpdate('b1', 'control', bytes(5))).toBe(1);
		});

		it('compacts around an entry that cannot be applied: quarantined, never in the snapshot (Q1)', async () => {
			const doc = new Y.Doc();
			doc.on('update', (update: Uint8Array) => void store.appendUpdate('b1', 'board', update));
			doc.getText('summary').insert(0, 'before');
			await store.appendUpdate('b1', 'board', POISON_UPDATES['an item whose parent is itself']);
			doc.getText('summary').insert(6, ' and after');
			await Promise.resolve();
			const result = await compactDocument(store, 'b1', 'board');
			expect(result?.quarantined.map((q) => q.index)).toEqual([1]);
			const log = await store.loadUpdates('b1', 'board');
			expect(log).toHaveLength(1);
			const loaded = new Y.Doc();
			Y.applyUpdate(loaded, log[0]);
			expect(loaded.getText('summary').toString()).toBe('before and after');
			expect((await store.listQuarantined()).map((q) => Array.from(q.update))).toEqual([Array.from(POISON_UPDATES['an item whose parent is itself'])]);
		});

		it('keeps quarantined entries apart from the log, byte for byte, across boards (Q1)', async () => {
			const poison = Uint8Array.from({ length: 300 }, (_, i) => (i * 31) % 256);
			await store.quarantine({ boardId: 'b1', docName: 'board', at: '2026-12-01T10:00:00.000Z', reason: 'first', update: poison });
			await store.quarantine({ boardId: 'b2', docName: 'control', at: '2026-12-01T10:00:01.000Z', reason: 'second', update: bytes(7) });
			const listed = await store.listQuarantined();
			expect(listed.map(({ boardId, docName, reason }) => [boardId, docName, reason])).toEqual([
				['b1', 'board', 'first'],
				['b2', 'control', 'second']
			]);
			expect(Array.from(listed[0].update)).toEqual(Array.from(poison));
			expect(await store.loadUpdates('b1', 'board')).toEqual([]);
			await expect(store.quarantine({ boardId: '../x', docName: 'board', at: '2026-12-01T10:00:00.000Z', reason: 'x', update: bytes(1) })).rejects.toThrow();
		});

		it('reports itself healthy', async () => {
			expect(await store.isHealthy()).toBe(true);
		});
	});
}

function makeMeta(id: string, salt = '1'): BoardMeta {
	return {
		id,
		createdAt: '2025-11-26T16:58:00.000Z',
		secretHashes: {
			facilitator: `a${salt}`.padEnd(64, '0'),
			participant: `b${salt}`.padEnd(64, '0'),
			observer: `c${salt}`.padEnd(64, '0')
		}
	};
}

function bytes(...values: number[]): Uint8Array {
	return Uint8Array.from(values);
}

/** The log as plain number arrays, for readable assertions. */
async function load(store: BoardStore, boardId: string, docName: string): Promise<number[][]> {
	return (await store.loadUpdates(boardId, docName)).map((entry) => Array.from(entry));
}
