/** Rooms and connections over time: unloading, compaction on leave, heartbeats. */
import { afterEach, describe, expect, it } from 'vitest';
import { addTimelineEntry } from '../../src/lib/board/timeline.ts';
import { ControlledStore, fileStores, memoryStores, storedDoc } from './harness/stores.ts';
import { connectClient, content, descriptions } from './harness/clients.ts';
import { createBoard, startTestServer } from './harness/server.ts';
import { openRaw, syncUrl } from './harness/raw.ts';
import { runCleanups, waitFor, withTimeout } from './harness/wait.ts';

afterEach(runCleanups);

describe('rooms', () => {
	it('unloads a room when its last connection leaves and compacts its log', async () => {
		const store = await (await fileStores()).open();
		const server = await startTestServer({ store });
		const board = await createBoard(server.url, 'Unload');
		const a = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const b = await connectClient(server.wsUrl, board.id, board.keys.participant);
		for (let i = 0; i < 4; i++) addTimelineEntry(a.doc, { at: new Date(Date.UTC(2026, 0, 5, 8, i)), kind: 'action', description: `e${i}` });
		await waitFor(() => descriptions(b.doc).length === 4, 'the edits on B');
		expect(server.running.debrief.rooms.size).toBe(1);
		const expected = content(a.doc);

		a.destroy();
		await waitFor(() => server.running.debrief.connectionCount === 1, 'A to leave');
		expect(server.running.debrief.rooms.size).toBe(1);
		b.destroy();
		await waitFor(() => server.running.debrief.rooms.size === 0, 'the room to unload');
		expect(await store.loadUpdates(board.id, 'board')).toHaveLength(1);
		expect(content(await storedDoc(store, board.id))).toEqual(expected);

		const fresh = await connectClient(server.wsUrl, board.id, board.keys.observer);
		expect(content(fresh.doc)).toEqual(expected);
	});

	it('does not keep a room loaded for a client that left before the board finished loading', async () => {
		const store = new ControlledStore(await (await memoryStores()).open());
		const server = await startTestServer({ store });
		const board = await createBoard(server.url, 'Impatient');
		const release = store.holdLoads();
		const raw = await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant }));
		if (raw.kind !== 'open') throw new Error(`upgrade refused with ${raw.status}`);
		await waitFor(() => store.heldLoads === 1, 'the load to start');
		raw.ws.close();
		await waitFor(() => server.running.debrief.connectionCount === 0, 'the server to see the client leave');
		release();
		await waitFor(() => store.heldLoads === 0, 'the load to finish');
		// Nobody is connected: the room must not stay in memory for the life of the process.
		await waitFor(() => server.running.debrief.rooms.size === 0, 'the orphaned room to unload', { timeoutMs: 1000 });
	});

	it('serves clients that connect while the room is unloading', async () => {
		const store = await (await fileStores()).open();
		const server = await startTestServer({ store });
		const board = await createBoard(server.url, 'Churn');
		for (let round = 0; round < 10; round++) {
			const writer = await connectClient(server.wsUrl, board.id, board.keys.participant);
			addTimelineEntry(writer.doc, { at: new Date(Date.UTC(2026, 0, 5, 8, round)), kind: 'action', description: `round ${round}` });
			await writer.roundTrip();
			writer.destroy();
			// The next client arrives while the room may be compacting and unloading.
			const reader = await connectClient(server.wsUrl, board.id, board.keys.observer);
			await waitFor(() => descriptions(reader.doc).length === round + 1, `round ${round} on a new client`);
			reader.destroy();
		}
		await waitFor(() => server.running.debrief.rooms.size === 0, 'the room to unload');
		expect(descriptions(await storedDoc(store, board.id))).toHaveLength(10);
	});
});

describe('heartbeat', () => {
	it('cuts off a connection that does not answer pings and keeps the others', async () => {
		const server = await startTestServer({ store: await (await memoryStores()).open(), heartbeatMs: 50 });
		const board = await createBoard(server.url, 'Heartbeat');
		const a = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const b = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const silent = await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant }), { autoPong: false });
		if (silent.kind !== 'open') throw new Error(`upgrade refused with ${silent.status}`);
		const closed = await withTimeout(silent.closed, 'the silent connection to be cut off', 3000);
		expect(closed.code).toBe(1006);
		await waitFor(() => server.running.debrief.connectionCount === 2, 'the server to drop the silent connection');

		addTimelineEntry(a.doc, { at: '2026-01-05T08:00:00Z', kind: 'action', description: 'still alive' });
		await waitFor(() => descriptions(b.doc).includes('still alive'), 'the edit on B');
		expect(a.closeCodes).toEqual([]);
		expect(b.closeCodes).toEqual([]);
	});
});
