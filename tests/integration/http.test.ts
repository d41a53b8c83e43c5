/** The HTTP API on a real server: board creation, access checks, health. */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createBoard, startTestServer, type TestServer } from './harness/server.ts';
import { fileStores, memoryStores, redisStores, type StoreFactory } from './harness/stores.ts';
import { runCleanups } from './harness/wait.ts';

afterEach(runCleanups);

async function memoryServer(): Promise<TestServer> {
	return startTestServer({ store: await (await memoryStores()).open() });
}

function postBoards(server: TestServer, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Response> {
	return fetch(`${server.url}/api/boards`, { method: 'POST', headers, body });
}

async function errorOf(response: Response): Promise<string> {
	const body = (await response.json()) as { error?: unknown };
	expect(typeof body.error).toBe('string');
	return body.error as string;
}

/** Streams a body without a Content-Length, so only the running count can stop it. */
function postChunked(server: TestServer, totalBytes: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
			res.resume();
			resolve(res.statusCode ?? 0);
		});
		// The server may answer and close before the whole body is sent.
		req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
		const chunk = Buffer.alloc(8 * 1024, 'a');
		let sent = 0;
		const pump = () => {
			while (sent < totalBytes) {
				sent += chunk.length;
				if (!req.write(chunk)) return void req.once('drain', pump);
			}
			req.end();
		};
		pump();
	});
}

describe('POST /api/boards', () => {
	it('creates a board and answers 201 with three links on the request host', async () => {
		const server = await memoryServer();
		const response = await postBoards(server, JSON.stringify({ title: 'Checkout errors' }));
		expect(response.status).toBe(201);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		const body = (await response.json()) as { id: string; links: Record<string, string> };
		expect(body.id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
		expect(Object.keys(body.links).sort()).toEqual(['facilitator', 'observer', 'participant']);
		for (const link of Object.values(body.links)) expect(link).toMatch(new RegExp(`^${server.url}/b/${body.id}#k=[A-Za-z0-9_-]{22,}$`));
		expect(new Set(Object.values(body.links)).size).toBe(3);
	});

	it('answers 400 for a title that is not a string', async () => {
		const server = await memoryServer();
		const response = await postBoards(server, JSON.stringify({ title: 42 }));
		expect(response.status).toBe(400);
		expect(await errorOf(response)).toMatch(/title/);
	});

	it('answers 400 for a title over 200 characters', async () => {
		const server = await memoryServer();
		expect((await postBoards(server, JSON.stringify({ title: 'x'.repeat(201) }))).status).toBe(400);
	});

	it('answers 400 for invalid JSON and for a body that is not an object', async () => {
		const server = await memoryServer();
		const invalid = await postBoards(server, '{"title": ');
		expect(invalid.status).toBe(400);
		expect(await errorOf(invalid)).toMatch(/JSON/);
		for (const body of ['[]', '"a title"', 'null', '42']) expect((await postBoards(server, body)).status).toBe(400);
	});

	it('answers 405 for GET', async () => {
		const server = await memoryServer();
		const response = await fetch(`${server.url}/api/boards`);
		expect(response.status).toBe(405);
		await errorOf(response);
	});

	it('answers 413 for a body over 4 MiB (the import limit), declared or streamed', async () => {
		const server = await memoryServer();
		const big = JSON.stringify({ title: 'x', padding: 'p'.repeat(4 * 1024 * 1024) });
		const declared = await postBoards(server, big);
		expect(declared.status).toBe(413);
		await errorOf(declared);
		expect(await postChunked(server, 5 * 1024 * 1024)).toBe(413);
		// The server is fine afterwards.
		expect((await postBoards(server, JSON.stringify({ title: 'after' }))).status).toBe(201);
	});
});

describe('GET /api/boards/<id>/access', () => {
	it('answers each role for its bearer key, 403 for a wrong or missing key, 404 for an unknown board', async () => {
		const server = await memoryServer();
		const board = await createBoard(server.url, 'Access');
		const access = (id: string, key?: string) =>
			fetch(`${server.url}/api/boards/${id}/access`, { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });
		for (const role of ['facilitator', 'participant', 'observer'] as const) {
			const response = await access(board.id, board.keys[role]);
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({ id: board.id, role });
		}
		const wrong = await access(board.id, 'w'.repeat(22));
		expect(wrong.status).toBe(403);
		await errorOf(wrong);
		expect((await access(board.id)).status).toBe(403);
		const other = await createBoard(server.url, 'Other');
		expect((await access(board.id, other.keys.facilitator)).status).toBe(403);
		expect((await access('AAAAAAAAAAAAAAAAAAAAAA', board.keys.facilitator)).status).toBe(404);
		expect((await access('bad!id', board.keys.facilitator)).status).toBe(404);
	});
});

describe('GET /healthz', () => {
	it.each<[string, () => Promise<StoreFactory>]>([
		['memory', memoryStores],
		['file', fileStores],
		['redis', redisStores]
	])('answers 200 with storage = %s', async (kind, makeStores) => {
		const server = await startTestServer({ store: await (await makeStores()).open() });
		const response = await fetch(`${server.url}/healthz`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		const body = (await response.json()) as Record<string, unknown>;
		expect(body).toMatchObject({ status: 'ok', storage: kind, rooms: 0 });
	});

	it('answers 404 for unknown API paths', async () => {
		const server = await memoryServer();
		expect((await fetch(`${server.url}/api/nothing`)).status).toBe(404);
	});
});
