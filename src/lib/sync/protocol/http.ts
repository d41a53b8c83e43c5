/**
 * The HTTP API's paths, defined once: the browser builds URLs with `apiPath(…)`, the server's
 * router matches requests with `matchRoute(…)` against the same templates (docs/protocol.md,
 * "HTTP API"). A `:name` segment is a parameter, URI-encoded when built and decoded when matched.
 */

export const API_ROUTES = {
	health: '/healthz',
	time: '/api/time',
	boards: '/api/boards',
	access: '/api/boards/:boardId/access',
	export: '/api/boards/:boardId/export.:format',
	canvasSvg: '/api/boards/:boardId/canvas.svg',
	notes: '/api/boards/:boardId/notes',
	revealNotes: '/api/boards/:boardId/notes/reveal',
	votes: '/api/boards/:boardId/votes',
	closeVoting: '/api/boards/:boardId/votes/close',
	rotateLink: '/api/boards/:boardId/links/:role/rotate'
} as const;

export type ApiRoute = keyof typeof API_ROUTES;

/** The parameter names of a template, e.g. 'boardId' | 'format'. */
type Params<T extends string> = T extends `${string}:${infer Name}/${infer Rest}`
	? Name | Params<`/${Rest}`>
	: T extends `${string}:${infer Name}.${infer Rest}`
		? Name | Params<`.${Rest}`>
		: T extends `${string}:${infer Name}`
			? Name
			: never;

export type RouteParams<R extends ApiRoute> = Record<Params<(typeof API_ROUTES)[R]>, string>;

const PARAM = /:([A-Za-z]+)/g;

/** The path of an endpoint, e.g. `apiPath('access', { boardId })`. */
export function apiPath<R extends ApiRoute>(route: R, ...[params]: Params<(typeof API_ROUTES)[R]> extends never ? [] : [RouteParams<R>]): string {
	const values = (params ?? {}) as Record<string, string>;
	return API_ROUTES[route].replace(PARAM, (_, name: string) => encodeURIComponent(values[name]));
}

const MATCHERS = Object.entries(API_ROUTES).map(([route, template]) => {
	const names = [...template.matchAll(PARAM)].map((m) => m[1]);
	const source = template
		.split(PARAM)
		.map((part, i) => (i % 2 === 1 ? '([^/]+?)' : part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
		.join('');
	return { route: route as ApiRoute, names, pattern: new RegExp(`^${source}$`) };
});

/** The endpoint a path names and its decoded parameters, or null for any other path. */
export function matchRoute(pathname: string): { route: ApiRoute; params: Record<string, string> } | null {
	for (const { route, names, pattern } of MATCHERS) {
		const match = pattern.exec(pathname);
		if (!match) continue;
		try {
			return { route, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])])) };
		} catch {
			return null; // not percent-encoding: no endpoint has such a path
		}
	}
	return null;
}
