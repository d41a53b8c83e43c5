/** Creating boards and checking the secrets of their links. */
import * as Y from 'yjs';
import { initBoard, MAX_TITLE_LENGTH } from '../src/lib/board/schema.ts';
import { boardLinkPath, BOARD_ID_PATTERN, ROLES, type DocName, type Role } from '../src/lib/sync/protocol.ts';
import type { BoardMeta, BoardStore } from './persistence/store.ts';
import { hashSecret, randomToken, roleForSecret } from './secrets.ts';

export interface CreatedBoard {
	id: string;
	/** Path-and-fragment links (`/b/<id>#k=<secret>`), one per role. */
	links: Record<Role, string>;
}

/** Bad input for a new board (title, time zone); the message is shown to the user. */
export class InvalidBoardInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InvalidBoardInputError';
	}
}

export const DEFAULT_TITLE = 'Untitled postmortem';

/** Validates a title from a form or an API call; blank means the default title. */
export function normaliseTitle(input: unknown): string {
	if (input === undefined || input === null) return DEFAULT_TITLE;
	if (typeof input !== 'string') throw new InvalidBoardInputError('title must be a string');
	// Control characters would render invisibly and confuse exports.
	const cleaned = input.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
	if (cleaned.length > MAX_TITLE_LENGTH) throw new InvalidBoardInputError(`title must be at most ${MAX_TITLE_LENGTH} characters`);
	return cleaned || DEFAULT_TITLE;
}

/** A creator's time zone becomes the board's; anything but a known IANA zone is refused. */
export function normaliseTimeZone(input: unknown): string {
	if (input === undefined || input === null || input === '') return 'UTC';
	if (typeof input !== 'string' || input.length > 64) throw new InvalidBoardInputError('timeZone must be an IANA time zone name');
	try {
		return new Intl.DateTimeFormat('en-US', { timeZone: input }).resolvedOptions().timeZone;
	} catch {
		throw new InvalidBoardInputError(`unknown time zone: ${input}`);
	}
}

export interface NewBoardInput {
	title?: unknown;
	timeZone?: unknown;
}

export class BoardService {
	readonly #store: BoardStore;

	constructor(store: BoardStore) {
		this.#store = store;
	}

	async create(input: NewBoardInput = {}): Promise<CreatedBoard> {
		const title = normaliseTitle(input.title);
		const timeZone = normaliseTimeZone(input.timeZone);
		const doc = new Y.Doc();
		initBoard(doc, { title, timeZone });
		const initial = Y.encodeStateAsUpdate(doc);
		doc.destroy();
		return this.#createWith({ board: initial });
	}

	/** A new board whose documents start from an imported export (see server/export.ts). */
	import(documents: { board: Uint8Array; control: Uint8Array }): Promise<CreatedBoard> {
		return this.#createWith(documents);
	}

	async #createWith(documents: Partial<Record<DocName, Uint8Array>>): Promise<CreatedBoard> {
		const id = randomToken();
		const secrets = Object.fromEntries(ROLES.map((role) => [role, randomToken()])) as Record<Role, string>;
		// The documents go first: a board whose metadata exists always has its initial state.
		for (const [docName, update] of Object.entries(documents)) await this.#store.appendUpdate(id, docName, update);
		const meta: BoardMeta = {
			id,
			createdAt: new Date().toISOString(),
			secretHashes: Object.fromEntries(ROLES.map((role) => [role, hashSecret(secrets[role])])) as Record<Role, string>
		};
		await this.#store.createBoard(meta);
		const links = Object.fromEntries(ROLES.map((role) => [role, boardLinkPath(id, secrets[role])])) as Record<Role, string>;
		return { id, links };
	}

	/**
	 * Replaces a role's secret (F7): the old link stops working at once. Returns the new
	 * link path; the caller closes the connections that used the old secret.
	 */
	async rotate(id: string, role: Role): Promise<string> {
		const meta = await this.#store.getBoard(id);
		if (!meta) throw new Error(`no board with id ${id}`);
		const secret = randomToken();
		await this.#store.updateBoard({ ...meta, secretHashes: { ...meta.secretHashes, [role]: hashSecret(secret) } });
		return boardLinkPath(id, secret);
	}

	async exists(id: string): Promise<boolean> {
		if (!BOARD_ID_PATTERN.test(id)) return false;
		return (await this.#store.getBoard(id)) !== null;
	}

	/** The role the secret grants, null for a wrong secret, undefined for an unknown board. */
	async authorize(id: string, secret: string | null): Promise<Role | null | undefined> {
		if (!BOARD_ID_PATTERN.test(id)) return undefined;
		const meta = await this.#store.getBoard(id);
		if (!meta) return undefined;
		return roleForSecret(meta, secret);
	}
}
