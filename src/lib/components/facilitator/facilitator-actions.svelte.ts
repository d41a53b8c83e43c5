/**
 * Everything the facilitator's panel can do, in one place. Each action writes the control
 * document (or calls the server) and reports a refusal the one way the meeting reports
 * failures, `Meeting.attempt`: a line in the meeting bar, never an exception in an onclick
 * handler or a browser alert.
 */
import type * as Y from 'yjs';
import type { Meeting } from '$lib/sync/meeting.svelte';
import type { Role } from '$lib/sync/protocol';
import type { SectionId } from '$lib/board/sections';
import { setStatus } from '$lib/board/header';
import {
	addMinute,
	endMeeting,
	openVoting,
	pauseTimer,
	resetTimer,
	setLocked,
	setNoteTaker,
	setPhase,
	setTimebox,
	setTimer,
	showOpening,
	spotlightSection,
	startTimer,
	type Phase
} from '$lib/board/control';

export type TimerAction = 'start' | 'pause' | 'add' | 'reset';

export class FacilitatorActions {
	readonly #meeting: Meeting;
	readonly #boardDoc: Y.Doc;
	readonly #onOwnLinkReplaced: (link: string) => void;
	/** The links this screen replaced, to show and copy. */
	rotated = $state<Partial<Record<Role, string>>>({});
	/** Set as soon as this screen ends the meeting, before the control document echoes it. */
	ended = $state(false);

	/** `onOwnLinkReplaced` moves this screen to its new facilitator link (W6). */
	constructor(meeting: Meeting, boardDoc: Y.Doc, onOwnLinkReplaced: (link: string) => void) {
		this.#meeting = meeting;
		this.#boardDoc = boardDoc;
		this.#onOwnLinkReplaced = onOwnLinkReplaced;
	}

	get #control(): Y.Doc {
		return this.#meeting.control.doc;
	}

	#write(work: (control: Y.Doc) => void): void {
		void this.#meeting.attempt(() => work(this.#control));
	}

	/** Starts, pauses, extends or resets the countdown of the current section. */
	timer(action: TimerAction): void {
		const { timer, current, timeboxes } = this.#meeting.state;
		const now = this.#meeting.clock.now;
		const box = timeboxes[current];
		const next =
			action === 'start' ? startTimer(timer, now, current, box) : action === 'pause' ? pauseTimer(timer, now) : action === 'add' ? addMinute(timer, now) : resetTimer(current, box);
		this.#write((control) => setTimer(control, next));
	}

	/** Brings every follower to a section; a new section starts with its own timebox, ready to start. */
	bring(section: SectionId): void {
		const { timer, timeboxes } = this.#meeting.state;
		this.#write((control) => {
			spotlightSection(control, section);
			if (timer.section !== section) setTimer(control, resetTimer(section, timeboxes[section]));
		});
	}

	setTimebox(section: SectionId, minutes: number): void {
		this.#write((control) => setTimebox(control, section, minutes));
	}

	toggleLock(section: SectionId): void {
		const locked = this.#meeting.state.locks.includes(section);
		this.#write((control) => setLocked(control, section, !locked));
	}

	showOpening(shown: boolean): void {
		this.#write((control) => showOpening(control, shown));
	}

	setPhase(phase: Phase): void {
		this.#write((control) => setPhase(control, phase));
	}

	setNoteTaker(name: string | null): void {
		this.#write((control) => setNoteTaker(control, name));
	}

	openVoting(votesPerPerson: number): void {
		this.#write((control) => openVoting(control, votesPerPerson));
	}

	revealNotes(): Promise<boolean> {
		return this.#meeting.attempt(async () => {
			await this.#meeting.control.revealNotes();
		});
	}

	closeVoting(): Promise<boolean> {
		return this.#meeting.attempt(async () => {
			await this.#meeting.control.closeVoting();
		});
	}

	/** Replaces a role's link (F7); this screen's own facilitator link moves with it (W6). */
	rotateLink(role: Role): Promise<boolean> {
		return this.#meeting.attempt(async () => {
			const link = await this.#meeting.rotateLink(role);
			this.rotated = { ...this.rotated, [role]: link };
			if (role === 'facilitator') this.#onOwnLinkReplaced(link);
		});
	}

	/** Ends the live part and puts the board in review; true when it did. */
	end(): Promise<boolean> {
		return this.#meeting.attempt(() => {
			endMeeting(this.#control, this.#meeting.clock.now);
			setStatus(this.#boardDoc, 'in review');
			this.ended = true;
		});
	}
}
