/**
 * The shape of both documents of a board, as the server enforces it (S1–S6 in
 * docs/protocol.md): which root types exist, what type each position holds, and how large
 * each may grow. Values are checked for their type and size only; readers still check what a
 * value means (a severity that is not SEV1–SEV4 is shown as unset, never refused here), so a
 * newer client's new enum value does not get a whole update refused.
 *
 * The limits are generous for a postmortem and small for an attack: a postmortem's summary is
 * a few paragraphs, not a 5 MB paste.
 */
import * as Y from 'yjs';
import type { DocName } from '../sync/protocol/constants.ts';
import { TEXT_FIELDS, type BoardRoot, type ControlRoot, type TextFieldName } from './schema.ts';
import { canvasSchemaProblem } from './canvas-schema-versions.ts';

/** A Y.Text of at most `maxChars` characters. */
export interface TextShape {
	kind: 'text';
	maxChars: number;
}
/** A plain value (JSON: string, number, boolean, null, array, object) stored whole. */
export interface ValueShape {
	kind: 'value';
	/** What the value must be; `json` allows objects and arrays. */
	type: 'string' | 'number' | 'boolean' | 'json';
	/** Characters for a string; bytes of its JSON text for `json`. */
	maxSize: number;
	/** A further check of what the value says; returns why it is refused, or null. */
	check?: (value: unknown) => string | null;
}
/** A Y.Map with named fields, or with any keys (`entries`) each holding the same shape. */
export interface MapShape {
	kind: 'map';
	fields?: Readonly<Record<string, Shape>>;
	entries?: Shape;
	maxEntries?: number;
}
/** A Y.Array of items of one shape. */
export interface ArrayShape {
	kind: 'array';
	item: Shape;
	maxItems: number;
}
export type Shape = (TextShape | ValueShape | MapShape | ArrayShape) & {
	/** Only the server may add or change it; anyone who may write can delete it. */
	serverOnly?: boolean;
};

/** Longest text of a one-line field (title, owner, a factor's title). */
export const SHORT_TEXT_CHARS = 2_000;
/** Longest text of a free-text field (summary, notes, a description, a why). */
export const LONG_TEXT_CHARS = 100_000;
/** Largest plain value stored whole (a timer, a vote result, one canvas record). */
export const MAX_VALUE_BYTES = 256 * 1024;
/** Deepest nesting of a plain value; a canvas record needs about 6. */
export const MAX_VALUE_DEPTH = 32;
/** Largest a board's stored state may grow. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

const shortText: TextShape = { kind: 'text', maxChars: SHORT_TEXT_CHARS };
const longText: TextShape = { kind: 'text', maxChars: LONG_TEXT_CHARS };
const word: ValueShape = { kind: 'value', type: 'string', maxSize: 200 };
const name: ValueShape = { kind: 'value', type: 'string', maxSize: 500 };
const number: ValueShape = { kind: 'value', type: 'number', maxSize: 0 };
const flag: ValueShape = { kind: 'value', type: 'boolean', maxSize: 0 };
const small: ValueShape = { kind: 'value', type: 'json', maxSize: 16 * 1024 };

/** Fields every record created with createRecord has. */
const recordBase = { id: word, createdAt: word } as const;

const listItem: MapShape = { kind: 'map', fields: { ...recordBase, text: longText } };

const textRoots = Object.fromEntries(
	Object.values(TEXT_FIELDS).map((root) => [root, root === TEXT_FIELDS.title || root === TEXT_FIELDS.incident || root === TEXT_FIELDS.services ? shortText : longText])
) as Record<(typeof TEXT_FIELDS)[TextFieldName], TextShape>;

export const BOARD_SHAPE: Readonly<Record<BoardRoot, Shape>> = {
	...textRoots,
	meta: { kind: 'map', fields: { schemaVersion: number }, serverOnly: true },
	header: { kind: 'map', fields: { severity: word, incidentDate: word, followUpDate: word, timeZone: word, status: word } },
	impact: { kind: 'map', fields: { dataLost: flag, customerFacing: flag } },
	timeline: {
		kind: 'map',
		maxEntries: 2_000,
		entries: { kind: 'map', fields: { ...recordBase, at: word, kind: word, description: longText, author: name } }
	},
	whyChains: {
		kind: 'map',
		maxEntries: 200,
		entries: {
			kind: 'map',
			fields: {
				...recordBase,
				problem: longText,
				steps: { kind: 'map', maxEntries: 100, entries: { kind: 'map', fields: { ...recordBase, order: number, why: longText, because: longText } } }
			}
		}
	},
	factors: { kind: 'map', maxEntries: 500, entries: { kind: 'map', fields: { ...recordBase, title: shortText, category: word, description: longText } } },
	actions: {
		kind: 'map',
		maxEntries: 500,
		entries: { kind: 'map', fields: { ...recordBase, title: shortText, owner: shortText, due: word, priority: word, status: word, factorId: word } }
	},
	wentWell: { kind: 'array', item: listItem, maxItems: 500 },
	lucky: { kind: 'array', item: listItem, maxItems: 500 },
	revealedNotes: { kind: 'array', item: { kind: 'map', fields: { ...recordBase, kind: word, text: longText } }, maxItems: 1_000, serverOnly: true },
	canvas: { kind: 'map', maxEntries: 10_000, entries: { kind: 'value', type: 'json', maxSize: MAX_VALUE_BYTES } },
	canvasMeta: { kind: 'map', fields: { schema: { ...small, check: canvasSchemaProblem } } },
	causalLinks: { kind: 'map', maxEntries: 2_000, entries: small }
};

