/**
 * What the facilitator's panel needs from the server beyond the control document:
 * anonymous notes and hidden votes (held here until revealed, never in a CRDT before that),
 * and link rotation. Rule IDs (F…) are in docs/protocol.md.
 */
import type * as Y from 'yjs';
import { appendRevealedNotes, shuffled, validateNote } from '../../src/lib/board/notes.ts';
import { type AnonymousNote } from '../../src/lib/board/types.ts';
import { publishResults, readControl, setBallotCount, setPendingNotes, tally, validateBallot, type Ballot } from '../../src/lib/board/control.ts';
import { readFactors } from '../../src/lib/board/factors.ts';
import { InvalidInputError } from '../../src/lib/board/errors.ts';
import type { DocName } from '../../src/lib/sync/protocol/constants.ts';
import type { BoardStore } from '../persistence/store.ts';
import { KeyedQueue } from '../persistence/keyed-queue.ts';
import type { RoomRegistry } from '../sync/rooms.ts';

/** Notes wait here until the reveal; more than this many is not a silent-writing phase. */
export const MAX_PENDING_NOTES = 300;
const NOTES_BLOB = 'pending-notes';
const BALLOTS_BLOB = 'ballots';
const VOTER_ID = /^[A-Za-z0-9_-]{8,64}$/;

interface HeldBallots {
	round: number;
	ballots: Record<string, Ballot>;
}

export class FacilitationService {
	readonly #store: BoardStore;
	readonly #rooms: RoomRegistry;
	/** One operation per board at a time, so counts and held data never race. */
	readonly #queue = new KeyedQueue();

	constructor(store: BoardStore, rooms: RoomRegistry) {
		this.#store = store;
		this.#rooms = rooms;
	}

	/** F4: a note is held without its author; only a count reaches the control document. */
	submitNote(boardId: string, input: unknown): Promise<{ pending: number }> {
		const note = validateNote(input);
		return this.#queue.run(boardId, async () => {
			const notes = await this.#readJson<AnonymousNote[]>(boardId, NOTES_BLOB, []);
			if (notes.length >= MAX_PENDING_NOTES) throw new InvalidInputError(`at most ${MAX_PENDING_NOTES} notes can wait for the reveal`);
			notes.push(note);
			await this.#writeJson(boardId, NOTES_BLOB, notes);
			await this.#change(boardId, 'control', (doc) => setPendingNotes(doc, notes.length));
			return { pending: notes.length };
		});
	}

	/** F5: the held notes go onto the board, shuffled, written by the server — then are forgotten. */
	revealNotes(boardId: string): Promise<{ revealed: number }> {
		return this.#queue.run(boardId, async () => {
			const notes = await this.#readJson<AnonymousNote[]>(boardId, NOTES_BLOB, []);
			if (notes.length > 0) await this.#change(boardId, 'board', (doc) => appendRevealedNotes(doc, shuffled(notes)));
			await this.#store.deleteBlob(boardId, NOTES_BLOB);
			await this.#change(boardId, 'control', (doc) => setPendingNotes(doc, 0));
			return { revealed: notes.length };
		});
	}

	/** F6: a ballot for the open round replaces that voter's earlier one; nobody sees it until close. */
	castBallot(boardId: string, voterId: unknown, round: unknown, ballot: unknown): Promise<{ ballots: number }> {
		if (typeof voterId !== 'string' || !VOTER_ID.test(voterId)) throw new InvalidInputError('voter must be an id of 8–64 letters, digits, - or _');
		return this.#queue.run(boardId, async () => {
			const voting = await this.#read(boardId, 'control', (doc) => readControl(doc).voting);
			if (!voting.open) throw new InvalidInputError('no vote is open');
			if (round !== voting.round) throw new InvalidInputError('that vote is closed; a new round has started');
			const factorIds = await this.#read(boardId, 'board', (doc) => new Set(readFactors(doc).map((f) => f.id)));
			const clean = validateBallot(ballot, voting.votesPerPerson, factorIds);
			const held = await this.#readJson<HeldBallots>(boardId, BALLOTS_BLOB, { round: voting.round, ballots: {} });
			const current = held.round === voting.round ? held : { round: voting.round, ballots: {} };
			current.ballots[voterId] = clean;
			await this.#writeJson(boardId, BALLOTS_BLOB, current);
			const count = Object.keys(current.ballots).length;
			await this.#change(boardId, 'control', (doc) => setBallotCount(doc, count));
			return { ballots: count };
		});
	}

	/** F6: closing publishes only the totals per factor, and drops the ballots. */
	closeVoting(boardId: string): Promise<{ results: Record<string, number> }> {
		return this.#queue.run(boardId, async () => {
			const voting = await this.#read(boardId, 'control', (doc) => readControl(doc).voting);
			const held = await this.#readJson<HeldBallots>(boardId, BALLOTS_BLOB, { round: voting.round, ballots: {} });
			const results = held.round === voting.round ? tally(Object.values(held.ballots)) : {};
			await this.#change(boardId, 'control', (doc) => publishResults(doc, results));
			await this.#store.deleteBlob(boardId, BALLOTS_BLOB);
			return { results };
		});
	}

	#change(boardId: string, docName: DocName, change: (doc: Y.Doc) => void): Promise<void> {
		return this.#rooms.withRoom(boardId, docName, (room) => room.applyServerChange(change));
	}

	#read<T>(boardId: string, docName: DocName, reader: (doc: Y.Doc) => T): Promise<T> {
		return this.#rooms.withRoom(boardId, docName, (room) => room.read(reader));
	}

	async #readJson<T>(boardId: string, name: string, fallback: T): Promise<T> {
		const bytes = await this.#store.getBlob(boardId, name);
		if (!bytes) return fallback;
		try {
			return JSON.parse(new TextDecoder().decode(bytes)) as T;
		} catch {
			return fallback;
		}
	}

	#writeJson(boardId: string, name: string, value: unknown): Promise<void> {
		return this.#store.putBlob(boardId, name, new TextEncoder().encode(JSON.stringify(value)));
	}
}
