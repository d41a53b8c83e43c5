/**
 * Web hardening on the real server (W2, W4, W5, W6 in docs/protocol.md): the headers every
 * response carries, state-changing requests that must be JSON and come from our own origin,
 * the origin rule shared by the API and the websocket upgrade, and rotating the facilitator link.
 * W1 (the pages' CSP) and W3 (canvas assets) need a browser: tests/e2e/web-hardening.e2e.ts.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { HTML_EXPORT_CSP } from '../../src/lib/board/export/html.ts';
import { CloseCode, roomName } from '../../src/lib/sync/protocol/constants.ts';
import { API_CSP } from '../../server/api/security-headers.ts';
import type { CoreConfig } from '../../server/app.ts';
import { ControlledStore, memoryStores } from './harness/stores.ts';
import { connectClient, connectControl, keyOfLink, postApi, waitForCloseCode } from './harness/clients.ts';
import { createBoard, startTestServer, type TestBoard, type TestServer } from './harness/server.ts';
import { openRaw, syncUrl } from './harness/raw.ts';
import { runCleanups } from './harness/wait.ts';

afterEach(runCleanups);

async function setup(config: Partial<CoreConfig> = {}): Promise<{ server: TestServer; store: ControlledStore; board: TestBoard }> {
	const store = new ControlledStore(await (await memoryStores()).open());
	const server = await startTestServer({ store, config });
	const board = await createBoard(server.url, 'Web hardening');
	return { server, store, board };
}

interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

/** A request with exactly these headers (fetch would add its own Content-Type and refuses Host). */
function send(server: TestServer, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = request(`${server.url}${path}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
		});
		req.on('error', reject);
		req.end(body);
	});
}

const own = (server: TestServer) => `http://127.0.0.1:${server.port}`;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const json = { 'content-type': 'application/json' };

async function accessRole(server: TestServer, boardId: string, key: string): Promise<string | number> {
	const answer = await send(server, 'GET', `/api/boards/${boardId}/access`, bearer(key));
	return answer.status === 200 ? (JSON.parse(answer.body) as { role: string }).role : answer.status;
}

async function upgradeStatus(server: TestServer, board: TestBoard, headers: Record<string, string>): Promise<number> {
	const result = await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant }), { headers });
	if (result.kind === 'rejected') return result.status;
	result.ws.terminate();
	return 101;
}

describe('W2: security headers on every response of the server', () => {
	it('W2: API answers, errors, health and exports carry X-Frame-Options, Referrer-Policy, nosniff and a CSP that allows nothing', async () => {
		const { server, board } = await setup();
		const key = bearer(board.keys.observer);
		const answers: Array<[string, Answer]> = [
			['health', await send(server, 'GET', '/healthz')],
			['created', await send(server, 'POST', '/api/boards', json, '{"title": "x"}')],
			['unknown endpoint', await send(server, 'GET', '/api/nothing-here')],
			['wrong key', await send(server, 'GET', `/api/boards/${board.id}/access`, bearer('A'.repeat(22)))],
			['access', await send(server, 'GET', `/api/boards/${board.id}/access`, key)],
			['markdown export', await send(server, 'GET', `/api/boards/${board.id}/export.md`, key)],
			['json export', await send(server, 'GET', `/api/boards/${board.id}/export.json`, key)],
			['no picture yet', await send(server, 'GET', `/api/boards/${board.id}/canvas.svg`, key)],
			['html export', await send(server, 'GET', `/api/boards/${board.id}/export.html`, key)],
			// Not the API's (pages are not mounted here): the server's own 404.
			['not found', await send(server, 'GET', '/no-such-page')]
		];
		for (const [what, answer] of answers) {
			expect(answer.headers['x-frame-options'], what).toBe('DENY');
			expect(answer.headers['referrer-policy'], what).toBe('no-referrer');
			expect(answer.headers['x-content-type-options'], what).toBe('nosniff');
		}
		const csp = Object.fromEntries(answers.map(([what, answer]) => [what, answer.headers['content-security-policy']]));
		for (const what of ['health', 'created', 'unknown endpoint', 'wrong key', 'access', 'markdown export', 'json export', 'no picture yet']) expect(csp[what], what).toBe(API_CSP);
		// The HTML export keeps its own policy (inline styles, data: images, nothing else).
		expect(csp['html export']).toBe(HTML_EXPORT_CSP);
		expect(answers.find(([what]) => what === 'html export')![1].status).toBe(200);
	});
});

