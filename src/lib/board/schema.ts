/**
 * The board's CRDT schema, defined once. Everything else reads and writes the board through
 * the accessors and operations in this folder, never through raw Y.Map keys.
 * The structure is documented in docs/schema.md.
 *
 * Every shared type is either a named root type (created lazily and merged by name, so two
 * clients can never create competing copies) or lives inside a record created whole by one
 * client. Free text is Y.Text so concurrent typing merges character by character.
 */
import * as Y from 'yjs';

export const SCHEMA_VERSION = 1;

/** Transaction origins. Observers and the undo manager filter on them so nothing echoes. */
export const Origin = {
	/** An edit made by the person at this keyboard; the only origin undo tracks. */
	user: 'debrief:user',
	/** Applying stored or cached state; never written back. */
	load: 'debrief:load',
	/** Written by the server itself (board creation). */
	server: 'debrief:server'
} as const;
export type Origin = (typeof Origin)[keyof typeof Origin];

export const TIMELINE_KINDS = [
	'trigger',
	'detection',
	'escalation',
	'action',
	'communication',
	'mitigation',
	'resolution',
	'other'
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export function isTimelineKind(value: unknown): value is TimelineKind {
	return typeof value === 'string' && (TIMELINE_KINDS as readonly string[]).includes(value);
}

/** Root types. The names are part of the stored format: never rename them. */
export const meta = (doc: Y.Doc) => doc.getMap<unknown>('meta');
export const title = (doc: Y.Doc) => doc.getText('title');
/** Timeline records keyed by their stable id; display order is derived (by time). */
export const timelineRecords = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('timeline');

/** Longest title accepted at creation; the live title is free text like any other field. */
export const MAX_TITLE_LENGTH = 200;

/** Writes a new board's initial state. Runs once, on the server, when the board is created. */
export function initBoard(doc: Y.Doc, boardTitle: string): void {
	doc.transact(() => {
		meta(doc).set('schemaVersion', SCHEMA_VERSION);
		title(doc).insert(0, boardTitle);
	}, Origin.server);
}

export function schemaVersion(doc: Y.Doc): number | null {
	const value = meta(doc).get('schemaVersion');
	return typeof value === 'number' ? value : null;
}

/** A random, URL-safe id for records (not a secret). */
export function newRecordId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(9));
	return btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_');
}
