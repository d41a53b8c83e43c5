/** Loads rooms on first connection and forgets them once they have unloaded. */
import { DOC_NAMES, type DocName } from '../../src/lib/sync/protocol/constants.ts';
import type { BoardStore } from '../persistence/store.ts';
import { Room, type RoomOptions } from './room.ts';
import type { Logger } from '../log.ts';

export class RoomRegistry {
	readonly #rooms = new Map<string, Promise<Room>>();
	readonly #store: BoardStore;
	readonly #log: Logger;
	readonly #options: RoomOptions;

	constructor(store: BoardStore, log: Logger, options: RoomOptions) {
		this.#store = store;
		this.#log = log;
		this.#options = options;
	}

	get size(): number {
		return this.#rooms.size;
	}

	/** The loaded room, loading it if needed. Concurrent callers share one load. */
	acquire(boardId: string, docName: DocName): Promise<Room> {
		const key = `${boardId}/${docName}`;
		const existing = this.#rooms.get(key);
		if (existing) return existing;
		const loading = Room.load(boardId, docName, this.#store, this.#log, this.#options).then(
			(room) => {
				room.onClosed = () => {
					if (this.#rooms.get(key) === loading) this.#rooms.delete(key);
				};
				return room;
			},
			(error: unknown) => {
				// A failed load leaves nothing behind; the next connection tries again (R3).
				this.#rooms.delete(key);
				throw error;
			}
		);
		this.#rooms.set(key, loading);
		return loading;
	}

	/**
	 * Runs `work` on the loaded room, then lets the room unload if no peer joined meanwhile, so
	 * a server-side read or change does not keep a document in memory.
	 */
	async withRoom<T>(boardId: string, docName: DocName, work: (room: Room) => Promise<T>): Promise<T> {
		const room = await this.acquire(boardId, docName);
		try {
			return await work(room);
		} finally {
			room.releaseIfIdle();
		}
	}

	/** The boards with a document loaded here. */
	boardIds(): string[] {
		return [...new Set([...this.#rooms.keys()].map((key) => key.split('/')[0]))];
	}

	/** Whether any document of the board is loaded here. */
	hasBoard(boardId: string): boolean {
		return DOC_NAMES.some((docName) => this.#rooms.has(`${boardId}/${docName}`));
	}

	/** Makes every loaded document of the board check that storage still has it (R6). */
	async verifyStored(boardId: string): Promise<void> {
		for (const docName of DOC_NAMES) {
			const room = await this.#rooms.get(`${boardId}/${docName}`)?.catch(() => null);
			if (room && !room.closed) await room.verifyStored();
		}
	}

	/** Every loaded room, for shutdown and for closing a board's connections. */
	async loaded(): Promise<Room[]> {
		const settled = await Promise.allSettled(this.#rooms.values());
		return settled.flatMap((result) => (result.status === 'fulfilled' && !result.value.closed ? [result.value] : []));
	}
}
