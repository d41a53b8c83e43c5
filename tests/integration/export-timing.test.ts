/**
 * X2 and X3 over HTTP: a board holding hostile text exports quickly, and while a large
 * board renders, other rooms keep syncing at their usual pace (rendering runs on the export
 * worker, not on the event loop every room shares).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryStore } from '../../server/persistence/index.ts';
import { textField } from '../../src/lib/board/schema.ts';
import { addTimelineEntry } from '../../src/lib/board/timeline.ts';
import { connectClient, type TestClient } from './harness/clients.ts';
import { createBoard, startTestServer } from './harness/server.ts';
import { runCleanups } from './harness/wait.ts';

afterEach(runCleanups);

/** Stores `write`'s content as the board's document before any room has loaded it. */
async function seedBoard(store: MemoryStore, boardId: string, write: (doc: Y.Doc) => void): Promise<void> {
	const doc = new Y.Doc();
	write(doc);
	await store.appendUpdate(boardId, 'board', Y.encodeStateAsUpdate(doc));
}

/** Milliseconds from an edit on `from` until `to` has it. */
async function editLatency(from: TestClient, to: TestClient): Promise<number> {
	const arrived = new Promise<void>((resolve) => to.doc.once('update', () => resolve()));
	const sent = performance.now();
	textField(from.doc, 'notes').insert(0, 'x');
	await arrived;
	return performance.now() - sent;
}

describe('export time over HTTP (X2, X3)', () => {
	it('X2: a 5 MB token without spaces exports in well under a second in each format', async () => {
		const store = new MemoryStore();
		const server = await startTestServer({ store });
		const board = await createBoard(server.url, 'Pasted blob');
		const token = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkrLz0'.repeat(110_000);
		await seedBoard(store, board.id, (doc) => {
			textField(doc, 'summary').insert(0, token);
			addTimelineEntry(doc, { at: '2026-03-01T10:00:00Z', kind: 'trigger', description: token });
		});
		const get = (format: string) => fetch(`${server.url}/api/boards/${board.id}/export.${format}`, { headers: { authorization: `Bearer ${board.keys.observer}` } });
		await (await get('json')).arrayBuffer(); // loads the room
		for (const format of ['md', 'html', 'json']) {
			const started = performance.now();
			const response = await get(format);
			const body = await response.text();
			const took = performance.now() - started;
			expect(response.status, format).toBe(200);
			expect(body, format).toContain(token.slice(0, 1000));
			expect(took, format).toBeLessThan(1000);
		}
	});

	it('X3: while a large board renders, another room keeps syncing at its usual pace', async () => {
		const store = new MemoryStore();
		const server = await startTestServer({ store });
		const large = await createBoard(server.url, 'Large');
		await seedBoard(store, large.id, (doc) => textField(doc, 'summary').insert(0, 'x\n'.repeat(4 << 20)));
		const other = await createBoard(server.url, 'Meanwhile');
		const [a, b] = [await connectClient(server.wsUrl, other.id, other.keys.participant), await connectClient(server.wsUrl, other.id, other.keys.participant)];
		const exportMd = () => fetch(`${server.url}/api/boards/${large.id}/export.md`, { headers: { authorization: `Bearer ${large.keys.observer}` } }).then((r) => r.text());
		await exportMd(); // loads the large room

		let done = false;
		const started = performance.now();
		const exported = exportMd().finally(() => (done = true));
		const latencies: number[] = [];
		while (!done) latencies.push(await editLatency(a, b));
		const took = performance.now() - started;
		expect((await exported).length).toBeGreaterThan(8 << 20);
		// On the event loop, the edits would wait for the whole render.
		expect(took).toBeGreaterThan(100);
		expect(Math.max(...latencies), `export took ${took.toFixed(0)} ms; ${latencies.length} edits`).toBeLessThan(took / 2);
	});
});