describe('W4: state-changing requests carry JSON', () => {
	it('W4: a text/plain POST to /api/boards (what a cross-site form sends) is refused with 415 and creates nothing', async () => {
		const { server, store } = await setup();
		const before = store.writes.length;
		const bodies: Array<[Record<string, string>, string]> = [
			[{ 'content-type': 'text/plain' }, '{"title": "Made by another site"}'],
			[{ 'content-type': 'text/plain;charset=UTF-8' }, '{"title": "Made by another site"}'],
			[{ 'content-type': 'application/x-www-form-urlencoded' }, 'title=Made+by+another+site'],
			[{ 'content-type': 'multipart/form-data; boundary=x' }, '--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nMade\r\n--x--\r\n'],
			// A no-cors fetch of a Blob without a type sends no Content-Type at all.
			[{}, '{"title": "Made by another site"}']
		];
		for (const [headers, body] of bodies) {
			const answer = await send(server, 'POST', '/api/boards', headers, body);
			expect(answer.status, JSON.stringify(headers)).toBe(415);
			expect(JSON.parse(answer.body).error).toMatch(/application\/json/);
		}
		expect(store.writes.length, 'a refused request stored a board').toBe(before);
		// JSON, or an empty body with no type (curl -X POST), still creates a board.
		expect((await send(server, 'POST', '/api/boards', { 'content-type': 'application/json; charset=utf-8' }, '{"title": "ok"}')).status).toBe(201);
		expect((await send(server, 'POST', '/api/boards')).status).toBe(201);
	});

	it('W4: the facilitation routes refuse a body that is not JSON with 415 and change nothing', async () => {
		const { server, board } = await setup();
		const plain = { ...bearer(board.keys.facilitator), 'content-type': 'text/plain' };
		expect((await send(server, 'POST', `/api/boards/${board.id}/notes`, plain, '{"kind": "wrong", "text": "x"}')).status).toBe(415);
		expect((await send(server, 'POST', `/api/boards/${board.id}/links/participant/rotate`, plain, '{}')).status).toBe(415);
		expect(await accessRole(server, board.id, board.keys.participant)).toBe('participant');
		// The same note as JSON is the first one held.
		expect((await postApi(server.url, board.id, 'notes', board.keys.participant, { kind: 'wrong', text: 'x' })).body).toEqual({ pending: 1 });
	});
});

