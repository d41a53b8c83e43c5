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

/**
 * Free-text fields that exist once per board. Each is a named root Y.Text, so concurrent
 * typing merges and no client can create a competing copy. Never rename a value.
 */
export const TEXT_FIELDS = {
	title: 'title',
	incident: 'incident',
	services: 'services',
	summary: 'summary',
	notes: 'notes',
	usersAffected: 'impact.usersAffected',
	dataLostWhat: 'impact.dataLostWhat',
	financialImpact: 'impact.financialImpact'
} as const;
export type TextFieldName = keyof typeof TEXT_FIELDS;

export const textField = (doc: Y.Doc, name: TextFieldName) => doc.getText(TEXT_FIELDS[name]);

/** Root types. The names are part of the stored format: never rename them. */
export const meta = (doc: Y.Doc) => doc.getMap<unknown>('meta');
export const title = (doc: Y.Doc) => textField(doc, 'title');
/** Scalar header values: severity, incidentDate, timeZone, status, followUpDate. */
export const headerValues = (doc: Y.Doc) => doc.getMap<unknown>('header');
/** Yes/no impact answers: dataLost, customerFacing (absent = not answered). */
export const impactValues = (doc: Y.Doc) => doc.getMap<unknown>('impact');
/*
 * Record roots hold Y.Maps when written by Debrief, but any client can put anything there:
 * their values are typed `unknown` so every reader has to check (records.ts: recordIn,
 * recordEntries, listRecords) and skips what is malformed (E1 in docs/schema.md).
 */
/** Timeline records keyed by their stable id; display order is derived (by time). */
export const timelineRecords = (doc: Y.Doc) => doc.getMap<unknown>('timeline');
/** Why chains keyed by id; each holds its steps as records keyed by id (why.ts). */
export const whyChainRecords = (doc: Y.Doc) => doc.getMap<unknown>('whyChains');
/** Contributing factors keyed by id: first-class records the canvas and actions refer to. */
export const factorRecords = (doc: Y.Doc) => doc.getMap<unknown>('factors');
/** Action items keyed by id. */
export const actionRecords = (doc: Y.Doc) => doc.getMap<unknown>('actions');
/** "What went well" and "where we got lucky": ordered lists of { id, text: Y.Text }. */
export const listItems = (doc: Y.Doc, list: 'wentWell' | 'lucky') => doc.getArray<unknown>(list);

/** Longest title accepted at creation; the live title is free text like any other field. */
export const MAX_TITLE_LENGTH = 200;

export interface NewBoard {
	title: string;
	/** IANA zone the board's times are shown in. */
	timeZone?: string;
}

/** Writes a new board's initial state. Runs once, on the server, when the board is created. */
export function initBoard(doc: Y.Doc, board: NewBoard | string): void {
	const { title: boardTitle, timeZone } = typeof board === 'string' ? { title: board, timeZone: undefined } : board;
	doc.transact(() => {
		meta(doc).set('schemaVersion', SCHEMA_VERSION);
		title(doc).insert(0, boardTitle);
		headerValues(doc).set('status', 'draft');
		headerValues(doc).set('timeZone', timeZone ?? 'UTC');
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
