/** Awareness (presence) through the real server, including observers (R2). */
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeAwareness } from '../../src/lib/sync/protocol/codec.ts';
import { connectClient, type TestClient } from './harness/clients.ts';
import { createBoard, startTestServer } from './harness/server.ts';
import { memoryStores } from './harness/stores.ts';
import { openRaw, syncUrl } from './harness/raw.ts';
import { runCleanups, waitFor } from './harness/wait.ts';

afterEach(runCleanups);

function names(client: TestClient): string[] {
	return [...client.provider.awareness.getStates().entries()]
		.filter(([id]) => id !== client.doc.clientID)
		.map(([, state]) => (state as { user?: { name?: string } }).user?.name ?? '?')
		.sort();
}

function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, clientId);
	encoding.writeVarUint(encoder, clock);
	encoding.writeVarString(encoder, JSON.stringify(state));
	return encodeAwareness(encoding.toUint8Array(encoder));
}

describe('presence', () => {
	it("relays participants' presence to everyone, including observers, and a late joiner gets it", async () => {
		const server = await startTestServer({ store: await (await memoryStores()).open() });
		const board = await createBoard(server.url, 'Presence');
		const a = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const observer = await connectClient(server.wsUrl, board.id, board.keys.observer);
		a.provider.awareness.setLocalStateField('user', { name: 'Ana' });
		await waitFor(() => names(observer).includes('Ana'), "Ana's presence on the observer");
		const late = await connectClient(server.wsUrl, board.id, board.keys.participant);
		await waitFor(() => names(late).includes('Ana'), "Ana's presence on a late joiner");
	});

	it("R2: does not relay an observer's presence", async () => {
		const server = await startTestServer({ store: await (await memoryStores()).open() });
		const board = await createBoard(server.url, 'Presence');
		const a = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const observer = await connectClient(server.wsUrl, board.id, board.keys.observer);
		observer.provider.awareness.setLocalStateField('user', { name: 'Olga' });
		a.provider.awareness.setLocalStateField('user', { name: 'Ana' });
		await waitFor(() => names(observer).includes('Ana'), "Ana's presence on the observer");
		await observer.roundTrip();
		await a.roundTrip();
		expect(names(a)).toEqual([]);
		const late = await connectClient(server.wsUrl, board.id, board.keys.participant);
		await late.roundTrip();
		await waitFor(() => names(late).includes('Ana'), "Ana's presence on a late joiner");
		expect(names(late)).toEqual(['Ana']);
	});

	it('removes the presence of a connection that drops without saying goodbye', async () => {
		const server = await startTestServer({ store: await (await memoryStores()).open() });
		const board = await createBoard(server.url, 'Presence');
		const b = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const raw = await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant }));
		if (raw.kind !== 'open') throw new Error(`upgrade refused with ${raw.status}`);
		raw.ws.send(awarenessFrame(424242, 1, { user: { name: 'Ghost' } }));
		await waitFor(() => names(b).includes('Ghost'), "the raw client's presence on B");
		raw.ws.terminate();
		await waitFor(() => !b.provider.awareness.getStates().has(424242), "the dropped client's presence to be removed");
	});

	it("R5: a client cannot clear or rewrite another person's presence", async () => {
		const server = await startTestServer({ store: await (await memoryStores()).open() });
		const board = await createBoard(server.url, 'Presence');
		const ana = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const watcher = await connectClient(server.wsUrl, board.id, board.keys.participant);
		ana.provider.awareness.setLocalStateField('user', { name: 'Ana' });
		await waitFor(() => names(watcher).includes('Ana'), "Ana's presence");
		// A forger claims Ana's client id: first clearing her, then renaming her.
		const forger = await connectClient(server.wsUrl, board.id, board.keys.participant);
		forger.provider.ws!.send(new Uint8Array(awarenessFrame(ana.doc.clientID, 999, null)));
		forger.provider.ws!.send(new Uint8Array(awarenessFrame(ana.doc.clientID, 1000, { user: { name: 'Mallory' } })));
		forger.provider.awareness.setLocalStateField('user', { name: 'Fred' });
		await waitFor(() => names(watcher).includes('Fred'), "the forger's own presence");
		await forger.roundTrip();
		await watcher.roundTrip();
		expect(names(watcher)).toEqual(['Ana', 'Fred']);
	});
});