describe('W5: one origin rule for the API and the websocket: scheme, host and port', () => {
	const foreign = (server: TestServer) => [
		'http://evil.example',
		// Our host and port, another scheme.
		`https://127.0.0.1:${server.port}`,
		// Our scheme and host, another port.
		`http://127.0.0.1:${server.port + 1}`,
		`http://localhost:${server.port}`,
		'null'
	];

	it('W5: every state-changing API request from another origin is refused with 403 and changes nothing', async () => {
		const { server, store, board } = await setup();
		const before = store.writes.length;
		for (const origin of foreign(server)) {
			const f = { ...bearer(board.keys.facilitator), ...json, origin };
			const p = { ...bearer(board.keys.participant), ...json, origin };
			const refused: Array<[string, Promise<Answer>]> = [
				['create', send(server, 'POST', '/api/boards', { ...json, origin }, '{"title": "x"}')],
				['note', send(server, 'POST', `/api/boards/${board.id}/notes`, p, '{"kind": "wrong", "text": "x"}')],
				['reveal', send(server, 'POST', `/api/boards/${board.id}/notes/reveal`, f, '{}')],
				['vote', send(server, 'POST', `/api/boards/${board.id}/votes`, p, '{"voter": "v", "round": 1, "ballot": {}}')],
				['close vote', send(server, 'POST', `/api/boards/${board.id}/votes/close`, f, '{}')],
				['rotate', send(server, 'POST', `/api/boards/${board.id}/links/participant/rotate`, f, '{}')],
				['picture', send(server, 'PUT', `/api/boards/${board.id}/canvas.svg`, { ...bearer(board.keys.participant), 'content-type': 'image/svg+xml', origin }, '<svg xmlns="http://www.w3.org/2000/svg"/>')]
			];
			for (const [what, answer] of refused) {
				const { status, body } = await answer;
				expect(status, `${what} from ${origin}`).toBe(403);
				expect(JSON.parse(body).error).toMatch(/cross-site/);
			}
		}
		expect(store.writes.length, 'a cross-site request stored something').toBe(before);
		expect(await store.getBlob(board.id, 'canvas-svg')).toBeNull();
		expect(await accessRole(server, board.id, board.keys.participant)).toBe('participant');
		// Reading stays open to any page that has the key (it is the key that protects it).
		expect((await send(server, 'GET', `/api/boards/${board.id}/access`, { ...bearer(board.keys.participant), origin: 'http://evil.example' })).status).toBe(200);
		// Our own pages, and clients that send no Origin, may change boards.
		expect((await send(server, 'POST', '/api/boards', { ...json, origin: own(server) }, '{}')).status).toBe(201);
		expect((await send(server, 'POST', `/api/boards/${board.id}/notes`, { ...bearer(board.keys.participant), ...json }, '{"kind": "well", "text": "y"}')).status).toBe(202);
	});

	it('W5: without ORIGIN the upgrade accepts only the scheme, host and port the request came to', async () => {
		const { server, board } = await setup();
		for (const origin of foreign(server)) expect(await upgradeStatus(server, board, { origin }), origin).toBe(403);
		expect(await upgradeStatus(server, board, { origin: own(server) })).toBe(101);
		// Behind a TLS-terminating proxy the browser's page is https.
		expect(await upgradeStatus(server, board, { origin: `https://127.0.0.1:${server.port}`, 'x-forwarded-proto': 'https' })).toBe(101);
		expect(await upgradeStatus(server, board, {})).toBe(101);
	});

	it('W5: with ORIGIN set, only ORIGIN and ALLOWED_ORIGINS may connect or change boards, whatever the Host header says', async () => {
		const { server, board } = await setup({ publicOrigin: 'https://debrief.example.com', allowedOrigins: ['http://localhost:5173'] });
		const refused = [
			'http://debrief.example.com',
			'https://debrief.example.com:8443',
			'https://evil.example',
			own(server),
			'http://localhost:5174'
		];
		for (const origin of refused) {
			expect(await upgradeStatus(server, board, { origin }), origin).toBe(403);
			expect((await send(server, 'POST', '/api/boards', { ...json, origin }, '{}')).status, origin).toBe(403);
		}
		// A page on a host that points at us (DNS rebinding) agrees with its own Host header; still refused.
		expect(await upgradeStatus(server, board, { origin: 'http://evil.example', host: 'evil.example' })).toBe(403);
		expect((await send(server, 'POST', '/api/boards', { ...json, origin: 'http://evil.example', host: 'evil.example' }, '{}')).status).toBe(403);
		for (const origin of ['https://debrief.example.com', 'http://localhost:5173']) {
			expect(await upgradeStatus(server, board, { origin }), origin).toBe(101);
			const created = await send(server, 'POST', '/api/boards', { ...json, origin }, '{}');
			expect(created.status, origin).toBe(201);
			expect(JSON.parse(created.body).links.facilitator).toMatch(/^https:\/\/debrief\.example\.com\/b\//);
		}
	});
});

describe('W6: the facilitator link can be rotated too', () => {
	it('W6: rotating the facilitator link closes every socket of the old key with 4403; the old key is refused, the new one is the facilitator', async () => {
		const { server, board } = await setup();
		const fBoard = await connectClient(server.wsUrl, board.id, board.keys.facilitator);
		const fControl = await connectControl(server.wsUrl, board.id, board.keys.facilitator);
		const participant = await connectClient(server.wsUrl, board.id, board.keys.participant);

		const rotated = await postApi(server.url, board.id, 'links/facilitator/rotate', board.keys.facilitator);
		expect(rotated.status).toBe(200);
		expect(rotated.body.role).toBe('facilitator');
		const newKey = keyOfLink(String(rotated.body.link));
		expect(newKey).not.toBe(board.keys.facilitator);

		await waitForCloseCode(fBoard, CloseCode.accessRevoked);
		await waitForCloseCode(fControl, CloseCode.accessRevoked);
		await participant.roundTrip();
		expect(participant.closeCodes).toEqual([]);

		expect(await accessRole(server, board.id, board.keys.facilitator)).toBe(403);
		const old = await openRaw(syncUrl(server.wsUrl, roomName(board.id, 'control'), { key: board.keys.facilitator }));
		expect(old.kind === 'rejected' && old.status).toBe(403);
		expect(await accessRole(server, board.id, newKey)).toBe('facilitator');
		// The new key has the facilitator's powers: it can rotate again; the old one cannot.
		expect((await postApi(server.url, board.id, 'links/observer/rotate', board.keys.facilitator)).status).toBe(403);
		expect((await postApi(server.url, board.id, 'links/observer/rotate', newKey)).status).toBe(200);
		const control = await connectControl(server.wsUrl, board.id, newKey);
		expect(control.provider.wsconnected).toBe(true);
	});
});
