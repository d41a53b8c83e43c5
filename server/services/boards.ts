/** Creating boards and checking the secrets of their links. */
import * as Y from 'yjs';
import { InvalidInputError } from '../../src/lib/board/errors.ts';
import { initBoard, MAX_TITLE_LENGTH } from '../../src/lib/board/schema.ts';
import { boardLinkPath, BOARD_ID_PATTERN, ROLES, type DocName, type Role } from '../../src/lib/sync/protocol/constants.ts';
import { BoardExistsError, type BoardMeta, type BoardStore } from '../persistence/store.ts';
import { hashSecret, randomToken, roleForSecret } from './secrets.ts';
import { withDeadline } from '../sync/deadline.ts';
import { describeError, type Logger } from '../log.ts';

export interface CreatedBoard {
	id: string;
	/** Path-and-fragment links (`/b/<id>#k=<secret>`), one per role. */
	links: Record<Role, string>;
}

export const DEFAULT_TITLE = 'Untitled postmortem';

/** Validates a title from a form or an API call; blank means the default title. */
export function normaliseTitle(input: unknown): string {
	if (input === undefined || input === null) return DEFAULT_TITLE;
	if (typeof input !== 'string') throw new InvalidInputError('title must be a string');
	// Control characters would render invisibly and confuse exports.
	const cleaned = input.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
	if (cleaned.length > MAX_TITLE_LENGTH) throw new InvalidInputError(`title must be at most ${MAX_TITLE_LENGTH} characters`);
	return cleaned || DEFAULT_TITLE;
}

/** A creator's time zone becomes the board's; anything but a known IANA zone is refused. */
export function normaliseTimeZone(input: unknown): string {
	if (input === undefined || input === null || input === '') return 'UTC';
	if (typeof input !== 'string' || input.length > 64) throw new InvalidInputError('timeZone must be an IANA time zone name');
	try {
		return new Intl.DateTimeFormat('en-US', { timeZone: input }).resolvedOptions().timeZone;
	} catch {
		throw new InvalidInputError(`unknown time zone: ${input}`);
	}
}

export interface NewBoardInput {
	title?: unknown;
	timeZone?: unknown;
}

export interface BoardServiceOptions {
	/** Longest a metadata read may take before it counts as failed (D1). */
	storageTimeoutMs?: number;
	log?: Logger;
}

/** How many boards' metadata are remembered, to answer while storage hangs and to restore it. */
const KNOWN_BOARDS = 10_000;

export class BoardService {
	readonly #store: BoardStore;
	readonly #timeoutMs: number;
	readonly #log: Logger | undefined;
	/** Metadata last read or written, most recent last (R6, D1). */
	readonly #known = new Map<string, BoardMeta>();
	/** Whether a document of the board is loaded here (set by the server core). */
	isOpenHere: (id: string) => boolean = () => false;
	/** Told when storage lost an open board's metadata: its rooms write the board back (R6). */
	onLost: (id: string) => void = () => {};

	constructor(store: BoardStore, options: BoardServiceOptions = {}) {
		this.#store = store;
		this.#timeoutMs = options.storageTimeoutMs ?? 3000;
		this.#log = options.log;
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

	/** A new board whose documents start from an imported export (see services/export.ts). */
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
		this.#remember(meta);
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
		const rotated = { ...meta, secretHashes: { ...meta.secretHashes, [role]: hashSecret(secret) } };
		await this.#store.updateBoard(rotated);
		this.#remember(rotated);
		return boardLinkPath(id, secret);
	}

	async exists(id: string): Promise<boolean> {
		if (!BOARD_ID_PATTERN.test(id)) return false;
		return (await this.#meta(id)) !== null;
	}

	/** The role the secret grants, null for a wrong secret, undefined for an unknown board. */
	async authorize(id: string, secret: string | null): Promise<Role | null | undefined> {
		if (!BOARD_ID_PATTERN.test(id)) return undefined;
		const meta = await this.#meta(id);
		if (!meta) return undefined;
		return roleForSecret(meta, secret);
	}

	/**
	 * Writes a board's metadata back when storage lost it (R6), from what this server last
	 * knew. Called by a room that found its log gone; a no-op when the metadata is there.
	 */
	async restore(id: string): Promise<void> {
		const known = this.#known.get(id);
		if (!known || (await withDeadline(this.#store.getBoard(id), this.#timeoutMs, 'reading board metadata'))) return;
		try {
			await withDeadline(this.#store.createBoard(known), this.#timeoutMs, 'restoring board metadata');
			this.#log?.warn('board metadata was missing from storage; restored it', { board: id });
		} catch (error) {
			if (!(error instanceof BoardExistsError)) throw error;
		}
	}

	/**
	 * A board's metadata from storage, within the deadline (D1). While storage fails or hangs,
	 * a board open here is answered from memory, so its running meeting can still be joined.
	 */
	async #meta(id: string): Promise<BoardMeta | null> {
		try {
			const meta = await withDeadline(this.#store.getBoard(id), this.#timeoutMs, 'reading board metadata');
			if (meta) this.#remember(meta);
			else if (this.#known.has(id) && this.isOpenHere(id)) {
				this.onLost(id);
				await this.restore(id);
				return this.#known.get(id)!;
			}
			return meta;
		} catch (error) {
			const known = this.#known.get(id);
			if (!known || !this.isOpenHere(id)) throw error;
			this.#log?.warn('storage did not answer; using the board metadata last read', { board: id, error: describeError(error) });
			return known;
		}
	}

	#remember(meta: BoardMeta): void {
		this.#known.delete(meta.id);
		this.#known.set(meta.id, meta);
		if (this.#known.size > KNOWN_BOARDS) this.#known.delete(this.#known.keys().next().value!);
	}
}
