/** Small pieces every HTTP handler uses: JSON in and out, errors with a status, role checks. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Role } from '../../src/lib/sync/protocol/constants.ts';
import type { BoardService } from '../services/boards.ts';
import { bearerSecret } from '../services/secrets.ts';

/** An answer with a status and a message for people; thrown by handlers, sent by the router. */
export class HttpError extends Error {
	readonly status: number;
	constructor(status: number, message: string) {
		super(message);
		this.name = 'HttpError';
		this.status = status;
	}
}

/** An unknown board or a missing or wrong key: what guessing looks like, counted per address (L9). */
export class WrongKeyError extends HttpError {
	constructor(status: 403 | 404, message: string) {
		super(status, message);
		this.name = 'WrongKeyError';
	}
}

/** JSON bodies are small; anything larger is refused before it is buffered. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
	const declared = Number(req.headers['content-length'] ?? 0);
	if (declared > limit) throw new HttpError(413, `body larger than ${limit} bytes`);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit) throw new HttpError(413, `body larger than ${limit} bytes`);
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

/**
 * W4: a POST body must be declared as JSON (requireMethod checks every POST). A cross-site form
 * or `no-cors` fetch can only send text/plain, form encodings or no type at all, so it never
 * reaches a handler. An empty body with no type (`curl -X POST`) is fine: nothing to misread.
 */
export function requireJsonContentType(req: IncomingMessage): void {
	const type = req.headers['content-type'];
	const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
	const isJson = type !== undefined && type.split(';')[0].trim().toLowerCase() === 'application/json';
	if (type === undefined ? hasBody : !isJson) throw new HttpError(415, 'send the body as JSON, with Content-Type: application/json');
}

export async function readJson(req: IncomingMessage, limit = MAX_JSON_BODY_BYTES): Promise<unknown> {
	const text = (await readBody(req, limit)).toString('utf8');
	if (!text.trim()) return {};
	try {
		return JSON.parse(text);
	} catch {
		throw new HttpError(400, 'body is not valid JSON');
	}
}

/** A JSON object body, or a 400 that says what was expected. */
export async function readJsonObject(req: IncomingMessage, expected: string, limit = MAX_JSON_BODY_BYTES): Promise<Record<string, unknown>> {
	const body = await readJson(req, limit);
	if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, `body must be a JSON object such as ${expected}`);
	return body as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...headers });
	res.end(text);
}

/** The route's method, or 405. Every POST of this API carries JSON or nothing (W4). */
export function requireMethod(req: IncomingMessage, method: string): void {
	if (req.method !== method) throw new HttpError(405, `use ${method}`);
	if (method === 'POST') requireJsonContentType(req);
}

/**
 * The role of the bearer secret on a board: 404 for an unknown board, 403 for a missing or
 * wrong secret or a role not in `allowed`.
 */
export async function requireRole(req: IncomingMessage, boards: BoardService, boardId: string, allowed: readonly Role[]): Promise<Role> {
	const role = await boards.authorize(boardId, bearerSecret(req.headers.authorization));
	if (role === undefined) throw new WrongKeyError(404, 'no such board');
	if (role === null) throw new WrongKeyError(403, 'missing or wrong key');
	if (!allowed.includes(role)) throw new HttpError(403, `this needs the ${allowed.join(' or ')} link`);
	return role;
}
