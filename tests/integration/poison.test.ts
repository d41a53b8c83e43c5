/**
 * Updates that would damage a board (U1–U4, S1–S6, Q1 in docs/protocol.md): refused before
 * anything is stored, the sender closed with 4422, everyone else carrying on — and a board
 * that already holds such an entry opens again, with the entry quarantined.
 */
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { textField, title } from '../../src/lib/board/schema.ts';
import { addTimelineEntry } from '../../src/lib/board/timeline.ts';
import { LONG_TEXT_CHARS } from '../../src/lib/board/shape.ts';
import { CloseCode } from '../../src/lib/sync/protocol/constants.ts';
import { encodeUpdate } from '../../src/lib/sync/protocol/codec.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { FileStore } from '../../server/persistence/file.ts';
import { POISON_UPDATES, ZERO_LENGTH_DELETE, deeplyNested } from '../fixtures/poison.ts';
import { connectClient, content } from './harness/clients.ts';
import { createBoard, startTestServer, type TestBoard, type TestServer } from './harness/server.ts';
import { fileStores, redisStores, tempDir, type StoreFactory } from './harness/stores.ts';
import { openRaw, syncUrl } from './harness/raw.ts';
import { runCleanups, withTimeout } from './harness/wait.ts';

afterEach(runCleanups);

/** Sends one sync update frame on a raw socket and resolves with how the server closed it. */
async function sendAndClose(server: TestServer, board: TestBoard, update: Uint8Array, key = board.keys.participant): Promise<{ code: number; reason: string }> {
	const raw = await openRaw(syncUrl(server.wsUrl, board.id, { key }));
	if (raw.kind !== 'open') throw new Error(`upgrade refused with ${raw.status}`);
	raw.ws.send(encodeUpdate(update));
	return withTimeout(raw.closed, 'the server to close the sender');
}

/** A board with a title and one timeline entry, a watching client, and the stored log size. */
async function liveBoard(factory: StoreFactory) {
	const store = await factory.open();
	const server = await startTestServer({ store });
	const board = await createBoard(server.url, 'Poison review');
	const alice = await connectClient(server.wsUrl, board.id, board.keys.participant);
	addTimelineEntry(alice.doc, { at: '2026-01-05T14:02:00Z', kind: 'detection', description: 'alert fired' });
	await alice.roundTrip();
	return { store, server, board, alice };
}

/** A fresh server on the same storage (a cold start) and a newcomer's view of the board. */
async function coldStart(factory: StoreFactory, board: TestBoard) {
	const server = await startTestServer({ store: await factory.open() });
	const newcomer = await connectClient(server.wsUrl, board.id, board.keys.participant);
	return { server, newcomer };
}

/** An update that adds whatever `change` writes to a board already holding `base`. */
function updateOn(base: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
	const before = Y.encodeStateVector(doc);
	change(doc);
	return Y.encodeStateAsUpdate(doc, before);
}

const refused: Array<{ rule: string; update: (base: Y.Doc) => Uint8Array }> = [
	...Object.entries(POISON_UPDATES).map(([name, update]) => ({ rule: `U4: ${name}`, update: () => update })),
	{ rule: 'U2: an empty delete range', update: () => ZERO_LENGTH_DELETE },
	{ rule: 'U3: a plain value nested 1,000 levels deep', update: () => deeplyNested(1000) },
	{ rule: 'S1: an unknown root type', update: (base) => updateOn(base, (doc) => doc.getMap('surprise').set('x', 1)) },
	{ rule: 'S2: a number where a list item belongs', update: (base) => updateOn(base, (doc) => doc.getArray('wentWell').push([42])) },
	{ rule: 'S2: a string where a timeline record belongs', update: (base) => updateOn(base, (doc) => doc.getMap('timeline').set('t1', 'not a record')) },
	{
		rule: 'S2: a wrong-typed field in a record',
		update: (base) =>
			updateOn(base, (doc) => {
				const item = new Y.Map<unknown>();
				item.set('id', 'item-1');
				item.set('text', 7);
				doc.getArray('lucky').push([item]);
			})
	},
	{ rule: 'S2: a map nested where the schema has none', update: (base) => updateOn(base, (doc) => doc.getMap('header').set('severity', new Y.Map())) },
	{ rule: 'S3: a summary longer than its limit', update: (base) => updateOn(base, (doc) => textField(doc, 'summary').insert(0, 'x'.repeat(LONG_TEXT_CHARS + 1))) },
	{ rule: 'S4: more timeline entries than a board holds', update: (base) => updateOn(base, (doc) => { for (let i = 0; i < 2_001; i++) doc.getMap('timeline').set(`t${i}`, new Y.Map()); }) },
	{ rule: 'S5: board metadata only the server writes', update: (base) => updateOn(base, (doc) => doc.getMap('meta').set('schemaVersion', 99)) },
	{ rule: 'S5: a canvas schema newer than the server’s', update: (base) => updateOn(base, (doc) => doc.getMap('canvasMeta').set('schema', { schemaVersion: 2, sequences: { 'com.tldraw.shape.geo': 999 } })) },
	{ rule: 'S5: a revealed note only the server adds', update: (base) => updateOn(base, (doc) => doc.getArray('revealedNotes').push([new Y.Map()])) }
];

