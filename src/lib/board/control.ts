/**
 * The facilitation state: a second Yjs document per board ("control") that only the
 * facilitator's connections may change (rule F1, enforced by the server). Agenda, spotlight,
 * timer, locks, voting, roles and phase live here; everyone else only reads it.
 * Times in it are the SERVER's clock (ms since the epoch), so every screen agrees.
 */
import type * as Y from 'yjs';
import { DEFAULT_TIMEBOXES, isSectionId, SECTION_IDS, type SectionId } from './sections.ts';
import { InvalidInputError } from './errors.ts';
import { MAX_NAME_LENGTH } from '../sync/protocol/limits.ts';
import { agendaMap, attendeeMap, lockMap, meetingMap, Origin, votingMap } from './schema.ts';
import { isPlainObject } from './records.ts';

export const PHASES = ['setup', 'opening', 'writing', 'discussion', 'ended'] as const;
export type Phase = (typeof PHASES)[number];

export interface TimerState {
	/** Running: counts down to `endsAt` (server ms). Paused or stopped: `remainingMs` left. */
	running: boolean;
	endsAt: number | null;
	remainingMs: number;
	/** The section it was started for, or null. */
	section: SectionId | null;
}

export interface Spotlight {
	section: SectionId;
	/** Increases on every spotlight, so "bring everyone here" twice moves people twice. */
	seq: number;
}

export interface VotingState {
	round: number;
	open: boolean;
	votesPerPerson: number;
	/** How many ballots the server holds for the open round (never whose or what). */
	ballots: number;
	/** Votes per factor id once the facilitator closed the round; null before. */
	results: Record<string, number> | null;
}

/** Someone who took part, as the facilitator's screen saw them (for the writeup). */
export interface Attendee {
	name: string;
	role: 'facilitator' | 'participant';
}

export interface ControlState {
	timeboxes: Record<SectionId, number>;
	current: SectionId;
	spotlight: Spotlight | null;
	timer: TimerState;
	locks: SectionId[];
	phase: Phase;
	noteTaker: string | null;
	openingShown: boolean;
	voting: VotingState;
	/** Anonymous notes waiting to be revealed (a count only). */
	pendingNotes: number;
	/** Everyone who joined with a name while the facilitator was present, in order of arrival. */
	attendees: Attendee[];
}

const num = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

/**
 * Vote totals as written by the server when a round closes: whole, non-negative numbers per
 * factor id. Anything else in the value is skipped (E1), so a writeup never prints it.
 */
export function readVotes(value: unknown): Record<string, number> | null {
	if (!isPlainObject(value)) return null;
	const votes: Record<string, number> = {};
	for (const [factorId, count] of Object.entries(value)) if (Number.isSafeInteger(count) && (count as number) >= 0) votes[factorId] = count as number;
	return votes;
}

export const STOPPED_TIMER: TimerState = { running: false, endsAt: null, remainingMs: 0, section: null };

function readTimer(value: unknown): TimerState {
	if (!value || typeof value !== 'object') return STOPPED_TIMER;
	const t = value as Partial<TimerState>;
	return {
		running: t.running === true && typeof t.endsAt === 'number',
		endsAt: typeof t.endsAt === 'number' ? t.endsAt : null,
		remainingMs: Math.max(0, num(t.remainingMs, 0)),
		section: isSectionId(t.section) ? t.section : null
	};
}

/** The control document as plain data; anything malformed reads as its default. */
export function readControl(doc: Y.Doc): ControlState {
	const agenda = agendaMap(doc);
	const meeting = meetingMap(doc);
	const voting = votingMap(doc);
	const timeboxes = { ...DEFAULT_TIMEBOXES };
	for (const section of SECTION_IDS) {
		const minutes = agenda.get(section);
		if (typeof minutes === 'number' && minutes >= 0 && minutes <= 240) timeboxes[section] = minutes;
	}
	const spotlight = meeting.get('spotlight') as Partial<Spotlight> | undefined;
	const phase = meeting.get('phase');
	const results = voting.get('results');
	return {
		timeboxes,
		current: isSectionId(meeting.get('current')) ? (meeting.get('current') as SectionId) : 'header',
		spotlight: spotlight && isSectionId(spotlight.section) ? { section: spotlight.section, seq: num(spotlight.seq, 0) } : null,
		timer: readTimer(meeting.get('timer')),
		locks: SECTION_IDS.filter((section) => lockMap(doc).get(section) === true),
		phase: (PHASES as readonly unknown[]).includes(phase) ? (phase as Phase) : 'setup',
		noteTaker: typeof meeting.get('noteTaker') === 'string' ? (meeting.get('noteTaker') as string) : null,
		openingShown: meeting.get('openingShown') === true,
		voting: {
			round: num(voting.get('round'), 0),
			open: voting.get('open') === true,
			votesPerPerson: num(voting.get('votesPerPerson'), 3),
			ballots: num(voting.get('ballots'), 0),
			results: readVotes(results)
		},
		pendingNotes: num(meeting.get('pendingNotes'), 0),
		attendees: readAttendees(doc)
	};
}

