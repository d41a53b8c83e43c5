/**
 * Churn: people joining, editing and leaving many boards, over and over, must not leave memory
 * behind — every room unloads and the heap comes back near where it started.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { textField } from '../../src/lib/board/schema.ts';
import { connectClient } from './harness/clients.ts';
import { createBoard, startTestServer } from './harness/server.ts';
import { memoryStores } from './harness/stores.ts';
import { runCleanups, waitFor } from './harness/wait.ts';

afterEach(runCleanups);

setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;

async function heapAfterCollection(): Promise<number> {
	for (let i = 0; i < 3; i++) {
		collectGarbage();
		await new Promise((resolve) => setImmediate(resolve));
	}
	return process.memoryUsage().heapUsed;
}

describe('churn', () => {
	it('200 visits to 20 boards (join, edit, leave) leave every room unloaded and the heap near its baseline', { timeout: 120_000 }, async () => {
		const server = await startTestServer({ store: await (await memoryStores()).open() });
		const boards = await Promise.all(Array.from({ length: 20 }, (_, i) => createBoard(server.url, `Churn ${i}`)));
		const visit = async (round: number) => {
			const board = boards[round % boards.length];
			const client = await connectClient(server.wsUrl, board.id, board.keys.participant);
			textField(client.doc, 'notes').insert(0, `visit ${round} `);
			await client.roundTrip();
			client.destroy();
		};
		// Warm up (code paths compiled, pools filled) before the baseline is taken.
		for (let round = 0; round < 20; round++) await visit(round);
		await waitFor(() => server.running.debrief.rooms.size === 0, 'every room to unload');
		const baseline = await heapAfterCollection();

		for (let round = 20; round < 220; round++) await visit(round);
		await waitFor(() => server.running.debrief.rooms.size === 0, 'every room to unload', { timeoutMs: 20_000 });
		await waitFor(() => server.running.debrief.connectionCount === 0, 'every connection to be forgotten');
		const after = await heapAfterCollection();
		// The boards themselves grew a little (they are in the memory store); rooms and sockets must not stay.
		expect(after - baseline).toBeLessThan(8 * 1024 * 1024);
	});
});
