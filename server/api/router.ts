/**
 * The HTTP API next to the pages: health, boards, access checks and the facilitator's
 * server-side actions. Routes are documented in docs/protocol.md. Pages are served by
 * SvelteKit; this answers first and returns false for anything else.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROLES, type Role } from '../../src/lib/sync/protocol/constants.ts';
import { errorAnswer } from './errors.ts';
import { matchRoute, type ApiRoute } from '../../src/lib/sync/protocol/http.ts';
import { MAX_IMPORT_BYTES } from '../../src/lib/sync/protocol/limits.ts';
import { EXPORT_FORMATS, importedDocuments, type ExportFormat } from '../services/export.ts';
import { HTML_EXPORT_CSP } from '../../src/lib/board/export/html.ts';
import { parseExportFile } from '../../src/lib/board/export/json.ts';
import { HttpError, WrongKeyError, readJsonObject, requireMethod, requireRole, sendJson } from './http-util.ts';
import { originAllowed, requestOrigin } from '../sync/origin.ts';
import { setApiCsp } from './security-headers.ts';
import { bearerSecret } from '../services/secrets.ts';
import { describeError } from '../log.ts';
import { canvasSvg } from './canvas-svg.ts';
import type { ApiContext } from './context.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, ctx: ApiContext, params: Record<string, string>) => Promise<void>;

/** Paths come from the protocol's one table; board ids in them are checked again by the services. */
const HANDLERS: Record<ApiRoute, Handler> = {
	health,
	time,
	boards: createBoard,
	access,
	export: exportBoard,
	canvasSvg,
	notes: submitNote,
	revealNotes,
	votes: castBallot,
	closeVoting,
	rotateLink
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Handles an API request and returns true, or returns false for paths that are not the API's. */
export async function handleApiRequest(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<boolean> {
	const path = new URL(req.url ?? '/', 'http://localhost').pathname;
	if (path !== '/healthz' && !path.startsWith('/api/')) return false;
	setApiCsp(res);
	// Every route under /api/boards/<id>/ takes a key: an address guessing keys waits (L9).
	const keyedBoard = /^\/api\/boards\/([^/]+)\//.exec(path)?.[1];
	const address = ctx.limits.addressOf(req);
	const retryAfter = keyedBoard === undefined ? 0 : ctx.limits.guessingRetryAfter(address);
	if (retryAfter > 0) {
		sendJson(res, 429, { error: 'too many wrong keys from this address, try again later' }, { 'retry-after': String(retryAfter) });
		return true;
	}
	try {
		const route = matchRoute(path);
		if (!route) throw new HttpError(404, 'no such endpoint');
		// W5: another site's page may read nothing (no CORS) and change nothing.
		if (!SAFE_METHODS.has(req.method ?? 'GET') && !originAllowed(req, ctx)) throw new HttpError(403, 'cross-site request refused: this origin may not change boards');
		await HANDLERS[route.route](req, res, ctx, route.params);
	} catch (error) {
		if (error instanceof WrongKeyError && keyedBoard !== undefined) ctx.limits.keyFailed(address, keyedBoard, bearerSecret(req.headers.authorization));
		const answer = errorAnswer(error);
		if (!answer.expected) ctx.log.error('API request failed', { path, error: describeError(error) });
		else if (answer.status >= 500) ctx.log.warn('API request not served', { path, status: answer.status, reason: describeError(error) });
		sendJson(res, answer.status, { error: answer.message });
	}
	return true;
}

async function health(_req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
	const healthy = await ctx.store.isHealthy().catch(() => false);
	sendJson(res, healthy ? 200 : 503, { status: healthy ? 'ok' : 'storage unavailable', storage: ctx.store.kind, rooms: ctx.roomCount() });
}

/** The server's clock, so every screen shows the same countdown (F3). */
async function time(req: IncomingMessage, res: ServerResponse): Promise<void> {
	requireMethod(req, 'GET');
	sendJson(res, 200, { now: Date.now() });
}

/** `{"title": …}` creates an empty board; a Debrief JSON export creates a board from it. */
async function createBoard(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
	requireMethod(req, 'POST');
	const fields = await readJsonObject(req, '{"title": "..."} or a Debrief export', MAX_IMPORT_BYTES);
	const created = 'format' in fields ? await ctx.boards.import(importedDocuments(parseExportFile(fields))) : await ctx.boards.create({ title: fields.title, timeZone: fields.timeZone });
	sendJson(res, 201, { id: created.id, links: absoluteLinks(req, ctx, created.links) });
}

/** The writeup in one format; any of the board's links may read it (X1). */
async function exportBoard(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, { boardId, format }: Record<string, string>): Promise<void> {
	if (!Object.hasOwn(EXPORT_FORMATS, format)) throw new HttpError(404, 'no such endpoint');
	requireMethod(req, 'GET');
	await requireRole(req, ctx.boards, boardId, ROLES);
	const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
	const body = await ctx.exports.render(boardId, format as ExportFormat, { namesAsRoles: query.get('names') === 'roles', includeNotes: query.get('notes') !== 'exclude' });
	const headers: Record<string, string | number> = {
		'content-type': EXPORT_FORMATS[format as ExportFormat].type,
		'content-length': body.byteLength,
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff',
		'content-disposition': `inline; filename="postmortem-${boardId}.${format}"`
	};
	if (format === 'html') headers['content-security-policy'] = HTML_EXPORT_CSP;
	res.writeHead(200, headers);
	res.end(body);
}

async function access(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, { boardId }: Record<string, string>): Promise<void> {
	requireMethod(req, 'GET');
	const role = await requireRole(req, ctx.boards, boardId, ROLES);
	sendJson(res, 200, { id: boardId, role });
}

async function submitNote(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, { boardId }: Record<string, string>): Promise<void> {
	requireMethod(req, 'POST');
	await requireRole(req, ctx.boards, boardId, ['participant', 'facilitator']);
	const body = await readJsonObject(req, '{"kind": "wrong", "text": "..."}');
	sendJson(res, 202, await ctx.facilitation.submitNote(boardId, body));
}

async function revealNotes(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, { boardId }: Record<string, string>): Promise<void> {
	requireMethod(req, 'POST');
	await requireRole(req, ctx.boards, boardId, ['facilitator']);
	sendJson(res, 200, await ctx.facilitation.revealNotes(boardId));
}

async function castBallot(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, { boardId }: Record<string, string>): Promise<void> {
	requireMethod(req, 'POST');
	await requireRole(req, ctx.boards, boardId, ['participant', 'facilitator']);
	const { voter, round, ballot } = await readJsonObject(req, '{"voter": "...", "round": 1, "ballot": {"<factorId>": 2}}');
	sendJson(res, 200, await ctx.facilitation.castBallot(boardId, voter, round, ballot));
}

async function closeVoting(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, { boardId }: Record<string, string>): Promise<void> {
	requireMethod(req, 'POST');
	await requireRole(req, ctx.boards, boardId, ['facilitator']);
	sendJson(res, 200, await ctx.facilitation.closeVoting(boardId));
}

async function rotateLink(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, { boardId, role }: Record<string, string>): Promise<void> {
	requireMethod(req, 'POST');
	await requireRole(req, ctx.boards, boardId, ['facilitator']);
	if (!(ROLES as readonly string[]).includes(role)) throw new HttpError(400, `no such link: use ${ROLES.join(', ')}`);
	const path = await ctx.boards.rotate(boardId, role as Role);
	ctx.revokeRole(boardId, role as Role);
	sendJson(res, 200, { role, link: absoluteLinks(req, ctx, { [role]: path })[role] });
}

function absoluteLinks(req: IncomingMessage, ctx: ApiContext, links: Partial<Record<Role, string>>): Record<string, string> {
	const origin = ctx.publicOrigin ?? requestOrigin(req) ?? 'http://localhost';
	return Object.fromEntries(Object.entries(links).map(([role, path]) => [role, origin + path]));
}
