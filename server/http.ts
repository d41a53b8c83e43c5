/**
 * The HTTP API next to the pages: health, boards, access checks and the facilitator's
 * server-side actions. Routes are documented in docs/protocol.md. Pages are served by
 * SvelteKit; this answers first and returns false for anything else.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROLES, type Role } from '../src/lib/sync/protocol.ts';
import { InvalidBoardValueError } from '../src/lib/board/errors.ts';
import { InvalidBoardInputError, type BoardService } from './boards.ts';
import type { FacilitationService } from './facilitation.ts';
import { EXPORT_FORMATS, importedDocuments, type ExportFormat, type ExportService } from './export.ts';
import { ExportBusyError, ExportTimeoutError } from './export-renderer.ts';
import { HTML_EXPORT_CSP } from '../src/lib/board/export/html.ts';
import { InvalidExportError, parseExportFile } from '../src/lib/board/export/json.ts';
import type { BoardStore } from './persistence/store.ts';
import { HttpError, readBody, readJsonObject, requireMethod, requireRole, sendJson } from './http-util.ts';
import { describeError, type Logger } from './log.ts';
import { canvasSvg } from './canvas-http.ts';

export interface ApiContext {
	boards: BoardService;
	facilitation: FacilitationService;
	exports: ExportService;
	store: BoardStore;
	log: Logger;
	publicOrigin: string | null;
	/** Loaded rooms, reported by /healthz. */
	roomCount: () => number;
	/** Closes a board's connections that used a role's (now rotated) link. */
	revokeRole: (boardId: string, role: Role) => void;
}

type Handler = (req: IncomingMessage, res: ServerResponse, ctx: ApiContext, params: string[]) => Promise<void>;

/** Board ids in paths are checked again by the services; this only splits the path. */
const ROUTES: Array<[RegExp, Handler]> = [
	[/^\/healthz$/, health],
	[/^\/api\/time$/, time],
	[/^\/api\/boards$/, createBoard],
	[/^\/api\/boards\/([^/]+)\/access$/, access],
	[/^\/api\/boards\/([^/]+)\/export\.(md|html|json)$/, exportBoard],
	[/^\/api\/boards\/([^/]+)\/canvas\.svg$/, canvasSvg],
	[/^\/api\/boards\/([^/]+)\/notes$/, submitNote],
	[/^\/api\/boards\/([^/]+)\/notes\/reveal$/, revealNotes],
	[/^\/api\/boards\/([^/]+)\/votes$/, castBallot],
	[/^\/api\/boards\/([^/]+)\/votes\/close$/, closeVoting],
	[/^\/api\/boards\/([^/]+)\/links\/([^/]+)\/rotate$/, rotateLink]
];

/** Handles an API request and returns true, or returns false for paths that are not the API's. */
export async function handleApiRequest(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<boolean> {
	const path = new URL(req.url ?? '/', 'http://localhost').pathname;
	if (path !== '/healthz' && !path.startsWith('/api/')) return false;
	try {
		const route = ROUTES.map(([pattern, handler]) => [pattern.exec(path), handler] as const).find(([match]) => match);
		if (!route) throw new HttpError(404, 'no such endpoint');
		const [match, handler] = route;
		await handler(req, res, ctx, match!.slice(1).map(decodeURIComponent));
	} catch (error) {
		if (error instanceof HttpError) sendJson(res, error.status, { error: error.message });
		else if (error instanceof InvalidBoardValueError || error instanceof InvalidBoardInputError || error instanceof InvalidExportError) sendJson(res, 400, { error: error.message });
		else {
			ctx.log.error('API request failed', { path, error: describeError(error) });
			sendJson(res, 503, { error: 'storage unavailable, try again' });
		}
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

/** Imports carry a whole board, so they may be larger than other bodies. */
const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

/** `{"title": …}` creates an empty board; a Debrief JSON export creates a board from it. */
async function createBoard(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
	requireMethod(req, 'POST');
	const text = (await readBody(req, MAX_IMPORT_BYTES)).toString('utf8');
	let body: unknown = {};
	try {
		if (text.trim()) body = JSON.parse(text);
	} catch {
		throw new HttpError(400, 'body is not valid JSON');
	}
	if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'body must be a JSON object such as {"title": "..."} or a Debrief export');
	const fields = body as Record<string, unknown>;
	const created = 'format' in fields ? await ctx.boards.import(importedDocuments(parseExportFile(fields))) : await ctx.boards.create({ title: fields.title, timeZone: fields.timeZone });
	sendJson(res, 201, { id: created.id, links: absoluteLinks(req, ctx, created.links) });
}

/** The writeup in one format; any of the board's links may read it (X1). */
async function exportBoard(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, [boardId, format]: string[]): Promise<void> {
	requireMethod(req, 'GET');
	await requireRole(req, ctx.boards, boardId, ROLES);
	const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
	const body = await ctx.exports.render(boardId, format as ExportFormat, { namesAsRoles: query.get('names') === 'roles', includeNotes: query.get('notes') !== 'exclude' }).catch((error: unknown) => {
		if (!(error instanceof ExportTimeoutError || error instanceof ExportBusyError)) throw error;
		ctx.log.warn('export not rendered', { boardId, format, reason: error.message });
		throw new HttpError(503, error.message);
	});
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

async function access(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, [boardId]: string[]): Promise<void> {
	requireMethod(req, 'GET');
	const role = await requireRole(req, ctx.boards, boardId, ROLES);
	sendJson(res, 200, { id: boardId, role });
}

async function submitNote(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, [boardId]: string[]): Promise<void> {
	requireMethod(req, 'POST');
	await requireRole(req, ctx.boards, boardId, ['participant', 'facilitator']);
	const body = await readJsonObject(req, '{"kind": "wrong", "text": "..."}');
	sendJson(res, 202, await ctx.facilitation.submitNote(boardId, body));
}

async function revealNotes(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, [boardId]: string[]): Promise<void> {
	requireMethod(req, 'POST');
	await requireRole(req, ctx.boards, boardId, ['facilitator']);
	sendJson(res, 200, await ctx.facilitation.revealNotes(boardId));
}

async function castBallot(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, [boardId]: string[]): Promise<void> {
	requireMethod(req, 'POST');
	await requireRole(req, ctx.boards, boardId, ['participant', 'facilitator']);
	const { voter, round, ballot } = await readJsonObject(req, '{"voter": "...", "round": 1, "ballot": {"<factorId>": 2}}');
	sendJson(res, 200, await ctx.facilitation.castBallot(boardId, voter, round, ballot));
}

async function closeVoting(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, [boardId]: string[]): Promise<void> {
	requireMethod(req, 'POST');
	await requireRole(req, ctx.boards, boardId, ['facilitator']);
	sendJson(res, 200, await ctx.facilitation.closeVoting(boardId));
}

async function rotateLink(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, [boardId, role]: string[]): Promise<void> {
	requireMethod(req, 'POST');
	await requireRole(req, ctx.boards, boardId, ['facilitator']);
	if (role !== 'participant' && role !== 'observer') throw new HttpError(400, 'only the participant and observer links can be rotated');
	const path = await ctx.boards.rotate(boardId, role);
	ctx.revokeRole(boardId, role);
	sendJson(res, 200, { role, link: absoluteLinks(req, ctx, { [role]: path })[role] });
}

function absoluteLinks(req: IncomingMessage, ctx: ApiContext, links: Partial<Record<Role, string>>): Record<string, string> {
	const origin = ctx.publicOrigin ?? `http://${req.headers.host ?? 'localhost'}`;
	return Object.fromEntries(Object.entries(links).map(([role, path]) => [role, origin + path]));
}
