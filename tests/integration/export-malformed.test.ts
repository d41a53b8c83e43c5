/**
 * E1 over HTTP: malformed records written by a raw Yjs client (no Debrief operations, any
 * value anywhere) never make an export fail. Whether or not the server lets such an update
 * through, every export answers 200 with the good records, before and after a restart — and
 * so it does for a board that was stored with them before the server checked shapes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { GOOD, WRONG_VALUES, positions, writeGoodRecords, type GoodIds } from '../fixtures/malformed-board.ts';
import { listItems, votingMap } from '../../src/lib/board/schema.ts';
import { CloseCode } from '../../src/lib/sync/protocol/constants.ts';
import { connectClient, connectControl, type TestClient } from './harness/clients.ts';
import { createBoard, startTestServer } from './harness/server.ts';
import { fileStores, redisStores, type StoreFactory } from './harness/stores.ts';
import { runCleanups, waitFor } from './harness/wait.ts';

/** Waits until the server has either taken what the client sent or refused it (S1–S6: 4422). */
async function settled(client: TestClient): Promise<void> {
	await waitFor(async () => client.closeCodes.includes(CloseCode.updateRefused) || (await client.roundTrip(1000).then(() => true, () => false)), 'the server to take or refuse the update');
}

afterEach(runCleanups);

/** Every bad value at every place of one of the board's documents, in one transaction. */
function writeEverywhere(doc: Y.Doc, docName: 'board' | 'control', ids: GoodIds): void {
	doc.transact(() => {
		for (const position of positions().filter((p) => p.doc === docName)) for (const [, make] of WRONG_VALUES) position.put(doc, make(), ids);
	});
}

async function exportsOf(url: string, boardId: string, key: string): Promise<Record<'md' | 'html' | 'json', { status: number; text: string }>> {
	const get = async (format: string) => {
		const response = await fetch(`${url}/api/boards/${boardId}/export.${format}`, { headers: { authorization: `Bearer ${key}` } });
		return { status: response.status, text: await response.text() };
	};
	return { md: await get('md'), html: await get('html'), json: await get('json') };
}

function expectGoodExports(exports: Awaited<ReturnType<typeof exportsOf>>): void {
	for (const [format, { status, text }] of Object.entries(exports)) {
		expect(status, `export.${format}`).toBe(200);
		for (const good of [GOOD.timeline, GOOD.problem, GOOD.factor, GOOD.action, GOOD.wentWell, GOOD.lucky]) expect(text, `export.${format}`).toContain(good);
	}
	const file = JSON.parse(exports.json.text);
	// Vote totals are whole numbers, whatever was written there.
	expect(Object.values(file.votes ?? {}).every(Number.isSafeInteger)).toBe(true);
}

describe.each<[string, () => Promise<StoreFactory>]>([
	['files', fileStores],
	['Redis', redisStores]
])('malformed records on %s (E1)', (_kind, stores) => {
	it('E1: a number, a string or null in wentWell and lucky, sent by a raw Yjs client: every export answers 200 with the good records', async () => {
		const server = await startTestServer({ store: await (await stores()).open() });
		const board = await createBoard(server.url, GOOD.title);
		const client = await connectClient(server.wsUrl, board.id, board.keys.participant);
		writeGoodRecords(client.doc, { asClient: true });
		await client.roundTrip();
		client.doc.transact(() => {
			for (const list of ['wentWell', 'lucky'] as const) listItems(client.doc, list).push([42, 'text', null]);
		});
		// The server refuses it (S2), so nothing of it is stored; the exports hold the good records.
		await settled(client);
		expect(client.closeCodes).toContain(CloseCode.updateRefused);
		const exports = await exportsOf(server.url, board.id, board.keys.observer);
		expectGoodExports(exports);
		expect(JSON.parse(exports.json.text).board.wentWell.map((item: { text: string }) => item.text)).toEqual([GOOD.wentWell]);
	});

	it('E1: every wrong-typed value at every place of both documents: exports answer 200, also after a restart', async () => {
		const factory = await stores();
		const server = await startTestServer({ store: await factory.open() });
		const board = await createBoard(server.url, GOOD.title);
		const client = await connectClient(server.wsUrl, board.id, board.keys.facilitator);
		const ids = writeGoodRecords(client.doc, { asClient: true });
		const control = await connectControl(server.wsUrl, board.id, board.keys.facilitator);
		votingMap(control.doc).set('round', 1);
		await Promise.all([client.roundTrip(), control.roundTrip()]);
		writeEverywhere(client.doc, 'board', ids);
		writeEverywhere(control.doc, 'control', ids);
		// The server refuses such updates and closes the socket (S1–S6); the exports work either way.
		await Promise.all([settled(client), settled(control)]);
		expectGoodExports(await exportsOf(server.url, board.id, board.keys.observer));

		client.destroy();
		control.destroy();
		await server.close();
		// Cold: the documents are loaded from storage for the export alone.
		const restarted = await startTestServer({ store: await factory.open() });
		expectGoodExports(await exportsOf(restarted.url, board.id, board.keys.observer));
	});

	it('E1: a board stored with malformed records (before the server checked shapes) exports with its good records', async () => {
		const store = await (await stores()).open();
		const server = await startTestServer({ store });
		const board = await createBoard(server.url, GOOD.title);
		const doc = new Y.Doc();
		writeEverywhere(doc, 'board', writeGoodRecords(doc));
		// Straight into storage, before any room has loaded the board: no socket, no server check.
		await store.appendUpdate(board.id, 'board', Y.encodeStateAsUpdate(doc));
		expectGoodExports(await exportsOf(server.url, board.id, board.keys.observer));
	});
});
