/**
 * The CRDT schema of both documents of a board, defined once: every root type of the board
 * document and of the control document (the facilitation state), and the one set of
 * transaction origins every write carries. Everything else reads and writes through the
 * accessors and operations in this folder, never through raw Y.Map keys. The structure is
 * documented in docs/schema.md; shape.ts declares how large each root may grow.
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
	/** Written by the server itself (board creation, imports, facilitation it runs). */
	server: 'debrief:server',
	/**
	 * The canvas (its records, the factors and causal links it derives). The board's undo
	 * manager does not track it: tldraw keeps each person's canvas history itself.
	 */
	canvas: 'debrief:canvas'
} as const;
export type Origin = (typeof Origin)[keyof typeof Origin];

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

/**
 * The kind of every root type of each document, by name. The names are part of the stored
 * format: never rename them. shape.ts must declare a shape for each of them (the compiler
 * checks), and the server creates each with its kind before applying anything (S1).
 */
export const BOARD_ROOTS = {
	...(Object.fromEntries(Object.values(TEXT_FIELDS).map((name) => [name, 'text'])) as Record<(typeof TEXT_FIELDS)[TextFieldName], 'text'>),
	meta: 'map',
	header: 'map',
	impact: 'map',
	timeline: 'map',
	whyChains: 'map',
	factors: 'map',
	actions: 'map',
	wentWell: 'array',
	lucky: 'array',
	revealedNotes: 'array',
	canvas: 'map',
	canvasMeta: 'map',
	causalLinks: 'map'
} as const;
export const CONTROL_ROOTS = {
	agenda: 'map',
	meeting: 'map',
	locks: 'map',
	voting: 'map',
	attendees: 'map'
} as const;
/** The roots of each document, by the document's name on the wire. */
export const DOCUMENT_ROOTS = { board: BOARD_ROOTS, control: CONTROL_ROOTS } as const;
export type BoardRoot = keyof typeof BOARD_ROOTS;
export type ControlRoot = keyof typeof CONTROL_ROOTS;
type MapRoot = { [K in BoardRoot]: (typeof BOARD_ROOTS)[K] extends 'map' ? K : never }[BoardRoot] | ControlRoot;
type ArrayRoot = { [K in BoardRoot]: (typeof BOARD_ROOTS)[K] extends 'array' ? K : never }[BoardRoot];

const map = (doc: Y.Doc, name: MapRoot) => doc.getMap<unknown>(name);
const array = (doc: Y.Doc, name: ArrayRoot) => doc.getArray<unknown>(name);

/** Creates every root type of a document with its kind, so what arrives for it is read as that kind. */
export function defineRootTypes(doc: Y.Doc, roots: Readonly<Record<string, 'text' | 'map' | 'array'>>): void {
	for (const [name, kind] of Object.entries(roots)) {
		if (kind === 'text') doc.getText(name);
		else if (kind === 'array') doc.getArray(name);
		else doc.getMap(name);
	}
}

export const meta = (doc: Y.Doc) => map(doc, 'meta');
export const title = (doc: Y.Doc) => textField(doc, 'title');
/** Scalar header values: severity, incidentDate, timeZone, status, followUpDate. */
export const headerValues = (doc: Y.Doc) => map(doc, 'header');
/** Yes/no impact answers: dataLost, customerFacing (absent = not answered). */
export const impactValues = (doc: Y.Doc) => map(doc, 'impact');
/*
 * Record roots hold Y.Maps when written by Debrief, but any client can put anything there:
 * their values are typed `unknown` so every reader has to check (records.ts: recordIn,
 * recordEntries, listRecords) and skips what is malformed (E1 in docs/schema.md).
 */
/** Timeline records keyed by their stable id; display order is derived (by time). */
export const timelineRecords = (doc: Y.Doc) => map(doc, 'timeline');
/** Why chains keyed by id; each holds its steps as records keyed by id (why.ts). */
export const whyChainRecords = (doc: Y.Doc) => map(doc, 'whyChains');
/** Contributing factors keyed by id: first-class records the canvas and actions refer to. */
export const factorRecords = (doc: Y.Doc) => map(doc, 'factors');
/** Action items keyed by id. */
export const actionRecords = (doc: Y.Doc) => map(doc, 'actions');
/** "What went well" and "where we got lucky": ordered lists of { id, text: Y.Text }. */
export const listItems = (doc: Y.Doc, list: 'wentWell' | 'lucky') => array(doc, list);
/** Anonymous notes the facilitator revealed; written by the server only (docs/schema.md). */
export const revealedNotes = (doc: Y.Doc) => array(doc, 'revealedNotes');
/** The canvas's tldraw records keyed by record id, stored whole (canvas.ts). */
export const canvasRecords = (doc: Y.Doc) => map(doc, 'canvas');
/** The tldraw schema the canvas records were written with. */
export const canvasMeta = (doc: Y.Doc) => map(doc, 'canvasMeta');
/** "Contributed to" links between factors, keyed by id (causal-links.ts). */
export const causalLinkRecords = (doc: Y.Doc) => map(doc, 'causalLinks');

/*
 * The control document's root types. Only facilitators and the server write them (F1); their
 * meaning is in control.ts.
 */
/** Timebox minutes per section id. */
export const agendaMap = (doc: Y.Doc) => map(doc, 'agenda');
/** The meeting's state: current section, spotlight, timer, phase, note-taker, opening, pending notes. */
export const meetingMap = (doc: Y.Doc) => map(doc, 'meeting');
/** Locked sections: section id → true. */
export const lockMap = (doc: Y.Doc) => map(doc, 'locks');
/** The voting round: round, open, votes per person, ballots, results. */
export const votingMap = (doc: Y.Doc) => map(doc, 'voting');
/** Attendees keyed by display name: { role, since } (since: server ms of first sighting). */
export const attendeeMap = (doc: Y.Doc) => map(doc, 'attendees');

/** Longest title accepted at creation; the live title is free text like any other field. */
export const MAX_TITLE_LENGTH = 200;

export interface NewBoard {
	title: string;
	/** IANA zone the board's times are shown in. */
	timeZone?: string;
}

/** Writes a new board's initial state. Runs once, on the server, when the board is created. */
export function initBoard(doc: Y.Doc, { title: boardTitle, timeZone }: NewBoard): void {
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
