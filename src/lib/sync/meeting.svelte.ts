/**
 * One person's view of the live meeting: the facilitation state, the server clock, whether
 * they follow the facilitator's spotlight, their own ballot and their own anonymous notes
 * (kept only in this browser: the server holds notes without authors).
 */
import { remainingMs, type ControlState } from '../board/control.ts';
import type { SectionId } from '../board/sections.ts';
import type { AnonymousNote } from '../board/types.ts';
import { ControlConnection, voterId } from './control-connection.svelte.ts';
import { ServerClock } from './server-clock.svelte.ts';
import type { BoardConnection } from './connection.svelte.ts';
import { secretFromHash, type Role } from './protocol/constants.ts';

export class Meeting {
	readonly control: ControlConnection;
	readonly clock = new ServerClock();
	readonly #board: BoardConnection;
	#following = $state(true);
	#ballot = $state<Record<string, number>>({});
	#ballotRound = $state(0);
	#myNotes = $state<AnonymousNote[]>([]);
	#error = $state<string | null>(null);

	constructor(board: BoardConnection, key: string) {
		this.#board = board;
		this.control = new ControlConnection(board.boardId, key, board.role);
		this.clock.start();
		this.#myNotes = loadMyNotes(board.boardId);
		board.setPresenceField('following', true);
	}

	get state(): ControlState {
		return this.control.state;
	}
	get isFacilitator(): boolean {
		return this.control.isFacilitator;
	}
	get following(): boolean {
		return this.#following;
	}
	/** Stops or resumes following the facilitator's spotlight; others see it in presence. */
	setFollowing(following: boolean): void {
		this.#following = following;
		this.#board.setPresenceField('following', following);
	}
	/** Milliseconds left on the shared countdown, by the server's clock. */
	get remaining(): number {
		return remainingMs(this.state.timer, this.clock.now);
	}
	isLocked(section: SectionId): boolean {
		return this.state.locks.includes(section);
	}
	/** Locked sections are read-only for everyone but the facilitator (a meeting aid, F8). */
	readOnlyIn(section: SectionId): boolean {
		return this.#board.readOnly || (!this.isFacilitator && this.isLocked(section));
	}
	get error(): string | null {
		return this.#error;
	}
	clearError(): void {
		this.#error = null;
	}

	get ballot(): Record<string, number> {
		return this.#ballotRound === this.state.voting.round ? this.#ballot : {};
	}
	get votesLeft(): number {
		return this.state.voting.votesPerPerson - Object.values(this.ballot).reduce((sum, n) => sum + n, 0);
	}
	/** Changes this person's votes on a factor by ±1 and sends the whole ballot. */
	async vote(factorId: string, change: 1 | -1): Promise<void> {
		const round = this.state.voting.round;
		const ballot = { ...this.ballot };
		const next = (ballot[factorId] ?? 0) + change;
		if (next < 0 || (change > 0 && this.votesLeft <= 0)) return;
		if (next === 0) delete ballot[factorId];
		else ballot[factorId] = next;
		await this.attempt(async () => {
			await this.control.castBallot(voterId(), round, ballot);
			this.#ballot = ballot;
			this.#ballotRound = round;
		});
	}

	get myNotes(): AnonymousNote[] {
		return this.#myNotes;
	}
	async submitNote(note: AnonymousNote): Promise<boolean> {
		return this.attempt(async () => {
			await this.control.submitNote(note);
			this.#myNotes = [...this.#myNotes, note];
			saveMyNotes(this.#board.boardId, this.#myNotes);
		});
	}
	/** After a reveal the notes are on the board for everyone; this person's copy goes. */
	forgetMyNotes(): void {
		this.#myNotes = [];
		saveMyNotes(this.#board.boardId, []);
	}

	/**
	 * Replaces a role's link (F7) and returns the new one. Replacing this screen's own link
	 * (W6) moves both of its connections to the new key; every other holder of the old one is
	 * disconnected with 4403.
	 */
	async rotateLink(role: Role): Promise<string> {
		const own = role === this.#board.role;
		const screens = own ? [this.#board, this.control] : [];
		for (const screen of screens) screen.beginKeyChange();
		let key: string | null = null;
		try {
			const { link } = await this.control.rotateLink(role);
			key = secretFromHash(new URL(link).hash);
			if (own && key === null) throw new Error('the server answered with a link without a key');
			return link;
		} finally {
			for (const screen of screens) screen.finishKeyChange(key);
		}
	}

	/**
	 * The one way an action reports failure: runs it (a server call or a local write that may
	 * refuse bad input) and keeps its error message for the meeting bar instead of throwing.
	 */
	async attempt(work: () => void | Promise<void>): Promise<boolean> {
		try {
			await work();
			this.#error = null;
			return true;
		} catch (error) {
			this.#error = error instanceof Error ? error.message : String(error);
			return false;
		}
	}

	destroy(): void {
		this.clock.stop();
		this.control.destroy();
	}
}

const notesKey = (boardId: string) => `debrief:my-notes:${boardId}`;

function loadMyNotes(boardId: string): AnonymousNote[] {
	try {
		return JSON.parse(sessionStorage.getItem(notesKey(boardId)) ?? '[]') as AnonymousNote[];
	} catch {
		return [];
	}
}

function saveMyNotes(boardId: string, notes: AnonymousNote[]): void {
	try {
		sessionStorage.setItem(notesKey(boardId), JSON.stringify(notes));
	} catch {
		// Storage full or disabled: the notes are on the server anyway.
	}
}
