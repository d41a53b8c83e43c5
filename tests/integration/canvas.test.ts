/** The canvas picture over HTTP (`/api/boards/<id>/canvas.svg`) on a real server and stores. */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CANVAS_SVG_CSP } from '../../server/api/canvas-svg.ts';
import { MAX_CANVAS_SVG_BYTES } from '../../src/lib/sync/protocol/limits.ts';
import { createBoard, startTestServer, type TestBoard, type TestServer } from './harness/server.ts';
import { fileStores, memoryStores, type StoreFactory } from './harness/stores.ts';
import { runCleanups } from './harness/wait.ts';

afterEach(runCleanups);

const PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="128"><rect width="240" height="128" fill="#fff"/><text x="12" y="50">Connection pool exhausted</text></svg>';

function put(server: TestServer, boardId: string, key: string | null, body: string | Uint8Array<ArrayBuffer>): Promise<Response> {
	return fetch(`${server.url}/api/boards/${boardId}/canvas.svg`, {
		method: 'PUT',
		headers: { 'content-type': 'image/svg+xml', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
		body
	});
}

function get(server: TestServer, boardId: string, key: string | null): Promise<Response> {
	return fetch(`${server.url}/api/boards/${boardId}/canvas.svg`, { headers: key === null ? {} : { authorization: `Bearer ${key}` } });
}

async function serverWithBoard(stores?: StoreFactory): Promise<{ server: TestServer; board: TestBoard }> {
	const server = await startTestServer({ store: await (stores ?? (await memoryStores())).open() });
	return { server, board: await createBoard(server.url, 'Canvas picture') };
}

/** Streams a body without Content-Length, so only the running count can stop it. */
function putChunked(server: TestServer, boardId: string, key: string, totalBytes: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(`${server.url}/api/boards/${boardId}/canvas.svg`, { method: 'PUT', headers: { authorization: `Bearer ${key}`, 'transfer-encoding': 'chunked' } }, (res) => {
			res.resume();
			resolve(res.statusCode ?? 0);
		});
		req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
		const chunk = Buffer.alloc(64 * 1024, ' ');
		req.write('<svg xmlns="http://www.w3.org/2000/svg">');
		let sent = 0;
		const pump = () => {
			while (sent < totalBytes) {
				sent += chunk.length;
				if (!req.write(chunk)) return void req.once('drain', pump);
			}
			req.end('</svg>');
		};
		pump();
	});
}

describe('PUT and GET /api/boards/<id>/canvas.svg (K2–K4)', () => {
	it('K4: answers 404 until a picture was stored, then serves it to every link with headers that keep it inert', async () => {
		const { server, board } = await serverWithBoard();
		expect((await get(server, board.id, board.keys.observer)).status).toBe(404);

		const stored = await put(server, board.id, board.keys.participant, PICTURE);
		expect(stored.status).toBe(204);

		for (const role of ['facilitator', 'participant', 'observer'] as const) {
			const response = await get(server, board.id, board.keys[role]);
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toBe('image/svg+xml');
			expect(response.headers.get('content-security-policy')).toBe(CANVAS_SVG_CSP);
			expect(response.headers.get('x-content-type-options')).toBe('nosniff');
			expect(response.headers.get('cache-control')).toBe('no-store');
			expect(await response.text()).toBe(PICTURE);
		}
		expect(CANVAS_SVG_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:");
	});

	it('K2: lets facilitators and participants write; observers, missing and wrong keys get 403 and change nothing', async () => {
		const { server, board } = await serverWithBoard();
		expect((await put(server, board.id, board.keys.facilitator, PICTURE)).status).toBe(204);
		const replaced = PICTURE.replace('Connection pool exhausted', 'Replaced');

		for (const key of [board.keys.observer, null, 'AAAAAAAAAAAAAAAAAAAAAA']) {
			const response = await put(server, board.id, key, replaced);
			expect(response.status).toBe(403);
			expect(((await response.json()) as { error: string }).error).toMatch(/key|link/);
		}
		expect((await get(server, board.id, null)).status).toBe(403);
		expect((await get(server, board.id, 'AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(403);
		expect(await (await get(server, board.id, board.keys.observer)).text()).toBe(PICTURE);
	});

	it('answers 404 for an unknown board and 405 for other methods', async () => {
		const { server, board } = await serverWithBoard();
		expect((await put(server, 'NoSuchBoard0000', board.keys.participant, PICTURE)).status).toBe(404);
		expect((await get(server, 'NoSuchBoard0000', board.keys.participant)).status).toBe(404);
		const post = await fetch(`${server.url}/api/boards/${board.id}/canvas.svg`, { method: 'POST', headers: { authorization: `Bearer ${board.keys.participant}` }, body: PICTURE });
		expect(post.status).toBe(405);
	});

	it('refuses pictures over the size limit with 413, declared or streamed', async () => {
		const { server, board } = await serverWithBoard();
		const tooLarge = `<svg xmlns="http://www.w3.org/2000/svg"><desc>${'x'.repeat(MAX_CANVAS_SVG_BYTES)}</desc></svg>`;
		expect((await put(server, board.id, board.keys.participant, tooLarge)).status).toBe(413);
		expect(await putChunked(server, board.id, board.keys.participant, MAX_CANVAS_SVG_BYTES + 64 * 1024)).toBe(413);
		expect((await get(server, board.id, board.keys.participant)).status).toBe(404);
		// Just under the limit is fine.
		const large = `<svg xmlns="http://www.w3.org/2000/svg"><desc>${'x'.repeat(MAX_CANVAS_SVG_BYTES - 200)}</desc></svg>`;
		expect((await put(server, board.id, board.keys.participant, large)).status).toBe(204);
	});

	it('refuses what is not an SVG document with 400', async () => {
		const { server, board } = await serverWithBoard();
		for (const body of ['', 'not a picture', '<html><body><svg/></body></html>', '<!DOCTYPE svg><svg/>', '<script>alert(1)</script><svg/>']) {
			const response = await put(server, board.id, board.keys.participant, body);
			expect(response.status).toBe(400);
		}
		expect((await put(server, board.id, board.keys.participant, new Uint8Array([0x3c, 0x73, 0x76, 0x67, 0x20, 0xff, 0xfe, 0x3e]))).status).toBe(400);
		expect((await get(server, board.id, board.keys.participant)).status).toBe(404);
	});

	it('K3: stores a hostile picture only after sanitising it', async () => {
		const { server, board } = await serverWithBoard(await fileStores());
		const hostile =
			'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">' +
			'<script>alert(2)</script>' +
			'<foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></foreignObject>' +
			'<a href="javascript:alert(3)"><text>Connection pool exhausted</text></a>' +
			'<image href="https://evil.example/beacon.png"/>' +
			'<image href="data:text/html;base64,PHNjcmlwdD4="/>' +
			'<style>@import url(https://evil.example/x.css); rect { fill: url(https://evil.example/p) }</style>' +
			'<rect width="10" height="10" onclick="alert(4)" fill="url(#g)"/></svg>';
		expect((await put(server, board.id, board.keys.participant, hostile)).status).toBe(204);
		const served = await (await get(server, board.id, board.keys.observer)).text();
		expect(served).toContain('Connection pool exhausted');
		expect(served).toContain('<rect width="10" height="10" fill="url(#g)"/>');
		for (const bad of [/<script/i, /<foreignObject/i, /<iframe/i, /\son\w+=/i, /javascript:/i, /data:text\/html/i, /evil\.example/, /@import/]) expect(served).not.toMatch(bad);
	});
});
