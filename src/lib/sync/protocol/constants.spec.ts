import { describe, expect, it } from 'vitest';
import { CloseCode, CloseReason, boardLinkPath, canWrite, parseSyncPath, secretFromHash } from './constants.ts';

describe('wire contract', () => {
	it('parses sync paths (P1)', () => {
		expect(parseSyncPath('/sync/AbCdEfGh12345678')).toEqual({ boardId: 'AbCdEfGh12345678', docName: 'board' });
		expect(parseSyncPath('/sync/short')).toBeNull();
		expect(parseSyncPath('/sync/../../etc/passwd')).toBeNull();
		expect(parseSyncPath('/other/AbCdEfGh12345678')).toBeNull();
		expect(parseSyncPath('/sync/AbCdEfGh12345678/control')).toEqual({ boardId: 'AbCdEfGh12345678', docName: 'control' });
		expect(parseSyncPath('/sync/AbCdEfGh12345678/board')).toBeNull();
		expect(parseSyncPath('/sync/AbCdEfGh12345678/control/x')).toBeNull();
		expect(parseSyncPath('/sync/AbCdEfGh12345678/meta')).toBeNull();
	});
	it('round-trips a secret through a link fragment', () => {
		const link = boardLinkPath('AbCdEfGh12345678', 'Mog67e1AnP1XiWAL-yLCpA');
		expect(secretFromHash(link.slice(link.indexOf('#')))).toBe('Mog67e1AnP1XiWAL-yLCpA');
		expect(secretFromHash('#k=')).toBeNull();
		expect(secretFromHash('#k=<script>')).toBeNull();
		expect(secretFromHash('')).toBeNull();
	});
	it('makes observers read-only, and only the facilitator may change the facilitation state (R2, F1)', () => {
		expect(canWrite('observer', 'board')).toBe(false);
		expect(canWrite('participant', 'board')).toBe(true);
		expect(canWrite('facilitator', 'board')).toBe(true);
		expect(canWrite('facilitator', 'control')).toBe(true);
		expect(canWrite('participant', 'control')).toBe(false);
		expect(canWrite('observer', 'control')).toBe(false);
	});

	it('P3: the limit codes are transient, so y-websocket reconnects with backoff (L6, L7, L8)', () => {
		const terminal = (code: number) => code >= 4400 && code < 4500;
		expect(terminal(CloseCode.rateLimited)).toBe(false);
		expect(terminal(CloseCode.tooManyConnections)).toBe(false);
		for (const code of Object.values(CloseCode)) expect(CloseReason[code]).toMatch(/\w/);
	});
});