function readAttendees(doc: Y.Doc): Attendee[] {
	const list: Array<Attendee & { since: number }> = [];
	for (const [name, value] of attendeeMap(doc)) {
		const entry = value as { role?: unknown; since?: unknown } | null;
		if (!entry || typeof entry !== 'object') continue;
		list.push({ name, role: entry.role === 'facilitator' ? 'facilitator' : 'participant', since: num(entry.since, 0) });
	}
	return list.sort((a, b) => a.since - b.since || a.name.localeCompare(b.name)).map(({ since: _since, ...attendee }) => attendee);
}

/** Records people seen on the board (the facilitator's client does this as they arrive). */
export function recordAttendees(doc: Y.Doc, people: ReadonlyArray<{ name: string; role: Attendee['role'] }>, serverNow: number): void {
	const map = attendeeMap(doc);
	const fresh = people.filter((person) => person.name && !map.has(person.name));
	if (fresh.length === 0) return;
	write(doc, () => {
		for (const person of fresh) map.set(person.name.slice(0, MAX_NAME_LENGTH), { role: person.role, since: serverNow });
	});
}

const write = (doc: Y.Doc, fn: () => void, origin: Origin = Origin.user) => doc.transact(fn, origin);

/** An imported board's attendees, in the file's order (the server writes them once). */
export function restoreAttendees(doc: Y.Doc, attendees: readonly Attendee[]): void {
	const map = attendeeMap(doc);
	write(doc, () => attendees.forEach((a, i) => map.set(a.name, { role: a.role, since: i })), Origin.server);
}

/** F4: how many anonymous notes the server holds for the reveal. */
export function setPendingNotes(doc: Y.Doc, count: number): void {
	write(doc, () => meetingMap(doc).set('pendingNotes', count), Origin.server);
}

/** F6: how many ballots the server holds for the open round (never whose or what). */
export function setBallotCount(doc: Y.Doc, count: number): void {
	write(doc, () => votingMap(doc).set('ballots', count), Origin.server);
}

/** F6: closes the voting round (`round`, or the current one) with its totals per factor. */
export function publishResults(doc: Y.Doc, results: Record<string, number>, round?: number): void {
	write(
		doc,
		() => {
			const voting = votingMap(doc);
			if (round !== undefined) voting.set('round', round);
			voting.set('open', false);
			voting.set('results', results);
		},
		Origin.server
	);
}

export function setTimebox(doc: Y.Doc, section: SectionId, minutes: number): void {
	if (!isSectionId(section) || !Number.isInteger(minutes) || minutes < 0 || minutes > 240) throw new InvalidInputError('a timebox is 0–240 whole minutes');
	write(doc, () => agendaMap(doc).set(section, minutes));
}

/** Moves the meeting to a section: it becomes current and is spotlighted for followers. */
export function spotlightSection(doc: Y.Doc, section: SectionId): void {
	if (!isSectionId(section)) throw new InvalidInputError(`unknown section: ${String(section)}`);
	const previous = readControl(doc).spotlight;
	write(doc, () => {
		meetingMap(doc).set('current', section);
		meetingMap(doc).set('spotlight', { section, seq: (previous?.seq ?? 0) + 1 });
	});
}

export function setLocked(doc: Y.Doc, section: SectionId, locked: boolean): void {
	if (!isSectionId(section)) throw new InvalidInputError(`unknown section: ${String(section)}`);
	write(doc, () => (locked ? lockMap(doc).set(section, true) : lockMap(doc).delete(section)));
}

export function setNoteTaker(doc: Y.Doc, name: string | null): void {
	write(doc, () => (name ? meetingMap(doc).set('noteTaker', name.slice(0, MAX_NAME_LENGTH)) : meetingMap(doc).delete('noteTaker')));
}

export function setPhase(doc: Y.Doc, phase: Phase): void {
	if (!PHASES.includes(phase)) throw new InvalidInputError(`unknown phase: ${String(phase)}`);
	write(doc, () => meetingMap(doc).set('phase', phase));
}

export function showOpening(doc: Y.Doc, shown: boolean): void {
	write(doc, () => meetingMap(doc).set('openingShown', shown));
}

// Timer: pure transitions over TimerState, written whole (last writer wins is right: one facilitator).

