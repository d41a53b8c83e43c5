/**
 * Authentication at the websocket upgrade (A1–A4 in docs/protocol.md): nothing about a
 * board is sent before the path, the origin and the key have been checked.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { SYNC_PATH_PREFIX, parseSyncPath, type Role, type SyncTarget } from '../src/lib/sync/protocol.ts';
import type { BoardService } from './boards.ts';
import { originAllowed, type OriginPolicy } from './origin.ts';

export type UpgradeDecision =
	| { ok: true; target: SyncTarget; role: Role; protocolVersion: number | null }
	| { ok: false; status: number; message: string }
	/** Not a Debrief path (e.g. Vite's HMR socket): leave it alone. */
	| { ok: 'ignore' };

/** A2: the same origin rule as the API's (W5). */
export type UpgradePolicy = OriginPolicy;

export async function decideUpgrade(req: IncomingMessage, boards: BoardService, policy: UpgradePolicy): Promise<UpgradeDecision> {
	const url = new URL(req.url ?? '/', 'http://localhost');
	if (!url.pathname.startsWith(SYNC_PATH_PREFIX)) return { ok: 'ignore' };
	const target = parseSyncPath(url.pathname);
	if (!target) return { ok: false, status: 404, message: 'no such board' };
	if (!originAllowed(req, policy)) {
		return { ok: false, status: 403, message: 'origin not allowed' };
	}
	let role: Role | null | undefined;
	try {
		role = await boards.authorize(target.boardId, url.searchParams.get('key'));
	} catch {
		return { ok: false, status: 503, message: 'board storage unavailable' };
	}
	if (role === undefined) return { ok: false, status: 404, message: 'no such board' };
	if (role === null) return { ok: false, status: 403, message: 'missing or wrong key' };
	const v = url.searchParams.get('v');
	return { ok: true, target, role, protocolVersion: v === null ? null : Number(v) };
}

export function rejectUpgrade(socket: Duplex, status: number, message: string): void {
	const body = `${message}\n`;
	socket.end(
		`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
			'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
			`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
	);
}
