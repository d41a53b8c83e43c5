/**
 * Save receipts (P2, message type 4): a client learns that everything it sent is in storage,
 * or that storage is refusing writes and its edits are held for retry (R4).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { title } from '../../src/lib/board/schema.ts';
import { decodeServerMessage, encodeSaveReceiptRequest } from '../../src/lib/sync/protocol/codec.ts';
import { MemoryStore } from '../../server/persistence/index.ts';
import { ControlledStore, storedDoc } from './harness/stores.ts';
import { connectClient } from './harness/clients.ts';
import { createBoard, startTestServer } from './harness/server.ts';
import { runCleanups, waitFor } from './harness/wait.ts';

afterEach(runCleanups);

const isReceipt = (frame: Uint8Array, seq: number, saved: boolean) => {
	const message = decodeServerMessage(frame);
	return message.type === 'saveReceipt' && message.seq === seq && message.saved === saved;
};

describe('save receipts', () => {
	it('answer "saved" only after the edits sent before them are in storage', async () => {
		const store = new ControlledStore(new MemoryStore());
		const server = await startTestServer({ store, retryDelayMs: 50 });
		const board = await createBoard(server.url, 'Receipts');
		const client = await connectClient(server.wsUrl, board.id, board.keys.participant);
		title(client.doc).insert(0, 'Stored: ');
		client.provider.ws!.send(encodeSaveReceiptRequest(7));
		await waitFor(() => client.frames.some((f) => isReceipt(f, 7, true)), 'a "saved" receipt');
		expect(title((await storedDoc(store, board.id))).toString()).toBe('Stored: Receipts');

		// While storage refuses writes the receipt says so; once it recovers, a new one says saved.
		store.failAppend = true;
		title(client.doc).insert(0, 'Held ');
		client.provider.ws!.send(encodeSaveReceiptRequest(8));
		await waitFor(() => client.frames.some((f) => isReceipt(f, 8, false)), 'a "not saved" receipt');
		store.failAppend = false;
		await waitFor(async () => title(await storedDoc(store, board.id)).toString() === 'Held Stored: Receipts', 'the held edit to be stored');
		client.provider.ws!.send(encodeSaveReceiptRequest(9));
		await waitFor(() => client.frames.some((f) => isReceipt(f, 9, true)), 'a "saved" receipt after recovery');
	});
});
