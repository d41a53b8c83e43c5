/**
 * The HTTP API next to the pages: health, board creation, access checks. Routes are
 * documented in docs/protocol.md. Pages are served by SvelteKit; this answers first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROLES, type Role } from '../src/lib/sync/protocol.ts';
import { InvalidBoardInputError, type BoardService } from './boards.ts';
import type { BoardStore } from './persistence/store.ts';
import { bearerSecret } from './secrets.ts';
import { describeError, type Logger } from './log.ts';

/** Board creation bodies are tiny; anything larger is refused before it is buffered. */
const MAX_JSON_BODY_BYTES = 64 * 1024;

export interface ApiContext {
	boards: BoardService;
	store: BoardStore;
	log: Logger;
	publicOrigin: string | null;
	/** Loaded rooms, reported by /healthz. */
	roomCount: () => number;
}

class HttpError extends Error {
	readonly status: number;
	constructor(status: number, message: string) {
		super(message);
		this.status = status;
	}
}

/** Handles an API request and returns true, or returns false for paths that are not the API's. */
export async function handleApiRequest(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<boolean> {
	const url = new URL(req.url ?? '/', 'http://localhost');
	const path = url.pathname;
	if (path !== '/healthz' && !path.startsWith('/api/')) return false;
	try {
		if (path === '/healthz') await health(res, ctx);
		else if (path === '/api/boards') await createBoard(req, res, ctx);
		else if (/^\/api\/boards\/[^/]+\/access$/.test(path)) await access(req, res, ctx, path.split('/')[3]);
		else throw new HttpError(404, 'no such endpoint');
	} catch (error) {
		if (error instanceof HttpError) sendJson(res, error.status, { error: error.message });
		else {
			ctx.log.error('API request failed', { path, error: describeError(error) });
			sendJson(res, 503, { error: 'storage unavailable, try again' });
		}
	}
	return true;
}

async function health(res: ServerResponse, ctx: ApiContext): Promise<void> {
	const healthy = await ctx.store.isHealthy().catch(() => false);
	sendJson(res, healthy ? 200 : 503, { status: healthy ? 'ok' : 'storage unavailable', storage: ctx.store.kind, rooms: ctx.roomCount() });
}

async function createBoard(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
	if (req.method !== 'POST') throw new HttpError(405, 'use POST to create a board');
	const body = await readJson(req);
	if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'body must be a JSON object such as {"title": "..."}');
	let created;
	try {
		const { title, timeZone } = body as { title?: unknown; timeZone?: unknown };
		created = await ctx.boards.create({ title, timeZone });
	} catch (error) {
		if (error instanceof InvalidBoardInputError) throw new HttpError(400, error.message);
		throw error;
	}
	const origin = ctx.publicOrigin ?? `http://${req.headers.host ?? 'localhost'}`;
	const links = Object.fromEntries(ROLES.map((role) => [role, origin + created.links[role]])) as Record<Role, string>;
	sendJson(res, 201, { id: created.id, links });
}

async function access(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, boardId: string): Promise<void> {
	if (req.method !== 'GET') throw new HttpError(405, 'use GET');
	const role = await ctx.boards.authorize(boardId, bearerSecret(req.headers.authorization));
	if (role === undefined) throw new HttpError(404, 'no such board');
	if (role === null) throw new HttpError(403, 'missing or wrong key');
	sendJson(res, 200, { id: boardId, role });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
	const declared = Number(req.headers['content-length'] ?? 0);
	if (declared > MAX_JSON_BODY_BYTES) throw new HttpError(413, `body larger than ${MAX_JSON_BODY_BYTES} bytes`);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > MAX_JSON_BODY_BYTES) throw new HttpError(413, `body larger than ${MAX_JSON_BODY_BYTES} bytes`);
		chunks.push(chunk);
	}
	const text = Buffer.concat(chunks).toString('utf8');
	if (!text.trim()) return {};
	try {
		return JSON.parse(text);
	} catch {
		throw new HttpError(400, 'body is not valid JSON');
	}
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}
