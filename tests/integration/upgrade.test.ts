/** Checks at the websocket upgrade (A1–A4): nothing about a board is sent before they pass. */
import { afterEach, describe, expect, it } from 'vitest';
import { createBoard, startTestServer, type TestServer, type TestBoard } from './harness/server.ts';
import { memoryStores } from './harness/stores.ts';
import { openRaw, syncUrl, type RawResult } from './harness/raw.ts';
import { runCleanups, withTimeout } from './harness/wait.ts';

afterEach(runCleanups);

async function setUp(config: { allowedOrigins?: string[] | null } = {}): Promise<{ server: TestServer; board: TestBoard }> {
	const server = await startTestServer({ store: await (await memoryStores()).open(), config });
	const board = await createBoard(server.url, 'Upgrade checks');
	return { server, board };
}

function expectRefused(result: RawResult, status: number): void {
	if (result.kind !== 'rejected') throw new Error(`expected HTTP ${status}, but the websocket opened`);
	expect(result.status).toBe(status);
	expect(result.messagesReceived).toBe(0);
	// The refusal names no board content.
	expect(result.body).not.toContain('Upgrade checks');
}

/** An accepted socket gets the server's sync step 1 (the board) first. */
async function expectAccepted(result: RawResult): Promise<void> {
	if (result.kind !== 'open') throw new Error(`expected the websocket to open, got HTTP ${result.status}`);
	const { messages } = result;
	await withTimeout(
		new Promise<void>((resolve) => {
			if (messages.length > 0) resolve();
			else result.ws.once('message', () => resolve());
		}),
		'the first message'
	);
	expect(messages[0][0]).toBe(0);
}

describe('websocket upgrade checks', () => {
	it('A4: refuses a wrong key with 403', async () => {
		const { server, board } = await setUp();
		expectRefused(await openRaw(syncUrl(server.wsUrl, board.id, { key: 'x'.repeat(22) })), 403);
		// A key of another board does not open this one.
		const other = await createBoard(server.url, 'Other board');
		expectRefused(await openRaw(syncUrl(server.wsUrl, board.id, { key: other.keys.facilitator })), 403);
	});

	it('A4: refuses a missing or empty key with 403', async () => {
		const { server, board } = await setUp();
		expectRefused(await openRaw(syncUrl(server.wsUrl, board.id)), 403);
		expectRefused(await openRaw(syncUrl(server.wsUrl, board.id, { key: '' })), 403);
	});

	it('A3: refuses an unknown, well-formed board id with 404', async () => {
		const { server, board } = await setUp();
		expectRefused(await openRaw(syncUrl(server.wsUrl, 'AAAAAAAAAAAAAAAAAAAAAA', { key: board.keys.facilitator })), 404);
	});

	it('A1: refuses a malformed board id with 404', async () => {
		const { server, board } = await setUp();
		for (const id of ['short', 'has.dot.in.it.x', `${board.id}/extra`, '%2E%2E%2Fboards', 'x'.repeat(65)]) {
			expectRefused(await openRaw(syncUrl(server.wsUrl, id, { key: board.keys.facilitator })), 404);
		}
	});

	it('A2: same origin by default: refuses a foreign Origin with 403, accepts the own host or none', async () => {
		const { server, board } = await setUp();
		const url = syncUrl(server.wsUrl, board.id, { key: board.keys.participant });
		expectRefused(await openRaw(url, { headers: { Origin: 'http://evil.example' } }), 403);
		// Same host name, other port: another origin.
		expectRefused(await openRaw(url, { headers: { Origin: `http://127.0.0.1:${server.port + 1}` } }), 403);
		expectRefused(await openRaw(url, { headers: { Origin: 'null' } }), 403);
		await expectAccepted(await openRaw(url, { headers: { Origin: `http://127.0.0.1:${server.port}` } }));
		// Non-browser clients send no Origin and rely on the key alone.
		await expectAccepted(await openRaw(url));
	});

	it('A2: with allowed origins configured, only those are accepted', async () => {
		const { server, board } = await setUp({ allowedOrigins: ['https://debrief.example.com'] });
		const url = syncUrl(server.wsUrl, board.id, { key: board.keys.participant });
		await expectAccepted(await openRaw(url, { headers: { Origin: 'https://debrief.example.com' } }));
		expectRefused(await openRaw(url, { headers: { Origin: 'http://evil.example' } }), 403);
		expectRefused(await openRaw(url, { headers: { Origin: `http://127.0.0.1:${server.port}` } }), 403);
	});

	it('A2 before A4: checks the origin before the key (a foreign page cannot probe keys)', async () => {
		const { server, board } = await setUp();
		const result = await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.facilitator }), { headers: { Origin: 'http://evil.example' } });
		expectRefused(result, 403);
		if (result.kind === 'rejected') expect(result.body).toContain('origin');
	});

	it('refuses upgrades with 503 while the server shuts down', async () => {
		const { server, board } = await setUp();
		// The HTTP server still listens while Debrief stores its rooms.
		await server.running.debrief.close();
		expectRefused(await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant })), 503);
	});

	it('accepts each role key', async () => {
		const { server, board } = await setUp();
		for (const key of Object.values(board.keys)) await expectAccepted(await openRaw(syncUrl(server.wsUrl, board.id, { key })));
	});
});
