/**
 * Authentication at the websocket upgrade (A1–A4 in docs/protocol.md): nothing about a
 * board is sent before the path, the origin and the key have been checked.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { parseSyncPath, type Role, type SyncTarget } from '../../src/lib/sync/protocol/constants.ts';
import { originAllowed, type OriginPolicy } from './origin.ts';

export type UpgradeDecision =
	| { ok: true; target: SyncTarget; role: Role; protocolVersion: number | null }
	/** `guess`: an unknown board or a wrong key, what guessing looks like (L9). */
	| { ok: false; status: number; message: string; guess?: { boardId: string; key: string | null } };

/** The one question the upgrade asks the board service; kept structural so sync/ does not import services/. */
export interface KeyChecker {
	/** The key's role on the board, null for a wrong key, undefined for an unknown board. */
	authorize(boardId: string, key: string | null): Promise<Role | null | undefined>;
}

/** A2: the same origin rule as the API's (W5). */
export type UpgradePolicy = OriginPolicy;

/** Only called for paths under SYNC_PATH_PREFIX: the caller leaves other sockets (Vite's HMR) alone. */
export async function decideUpgrade(req: IncomingMessage, boards: KeyChecker, policy: UpgradePolicy): Promise<UpgradeDecision> {
	const url = new URL(req.url ?? '/', 'http://localhost');
	const target = parseSyncPath(url.pathname);
	if (!target) return { ok: false, status: 404, message: 'no such board' };
	if (!originAllowed(req, policy)) {
		return { ok: false, status: 403, message: 'origin not allowed' };
	}
	let role: Role | null | undefined;
	const key = url.searchParams.get('key');
	try {
		role = await boards.authorize(target.boardId, key);
	} catch {
		return { ok: false, status: 503, message: 'board storage unavailable' };
	}
	const guess = { boardId: target.boardId, key };
	if (role === undefined) return { ok: false, status: 404, message: 'no such board', guess };
	if (role === null) return { ok: false, status: 403, message: 'missing or wrong key', guess };
	const v = url.searchParams.get('v');
	return { ok: true, target, role, protocolVersion: v === null ? null : Number(v) };
}

export function rejectUpgrade(socket: Duplex, status: number, message: string, headers: Record<string, string> = {}): void {
	const body = `${message}\n`;
	const extra = Object.entries(headers)
		.map(([name, value]) => `${name}: ${value}\r\n`)
		.join('');
	socket.end(
		`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
			`Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n${extra}` +
			`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
	);
}