for (const factory of [fileStores, redisStores]) {
	describe(`refused updates (${factory.name})`, () => {
		for (const { rule, update } of refused) {
			it(`${rule}: closes the sender with 4422, stores nothing, and the board loads cold`, async () => {
				const stores = await factory();
				const { store, server, board, alice } = await liveBoard(stores);
				const before = await store.loadUpdates(board.id, 'board');
				const closed = await sendAndClose(server, board, update(alice.doc));
				expect(closed.code).toBe(CloseCode.updateRefused);
				expect(closed.reason).toMatch(/refused/);

				// Everyone else carries on, and nothing was stored.
				title(alice.doc).insert(0, 'Still ');
				await alice.roundTrip();
				const after = await store.loadUpdates(board.id, 'board');
				expect(after.slice(0, before.length).map((u) => Buffer.from(u).toString('hex'))).toEqual(before.map((u) => Buffer.from(u).toString('hex')));
				expect(after).toHaveLength(before.length + 1);

				await server.close();
				const { newcomer } = await coldStart(stores, board);
				expect(content(newcomer.doc).title).toBe('Still Poison review');
				expect(content(newcomer.doc).timeline.map((e) => e.description)).toEqual(['alert fired']);
				expect(newcomer.doc.share.has('surprise')).toBe(false);
				expect(await store.listQuarantined()).toEqual([]);
			});
		}
	});
}

describe('the facilitator cannot poison the control document either (U4)', () => {
	it('closes the facilitator with 4422 and the control document loads cold', async () => {
		const stores = await fileStores();
		const server = await startTestServer({ store: await stores.open() });
		const board = await createBoard(server.url, 'Control');
		const raw = await openRaw(syncUrl(server.wsUrl, `${board.id}/control`, { key: board.keys.facilitator }));
		if (raw.kind !== 'open') throw new Error('refused');
		raw.ws.send(encodeUpdate(POISON_UPDATES['an item whose parent is itself']));
		expect((await withTimeout(raw.closed, 'the close')).code).toBe(CloseCode.updateRefused);
		await server.close();
		const again = await startTestServer({ store: await stores.open() });
		const control = await connectClient(again.wsUrl, `${board.id}/control`, board.keys.facilitator);
		expect(control.provider.synced).toBe(true);
	});
});

describe('Q1: a board already holding an entry that cannot be applied', () => {
	for (const factory of [fileStores, redisStores]) {
		it(`opens again with the entry quarantined and listed (${factory.name})`, async () => {
			const stores = await factory();
			const { store, server, board, alice } = await liveBoard(stores);
			await server.close();
			alice.destroy();
			// What an older Debrief stored: a poison update, and a value too deep to decode cold.
			await store.appendUpdate(board.id, 'board', POISON_UPDATES['an item whose parent is itself']);
			await store.appendUpdate(board.id, 'board', deeplyNested(100_000));

			const { newcomer } = await coldStart(stores, board);
			expect(content(newcomer.doc).title).toBe('Poison review');
			expect(content(newcomer.doc).timeline.map((e) => e.description)).toEqual(['alert fired']);
			const quarantined = await store.listQuarantined();
			expect(quarantined.map((q) => [q.boardId, q.docName])).toEqual([
				[board.id, 'board'],
				[board.id, 'board']
			]);
			expect(Array.from(quarantined[0].update)).toEqual(Array.from(POISON_UPDATES['an item whose parent is itself']));
			// The log no longer holds them: it loads without skipping anything.
			for (const entry of await store.loadUpdates(board.id, 'board')) Y.applyUpdate(new Y.Doc(), entry);
		});
	}
});

describe('Q1: npm run quarantine', () => {
	it('lists what was quarantined, with --bytes giving the update itself', async () => {
		const dataDir = await tempDir();
		const store = new FileStore({ dataDir });
		const poison = POISON_UPDATES['an item whose parent is itself'];
		await store.quarantine({ boardId: 'board-q1', docName: 'board', at: '2026-12-01T10:00:00.000Z', reason: 'it throws', update: poison });
		await store.close();
		const run = promisify(execFile);
		const env = { ...process.env, STORAGE: 'file', DATA_DIR: dataDir, REDIS_URL: '' };
		const { stdout } = await run(process.execPath, ['server/quarantine.ts', '--bytes'], { env });
		const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
		expect(lines).toEqual([{ at: '2026-12-01T10:00:00.000Z', board: 'board-q1', doc: 'board', bytes: poison.byteLength, reason: 'it throws', update: Buffer.from(poison).toString('base64') }]);
		const empty = await tempDir();
		expect((await run(process.execPath, ['server/quarantine.ts'], { env: { ...env, DATA_DIR: empty } })).stdout.trim()).toBe('No quarantined updates.');
	});
});
