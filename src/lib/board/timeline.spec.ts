import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initBoard, Origin, schemaVersion, SCHEMA_VERSION, timelineRecords, title } from './schema.ts';
import { boardRootTypes } from './board.ts';
import { addTimelineEntries, addTimelineEntry, deleteTimelineEntry, readTimeline, setTimelineKind, setTimelineTime, timelineDescription } from './timeline.ts';
import { InvalidInputError } from './errors.ts';

const sync = (a: Y.Doc, b: Y.Doc) => {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
};

describe('board schema', () => {
	it('initialises a board with its title and schema version', () => {
		const doc = new Y.Doc();
		initBoard(doc, { title: 'Checkout outage' });
		expect(title(doc).toString()).toBe('Checkout outage');
		expect(schemaVersion(doc)).toBe(SCHEMA_VERSION);
	});
});

describe('timeline', () => {
	it('keeps entries sorted by time whatever the insertion order', () => {
		const doc = new Y.Doc();
		addTimelineEntry(doc, { at: '2026-01-05T14:10:00Z', kind: 'detection', description: 'alert' });
		addTimelineEntry(doc, { at: '2026-01-05T14:02:00Z', kind: 'trigger', description: 'deploy' });
		addTimelineEntry(doc, { at: '2026-01-05T15:00:00Z', kind: 'resolution', description: 'fixed' });
		expect(readTimeline(doc).map((e) => e.description)).toEqual(['deploy', 'alert', 'fixed']);
	});

	it('stores times as UTC whatever zone they were given in', () => {
		const doc = new Y.Doc();
		const id = addTimelineEntry(doc, { at: '2026-01-05T15:02:00+01:00', kind: 'action' });
		expect(readTimeline(doc)[0]).toMatchObject({ id, at: '2026-01-05T14:02:00.000Z', kind: 'action' });
	});

	it('refuses invalid times and kinds instead of storing garbage', () => {
		const doc = new Y.Doc();
		expect(() => addTimelineEntry(doc, { at: 'yesterday-ish', kind: 'action' })).toThrow(InvalidInputError);
		expect(() => addTimelineEntry(doc, { at: '2026-01-05T14:02:00Z', kind: 'panic' as never })).toThrow(InvalidInputError);
		const id = addTimelineEntry(doc, { at: '2026-01-05T14:02:00Z', kind: 'action' });
		expect(() => setTimelineTime(doc, id, 'not a time')).toThrow(InvalidInputError);
		expect(readTimeline(doc)).toHaveLength(1);
	});

	it('edits time, kind and description, and deletes', () => {
		const doc = new Y.Doc();
		const id = addTimelineEntry(doc, { at: '2026-01-05T14:02:00Z', kind: 'action', description: 'rollback' });
		setTimelineTime(doc, id, '2026-01-05T14:30:00Z');
		setTimelineKind(doc, id, 'mitigation');
		timelineDescription(doc, id)!.insert(8, ' started');
		expect(readTimeline(doc)[0]).toMatchObject({ at: '2026-01-05T14:30:00.000Z', kind: 'mitigation', description: 'rollback started' });
		deleteTimelineEntry(doc, id);
		expect(readTimeline(doc)).toEqual([]);
	});

	it('merges two people typing in the same description character by character', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const id = addTimelineEntry(a, { at: '2026-01-05T14:02:00Z', kind: 'action', description: 'restart' });
		sync(a, b);
		timelineDescription(a, id)!.insert(0, 'Alice: ');
		timelineDescription(b, id)!.insert(7, ' workers');
		sync(a, b);
		expect(readTimeline(a)[0].description).toBe('Alice: restart workers');
		expect(readTimeline(b)[0].description).toBe('Alice: restart workers');
	});

	it('skips malformed records written by another client instead of crashing', () => {
		const doc = new Y.Doc();
		addTimelineEntry(doc, { at: '2026-01-05T14:02:00Z', kind: 'action', description: 'ok' });
		const bad = new Y.Map<unknown>();
		bad.set('at', 'garbage');
		bad.set('kind', 'action');
		timelineRecords(doc).set('bad', bad);
		expect(readTimeline(doc).map((e) => e.description)).toEqual(['ok']);
	});
});

describe('pasting several lines', () => {
	const lines = (n: number) =>
		Array.from({ length: n }, (_, i) => ({ at: new Date(Date.UTC(2026, 0, 5, 14, 0, i)).toISOString(), kind: 'action' as const, description: `line ${i}` }));

	it('is one undo step however many lines were pasted', () => {
		const doc = new Y.Doc();
		addTimelineEntry(doc, { at: '2026-01-05T13:00:00Z', kind: 'trigger', description: 'typed before' });
		const undo = new Y.UndoManager(boardRootTypes(doc), { trackedOrigins: new Set([Origin.user]), captureTimeout: 0 });
		undo.stopCapturing();
		addTimelineEntries(doc, lines(500));
		expect(readTimeline(doc)).toHaveLength(501);
		undo.undo();
		expect(readTimeline(doc).map((e) => e.description)).toEqual(['typed before']);
		undo.redo();
		expect(readTimeline(doc)).toHaveLength(501);
	});

	it('adds nothing when one of the lines is not a valid entry', () => {
		const doc = new Y.Doc();
		const bad = [...lines(3), { at: 'not a time', kind: 'action' as const }];
		expect(() => addTimelineEntries(doc, bad)).toThrow(InvalidInputError);
		expect(readTimeline(doc)).toEqual([]);
	});
});
