import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMinute, groupSizeAdvice, openVoting, pauseTimer, publishResults, rankByVotes, readControl, recordAttendees, remainingMs, resetTimer, restoreAttendees, setBallotCount, setLocked, setPendingNotes, setTimebox, spotlightSection, startTimer, STOPPED_TIMER, tally, validateBallot } from './control.ts';
import { meetingMap } from './schema.ts';
import { InvalidInputError } from './errors.ts';

describe('control document', () => {
	it('reads defaults from an empty document and ignores malformed values', () => {
		const doc = new Y.Doc();
		meetingMap(doc).set('timer', 'garbage');
		meetingMap(doc).set('current', 'nowhere');
		const control = readControl(doc);
		expect(control).toMatchObject({ current: 'header', phase: 'setup', spotlight: null, timer: STOPPED_TIMER, locks: [], noteTaker: null });
		expect(control.timeboxes.timeline).toBe(15);
	});

	it('spotlights with an increasing sequence so the same section can be called twice', () => {
		const doc = new Y.Doc();
		spotlightSection(doc, 'impact');
		spotlightSection(doc, 'impact');
		expect(readControl(doc)).toMatchObject({ current: 'impact', spotlight: { section: 'impact', seq: 2 } });
		expect(() => spotlightSection(doc, 'basement' as never)).toThrow(InvalidInputError);
	});

	it('keeps timeboxes and locks', () => {
		const doc = new Y.Doc();
		setTimebox(doc, 'why', 20);
		setLocked(doc, 'timeline', true);
		setLocked(doc, 'impact', true);
		setLocked(doc, 'impact', false);
		expect(readControl(doc).timeboxes.why).toBe(20);
		expect(readControl(doc).locks).toEqual(['timeline']);
		expect(() => setTimebox(doc, 'why', -1)).toThrow(InvalidInputError);
	});

	it('records attendees once, in order of arrival', () => {
		const doc = new Y.Doc();
		recordAttendees(doc, [{ name: 'Fran', role: 'facilitator' }], 1000);
		recordAttendees(doc, [{ name: 'Fran', role: 'facilitator' }, { name: 'Ana', role: 'participant' }], 2000);
		expect(readControl(doc).attendees).toEqual([
			{ name: 'Fran', role: 'facilitator' },
			{ name: 'Ana', role: 'participant' }
		]);
	});

	it('restores attendees in the given order, whatever their names', () => {
		const doc = new Y.Doc();
		restoreAttendees(doc, [{ name: 'Zed', role: 'facilitator' }, { name: 'Ana', role: 'participant' }]);
		expect(readControl(doc).attendees).toEqual([
			{ name: 'Zed', role: 'facilitator' },
			{ name: 'Ana', role: 'participant' }
		]);
	});

	it('keeps the server\'s counts and publishes a round\'s results', () => {
		const doc = new Y.Doc();
		setPendingNotes(doc, 4);
		openVoting(doc, 3);
		setBallotCount(doc, 2);
		expect(readControl(doc)).toMatchObject({ pendingNotes: 4, voting: { round: 1, open: true, ballots: 2, results: null } });
		publishResults(doc, { f1: 2 });
		expect(readControl(doc).voting).toMatchObject({ round: 1, open: false, results: { f1: 2 } });
		const imported = new Y.Doc();
		publishResults(imported, { f2: 5 }, 1);
		expect(readControl(imported).voting).toMatchObject({ round: 1, open: false, results: { f2: 5 } });
	});
});

describe('timer (server clock)', () => {
	it('counts down from the timebox and pauses with what is left', () => {
		const started = startTimer(STOPPED_TIMER, 1_000_000, 'timeline', 15);
		expect(remainingMs(started, 1_000_000 + 60_000)).toBe(14 * 60_000);
		const paused = pauseTimer(started, 1_000_000 + 90_000);
		expect(paused).toMatchObject({ running: false, remainingMs: 13.5 * 60_000 });
		expect(remainingMs(paused, 9_999_999)).toBe(13.5 * 60_000);
		const resumed = startTimer(paused, 2_000_000, 'timeline', 15);
		expect(remainingMs(resumed, 2_000_000)).toBe(13.5 * 60_000);
	});

	it('never goes below zero, adds a minute running or paused, and resets to the timebox', () => {
		const started = startTimer(STOPPED_TIMER, 0, 'why', 1);
		expect(remainingMs(started, 5 * 60_000)).toBe(0);
		expect(remainingMs(addMinute(started, 5 * 60_000), 5 * 60_000)).toBe(60_000);
		expect(addMinute(pauseTimer(started, 30_000), 0).remainingMs).toBe(90_000);
		expect(resetTimer('why', 15)).toMatchObject({ running: false, remainingMs: 15 * 60_000, section: 'why' });
	});
});

describe('dot voting', () => {
	const factors = new Set(['f1', 'f2', 'f3']);
	it('accepts up to N whole votes on known factors', () => {
		expect(validateBallot({ f1: 2, f2: 1, f3: 0 }, 3, factors)).toEqual({ f1: 2, f2: 1 });
		expect(() => validateBallot({ f1: 4 }, 3, factors)).toThrow(/at most 3/);
		expect(() => validateBallot({ nope: 1 }, 3, factors)).toThrow(InvalidInputError);
		expect(() => validateBallot({ f1: 1.5 }, 3, factors)).toThrow(InvalidInputError);
		expect(() => validateBallot({ f1: -1 }, 3, factors)).toThrow(InvalidInputError);
		expect(() => validateBallot([1, 2], 3, factors)).toThrow(InvalidInputError);
	});

	it('tallies and ranks, ties in board order', () => {
		const results = tally([{ f2: 2, f1: 1 }, { f2: 1 }, { f3: 1 }]);
		expect(results).toEqual({ f1: 1, f2: 3, f3: 1 });
		const ranked = rankByVotes([{ id: 'f1' }, { id: 'f2' }, { id: 'f3' }, { id: 'f4' }], results);
		expect(ranked.map((f) => [f.id, f.votes])).toEqual([
			['f2', 3],
			['f1', 1],
			['f3', 1],
			['f4', 0]
		]);
	});

	it('opens a fresh round each time', () => {
		const doc = new Y.Doc();
		openVoting(doc, 3);
		openVoting(doc, 2);
		expect(readControl(doc).voting).toMatchObject({ round: 2, open: true, votesPerPerson: 2, ballots: 0, results: null });
	});
});

describe('group size advice', () => {
	it('follows the method: 5–8 people', () => {
		expect(groupSizeAdvice(3)).toMatch(/5–8/);
		expect(groupSizeAdvice(5)).toBeNull();
		expect(groupSizeAdvice(8)).toBeNull();
		expect(groupSizeAdvice(9)).toMatch(/unwieldy/);
	});
});
