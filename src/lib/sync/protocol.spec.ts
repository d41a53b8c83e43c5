import { describe, expect, it } from 'vitest';
import { boardLinkPath, canWrite, parseSyncPath, secretFromHash } from './protocol.ts';

describe('wire contract', () => {
	it('parses sync paths (P1)', () => {
		expect(parseSyncPath('/sync/AbCdEfGh12345678')).toEqual({ boardId: 'AbCdEfGh12345678', docName: 'board' });
		expect(parseSyncPath('/sync/short')).toBeNull();
		expect(parseSyncPath('/sync/../../etc/passwd')).toBeNull();
		expect(parseSyncPath('/other/AbCdEfGh12345678')).toBeNull();
	});
	it('round-trips a secret through a link fragment', () => {
		const link = boardLinkPath('AbCdEfGh12345678', 'Mog67e1AnP1XiWAL-yLCpA');
		expect(secretFromHash(link.slice(link.indexOf('#')))).toBe('Mog67e1AnP1XiWAL-yLCpA');
		expect(secretFromHash('#k=')).toBeNull();
		expect(secretFromHash('#k=<script>')).toBeNull();
		expect(secretFromHash('')).toBeNull();
	});
	it('makes observers read-only', () => {
		expect(canWrite('observer')).toBe(false);
		expect(canWrite('participant')).toBe(true);
		expect(canWrite('facilitator')).toBe(true);
	});
});
