/**
 * Hands the running server's services to SvelteKit's server code (form actions, page
 * loads). The SvelteKit build bundles its own copy of modules, so the hand-over goes
 * through one well-known global symbol rather than a module variable.
 */
import type { BoardService, CreatedBoard } from './services/boards.ts';

export interface ServerContext {
	boards: BoardService;
	/** Creates a board from a Debrief JSON export; throws InvalidInputError with the reason. */
	importBoard(exportFile: unknown): Promise<CreatedBoard>;
	/** TLDRAW_LICENSE_KEY, handed to the canvas by the board page; null when not configured. */
	tldrawLicenseKey: string | null;
}

const KEY = Symbol.for('debrief.server-context');

export function setServerContext(context: ServerContext): void {
	(globalThis as Record<symbol, unknown>)[KEY] = context;
}

export function getServerContext(): ServerContext {
	const context = (globalThis as Record<symbol, unknown>)[KEY] as ServerContext | undefined;
	if (!context) throw new Error('Debrief server context missing: start the app with `npm start` or `npm run dev`');
	return context;
}
