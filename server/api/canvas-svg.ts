/**
 * `/api/boards/<id>/canvas.svg`: the picture of the factor canvas for the writeup
 * (docs/protocol.md, "Canvas picture"). A writing participant's browser renders it with
 * tldraw after canvas changes and PUTs it; the server sanitises and stores it as the board's
 * `canvas-svg` blob, so exports have it even when no browser is open. Anyone with a link GETs
 * it, served with a CSP under which even a missed script could not run or fetch anything.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext } from './context.ts';
import { MAX_CANVAS_SVG_BYTES } from '../../src/lib/sync/protocol/limits.ts';
import { HttpError, readBody, requireRole } from './http-util.ts';
import { sanitizeSvg } from '../services/svg.ts';

export const CANVAS_SVG_BLOB = 'canvas-svg';
export const CANVAS_SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

export async function canvasSvg(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, { boardId }: Record<string, string>): Promise<void> {
	if (req.method === 'PUT') return putCanvasSvg(req, res, ctx, boardId);
	if (req.method === 'GET' || req.method === 'HEAD') return getCanvasSvg(req, res, ctx, boardId);
	res.setHeader('allow', 'GET, HEAD, PUT');
	throw new HttpError(405, 'use GET to read the canvas picture or PUT to replace it');
}

async function putCanvasSvg(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, boardId: string): Promise<void> {
	// Observers may look, never write (the same rule as for the board itself).
	await requireRole(req, ctx.boards, boardId, ['facilitator', 'participant']);
	const body = await readBody(req, MAX_CANVAS_SVG_BYTES);
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(body);
	} catch {
		throw new HttpError(400, 'the picture must be UTF-8 text');
	}
	// Not an SVG document: InvalidInputError, answered 400 by the router.
	const clean = sanitizeSvg(text);
	await ctx.store.putBlob(boardId, CANVAS_SVG_BLOB, new TextEncoder().encode(clean));
	res.writeHead(204, { 'cache-control': 'no-store' });
	res.end();
}

async function getCanvasSvg(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, boardId: string): Promise<void> {
	await requireRole(req, ctx.boards, boardId, ['facilitator', 'participant', 'observer']);
	const svg = await ctx.store.getBlob(boardId, CANVAS_SVG_BLOB);
	if (!svg) throw new HttpError(404, 'no canvas picture yet: it is saved after the canvas is first changed');
	res.writeHead(200, {
		'content-type': 'image/svg+xml',
		'content-length': svg.byteLength,
		'content-security-policy': CANVAS_SVG_CSP,
		'x-content-type-options': 'nosniff',
		'cache-control': 'no-store'
	});
	res.end(req.method === 'HEAD' ? undefined : svg);
}