export const CONTROL_SHAPE: Readonly<Record<ControlRoot, Shape>> = {
	agenda: { kind: 'map', maxEntries: 50, entries: number },
	meeting: {
		kind: 'map',
		fields: { current: word, spotlight: small, timer: small, phase: word, noteTaker: name, openingShown: flag, pendingNotes: { ...number, serverOnly: true } }
	},
	locks: { kind: 'map', maxEntries: 50, entries: flag },
	voting: { kind: 'map', fields: { round: number, open: flag, votesPerPerson: number, ballots: number, results: { ...small, serverOnly: true } } },
	attendees: { kind: 'map', maxEntries: 1_000, entries: small }
};

export const DOCUMENT_SHAPES: Readonly<Record<DocName, Readonly<Record<string, Shape>>>> = {
	board: BOARD_SHAPE,
	control: CONTROL_SHAPE
};

/** The shape of the position a key leads to inside a map, or null when there is none. */
export function fieldShape(map: MapShape, key: string): Shape | null {
	return (map.fields && Object.hasOwn(map.fields, key) ? map.fields[key] : map.entries) ?? null;
}

/** Deepest position of any shape; anything nested deeper is outside the board's shape. */
const MAX_SHAPE_DEPTH = 8;

/**
 * The root name, then the key (map) or null (list item) of each step down to `type`; null
 * when `type` is not inside one of the document's root types (or nested implausibly deep).
 */
export function pathOf(type: Y.AbstractType<any>, rootNames: ReadonlyMap<Y.AbstractType<any>, string>): Array<string | null> | null {
	const steps: Array<string | null> = [];
	let current = type;
	for (let depth = 0; depth <= MAX_SHAPE_DEPTH; depth++) {
		const item = current._item;
		if (!item) {
			const root = rootNames.get(current);
			return root === undefined ? null : [root, ...steps.reverse()];
		}
		if (!(item.parent instanceof Y.AbstractType)) return null;
		steps.push(item.parentSub);
		current = item.parent;
	}
	return null;
}

/** The shape a path leads to, or null when the schema has no such position. */
export function shapeAtPath(path: ReadonlyArray<string | null>, shapes: Readonly<Record<string, Shape>>): Shape | null {
	const [root, ...steps] = path;
	let shape: Shape | null = typeof root === 'string' && Object.hasOwn(shapes, root) ? shapes[root] : null;
	for (const step of steps) {
		if (!shape) break;
		if (shape.kind === 'map' && typeof step === 'string') shape = fieldShape(shape, step);
		else if (shape.kind === 'array' && step === null) shape = shape.item;
		else shape = null;
	}
	return shape;
}

/** Every root type of a document by its name, the other way round. */
export function rootNamesOf(doc: Y.Doc): Map<Y.AbstractType<any>, string> {
	return new Map([...doc.share].map(([name, type]) => [type, name]));
}

/** The longest a board's text may be, for input fields to stop there (S3); null when unknown. */
export function textLimit(text: Y.Text): number | null {
	if (!text.doc) return null;
	const path = pathOf(text, rootNamesOf(text.doc));
	const shape = path ? shapeAtPath(path, BOARD_SHAPE) : null;
	return shape?.kind === 'text' ? shape.maxChars : null;
}

/**
 * Why a plain value does not fit its shape, or null when it fits. Walks the value with an
 * explicit stack, so a hostile nesting depth cannot overflow the call stack here.
 */
export function valueProblem(value: unknown, shape: ValueShape): string | null {
	switch (shape.type) {
		case 'string':
			if (typeof value !== 'string') return `expected a string, got ${typeName(value)}`;
			return value.length > shape.maxSize ? `string longer than ${shape.maxSize} characters` : null;
		case 'number':
			return typeof value === 'number' && Number.isFinite(value) ? null : `expected a number, got ${typeName(value)}`;
		case 'boolean':
			return typeof value === 'boolean' ? null : `expected true or false, got ${typeName(value)}`;
		case 'json': {
			const problem = jsonProblem(value);
			if (problem) return problem;
			if (JSON.stringify(value).length > shape.maxSize) return `value larger than ${shape.maxSize} bytes`;
			return shape.check?.(value) ?? null;
		}
	}
}

/** Plain JSON (no undefined, no binary, finite numbers) at most MAX_VALUE_DEPTH deep. */
export function jsonProblem(value: unknown): string | null {
	const stack: Array<[unknown, number]> = [[value, 0]];
	while (stack.length > 0) {
		const [item, depth] = stack.pop()!;
		if (item === null || typeof item === 'string' || typeof item === 'boolean') continue;
		if (typeof item === 'number') {
			if (!Number.isFinite(item)) return 'numbers must be finite';
			continue;
		}
		if (typeof item !== 'object' || item instanceof Uint8Array) return `${typeName(item)} is not plain JSON`;
		if (depth >= MAX_VALUE_DEPTH) return `nested deeper than ${MAX_VALUE_DEPTH} levels`;
		const children = Array.isArray(item) ? item : Object.values(item);
		for (const child of children) stack.push([child, depth + 1]);
	}
	return null;
}

function typeName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (value instanceof Uint8Array) return 'binary';
	return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}
