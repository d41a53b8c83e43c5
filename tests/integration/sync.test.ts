/** Live sync through the real server: convergence, read-only observers (R2), protocol version. */
import { afterEach, describe, expect, it } from 'vitest';
import { title } from '../../src/lib/board/schema.ts';
import { addTimelineEntry } from '../../src/lib/board/timeline.ts';
import { CloseCode } from '../../src/lib/sync/protocol/constants.ts';
import { connectClient, content, descriptions, waitForCloseCode } from './harness/clients.ts';
import { createBoard, startTestServer } from './harness/server.ts';
import { fileStores, memoryStores, storedDoc } from './harness/stores.ts';
import { openRaw, syncUrl } from './harness/raw.ts';
import { runCleanups, waitFor } from './harness/wait.ts';

afterEach(runCleanups);

describe('two clients on one board', () => {
	it('converge: timeline entries and concurrent title edits end up equal on both', async () => {
		const server = await startTestServer({ store: await (await memoryStores()).open() });
		const board = await createBoard(server.url, 'Checkout outage');
		const a = await connectClient(server.wsUrl, board.id, board.keys.facilitator);
		const b = await connectClient(server.wsUrl, board.id, board.keys.participant);
		expect(content(a.doc).title).toBe('Checkout outage');
		expect(content(b.doc).title).toBe('Checkout outage');

		addTimelineEntry(a.doc, { at: '2026-01-05T14:02:00Z', kind: 'trigger', description: 'deploy 4512', author: 'Ana' });
		addTimelineEntry(b.doc, { at: '2026-01-05T14:09:00Z', kind: 'detection', description: 'pager fired', author: 'Bo' });
		title(a.doc).insert(title(a.doc).length, ' (EU)');
		title(b.doc).insert(0, 'SEV2: ');

		await waitFor(() => descriptions(a.doc).length === 2 && descriptions(b.doc).length === 2, 'both entries on both clients');
		await waitFor(() => JSON.stringify(content(a.doc)) === JSON.stringify(content(b.doc)), 'the two documents to converge');
		expect(content(a.doc)).toEqual(content(b.doc));
		expect(content(a.doc).title).toBe('SEV2: Checkout outage (EU)');
		expect(descriptions(a.doc)).toEqual(['deploy 4512', 'pager fired']);
	});
});

describe('observers are read-only (R2)', () => {
	it("drops an observer's edit: not relayed, not stored, not there after a restart", async () => {
		const stores = await fileStores();
		const store = await stores.open();
		const server = await startTestServer({ store });
		const board = await createBoard(server.url, 'Read-only check');
		const participant = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const observer = await connectClient(server.wsUrl, board.id, board.keys.observer);

		addTimelineEntry(observer.doc, { at: '2026-01-05T10:00:00Z', kind: 'other', description: 'observer wrote this' });
		title(observer.doc).insert(0, 'OBSERVER ');
		// Once the observer's round trip is answered its edit has been handled by the room; the
		// participant's round trip then flushes anything the room relayed to it before that.
		await observer.roundTrip();
		await participant.roundTrip();
		expect(descriptions(participant.doc)).toEqual([]);
		expect(content(participant.doc).title).toBe('Read-only check');

		// The observer still receives everyone else's edits.
		addTimelineEntry(participant.doc, { at: '2026-01-05T10:05:00Z', kind: 'action', description: 'participant wrote this' });
		await waitFor(() => descriptions(observer.doc).includes('participant wrote this'), "the participant's edit on the observer");

		// Nothing of it was stored.
		const stored = await storedDoc(store, board.id);
		expect(descriptions(stored)).toEqual(['participant wrote this']);
		expect(content(stored).title).toBe('Read-only check');

		participant.destroy();
		observer.destroy();
		await server.close();
		const restarted = await startTestServer({ store: await stores.open() });
		const fresh = await connectClient(restarted.wsUrl, board.id, board.keys.participant);
		expect(descriptions(fresh.doc)).toEqual(['participant wrote this']);
		expect(content(fresh.doc).title).toBe('Read-only check');
	});
});

describe('protocol version', () => {
	it('closes a client announcing an unknown version with 4426', async () => {
		const server = await startTestServer({ store: await (await memoryStores()).open() });
		const board = await createBoard(server.url, 'Versions');
		const client = await connectClient(server.wsUrl, board.id, board.keys.participant, { params: { v: '999' }, waitForSync: false });
		await waitForCloseCode(client, CloseCode.incompatibleClient);
		expect(client.provider.synced).toBe(false);
		// 4426 is terminal: the provider stops reconnecting.
		expect(client.provider.shouldConnect).toBe(false);

		const raw = await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant, v: '999' }));
		if (raw.kind !== 'open') throw new Error(`upgrade refused with ${raw.status}`);
		const closed = await raw.closed;
		expect(closed.code).toBe(CloseCode.incompatibleClient);
		expect(raw.messages).toEqual([]);
	});

	it('serves a client announcing v=1', async () => {
		const server = await startTestServer({ store: await (await memoryStores()).open() });
		const board = await createBoard(server.url, 'Versions');
		const a = await connectClient(server.wsUrl, board.id, board.keys.participant, { params: { v: '1' } });
		const b = await connectClient(server.wsUrl, board.id, board.keys.participant, { params: { v: '1' } });
		expect(content(a.doc).title).toBe('Versions');
		addTimelineEntry(a.doc, { at: '2026-01-05T10:00:00Z', kind: 'action', description: 'v1 edit' });
		await waitFor(() => descriptions(b.doc).includes('v1 edit'), 'the edit on the other v=1 client');
		expect(a.closeCodes).toEqual([]);
	});
});
