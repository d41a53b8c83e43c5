import { describe, expect, it } from 'vitest';
import { apiPath, matchRoute } from './http.ts';

describe('API paths', () => {
	it('matches every path the browser builds, with its parameters', () => {
		expect(matchRoute(apiPath('time'))).toEqual({ route: 'time', params: {} });
		expect(matchRoute(apiPath('access', { boardId: 'abc_DEF-12' }))).toEqual({ route: 'access', params: { boardId: 'abc_DEF-12' } });
		expect(matchRoute(apiPath('export', { boardId: 'b0ard123', format: 'md' }))).toEqual({ route: 'export', params: { boardId: 'b0ard123', format: 'md' } });
		expect(matchRoute(apiPath('canvasSvg', { boardId: 'b0ard123' }))?.route).toBe('canvasSvg');
		expect(matchRoute(apiPath('rotateLink', { boardId: 'b0ard123', role: 'observer' }))).toEqual({ route: 'rotateLink', params: { boardId: 'b0ard123', role: 'observer' } });
		expect(matchRoute(apiPath('revealNotes', { boardId: 'b0ard123' }))?.route).toBe('revealNotes');
		for (const route of ['notes', 'votes', 'closeVoting'] as const) expect(matchRoute(apiPath(route, { boardId: 'b0ard123' }))).toEqual({ route, params: { boardId: 'b0ard123' } });
	});

	it('encodes parameters and matches nothing else', () => {
		expect(apiPath('access', { boardId: 'a/b' })).toBe('/api/boards/a%2Fb/access');
		expect(matchRoute('/api/boards/x/nope')).toBeNull();
		expect(matchRoute('/api/boards/%E0%A4%A/access')).toBeNull();
	});
});