export function remainingMs(timer: TimerState, serverNow: number): number {
	return timer.running && timer.endsAt !== null ? Math.max(0, timer.endsAt - serverNow) : timer.remainingMs;
}

export function startTimer(timer: TimerState, serverNow: number, section: SectionId, timeboxMinutes: number): TimerState {
	const left = timer.section === section && timer.remainingMs > 0 ? timer.remainingMs : timeboxMinutes * 60_000;
	return { running: true, endsAt: serverNow + left, remainingMs: left, section };
}

export function pauseTimer(timer: TimerState, serverNow: number): TimerState {
	return { ...timer, running: false, endsAt: null, remainingMs: remainingMs(timer, serverNow) };
}

export function addMinute(timer: TimerState, serverNow: number): TimerState {
	return timer.running && timer.endsAt !== null
		? { ...timer, endsAt: Math.max(timer.endsAt, serverNow) + 60_000 }
		: { ...timer, remainingMs: timer.remainingMs + 60_000 };
}

export function resetTimer(section: SectionId, timeboxMinutes: number): TimerState {
	return { running: false, endsAt: null, remainingMs: timeboxMinutes * 60_000, section };
}

export function setTimer(doc: Y.Doc, timer: TimerState): void {
	write(doc, () => meetingMap(doc).set('timer', timer));
}

/** Opens a new voting round with N votes per participant; ballots go to the server, hidden. */
export function openVoting(doc: Y.Doc, votesPerPerson: number): void {
	if (!Number.isInteger(votesPerPerson) || votesPerPerson < 1 || votesPerPerson > 10) throw new InvalidInputError('1–10 votes per person');
	const round = readControl(doc).voting.round + 1;
	write(doc, () => {
		const voting = votingMap(doc);
		voting.set('round', round);
		voting.set('open', true);
		voting.set('votesPerPerson', votesPerPerson);
		voting.set('ballots', 0);
		voting.delete('results');
	});
}

/** Ends the meeting's live part: the timer stops and the phase is "ended". */
export function endMeeting(doc: Y.Doc, serverNow: number): void {
	const control = readControl(doc);
	write(doc, () => {
		meetingMap(doc).set('phase', 'ended');
		meetingMap(doc).set('timer', pauseTimer(control.timer, serverNow));
	});
}

/** A factor's votes; 0 when it got none (an own key only: a factor id may be "constructor"). */
export function votesFor(results: Record<string, number> | null, factorId: string): number {
	return results && Object.hasOwn(results, factorId) ? results[factorId] : 0;
}

/** Factors ranked by votes, most first; ties keep board order. */
export function rankByVotes<T extends { id: string }>(factors: readonly T[], results: Record<string, number> | null): Array<T & { votes: number }> {
	const withVotes = factors.map((factor, index) => ({ ...factor, votes: votesFor(results, factor.id), index }));
	return withVotes.sort((a, b) => b.votes - a.votes || a.index - b.index).map(({ index: _index, ...rest }) => rest as T & { votes: number });
}

export type Ballot = Record<string, number>;

/** Checks a participant's ballot: whole, non-negative votes on known factors, at most N in all. */
export function validateBallot(ballot: unknown, votesPerPerson: number, factorIds: ReadonlySet<string>): Ballot {
	if (!ballot || typeof ballot !== 'object' || Array.isArray(ballot)) throw new InvalidInputError('a ballot is an object of factor id → votes');
	let total = 0;
	const clean: Ballot = {};
	for (const [factorId, votes] of Object.entries(ballot)) {
		if (!factorIds.has(factorId)) throw new InvalidInputError('a ballot names a factor that does not exist');
		if (!Number.isInteger(votes) || (votes as number) < 0) throw new InvalidInputError('votes are whole numbers, 0 or more');
		if ((votes as number) > 0) clean[factorId] = votes as number;
		total += votes as number;
	}
	if (total > votesPerPerson) throw new InvalidInputError(`at most ${votesPerPerson} votes per person`);
	return clean;
}

/** Adds up ballots into votes per factor. */
export function tally(ballots: Iterable<Ballot>): Record<string, number> {
	const results: Record<string, number> = {};
	for (const ballot of ballots) for (const [factorId, votes] of Object.entries(ballot)) results[factorId] = (results[factorId] ?? 0) + votes;
	return results;
}

/** The method's advice on group size: 5–8 people (observers do not count). */
export function groupSizeAdvice(participants: number): string | null {
	if (participants < 5) return `${participants} ${participants === 1 ? 'person is' : 'people are'} here. The method suggests 5–8: include key responders and someone from ops, support or product if relevant.`;
	if (participants > 8) return `${participants} people are here. Above 8 the discussion gets unwieldy and less honest; consider moving some people to observer links.`;
	return null;
}
