/** Timeline entries: typed operations and the sorted view every screen shows. */
import * as Y from 'yjs';
import { InvalidInputError } from './errors.ts';
import { Origin, newRecordId, timelineRecords } from './schema.ts';
import { isTimelineKind, type TimelineEntryData, type TimelineKind } from './types.ts';
import { readString, recordOf, readText, recordEntries, recordIn, recordText } from './records.ts';

/** One entry as plain data; `at` is ISO 8601 in UTC, e.g. 2026-01-05T14:02:00.000Z. */
export type TimelineEntry = TimelineEntryData;

export interface NewTimelineEntry {
	at: Date | string;
	kind: TimelineKind;
	description?: string;
	author?: string;
}

/** Normalises a timestamp to ISO UTC, refusing anything that is not a real instant. */
export function toUtcIso(at: Date | string): string {
	const date = typeof at === 'string' ? new Date(at) : at;
	if (Number.isNaN(date.getTime())) throw new InvalidInputError(`not a valid time: ${String(at)}`);
	return date.toISOString();
}

export function addTimelineEntry(doc: Y.Doc, entry: NewTimelineEntry, origin: Origin = Origin.user): string {
	if (!isTimelineKind(entry.kind)) throw new InvalidInputError(`unknown kind: ${String(entry.kind)}`);
	const at = toUtcIso(entry.at);
	const id = newRecordId();
	const record = timelineRecord({ id, at, kind: entry.kind, description: entry.description ?? '', author: entry.author ?? '', createdAt: new Date().toISOString() });
	doc.transact(() => timelineRecords(doc).set(id, record), origin);
	return id;
}

/** The one place a timeline record's keys are written (adding and importing). */
export function timelineRecord(entry: TimelineEntryData): Y.Map<unknown> {
	return recordOf({ id: entry.id, at: entry.at, kind: entry.kind, author: entry.author, createdAt: entry.createdAt }, { description: entry.description });
}

/**
 * Adds several entries (a pasted list) as one change, so one undo takes the whole paste back.
 * Checks every entry before writing any: a bad entry adds nothing.
 */
export function addTimelineEntries(doc: Y.Doc, entries: NewTimelineEntry[], origin: Origin = Origin.user): string[] {
	for (const entry of entries) {
		if (!isTimelineKind(entry.kind)) throw new InvalidInputError(`unknown kind: ${String(entry.kind)}`);
		toUtcIso(entry.at);
	}
	let ids: string[] = [];
	doc.transact(() => {
		ids = entries.map((entry) => addTimelineEntry(doc, entry, origin));
	}, origin);
	return ids;
}

export function setTimelineTime(doc: Y.Doc, id: string, at: Date | string, origin: Origin = Origin.user): void {
	const iso = toUtcIso(at);
	const record = recordIn(timelineRecords(doc), id);
	if (record) doc.transact(() => record.set('at', iso), origin);
}

export function setTimelineKind(doc: Y.Doc, id: string, kind: TimelineKind, origin: Origin = Origin.user): void {
	if (!isTimelineKind(kind)) throw new InvalidInputError(`unknown kind: ${String(kind)}`);
	const record = recordIn(timelineRecords(doc), id);
	if (record) doc.transact(() => record.set('kind', kind), origin);
}

/** The entry's description as shared text, for character-level co-editing. */
export function timelineDescription(doc: Y.Doc, id: string): Y.Text | null {
	return recordText(timelineRecords(doc).get(id), 'description');
}

export function deleteTimelineEntry(doc: Y.Doc, id: string, origin: Origin = Origin.user): void {
	doc.transact(() => timelineRecords(doc).delete(id), origin);
}

/** Every well-formed entry, sorted by time; ties keep the order in which they were added. */
export function readTimeline(doc: Y.Doc): TimelineEntry[] {
	const entries: TimelineEntry[] = [];
	for (const [id, record] of recordEntries(timelineRecords(doc))) {
		const entry = readEntry(id, record);
		if (entry) entries.push(entry);
	}
	return entries.sort(compareEntries);
}

function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
	return a.at.localeCompare(b.at) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/** An entry without a readable time or kind cannot be placed: it is skipped (E1). */
function readEntry(id: string, record: Y.Map<unknown>): TimelineEntry | null {
	const at = record.get('at');
	const kind = record.get('kind');
	if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || !isTimelineKind(kind)) return null;
	return { id, at, kind, description: readText(record, 'description'), author: readString(record, 'author'), createdAt: readString(record, 'createdAt') };
}
