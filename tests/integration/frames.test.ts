/**
 * Bad frames on a live board (M1–M4): the sender is closed with a documented code, while the
 * server, the stored board and every other connection carry on.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { title } from '../../src/lib/board/schema.ts';
import { addTimelineEntry } from '../../src/lib/board/timeline.ts';
import { CloseCode } from '../../src/lib/sync/protocol/constants.ts';
import { encodeAwareness, encodeUpdate } from '../../src/lib/sync/protocol/codec.ts';
import { connectClient, content, descriptions } from './harness/clients.ts';
import { createBoard, startTestServer } from './harness/server.ts';
import { fileStores, storedDoc } from './harness/stores.ts';
import { openRaw, syncUrl } from './harness/raw.ts';
import { runCleanups, waitFor, withTimeout } from './harness/wait.ts';

afterEach(runCleanups);

const LIMIT = 64 * 1024;

/** A real Yjs update (a timeline entry with a huge description) larger than the limit. */
function oversizedUpdate(): Uint8Array {
	const doc = new Y.Doc();
	addTimelineEntry(doc, { at: '2026-01-05T12:00:00Z', kind: 'other', description: 'x'.repeat(LIMIT + 1024) });
	return encodeUpdate(Y.encodeStateAsUpdate(doc));
}

function badAwareness(): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, 12345);
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarString(encoder, '"just a string"');
	return encodeAwareness(encoding.toUint8Array(encoder));
}

/** A valid update followed by a trailing byte: must not be half-applied. */
function updateWithTrailingByte(): Uint8Array {
	const doc = new Y.Doc();
	addTimelineEntry(doc, { at: '2026-01-05T12:00:00Z', kind: 'other', description: 'smuggled' });
	const message = encodeUpdate(Y.encodeStateAsUpdate(doc));
	return Uint8Array.from([...message, 0]);
}

const cases: Array<{ name: string; frame: () => Uint8Array | string; code: number }> = [
	{ name: 'M2: a frame over maxMessageBytes closes with 1009', frame: oversizedUpdate, code: CloseCode.messageTooBig },
	{ name: 'M1: a garbage binary frame closes with 4400', frame: () => Uint8Array.from([0, 1, 255, 255, 255]), code: CloseCode.malformedMessage },
	{ name: 'M3: a text frame closes with 4400', frame: () => 'hello', code: CloseCode.malformedMessage },
	{ name: 'M1: an unknown message type closes with 4400', frame: () => Uint8Array.from([9]), code: CloseCode.malformedMessage },
	{ name: 'M1: an empty frame closes with 4400', frame: () => new Uint8Array(0), code: CloseCode.malformedMessage },
	{ name: 'M1: an undecodable update closes with 4400', frame: () => Uint8Array.from([0, 2, 5, 255, 255, 255, 255, 255]), code: CloseCode.malformedMessage },
	{ name: 'M1: a valid update with trailing bytes closes with 4400', frame: updateWithTrailingByte, code: CloseCode.malformedMessage },
	{ name: 'M1: an awareness state that is not an object closes with 4400', frame: badAwareness, code: CloseCode.malformedMessage }
];

describe('bad frames (M4: only the sender is affected)', () => {
	describe.each([
		['after joining the room', true],
		['as the very first frame', false]
	])('sent %s', (_when, waitForJoin) => {
		it.each(cases)('$name', async ({ frame, code }) => {
			const stores = await fileStores();
			const store = await stores.open();
			const server = await startTestServer({ store, config: { maxMessageBytes: LIMIT } });
			const board = await createBoard(server.url, 'Bad frames');
			const a = await connectClient(server.wsUrl, board.id, board.keys.participant);
			const b = await connectClient(server.wsUrl, board.id, board.keys.participant);
			addTimelineEntry(a.doc, { at: '2026-01-05T11:00:00Z', kind: 'trigger', description: 'before' });
			await waitFor(() => descriptions(b.doc).includes('before'), 'the first edit on B');
			const before = content(b.doc);

			const raw = await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant }));
			if (raw.kind !== 'open') throw new Error(`upgrade refused with ${raw.status}`);
			if (waitForJoin) await waitFor(() => raw.messages.length > 0, "the server's sync step 1");
			raw.ws.send(frame());
			const closed = await withTimeout(raw.closed, 'the bad connection to be closed');
			expect(closed.code).toBe(code);

			// The server is up and the other connections were not touched.
			const health = await fetch(`${server.url}/healthz`);
			expect(health.status).toBe(200);
			expect(a.closeCodes).toEqual([]);
			expect(b.closeCodes).toEqual([]);

			// The board is unchanged, live and stored.
			const fresh = await connectClient(server.wsUrl, board.id, board.keys.observer);
			expect(content(fresh.doc)).toEqual(before);
			expect(content(await storedDoc(store, board.id))).toEqual(before);

			// And it keeps syncing.
			addTimelineEntry(a.doc, { at: '2026-01-05T11:30:00Z', kind: 'action', description: 'after' });
			title(b.doc).insert(0, 'Still ');
			await waitFor(() => descriptions(b.doc).includes('after') && content(a.doc).title === 'Still Bad frames', 'edits after the bad frame');
			await waitFor(() => descriptions(fresh.doc).includes('after'), 'the edit on the fresh client');
			expect(content(a.doc)).toEqual(content(b.doc));
		});
	});

	it('M2: a frame just under the limit is accepted', async () => {
		const server = await startTestServer({ store: await (await fileStores()).open(), config: { maxMessageBytes: LIMIT } });
		const board = await createBoard(server.url, 'Near the limit');
		const a = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const b = await connectClient(server.wsUrl, board.id, board.keys.participant);
		addTimelineEntry(a.doc, { at: '2026-01-05T12:00:00Z', kind: 'other', description: 'y'.repeat(LIMIT - 1024) });
		await waitFor(() => descriptions(b.doc)[0]?.length === LIMIT - 1024, 'the large edit on B');
		expect(a.closeCodes).toEqual([]);
	});
});
